#include "henhouse/crypto/hash.h"

#include <openssl/sha.h>

#include <cassert>
#include <cstdlib>
#include <string>

namespace henhouse::crypto {
namespace {

// DigestInto computes SHA-256(a ∥ b) into out[32] with OpenSSL's low-level
// SHA-256 functions: deprecated in OpenSSL 3.0 but kept, they run the same
// assembly as EVP without the provider dispatch, which costs more than the
// hashing itself for the short inputs ElectionGuard hashes. The context is
// wiped: under HMAC it holds a state derived from the key.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void DigestInto(ByteSpan a, ByteSpan b, uint8_t* out) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, a.data(), a.size());
  SHA256_Update(&ctx, b.data(), b.size());
  SHA256_Final(out, &ctx);
  SecureWipe(&ctx, sizeof(ctx));
}
#pragma GCC diagnostic pop

// HmacInto computes HMAC-SHA-256(key, message) into out[32] as FIPS 198-1
// defines it: H((K0 ⊕ opad) ∥ H((K0 ⊕ ipad) ∥ message)), K0 the key padded
// with zeros to the 64-byte block (or its hash, if longer than a block).
void HmacInto(ByteSpan key, ByteSpan message, uint8_t* out) {
  constexpr size_t kBlockSize = 64;
  uint8_t k0[kBlockSize] = {0};
  if (key.size() > kBlockSize) {
    DigestInto(key, ByteSpan(), k0);
  } else {
    std::copy(key.begin(), key.end(), k0);
  }
  uint8_t pad[kBlockSize];
  uint8_t inner[32];
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x36;
  DigestInto(ByteSpan(pad, kBlockSize), message, inner);
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x5c;
  DigestInto(ByteSpan(pad, kBlockSize), ByteSpan(inner, 32), out);
  SecureWipe(k0, sizeof(k0));
  SecureWipe(pad, sizeof(pad));
  SecureWipe(inner, sizeof(inner));
}

}  // namespace

StatusOr<Hash32> Hash32FromBytes(ByteSpan bytes, std::string_view what) {
  if (bytes.size() != 32) {
    return InvalidArgumentError(std::string(what) + ": expected 32 bytes, got " +
                                std::to_string(bytes.size()));
  }
  Hash32 h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

HashInput::HashInput(uint8_t separator) {
  buf_.reserve(256);
  buf_.push_back(separator);
}

HashInput::~HashInput() {
  if (!buf_.empty()) SecureWipe(buf_.data(), buf_.size());
}

HashInput::HashInput(HashInput&& other) noexcept : buf_(std::move(other.buf_)) {
  other.buf_.clear();
}

HashInput& HashInput::operator=(HashInput&& other) noexcept {
  if (this != &other) {
    if (!buf_.empty()) SecureWipe(buf_.data(), buf_.size());
    buf_ = std::move(other.buf_);
    other.buf_.clear();
  }
  return *this;
}

// Grow appends `src` without leaving an unwiped copy behind when the buffer
// reallocates (some inputs are secret).
HashInput& HashInput::Fixed(ByteSpan src) {
  if (buf_.size() + src.size() > buf_.capacity()) {
    Bytes bigger;
    bigger.reserve(2 * (buf_.size() + src.size()));
    bigger.insert(bigger.end(), buf_.begin(), buf_.end());
    SecureWipe(buf_.data(), buf_.size());
    buf_.swap(bigger);
  }
  buf_.insert(buf_.end(), src.begin(), src.end());
  return *this;
}

HashInput& HashInput::U32(uint32_t v) {
  assert(v < (1u << 31));
  uint8_t b[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                  static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
  return Fixed(ByteSpan(b, 4));
}

HashInput& HashInput::Element(const math::Element& x) { return Fixed(x.Encode()); }

HashInput& HashInput::Elements(std::span<const math::Element> xs) {
  for (const math::Element& x : xs) Element(x);
  return *this;
}

HashInput& HashInput::Scalar(const math::Scalar& x) { return Fixed(x.Encode()); }

HashInput& HashInput::Secret(const SecretBytes& x) {
  return Fixed(x.Reveal(SecretAccess::Get()));
}

HashInput& HashInput::SecretScalar(const math::SecretScalar& x) {
  SecretBytes b = x.EncodeSecret(SecretAccess::Get());
  return Fixed(b.Reveal(SecretAccess::Get()));
}

HashInput& HashInput::LengthPrefixed(ByteSpan bytes) {
  assert(bytes.size() < (size_t{1} << 31));
  U32(static_cast<uint32_t>(bytes.size()));
  return Fixed(bytes);
}

Hash32 H(const Hash32& key, const HashInput& input) {
  Hash32 out;
  HmacInto(key, input.bytes(), out.data());
  return out;
}

SecretBytes HSecret(ByteSpan key32, const HashInput& input) {
  assert(key32.size() == 32);
  SecretBytes out(32);
  HmacInto(key32, input.bytes(), out.MutableReveal(SecretAccess::Get()).data());
  return out;
}

math::Scalar Hq(const math::Group& group, const Hash32& key, const HashInput& input) {
  // H_q = H mod q [2.1 §5.4, eq. 132].
  return group.ScalarFromHash(H(key, input));
}

math::SecretScalar HqSecret(const math::Group& group, const Hash32& key,
                            const HashInput& input) {
  SecretBytes h = HSecret(key, input);
  return group.SecretFromHash(h.Reveal(SecretAccess::Get()));
}

SecretBytes HmacSha256(ByteSpan key, ByteSpan message) {
  SecretBytes out(32);
  HmacInto(key, message, out.MutableReveal(SecretAccess::Get()).data());
  return out;
}

}  // namespace henhouse::crypto
