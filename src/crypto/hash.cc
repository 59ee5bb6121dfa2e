#include "henhouse/crypto/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cassert>
#include <cstdlib>
#include <string>

namespace henhouse::crypto {
namespace {

// HmacInto computes HMAC-SHA-256 into out[32]. A failure of OpenSSL's HMAC
// with SHA-256 cannot be handled by any caller (it means a broken library),
// so it aborts rather than hashing nothing.
void HmacInto(ByteSpan key, ByteSpan message, uint8_t* out) {
  unsigned int len = 0;
  const uint8_t* r = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), message.data(),
                          message.size(), out, &len);
  if (r == nullptr || len != 32) {
    std::abort();
  }
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
