// Scalar field arithmetic cross-checked against mpz on every group, and the
// SecretScalar type's wiping and encoding.
#include <gmp.h>
#include <gtest/gtest.h>

#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

struct Z {
  Z() { mpz_init(v); }
  explicit Z(ByteSpan be) {
    mpz_init(v);
    if (!be.empty()) mpz_import(v, be.size(), 1, 1, 1, 0, be.data());
  }
  ~Z() { mpz_clear(v); }
  Bytes ToBytes(size_t len) const {
    Bytes out(len, 0);
    size_t count = 0, size = (mpz_sizeinbase(v, 2) + 7) / 8;
    if (mpz_sgn(v) != 0) mpz_export(out.data() + len - size, &count, 1, 1, 1, 0, v);
    return out;
  }
  mpz_t v;
};

class ScalarTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override { group_ = *GroupByName(GetParam()); }
  std::shared_ptr<const Group> group_;
};

TEST_P(ScalarTest, ArithmeticMatchesMpz) {
  const Group& g = *group_;
  Z q(g.Order());
  DeterministicRng rng(11);
  size_t lq = g.ScalarSize();
  for (int i = 0; i < 3000; ++i) {
    Scalar a = i == 0 ? g.ScalarFromU64(0) : g.RandomScalar(rng);
    Scalar b = i == 1 ? -g.ScalarFromU64(1) : g.RandomScalar(rng);
    Z za(a.Encode()), zb(b.Encode()), t;
    ASSERT_LT(mpz_cmp(za.v, q.v), 0);
    mpz_add(t.v, za.v, zb.v);
    mpz_mod(t.v, t.v, q.v);
    ASSERT_EQ((a + b).Encode(), t.ToBytes(lq));
    mpz_sub(t.v, za.v, zb.v);
    mpz_mod(t.v, t.v, q.v);
    ASSERT_EQ((a - b).Encode(), t.ToBytes(lq));
    mpz_mul(t.v, za.v, zb.v);
    mpz_mod(t.v, t.v, q.v);
    ASSERT_EQ((a * b).Encode(), t.ToBytes(lq));
    mpz_neg(t.v, za.v);
    mpz_mod(t.v, t.v, q.v);
    ASSERT_EQ((-a).Encode(), t.ToBytes(lq));
    if (!b.IsZero()) {
      mpz_invert(t.v, zb.v, q.v);
      ASSERT_EQ(b.Inverse().Encode(), t.ToBytes(lq));
    }
    // Secret arithmetic gives the same values.
    SecretScalar sa = *g.ParseSecretScalar(a.Encode());
    SecretScalar sb = *g.ParseSecretScalar(b.Encode());
    SecretAccess acc = SecretAccess::Get();
    ASSERT_EQ((sa + sb).Reveal(acc), a + b);
    ASSERT_EQ((sa + b).Reveal(acc), a + b);
    ASSERT_EQ((sa - sb).Reveal(acc), a - b);
    ASSERT_EQ((sa * sb).Reveal(acc), a * b);
    ASSERT_EQ((a * sb).Reveal(acc), a * b);
    ASSERT_EQ((-sa).Reveal(acc), -a);
    // Reduction of arbitrary byte strings (H_q for 32 bytes).
    Bytes raw = rng.Generate(rng.Uniform(70));
    Z zr(raw);
    mpz_mod(t.v, zr.v, q.v);
    ASSERT_EQ(g.ScalarFromBytesReduced(raw).Encode(), t.ToBytes(lq));
    Bytes h = rng.Generate(32);
    Z zh(h);
    mpz_mod(t.v, zh.v, q.v);
    ASSERT_EQ(g.ScalarFromHash(h).Encode(), t.ToBytes(lq));
    ASSERT_EQ(g.SecretFromHash(h).Reveal(acc).Encode(), t.ToBytes(lq));
  }
}

// ScalarField::Mul's Montgomery path against GMP's mpn_sec_mul /
// mpn_sec_div_r path (a field copy without Init), on edge values (0, 1,
// q − 1, q − 2) and random ones.
TEST_P(ScalarTest, MontgomeryMulMatchesGmpPath) {
  const ScalarField& fast = group_->Field();
  ASSERT_NE(fast.q_inv_neg, 0u) << "Init() was not called for " << GetParam();
  EXPECT_EQ(fast.q[0] * (0 - fast.q_inv_neg), 1u);  // q·q^-1 ≡ 1 mod 2^64
  ScalarField slow = fast;
  slow.q_inv_neg = 0;
  using Limbs = std::array<uint64_t, 4>;
  const Limbs one{1, 0, 0, 0};
  const Limbs q_minus_1 = fast.Sub(Limbs{}, one);
  const Limbs q_minus_2 = fast.Sub(q_minus_1, one);
  std::vector<Limbs> values = {Limbs{}, one, q_minus_1, q_minus_2};
  DeterministicRng rng(12);
  for (int i = 0; i < 500; ++i) values.push_back(group_->RandomScalar(rng).limbs());
  for (const Limbs& a : values) {
    for (size_t j = 0; j < 8; ++j) {
      const Limbs& b = values[(j * 67 + a[0]) % values.size()];
      ASSERT_EQ(fast.Mul(a, b), slow.Mul(a, b));
    }
    ASSERT_EQ(fast.Mul(a, q_minus_1), slow.Mul(a, q_minus_1));
    ASSERT_EQ(fast.Mul(a, a), slow.Mul(a, a));
  }  // Reduce: the Montgomery path (up to 64 bytes) against GMP's, on all-ones
  // and random strings of every length up to 64.
  for (size_t n = 0; n <= 64; ++n) {
    Bytes ones(n, 0xFF);
    ASSERT_EQ(fast.Reduce(ones), slow.Reduce(ones)) << n;
    Bytes raw = rng.Generate(n);
    ASSERT_EQ(fast.Reduce(raw), slow.Reduce(raw)) << n;
  }
  // q itself and its neighbours, as lq-byte strings (the conditional
  // subtraction's edge).
  const Bytes q = group_->Order();
  for (int delta = -2; delta <= 2; ++delta) {
    Bytes v = q;
    const uint8_t last = v.back();
    v.back() = static_cast<uint8_t>(last + delta);
    if ((delta < 0 && v.back() > last) || (delta > 0 && v.back() < last)) continue;  // no carries
    ASSERT_EQ(fast.Reduce(v), slow.Reduce(v)) << delta;
  }
  ASSERT_EQ(fast.Reduce(q), Limbs{});
  // ScalarFromU64 against the reduction of its 8-byte encoding, including
  // values at and above a toy group's q.
  const uint64_t q0 = fast.q[0];
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, q0 - 1, q0, q0 + 1, 2 * q0 + 3, ~uint64_t{0}}) {
    Bytes b;
    AppendU64(b, v);
    ASSERT_EQ(group_->ScalarFromU64(v).limbs(), slow.Reduce(b)) << v;
  }
}

TEST_P(ScalarTest, ParsingChecksLengthAndRange) {
  const Group& g = *group_;
  size_t lq = g.ScalarSize();
  Bytes q = g.Order();
  EXPECT_FALSE(g.ParseScalar(q).ok());
  EXPECT_FALSE(g.ParseSecretScalar(q).ok());
  EXPECT_NE(g.ParseScalar(q).status().message().find("not less than the order q"),
            std::string::npos);
  EXPECT_FALSE(g.ParseScalar(Bytes(lq + 1, 0)).ok());
  EXPECT_FALSE(g.ParseScalar(Bytes(lq - 1, 0)).ok());
  Bytes q_minus_1 = q;
  q_minus_1.back() -= 1;  // q is odd
  auto s = g.ParseScalar(q_minus_1);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, -g.ScalarFromU64(1));
  EXPECT_EQ(s->Encode(), q_minus_1);
  EXPECT_EQ(g.ScalarFromU64(5).ToU64().value(), 5u);
  EXPECT_FALSE((-g.ScalarFromU64(1)).ToU64().ok() && lq > 8);
}

TEST_P(ScalarTest, SecretScalarMovesAndWipes) {
  const Group& g = *group_;
  DeterministicRng rng(12);
  SecretScalar a = g.RandomSecretScalar(rng);
  Scalar value = a.Reveal(SecretAccess::Get());
  SecretScalar b = std::move(a);
  EXPECT_EQ(a.group(), nullptr);  // NOLINT: moved-from state is specified
  for (uint64_t limb : a.limbs(SecretAccess::Get())) EXPECT_EQ(limb, 0u);
  EXPECT_EQ(b.Reveal(SecretAccess::Get()), value);
  SecretScalar c = b.Copy();
  EXPECT_EQ(c.Reveal(SecretAccess::Get()), value);
  SecretBytes enc = c.EncodeSecret(SecretAccess::Get());
  EXPECT_EQ(Bytes(enc.Reveal(SecretAccess::Get()).begin(), enc.Reveal(SecretAccess::Get()).end()),
            value.Encode());
}

INSTANTIATE_TEST_SUITE_P(Groups, ScalarTest,
                         ::testing::Values("toy7", "toy32", "toy48", "integer4096", "p256"));

}  // namespace
}  // namespace henhouse::math
