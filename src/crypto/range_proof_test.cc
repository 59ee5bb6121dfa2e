#include "henhouse/crypto/range_proof.h"

#include <gtest/gtest.h>

#include <atomic>

#include "crypto/test_util.h"
#include "henhouse/base/parallel.h"

namespace henhouse::crypto {
namespace {

using testing::Bump;
using testing::GroupOrDie;
using testing::MakeKey;
using testing::Other;

constexpr StatusCode kFailed = StatusCode::kVerificationFailed;

class RangeProofTest : public ::testing::TestWithParam<uint64_t> {};

// For R = 1 and R = 3, every plaintext: the honest proof verifies, and
// changing any single component makes verification fail.
TEST_P(RangeProofTest, HonestVerifiesAndEveryTamperFails) {
  const uint64_t range = GetParam();
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(10 + range);
  auto tk = MakeKey(group, rng);
  const Hash32 h_i = testing::FilledHash(0x11);
  const auto ctx = RangeProofContext::ForSelection(h_i, 2, 5);
  for (uint64_t ell = 0; ell <= range; ++ell) {
    SCOPED_TRACE("plaintext " + std::to_string(ell));
    math::SecretScalar xi = group->RandomSecretScalar(rng);
    auto pc = EncryptWithRangeProof(tk.key, ell, xi, range, ctx, rng);
    ASSERT_TRUE(pc.ok()) << pc.status().ToString();
    const Ciphertext& ct = pc->ciphertext;
    const RangeProof& proof = pc->proof;
    ASSERT_EQ(proof.challenges.size(), range + 1);
    EXPECT_TRUE(VerifyRange(tk.key, ct, proof, range, ctx).ok());
    for (size_t j = 0; j <= range; ++j) {
      RangeProof bad = proof;
      bad.challenges[j] = Bump(bad.challenges[j]);
      EXPECT_EQ(VerifyRange(tk.key, ct, bad, range, ctx).code(), kFailed) << "c_" << j;
      bad = proof;
      bad.responses[j] = Bump(bad.responses[j]);
      EXPECT_EQ(VerifyRange(tk.key, ct, bad, range, ctx).code(), kFailed) << "v_" << j;
    }
    EXPECT_EQ(VerifyRange(tk.key, {Other(ct.alpha), ct.beta}, proof, range, ctx).code(), kFailed);
    EXPECT_EQ(VerifyRange(tk.key, {ct.alpha, Other(ct.beta)}, proof, range, ctx).code(), kFailed);
    EXPECT_EQ(VerifyRange(tk.key, ct, proof, range, RangeProofContext::ForSelection(h_i, 3, 5))
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyRange(tk.key, ct, proof, range, RangeProofContext::ForSelection(h_i, 2, 6))
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyRange(tk.key, ct, proof, range,
                          RangeProofContext::ForSelection(testing::FilledHash(0x12), 2, 5))
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyRange(tk.key, ct, proof, range, RangeProofContext::ForContest(h_i, 2)).code(),
              kFailed);
    // A proof for R does not pass as a proof for R + 1.
    EXPECT_EQ(VerifyRange(tk.key, ct, proof, range + 1, ctx).code(), kFailed);
    // Another key.
    auto other = MakeKey(group, rng);
    EXPECT_EQ(VerifyRange(other.key, ct, proof, range, ctx).code(), kFailed);
  }
}

INSTANTIATE_TEST_SUITE_P(Ranges, RangeProofTest, ::testing::Values(1, 3));

TEST(RangeProofBoundsTest, ProverRefusesValuesOutsideRange) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(20);
  auto tk = MakeKey(group, rng);
  const auto ctx = RangeProofContext::ForSelection(testing::FilledHash(1), 0, 0);
  math::SecretScalar xi = group->RandomSecretScalar(rng);
  EXPECT_EQ(EncryptWithRangeProof(tk.key, 2, xi, 1, ctx, rng).status().code(),
            StatusCode::kInvalidArgument);
  Ciphertext two = tk.key.Encrypt(2, xi);
  EXPECT_EQ(ProveRange(tk.key, two, xi, 2, 1, ctx, rng).status().code(),
            StatusCode::kInvalidArgument);
  // Claiming a different plaintext than the one encrypted is refused too.
  EXPECT_EQ(ProveRange(tk.key, two, xi, 1, 1, ctx, rng).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(EncryptWithRangeProof(tk.key, 0, xi, 0, ctx, rng).ok());
  EXPECT_FALSE(EncryptWithRangeProof(tk.key, 0, xi, kMaxRange + 1, ctx, rng).ok());
}

// ProveRange builds its proof for the recomputed encryption and returns it
// only if that equals the given ciphertext: the right plaintext with another
// nonce is refused, with an error that says so.
TEST(RangeProofBoundsTest, ProverRefusesACiphertextOfAnotherNonce) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(23);
  auto tk = MakeKey(group, rng);
  const auto ctx = RangeProofContext::ForSelection(testing::FilledHash(1), 0, 0);
  math::SecretScalar xi = group->RandomSecretScalar(rng);
  math::SecretScalar other = xi + group->ScalarFromU64(1);
  Ciphertext one = tk.key.Encrypt(1, xi);
  auto refused = ProveRange(tk.key, one, other, 1, 1, ctx, rng);
  ASSERT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().ToString().find("not the encryption of the given plaintext"),
            std::string::npos)
      << refused.status().ToString();
  auto proof = ProveRange(tk.key, one, xi, 1, 1, ctx, rng);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_TRUE(VerifyRange(tk.key, one, *proof, 1, ctx).ok());
}

TEST(RangeProofBoundsTest, ProofOfOneDoesNotCoverTwo) {
  // (α, β·K) encrypts 2 with the same nonce; the honest proof for 1 fails.
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(21);
  auto tk = MakeKey(group, rng);
  const auto ctx = RangeProofContext::ForSelection(testing::FilledHash(1), 0, 0);
  auto pc = EncryptWithRangeProof(tk.key, 1, group->RandomSecretScalar(rng), 1, ctx, rng);
  ASSERT_TRUE(pc.ok());
  Ciphertext two{pc->ciphertext.alpha, pc->ciphertext.beta * tk.key.public_key()};
  EXPECT_EQ(VerifyRange(tk.key, two, pc->proof, 1, ctx).code(), kFailed);
}

TEST(ContestSumProofTest, AggregateOfSelectionsProvesZeroToL) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(22);
  auto tk = MakeKey(group, rng);
  const Hash32 h_i = testing::FilledHash(7);
  const uint64_t limit = 2;
  const uint64_t votes[4] = {1, 0, 1, 0};
  std::vector<Ciphertext> cts;
  math::SecretScalar agg_nonce = group->RandomSecretScalar(rng);
  agg_nonce = agg_nonce - agg_nonce.Copy();  // zero
  for (uint32_t j = 0; j < 4; ++j) {
    math::SecretScalar xi = group->RandomSecretScalar(rng);
    cts.push_back(tk.key.Encrypt(votes[j], xi));
    agg_nonce = agg_nonce + xi;
  }
  Ciphertext sum = Product(*group, cts);
  const auto ctx = RangeProofContext::ForContest(h_i, 4);
  auto proof = ProveRange(tk.key, sum, agg_nonce, 2, limit, ctx, rng);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_TRUE(VerifyRange(tk.key, sum, *proof, limit, ctx).ok());
  for (size_t j = 0; j <= limit; ++j) {
    RangeProof bad = *proof;
    bad.challenges[j] = Bump(bad.challenges[j]);
    EXPECT_EQ(VerifyRange(tk.key, sum, bad, limit, ctx).code(), kFailed);
    bad = *proof;
    bad.responses[j] = Bump(bad.responses[j]);
    EXPECT_EQ(VerifyRange(tk.key, sum, bad, limit, ctx).code(), kFailed);
  }
  EXPECT_EQ(VerifyRange(tk.key, sum, *proof, limit, RangeProofContext::ForContest(h_i, 5)).code(),
            kFailed);
  EXPECT_EQ(VerifyRange(tk.key, {Other(sum.alpha), sum.beta}, *proof, limit, ctx).code(), kFailed);
  EXPECT_EQ(VerifyRange(tk.key, {sum.alpha, Other(sum.beta)}, *proof, limit, ctx).code(), kFailed);
  EXPECT_EQ(VerifyRange(tk.key, sum, *proof, limit,
                        RangeProofContext::ForContest(testing::FilledHash(8), 4))
                .code(),
            kFailed);
  EXPECT_EQ(
      VerifyRange(tk.key, sum, *proof, limit, RangeProofContext::ForSelection(h_i, 4, 0)).code(),
      kFailed);
  // Three selections exceed L = 2: the prover refuses.
  EXPECT_FALSE(ProveRange(tk.key, sum, agg_nonce, 3, limit, ctx, rng).ok());
}

TEST(RangeProofContextTest, PrefixesMatchSpec) {
  const Hash32 h = testing::FilledHash(0);
  EXPECT_EQ(HexEncodeUpper(RangeProofContext::ForSelection(h, 1, 2).prefix), "240000000100000002");
  EXPECT_EQ(HexEncodeUpper(RangeProofContext::ForContest(h, 1).prefix), "2400000001");
}

TEST(RangeProofEncodingTest, RoundTripAndRejectsOutOfRangeScalars) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(23);
  auto tk = MakeKey(group, rng);
  const auto ctx = RangeProofContext::ForSelection(testing::FilledHash(1), 0, 0);
  auto pc = EncryptWithRangeProof(tk.key, 1, group->RandomSecretScalar(rng), 3, ctx, rng);
  ASSERT_TRUE(pc.ok());
  Bytes enc = pc->proof.Encode();
  auto back = ParseRangeProof(*group, enc, 3);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(VerifyRange(tk.key, pc->ciphertext, *back, 3, ctx).ok());
  EXPECT_FALSE(ParseRangeProof(*group, enc, 2).ok());
  Bytes bad = enc;
  std::fill(bad.begin(), bad.begin() + group->ScalarSize(), 0xFF);  // c_0 ≥ q
  auto r = ParseRangeProof(*group, bad, 3);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("c_0"), std::string::npos) << r.status().ToString();
}

// End to end on the production groups, starting from encoded α and β.
TEST(RangeProofProductionTest, EncodedVerifyOnIntegerAndP256) {
  for (const char* name : {"integer4096", "p256"}) {
    SCOPED_TRACE(name);
    auto group = GroupOrDie(name);
    DeterministicRng rng(24);
    auto tk = MakeKey(group, rng);
    const auto ctx = RangeProofContext::ForSelection(testing::FilledHash(3), 1, 1);
    auto pc = EncryptWithRangeProof(tk.key, 1, group->RandomSecretScalar(rng), 1, ctx, rng);
    ASSERT_TRUE(pc.ok());
    Bytes a = pc->ciphertext.alpha.Encode(), b = pc->ciphertext.beta.Encode();
    auto ct = VerifyRangeEncoded(tk.key, a, b, pc->proof, 1, ctx);
    ASSERT_TRUE(ct.ok()) << ct.status().ToString();
    EXPECT_TRUE(*ct == pc->ciphertext);
    // A different valid β fails the proof; bytes off the group fail parsing.
    Bytes b2 = Other(pc->ciphertext.beta).Encode();
    EXPECT_EQ(VerifyRangeEncoded(tk.key, a, b2, pc->proof, 1, ctx).status().code(), kFailed);
    Bytes junk(b.size(), 0xFF);
    auto r = VerifyRangeEncoded(tk.key, a, junk, pc->proof, 1, ctx);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("beta"), std::string::npos) << r.status().ToString();
    RangeProof bad = pc->proof;
    bad.challenges[0] = Bump(bad.challenges[0]);
    EXPECT_EQ(VerifyRangeEncoded(tk.key, a, b, bad, 1, ctx).status().code(), kFailed);
  }
}

// Keys, tables and hashing are shared read-only across threads.
TEST(RangeProofThreadsTest, ConcurrentProveAndVerify) {
  auto group = GroupOrDie("p256");
  DeterministicRng rng(25);
  auto tk = MakeKey(group, rng);
  const Hash32 h_i = testing::FilledHash(9);
  std::atomic<int> failures{0};
  ParallelFor(
      64,
      [&](size_t i) {
        DeterministicRng local(1000 + i);
        const auto ctx = RangeProofContext::ForSelection(h_i, 1, static_cast<uint32_t>(i));
        auto pc = EncryptWithRangeProof(tk.key, i % 2, group->RandomSecretScalar(local), 1, ctx,
                                        local);
        if (!pc.ok() || !VerifyRange(tk.key, pc->ciphertext, pc->proof, 1, ctx).ok()) ++failures;
      },
      4);
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace henhouse::crypto
