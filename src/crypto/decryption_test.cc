#include "henhouse/crypto/decryption.h"

#include <gtest/gtest.h>

#include "crypto/test_util.h"
#include "henhouse/crypto/schnorr.h"

namespace henhouse::crypto {
namespace {

using testing::Bump;
using testing::GroupOrDie;
using testing::Other;

constexpr StatusCode kFailed = StatusCode::kVerificationFailed;

// Ceremony holds n guardians' polynomials, the joint key K = Π K_{i,0} and
// each guardian's share z_i = Σ_j P_j(i) [eq. 24].
struct Ceremony {
  std::shared_ptr<const math::Group> group;
  math::FixedBase g;
  std::vector<std::vector<math::SecretScalar>> coefficients;
  std::vector<std::vector<math::Element>> commitments;
  std::vector<math::SecretScalar> shares;  // shares[i-1] = z_i
  math::Element joint_key;
};

Ceremony RunCeremony(const char* name, uint32_t n, uint32_t k, Rng& rng) {
  Ceremony c;
  c.group = GroupOrDie(name);
  c.g = c.group->Precompute(c.group->Generator());
  c.joint_key = c.group->Identity();
  for (uint32_t i = 0; i < n; ++i) {
    std::vector<math::SecretScalar> coeffs;
    for (uint32_t j = 0; j < k; ++j) coeffs.push_back(c.group->RandomSecretScalar(rng));
    c.commitments.push_back(CommitCoefficients(c.g, coeffs));
    c.joint_key = c.joint_key * c.commitments.back()[0];
    c.coefficients.push_back(std::move(coeffs));
  }
  for (uint32_t i = 1; i <= n; ++i) {
    math::SecretScalar z = EvaluatePolynomial(c.coefficients[0], i);
    for (uint32_t j = 1; j < n; ++j) z = z + EvaluatePolynomial(c.coefficients[j], i);
    c.shares.push_back(std::move(z));
  }
  return c;
}

// Transcript is one run of the commit-then-reveal protocol of §3.6.5.
struct Transcript {
  std::vector<uint32_t> available;
  std::vector<math::Scalar> weights;
  std::vector<math::Element> partials;
  std::vector<GuardianCommitment> commitments;
  std::vector<Hash32> commitment_hashes;
  std::vector<math::Scalar> responses;
  math::Element combined;
  DecryptionProof proof;
};

// Decrypt runs the protocol; `cheat` (a guardian index, or 0) uses a wrong share.
Transcript Decrypt(const Ceremony& c, const DecryptionStatement& st,
                   std::vector<uint32_t> available, Rng& rng, uint32_t cheat = 0) {
  Transcript t;
  t.available = available;
  auto w = LagrangeCoefficients(*c.group, available);
  EXPECT_TRUE(w.ok());
  t.weights = *w;
  std::vector<GuardianNonce> nonces;
  std::vector<math::SecretScalar> used;
  for (uint32_t i : available) {
    math::SecretScalar z = c.shares[i - 1].Copy();
    if (i == cheat) z = z + c.group->ScalarFromU64(1);
    t.partials.push_back(PartialDecrypt(st.base(), z));
    nonces.push_back(CommitToDecryption(c.g, st, rng));
    t.commitments.push_back(nonces.back().commitment);
    t.commitment_hashes.push_back(
        CommitmentHash(st, i, t.commitments.back(), t.partials.back(), available));
    used.push_back(std::move(z));
  }
  for (size_t x = 0; x < available.size(); ++x) {
    EXPECT_TRUE(CheckCommitmentHash(st, available[x], t.commitments[x], t.partials[x], available,
                                    t.commitment_hashes[x])
                    .ok());
  }
  t.combined = *CombinePartialDecryptions(*c.group, t.partials, t.weights);
  GuardianCommitment acc = AccumulateCommitments(*c.group, t.commitments);
  math::Scalar challenge = DecryptionChallenge(*c.group, st, acc, t.combined);
  for (size_t x = 0; x < available.size(); ++x) {
    t.responses.push_back(
        RespondToChallenge(std::move(nonces[x]), challenge, t.weights[x], used[x]));
  }
  t.proof = DecryptionProof{challenge, AccumulateResponses(t.responses)};
  return t;
}

TEST(LagrangeTest, ReconstructsTheJointSecretInTheExponent) {
  DeterministicRng rng(50);
  Ceremony c = RunCeremony("toy48", 5, 3, rng);
  for (std::vector<uint32_t> u : {std::vector<uint32_t>{1, 2, 3}, {5, 1, 3}, {2, 3, 4, 5}}) {
    auto w = LagrangeCoefficients(*c.group, u);
    ASSERT_TRUE(w.ok());
    math::SecretScalar s = (*w)[0] * c.shares[u[0] - 1];
    for (size_t x = 1; x < u.size(); ++x) s = s + (*w)[x] * c.shares[u[x] - 1];
    EXPECT_TRUE(c.g.Pow(s) == c.joint_key);
  }
  // Two guardians are not enough for k = 3.
  auto w2 = LagrangeCoefficients(*c.group, std::vector<uint32_t>{1, 2});
  math::SecretScalar s2 = (*w2)[0] * c.shares[0] + (*w2)[1] * c.shares[1];
  EXPECT_FALSE(c.g.Pow(s2) == c.joint_key);
  EXPECT_FALSE(LagrangeCoefficients(*c.group, std::vector<uint32_t>{}).ok());
  EXPECT_FALSE(LagrangeCoefficients(*c.group, std::vector<uint32_t>{1, 1}).ok());
  EXPECT_FALSE(LagrangeCoefficients(*c.group, std::vector<uint32_t>{0, 1}).ok());
}

class TallyDecryptionTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TallyDecryptionTest, QuorumDecryptsTallyWithVerifiableProof) {
  DeterministicRng rng(51);
  Ceremony c = RunCeremony(GetParam(), 5, 3, rng);
  auto key = ElGamalKey::Create(c.group, c.joint_key);
  ASSERT_TRUE(key.ok());
  std::vector<Ciphertext> votes;
  uint64_t sum = 0;
  for (int b = 0; b < 40; ++b) {
    uint64_t v = rng.Uniform(2);
    sum += v;
    votes.push_back(key->Encrypt(v, c.group->RandomSecretScalar(rng)));
  }
  Ciphertext ab = Product(*c.group, votes);
  const Hash32 h_e = testing::FilledHash(0x80);
  auto st = DecryptionStatement::ForTally(h_e, 1, 2, ab);
  auto log = DiscreteLog::Create(c.joint_key, 100);
  ASSERT_TRUE(log.ok());
  for (std::vector<uint32_t> u : {std::vector<uint32_t>{1, 3, 5}, {2, 3, 4, 5}}) {
    Transcript t = Decrypt(c, st, u, rng);
    auto tally = TallyFromCombined(ab, t.combined, *log);
    ASSERT_TRUE(tally.ok()) << tally.status().ToString();
    EXPECT_EQ(*tally, sum);
    for (size_t x = 0; x < u.size(); ++x) {
      math::Element share_key = GuardianShareKey(*c.group, c.commitments, u[x]);
      EXPECT_TRUE(VerifyGuardianResponse(c.g, st, u[x], share_key, t.partials[x],
                                         t.commitments[x], t.proof.challenge, t.weights[x],
                                         t.responses[x])
                      .ok());
    }
    // Verifier side, from public values only.
    EXPECT_TRUE(VerifyTallyDecryption(*key, h_e, 1, 2, ab, sum, t.proof).ok());
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 2, ab, sum + 1, t.proof).code(), kFailed);
    DecryptionProof bad = t.proof;
    bad.challenge = Bump(bad.challenge);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 2, ab, sum, bad).code(), kFailed);
    bad = t.proof;
    bad.response = Bump(bad.response);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 2, ab, sum, bad).code(), kFailed);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 2, 2, ab, sum, t.proof).code(), kFailed);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 3, ab, sum, t.proof).code(), kFailed);
    EXPECT_EQ(VerifyTallyDecryption(*key, testing::FilledHash(0x81), 1, 2, ab, sum, t.proof)
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 2, {Other(ab.alpha), ab.beta}, sum, t.proof)
                  .code(),
              kFailed);
    EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 1, 2, {ab.alpha, Other(ab.beta)}, sum, t.proof)
                  .code(),
              kFailed);
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, TallyDecryptionTest,
                         ::testing::Values("toy48", "p256", "integer4096"));

TEST(TallyDecryptionTest, CheatingGuardianIsIdentified) {
  DeterministicRng rng(52);
  Ceremony c = RunCeremony("toy48", 4, 3, rng);
  auto key = ElGamalKey::Create(c.group, c.joint_key);
  ASSERT_TRUE(key.ok());
  Ciphertext ab = key->Encrypt(7, c.group->RandomSecretScalar(rng));
  const Hash32 h_e = testing::FilledHash(0x82);
  auto st = DecryptionStatement::ForTally(h_e, 0, 0, ab);
  const std::vector<uint32_t> u = {1, 2, 4};
  // Guardian 2 uses a wrong share: its M_2 and response fail; others pass.
  Transcript t = Decrypt(c, st, u, rng, /*cheat=*/2);
  for (size_t x = 0; x < u.size(); ++x) {
    Status s = VerifyGuardianResponse(c.g, st, u[x], GuardianShareKey(*c.group, c.commitments, u[x]),
                                      t.partials[x], t.commitments[x], t.proof.challenge,
                                      t.weights[x], t.responses[x]);
    if (u[x] == 2) {
      EXPECT_EQ(s.code(), kFailed);
      EXPECT_NE(s.message().find("guardian 2"), std::string::npos) << s.ToString();
    } else {
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
  }
  EXPECT_EQ(VerifyTallyDecryption(*key, h_e, 0, 0, ab, 7, t.proof).code(), kFailed);
  // An honest run: a tampered response is pinned on its guardian (a_i check).
  Transcript honest = Decrypt(c, st, u, rng);
  EXPECT_TRUE(VerifyTallyDecryption(*key, h_e, 0, 0, ab, 7, honest.proof).ok());
  Status s = VerifyGuardianResponse(c.g, st, 4, GuardianShareKey(*c.group, c.commitments, 4),
                                    honest.partials[2], honest.commitments[2],
                                    honest.proof.challenge, honest.weights[2],
                                    Bump(honest.responses[2]));
  EXPECT_EQ(s.code(), kFailed);
  EXPECT_NE(s.message().find("a_i"), std::string::npos);
  // A revealed commitment that differs from the committed hash is caught.
  GuardianCommitment swapped{honest.commitments[0].a, Other(honest.commitments[0].b)};
  EXPECT_EQ(CheckCommitmentHash(st, 1, swapped, honest.partials[0], u,
                                honest.commitment_hashes[0])
                .code(),
            kFailed);
  // So is one hashed against a different U.
  EXPECT_EQ(CheckCommitmentHash(st, 1, honest.commitments[0], honest.partials[0],
                                std::vector<uint32_t>{1, 2, 3}, honest.commitment_hashes[0])
                .code(),
            kFailed);
}

TEST(ContestDataDecryptionTest, ThresholdDecryptionWithProof) {
  DeterministicRng rng(53);
  Ceremony c = RunCeremony("toy48", 3, 2, rng);
  math::FixedBase k_hat = c.group->Precompute(c.joint_key);
  const Hash32 h_i = testing::FilledHash(0x83);
  Bytes data(64, 0x5A);
  math::SecretScalar xi = c.group->RandomSecretScalar(rng);
  auto ct = EncryptContestData(c.g, k_hat, h_i, 9, xi, data, rng);
  ASSERT_TRUE(ct.ok());
  auto st = DecryptionStatement::ForContestData(h_i, 9, *ct);
  Transcript t = Decrypt(c, st, {1, 3}, rng);
  EXPECT_TRUE(VerifyDecryptionProof(c.g, c.joint_key, st, t.combined, t.proof).ok());
  EXPECT_EQ(VerifyDecryptionProof(c.g, c.joint_key, st, Other(t.combined), t.proof).code(),
            kFailed);
  auto d = DecryptContestData(c.g, h_i, 9, *ct, t.combined);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, data);
  // The statement covers C1: a proof for other contest data does not transfer.
  EncryptedContestData other = *ct;
  other.c1[0] ^= 1;
  auto st2 = DecryptionStatement::ForContestData(h_i, 9, other);
  EXPECT_EQ(VerifyDecryptionProof(c.g, c.joint_key, st2, t.combined, t.proof).code(), kFailed);
}

TEST(BallotNonceDecryptionTest, QuorumRecoversBallotNonce) {
  DeterministicRng rng(54);
  Ceremony c = RunCeremony("toy48", 3, 2, rng);
  math::FixedBase k_hat = c.group->Precompute(c.joint_key);
  const Hash32 h_i = testing::FilledHash(0x84);
  Bytes raw = rng.Generate(32);
  const Bytes expected = raw;
  SecretBytes nonce = SecretBytes::Adopt(raw);
  auto ct = EncryptBallotNonce(c.g, k_hat, h_i, nonce, rng);
  ASSERT_TRUE(ct.ok());
  const std::vector<uint32_t> u = {2, 3};
  auto w = LagrangeCoefficients(*c.group, u);
  std::vector<math::Element> m = {PartialDecrypt(ct->c0, c.shares[1]),
                                  PartialDecrypt(ct->c0, c.shares[2])};
  auto beta = CombinePartialDecryptions(*c.group, m, *w);
  ASSERT_TRUE(beta.ok());
  auto back = DecryptBallotNonce(c.g, h_i, *ct, *beta);
  ASSERT_TRUE(back.ok());
  ByteSpan got = back->Reveal(SecretAccess::Get());
  EXPECT_EQ(Bytes(got.begin(), got.end()), expected);
  EXPECT_FALSE(CombinePartialDecryptions(*c.group, m, std::span(*w).subspan(1)).ok());
}

}  // namespace
}  // namespace henhouse::crypto
