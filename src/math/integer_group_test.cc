// IntegerGroup tests: parameters, encodings, parsing, and every
// exponentiation path cross-checked against mpz_powm on plain integers.
#include "math/integer_group.h"

#include <gmp.h>
#include <gtest/gtest.h>

#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

using internal::IntegerGroup;
using internal::IntegerParamsByName;

// Z is a tiny owning mpz_t wrapper for the reference computations.
struct Z {
  Z() { mpz_init(v); }
  explicit Z(const char* hex) { mpz_init_set_str(v, hex, 16); }
  explicit Z(ByteSpan be) {
    mpz_init(v);
    if (!be.empty()) mpz_import(v, be.size(), 1, 1, 1, 0, be.data());
  }
  ~Z() { mpz_clear(v); }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
  Bytes ToBytes(size_t len) const {
    Bytes out(len, 0);
    size_t count = 0;
    size_t size = (mpz_sizeinbase(v, 2) + 7) / 8;
    if (mpz_sgn(v) != 0) mpz_export(out.data() + len - size, &count, 1, 1, 1, 0, v);
    return out;
  }
  mpz_t v;
};

std::shared_ptr<const Group> Get(const std::string& name) {
  auto g = GroupByName(name);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return *g;
}

// Ref computes base^e mod p on plain integers.
Bytes RefPow(const Group& g, const Element& base, const Scalar& e, const Z& p) {
  Z b(base.Encode()), x(e.Encode()), r;
  mpz_powm(r.v, b.v, x.v, p.v);
  return r.ToBytes(g.ElementSize());
}

class IntegerGroupTest : public ::testing::TestWithParam<std::tuple<std::string, int>> {
 protected:
  void SetUp() override {
    name_ = std::get<0>(GetParam());
    iterations_ = std::get<1>(GetParam());
    group_ = Get(name_);
    const auto* params = IntegerParamsByName(name_);
    ASSERT_NE(params, nullptr);
    mpz_set_str(p_.v, params->p_hex, 16);
    mpz_set_str(q_.v, params->q_hex, 16);
    mpz_set_str(r_.v, params->r_hex, 16);
    mpz_set_str(g_.v, params->g_hex, 16);
  }
  Element RandomElement(Rng& rng) { return group_->Generator().Pow(group_->RandomScalar(rng)); }

  std::string name_;
  int iterations_ = 0;
  std::shared_ptr<const Group> group_;
  Z p_, q_, r_, g_;
};

TEST_P(IntegerGroupTest, ParametersAreConsistent) {
  EXPECT_EQ(group_->Name(), name_);
  EXPECT_EQ(group_->ElementSize(), (mpz_sizeinbase(p_.v, 2) + 7) / 8);
  EXPECT_EQ(group_->ScalarSize(), (mpz_sizeinbase(q_.v, 2) + 7) / 8);
  Z t;
  mpz_mul(t.v, q_.v, r_.v);  // p − 1 = q·r
  mpz_add_ui(t.v, t.v, 1);
  EXPECT_EQ(mpz_cmp(t.v, p_.v), 0);
  mpz_set_ui(t.v, 2);  // g = 2^r mod p
  mpz_powm(t.v, t.v, r_.v, p_.v);
  EXPECT_EQ(mpz_cmp(t.v, g_.v), 0);
  EXPECT_EQ(group_->Generator().Encode(), g_.ToBytes(group_->ElementSize()));
  EXPECT_EQ(group_->Order(), q_.ToBytes(group_->ScalarSize()));
  // q prime, p prime (BPSW), and r = 2·r' with r' prime: spec property 4,
  // on which the batch membership test relies.
  EXPECT_GT(mpz_probab_prime_p(q_.v, 20), 0);
  EXPECT_GT(mpz_probab_prime_p(p_.v, 1), 0);
  EXPECT_TRUE(mpz_even_p(r_.v));
  mpz_fdiv_q_2exp(t.v, r_.v, 1);
  EXPECT_GT(mpz_probab_prime_p(t.v, 1), 0);
  auto* ig = static_cast<const IntegerGroup*>(group_.get());
  EXPECT_EQ(ig->BatchMembershipSound(), mpz_sizeinbase(t.v, 2) > 129);
  Bytes params = group_->EncodeParameters();
  ASSERT_EQ(params.size(), 2 * group_->ElementSize() + group_->ScalarSize());
  EXPECT_EQ(Bytes(params.begin(), params.begin() + group_->ElementSize()),
            p_.ToBytes(group_->ElementSize()));
}

TEST_P(IntegerGroupTest, GeneratorHasOrderQ) {
  Element g = group_->Generator();
  Scalar minus_one = -group_->ScalarFromU64(1);
  EXPECT_FALSE(g.IsIdentity());
  EXPECT_TRUE((g.Pow(minus_one) * g).IsIdentity());  // g^q = 1
  EXPECT_TRUE(group_->ParseElement(g.Encode()).ok());
  EXPECT_TRUE(group_->ParseElement(group_->Identity().Encode()).ok());
  EXPECT_EQ(group_->Identity().Encode(), Z("1").ToBytes(group_->ElementSize()));
}

TEST_P(IntegerGroupTest, EncodingRoundTrips) {
  DeterministicRng rng(1);
  for (int i = 0; i < iterations_; ++i) {
    Element x = RandomElement(rng);
    auto parsed = group_->ParseElement(x.Encode());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, x);
    EXPECT_EQ(parsed->Encode(), x.Encode());
    EXPECT_EQ(x.Encode().size(), group_->ElementSize());
  }
}

TEST_P(IntegerGroupTest, ParseElementRejectsBadInput) {
  size_t lp = group_->ElementSize();
  Bytes g = group_->Generator().Encode();
  auto expect_error = [&](ByteSpan b, const std::string& text) {
    auto e = group_->ParseElement(b);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(e.status().message().find(text), std::string::npos) << e.status().message();
  };
  Bytes longer = g;
  longer.insert(longer.begin(), 0);
  expect_error(longer, "expected " + std::to_string(lp) + " bytes");
  expect_error(ByteSpan(g).subspan(1), "expected " + std::to_string(lp) + " bytes");
  expect_error(Bytes(lp, 0), "is 0");
  expect_error(p_.ToBytes(lp), "not less than p");
  expect_error(Bytes(lp, 0xFF), "not less than p");
  Z t;
  mpz_sub_ui(t.v, p_.v, 1);  // p − 1 has order 2
  Bytes p_minus_1 = t.ToBytes(lp);
  if (name_ != "toy7") {
    EXPECT_EQ(p_minus_1.back(), 0xFE);  // b(p − 1, lp) ends ...FE  [2.1 §5.1.1]
  }
  expect_error(p_minus_1, "not in the order-q subgroup");
  // A quadratic non-residue, and a residue outside G_q (h² for random h).
  mpz_set_ui(t.v, 2);
  while (mpz_jacobi(t.v, p_.v) != -1) mpz_add_ui(t.v, t.v, 1);
  expect_error(t.ToBytes(lp), "not in the order-q subgroup");
  mpz_set_ui(t.v, 12345);
  mpz_powm_ui(t.v, t.v, 2, p_.v);
  expect_error(t.ToBytes(lp), "not in the order-q subgroup");
}

TEST_P(IntegerGroupTest, PowMatchesReference) {
  DeterministicRng rng(2);
  const Group& g = *group_;
  FixedBase fixed_g = g.Precompute(g.Generator());
  Element k = RandomElement(rng);
  FixedBase fixed_k = g.Precompute(k);
  for (int i = 0; i < iterations_; ++i) {
    Element x = i % 3 == 0 ? k : RandomElement(rng);
    Scalar e = i == 0 ? g.ScalarFromU64(0) : i == 1 ? -g.ScalarFromU64(1) : g.RandomScalar(rng);
    SecretScalar s = g.ParseSecretScalar(e.Encode()).value();
    Bytes want = RefPow(g, x, e, p_);
    ASSERT_EQ(x.Pow(e).Encode(), want) << i;
    ASSERT_EQ(x.Pow(s).Encode(), want) << i;
    Bytes want_g = RefPow(g, g.Generator(), e, p_);
    ASSERT_EQ(fixed_g.Pow(e).Encode(), want_g) << i;
    ASSERT_EQ(fixed_g.Pow(s).Encode(), want_g) << i;
    ASSERT_EQ(fixed_g.PowNonce(s).Encode(), want_g) << i;
    Bytes want_k = RefPow(g, k, e, p_);
    ASSERT_EQ(fixed_k.Pow(e).Encode(), want_k) << i;
    ASSERT_EQ(fixed_k.PowNonce(s).Encode(), want_k) << i;
  }
}

// The batch forms (the exponentiations interleaved round by round) give
// what PowNonce gives one at a time: zero and one-digit exponents (walks of
// different lengths side by side), random ones, on one table and on two.
TEST_P(IntegerGroupTest, PowNonceManyMatchesPowNonce) {
  DeterministicRng rng(12);
  const Group& g = *group_;
  FixedBase fixed_g = g.Precompute(g.Generator());
  FixedBase fixed_k = g.Precompute(RandomElement(rng));
  std::vector<SecretScalar> es;
  for (uint64_t v : {0, 1, 2, 5}) es.push_back(g.ParseSecretScalar(g.ScalarFromU64(v).Encode()).value());
  es.push_back(g.ParseSecretScalar((-g.ScalarFromU64(1)).Encode()).value());
  for (int i = 0; i < 3; ++i) es.push_back(g.ParseSecretScalar(g.RandomScalar(rng).Encode()).value());
  for (size_t split = 0; split <= es.size(); split += 3) {
    const std::span<const SecretScalar> all(es);
    auto [on_g, on_k] = fixed_g.PowNonceManyWith(all.first(split), fixed_k, all.subspan(split));
    std::vector<Element> only_g = fixed_g.PowNonceMany(all);
    ASSERT_EQ(on_g.size(), split);
    ASSERT_EQ(on_k.size(), es.size() - split);
    ASSERT_EQ(only_g.size(), es.size());
    for (size_t k = 0; k < es.size(); ++k) {
      const Bytes want_g = fixed_g.PowNonce(es[k]).Encode();
      ASSERT_EQ(only_g[k].Encode(), want_g) << k;
      if (k < split) {
        ASSERT_EQ(on_g[k].Encode(), want_g) << split << " " << k;
      } else {
        ASSERT_EQ(on_k[k - split].Encode(), fixed_k.PowNonce(es[k]).Encode()) << split << " " << k;
      }
    }
  }
}

TEST_P(IntegerGroupTest, MultiPowAndPowManyMatchReference) {
  DeterministicRng rng(3);
  const Group& g = *group_;
  for (int i = 0; i < iterations_; ++i) {
    size_t count = 1 + i % 4;
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    Z want("1");
    for (size_t j = 0; j < count; ++j) {
      bases.push_back(j == 0 ? g.Generator() : RandomElement(rng));
      exps.push_back(i % 7 == 0 && j == 1 ? g.ScalarFromU64(0) : g.RandomScalar(rng));
      Z term(RefPow(g, bases[j], exps[j], p_));
      mpz_mul(want.v, want.v, term.v);
      mpz_mod(want.v, want.v, p_.v);
    }
    ASSERT_EQ(g.MultiPow(bases, exps).Encode(), want.ToBytes(g.ElementSize())) << i;
    std::vector<Element> many = g.PowMany(bases.back(), exps);
    ASSERT_EQ(many.size(), exps.size());
    auto with = g.ParseElementWithPowers(bases.back().Encode(), exps);
    ASSERT_TRUE(with.ok()) << with.status().ToString();
    ASSERT_EQ(with->size(), exps.size() + 1);
    EXPECT_EQ((*with)[0], bases.back());
    for (size_t j = 0; j < exps.size(); ++j) {
      Bytes want_j = RefPow(g, bases.back(), exps[j], p_);
      ASSERT_EQ(many[j].Encode(), want_j) << i << " " << j;
      ASSERT_EQ((*with)[j + 1].Encode(), want_j) << i << " " << j;
    }
  }
}

TEST_P(IntegerGroupTest, ParseElementWithPowersRejectsNonMembers) {
  Z t;
  mpz_sub_ui(t.v, p_.v, 1);
  Scalar e = group_->ScalarFromU64(5);
  auto r = group_->ParseElementWithPowers(t.ToBytes(group_->ElementSize()), std::span(&e, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not in the order-q subgroup"), std::string::npos);
  mpz_set_ui(t.v, 7);
  mpz_powm_ui(t.v, t.v, 2, p_.v);
  EXPECT_FALSE(group_->ParseElementWithPowers(t.ToBytes(group_->ElementSize()), {}).ok());
}

// ParseElementWithProducts returns [x, g^(v_j)·x^(c_j)] and rejects a
// non-member with the subgroup error, like ParseElementWithPowers.
TEST_P(IntegerGroupTest, ParseElementWithProducts) {
  DeterministicRng rng(8);
  FixedBase fixed_g = group_->Precompute(group_->Generator());
  Element x = RandomElement(rng);
  std::vector<Scalar> c = {group_->RandomScalar(rng), group_->RandomScalar(rng)};
  std::vector<Scalar> v = {group_->RandomScalar(rng), group_->RandomScalar(rng)};
  auto with = group_->ParseElementWithProducts(x.Encode(), c, fixed_g, v);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  ASSERT_EQ(with->size(), 3u);
  EXPECT_EQ((*with)[0], x);
  std::vector<Element> direct = group_->PowManyTimesFixed(x, c, fixed_g, v);
  for (size_t j = 0; j < 2; ++j) {
    Element want = group_->Generator().Pow(v[j]) * x.Pow(c[j]);
    EXPECT_EQ((*with)[j + 1], want) << j;
    EXPECT_EQ(direct[j], want) << j;
  }
  Z t;
  mpz_sub_ui(t.v, p_.v, 1);
  auto r = group_->ParseElementWithProducts(t.ToBytes(group_->ElementSize()), c, fixed_g, v);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not in the order-q subgroup"), std::string::npos);
}

TEST_P(IntegerGroupTest, ElementArithmetic) {
  DeterministicRng rng(4);
  Element a = RandomElement(rng), b = RandomElement(rng);
  Z za(a.Encode()), zb(b.Encode()), t;
  mpz_mul(t.v, za.v, zb.v);
  mpz_mod(t.v, t.v, p_.v);
  EXPECT_EQ((a * b).Encode(), t.ToBytes(group_->ElementSize()));
  EXPECT_EQ((a * b) / b, a);
  EXPECT_TRUE((a * a.Inverse()).IsIdentity());
  Z e("3");
  mpz_powm(t.v, za.v, e.v, p_.v);
  EXPECT_EQ(a.PowSmall(3).Encode(), t.ToBytes(group_->ElementSize()));
}

TEST_P(IntegerGroupTest, BatchMembershipNamesTheBadIndex) {
  DeterministicRng rng(5);
  const size_t n = name_ == "integer4096" ? 6 : 12;
  std::vector<Bytes> good;
  for (size_t i = 0; i < n; ++i) good.push_back(RandomElement(rng).Encode());
  Z t;
  mpz_set_ui(t.v, 3);
  mpz_powm_ui(t.v, t.v, 2, p_.v);  // a square outside G_q: passes the Jacobi test
  Bytes square = t.ToBytes(group_->ElementSize());
  mpz_sub_ui(t.v, p_.v, 1);
  Bytes order2 = t.ToBytes(group_->ElementSize());
  std::vector<ByteSpan> spans(good.begin(), good.end());
  auto all = group_->ParseElements(spans, rng);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), n);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ((*all)[i].Encode(), good[i]);
  for (const Bytes* bad : {&square, &order2}) {
    for (size_t i = 0; i < n; ++i) {
      std::vector<ByteSpan> s = spans;
      s[i] = *bad;
      auto r = group_->ParseElements(s, rng);
      ASSERT_FALSE(r.ok()) << i;
      EXPECT_EQ(r.status().message().rfind("element " + std::to_string(i) + ":", 0), 0u)
          << r.status().message();
      EXPECT_NE(r.status().message().find("order-q subgroup"), std::string::npos);
    }
  }
  // A square at 4 and a non-member non-square at 2: the first bad index wins.
  std::vector<ByteSpan> s = spans;
  s[4] = square;
  s[2] = order2;
  EXPECT_EQ(group_->ParseElements(s, rng).status().message().rfind("element 2:", 0), 0u);
  s = spans;
  s[1] = square;
  s[3] = order2;
  EXPECT_EQ(group_->ParseElements(s, rng).status().message().rfind("element 1:", 0), 0u);
  s = spans;
  Bytes short_one(3, 1);
  s[n - 1] = short_one;
  EXPECT_EQ(group_->ParseElements(s, rng).status().message().rfind(
                "element " + std::to_string(n - 1) + ":", 0),
            0u);
}

INSTANTIATE_TEST_SUITE_P(Groups, IntegerGroupTest,
                         ::testing::Values(std::make_tuple("toy7", 2000),
                                           std::make_tuple("toy32", 1500),
                                           std::make_tuple("toy48", 1500),
                                           std::make_tuple("integer4096", 12)),
                         [](const auto& info) { return std::get<0>(info.param); });

TEST(IntegerGroupKnownAnswers, Integer4096) {
  auto g = Get("integer4096");
  EXPECT_EQ(g->ElementSize(), 512u);
  EXPECT_EQ(g->ScalarSize(), 32u);
  // b(q − 1, 32)  [2.1 §5.1.2]
  EXPECT_EQ(HexEncodeUpper((-g->ScalarFromU64(1)).Encode()),
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF42");
  EXPECT_TRUE(HexEncodeUpper(g->Generator().Encode()).starts_with("36036FED214F3B50DC566D3A"));
  EXPECT_TRUE(HexEncodeUpper(g->Generator().Encode()).ends_with("17B178B6B9D8AE0F"));
}

TEST(GroupByNameTest, NamesAndSharing) {
  for (const char* name : {"integer4096", "p256", "toy7", "toy32", "toy48"}) {
    auto a = GroupByName(name);
    auto b = GroupByName(name);
    ASSERT_TRUE(a.ok()) << name;
    EXPECT_EQ(a->get(), b->get());
    EXPECT_EQ((*a)->Name(), name);
  }
  auto bad = GroupByName("toy16");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("integer4096, p256, toy7, toy32, toy48"), std::string::npos);
  EXPECT_EQ(Get("toy7")->ElementSize(), 2u);
  EXPECT_EQ(Get("toy7")->ScalarSize(), 1u);
  EXPECT_EQ(Get("toy32")->ElementSize(), 16u);
  EXPECT_EQ(Get("toy48")->ScalarSize(), 6u);
}

}  // namespace
}  // namespace henhouse::math
