// Ballot encryption [2.1 §3.3], confirmation codes and voting devices
// [§3.4], and the encrypted ballot as it appears in the record.
#ifndef HENHOUSE_ELECTION_BALLOT_H_
#define HENHOUSE_ELECTION_BALLOT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/elgamal.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/crypto/hashed_elgamal.h"
#include "henhouse/crypto/range_proof.h"
#include "henhouse/election/ceremony.h"
#include "henhouse/election/contest_data.h"

namespace henhouse::election {

// PlaintextBallot is a voter's choices: for each contest of the style, in
// manifest order, the value σ given to each option (0..R), and optionally
// (`inputs` empty, or one per contest) overvote marks and write-in texts
// for the contest data [§3.3.10].
struct PlaintextBallot {
  std::string style;
  std::vector<std::vector<uint32_t>> selections;
  std::vector<ContestInput> inputs;
};

// ValidatePlaintext checks a ballot against the manifest: a known style, one
// entry per contest of the style, one value per option, each σ ≤ R and
// Σσ ≤ L, and each contest's input (ValidateContestInput).
// INVALID_ARGUMENT names the contest and the limit exceeded.
Status ValidatePlaintext(const Manifest& manifest, const PlaintextBallot& ballot);

struct EncryptedSelection {
  crypto::Ciphertext ct;
  crypto::RangeProof proof;
};

struct EncryptedContest {
  uint32_t index = 0;  // ind_c
  std::vector<EncryptedSelection> selections;
  crypto::RangeProof limit_proof;
  crypto::EncryptedContestData data;  // C_Λ = (C0, C1, C2)  [eq. 63–69]
  crypto::Hash32 contest_hash{};      // χ_l  [eq. 70]
};

using ChainingField = std::array<uint8_t, 36>;

struct EncryptedBallot {
  uint64_t number = 0;
  std::string device;
  std::string style;
  bool challenged = false;
  crypto::Hash32 id{};   // id_B
  crypto::Hash32 h_i{};  // H_I  [eq. 32]
  std::vector<EncryptedContest> contests;
  crypto::EncryptedBallotNonce nonce_encryption;
  ChainingField chaining_field{};
  crypto::Hash32 confirmation_code{};
};

// BallotEncrypter encrypts ballots for one election. Build once (it holds the
// fixed-base tables for g, K and K̂); Encrypt is thread-safe.
class BallotEncrypter {
 public:
  static StatusOr<BallotEncrypter> Create(const ElectionParameters& params,
                                          const ElectionKeys& keys);
  // Encrypt draws id_B and ξ_B, derives the nonces [eq. 33], encrypts every
  // selection [eq. 31] with range proofs [eq. 57–61] and each contest's sum
  // with a limit proof [eq. 62], encrypts each contest's data D under K̂
  // with ξ of eq. 64 [eq. 63–69], encrypts ξ_B [eq. 34–38] and computes the
  // contest hashes [eq. 70]. The chaining field and confirmation code are
  // left for VotingDevice::Seal. Errors: those of ValidatePlaintext.
  StatusOr<EncryptedBallot> Encrypt(const PlaintextBallot& ballot, Rng& rng) const;

  const crypto::ElGamalKey& vote_key() const { return vote_key_; }

 private:
  BallotEncrypter(const ElectionParameters& params, const ElectionKeys& keys,
                  crypto::ElGamalKey vote_key, math::FixedBase data_key)
      : params_(&params), keys_(&keys), vote_key_(std::move(vote_key)),
        data_key_(std::move(data_key)) {}
  StatusOr<EncryptedContest> EncryptContest(uint32_t contest_index,
                                            const std::vector<uint32_t>& values,
                                            const ContestInput& input,
                                            const crypto::Hash32& h_i,
                                            const SecretBytes& ballot_nonce, Rng& rng) const;
  const ElectionParameters* params_;
  const ElectionKeys* keys_;
  crypto::ElGamalKey vote_key_;
  math::FixedBase data_key_;
};

enum class ChainingMode { kNone, kSimple };

// VotingDevice assigns chaining fields and confirmation codes in the order
// ballots are processed on the device [§3.4.2–3.4.4].
class VotingDevice {
 public:
  // Create: `id` is [A-Za-z0-9-]{1,64}; `info` is S_device.
  static StatusOr<VotingDevice> Create(const crypto::Hash32& h_e, std::string id,
                                       std::string info, ChainingMode mode);
  // Seal sets the ballot's device, chaining field B_C [eq. 73, 76] and
  // confirmation code H_C [eq. 71]. Ballots must be sealed in order.
  void Seal(EncryptedBallot& ballot);
  // Closing returns (B_C, H) of eq. 77, 78 for simple chaining.
  std::pair<ChainingField, crypto::Hash32> Closing() const;

  const std::string& id() const { return id_; }
  const std::string& info() const { return info_; }
  ChainingMode mode() const { return mode_; }
  const crypto::Hash32& h_di() const { return h_di_; }
  const crypto::Hash32& h_0() const { return h_0_; }
  uint64_t count() const { return count_; }

 private:
  VotingDevice() = default;
  crypto::Hash32 h_e_{};
  std::string id_;
  std::string info_;
  ChainingMode mode_ = ChainingMode::kNone;
  crypto::Hash32 h_di_{};
  crypto::Hash32 h_0_{};
  crypto::Hash32 last_{};
  uint64_t count_ = 0;
};

// ConfirmationCode returns H_C = H(H_I; 0x29, χ_1, …, χ_m, B_C)  [eq. 71].
crypto::Hash32 ConfirmationCode(const EncryptedBallot& ballot, const ChainingField& field);
// ContestHash returns χ_l = H(H_I; 0x28, l, α_1, β_1, …, α_m, β_m, C0, C1,
// C2) [eq. 70], C2 hashed as b(c, lq) ∥ b(v, lq).
crypto::Hash32 ContestHash(const crypto::Hash32& h_i, uint32_t contest_index,
                           const std::vector<crypto::Ciphertext>& cts,
                           const crypto::EncryptedContestData& data);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_BALLOT_H_
