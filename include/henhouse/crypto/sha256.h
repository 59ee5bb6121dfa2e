// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface. The log's Merkle tree
// (RFC 6962), signed-note key IDs and Ed25519 all build on it.
#ifndef HENHOUSE_CRYPTO_SHA256_H_
#define HENHOUSE_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>

#include "henhouse/base/bytes.h"

namespace henhouse::crypto {

inline constexpr size_t kSha256Size = 32;
using Sha256Digest = std::array<uint8_t, kSha256Size>;

// Sha256 returns SHA-256(data).
Sha256Digest Sha256(ByteSpan data);

// Sha256Hasher hashes data given in pieces. Not thread-safe; cheap to reuse
// after Finish() (it resets itself).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(ByteSpan data);
  void Update(uint8_t byte) { Update(ByteSpan(&byte, 1)); }
  // Finish returns the digest of everything given since the last Finish.
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX, kept opaque so that OpenSSL stays out of headers
};

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_SHA256_H_
