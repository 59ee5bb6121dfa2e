#include "henhouse/crypto/decryption.h"

#include <algorithm>
#include <string>

namespace henhouse::crypto {
namespace {

std::string Guardian(uint32_t i) { return "guardian " + std::to_string(i); }

}  // namespace

DecryptionStatement DecryptionStatement::ForTally(const Hash32& h_e, uint32_t contest_index,
                                                  uint32_t option_index, const Ciphertext& ab) {
  DecryptionStatement s;
  s.key_ = h_e;
  s.commit_sep_ = 0x30;
  s.challenge_sep_ = 0x31;
  AppendU32(s.indices_, contest_index);
  AppendU32(s.indices_, option_index);
  s.ciphertext_ = ab.Encode();  // b(A, lp) ∥ b(B, lp)
  s.base_ = ab.alpha;
  return s;
}

DecryptionStatement DecryptionStatement::ForContestData(const Hash32& h_i,
                                                        uint32_t contest_index,
                                                        const EncryptedContestData& ct) {
  DecryptionStatement s;
  s.key_ = h_i;
  s.commit_sep_ = 0x32;
  s.challenge_sep_ = 0x33;
  AppendU32(s.indices_, contest_index);
  s.ciphertext_ = ct.c0.Encode();  // b(C0, lp) ∥ C1 ∥ b(C2, 2·lq)
  Append(s.ciphertext_, ct.c1);
  Append(s.ciphertext_, ct.c2.Encode());
  s.base_ = ct.c0;
  return s;
}

math::Element PartialDecrypt(const math::Element& base, const math::SecretScalar& share) {
  return base.Pow(share);  // M_i = A^(z_i)  [2.1 eq. 84]
}

GuardianNonce CommitToDecryption(const math::FixedBase& g, const DecryptionStatement& statement,
                                 Rng& rng) {
  const math::Group& group = *g.base().group();
  GuardianNonce nonce;
  nonce.u = group.RandomSecretScalar(rng);
  // (a_i, b_i) = (g^(u_i), A^(u_i))  [2.1 eq. 87, 98]
  nonce.commitment = GuardianCommitment{g.Pow(nonce.u), statement.base().Pow(nonce.u)};
  return nonce;
}

Hash32 CommitmentHash(const DecryptionStatement& statement, uint32_t guardian_index,
                      const GuardianCommitment& commitment,
                      const math::Element& partial_decryption,
                      std::span<const uint32_t> available) {
  // d_i = H(key; sep, indices, i, ciphertext, a_i, b_i, M_i, U)  [2.1 eq. 88, 99; §5.5.4]
  HashInput in(statement.commit_separator());
  in.Fixed(statement.indices())
      .U32(guardian_index)
      .Fixed(statement.ciphertext_bytes())
      .Element(commitment.a)
      .Element(commitment.b)
      .Element(partial_decryption)
      .U32(static_cast<uint32_t>(available.size()));
  for (uint32_t j : available) in.U32(j);
  return H(statement.key(), in);
}

math::Scalar RespondToChallenge(GuardianNonce nonce, const math::Scalar& challenge,
                                const math::Scalar& lagrange_coefficient,
                                const math::SecretScalar& share) {
  // c_i = c·w_i, v_i = u_i − c_i·z_i  [2.1 eq. 91, 92]
  math::Scalar c_i = challenge * lagrange_coefficient;
  return (nonce.u - c_i * share).Reveal(SecretAccess::Get());
}

Status CheckCommitmentHash(const DecryptionStatement& statement, uint32_t guardian_index,
                           const GuardianCommitment& commitment,
                           const math::Element& partial_decryption,
                           std::span<const uint32_t> available, const Hash32& commitment_hash) {
  Hash32 d = CommitmentHash(statement, guardian_index, commitment, partial_decryption, available);
  if (!ConstantTimeEqual(d, commitment_hash)) {
    return VerificationFailedError(Guardian(guardian_index) +
                                   ": revealed commitment does not match its hash d_i");
  }
  return OkStatus();
}

StatusOr<std::vector<math::Scalar>> LagrangeCoefficients(const math::Group& group,
                                                         std::span<const uint32_t> available) {
  if (available.empty()) return InvalidArgumentError("Lagrange coefficients: no guardians");
  std::vector<uint32_t> sorted(available.begin(), available.end());
  std::sort(sorted.begin(), sorted.end());
  for (size_t j = 0; j < sorted.size(); ++j) {
    if (sorted[j] == 0 || sorted[j] >= (1u << 31)) {
      return InvalidArgumentError("Lagrange coefficients: guardian index must be in [1, 2^31), "
                                  "got " + std::to_string(sorted[j]));
    }
    if (j > 0 && sorted[j] == sorted[j - 1]) {
      return InvalidArgumentError("Lagrange coefficients: guardian " + std::to_string(sorted[j]) +
                                  " is listed twice");
    }
  }
  std::vector<math::Scalar> out;
  out.reserve(available.size());
  for (uint32_t i : available) {
    // w_i = Π_{ℓ∈U∖{i}} ℓ/(ℓ − i) mod q  [2.1 eq. 85]
    math::Scalar num = group.ScalarFromU64(1), den = group.ScalarFromU64(1);
    for (uint32_t l : available) {
      if (l == i) continue;
      math::Scalar ls = group.ScalarFromU64(l);
      num = num * ls;
      den = den * (ls - group.ScalarFromU64(i));
    }
    // Distinct indices can still collide mod q in a toy group with q < 2^31.
    if (den.IsZero()) {
      return InvalidArgumentError("Lagrange coefficients: indices collide modulo q");
    }
    out.push_back(num * den.Inverse());
  }
  return out;
}

StatusOr<math::Element> CombinePartialDecryptions(const math::Group& group,
                                                  std::span<const math::Element> partials,
                                                  std::span<const math::Scalar> coefficients) {
  if (partials.empty() || partials.size() != coefficients.size()) {
    return InvalidArgumentError("combine partial decryptions: need as many coefficients as "
                                "partial decryptions (got " + std::to_string(partials.size()) +
                                " and " + std::to_string(coefficients.size()) + ")");
  }
  return group.MultiPow(partials, coefficients);  // M = Π M_i^(w_i)  [2.1 eq. 86]
}

GuardianCommitment AccumulateCommitments(const math::Group& group,
                                         std::span<const GuardianCommitment> commitments) {
  // a = Π a_i, b = Π b_i  [2.1 eq. 89, 100]
  GuardianCommitment acc{group.Identity(), group.Identity()};
  for (const GuardianCommitment& c : commitments) {
    acc.a = acc.a * c.a;
    acc.b = acc.b * c.b;
  }
  return acc;
}

math::Scalar DecryptionChallenge(const math::Group& group, const DecryptionStatement& statement,
                                 const GuardianCommitment& accumulated,
                                 const math::Element& combined) {
  // c = H_q(key; sep, indices, ciphertext, a, b, M)  [2.1 eq. 90, 101]
  HashInput in(statement.challenge_separator());
  in.Fixed(statement.indices())
      .Fixed(statement.ciphertext_bytes())
      .Element(accumulated.a)
      .Element(accumulated.b)
      .Element(combined);
  return Hq(group, statement.key(), in);
}

Status VerifyGuardianResponse(const math::FixedBase& g, const DecryptionStatement& statement,
                              uint32_t guardian_index, const math::Element& share_key,
                              const math::Element& partial_decryption,
                              const GuardianCommitment& commitment,
                              const math::Scalar& challenge,
                              const math::Scalar& lagrange_coefficient,
                              const math::Scalar& response) {
  const math::Group& group = *g.base().group();
  const math::Scalar c_i = challenge * lagrange_coefficient;
  // a_i' = g^(v_i)·(g^(z_i))^(c_i)  [2.1 eq. 94]
  const math::Element a = g.Pow(response) * share_key.Pow(c_i);
  if (!(a == commitment.a)) {
    return VerificationFailedError(Guardian(guardian_index) +
                                   ": decryption response does not match commitment a_i");
  }
  // b_i' = A^(v_i)·M_i^(c_i)  [eq. 95]
  const math::Element bases[2] = {statement.base(), partial_decryption};
  const math::Scalar exps[2] = {response, c_i};
  if (!(group.MultiPow(bases, exps) == commitment.b)) {
    return VerificationFailedError(
        Guardian(guardian_index) +
        ": decryption response does not match commitment b_i (partial decryption M_i is wrong)");
  }
  return OkStatus();
}

math::Scalar AccumulateResponses(std::span<const math::Scalar> responses) {
  math::Scalar v = responses.front();  // v = Σ v_i  [2.1 eq. 93]
  for (size_t i = 1; i < responses.size(); ++i) v = v + responses[i];
  return v;
}

Status VerifyDecryptionProof(const math::FixedBase& g, const math::Element& public_key,
                             const DecryptionStatement& statement,
                             const math::Element& combined, const DecryptionProof& proof) {
  const math::Group& group = *g.base().group();
  // a = g^v·K^c (10.2), b = A^v·M^c (10.3)
  const math::Element a = g.Pow(proof.response) * public_key.Pow(proof.challenge);
  const math::Element bases[2] = {statement.base(), combined};
  const math::Scalar exps[2] = {proof.response, proof.challenge};
  const math::Element b = group.MultiPow(bases, exps);
  // c = H_q(...)  (10.B, 12.B)
  if (!(DecryptionChallenge(group, statement, GuardianCommitment{a, b}, combined) ==
        proof.challenge)) {
    return VerificationFailedError("decryption proof challenge mismatch");
  }
  return OkStatus();
}

Status VerifyTallyDecryption(const ElGamalKey& key, const Hash32& h_e, uint32_t contest_index,
                             uint32_t option_index, const Ciphertext& ab, uint64_t tally,
                             const DecryptionProof& proof) {
  // T = K^t (10.C), M = B·T^(−1) (10.1)
  const math::Element t = key.key().Pow(key.group().ScalarFromU64(tally));
  const math::Element m = ab.beta / t;
  DecryptionStatement statement =
      DecryptionStatement::ForTally(h_e, contest_index, option_index, ab);
  return VerifyDecryptionProof(key.g(), key.public_key(), statement, m, proof);
}

StatusOr<uint64_t> TallyFromCombined(const Ciphertext& ab, const math::Element& combined,
                                     const DiscreteLog& log_table) {
  // T = B·M^(−1) = K^t  [2.1 eq. 82]
  return log_table.Find(ab.beta / combined);
}

}  // namespace henhouse::crypto
