#include "henhouse/base/bytes.h"

#include <openssl/crypto.h>

namespace henhouse {
namespace {

constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kB64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string HexWith(ByteSpan b, const char* digits) {
  std::string out;
  out.reserve(b.size() * 2);
  for (uint8_t x : b) {
    out.push_back(digits[x >> 4]);
    out.push_back(digits[x & 15]);
  }
  return out;
}

}  // namespace

void AppendU16(Bytes& dst, uint16_t v) {
  dst.push_back(static_cast<uint8_t>(v >> 8));
  dst.push_back(static_cast<uint8_t>(v));
}

void AppendU32(Bytes& dst, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    dst.push_back(static_cast<uint8_t>(v >> shift));
  }
}

void AppendU64(Bytes& dst, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    dst.push_back(static_cast<uint8_t>(v >> shift));
  }
}

void AppendLengthPrefixed(Bytes& dst, ByteSpan s) {
  AppendU32(dst, static_cast<uint32_t>(s.size()));
  Append(dst, s);
}

std::string HexEncode(ByteSpan b) { return HexWith(b, kHexLower); }
std::string HexEncodeUpper(ByteSpan b) { return HexWith(b, kHexUpper); }

StatusOr<Bytes> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return InvalidArgumentError("hex string has odd length " +
                                std::to_string(hex.size()));
  }
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[2 * i]);
    int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return InvalidArgumentError("hex string has a non-hex character at position " +
                                  std::to_string(hi < 0 ? 2 * i : 2 * i + 1));
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::string Base64Encode(ByteSpan b) {
  std::string out;
  out.reserve((b.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    uint32_t v = uint32_t{b[i]} << 16 | uint32_t{b[i + 1]} << 8 | b[i + 2];
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
    out.push_back(kB64[v & 63]);
  }
  size_t rest = b.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{b[i]} << 16;
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    uint32_t v = uint32_t{b[i]} << 16 | uint32_t{b[i + 1]} << 8;
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

StatusOr<Bytes> Base64Decode(std::string_view s) {
  if (s.size() % 4 != 0) {
    return InvalidArgumentError("base64 length " + std::to_string(s.size()) +
                                " is not a multiple of 4");
  }
  Bytes out;
  out.reserve(s.size() / 4 * 3);
  for (size_t i = 0; i < s.size(); i += 4) {
    bool last = i + 4 == s.size();
    int pad = 0;
    if (last && s[i + 3] == '=') pad = (s[i + 2] == '=') ? 2 : 1;
    uint32_t v = 0;
    for (int j = 0; j < 4; ++j) {
      int d = 0;
      if (j >= 4 - pad) {
        d = 0;
      } else {
        d = B64Value(s[i + j]);
        if (d < 0) {
          return InvalidArgumentError("base64 has an invalid character at position " +
                                      std::to_string(i + j));
        }
      }
      v = v << 6 | static_cast<uint32_t>(d);
    }
    // Canonical form: the bits dropped by padding must be zero.
    if ((pad == 1 && (v & 0xff) != 0) || (pad == 2 && (v & 0xffff) != 0)) {
      return InvalidArgumentError("base64 is not canonical (non-zero padding bits)");
    }
    out.push_back(static_cast<uint8_t>(v >> 16));
    if (pad < 2) out.push_back(static_cast<uint8_t>(v >> 8));
    if (pad < 1) out.push_back(static_cast<uint8_t>(v));
  }
  return out;
}

bool ConstantTimeEqual(ByteSpan a, ByteSpan b) {
  if (a.size() != b.size()) {
    return false;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

StatusOr<ByteSpan> ByteReader::Read(size_t n, std::string_view what) {
  if (remaining() < n) {
    return InvalidArgumentError(std::string(what) + ": need " + std::to_string(n) +
                                " bytes at offset " + std::to_string(pos_) + ", have " +
                                std::to_string(remaining()));
  }
  ByteSpan out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

StatusOr<uint8_t> ByteReader::ReadU8(std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(ByteSpan b, Read(1, what));
  return b[0];
}

StatusOr<uint16_t> ByteReader::ReadU16(std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(ByteSpan b, Read(2, what));
  return static_cast<uint16_t>(b[0] << 8 | b[1]);
}

StatusOr<uint32_t> ByteReader::ReadU32(std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(ByteSpan b, Read(4, what));
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

StatusOr<uint64_t> ByteReader::ReadU64(std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(ByteSpan b, Read(8, what));
  uint64_t v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

Status ByteReader::ExpectEnd(std::string_view what) const {
  if (!empty()) {
    return InvalidArgumentError(std::string(what) + ": " + std::to_string(remaining()) +
                                " unexpected trailing bytes at offset " +
                                std::to_string(pos_));
  }
  return OkStatus();
}

}  // namespace henhouse
