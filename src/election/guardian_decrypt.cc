// The decryption side of a guardian [§3.6.3–3.6.5, §3.6.7].
#include "henhouse/election/guardian.h"

namespace henhouse::election {

StatusOr<TallyDecryptionCommit> Guardian::CommitTally(
    uint32_t round, const std::vector<crypto::DecryptionStatement>& statements,
    const std::vector<uint32_t>& available, Rng& rng, ShareKind kind,
    const std::vector<ContestDataRef>* data_cts) {
  if (!finished_) return FailedPreconditionError("guardian has not finished the key ceremony");
  if (kind == ShareKind::kData) {
    if (data_cts == nullptr || data_cts->size() != statements.size()) {
      return InvalidArgumentError("contest data decryption: ciphertexts missing");
    }
    // The guardian decrypts only if every C2 verifies [§3.6.6, eq. 69].
    for (size_t x = 0; x < statements.size(); ++x) {
      const ContestDataRef& ref = (*data_cts)[x];
      HENHOUSE_RETURN_IF_ERROR(
          crypto::VerifyContestDataProof(params_.g, ref.h_i, ref.contest, *ref.ct));
    }
  }
  kind_ = kind;
  const math::SecretScalar& share = kind == ShareKind::kVote ? vote_share_ : data_share_;
  round_ = round;
  statements_ = statements;
  available_ = available;
  nonces_.clear();
  TallyDecryptionCommit commit;
  commit.guardian = index_;
  for (const crypto::DecryptionStatement& st : statements) {
    // M_i = A^{z_i} [eq. 84], or m_i = C0^{ẑ_i} [eq. 96]
    math::Element m = crypto::PartialDecrypt(st.base(), share);
    if (CheatsInDecryption(fox_)) {
      m = m * params_.g.base();  // the fox's wrong partial decryption
    }
    crypto::GuardianNonce nonce = crypto::CommitToDecryption(params_.g, st, rng);  // [eq. 87]
    // d_i = H(H_E; 0x30, ind_c, ind_o, i, A, B, a_i, b_i, M_i, U)  [eq. 88]
    commit.hashes.push_back(crypto::CommitmentHash(st, index_, nonce.commitment, m, available));
    commit.partials.push_back(m);
    nonces_.push_back(std::move(nonce));
  }
  own_commit_ = commit;
  return commit;
}

StatusOr<TallyDecryptionReveal> Guardian::RevealTally(
    uint32_t round, const std::map<uint32_t, TallyDecryptionCommit>& commits) {
  if (round != round_ || nonces_.empty()) {
    return FailedPreconditionError("guardian " + std::to_string(index_) +
                                   ": no open decryption round " + std::to_string(round));
  }
  // Commit-then-reveal: (a_i, b_i) only after every d_j of U has arrived.
  for (uint32_t j : available_) {
    auto it = commits.find(j);
    if (it == commits.end() || it->second.hashes.size() != statements_.size()) {
      return FailedPreconditionError("guardian " + std::to_string(index_) +
                                     ": no commitment from guardian " + std::to_string(j) +
                                     " in round " + std::to_string(round));
    }
  }
  TallyDecryptionReveal reveal;
  reveal.guardian = index_;
  for (const crypto::GuardianNonce& n : nonces_) reveal.commitments.push_back(n.commitment);
  return reveal;
}

StatusOr<std::vector<math::Scalar>> Guardian::RespondTally(
    uint32_t round, const std::vector<math::Scalar>& challenges, const math::Scalar& lagrange) {
  if (round != round_ || nonces_.size() != challenges.size()) {
    return FailedPreconditionError("guardian " + std::to_string(index_) +
                                   ": challenges do not match the open round");
  }
  std::vector<math::Scalar> out;
  for (size_t i = 0; i < challenges.size(); ++i) {
    // v_i = u_i − (c·w_i)·z_i  [eq. 91, 92], with ẑ_i for contest data [eq. 102]
    out.push_back(crypto::RespondToChallenge(std::move(nonces_[i]), challenges[i], lagrange,
                                             kind_ == ShareKind::kVote ? vote_share_
                                                                       : data_share_));
  }
  nonces_.clear();
  return out;
}

StatusOr<math::Element> Guardian::PartialDecryptNonce(
    const crypto::Hash32& h_i, const crypto::EncryptedBallotNonce& ct) const {
  if (!finished_) return FailedPreconditionError("guardian has not finished the key ceremony");
  // Only if the proof C_{ξB,2} verifies does the guardian decrypt  [§3.6.7]
  HENHOUSE_RETURN_IF_ERROR(crypto::VerifyBallotNonceProof(params_.g, h_i, ct));
  return crypto::PartialDecrypt(ct.c0, data_share_);  // m_i = C0^{ẑ_i}  [eq. 107]
}

}  // namespace henhouse::election
