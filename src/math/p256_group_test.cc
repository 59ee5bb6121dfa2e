// P256Group tests: known points, parsing, and every multiplication path
// cross-checked against a naive double-and-add built from point additions.
#include <gtest/gtest.h>

#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

class P256Test : public ::testing::Test {
 protected:
  void SetUp() override { group_ = *GroupByName("p256"); }
  // Naive computes base^e by double-and-add over Mul only.
  Element Naive(const Element& base, const Scalar& e) const {
    Element acc = group_->Identity();
    Bytes be = e.Encode();
    for (uint8_t byte : be) {
      for (int bit = 7; bit >= 0; --bit) {
        acc = acc * acc;
        if ((byte >> bit) & 1) acc = acc * base;
      }
    }
    return acc;
  }
  std::shared_ptr<const Group> group_;
};

TEST_F(P256Test, KnownPoints) {
  const Group& g = *group_;
  EXPECT_EQ(g.ElementSize(), 33u);
  EXPECT_EQ(g.ScalarSize(), 32u);
  EXPECT_EQ(HexEncodeUpper(g.Order()),
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  // SEC 2 / FIPS 186 generator, and its small multiples.
  EXPECT_EQ(HexEncodeUpper(g.Generator().Encode()),
            "036B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
  EXPECT_EQ(HexEncodeUpper(g.Generator().PowSmall(2).Encode()),
            "037CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978");
  EXPECT_EQ(HexEncodeUpper(g.Generator().PowSmall(3).Encode()),
            "025ECBE4D1A6330A44C8F7EF951D4BF165E6C6B721EFADA985FB41661BC6E7FD6C");
  // (n − 1)·G = −G: same x, the other y.
  EXPECT_EQ(HexEncodeUpper(g.Generator().Pow(-g.ScalarFromU64(1)).Encode()),
            "026B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
  EXPECT_EQ(g.Identity().Encode(), Bytes(33, 0));
  EXPECT_TRUE((g.Generator().Pow(-g.ScalarFromU64(1)) * g.Generator()).IsIdentity());
  EXPECT_TRUE(g.Generator().Pow(g.ScalarFromU64(0)).IsIdentity());
  EXPECT_EQ(g.EncodeParameters().size(), 4 * 32 + 33u);
}

TEST_F(P256Test, EncodingIsCachedConsistently) {
  const Group& g = *group_;
  DeterministicRng rng(23);
  for (int i = 0; i < 20; ++i) {
    Scalar e = g.RandomScalar(rng);
    Element a = g.Generator().Pow(e);
    Bytes first = a.Encode();
    EXPECT_EQ(a.Encode(), first);  // cached
    auto parsed = g.ParseElement(first);  // encoding taken from the input
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->Encode(), first);
    EXPECT_EQ((*parsed * g.Identity()).Encode(), first);  // recomputed
  }
}

TEST_F(P256Test, ParseElement) {
  const Group& g = *group_;
  DeterministicRng rng(21);
  for (int i = 0; i < 200; ++i) {
    Element x = g.Generator().Pow(g.RandomScalar(rng));
    auto p = g.ParseElement(x.Encode());
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(*p, x);
  }
  auto id = g.ParseElement(Bytes(33, 0));
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(id->IsIdentity());
  auto expect_error = [&](ByteSpan b, const std::string& text) {
    auto e = g.ParseElement(b);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(e.status().message().find(text), std::string::npos) << e.status().message();
  };
  Bytes gen = g.Generator().Encode();
  expect_error(ByteSpan(gen).subspan(1), "expected 33 bytes");
  Bytes longer = gen;
  longer.push_back(0);
  expect_error(longer, "expected 33 bytes");
  for (uint8_t prefix : {0x00, 0x01, 0x04, 0x05, 0xFF}) {
    Bytes b = gen;
    b[0] = prefix;
    expect_error(b, "prefix byte must be 02 or 03");
  }
  Bytes x_is_p = *HexDecode("02FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
  expect_error(x_is_p, "not less than the field prime");
  Bytes all_ff = Bytes(33, 0xFF);
  all_ff[0] = 0x03;
  expect_error(all_ff, "not less than the field prime");
  // x = 1: 1 − 3 + b is not a square mod p, so no point has x = 1.
  Bytes off = Bytes(33, 0);
  off[0] = 0x02;
  off[32] = 1;
  expect_error(off, "not on the curve");
  std::vector<Bytes> many;
  for (int i = 0; i < 5; ++i) many.push_back(g.Generator().PowSmall(i + 1).Encode());
  many[3] = off;
  std::vector<ByteSpan> spans(many.begin(), many.end());
  auto r = g.ParseElements(spans, rng);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("element 3:", 0), 0u) << r.status().message();
}

TEST_F(P256Test, MultiplicationPathsMatchNaive) {
  const Group& g = *group_;
  DeterministicRng rng(22);
  Element k = g.Generator().Pow(g.RandomScalar(rng));
  FixedBase fixed_g = g.Precompute(g.Generator());
  FixedBase fixed_k = g.Precompute(k);
  for (int i = 0; i < 100; ++i) {
    Scalar e = i == 0 ? g.ScalarFromU64(0) : i == 1 ? -g.ScalarFromU64(1) : g.RandomScalar(rng);
    SecretScalar s = *g.ParseSecretScalar(e.Encode());
    Element want_g = Naive(g.Generator(), e);
    Element want_k = Naive(k, e);
    ASSERT_EQ(g.Generator().Pow(e), want_g);
    ASSERT_EQ(k.Pow(e), want_k);
    ASSERT_EQ(k.Pow(s), want_k);
    ASSERT_EQ(fixed_g.Pow(e), want_g);
    ASSERT_EQ(fixed_g.Pow(s), want_g);
    ASSERT_EQ(fixed_g.PowNonce(s), want_g);
    ASSERT_EQ(fixed_k.Pow(e), want_k);
    ASSERT_EQ(fixed_k.Pow(s), want_k);
    ASSERT_EQ(fixed_k.PowNonce(s), want_k);
    ASSERT_EQ(fixed_k.Pow(e).Encode(), want_k.Encode());
    Scalar f = g.RandomScalar(rng);
    std::vector<Element> bases = {g.Generator(), k, want_k};
    std::vector<Scalar> exps = {e, f, e};
    ASSERT_EQ(g.MultiPow(bases, exps), want_g * Naive(k, f) * Naive(want_k, e));
    std::vector<Element> many = g.PowMany(k, exps);
    ASSERT_EQ(many[1], Naive(k, f));
    auto with = g.ParseElementWithPowers(k.Encode(), exps);
    ASSERT_TRUE(with.ok());
    ASSERT_EQ((*with)[0], k);
    ASSERT_EQ((*with)[1], want_k);
  }
  // Batched secret powers, on one table and on two at once, for every
  // split of up to seven exponents (edge values included).
  std::vector<SecretScalar> secrets;
  std::vector<Scalar> plain;
  for (int i = 0; i < 7; ++i) {
    Scalar e = i == 0 ? g.ScalarFromU64(0) : i == 1 ? -g.ScalarFromU64(1) : g.RandomScalar(rng);
    plain.push_back(e);
    secrets.push_back(*g.ParseSecretScalar(e.Encode()));
  }
  std::span<const SecretScalar> all(secrets);
  for (size_t split = 0; split <= all.size(); ++split) {
    auto [on_g, on_k] = fixed_g.PowNonceManyWith(all.first(split), fixed_k, all.subspan(split));
    ASSERT_EQ(on_g.size(), split);
    ASSERT_EQ(on_k.size(), all.size() - split);
    std::vector<Element> only_k = fixed_k.PowNonceMany(all.subspan(split));
    for (size_t j = 0; j < all.size(); ++j) {
      if (j < split) {
        ASSERT_EQ(on_g[j], Naive(g.Generator(), plain[j])) << split << " " << j;
      } else {
        ASSERT_EQ(on_k[j - split], Naive(k, plain[j])) << split << " " << j;
        ASSERT_EQ(only_k[j - split], on_k[j - split]) << split << " " << j;
      }
    }
  }
  Element a = k, b = g.Generator();
  EXPECT_EQ((a * b) / b, a);
  EXPECT_TRUE((a * a.Inverse()).IsIdentity());
  FixedBase fixed_id = g.Precompute(g.Identity());
  EXPECT_TRUE(fixed_id.Pow(g.ScalarFromU64(7)).IsIdentity());
  // A base of another group: each side is computed by its own group.
  auto toy = *GroupByName("toy48");
  FixedBase fixed_toy = toy->Precompute(toy->Generator());
  std::vector<SecretScalar> toy_exps;
  toy_exps.push_back(toy->RandomSecretScalar(rng));
  auto [p256_side, toy_side] = fixed_k.PowNonceManyWith(all.first(2), fixed_toy, toy_exps);
  ASSERT_EQ(p256_side.size(), 2u);
  EXPECT_EQ(p256_side[1], Naive(k, plain[1]));
  ASSERT_EQ(toy_side.size(), 1u);
  EXPECT_EQ(toy_side[0], fixed_toy.Pow(toy_exps[0]));
  auto [id_pows, k_pows] = fixed_id.PowNonceManyWith(all.first(2), fixed_k, all.first(2));
  EXPECT_TRUE(id_pows[1].IsIdentity());
  EXPECT_EQ(k_pows[1], Naive(k, plain[1]));
}

// The commitments g^(v_j)·x^(c_j) of ParseElementWithProducts and
// PowManyTimesFixed (one doubling chain on p256) against the naive ladder,
// with OpenSSL-made and parsed operands, two and one exponents, and the
// identity as base; malformed bytes get the parser's error and no products.
TEST_F(P256Test, ProductsMatchNaiveAndRejectBadInput) {
  const Group& g = *group_;
  DeterministicRng rng(23);
  FixedBase fixed_g = g.Precompute(g.Generator());
  Element k = fixed_g.Pow(*g.ParseSecretScalar(g.RandomScalar(rng).Encode()));  // OpenSSL-made
  FixedBase fixed_k = g.Precompute(k);
  for (int i = 0; i < 20; ++i) {
    Element x = g.Generator().Pow(g.RandomScalar(rng));
    std::vector<Scalar> c = {g.RandomScalar(rng), i == 0 ? g.ScalarFromU64(0) : g.RandomScalar(rng)};
    std::vector<Scalar> v = {g.RandomScalar(rng), g.RandomScalar(rng)};
    auto with = g.ParseElementWithProducts(x.Encode(), c, fixed_k, v);
    ASSERT_TRUE(with.ok()) << with.status().ToString();
    ASSERT_EQ(with->size(), 3u);
    EXPECT_EQ((*with)[0], x);
    std::vector<Element> direct = g.PowManyTimesFixed(x, c, fixed_g, v);
    for (size_t j = 0; j < 2; ++j) {
      ASSERT_EQ((*with)[j + 1], Naive(k, v[j]) * Naive(x, c[j])) << i << " " << j;
      ASSERT_EQ(direct[j].Encode(), (Naive(g.Generator(), v[j]) * Naive(x, c[j])).Encode());
    }
    // One exponent takes the default path (separate powers).
    auto one = g.ParseElementWithProducts(x.Encode(), std::span(c).first(1), fixed_g,
                                          std::span(v).first(1));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ((*one)[1], Naive(g.Generator(), v[0]) * Naive(x, c[0]));
  }
  // x = g^(−v/c) makes the product the identity; the identity base works.
  Scalar c0 = g.ScalarFromU64(3), v0 = g.ScalarFromU64(6);
  Element x = g.Generator().Pow(-g.ScalarFromU64(2));
  std::vector<Scalar> cs = {c0, c0}, vs = {v0, v0};
  auto zero = g.ParseElementWithProducts(x.Encode(), cs, fixed_g, vs);
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE((*zero)[1].IsIdentity());
  EXPECT_EQ((*zero)[1].Encode(), Bytes(33, 0));
  auto from_id = g.ParseElementWithProducts(Bytes(33, 0), cs, fixed_g, vs);
  ASSERT_TRUE(from_id.ok());
  EXPECT_EQ((*from_id)[1], g.Generator().Pow(v0));
  Bytes gen = g.Generator().Encode();
  Bytes off(33, 0);
  off[0] = 0x02;
  off[32] = 1;  // no point has x = 1
  Bytes bad_prefix = gen;
  bad_prefix[0] = 0x04;
  for (const auto& [bytes, text] : std::vector<std::pair<Bytes, std::string>>{
           {Bytes(gen.begin(), gen.end() - 1), "expected 33 bytes"},
           {bad_prefix, "prefix byte must be 02 or 03"},
           {off, "not on the curve"}}) {
    auto r = g.ParseElementWithProducts(bytes, cs, fixed_g, vs);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status().message();
  }
}

// PowManyTimesFixedTwo gives what two PowManyTimesFixed give, for bases
// that are products of elements (Jacobian, as the verifier's ᾱ and β̄), for
// the identity as a base and for one exponent (the default path).
TEST_F(P256Test, PowManyTimesFixedTwoMatchesOneAtATime) {
  const Group& g = *group_;
  DeterministicRng rng(25);
  FixedBase fixed_g = g.Precompute(g.Generator());
  Element k = g.Generator().Pow(g.RandomScalar(rng));
  FixedBase fixed_k = g.Precompute(k);
  for (int i = 0; i < 8; ++i) {
    Element a = g.Generator().Pow(g.RandomScalar(rng)) * g.Generator().Pow(g.RandomScalar(rng));
    Element b = k.Pow(g.RandomScalar(rng)) * g.Generator().Pow(g.RandomScalar(rng));
    if (i == 1) a = g.Identity();
    std::vector<Scalar> c, v, w;
    const size_t n = i == 2 ? 1 : 2 + i % 3;
    for (size_t j = 0; j < n; ++j) {
      c.push_back(g.RandomScalar(rng));
      v.push_back(g.RandomScalar(rng));
      w.push_back(g.RandomScalar(rng));
    }
    auto [pa, pb] = g.PowManyTimesFixedTwo(a, c, fixed_g, v, b, c, fixed_k, w);
    std::vector<Element> wa = g.PowManyTimesFixed(a, c, fixed_g, v);
    std::vector<Element> wb = g.PowManyTimesFixed(b, c, fixed_k, w);
    ASSERT_EQ(pa.size(), n);
    ASSERT_EQ(pb.size(), n);
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(pa[j].Encode(), wa[j].Encode()) << i << " " << j;
      EXPECT_EQ(pb[j].Encode(), wb[j].Encode()) << i << " " << j;
      EXPECT_EQ(pb[j], Naive(k, w[j]) * Naive(b, c[j])) << i << " " << j;
    }
  }
}

// ParseTwoWithProducts (α's and β's tables built side by side) gives what
// two ParseElementWithProducts give, on g and on K; where either element is
// malformed, or the identity, or has one exponent, each still gets its own
// result: its products, or its parser's error.
TEST_F(P256Test, ParseTwoWithProductsMatchesOneAtATime) {
  const Group& g = *group_;
  DeterministicRng rng(24);
  FixedBase fixed_g = g.Precompute(g.Generator());
  Element k = g.Generator().Pow(g.RandomScalar(rng));
  FixedBase fixed_k = g.Precompute(k);
  Bytes off(33, 0);
  off[0] = 0x02;
  off[32] = 1;  // no point has x = 1
  for (int i = 0; i < 12; ++i) {
    Element a = g.Generator().Pow(g.RandomScalar(rng)), b = k.Pow(g.RandomScalar(rng));
    std::vector<Scalar> c = {g.RandomScalar(rng), g.RandomScalar(rng), g.RandomScalar(rng)};
    std::vector<Scalar> v = {g.RandomScalar(rng), g.RandomScalar(rng), g.RandomScalar(rng)};
    std::vector<Scalar> w = {g.RandomScalar(rng), g.RandomScalar(rng), g.RandomScalar(rng)};
    const size_t n = i == 1 ? 1 : (i % 2 == 0 ? 2 : 3);
    std::span<const Scalar> cs = std::span(c).first(n), vs = std::span(v).first(n),
                            ws = std::span(w).first(n);
    Bytes first = a.Encode(), second = b.Encode();
    if (i == 2) first = off;
    if (i == 3) second = Bytes(33, 0);
    auto [pa, pb] = g.ParseTwoWithProducts({first, cs, &fixed_g, vs}, {second, cs, &fixed_k, ws});
    auto wa = g.ParseElementWithProducts(first, cs, fixed_g, vs);
    auto wb = g.ParseElementWithProducts(second, cs, fixed_k, ws);
    ASSERT_EQ(pa.ok(), wa.ok()) << i;
    ASSERT_EQ(pb.ok(), wb.ok()) << i;
    if (!pa.ok()) {
      EXPECT_EQ(pa.status().message(), wa.status().message());
      EXPECT_NE(pa.status().message().find("not on the curve"), std::string::npos);
    } else {
      ASSERT_EQ(pa->size(), n + 1) << i;
      for (size_t j = 0; j <= n; ++j) EXPECT_EQ((*pa)[j].Encode(), (*wa)[j].Encode()) << i << j;
    }
    ASSERT_TRUE(pb.ok()) << i;
    ASSERT_EQ(pb->size(), n + 1) << i;
    for (size_t j = 0; j <= n; ++j) EXPECT_EQ((*pb)[j].Encode(), (*wb)[j].Encode()) << i << j;
    if (i == 0) {
      for (size_t j = 0; j < n; ++j) {
        EXPECT_EQ((*pa)[j + 1], Naive(g.Generator(), v[j]) * Naive(a, c[j]));
        EXPECT_EQ((*pb)[j + 1], Naive(k, w[j]) * Naive(b, c[j]));
      }
    }
  }
}

}  // namespace
}  // namespace henhouse::math
