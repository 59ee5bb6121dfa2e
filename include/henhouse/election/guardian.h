// A guardian of the 2.1 key ceremony and of verifiable decryption [§3.2,
// §3.6], run as its own party: it holds its secrets (persisted only in its
// own directory, mode 0600) and exchanges nothing but the public messages
// declared here. The coordinator (ceremony.h, decryption.h) only routes
// messages between guardians and writes the public ones to the record.
#ifndef HENHOUSE_ELECTION_GUARDIAN_H_
#define HENHOUSE_ELECTION_GUARDIAN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/decryption.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/crypto/hashed_elgamal.h"
#include "henhouse/crypto/schnorr.h"
#include "henhouse/election/manifest.h"
#include "henhouse/math/group.h"

namespace henhouse::election {

// ElectionParameters are the public values fixed before the ceremony: the
// group, n, k, the manifest and the hashes H_P, H_B [§3.1.2, §3.1.4].
struct ElectionParameters {
  std::shared_ptr<const math::Group> group;
  Manifest manifest;
  uint32_t n = 0;
  uint32_t k = 0;
  crypto::Hash32 h_p{};
  crypto::Hash32 h_b{};
  math::FixedBase g;

  // Create takes the manifest's group, n and k. INVALID_ARGUMENT for an
  // unknown group.
  static StatusOr<ElectionParameters> Create(const Manifest& manifest);
};

// FoxMode says how a guardian cheats (tests and `demo --fox`); honest
// guardians use kHonest.
enum class FoxMode {
  kHonest,
  kBadShare,       // ceremony attempt 1: a wrong (well-encrypted) share to one guardian
  kBadDecryption,  // tally decryption: a wrong partial decryption M_i
  kBoth,           // both of the above (`demo --fox`)
};

inline bool CheatsInCeremony(FoxMode m) { return m == FoxMode::kBadShare || m == FoxMode::kBoth; }
inline bool CheatsInDecryption(FoxMode m) {
  return m == FoxMode::kBadDecryption || m == FoxMode::kBoth;
}

// GuardianPublicKey is guardian i's public message in ceremony attempt a
// [§3.2.2, eq. 8–13].
struct GuardianPublicKey {
  uint32_t attempt = 0;
  uint32_t index = 0;
  std::vector<math::Element> vote_commitments;  // K_{i,0..k-1}
  std::vector<math::Element> data_commitments;  // K̂_{i,0..k-1}
  math::Element communication_key;              // κ_i
  crypto::CoefficientProof vote_proof;
  crypto::CoefficientProof data_proof;
};

// VerifyGuardianPublicKey checks shapes and both proofs (Verification 2).
Status VerifyGuardianPublicKey(const ElectionParameters& params, const GuardianPublicKey& key);

// ShareMessage is E_ℓ(P_i(ℓ), P̂_i(ℓ)) from sender i to recipient ℓ [eq. 15–22].
struct ShareMessage {
  uint32_t attempt = 0;
  uint32_t sender = 0;
  uint32_t recipient = 0;
  crypto::EncryptedShare share;
};

// Complaint: guardian `complainant` found the share from `accused` bad.
struct Complaint {
  uint32_t attempt = 0;
  uint32_t complainant = 0;
  uint32_t accused = 0;
  std::string reason;
};

// ShareReveal opens one encrypted share in public without revealing any key:
// the complainant ℓ publishes β = C0^ζ_ℓ with a Chaum–Pedersen proof that
// log_g κ_ℓ = log_C0 β (henhouse extension, docs/election.md), so anyone can
// derive the share keys [eq. 16–18] and decrypt [eq. 23].
struct ShareReveal {
  uint32_t attempt = 0;
  uint32_t sender = 0;
  uint32_t recipient = 0;
  math::Element beta;
  math::Scalar challenge;
  math::Scalar response;
};

// OpenRevealedShare checks the reveal's proof and decrypts the share.
// VERIFICATION_FAILED if the proof fails; the result is public.
StatusOr<std::pair<math::Scalar, math::Scalar>> OpenRevealedShare(
    const ElectionParameters& params, const GuardianPublicKey& recipient_key,
    const ShareMessage& message, const ShareReveal& reveal);

// ShareIsValid says whether a (revealed, public) share pair passes eq. 28/29
// against the sender's commitments.
bool ShareIsValid(const ElectionParameters& params, const GuardianPublicKey& sender_key,
                  uint32_t recipient, const math::Scalar& share, const math::Scalar& data_share);

// ShareKind says which key share a decryption uses: z_i (secret of K, for
// tallies) or ẑ_i (secret of K̂, for contest data [§3.6.6]).
enum class ShareKind { kVote, kData };

// ContestDataRef names one contest data ciphertext to decrypt: the ballot's
// H_I, ind_c and the ciphertext (owned by the caller).
struct ContestDataRef {
  crypto::Hash32 h_i{};
  uint32_t contest = 0;
  const crypto::EncryptedContestData* ct = nullptr;
};

// TallyDecryptionCommit is a guardian's first message in a decryption round:
// per option (flattened in tally order) M_i and d_i [eq. 84, 88].
struct TallyDecryptionCommit {
  uint32_t guardian = 0;
  std::vector<math::Element> partials;
  std::vector<crypto::Hash32> hashes;
};
// TallyDecryptionReveal is the second message: (a_i, b_i) per option [eq. 87].
struct TallyDecryptionReveal {
  uint32_t guardian = 0;
  std::vector<crypto::GuardianCommitment> commitments;
};

// Guardian is one guardian's party. Not thread-safe; one per member.
class Guardian {
 public:
  // Create makes a fresh guardian for ceremony `attempt` with index i: draws
  // its polynomials and communication key and writes them to
  // `dir`/attempt-<a>.secret (0600), its public key to `dir`/public-<a>.json.
  static StatusOr<std::unique_ptr<Guardian>> Create(const ElectionParameters& params,
                                                    uint32_t index, uint32_t attempt,
                                                    const std::string& dir, FoxMode fox,
                                                    Rng& rng);
  // Load reads a guardian that finished the ceremony (its key shares z_i,
  // ẑ_i from `dir`/shares.secret). NOT_FOUND / PERMISSION_DENIED / DATA_LOSS.
  static StatusOr<std::unique_ptr<Guardian>> Load(const ElectionParameters& params,
                                                  uint32_t index, const std::string& dir,
                                                  FoxMode fox);

  uint32_t index() const { return index_; }
  const GuardianPublicKey& public_key() const { return public_key_; }

  // --- Key ceremony [§3.2.2] ---
  // MakeShares encrypts P_i(ℓ), P̂_i(ℓ) for every other guardian ℓ.
  // REQUIRES: `keys` holds all n verified public keys of this attempt.
  StatusOr<std::vector<ShareMessage>> MakeShares(const std::vector<GuardianPublicKey>& keys,
                                                 Rng& rng) const;
  // ReceiveShares checks every other guardian's public key and every share
  // addressed to this guardian (proof eq. 22, decryption eq. 23, eq. 28/29)
  // and returns one complaint per bad sender. The good shares are kept.
  StatusOr<std::vector<Complaint>> ReceiveShares(const std::vector<GuardianPublicKey>& keys,
                                                 const std::vector<ShareMessage>& shares);
  // RevealShare opens a share this guardian complained about (ShareReveal).
  StatusOr<ShareReveal> RevealShare(const ShareMessage& message, Rng& rng) const;
  // Finish computes z_i = Σ_j P_j(i), ẑ_i [eq. 24] and writes them to
  // `dir`/shares.secret (0600); the coefficients file is then removed
  // [§3.2.2: only z_i and ẑ_i need be kept]. FAILED_PRECONDITION unless all
  // n−1 shares were received and valid.
  Status Finish();

  // --- Decryption [§3.6] ---
  // CommitTally starts round `round` over the statements (the flattened
  // aggregate ciphertexts [eq. 84, 87, 88], or contest data ciphertexts with
  // kind kData [eq. 96, 98, 99]) and the round's guardian set U. For
  // contest data it first checks each ciphertext's proof C2 (§3.6.6: "only
  // if this is the case"), given in `data_cts` parallel to `statements`.
  StatusOr<TallyDecryptionCommit> CommitTally(
      uint32_t round, const std::vector<crypto::DecryptionStatement>& statements,
      const std::vector<uint32_t>& available, Rng& rng, ShareKind kind = ShareKind::kVote,
      const std::vector<ContestDataRef>* data_cts = nullptr);
  // RevealTally returns (a_i, b_i) once it has seen every d_j of the round.
  // FAILED_PRECONDITION if a guardian of U sent no commitment.
  StatusOr<TallyDecryptionReveal> RevealTally(
      uint32_t round, const std::map<uint32_t, TallyDecryptionCommit>& commits);
  // RespondTally returns v_i per option for challenges c (eq. 91, 92, 102)
  // with the round's share kind, and consumes the round's nonces.
  StatusOr<std::vector<math::Scalar>> RespondTally(uint32_t round,
                                                   const std::vector<math::Scalar>& challenges,
                                                   const math::Scalar& lagrange);
  // PartialDecryptNonce returns m_i = C0^ẑ_i for a ballot nonce encryption
  // after checking its proof [eq. 107].
  StatusOr<math::Element> PartialDecryptNonce(const crypto::Hash32& h_i,
                                              const crypto::EncryptedBallotNonce& ct) const;

 private:
  Guardian(const ElectionParameters& params, uint32_t index, std::string dir, FoxMode fox)
      : params_(params), index_(index), dir_(std::move(dir)), fox_(fox) {}
  Status SaveShares() const;

  const ElectionParameters& params_;
  uint32_t index_;
  std::string dir_;
  FoxMode fox_;
  GuardianPublicKey public_key_;
  std::vector<math::SecretScalar> vote_coefficients_;
  std::vector<math::SecretScalar> data_coefficients_;
  math::SecretScalar communication_secret_;
  std::map<uint32_t, crypto::SharePair> received_;  // sender -> shares for us
  math::SecretScalar vote_share_;                    // z_i
  math::SecretScalar data_share_;                    // ẑ_i
  bool finished_ = false;
  uint32_t round_ = 0;
  std::vector<crypto::GuardianNonce> nonces_;
  std::vector<crypto::DecryptionStatement> statements_;
  std::vector<uint32_t> available_;
  ShareKind kind_ = ShareKind::kVote;
  TallyDecryptionCommit own_commit_;
};

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_GUARDIAN_H_
