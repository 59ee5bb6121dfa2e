// p256_field tests: every operation cross-checked against OpenSSL BIGNUM
// arithmetic modulo p on random and edge-case values.
#include "math/p256_field.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "math/p256_madd.h"

namespace henhouse::math::internal::p256 {
namespace {

using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
BnPtr NewBn() { return BnPtr(BN_new(), BN_free); }

class P256FieldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = BN_CTX_new();
    BN_hex2bn(&p_, "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
  }
  void TearDown() override {
    BN_free(p_);
    BN_CTX_free(ctx_);
  }
  Bytes ToBytes(const BIGNUM* v) const {
    Bytes out(32);
    BN_bn2binpad(v, out.data(), 32);
    return out;
  }
  Bytes FeBytes(const Fe& a) const {
    Bytes out(32);
    FeToBytes(out.data(), a);
    return out;
  }
  Fe ToFe(const BIGNUM* v) const {
    Fe r;
    Bytes b = ToBytes(v);
    EXPECT_TRUE(FeFromBytes(r, b.data()));
    return r;
  }
  // Values: 0, 1, 2, p − 1, p − 2, 2^255 mod p, 2^224, then random ones.
  std::vector<BnPtr> Values(size_t random_count) const {
    std::vector<BnPtr> out;
    for (const char* hex :
         {"0", "1", "2", "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFE",
          "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFD",
          "8000000000000000000000000000000000000000000000000000000000000000",
          "100000000000000000000000000000000000000000000000000000000"}) {
      BIGNUM* v = nullptr;
      BN_hex2bn(&v, hex);
      out.emplace_back(v, BN_free);
    }
    DeterministicRng rng(77);
    for (size_t i = 0; i < random_count; ++i) {
      Bytes b = rng.Generate(32);
      BnPtr v = NewBn();
      BN_bin2bn(b.data(), 32, v.get());
      BN_nnmod(v.get(), v.get(), p_, ctx_);
      out.push_back(std::move(v));
    }
    return out;
  }
  BIGNUM* p_ = nullptr;
  BN_CTX* ctx_ = nullptr;
};

TEST_F(P256FieldTest, FromBytesChecksRange) {
  Fe r;
  Bytes p = ToBytes(p_);
  EXPECT_FALSE(FeFromBytes(r, p.data()));
  EXPECT_FALSE(FeFromBytes(r, Bytes(32, 0xFF).data()));
  p[31] -= 1;  // p − 1
  ASSERT_TRUE(FeFromBytes(r, p.data()));
  EXPECT_EQ(FeBytes(r), p);
  ASSERT_TRUE(FeFromBytes(r, Bytes(32, 0).data()));
  EXPECT_TRUE(FeIsZero(r));
  Bytes one(32, 0);
  one[31] = 1;
  ASSERT_TRUE(FeFromBytes(r, one.data()));
  EXPECT_EQ(r, kOne);
}

TEST_F(P256FieldTest, ArithmeticMatchesBignum) {
  auto values = Values(3000);
  BnPtr want = NewBn();
  for (size_t i = 0; i < values.size(); ++i) {
    const BIGNUM* a = values[i].get();
    const BIGNUM* b = values[(i * 7 + 3) % values.size()].get();
    const Fe fa = ToFe(a), fb = ToFe(b);
    Fe r;
    FeMul(r, fa, fb);
    BN_mod_mul(want.get(), a, b, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeSqr(r, fa);
    BN_mod_sqr(want.get(), a, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeMulPortable(r, fa, fb);
    BN_mod_mul(want.get(), a, b, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeSqrPortable(r, fa);
    BN_mod_sqr(want.get(), a, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeAdd(r, fa, fb);
    BN_mod_add(want.get(), a, b, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeSub(r, fa, fb);
    BN_mod_sub(want.get(), a, b, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeSubPortable(r, fa, fb);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    FeNeg(r, fa);
    BN_mod_sub(want.get(), p_, a, p_, ctx_);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    Fe half, twice;
    FeHalf(half, fa);  // 2·(a/2) = a
    FeAdd(twice, half, half);
    ASSERT_EQ(twice, fa) << i;
    EXPECT_EQ(FeIsOdd(fa), BN_is_odd(a) == 1);
  }
}

// Products whose Montgomery reduction ends just above or below p: the
// inputs are the largest values and values near R mod p; the multiplication
// may alias its output with either input.
// The assembly additions (henhouse_p256_madd_pairs, two lanes at a time,
// and its _affine form for accumulators with z = R) give what the
// mixed-addition formulas give with the portable field
// functions, on random field values and on values whose limbs sit at the
// edges (0, 1, p − 1, p − 2, 2^255), for one to four pairs. The formulas are
// algebraic, so any field values serve, points or not.
TEST_F(P256FieldTest, AssemblyAdditionsMatchPortableFormulas) {
#if HENHOUSE_P256_MADD_ASM
  if (!kHaveBmi2Adx) GTEST_SKIP() << "this processor lacks BMI2 or ADX";
  const Fe edges[] = {Fe{}, Fe{1, 0, 0, 0}, Fe{kP[0] - 1, kP[1], kP[2], kP[3]},
                      Fe{kP[0] - 2, kP[1], kP[2], kP[3]}, Fe{0, 0, 0, 1ull << 63}, kOne};
  DeterministicRng rng(31);
  auto value = [&](int i) {
    if (i % 4 == 0) {
      const Bytes b = rng.Generate(1);
      return edges[b[0] % std::size(edges)];
    }
    Fe v;
    const Bytes b = rng.Generate(32);
    std::memcpy(v.data(), b.data(), 32);
    v[3] = std::min(v[3], kP[3] - 1);
    return v;
  };
  auto expected = [](MaddLane& l) {
    Fe z1z1, u2, s2, h, rr, h2, h3, v, t, y1h3;
    FeSqrPortable(z1z1, l.z);
    FeMulPortable(u2, l.ex, z1z1);
    FeMulPortable(s2, l.ey, z1z1);
    FeMulPortable(s2, s2, l.z);
    FeSubPortable(h, u2, l.x);
    FeSubPortable(rr, s2, l.y);
    FeSqrPortable(h2, h);
    FeMulPortable(h3, h2, h);
    FeMulPortable(v, l.x, h2);
    FeMulPortable(y1h3, l.y, h3);
    FeSqrPortable(t, rr);
    FeSubPortable(t, t, h3);
    FeSubPortable(t, t, v);
    FeSubPortable(t, t, v);
    Fe x3 = t;
    FeSubPortable(t, v, x3);
    FeMulPortable(t, rr, t);
    FeSubPortable(l.y, t, y1h3);
    FeMulPortable(l.z, l.z, h);
    l.x = x3;
  };
  int count = 0;
  for (int round = 0; round < 3000; ++round) {
    // Odd rounds: affine accumulators (z = R) through the _affine form.
    const bool affine = round % 2 == 1;
    const size_t n = 1 + static_cast<size_t>(round / 2 % 4);
    std::vector<MaddPair> pairs(n), want(n);
    for (size_t k = 0; k < 2 * n; ++k) {
      MaddLane& l = pairs[k / 2].lane[k % 2];
      for (Fe* f : {&l.x, &l.y, &l.z, &l.ex, &l.ey}) *f = value(count++);
      if (affine) l.z = kOne;
      want[k / 2].lane[k % 2] = l;
      expected(want[k / 2].lane[k % 2]);
    }
    if (affine) {
      henhouse_p256_madd_pairs_affine(pairs.data(), n);
    } else {
      henhouse_p256_madd_pairs(pairs.data(), n);
    }
    for (size_t k = 0; k < 2 * n; ++k) {
      const MaddLane& got = pairs[k / 2].lane[k % 2];
      const MaddLane& w = want[k / 2].lane[k % 2];
      ASSERT_EQ(got.x, w.x) << round << " lane " << k << " affine " << affine;
      ASSERT_EQ(got.y, w.y) << round << " lane " << k << " affine " << affine;
      ASSERT_EQ(got.z, w.z) << round << " lane " << k << " affine " << affine;
    }
  }
#else
  GTEST_SKIP() << "no assembly additions on this platform";
#endif
}

// The _scan forms of the assembly additions run every job's row scan to the
// end, whatever the number of pairs (so however many chunks the additions
// call), and still add correctly: each output lane's nx and ny are the entry
// of its number (zeros for 0) in rows of 64 and 16 entries, one to four jobs
// per call, and its nsign[0] the sign widened to 64 bits; outputs go to the
// pairs' own lanes and to lanes outside them. After the additions every
// lane of the pairs has ex = nx and ey = ny, or p − ny where nsign[0] is
// all ones; without jobs ex and ey are left alone.
TEST_F(P256FieldTest, AssemblyAdditionsRunTheirRowScans) {
#if HENHOUSE_P256_MADD_ASM
  if (!kHaveBmi2Adx || !__builtin_cpu_supports("avx2")) {
    GTEST_SKIP() << "this processor lacks BMI2, ADX or AVX2";
  }
  DeterministicRng rng(32);
  auto fill = [&](void* p, size_t bytes) {
    const Bytes b = rng.Generate(bytes);
    std::memcpy(p, b.data(), bytes);
  };
  auto below_p = [&](Fe& f) {
    fill(f.data(), 32);
    f[3] = std::min(f[3], kP[3] - 1);
  };
  // p − y as 256-bit integers (p itself for y = 0).
  auto p_minus = [](const Fe& y) {
    Fe r;
    unsigned __int128 borrow = 0;
    for (int k = 0; k < 4; ++k) {
      const unsigned __int128 d = static_cast<unsigned __int128>(kP[k]) - y[k] - borrow;
      r[k] = static_cast<uint64_t>(d);
      borrow = (d >> 64) != 0 ? 1 : 0;
    }
    return r;
  };
  std::vector<Aff> rows(4 * 64);
  fill(rows.data(), rows.size() * sizeof(Aff));
  for (int round = 0; round < 200; ++round) {
    const bool affine = round % 2 == 1;
    const size_t n = 1 + static_cast<size_t>(round / 2 % 4);
    const size_t job_count = 1 + static_cast<size_t>(round % 4);
    std::vector<MaddPair> pairs(n), plain(n);
    std::vector<MaddLane> others(3 * job_count);
    auto target = [&](size_t o) -> MaddLane& {
      return o < 2 * n ? pairs[o / 2].lane[o % 2] : others[o];
    };
    for (size_t o = 0; o < std::max(2 * n, others.size()); ++o) {
      MaddLane& l = target(o);
      for (Fe* f : {&l.x, &l.y, &l.z, &l.ex, &l.ey, &l.nx, &l.ny}) below_p(*f);
      if (affine) l.z = kOne;
      l.nsign = Fe{};
      l.nsign[0] = rng.Generate(1)[0] % 2 == 0 ? 0 : ~uint64_t{0};
    }
    plain = pairs;
    const std::vector<MaddPair> original = pairs;
    std::vector<MaddScanJob> jobs(job_count + 1);
    std::vector<const Aff*> want(3 * job_count);
    std::vector<uint64_t> sign(3 * job_count);
    for (size_t j = 0; j < job_count; ++j) {
      const size_t count = (round + j) % 3 == 0 ? 16 : 64;
      const Aff* row = &rows[64 * j];
      jobs[j].row = row;
      jobs[j].end = row + count;
      const Bytes idx = rng.Generate(6);
      for (size_t k = 0; k < 3; ++k) {
        const size_t o = 3 * j + k;
        const uint32_t number = idx[k] % (count + 1);  // 0: none
        const uint32_t negative = idx[3 + k] % 2 == 0 ? 0 : ~uint32_t{0};
        jobs[j].want[k] = MaddScanEntry{number, negative};
        jobs[j].out[k] = &target(o);
        want[o] = number == 0 ? nullptr : &row[number - 1];
        sign[o] = negative == 0 ? 0 : ~uint64_t{0};
      }
    }
    jobs[job_count] = MaddScanJob{};
    if (affine) {
      henhouse_p256_madd_pairs_affine_scan(pairs.data(), n, jobs.data());
      henhouse_p256_madd_pairs_affine(plain.data(), n);
    } else {
      henhouse_p256_madd_pairs_scan(pairs.data(), n, jobs.data());
      henhouse_p256_madd_pairs(plain.data(), n);
    }
    for (size_t k = 0; k < 2 * n; ++k) {
      const MaddLane& got = pairs[k / 2].lane[k % 2];
      const MaddLane& w = plain[k / 2].lane[k % 2];
      ASSERT_TRUE(got.x == w.x && got.y == w.y && got.z == w.z) << round << " lane " << k;
      ASSERT_EQ(got.ex, got.nx) << round << " lane " << k;
      ASSERT_EQ(got.ey, got.nsign[0] == 0 ? got.ny : p_minus(got.ny)) << round << " lane " << k;
      const MaddLane& o = original[k / 2].lane[k % 2];
      ASSERT_TRUE(w.ex == o.ex && w.ey == o.ey) << round << " lane " << k << " (no jobs)";
    }
    for (size_t o = 0; o < want.size(); ++o) {
      const Aff zero{};
      const Aff& w = want[o] ? *want[o] : zero;
      const MaddLane& got = target(o);
      ASSERT_TRUE(got.nx == w.x && got.ny == w.y && got.nsign[0] == sign[o])
          << round << " job " << o / 3 << " output " << o % 3 << " number "
          << jobs[o / 3].want[o % 3].number;
    }
  }
#else
  GTEST_SKIP() << "no assembly additions on this platform";
#endif
}

TEST_F(P256FieldTest, MultiplicationEdgesAndAliasing) {
  const Fe top = {kP[0] - 1, kP[1], kP[2], kP[3]};  // p − 1 (plain limbs)
  DeterministicRng rng(5);
  for (int i = 0; i < 20000; ++i) {
    Fe a, b;
    Bytes ra = rng.Generate(64);
    std::memcpy(a.data(), ra.data(), 32);
    std::memcpy(b.data(), ra.data() + 32, 32);
    if (i % 3 == 0) a = top;
    if (i % 5 == 0) b = top;
    if (i % 7 == 0) b = kOne;
    a[3] = std::min(a[3], kP[3] - 1);
    b[3] = std::min(b[3], kP[3] - 1);
    Fe want, got;
    FeMulPortable(want, a, b);
    // FeMul, and on x86-64 both assembly versions whichever FeMul picked on
    // this processor; plain and with the output aliasing either input.
    std::vector<void (*)(Fe&, const Fe&, const Fe&)> muls = {
        [](Fe& r, const Fe& x, const Fe& y) { FeMul(r, x, y); }};
#if defined(__x86_64__)
    muls.push_back([](Fe& r, const Fe& x, const Fe& y) { FeMulMulq(r, x, y); });
    if (kHaveBmi2Adx) muls.push_back([](Fe& r, const Fe& x, const Fe& y) { FeMulAdx(r, x, y); });
#endif
    for (size_t m = 0; m < muls.size(); ++m) {
      muls[m](got, a, b);
      ASSERT_EQ(got, want) << i << " version " << m;
      Fe alias = a;
      muls[m](alias, alias, b);
      ASSERT_EQ(alias, want) << i << " version " << m;
      alias = b;
      muls[m](alias, a, alias);
      ASSERT_EQ(alias, want) << i << " version " << m;
    }
    FeSqrPortable(want, a);
    FeSqr(got, a);
    ASSERT_EQ(got, want) << i;
  }
}

TEST_F(P256FieldTest, InverseMatchesBignum) {
  auto values = Values(300);
  BnPtr want = NewBn();
  for (size_t i = 0; i < values.size(); ++i) {
    Fe r, r_public, r_blinded;
    FeInv(r, ToFe(values[i].get()));
    FeInvPublic(r_public, ToFe(values[i].get()));
    FeInvBlinded(r_blinded, ToFe(values[i].get()));
    if (BN_is_zero(values[i].get())) {
      EXPECT_TRUE(FeIsZero(r));
      EXPECT_TRUE(FeIsZero(r_public));
      EXPECT_TRUE(FeIsZero(r_blinded));
      continue;
    }
    ASSERT_NE(BN_mod_inverse(want.get(), values[i].get(), p_, ctx_), nullptr);
    ASSERT_EQ(FeBytes(r), ToBytes(want.get())) << i;
    ASSERT_EQ(FeBytes(r_public), ToBytes(want.get())) << i;
    ASSERT_EQ(FeBytes(r_blinded), ToBytes(want.get())) << i;
  }
}

TEST_F(P256FieldTest, SqrtOfSquaresAndNonSquares) {
  auto values = Values(300);
  BnPtr sq = NewBn();
  size_t non_squares = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const BIGNUM* a = values[i].get();
    // a² has a root, ±a.
    BN_mod_sqr(sq.get(), a, p_, ctx_);
    Fe root, na;
    ASSERT_TRUE(FeSqrt(root, ToFe(sq.get()))) << i;
    FeNeg(na, ToFe(a));
    EXPECT_TRUE(root == ToFe(a) || root == na) << i;
    // a itself is a square iff its Legendre symbol is not −1.
    const bool is_square = FeSqrt(root, ToFe(a));
    BnPtr legendre = NewBn(), exp = NewBn();
    BN_rshift1(exp.get(), p_);  // (p − 1)/2
    BN_mod_exp(legendre.get(), a, exp.get(), p_, ctx_);
    EXPECT_EQ(is_square, BN_is_one(legendre.get()) || BN_is_zero(a)) << i;
    non_squares += is_square ? 0 : 1;
  }
  EXPECT_GT(non_squares, 100u);  // about half of the random values
}

}  // namespace
}  // namespace henhouse::math::internal::p256
