// Secret byte strings: move-only, wiped on destruction, never printed, and
// readable only through SecretAccess, a token that every export site names
// (grep for "SecretAccess::Get()" to find each place a secret leaves its type).
#ifndef HENHOUSE_BASE_SECRET_H_
#define HENHOUSE_BASE_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "henhouse/base/bytes.h"

namespace henhouse {

// SecretAccess is the token required to read a secret's bytes.
class SecretAccess {
 public:
  static SecretAccess Get() { return SecretAccess(); }

 private:
  SecretAccess() = default;
};

// SecureWipe overwrites `n` bytes at `p` in a way the compiler keeps: the
// empty asm statement after the memset reads `p` and clobbers memory, so the
// zeros cannot be dropped as dead stores. Inline, because the arithmetic on
// secrets wipes its small temporaries on every call.
inline void SecureWipe(void* p, size_t n) {
  if (n == 0) return;  // (p may be null for an empty buffer)
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

// SecretBytes owns secret bytes; the buffer is wiped when it is destroyed or
// moved from.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size) : data_(size) {}
  // SecretBytes takes `data` and wipes the caller's copy.
  static SecretBytes Adopt(Bytes& data);
  ~SecretBytes() { Wipe(); }

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept : data_(std::move(other.data_)) {
    other.data_.clear();
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Wipe();
      data_ = std::move(other.data_);
      other.data_.clear();
    }
    return *this;
  }

  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  // Copy makes an explicit duplicate (secrets are never copied implicitly).
  SecretBytes Copy() const;

  ByteSpan Reveal(SecretAccess) const { return data_; }
  std::span<uint8_t> MutableReveal(SecretAccess) { return data_; }

 private:
  void Wipe() {
    if (!data_.empty()) SecureWipe(data_.data(), data_.size());
  }
  Bytes data_;
};

}  // namespace henhouse

#endif  // HENHOUSE_BASE_SECRET_H_
