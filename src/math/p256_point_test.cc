// Tests of the p256 paths built on our own field code (p256_point.h):
// ParseElement's decompression and Group::EncodeElements' batch conversion,
// cross-checked against OpenSSL's EC_POINT_oct2point / EC_POINT_point2oct
// on thousands of random inputs and on edge cases.
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <memory>
#include <vector>

#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

class P256PointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    group_ = *GroupByName("p256");
    ec_ = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    ctx_ = BN_CTX_new();
  }
  void TearDown() override {
    BN_CTX_free(ctx_);
    EC_GROUP_free(ec_);
  }
  // OpensslParse returns OpenSSL's re-encoding of `bytes`, or empty when
  // OpenSSL rejects them.
  Bytes OpensslParse(const Bytes& bytes) const {
    EC_POINT* p = EC_POINT_new(ec_);
    Bytes out;
    if (EC_POINT_oct2point(ec_, p, bytes.data(), bytes.size(), ctx_) == 1) {
      out.resize(33);
      EC_POINT_point2oct(ec_, p, POINT_CONVERSION_COMPRESSED, out.data(), 33, ctx_);
    }
    EC_POINT_free(p);
    return out;
  }
  std::shared_ptr<const Group> group_;
  EC_GROUP* ec_ = nullptr;
  BN_CTX* ctx_ = nullptr;
};

TEST_F(P256PointTest, ParseMatchesOpensslOnRandomX) {
  DeterministicRng rng(101);
  size_t accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    Bytes enc = rng.Generate(33);
    enc[0] = (i % 2 == 0) ? 0x02 : 0x03;
    auto ours = group_->ParseElement(enc);
    Bytes theirs = OpensslParse(enc);
    ASSERT_EQ(ours.ok(), !theirs.empty()) << HexEncodeUpper(enc);
    if (!ours.ok()) {
      EXPECT_NE(ours.status().message().find("not on the curve"), std::string::npos);
      continue;
    }
    ++accepted;
    ASSERT_EQ(theirs, enc);
    ASSERT_EQ(ours->Encode(), enc);
    // The parsed point computes like the one OpenSSL parsed: compare 2P.
    Element twice = *ours * *ours;
    EXPECT_EQ(twice, ours->PowSmall(2));
  }
  // About half of all x are on the curve.
  EXPECT_GT(accepted, 800u);
  EXPECT_LT(accepted, 1200u);
}

TEST_F(P256PointTest, ParseRoundTripsRandomPointsOfBothParities) {
  DeterministicRng rng(102);
  size_t odd = 0;
  for (int i = 0; i < 1000; ++i) {
    Element a = group_->Generator().Pow(group_->RandomScalar(rng));
    for (const Element& e : {a, a.Inverse()}) {
      // Encode through OpenSSL's single-point path, parse through ours.
      Bytes enc = e.Encode();
      odd += enc[0] == 0x03;
      auto parsed = group_->ParseElement(enc);
      ASSERT_TRUE(parsed.ok()) << HexEncodeUpper(enc);
      ASSERT_EQ(*parsed, e);
    }
  }
  EXPECT_GT(odd, 800u);
  EXPECT_LT(odd, 1200u);
}

// Edge cases beyond P256Test.ParseElement: hybrid prefixes, x = 0, and a
// compressed prefix followed by zeros (not the identity's encoding).
TEST_F(P256PointTest, ParseEdgeCasesAgreeWithOpenssl) {
  const Group& g = *group_;
  Bytes enc = g.Generator().Encode();
  for (uint8_t prefix : {0x06, 0x07}) {
    enc[0] = prefix;
    auto r = g.ParseElement(enc);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("prefix byte"), std::string::npos);
  }
  for (uint8_t prefix : {0x02, 0x03}) {
    Bytes zero_x(33, 0);
    zero_x[0] = prefix;
    EXPECT_EQ(g.ParseElement(zero_x).ok(), !OpensslParse(zero_x).empty());
  }
}

TEST_F(P256PointTest, EncodeElementsMatchesSingleEncodings) {
  const Group& g = *group_;
  DeterministicRng rng(103);
  FixedBase k = g.Precompute(g.Generator().Pow(g.RandomScalar(rng)));
  for (int round = 0; round < 200; ++round) {
    std::vector<Element> xs;
    // Up to 12 points: past the eight a batch keeps on the stack.
    for (int i = 0; i < round % 13; ++i) {
      switch ((round + i) % 5) {
        case 0: xs.push_back(g.Generator().Pow(g.RandomScalar(rng))); break;
        case 1: xs.push_back(k.PowNonce(g.RandomSecretScalar(rng))); break;
        case 2: xs.push_back(xs.empty() ? g.Identity() : xs.back() * g.Generator()); break;
        case 3: xs.push_back(xs.empty() ? g.Generator() : xs.back()); break;  // same rep
        default: xs.push_back(g.Identity()); break;
      }
    }
    // Fresh copies of the same points (no cached encodings) for the check.
    std::vector<Bytes> want;
    for (const Element& x : xs) want.push_back((x * g.Identity()).Encode());
    Bytes want_run;
    for (const Bytes& w : want) want_run.insert(want_run.end(), w.begin(), w.end());
    if (round % 2 == 0) {
      std::vector<Bytes> got = g.EncodeElements(xs);
      ASSERT_EQ(got, want) << round;
    } else {
      Bytes run(want_run.size());
      g.EncodeElementsInto(xs, run);
      ASSERT_EQ(run, want_run) << round;
    }
    // Encodings are now cached; all paths still agree.
    for (size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(xs[i].Encode(), want[i]);
    EXPECT_EQ(g.EncodeElements(xs), want);
    Bytes run(want_run.size());
    g.EncodeElementsInto(xs, run);
    EXPECT_EQ(run, want_run) << round;
  }
}

TEST_F(P256PointTest, EncodeElementsWorksForIntegerGroups) {
  auto g = *GroupByName("toy48");
  DeterministicRng rng(104);
  std::vector<Element> xs = {g->Generator(), g->Identity(), g->Generator().Pow(g->RandomScalar(rng))};
  std::vector<Bytes> got = g->EncodeElements(xs);
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(got[i], xs[i].Encode());
  Bytes run(3 * g->ElementSize());
  g->EncodeElementsInto(xs, run);
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_EQ(Bytes(run.begin() + static_cast<std::ptrdiff_t>(i * g->ElementSize()),
                    run.begin() + static_cast<std::ptrdiff_t>((i + 1) * g->ElementSize())),
              xs[i].Encode());
  }
}

// A buffer of the wrong size is refused before anything is written, for
// both the p256 batch path and the default one.
TEST_F(P256PointTest, EncodeElementsIntoRefusesAWrongSizedBuffer) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto toy = *GroupByName("toy48");
  for (const Group* g : {group_.get(), toy.get()}) {
    const std::vector<Element> xs = {g->Generator(), g->Generator() * g->Generator()};
    Bytes short_buffer(2 * g->ElementSize() - 1), long_buffer(2 * g->ElementSize() + 1);
    EXPECT_DEATH(g->EncodeElementsInto(xs, short_buffer), "need .* bytes, the buffer has");
    EXPECT_DEATH(g->EncodeElementsInto(xs, long_buffer), "need .* bytes, the buffer has");
  }
}

}  // namespace
}  // namespace henhouse::math
