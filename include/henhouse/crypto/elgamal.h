// Exponential ElGamal as ElectionGuard 2.1 uses it for votes [§3.3.1]:
//   Enc(σ, ξ) = (α, β) = (g^ξ, K^(σ+ξ))                        [eq. 31]
// Ciphertexts multiply component-wise into an encryption of the sum [§3.5,
// eq. 79]; decryption yields T = K^t [§3.6.2, eq. 82] and the small t is
// found by a table lookup (DiscreteLog).
#ifndef HENHOUSE_CRYPTO_ELGAMAL_H_
#define HENHOUSE_CRYPTO_ELGAMAL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// Ciphertext is an ElGamal pair (α, β) of subgroup elements. It is valid by
// construction in the sense that both are subgroup members (math::Element);
// whether it encrypts anything meaningful is what the proofs establish.
struct Ciphertext {
  math::Element alpha;
  math::Element beta;

  // Encode returns b(α, lp) ∥ b(β, lp) (2·ElementSize() bytes).
  Bytes Encode() const;
  friend bool operator==(const Ciphertext& a, const Ciphertext& b) {
    return a.alpha == b.alpha && a.beta == b.beta;
  }
};

// ParseCiphertext reads b(α, lp) ∥ b(β, lp) with full validation (length,
// range, subgroup membership). INVALID_ARGUMENT names "alpha" or "beta" and
// the failed check.
StatusOr<Ciphertext> ParseCiphertext(const math::Group& group, ByteSpan bytes);

// Multiply returns (α1·α2, β1·β2), an encryption of σ1 + σ2 [§3.3.1].
Ciphertext Multiply(const Ciphertext& a, const Ciphertext& b);
// Product returns the component-wise product of all ciphertexts [eq. 79];
// the encryption (1, 1) of 0 when `cts` is empty. REQUIRES: all in `group`.
Ciphertext Product(const math::Group& group, std::span<const Ciphertext> cts);

// ElGamalKey is a public key K together with fixed-base tables for g and K,
// built once per election (Create is the expensive step) and then shared
// read-only across threads. It is the "public key context" of every ballot
// encryption and proof in this module; it holds the group alive.
class ElGamalKey {
 public:
  // Create builds the tables for g and for `public_key`.
  // INVALID_ARGUMENT if public_key is the identity (no secrecy) or belongs to
  // another group.
  static StatusOr<ElGamalKey> Create(std::shared_ptr<const math::Group> group,
                                     const math::Element& public_key);

  const math::Group& group() const { return *group_; }
  const std::shared_ptr<const math::Group>& group_ptr() const { return group_; }
  // g and K as fixed bases (their tables).
  const math::FixedBase& g() const { return g_; }
  const math::FixedBase& key() const { return key_; }
  const math::Element& public_key() const { return key_.base(); }

  // Encrypt returns (g^ξ, K^(σ+ξ)) [eq. 31]. ξ is a per-ballot encryption
  // nonce and uses FixedBase::PowNonce (see docs/security.md).
  // REQUIRES: ξ belongs to this group.
  Ciphertext Encrypt(uint64_t sigma, const math::SecretScalar& nonce) const;
  // EncryptWithPublicNonce recomputes (g^ξ, K^(σ+ξ)) from a published nonce
  // ξ (Verification 13.1, 13.2: challenged ballots), on the public fast path.
  Ciphertext EncryptWithPublicNonce(uint64_t sigma, const math::Scalar& nonce) const;
  // DecryptWithNonce returns K^σ = β · K^(−ξ) [§3.3.1, eq. 109] for a
  // ciphertext whose nonce ξ is known (challenged ballots, §3.6.7).
  math::Element DecryptWithNonce(const Ciphertext& ct, const math::Scalar& nonce) const;

 private:
  ElGamalKey(std::shared_ptr<const math::Group> group, math::FixedBase g, math::FixedBase key)
      : group_(std::move(group)), g_(std::move(g)), key_(std::move(key)) {}
  std::shared_ptr<const math::Group> group_;
  math::FixedBase g_;
  math::FixedBase key_;
};

// DiscreteLog finds t ∈ [0, bound] from base^t by baby-step giant-step:
// a table of `baby` = ceil(sqrt(bound+1)) baby steps base^0..base^(baby−1),
// keyed by their encodings, and up to `baby` giant steps by base^(−baby).
// Built once (e.g. for K and the number of cast ballots), then thread-safe.
class DiscreteLog {
 public:
  // Create builds the table. INVALID_ARGUMENT if bound ≥ 2^40 (the table
  // would not fit in memory) or base is the identity.
  static StatusOr<DiscreteLog> Create(const math::Element& base, uint64_t bound);

  uint64_t bound() const { return bound_; }
  // Find returns t with base^t == value and 0 ≤ t ≤ bound; NOT_FOUND if there
  // is none (the value is not an encryption of a small tally).
  StatusOr<uint64_t> Find(const math::Element& value) const;

 private:
  DiscreteLog() = default;
  math::Element base_;
  math::Element giant_step_;  // base^(−baby)
  uint64_t bound_ = 0;
  uint64_t baby_ = 0;
  std::shared_ptr<const std::unordered_map<std::string, uint64_t>> table_;
};

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_ELGAMAL_H_
