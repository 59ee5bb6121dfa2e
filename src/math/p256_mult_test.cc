// p256_mult tests: the variable-time multiplications and the group law of
// p256_point.h cross-checked against OpenSSL's EC_POINT_mul on random and
// edge-case scalars, for random bases.
#include "math/p256_mult.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <cstring>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"

namespace henhouse::math::internal::p256 {
namespace {

// ShiftAdd sets acc = acc·2^shift + d in 320-bit two's complement (the
// digit sums of the recoding tests, evaluated from the top). 1 ≤ shift < 64.
void ShiftAdd(std::array<uint64_t, 5>& acc, int shift, int64_t d) {
  for (int j = 4; j > 0; --j) acc[j] = (acc[j] << shift) | (acc[j - 1] >> (64 - shift));
  acc[0] <<= shift;
  unsigned __int128 carry = 0;
  const uint64_t ext = d < 0 ? ~0ull : 0;
  for (int j = 0; j < 5; ++j) {
    carry += static_cast<unsigned __int128>(acc[j]) + (j == 0 ? static_cast<uint64_t>(d) : ext);
    acc[j] = static_cast<uint64_t>(carry);
    carry >>= 64;
  }
}

class P256MultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    ctx_ = BN_CTX_new();
  }
  void TearDown() override {
    EC_GROUP_free(group_);
    BN_CTX_free(ctx_);
  }
  // Encode returns the 33-byte compressed encoding (zeros for the identity).
  static Bytes Encode(const Jac& p) {
    Bytes out(33);
    EncodeBatch(std::span<const Jac>(&p, 1), out.data());
    return out;
  }
  // Expected returns OpenSSL's e·P for P = m·G, compressed.
  Bytes Expected(const BIGNUM* m, const Limbs& e) const {
    EC_POINT* p = EC_POINT_new(group_);
    BIGNUM* be = BN_lebin2bn(reinterpret_cast<const unsigned char*>(e.data()), 32, nullptr);
    BIGNUM* prod = BN_new();
    BN_mul(prod, m, be, ctx_);
    BN_nnmod(prod, prod, EC_GROUP_get0_order(group_), ctx_);
    EC_POINT_mul(group_, p, prod, nullptr, nullptr, ctx_);
    Bytes out(33, 0);
    if (!EC_POINT_is_at_infinity(group_, p)) {
      EC_POINT_point2oct(group_, p, POINT_CONVERSION_COMPRESSED, out.data(), 33, ctx_);
    }
    BN_free(prod);
    BN_free(be);
    EC_POINT_free(p);
    return out;
  }
  // Base returns m·G as an affine point of ours.
  Aff Base(const BIGNUM* m) const {
    EC_POINT* p = EC_POINT_new(group_);
    EC_POINT_mul(group_, p, m, nullptr, nullptr, ctx_);
    uint8_t enc[33];
    EC_POINT_point2oct(group_, p, POINT_CONVERSION_COMPRESSED, enc, 33, ctx_);
    EC_POINT_free(p);
    Aff a;
    bool identity = false;
    EXPECT_EQ(Decompress(enc, &a, &identity), nullptr);
    return a;
  }
  static std::vector<Limbs> Scalars(size_t random_count) {
    const Limbs n = {0xF3B9CAC2FC632551ull, 0xBCE6FAADA7179E84ull, 0xFFFFFFFFFFFFFFFFull,
                     0xFFFFFFFF00000000ull};
    std::vector<Limbs> out = {
        {0, 0, 0, 0}, {1, 0, 0, 0}, {2, 0, 0, 0}, {15, 0, 0, 0}, {16, 0, 0, 0},
        {0, 0, 0, 1ull << 63}, {~0ull, ~0ull, ~0ull, ~0ull}, n,
        {n[0] - 1, n[1], n[2], n[3]}, {n[0] + 1, n[1], n[2], n[3]},
        {0x5555555555555555ull, 0xAAAAAAAAAAAAAAAAull, 0x5555555555555555ull, 0xAAAAAAAAAAAAAAAAull},
        {0, ~0ull, 0, ~0ull}, {~0ull, 0, ~0ull, 0}};
    DeterministicRng rng(31);
    for (size_t i = 0; i < random_count; ++i) {
      Limbs e;
      Bytes b = rng.Generate(32);
      std::memcpy(e.data(), b.data(), 32);
      out.push_back(e);
    }
    return out;
  }
  EC_GROUP* group_ = nullptr;
  BN_CTX* ctx_ = nullptr;
};

TEST_F(P256MultTest, WnafDigitsSumToScalar) {
  for (const Limbs& e : Scalars(200)) {
    for (int w : {2, 4, 5, 7}) {
      const auto digits = Wnaf(e, w);
      // Σ d_i 2^i, evaluated from the top with 320-bit two's complement.
      std::array<uint64_t, 5> acc{};
      for (int i = 256; i >= 0; --i) {
        const int64_t d = digits[i];
        ASSERT_LT(d < 0 ? -d : d, 1 << (w - 1));
        if (d != 0) {
          ASSERT_EQ(d & 1, 1);
          for (int k = 1; k < w && i + k <= 256; ++k) ASSERT_EQ(digits[i + k], 0);
        }
        ShiftAdd(acc, 1, d);
      }
      EXPECT_EQ(acc[4], 0u);
      EXPECT_EQ((Limbs{acc[0], acc[1], acc[2], acc[3]}), e);
    }
  }
}

TEST_F(P256MultTest, TablesMatchOpenssl) {
  DeterministicRng rng(9);
  for (int round = 0; round < 4; ++round) {
    BIGNUM* m = BN_new();
    Bytes mb = rng.Generate(32);
    BN_bin2bn(mb.data(), 32, m);
    if (round == 0) BN_one(m);  // the generator itself
    const Aff base = Base(m);
    const FixedTable fixed(base);
    const PowTable pow1(base, 1, 5), pow4(base, 4, 5), pow4w8(base, 4, 8), pow8w2(base, 8, 2);
    for (const Limbs& e : Scalars(round == 0 ? 60 : 20)) {
      const Bytes want = Expected(m, e);
      ASSERT_EQ(Encode(fixed.Pow(e)), want);
      ASSERT_EQ(Encode(pow1.Pow(e)), want);
      ASSERT_EQ(Encode(pow4.Pow(e)), want);
      ASSERT_EQ(Encode(pow4w8.Pow(e)), want);
      ASSERT_EQ(Encode(pow8w2.Pow(e)), want);
    }
    BN_free(m);
  }
}

// The odd recoding of FixedTable: every digit odd, in range, and the digits
// sum to e (or e + n for even e).
TEST_F(P256MultTest, OddDigitsSumToTheScalar) {
  DeterministicRng rng(11);
  std::vector<Limbs> scalars = {{0, 0, 0, 0}, {1, 0, 0, 0}, {2, 0, 0, 0}, kOrder};
  scalars.push_back({kOddSpecial[0], kOddSpecial[1], kOddSpecial[2], kOddSpecial[3]});
  for (int i = 0; i < 200; ++i) {
    Limbs e;
    Bytes b = rng.Generate(32);
    std::memcpy(e.data(), b.data(), 32);
    scalars.push_back(e);
  }
  for (const Limbs& e : scalars) {
    const OddScalar k = MakeOdd(e);
    ASSERT_EQ(k[0] & 1, 1u);
    // Σ d_i·2^(7i), accumulated from the top.
    std::array<uint64_t, 5> acc{};
    for (int i = kFixedWindows - 1; i >= 0; --i) {
      uint64_t index = 0, negative = 0;
      OddDigit(k, i, &index, &negative);
      ASSERT_LT(index, i == kFixedWindows - 1 ? 16u : 64u);
      ASSERT_TRUE(negative == 0 || negative == ~0ull);
      const int64_t d = negative != 0 ? -static_cast<int64_t>(2 * index + 1)
                                      : static_cast<int64_t>(2 * index + 1);
      ShiftAdd(acc, 7, d);
    }
    ASSERT_EQ(acc, k);
    const bool even = (e[0] & 1) == 0;
    OddScalar want{};
    unsigned __int128 carry = 0;
    for (int j = 0; j < 4; ++j) {
      carry += static_cast<unsigned __int128>(e[j]) + (even ? kOrder[j] : 0);
      want[j] = static_cast<uint64_t>(carry);
      carry >>= 64;
    }
    want[4] = static_cast<uint64_t>(carry);
    ASSERT_EQ(k, want);
  }
}

// PowSecret (constant time) matches OpenSSL for scalars below n: edge values,
// digit patterns that carry in every window or in none, and random ones.
TEST_F(P256MultTest, PowSecretMatchesOpenssl) {
  const Limbs n = {0xF3B9CAC2FC632551ull, 0xBCE6FAADA7179E84ull, 0xFFFFFFFFFFFFFFFFull,
                   0xFFFFFFFF00000000ull};
  auto below_n = [&](const Limbs& e) {
    for (int i = 3; i >= 0; --i) {
      if (e[i] != n[i]) return e[i] < n[i];
    }
    return false;
  };
  // Σ_{i<36} w·2^(7i) for a 7-bit window value w.
  auto every_window = [](uint64_t w) {
    Limbs e{};
    for (int pos = 0; pos < 252; pos += 7) {
      for (int b = 0; b < 7; ++b) {
        if ((w >> b) & 1) e[(pos + b) / 64] |= 1ull << ((pos + b) % 64);
      }
    }
    return e;
  };
  std::vector<Limbs> scalars;
  for (const Limbs& e : Scalars(40)) {
    if (below_n(e)) scalars.push_back(e);
  }
  for (uint64_t w : {1u, 63u, 64u, 65u, 127u}) scalars.push_back(every_window(w));
  scalars.push_back({n[0] - 1, n[1], n[2], n[3]});
  scalars.push_back({n[0] - 2, n[1], n[2], n[3]});
  scalars.push_back({0, 0, 0, 0x0FFFFFFFFFFFFFFFull});  // top window 0, carries below
  scalars.push_back({0, 0, 0, 0xF000000000000000ull});  // only the top window
  // 0 (the identity), small values of both parities, and the one scalar
  // whose last addition is a doubling (kOddSpecial) with its neighbours.
  for (uint64_t v = 0; v <= 4; ++v) scalars.push_back({v, 0, 0, 0});
  const Limbs special = {kOddSpecial[0], kOddSpecial[1], kOddSpecial[2], kOddSpecial[3]};
  for (uint64_t delta = 0; delta <= 4; ++delta) {
    scalars.push_back({special[0] + delta, special[1], special[2], special[3]});
    scalars.push_back({special[0] - delta, special[1], special[2], special[3]});
  }
  // Even scalars near n become e + n, just below 2^257.
  scalars.push_back({n[0] - 3, n[1], n[2], n[3]});
  scalars.push_back({n[0] - 4, n[1], n[2], n[3]});
  DeterministicRng rng(10);
  for (int round = 0; round < 3; ++round) {
    BIGNUM* m = BN_new();
    Bytes mb = rng.Generate(32);
    BN_bin2bn(mb.data(), 32, m);
    if (round == 0) BN_one(m);
    const FixedTable fixed(Base(m));
    std::vector<const Limbs*> all;
    for (const Limbs& e : scalars) {
      ASSERT_TRUE(below_n(e));
      const Bytes want = Expected(m, e);
      ASSERT_EQ(Encode(fixed.PowSecret(e)), want) << round;
      ASSERT_EQ(Encode(fixed.PowSecret(e, false)), want) << round;  // portable path
      all.push_back(&e);
    }
    // All at once, and in groups of every size up to 7 (the selection
    // handles three indices per pass).
    for (size_t size = 1; size <= 7; ++size) {
      for (size_t start = 0; start + size <= all.size(); start += size) {
        std::vector<Jac> got(size);
        for (bool fast : {true, false}) {
          fixed.PowSecretMany(std::span<const Limbs* const>(all).subspan(start, size),
                              got.data(), fast);
          for (size_t k = 0; k < size; ++k) {
            ASSERT_EQ(Encode(got[k]), Expected(m, *all[start + k]))
                << size << " " << start + k << " fast " << fast;
          }
        }
      }
    }
    BN_free(m);
  }
}

// PowSecretMulti on two tables (the powers of g and of K in an encryption)
// matches OpenSSL for every order of the tables in the list, one to seven
// exponents, fast (the row scans woven into the assembly additions where the
// processor has BMI2, ADX and AVX2) and portable.
TEST_F(P256MultTest, PowSecretMultiOnTwoTablesMatchesOpenssl) {
  DeterministicRng rng(14);
  BIGNUM* m[2] = {BN_new(), BN_new()};
  for (BIGNUM* b : m) {
    const Bytes mb = rng.Generate(32);
    BN_bin2bn(mb.data(), 32, b);
  }
  const FixedTable table_a(Base(m[0])), table_b(Base(m[1]));
  const FixedTable* both[2] = {&table_a, &table_b};
  for (int round = 0; round < 60; ++round) {
    const size_t n = 1 + static_cast<size_t>(round % 7);
    const Bytes pattern = rng.Generate(n);  // which table each exponent uses
    std::vector<const FixedTable*> tables(n);
    std::vector<Limbs> scalars(n);
    std::vector<const Limbs*> es(n);
    for (size_t k = 0; k < n; ++k) {
      tables[k] = both[pattern[k] % 2];
      const Bytes b = rng.Generate(32);
      std::memcpy(scalars[k].data(), b.data(), 32);
      scalars[k][3] &= 0x7FFFFFFFFFFFFFFFull;  // below n
      es[k] = &scalars[k];
    }
    std::vector<Jac> got(n);
    for (bool fast : {true, false}) {
      FixedTable::PowSecretMulti(tables, es, got.data(), fast);
      for (size_t k = 0; k < n; ++k) {
        ASSERT_EQ(Encode(got[k]), Expected(m[pattern[k] % 2], scalars[k]))
            << "round " << round << " exponent " << k << " of " << n << " fast " << fast;
      }
    }
  }
  for (BIGNUM* b : m) BN_free(b);
}

// PowSecretVarBase (constant time, variable base) matches OpenSSL for
// scalars below n, including those that end next to n (the last digit
// negative) and small ones.
TEST_F(P256MultTest, PowSecretVarBaseMatchesOpenssl) {
  const Limbs n = {0xF3B9CAC2FC632551ull, 0xBCE6FAADA7179E84ull, 0xFFFFFFFFFFFFFFFFull,
                   0xFFFFFFFF00000000ull};
  std::vector<Limbs> scalars = {{0, 0, 0, 0}, {1, 0, 0, 0}, {2, 0, 0, 0}, {16, 0, 0, 0},
                                {17, 0, 0, 0}, {31, 0, 0, 0}, {32, 0, 0, 0}, {33, 0, 0, 0}};
  for (uint64_t k = 1; k <= 40; ++k) scalars.push_back({n[0] - k, n[1], n[2], n[3]});
  DeterministicRng rng(13);
  for (int i = 0; i < 30; ++i) {
    Limbs e;
    Bytes b = rng.Generate(32);
    std::memcpy(e.data(), b.data(), 32);
    e[3] &= 0x7FFFFFFFFFFFFFFFull;  // below n
    scalars.push_back(e);
  }
  for (int round = 0; round < 3; ++round) {
    BIGNUM* m = BN_new();
    Bytes mb = rng.Generate(32);
    BN_bin2bn(mb.data(), 32, m);
    if (round == 0) BN_one(m);
    const Aff base = Base(m);
    for (const Limbs& e : scalars) {
      ASSERT_EQ(Encode(PowSecretVarBase(base, e)), Expected(m, e)) << round << " " << e[0];
    }
    BN_free(m);
  }
}

// Both row selectors return the chosen entry, or zeros for index 0.
TEST_F(P256MultTest, SelectEntryReadsTheRightEntry) {
  std::vector<Aff> row(64);
  for (uint64_t j = 0; j < 64; ++j) {
    for (int k = 0; k < 4; ++k) {
      row[j].x[k] = j * 1000 + k + 1;
      row[j].y[k] = j * 1000 + k + 501;
    }
  }
  for (bool avx2 : {false, true}) {
    // Several indices at once (groups of one to three in a pass).
    const std::vector<uint64_t> indices = {0, 64, 1, 33, 33, 0, 17};
    std::vector<Aff> outs(indices.size());
    std::vector<Aff*> out_pointers;
    for (Aff& out : outs) out_pointers.push_back(&out);
    SelectEntries(out_pointers.data(), row.data(), 64, indices.data(), indices.size(), avx2);
    for (size_t k = 0; k < indices.size(); ++k) {
      const Aff want = indices[k] == 0 ? Aff{} : row[indices[k] - 1];
      ASSERT_EQ(outs[k].x, want.x) << k << " avx2 " << avx2;
      ASSERT_EQ(outs[k].y, want.y) << k << " avx2 " << avx2;
    }
    for (size_t count : {size_t{16}, size_t{64}}) {
      for (uint64_t index = 0; index <= count; ++index) {
        Aff out;
        SelectEntry(out, row.data(), count, index, avx2);
        const Aff want = index == 0 ? Aff{} : row[index - 1];
        ASSERT_EQ(out.x, want.x) << index << " of " << count << " avx2 " << avx2;
        ASSERT_EQ(out.y, want.y) << index << " of " << count << " avx2 " << avx2;
      }
      // Every index in each of the three places of a group of three (the
      // comb's scan; its assembly treats the three y outputs differently).
      for (uint64_t index = 0; index <= count; ++index) {
        const uint64_t others = (index * 7 + 3) % (count + 1);
        for (size_t place = 0; place < 3; ++place) {
          uint64_t three[3] = {others, count - others, others / 2};
          three[place] = index;
          Aff outs3[3];
          Aff* const pointers3[3] = {&outs3[0], &outs3[1], &outs3[2]};
          SelectEntries(pointers3, row.data(), count, three, 3, avx2);
          for (size_t k = 0; k < 3; ++k) {
            const Aff want = three[k] == 0 ? Aff{} : row[three[k] - 1];
            ASSERT_EQ(outs3[k].x, want.x) << three[k] << " of " << count << " avx2 " << avx2;
            ASSERT_EQ(outs3[k].y, want.y) << three[k] << " of " << count << " avx2 " << avx2;
          }
        }
      }
    }
  }
}

// MultiPow(x^e · y^f) with y = m'·G matches OpenSSL's (m·e + m'·f)·G,
// including exponent pairs that cancel to the identity.
TEST_F(P256MultTest, MultiPowMatchesOpenssl) {
  BIGNUM* m = BN_new();
  BIGNUM* m2 = BN_new();
  BN_set_word(m, 977);
  BN_set_word(m2, 3);
  const Aff x = Base(m), y = Base(m2);
  const PowTable xt(x, 4, 5), yt(y, 4, 8);
  const std::vector<Limbs> scalars = Scalars(30);
  for (size_t i = 0; i < scalars.size(); ++i) {
    const Limbs& e = scalars[i];
    const Limbs& f = scalars[(i * 5 + 1) % scalars.size()];
    const PowTerm terms[2] = {{&xt, &e}, {&yt, &f}};
    // (m·e + m'·f)·G as OpenSSL's sum of two products.
    EC_POINT* want = EC_POINT_new(group_);
    EC_POINT* part = EC_POINT_new(group_);
    BIGNUM* be = BN_lebin2bn(reinterpret_cast<const unsigned char*>(e.data()), 32, nullptr);
    BIGNUM* bf = BN_lebin2bn(reinterpret_cast<const unsigned char*>(f.data()), 32, nullptr);
    BN_mod_mul(be, be, m, EC_GROUP_get0_order(group_), ctx_);
    BN_mod_mul(bf, bf, m2, EC_GROUP_get0_order(group_), ctx_);
    EC_POINT_mul(group_, want, be, nullptr, nullptr, ctx_);
    EC_POINT_mul(group_, part, bf, nullptr, nullptr, ctx_);
    EC_POINT_add(group_, want, want, part, ctx_);
    Bytes expected(33, 0);
    if (!EC_POINT_is_at_infinity(group_, want)) {
      EC_POINT_point2oct(group_, want, POINT_CONVERSION_COMPRESSED, expected.data(), 33, ctx_);
    }
    EXPECT_EQ(Encode(MultiPow(terms)), expected) << i;
    BN_free(be);
    BN_free(bf);
    EC_POINT_free(part);
    EC_POINT_free(want);
  }
  // x^(3t)·y^(−977t) = identity for y = 3G, x = 977G.
  const Limbs three_t = {3 * 1000, 0, 0, 0};
  // n − 977·1000
  const Limbs n = {0xF3B9CAC2FC632551ull, 0xBCE6FAADA7179E84ull, 0xFFFFFFFFFFFFFFFFull,
                   0xFFFFFFFF00000000ull};
  Limbs neg = n;
  neg[0] -= 977 * 1000;
  const PowTerm cancel[2] = {{&xt, &three_t}, {&yt, &neg}};
  EXPECT_TRUE(IsIdentity(MultiPow(cancel)));
  BN_free(m);
  BN_free(m2);
}

// The doublings (in assembly where the processor has BMI2 and ADX) give
// exactly the words of the C++ doubling, for points on the curve with
// their Jacobian coordinates scaled by random Z, for arbitrary field
// elements (the formulas hold for any input), for the identity, and for
// inputs at the field's edges; with the result apart from the input or
// in place, one point or two side by side, one to five times.
TEST_F(P256MultTest, DoublingsMatchThePortableDoubling) {
  DeterministicRng rng(77);
  auto element = [&rng]() {
    Fe f;
    Bytes b = rng.Generate(32);
    std::memcpy(f.data(), b.data(), 32);
    f[3] &= 0x7FFFFFFFFFFFFFFFull;  // below p
    return f;
  };
  const Fe p_minus_1 = {kP[0] - 1, kP[1], kP[2], kP[3]};
  std::vector<Jac> points = {Jac{}, Jac{p_minus_1, p_minus_1, p_minus_1},
                             Jac{kOne, p_minus_1, Fe{1, 0, 0, 0}}, Jac{element(), element(), Fe{}}};
  BIGNUM* m = BN_new();
  for (int i = 0; i < 40; ++i) {
    BN_set_word(m, 1000 + 7919 * i);
    Jac on = FromAff(Base(m));
    const Fe z = element(), z2 = [&] { Fe t; FeSqr(t, z); return t; }();
    FeMul(on.x, on.x, z2);
    FeMul(on.y, on.y, z2);
    FeMul(on.y, on.y, z);
    on.z = z;
    points.push_back(on);
    points.push_back(Jac{element(), element(), element()});
  }
  BN_free(m);
  for (size_t i = 0; i < points.size(); ++i) {
    const Jac& a = points[i];
    const Jac& b = points[(i * 7 + 3) % points.size()];
    const int times = 1 + static_cast<int>(i % 5);
    Jac want_a = a, want_b = b;
    for (int t = 0; t < times; ++t) {
      JacDoublePortable(want_a, want_a);
      JacDoublePortable(want_b, want_b);
    }
    Jac one;
    JacDouble(one, a);
    Jac once = a;
    JacDoublePortable(once, once);
    EXPECT_TRUE(one.x == once.x && one.y == once.y && one.z == once.z) << i;
    Jac r, in_place = a;
    JacDoubleN(r, a, times);
    JacDoubleN(in_place, in_place, times);
    EXPECT_TRUE(r.x == want_a.x && r.y == want_a.y && r.z == want_a.z) << i;
    EXPECT_TRUE(in_place.x == want_a.x && in_place.y == want_a.y && in_place.z == want_a.z) << i;
    Jac r0, r1, p0 = a, p1 = b;
    JacDouble2N(r0, a, r1, b, times);
    JacDouble2N(p0, p0, p1, p1, times);
    for (const Jac* got : {&r0, &p0}) {
      EXPECT_TRUE(got->x == want_a.x && got->y == want_a.y && got->z == want_a.z) << i;
    }
    for (const Jac* got : {&r1, &p1}) {
      EXPECT_TRUE(got->x == want_b.x && got->y == want_b.y && got->z == want_b.z) << i;
    }
  }
  // The identity stays the identity; a doubled point is the sum a + a.
  Jac id;
  JacDoubleN(id, Jac{}, 3);
  EXPECT_TRUE(IsIdentity(id));
  Jac sum, twice;
  JacAdd(sum, points[4], points[4]);
  JacDoubleN(twice, points[4], 1);
  EXPECT_TRUE(JacEqual(sum, twice));
}

// AddToLane and AddToLanes (the assembly additions where the processor has
// BMI2 and ADX) give the point JacAddAff gives, for accumulators with
// random Z, the identity, the entry itself (a doubling) and its negation
// (the identity), alone and beside another addition.
TEST_F(P256MultTest, AddToLaneMatchesJacAddAff) {
  DeterministicRng rng(78);
  BIGNUM* m = BN_new();
  for (int i = 0; i < 60; ++i) {
    BN_set_word(m, 3 + 1009 * i);
    const Aff b = Base(m);
    BN_set_word(m, 77 + 31 * i);
    Jac a = FromAff(Base(m));
    Fe z;
    Bytes zb = rng.Generate(32);
    std::memcpy(z.data(), zb.data(), 32);
    z[3] &= 0x7FFFFFFFFFFFFFFFull;
    Fe z2, z3;
    FeSqr(z2, z);
    FeMul(z3, z2, z);
    FeMul(a.x, a.x, z2);
    FeMul(a.y, a.y, z3);
    a.z = z;
    Jac same = FromAff(b);  // b itself, with Z = z as well
    FeMul(same.x, same.x, z2);
    FeMul(same.y, same.y, z3);
    same.z = z;
    for (const Jac& start : {a, Jac{}, same}) {
      for (bool negate : {false, true}) {
        Jac want;
        JacAddAff(want, start, b, negate);
        PointLane lane;
        lane.p = start;
        AddToLane(lane, b, negate);
        EXPECT_TRUE(JacEqual(lane.p, want)) << i << " " << negate;
        EXPECT_EQ(IsIdentity(lane.p), IsIdentity(want)) << i << " " << negate;
        if (!IsIdentity(want)) {
          EXPECT_EQ(Encode(lane.p), Encode(want)) << i << " " << negate;
        }
        // Side by side with a + b in the other lane (both orders).
        Jac other;
        JacAddAff(other, a, b, false);
        for (int first = 0; first < 2; ++first) {
          PointPair pair;
          pair.lane[first].p = start;
          pair.lane[1 - first].p = a;
          const Aff* entries[2] = {&b, &b};
          bool negates[2] = {false, false};
          negates[first] = negate;
          AddToLanes(pair, entries, negates);
          EXPECT_EQ(Encode(pair.lane[first].p), Encode(want)) << i << " " << negate;
          EXPECT_EQ(Encode(pair.lane[1 - first].p), Encode(other)) << i << " " << negate;
        }
      }
    }
  }
  BN_free(m);
}

// MultiPow2 computes the same two products as two MultiPows, with one or two
// terms each, and with either side's result the identity.
TEST_F(P256MultTest, MultiPow2MatchesMultiPow) {
  BIGNUM* m = BN_new();
  BN_set_word(m, 4242);
  const Aff x = Base(m);
  BN_set_word(m, 5);
  const Aff y = Base(m);
  BN_free(m);
  const PowTable xt(x, 4, 4), yt(y, 4, 8);
  const std::vector<Limbs> scalars = Scalars(20);
  for (size_t i = 0; i + 3 < scalars.size(); ++i) {
    const PowTerm first[2] = {{&xt, &scalars[i]}, {&yt, &scalars[i + 1]}};
    const PowTerm second[2] = {{&xt, &scalars[i + 2]}, {&yt, &scalars[i + 3]}};
    for (size_t per : {size_t{1}, size_t{2}}) {
      const std::span<const PowTerm> a(first, per), b(second, per);
      Jac got0, got1;
      MultiPow2(a, b, got0, got1);
      EXPECT_EQ(Encode(got0), Encode(MultiPow(a))) << i << " " << per;
      EXPECT_EQ(Encode(got1), Encode(MultiPow(b))) << i << " " << per;
    }
  }
}

TEST_F(P256MultTest, GroupLawSpecialCases) {
  BIGNUM* m = BN_new();
  BN_set_word(m, 12345);
  const Aff a = Base(m);
  BN_free(m);
  const Jac ja = FromAff(a);
  Jac twice, sum, zero, back;
  JacDouble(twice, ja);
  JacAdd(sum, ja, ja);  // a + a takes the doubling branch
  EXPECT_TRUE(JacEqual(sum, twice));
  JacAddAff(sum, ja, a, false);
  EXPECT_TRUE(JacEqual(sum, twice));
  JacAddAff(zero, ja, a, true);  // a − a
  EXPECT_TRUE(IsIdentity(zero));
  JacAdd(back, zero, ja);  // identity + a
  EXPECT_TRUE(JacEqual(back, ja));
  JacAdd(back, ja, zero);
  EXPECT_TRUE(JacEqual(back, ja));
  JacAddAff(back, zero, a, false);
  EXPECT_TRUE(JacEqual(back, ja));
  EXPECT_FALSE(JacEqual(twice, ja));
  EXPECT_FALSE(JacEqual(zero, ja));
  // (2a + a) − a = 2a with non-trivial Z coordinates on both sides.
  Jac three;
  JacAdd(three, twice, ja);
  Jac neg = ja;
  FeNeg(neg.y, neg.y);
  JacAdd(back, three, neg);
  EXPECT_TRUE(JacEqual(back, twice));
}

}  // namespace
}  // namespace henhouse::math::internal::p256
