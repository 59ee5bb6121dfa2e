// Ed25519 signatures (RFC 8032, pure variant) through OpenSSL. Public keys are
// 32 bytes, signatures 64 bytes, private keys the 32-byte seed held as
// SecretBytes.
#ifndef HENHOUSE_CRYPTO_ED25519_H_
#define HENHOUSE_CRYPTO_ED25519_H_

#include <array>
#include <memory>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/secret.h"
#include "henhouse/base/status.h"

namespace henhouse::crypto {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

struct Ed25519Key;  // OpenSSL key, private to ed25519.cc

// Ed25519PublicKey is a parsed 32-byte public key. Thread-safe.
class Ed25519PublicKey {
 public:
  // FromBytes accepts exactly 32 bytes that OpenSSL takes as a key;
  // INVALID_ARGUMENT otherwise.
  static StatusOr<Ed25519PublicKey> FromBytes(ByteSpan raw);

  const std::array<uint8_t, kEd25519PublicKeySize>& bytes() const { return raw_; }
  // Verify returns OK if `signature` is a valid signature of `message`,
  // VERIFICATION_FAILED otherwise (including a signature of the wrong length).
  Status Verify(ByteSpan message, ByteSpan signature) const;

  bool operator==(const Ed25519PublicKey& o) const { return raw_ == o.raw_; }

 private:
  Ed25519PublicKey() = default;
  std::array<uint8_t, kEd25519PublicKeySize> raw_{};
  std::shared_ptr<Ed25519Key> key_;
};

// Ed25519PrivateKey signs. Move-only; the seed is wiped when it goes.
class Ed25519PrivateKey {
 public:
  // Generate draws a fresh 32-byte seed from `rng`.
  static Ed25519PrivateKey Generate(Rng& rng);
  // FromSeed takes a 32-byte seed (RFC 8032 §5.1.5); INVALID_ARGUMENT if the
  // size is wrong.
  static StatusOr<Ed25519PrivateKey> FromSeed(SecretBytes seed);

  Ed25519PrivateKey(Ed25519PrivateKey&&) = default;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&&) = default;

  const Ed25519PublicKey& public_key() const { return public_key_; }
  const SecretBytes& seed() const { return seed_; }
  // Sign returns the 64-byte signature of `message`.
  Bytes Sign(ByteSpan message) const;

 private:
  Ed25519PrivateKey(SecretBytes seed, std::shared_ptr<Ed25519Key> key, Ed25519PublicKey pub)
      : seed_(std::move(seed)), key_(std::move(key)), public_key_(std::move(pub)) {}
  SecretBytes seed_;
  std::shared_ptr<Ed25519Key> key_;
  Ed25519PublicKey public_key_;
};

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_ED25519_H_
