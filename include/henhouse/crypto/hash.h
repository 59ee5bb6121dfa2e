// The ElectionGuard hash function H(B0; B1) = HMAC-SHA-256(B0, B1) [2.1 §5.2]
// and H_q = H mod q [2.1 §5.4, eq. 132], with a builder for the second
// argument B1 that writes the fixed-width encodings of §5.1:
//
//   H_q(H_I; 0x24, ind_c, ind_o, α, β, a0, b0, a1, b1)          [eq. 41]
//   == Hq(group, h_i, HashInput(0x24).U32(ind_c).U32(ind_o)
//                       .Element(alpha).Element(beta)...)
//
// Every use of H in henhouse starts B1 with the separation byte listed in the
// spec's §5.5 tables; HashInput's constructor takes it so that none is
// forgotten. Only binary encodings are hashed, never hex.
#ifndef HENHOUSE_CRYPTO_HASH_H_
#define HENHOUSE_CRYPTO_HASH_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "henhouse/base/bytes.h"
#include "henhouse/base/secret.h"
#include "henhouse/base/status.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// Hash32 is a 32-byte output of H, and the 32-byte first argument B0 of H
// (ver, H_P, H_B, H_E, H_I: every B0 in the spec has exactly 32 bytes).
using Hash32 = std::array<uint8_t, 32>;

// Hash32FromBytes copies exactly 32 bytes; INVALID_ARGUMENT names `what` and
// the length found otherwise.
StatusOr<Hash32> Hash32FromBytes(ByteSpan bytes, std::string_view what);

// HashInput builds the second argument B1 of H [2.1 §5.3]: the separation
// byte, then each part in its fixed-width encoding, concatenated without
// separators. The buffer is wiped when the builder is destroyed, since some
// inputs (a ballot nonce ξ_B, a shared ElGamal value β) are secret.
// Methods return *this so calls chain.
class HashInput {
 public:
  // HashInput starts B1 with the domain separation byte [2.1 §5.5].
  explicit HashInput(uint8_t separator);
  ~HashInput();
  HashInput(const HashInput&) = delete;
  HashInput& operator=(const HashInput&) = delete;
  HashInput(HashInput&&) noexcept;
  HashInput& operator=(HashInput&&) noexcept;

  // U32 appends b(v, 4) [2.1 §5.1.3]. REQUIRES: v < 2^31 (the spec's bound on
  // small integers); callers validate indices and counts before hashing.
  HashInput& U32(uint32_t v);
  // Element appends b(x, lp): Element::Encode(), ElementSize() bytes
  // [2.1 §5.1.1] (33-byte compressed point for p256).
  HashInput& Element(const math::Element& x);
  HashInput& Elements(std::span<const math::Element> xs);
  // Scalar appends b(x, lq): Scalar::Encode(), ScalarSize() bytes [2.1 §5.1.2].
  HashInput& Scalar(const math::Scalar& x);
  // Secret appends the bytes of a secret (b(ξ_B, 32), a hash-derived key).
  HashInput& Secret(const SecretBytes& x);
  // SecretScalar appends b(x, lq) of a secret scalar.
  HashInput& SecretScalar(const math::SecretScalar& x);
  // Fixed appends bytes whose length the spec fixes (a hash value, a
  // ciphertext block C1, a UTF-8 label such as "pk_vote" [§5.1.4]).
  HashInput& Fixed(ByteSpan bytes);
  HashInput& Fixed(std::string_view utf8) { return Fixed(AsBytes(utf8)); }
  HashInput& Fixed(const Hash32& h) { return Fixed(ByteSpan(h)); }
  // LengthPrefixed appends b(len, 4) ∥ bytes, the encoding of a variable
  // length string or file [2.1 §5.1.4, §5.1.5]. REQUIRES: len < 2^31
  // (callers check; see ElectionBaseHash).
  HashInput& LengthPrefixed(ByteSpan bytes);

  // bytes returns B1 as built so far (for tests and the §5.5 length checks).
  ByteSpan bytes() const { return buf_; }
  size_t size() const { return buf_.size(); }

 private:
  Bytes buf_;
};

// H returns HMAC-SHA-256(key, input) [2.1 §5.2, eq. 130].
Hash32 H(const Hash32& key, const HashInput& input);
// HSecret is H for outputs that are secret keys (the symmetric keys of hashed
// ElGamal, eq. 16, 35, 65): same value, returned in a wiped buffer. `key` may
// itself be secret (32 bytes).
SecretBytes HSecret(ByteSpan key32, const HashInput& input);
// Hq returns H(key; input) mod q as a public scalar of `group` [2.1 §5.4,
// eq. 132]: challenges of proofs.
math::Scalar Hq(const math::Group& group, const Hash32& key, const HashInput& input);
// HqSecret returns H(key; input) mod q as a secret scalar: derived nonces
// such as ξ_{i,j} = H_q(H_I; 0x21, i, j, ξ_B) [eq. 33].
math::SecretScalar HqSecret(const math::Group& group, const Hash32& key,
                            const HashInput& input);

// HmacSha256 is plain HMAC-SHA-256 over (key, message), the PRF of the
// counter-mode KDFs [2.1 eq. 17, 18, 36, 66]; both may be secret. The output
// is 32 bytes in a wiped buffer.
SecretBytes HmacSha256(ByteSpan key, ByteSpan message);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_HASH_H_
