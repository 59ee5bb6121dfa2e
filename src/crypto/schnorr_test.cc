#include "henhouse/crypto/schnorr.h"

#include <gtest/gtest.h>

#include "crypto/test_util.h"

namespace henhouse::crypto {
namespace {

using testing::Bump;
using testing::GroupOrDie;
using testing::Other;

constexpr StatusCode kFailed = StatusCode::kVerificationFailed;

struct GuardianKeys {
  std::vector<math::SecretScalar> coefficients;
  std::vector<math::Element> commitments;
  math::SecretScalar zeta;
  math::Element kappa;
};

GuardianKeys MakeGuardian(const math::FixedBase& g, size_t k, Rng& rng) {
  const math::Group& group = *g.base().group();
  GuardianKeys keys;
  for (size_t j = 0; j < k; ++j) keys.coefficients.push_back(group.RandomSecretScalar(rng));
  keys.commitments = CommitCoefficients(g, keys.coefficients);
  keys.zeta = group.RandomSecretScalar(rng);
  keys.kappa = g.Pow(keys.zeta);
  return keys;
}

TEST(CoefficientProofTest, HonestVerifiesAndEveryTamperFails) {
  auto group = GroupOrDie("toy48");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(30);
  const Hash32 h_p = testing::FilledHash(0x50);
  const size_t k = 3;
  GuardianKeys keys = MakeGuardian(g, k, rng);
  for (KeyPurpose purpose : {KeyPurpose::kVote, KeyPurpose::kData}) {
    auto proof = ProveCoefficients(g, h_p, purpose, 2, keys.coefficients, keys.commitments,
                                   keys.zeta, keys.kappa, rng);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    ASSERT_EQ(proof->responses.size(), k + 1);
    EXPECT_TRUE(VerifyCoefficients(g, h_p, purpose, 2, keys.commitments, keys.kappa, *proof).ok());
    // Challenge, each response, each commitment, κ, index, label, H_P.
    CoefficientProof bad = *proof;
    bad.challenge = Bump(bad.challenge);
    EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 2, keys.commitments, keys.kappa, bad).code(),
              kFailed);
    for (size_t j = 0; j <= k; ++j) {
      bad = *proof;
      bad.responses[j] = Bump(bad.responses[j]);
      EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 2, keys.commitments, keys.kappa, bad).code(),
                kFailed)
          << "v_" << j;
    }
    for (size_t j = 0; j < k; ++j) {
      std::vector<math::Element> commitments = keys.commitments;
      commitments[j] = Other(commitments[j]);
      EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 2, commitments, keys.kappa, *proof).code(),
                kFailed)
          << "K_" << j;
    }
    EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 2, keys.commitments, Other(keys.kappa), *proof)
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 3, keys.commitments, keys.kappa, *proof).code(),
              kFailed);
    KeyPurpose other = purpose == KeyPurpose::kVote ? KeyPurpose::kData : KeyPurpose::kVote;
    EXPECT_EQ(VerifyCoefficients(g, h_p, other, 2, keys.commitments, keys.kappa, *proof).code(),
              kFailed);
    EXPECT_EQ(VerifyCoefficients(g, testing::FilledHash(0x51), purpose, 2, keys.commitments,
                                 keys.kappa, *proof)
                  .code(),
              kFailed);
    // Shape errors are INVALID_ARGUMENT.
    bad = *proof;
    bad.responses.pop_back();
    EXPECT_EQ(VerifyCoefficients(g, h_p, purpose, 2, keys.commitments, keys.kappa, bad).code(),
              StatusCode::kInvalidArgument);
  }
}

TEST(CoefficientProofTest, LabelsAreTheSpecTableBytes) {
  // §5.5.2: B1 = 0x10 ∥ 706B5F766F7465 ∥ ... and 0x10 ∥ 706B5F64617461 ∥ ...
  EXPECT_EQ(HexEncodeUpper(AsBytes(KeyPurposeLabel(KeyPurpose::kVote))), "706B5F766F7465");
  EXPECT_EQ(HexEncodeUpper(AsBytes(KeyPurposeLabel(KeyPurpose::kData))), "706B5F64617461");
}

TEST(CoefficientProofTest, ProofWithWrongCoefficientFails) {
  auto group = GroupOrDie("toy48");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(31);
  const Hash32 h_p = testing::FilledHash(0x52);
  GuardianKeys keys = MakeGuardian(g, 2, rng);
  // The prover does not know the secret behind commitment 1.
  keys.coefficients[1] = group->RandomSecretScalar(rng);
  auto proof = ProveCoefficients(g, h_p, KeyPurpose::kVote, 1, keys.coefficients,
                                 keys.commitments, keys.zeta, keys.kappa, rng);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(VerifyCoefficients(g, h_p, KeyPurpose::kVote, 1, keys.commitments, keys.kappa, *proof)
                .code(),
            kFailed);
}

TEST(CoefficientProofTest, EncodeParseAndIntegerGroup) {
  auto group = GroupOrDie("integer4096");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(32);
  const Hash32 h_p = testing::FilledHash(0x53);
  GuardianKeys keys = MakeGuardian(g, 2, rng);
  auto proof = ProveCoefficients(g, h_p, KeyPurpose::kVote, 1, keys.coefficients,
                                 keys.commitments, keys.zeta, keys.kappa, rng);
  ASSERT_TRUE(proof.ok());
  Bytes enc = proof->Encode();
  EXPECT_EQ(enc.size(), 4u * 32);
  auto back = ParseCoefficientProof(*group, enc, 2);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(
      VerifyCoefficients(g, h_p, KeyPurpose::kVote, 1, keys.commitments, keys.kappa, *back).ok());
  EXPECT_FALSE(ParseCoefficientProof(*group, enc, 3).ok());
}

TEST(PolynomialTest, SharesMatchCommitmentsAndJointKey) {
  auto group = GroupOrDie("toy48");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(33);
  const uint32_t n = 4, k = 3;
  std::vector<GuardianKeys> guardians;
  std::vector<std::vector<math::Element>> all_commitments;
  for (uint32_t i = 0; i < n; ++i) {
    guardians.push_back(MakeGuardian(g, k, rng));
    all_commitments.push_back(guardians.back().commitments);
  }
  for (uint32_t l = 1; l <= n; ++l) {
    math::SecretScalar z = group->RandomSecretScalar(rng);
    z = z - z.Copy();
    for (uint32_t i = 1; i <= n; ++i) {
      math::SecretScalar share = EvaluatePolynomial(guardians[i - 1].coefficients, l);
      EXPECT_TRUE(VerifyShare(g, guardians[i - 1].commitments, i, l, share).ok());
      // A share for another receiver, or a perturbed one, is caught [eq. 28].
      math::SecretScalar wrong = EvaluatePolynomial(guardians[i - 1].coefficients, l + 1);
      EXPECT_EQ(VerifyShare(g, guardians[i - 1].commitments, i, l, wrong).code(), kFailed);
      z = z + share;
    }
    // g^(z_ℓ) from all commitments [eq. 94].
    EXPECT_TRUE(GuardianShareKey(*group, all_commitments, l) == g.Pow(z));
  }
  // P(0) = a_0: CommitmentsAt(0) is K_{i,0}.
  EXPECT_TRUE(CommitmentsAt(*group, guardians[0].commitments, 0) == guardians[0].commitments[0]);
}

}  // namespace
}  // namespace henhouse::crypto
