// Guardian key material of the 2.1 key ceremony [§3.2.2]: the compact
// Schnorr proof of knowledge of all k polynomial coefficients a_{i,j} and of
// the communication key ζ_i under one challenge (eq. 10–13, Verification 2),
// polynomial evaluation for shares, and the checks of shares against
// coefficient commitments (eq. 14, 28, 29, 94).
#ifndef HENHOUSE_CRYPTO_SCHNORR_H_
#define HENHOUSE_CRYPTO_SCHNORR_H_

#include <cstdint>
#include <span>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// KeyPurpose selects which of the two guardian key sets a proof is for: the
// vote encryption key K ("pk_vote", eq. 11) or the ballot data encryption key
// K̂ ("pk_data", eq. 13). The §5.5.2 table gives the bytes: 706B5F766F7465 and
// 706B5F64617461, with an underscore (0x5F).
enum class KeyPurpose { kVote, kData };

// KeyPurposeLabel returns "pk_vote" or "pk_data" (hashed as 7 UTF-8 bytes).
std::string_view KeyPurposeLabel(KeyPurpose purpose);

// CoefficientProof is (c_i, v_{i,0}, ..., v_{i,k−1}, v_{i,k}): one challenge
// and k+1 responses, the last for ζ_i [§3.2.2].
struct CoefficientProof {
  math::Scalar challenge;
  std::vector<math::Scalar> responses;

  // Encode returns c ∥ v_0 ∥ ... ∥ v_k, each b(x, lq).
  Bytes Encode() const;
};

// ParseCoefficientProof reads the Encode() form for quorum k: exactly
// (k+2)·ScalarSize() bytes, each value < q (check 2.B).
StatusOr<CoefficientProof> ParseCoefficientProof(const math::Group& group, ByteSpan bytes,
                                                 uint32_t quorum);

// Commit returns K_{i,j} = g^(a_{i,j}) for every coefficient [eq. 8], or
// κ_i = g^ζ_i [eq. 9] for a one-element span. Uses the constant-time path.
std::vector<math::Element> CommitCoefficients(const math::FixedBase& g,
                                              std::span<const math::SecretScalar> coefficients);

// ProveCoefficients produces the compact proof of guardian `guardian_index`
// (i, 1-based) for `purpose` [eq. 10–13]: with u_{i,j} random,
// h_{i,j} = g^(u_{i,j}),
// c_i = H_q(H_P; 0x10, label, i, K_{i,0..k−1}, κ_i, h_{i,0..k}),
// v_{i,j} = u_{i,j} − c_i·a_{i,j}, v_{i,k} = u_{i,k} − c_i·ζ_i.
// Errors: INVALID_ARGUMENT if there are no coefficients, if commitments and
// coefficients differ in number, or the index is 0 or ≥ 2^31.
// (The commitments are taken, not recomputed, so the caller hashes exactly
// what it publishes; a commitment that does not match its coefficient gives
// a proof that fails verification.)
StatusOr<CoefficientProof> ProveCoefficients(const math::FixedBase& g, const Hash32& h_p,
                                             KeyPurpose purpose, uint32_t guardian_index,
                                             std::span<const math::SecretScalar> coefficients,
                                             std::span<const math::Element> commitments,
                                             const math::SecretScalar& communication_secret,
                                             const math::Element& communication_key, Rng& rng);

// VerifyCoefficients checks Verification 2 for one guardian and purpose:
// recomputes h_{i,j} = g^(v_{i,j})·K_{i,j}^(c_i), h_{i,k} = g^(v_{i,k})·κ_i^(c_i)
// (2.1–2.4) and the challenge (2.C). Elements are already subgroup members
// (2.A) and scalars < q (2.B) by their types.
// Errors: INVALID_ARGUMENT for shape mismatches (responses ≠ k+1);
// VERIFICATION_FAILED "coefficient proof challenge mismatch (guardian i, pk
// vote)".
Status VerifyCoefficients(const math::FixedBase& g, const Hash32& h_p, KeyPurpose purpose,
                          uint32_t guardian_index, std::span<const math::Element> commitments,
                          const math::Element& communication_key,
                          const CoefficientProof& proof);

// EvaluatePolynomial returns P(x) = Σ_j a_j·x^j mod q [eq. 7] in constant
// time in the coefficients. REQUIRES: coefficients non-empty, same group.
math::SecretScalar EvaluatePolynomial(std::span<const math::SecretScalar> coefficients,
                                      uint32_t x);

// CommitmentsAt returns Π_j K_j^(x^j mod q) = g^(P(x)) [eq. 14] from public
// coefficient commitments, by one multi-exponentiation.
// REQUIRES: commitments non-empty.
math::Element CommitmentsAt(const math::Group& group, std::span<const math::Element> commitments,
                            uint32_t x);

// VerifyShare checks a received share P_i(ℓ) against guardian i's
// commitments: g^(P_i(ℓ)) = Π_j K_{i,j}^(ℓ^j) [eq. 28, 29].
// VERIFICATION_FAILED "share from guardian i for guardian ℓ does not match
// the sender's coefficient commitments".
Status VerifyShare(const math::FixedBase& g, std::span<const math::Element> commitments,
                   uint32_t sender_index, uint32_t receiver_index, const math::SecretScalar& share);

// GuardianShareKey returns g^(z_i) = g^(P(i)) = Π_j Π_m K_{j,m}^(i^m) [eq. 94]
// for guardian i from ALL guardians' commitments (commitments[j] is guardian
// j+1's K_{j+1,0..k−1}). It is the public key against which guardian i's
// decryption responses are checked. REQUIRES: non-empty, equal lengths.
math::Element GuardianShareKey(const math::Group& group,
                               std::span<const std::vector<math::Element>> commitments,
                               uint32_t guardian_index);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_SCHNORR_H_
