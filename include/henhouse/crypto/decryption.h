// Verifiable threshold decryption [2.1 §3.6.3–§3.6.6]: partial decryptions
// M_i = A^(z_i), Lagrange combination M = Π M_i^(w_i), and the joint
// Chaum–Pedersen proof that M = A^s for K = g^s, produced by the available
// guardians U in a commit-then-reveal round:
//
//   guardian i (prover side)              | coordinator / anyone (verifier side)
//   M_i = PartialDecrypt(A, z_i)          |
//   (u_i, a_i, b_i) = CommitToDecryption  |
//   d_i = CommitmentHash(...)  --- d_i -->| collects every d_j first
//   (a_i, b_i) after all d_j  ----------->| CheckCommitmentHash for each j
//                                         | w = LagrangeCoefficients(U)
//                                         | M = CombinePartialDecryptions(M_i, w)
//                                         | (a, b) = AccumulateCommitments
//                                         | c = DecryptionChallenge(a, b, M)
//   v_i = RespondToChallenge(u_i, c, w_i, z_i) -->
//                                         | VerifyGuardianResponse for each i
//                                         |   (names a cheating guardian)
//                                         | proof = (c, Σ v_i)
//   Verifier (record): VerifyDecryptionProof / VerifyTallyDecryption, from
//   public values only: g, K (or K̂), the ciphertext, M (or t), (c, v).
//
// The same machinery serves tallies (A, B) [eq. 87–93, Verification 10] and
// contest data (C0, C1, C2) [eq. 98–103, Verification 12] via
// DecryptionStatement; ballot nonces [§3.6.7] use PartialDecrypt and
// CombinePartialDecryptions only (the spec gives them no proof: the derived
// nonces are checked by re-encryption).
#ifndef HENHOUSE_CRYPTO_DECRYPTION_H_
#define HENHOUSE_CRYPTO_DECRYPTION_H_

#include <cstdint>
#include <span>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/elgamal.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/crypto/hashed_elgamal.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// DecryptionStatement says what is decrypted and how its proof hashes are
// formed: the hash key, the two separation bytes, the index bytes, the
// ciphertext bytes, and the base A (or C0) that the secret exponentiates.
class DecryptionStatement {
 public:
  // ForTally: option `option_index` of contest `contest_index`, aggregate
  // (A, B). d_i = H(H_E; 0x30, ind_c, ind_o, i, A, B, a_i, b_i, M_i, U) and
  // c = H_q(H_E; 0x31, ind_c, ind_o, A, B, a, b, M) [eq. 88, 90].
  static DecryptionStatement ForTally(const Hash32& h_e, uint32_t contest_index,
                                      uint32_t option_index, const Ciphertext& ab);
  // ForContestData: d_i = H(H_I; 0x32, ind_c, i, C0, C1, C2, a_i, b_i, m_i, U)
  // and c = H_q(H_I; 0x33, ind_c, C0, C1, C2, a, b, β) [eq. 99, 101]. The key
  // is H_I for both, as eq. 99 writes it (the §5.5.4 table says B0 = H_E for
  // 0x32; see docs/spec_map.md, "Ambiguities").
  static DecryptionStatement ForContestData(const Hash32& h_i, uint32_t contest_index,
                                            const EncryptedContestData& ct);

  // base is A (tally) or C0 (contest data).
  const math::Element& base() const { return base_; }
  const Hash32& key() const { return key_; }
  uint8_t commit_separator() const { return commit_sep_; }
  uint8_t challenge_separator() const { return challenge_sep_; }
  // indices: b(ind_c,4) ∥ b(ind_o,4) for tallies, b(ind_c,4) for contest data.
  ByteSpan indices() const { return indices_; }
  // ciphertext_bytes: b(A) ∥ b(B), or b(C0) ∥ C1 ∥ b(C2, 2·lq).
  ByteSpan ciphertext_bytes() const { return ciphertext_; }

 private:
  DecryptionStatement() = default;
  Hash32 key_{};
  uint8_t commit_sep_ = 0;
  uint8_t challenge_sep_ = 0;
  Bytes indices_;
  Bytes ciphertext_;
  math::Element base_;
};

// GuardianCommitment is (a_i, b_i) = (g^(u_i), A^(u_i)) [eq. 87], or the
// accumulated (a, b) [eq. 89].
struct GuardianCommitment {
  math::Element a;
  math::Element b;
};

// GuardianNonce is a guardian's secret u_i with its commitment. Use it for
// exactly one challenge response; it is wiped when destroyed.
struct GuardianNonce {
  math::SecretScalar u;
  GuardianCommitment commitment;
};

// DecryptionProof is (c, v) as published [eq. 90, 93].
struct DecryptionProof {
  math::Scalar challenge;
  math::Scalar response;
};

// ---- Prover side (a guardian holding z_i) ----------------------------------

// PartialDecrypt returns M_i = base^(z_i) [eq. 84, 96, 107], constant-time in
// the share.
math::Element PartialDecrypt(const math::Element& base, const math::SecretScalar& share);

// CommitToDecryption draws u_i and returns it with (g^(u_i), base^(u_i))
// [eq. 87, 98]. Constant-time in u_i.
GuardianNonce CommitToDecryption(const math::FixedBase& g, const DecryptionStatement& statement,
                                 Rng& rng);

// CommitmentHash returns d_i [eq. 88, 99]; `available` is U in the order all
// guardians use (increasing indices), hashed as b(#U,4) ∥ b(j_1,4) ∥ ....
// REQUIRES: indices < 2^31.
Hash32 CommitmentHash(const DecryptionStatement& statement, uint32_t guardian_index,
                      const GuardianCommitment& commitment,
                      const math::Element& partial_decryption,
                      std::span<const uint32_t> available);

// RespondToChallenge returns v_i = u_i − (c·w_i)·z_i mod q [eq. 91, 92, 102].
// The result is public (it is sent and published); the nonce is consumed.
math::Scalar RespondToChallenge(GuardianNonce nonce, const math::Scalar& challenge,
                                const math::Scalar& lagrange_coefficient,
                                const math::SecretScalar& share);

// ---- Coordinator / verifier side (public values only) ----------------------

// CheckCommitmentHash recomputes d_i from the revealed (a_i, b_i) and M_i.
// VERIFICATION_FAILED "guardian i: revealed commitment does not match its
// hash d_i".
Status CheckCommitmentHash(const DecryptionStatement& statement, uint32_t guardian_index,
                           const GuardianCommitment& commitment,
                           const math::Element& partial_decryption,
                           std::span<const uint32_t> available, const Hash32& commitment_hash);

// LagrangeCoefficients returns w_i = Π_{ℓ∈U, ℓ≠i} ℓ/(ℓ−i) mod q [eq. 85] for
// each i in `available`, in the same order. INVALID_ARGUMENT if U is empty,
// has a duplicate, a 0, or an index ≥ 2^31.
StatusOr<std::vector<math::Scalar>> LagrangeCoefficients(const math::Group& group,
                                                         std::span<const uint32_t> available);

// CombinePartialDecryptions returns Π M_i^(w_i) [eq. 86, 97, 108] by one
// multi-exponentiation. INVALID_ARGUMENT if the spans differ in length or are
// empty.
StatusOr<math::Element> CombinePartialDecryptions(const math::Group& group,
                                                  std::span<const math::Element> partials,
                                                  std::span<const math::Scalar> coefficients);

// AccumulateCommitments returns (Π a_i, Π b_i) [eq. 89, 100].
// REQUIRES: non-empty.
GuardianCommitment AccumulateCommitments(const math::Group& group,
                                         std::span<const GuardianCommitment> commitments);

// DecryptionChallenge returns c [eq. 90, 101] for the accumulated commitment
// and the combined M (or β).
math::Scalar DecryptionChallenge(const math::Group& group, const DecryptionStatement& statement,
                                 const GuardianCommitment& accumulated,
                                 const math::Element& combined);

// VerifyGuardianResponse checks one guardian's response [Note 3.7, eq. 94,
// 95]: a_i = g^(v_i)·(g^(z_i))^(c_i) and b_i = base^(v_i)·M_i^(c_i) with
// c_i = c·w_i. `share_key` is g^(z_i) (GuardianShareKey in schnorr.h).
// VERIFICATION_FAILED "guardian i: decryption response does not match
// commitment a_i" (or b_i — the b_i case means M_i is wrong).
Status VerifyGuardianResponse(const math::FixedBase& g, const DecryptionStatement& statement,
                              uint32_t guardian_index, const math::Element& share_key,
                              const math::Element& partial_decryption,
                              const GuardianCommitment& commitment,
                              const math::Scalar& challenge,
                              const math::Scalar& lagrange_coefficient,
                              const math::Scalar& response);

// AccumulateResponses returns v = Σ v_i mod q [eq. 93, 103].
// REQUIRES: non-empty.
math::Scalar AccumulateResponses(std::span<const math::Scalar> responses);

// VerifyDecryptionProof checks (c, v) for M (or β) under public key K (or
// K̂) [Verification 10.2, 10.3, 10.B; 12.1, 12.2, 12.B]: a = g^v·K^c,
// b = base^v·M^c, c = H_q(...). VERIFICATION_FAILED "decryption proof
// challenge mismatch".
Status VerifyDecryptionProof(const math::FixedBase& g, const math::Element& public_key,
                             const DecryptionStatement& statement,
                             const math::Element& combined, const DecryptionProof& proof);

// VerifyTallyDecryption is Verification 10 for a published tally t:
// T = K^t (10.C by construction), M = B·T^(−1) (10.1), then
// VerifyDecryptionProof with DecryptionStatement::ForTally.
Status VerifyTallyDecryption(const ElGamalKey& key, const Hash32& h_e, uint32_t contest_index,
                             uint32_t option_index, const Ciphertext& ab, uint64_t tally,
                             const DecryptionProof& proof);

// TallyFromCombined returns t with K^t = B·M^(−1) [eq. 82] using a prebuilt
// table for K. NOT_FOUND if t exceeds the table's bound.
StatusOr<uint64_t> TallyFromCombined(const Ciphertext& ab, const math::Element& combined,
                                     const DiscreteLog& log_table);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_DECRYPTION_H_
