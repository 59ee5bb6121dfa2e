// Byte strings, fixed-width big-endian encodings (ElectionGuard 2.1 §5.1),
// hex and base64, and a bounds-checked reader for untrusted bytes.
#ifndef HENHOUSE_BASE_BYTES_H_
#define HENHOUSE_BASE_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/status.h"

namespace henhouse {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

// AsBytes views the characters of `s` as bytes (no copy).
inline ByteSpan AsBytes(std::string_view s) {
  return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// ToBytes copies the characters of `s`.
inline Bytes ToBytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}
// ToString copies bytes into a std::string.
inline std::string ToString(ByteSpan b) {
  return std::string(b.begin(), b.end());
}

// Append appends `src` to `dst`.
inline void Append(Bytes& dst, ByteSpan src) {
  dst.insert(dst.end(), src.begin(), src.end());
}
// AppendU32 appends b(v, 4): 4 bytes big-endian [2.1 §5.1.3].
void AppendU32(Bytes& dst, uint32_t v);
// AppendU64 appends 8 bytes big-endian.
void AppendU64(Bytes& dst, uint64_t v);
// AppendU16 appends 2 bytes big-endian.
void AppendU16(Bytes& dst, uint16_t v);
// AppendLengthPrefixed appends b(len, 4) ∥ s, the encoding of a variable
// length string or file [2.1 §5.1.4, §5.1.5].
void AppendLengthPrefixed(Bytes& dst, ByteSpan s);

// HexEncode returns lower-case hex; HexEncodeUpper upper-case.
std::string HexEncode(ByteSpan b);
std::string HexEncodeUpper(ByteSpan b);
// HexDecode accepts upper or lower case, an even number of digits, and no
// other characters. INVALID_ARGUMENT names the offending position.
StatusOr<Bytes> HexDecode(std::string_view hex);

// Base64Encode/Decode use the standard alphabet with padding (RFC 4648 §4).
// Base64Decode rejects non-canonical input (bad padding, stray characters).
std::string Base64Encode(ByteSpan b);
StatusOr<Bytes> Base64Decode(std::string_view s);

// ConstantTimeEqual compares without a data-dependent early exit.
bool ConstantTimeEqual(ByteSpan a, ByteSpan b);

// ByteReader reads untrusted bytes front to back; every read checks bounds
// and fails with INVALID_ARGUMENT naming `what` and the needed length.
class ByteReader {
 public:
  explicit ByteReader(ByteSpan data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  size_t position() const { return pos_; }

  StatusOr<ByteSpan> Read(size_t n, std::string_view what);
  StatusOr<uint8_t> ReadU8(std::string_view what);
  StatusOr<uint16_t> ReadU16(std::string_view what);
  StatusOr<uint32_t> ReadU32(std::string_view what);
  StatusOr<uint64_t> ReadU64(std::string_view what);
  // ExpectEnd fails unless every byte was consumed.
  Status ExpectEnd(std::string_view what) const;

 private:
  ByteSpan data_;
  size_t pos_ = 0;
};

}  // namespace henhouse

#endif  // HENHOUSE_BASE_BYTES_H_
