// Hashed ElGamal encryption of data [2.1 §3.2.2 share encryption, §3.3.4
// ballot nonces, §3.3.10 contest data], its decryption, and the nonce
// derivations of §3.3.3.
//
// All three ciphertexts have the spec's form C = (C0, C1, C2):
//   C0 = α = g^ξ, β = K^ξ (K = κ_ℓ, K̂) and h = H(key; sep, ..., α, β),
//   C1 = data ⊕ KDF(h),
//   C2 = (c, v), a Schnorr proof of knowledge of ξ whose challenge covers C0
//   and C1.
// Note on integrity: 2.1 has no MAC in these ciphertexts (1.0 had one); the
// Schnorr proof C2 binds C1, so any change to C0, C1 or C2 fails its check.
// Decrypt functions check C2 first and fail with VERIFICATION_FAILED naming
// the ciphertext; the comparison is constant-time.
// Labels: the spec's KDF labels and contexts contain underscores
// ("share_enc_keys", "share_encrypt", "ballot_nonce", "ballot_nonce_encrypt",
// "data_enc_keys", "contest_data"); the plain-text rendering of the PDF shows
// spaces, the page itself underscores (docs/spec_map.md, "Ambiguities").
#ifndef HENHOUSE_CRYPTO_HASHED_ELGAMAL_H_
#define HENHOUSE_CRYPTO_HASHED_ELGAMAL_H_

#include <cstdint>
#include <utility>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/secret.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// ---- KDF in counter mode (NIST SP 800-108r1 with HMAC-SHA-256) -----------

// KdfBlock returns HMAC(key, counter ∥ label ∥ 0x00 ∥ context ∥ length): one
// 32-byte block of the spec's KDFs. The spec fixes the widths per use:
// share encryption: counter 1 byte, length 0x0200 (eq. 17, 18); ballot
// nonce: counter 1 byte, length 0x0100 (eq. 36); contest data: counter and
// length b(·, 4) (eq. 66). `counter` and `length` are passed as bytes so
// every call states them exactly.
SecretBytes KdfBlock(ByteSpan key, ByteSpan counter, std::string_view label, ByteSpan context,
                     ByteSpan length);

// ---- Schnorr proof of the encryption nonce (C2) ----------------------------

// NonceProof is C2 = (c, v) with v = u − c·ξ. Its hash encoding is
// b(c, lq) ∥ b(v, lq) (b(C2, 64) in the §5.5 tables).
struct NonceProof {
  math::Scalar challenge;
  math::Scalar response;
  Bytes Encode() const;
};
// ParseNonceProof reads b(c, lq) ∥ b(v, lq), both < q.
StatusOr<NonceProof> ParseNonceProof(const math::Group& group, ByteSpan bytes);

// ---- Guardian share encryption [§3.2.2, eq. 15–23] -------------------------

// kShareCiphertextBytes is the length of C_{i,ℓ,1}: b(P_i(ℓ),32) ∥ b(P̂_i(ℓ),32).
inline constexpr size_t kShareCiphertextBytes = 64;

// EncryptedShare is E_ℓ(P_i(ℓ), P̂_i(ℓ)) = (C_{i,ℓ,0}, C_{i,ℓ,1}, C_{i,ℓ,2}).
struct EncryptedShare {
  math::Element c0;  // α_{i,ℓ} = g^ξ
  Bytes c1;          // 64 bytes
  NonceProof c2;
};

// SharePair is (P_i(ℓ), P̂_i(ℓ)): the vote key share and the data key share.
struct SharePair {
  math::SecretScalar vote;
  math::SecretScalar data;
};

// EncryptShare encrypts guardian `sender`'s shares for guardian `receiver`
// under the receiver's communication key κ_ℓ [eq. 15–22]:
// k_{i,ℓ} = H(H_P; 0x11, i, ℓ, κ_ℓ, α, β), k1/k2 by the KDF with
// Label "share_enc_keys", Context "share_encrypt" ∥ b(i,4) ∥ b(ℓ,4),
// C1 = (b(P,32) ⊕ k1) ∥ (b(P̂,32) ⊕ k2), c̄ = H_q(H_P; 0x12, i, ℓ, γ, C0, C1).
// Scalars are written as 32 bytes (left-padded with zeros where lq < 32, toy
// groups). INVALID_ARGUMENT if sender == receiver or an index is 0 or ≥ 2^31.
StatusOr<EncryptedShare> EncryptShare(const math::FixedBase& g, const Hash32& h_p,
                                      uint32_t sender, uint32_t receiver,
                                      const math::Element& receiver_key, const SharePair& shares,
                                      Rng& rng);

// VerifyShareProof checks C2 of an encrypted share [§3.2.2 "Share
// decryption"]: γ = g^v̄·C0^c̄ and c̄ = H_q(H_P; 0x12, i, ℓ, γ, C0, C1).
// Anyone can run it. VERIFICATION_FAILED "encrypted share i→ℓ: proof of
// nonce knowledge does not verify"; INVALID_ARGUMENT if C1 is not 64 bytes.
Status VerifyShareProof(const math::FixedBase& g, const Hash32& h_p, uint32_t sender,
                        uint32_t receiver, const EncryptedShare& ct);

// DecryptShare is run by the receiver ℓ with its communication secret ζ_ℓ
// (κ_ℓ = g^ζ_ℓ): it checks C2 (VerifyShareProof), computes β = C0^ζ_ℓ, the
// keys, and eq. 23. VERIFICATION_FAILED if the proof fails or a decrypted
// value is not < q ("decrypted share i→ℓ is not an integer mod q"). The
// caller still checks the shares against the sender's commitments
// (VerifyShare in schnorr.h, eq. 28/29).
StatusOr<SharePair> DecryptShare(const math::FixedBase& g, const Hash32& h_p, uint32_t sender,
                                 uint32_t receiver, const math::Element& receiver_key,
                                 const math::SecretScalar& receiver_secret,
                                 const EncryptedShare& ct);

// DecryptShareWithBeta decrypts C1 given β = C0^(ζ_ℓ) = κ_ℓ^ξ directly
// [eq. 16–18, 23]: for a share opened in public (a sender reveals β, or ξ
// from which β = κ_ℓ^ξ, to settle a complaint). It does NOT check C2 (call
// VerifyShareProof) nor that β is right (the caller proves or recomputes
// it). INVALID_ARGUMENT if C1 is not 64 bytes or an index is bad;
// VERIFICATION_FAILED if a decrypted value is not < q.
StatusOr<SharePair> DecryptShareWithBeta(const math::Group& group, const Hash32& h_p,
                                         uint32_t sender, uint32_t receiver,
                                         const math::Element& receiver_key,
                                         const EncryptedShare& ct, const math::Element& beta);

// ---- Ballot nonce encryption [§3.3.4, eq. 34–38] ---------------------------

// kBallotNonceBytes is the length of ξ_B (and of C_{ξB,1}).
inline constexpr size_t kBallotNonceBytes = 32;

struct EncryptedBallotNonce {
  math::Element c0;  // α_B = g^ξ̂_B
  Bytes c1;          // b(ξ_B, 32) ⊕ k1
  NonceProof c2;     // c_B = H_q(H_I; 0x23, a_B, C0, C1)
};

// EncryptBallotNonce encrypts the 32-byte ballot nonce ξ_B under K̂
// (`data_key`, a table) with a fresh ξ̂_B from `rng`: h = H(H_I; 0x22, α, β),
// k1 = HMAC(h, 0x01 ∥ "ballot_nonce" ∥ 0x00 ∥ "ballot_nonce_encrypt" ∥ 0x0100).
// INVALID_ARGUMENT unless ballot_nonce has 32 bytes.
StatusOr<EncryptedBallotNonce> EncryptBallotNonce(const math::FixedBase& g,
                                                  const math::FixedBase& data_key,
                                                  const Hash32& h_i,
                                                  const SecretBytes& ballot_nonce, Rng& rng);

// VerifyBallotNonceProof checks C2: a_B = g^v·C0^c, c = H_q(H_I; 0x23, a_B, C0, C1)
// [§3.6.7]. VERIFICATION_FAILED "encrypted ballot nonce: proof ... does not
// verify"; INVALID_ARGUMENT if C1 is not 32 bytes.
Status VerifyBallotNonceProof(const math::FixedBase& g, const Hash32& h_i,
                              const EncryptedBallotNonce& ct);

// DecryptBallotNonce recovers ξ_B given β_B = C0^ŝ, i.e. the Lagrange
// combination of the guardians' partial decryptions m_i = C0^(ẑ_i)
// (CombinePartialDecryptions in decryption.h) [eq. 107, 108]. It checks C2
// first (VerifyBallotNonceProof).
StatusOr<SecretBytes> DecryptBallotNonce(const math::FixedBase& g, const Hash32& h_i,
                                         const EncryptedBallotNonce& ct,
                                         const math::Element& beta);

// ---- Contest data encryption [§3.3.10, eq. 63–69] --------------------------

// kMaxContestDataBlocks bounds b_Λ: b_Λ·256 must fit in 31 bits (§3.3.10).
inline constexpr uint32_t kMaxContestDataBlocks = (1u << 23) - 1;

struct EncryptedContestData {
  math::Element c0;  // α = g^ξ
  Bytes c1;          // D ⊕ (k_1 ∥ ... ∥ k_b), 32·b_Λ bytes
  NonceProof c2;     // c = H_q(H_I; 0x27, ind_c, a, C0, C1)

  size_t blocks() const { return c1.size() / 32; }
};

// EncryptContestData encrypts D (32·b_Λ bytes, b_Λ ≥ 1) under K̂ with the
// derived nonce ξ = H_q(H_I; 0x25, ind_c, ξ_B) (DeriveContestDataNonce):
// h = H(H_I; 0x26, ind_c, α, β), k_i = HMAC(h, b(i,4) ∥ "data_enc_keys" ∥
// 0x00 ∥ "contest_data" ∥ b(ind_c,4) ∥ b(b_Λ·256, 4)). The proof nonce u
// comes from `rng`. INVALID_ARGUMENT if D is empty, not a multiple of 32
// bytes, or longer than kMaxContestDataBlocks blocks.
StatusOr<EncryptedContestData> EncryptContestData(const math::FixedBase& g,
                                                  const math::FixedBase& data_key,
                                                  const Hash32& h_i, uint32_t contest_index,
                                                  const math::SecretScalar& nonce,
                                                  ByteSpan data, Rng& rng);

// VerifyContestDataProof checks C2: a = g^v·C0^c, c = H_q(H_I; 0x27, ind_c, a,
// C0, C1) [§3.6.6]. VERIFICATION_FAILED "contest data (contest N): proof ...";
// INVALID_ARGUMENT for a C1 that is empty or not whole blocks.
Status VerifyContestDataProof(const math::FixedBase& g, const Hash32& h_i,
                              uint32_t contest_index, const EncryptedContestData& ct);

// DecryptContestData returns D given β = C0^ŝ (threshold decryption, eq. 97)
// or β = K̂^ξ (known nonce, eq. 110) [eq. 104–106, 111]; it checks C2 first.
// D is returned as plain Bytes: decrypted contest data is published
// (Verification 12).
StatusOr<Bytes> DecryptContestData(const math::FixedBase& g, const Hash32& h_i,
                                   uint32_t contest_index, const EncryptedContestData& ct,
                                   const math::Element& beta);

// ---- Nonce derivation [§3.3.3, §3.3.10] -------------------------------------

// DeriveSelectionNonce returns ξ_{i,j} = H_q(H_I; 0x21, i, j, ξ_B) [eq. 33].
// REQUIRES: ballot_nonce has 32 bytes; indices < 2^31.
math::SecretScalar DeriveSelectionNonce(const math::Group& group, const Hash32& h_i,
                                        uint32_t contest_index, uint32_t option_index,
                                        const SecretBytes& ballot_nonce);
// DeriveContestDataNonce returns ξ = H_q(H_I; 0x25, ind_c, ξ_B) [eq. 64].
math::SecretScalar DeriveContestDataNonce(const math::Group& group, const Hash32& h_i,
                                          uint32_t contest_index,
                                          const SecretBytes& ballot_nonce);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_HASHED_ELGAMAL_H_
