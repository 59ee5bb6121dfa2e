// Disjunctive Chaum–Pedersen range proofs [2.1 §3.3.5–§3.3.8]: a proof that
// (α, β) = (g^ξ, K^(ξ+ℓ)) encrypts some ℓ ∈ {0, 1, ..., R}, without saying
// which. Used for each selection (R = option selection limit, challenge
// eq. 59) and for each contest sum (R = L, the contest selection limit,
// eq. 62).
//
// The challenge hash differs per use only in its key and the bytes before α:
//   selection:   c = H_q(H_I; 0x24, ind_c, ind_o, α, β, a0, b0, ..., aR, bR)
//   contest sum: c = H_q(H_I; 0x24, ind_c,        ᾱ, β̄, a0, b0, ..., aL, bL)
// RangeProofContext carries that key and prefix; election code builds it
// with ForSelection / ForContest and supplies the indices.
#ifndef HENHOUSE_CRYPTO_RANGE_PROOF_H_
#define HENHOUSE_CRYPTO_RANGE_PROOF_H_

#include <cstdint>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/elgamal.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// kMaxRange bounds R (and L): the proof has R+1 branches, each costing four
// exponentiations, so a larger R is a mistake in the manifest, not a ballot.
inline constexpr uint64_t kMaxRange = 1000;

// RangeProofContext is the hash key (H_I of the ballot) and the bytes of the
// challenge input that precede α: the separation byte 0x24 and the indices.
// `prefix` starts with the separation byte; build it with the factories.
struct RangeProofContext {
  Hash32 key;
  Bytes prefix;

  // ForSelection: key H_I, prefix 0x24 ∥ b(ind_c, 4) ∥ b(ind_o, 4) [eq. 59].
  // REQUIRES: indices < 2^31 (election code validates the manifest).
  static RangeProofContext ForSelection(const Hash32& h_i, uint32_t contest_index,
                                        uint32_t option_index);
  // ForContest: key H_I, prefix 0x24 ∥ b(ind_c, 4) [eq. 62].
  static RangeProofContext ForContest(const Hash32& h_i, uint32_t contest_index);
};

// RangeProof is (c_0, ..., c_R, v_0, ..., v_R) [§3.3.7]: both vectors have
// R+1 entries. The joint challenge c = Σ c_j is not stored; the verifier
// recomputes it from the hash.
struct RangeProof {
  std::vector<math::Scalar> challenges;  // c_j
  std::vector<math::Scalar> responses;   // v_j

  size_t range() const { return challenges.empty() ? 0 : challenges.size() - 1; }
  // Encode returns c_0 ∥ v_0 ∥ c_1 ∥ v_1 ∥ ... (each b(x, lq)).
  Bytes Encode() const;
};

// ParseRangeProof reads the Encode() form for range R: exactly
// 2·(R+1)·ScalarSize() bytes, each value < q (checks 6.B/6.C, 7.B/7.C).
// INVALID_ARGUMENT names the first bad c_j or v_j.
StatusOr<RangeProof> ParseRangeProof(const math::Group& group, ByteSpan bytes, uint64_t range);

// ProveRange proves that `ct` = (g^ξ, K^(ξ+ℓ)) encrypts ℓ ∈ [0, R]
// [§3.3.7, eq. 57–61]. The nonces u_j and fake challenges c_j come from
// `rng`. Exponentiations use the tables of `key` with PowNonce (proof nonces
// are as sensitive as the ballot nonce and live on the same device).
// Errors: INVALID_ARGUMENT if ℓ > R, R = 0 or R > kMaxRange, or if ct is not
// (g^ξ, K^(ξ+ℓ)) (checked: a prover never emits a proof of a false
// statement — it would not verify, and it would reveal a bug). The check
// costs two exponentiations: to encrypt a selection and prove it, call
// EncryptWithRangeProof instead; ProveRange is for ciphertexts made
// elsewhere, such as a contest's aggregate (ᾱ, β̄).
StatusOr<RangeProof> ProveRange(const ElGamalKey& key, const Ciphertext& ct,
                                const math::SecretScalar& nonce, uint64_t plaintext,
                                uint64_t range, const RangeProofContext& context, Rng& rng);

// ProvenCiphertext is an encryption with its range proof.
struct ProvenCiphertext {
  Ciphertext ciphertext;
  RangeProof proof;
};

// EncryptWithRangeProof encrypts ℓ with nonce ξ (ElGamalKey::Encrypt) and
// proves it is in [0, R]: the ballot-encryption path for one selection. It
// skips ProveRange's re-encryption check, since it made the ciphertext.
// Errors: INVALID_ARGUMENT if ℓ > R or R is out of [1, kMaxRange].
StatusOr<ProvenCiphertext> EncryptWithRangeProof(const ElGamalKey& key, uint64_t plaintext,
                                                 const math::SecretScalar& nonce, uint64_t range,
                                                 const RangeProofContext& context, Rng& rng);

// VerifyRange checks a range proof for `ct` [Verification 6 / 7]: it
// recomputes a_j = g^(v_j)·α^(c_j) and b_j = K^(w_j)·β^(c_j) with
// w_j = v_j − j·c_j (eq. 6.1, 6.2), the challenge c (6.3), and checks
// c = Σ c_j (6.D). Errors (VERIFICATION_FAILED): "range proof has N
// challenges, expected R+1", "range proof challenges do not sum to the
// challenge hash". INVALID_ARGUMENT for R out of range.
Status VerifyRange(const ElGamalKey& key, const Ciphertext& ct, const RangeProof& proof,
                   uint64_t range, const RangeProofContext& context);

// VerifyRangeEncoded is VerifyRange starting from the encoded α and β as
// they appear in a record: it parses both with subgroup-membership checks
// (6.A) sharing the squaring chain with α^(c_j), β^(c_j)
// (Group::ParseElementWithPowers) and returns the parsed ciphertext.
// INVALID_ARGUMENT names "alpha" or "beta" when parsing fails.
StatusOr<Ciphertext> VerifyRangeEncoded(const ElGamalKey& key, ByteSpan alpha, ByteSpan beta,
                                        const RangeProof& proof, uint64_t range,
                                        const RangeProofContext& context);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_RANGE_PROOF_H_
