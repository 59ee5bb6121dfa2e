#include "verify/fields.h"

#include <algorithm>
#include <vector>

namespace henhouse::verify {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lower case is not canonical (docs/formats.md)
}

}  // namespace

std::string Path::ToString() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p != nullptr; p = p->parent) chain.push_back(p);
  std::reverse(chain.begin(), chain.end());
  std::string out;
  bool after_root = false;
  for (const Path* p : chain) {
    if (p->file != nullptr) {
      out += *p->file;
      after_root = true;
      continue;
    }
    if (p->key.empty()) {
      out.push_back('[');
      out.append(std::to_string(p->index));
      out.push_back(']');
    } else {
      out += after_root ? ": " : ".";
      out += p->key;
    }
    after_root = false;
  }
  return out;
}

Status Path::Error(const std::string& what) const {
  return InvalidArgumentError(ToString() + ": " + what);
}

void Counters::Add(const Counters& o) {
  fixed_base_pows += o.fixed_base_pows;
  variable_pows += o.variable_pows;
  multi_pows += o.multi_pows;
  multi_pow_terms += o.multi_pow_terms;
  membership_checks += o.membership_checks;
  hashes += o.hashes;
}

Status ExpectKeys(const Json& j, std::initializer_list<std::string_view> required,
                  std::initializer_list<std::string_view> optional, const Path& path) {
  if (!j.is_object()) return path.Error("expected a JSON object");
  for (std::string_view key : required) {
    if (!j.contains(key)) return path.Error("missing field \"" + std::string(key) + "\"");
  }
  for (const auto& [key, value] : j.items()) {
    bool known = std::find(required.begin(), required.end(), key) != required.end() ||
                 std::find(optional.begin(), optional.end(), key) != optional.end();
    if (!known) return path.Error("unknown field \"" + key + "\"");
  }
  return OkStatus();
}

StatusOr<const Json*> Field(const Json& obj, std::string_view key, const Path& path) {
  if (!obj.is_object()) return path.Error("expected a JSON object");
  auto it = obj.find(key);
  if (it == obj.end()) return path.Error("missing field \"" + std::string(key) + "\"");
  return &*it;
}

Status ExpectArray(const Json& v, size_t count, const Path& path) {
  if (!v.is_array()) return path.Error("expected an array");
  if (count != std::string::npos && v.size() != count) {
    return path.Error("expected " + std::to_string(count) + " items, found " +
                      std::to_string(v.size()));
  }
  return OkStatus();
}

StatusOr<uint64_t> ReadU64(const Json& v, const Path& path, uint64_t min, uint64_t max) {
  if (!v.is_number_unsigned()) return path.Error("expected a non-negative integer");
  uint64_t x = v.get<uint64_t>();
  if (x < min || x > max) {
    return path.Error("value " + std::to_string(x) + " is outside [" + std::to_string(min) +
                      ", " + std::to_string(max) + "]");
  }
  return x;
}

StatusOr<std::string> ReadString(const Json& v, const Path& path) {
  if (!v.is_string()) return path.Error("expected a string");
  return v.get<std::string>();
}

StatusOr<Bytes> ReadHex(const Json& v, size_t len, const Path& path) {
  if (!v.is_string()) return path.Error("expected a hex string");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() != 2 * len) {
    return path.Error("expected " + std::to_string(2 * len) + " upper-case hex digits, found " +
                      std::to_string(s.size()) + " characters");
  }
  Bytes out(len);
  for (size_t i = 0; i < len; ++i) {
    int hi = HexValue(s[2 * i]);
    int lo = HexValue(s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return path.Error("character at position " + std::to_string(hi < 0 ? 2 * i : 2 * i + 1) +
                        " is not an upper-case hex digit");
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

StatusOr<Hash32> ReadHash(const Json& v, const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes b, ReadHex(v, 32, path));
  Hash32 h;
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

StatusOr<math::Scalar> ReadScalar(const math::Group& group, const Json& v, const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes b, ReadHex(v, group.ScalarSize(), path));
  auto s = group.ParseScalar(b);
  if (!s.ok()) return path.Error("not an integer in Z_q: " + s.status().message());
  return *std::move(s);
}

StatusOr<Bytes> ReadElementBytes(const math::Group& group, const Json& v, const Path& path) {
  return ReadHex(v, group.ElementSize(), path);
}

StatusOr<math::Element> ReadElement(const math::Group& group, const Json& v, const Path& path,
                                    Counters& counters) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes b, ReadElementBytes(group, v, path));
  ++counters.membership_checks;
  auto e = group.ParseElement(b);
  if (!e.ok()) return path.Error("not an element of the group: " + e.status().message());
  return *std::move(e);
}

StatusOr<uint64_t> GetU64(const Json& obj, std::string_view key, const Path& path, uint64_t min,
                          uint64_t max) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  return ReadU64(*v, path.At(key), min, max);
}

StatusOr<std::string> GetString(const Json& obj, std::string_view key, const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  return ReadString(*v, path.At(key));
}

StatusOr<Hash32> GetHash(const Json& obj, std::string_view key, const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  return ReadHash(*v, path.At(key));
}

StatusOr<math::Scalar> GetScalar(const math::Group& group, const Json& obj, std::string_view key,
                                 const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  return ReadScalar(group, *v, path.At(key));
}

StatusOr<math::Element> GetElement(const math::Group& group, const Json& obj,
                                   std::string_view key, const Path& path, Counters& counters) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  return ReadElement(group, *v, path.At(key), counters);
}

StatusOr<std::vector<uint32_t>> GetIndexList(const Json& obj, std::string_view key, uint32_t n,
                                             const Path& path) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, Field(obj, key, path));
  Path p = path.At(key);
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*v, std::string::npos, p));
  std::vector<uint32_t> out;
  for (size_t i = 0; i < v->size(); ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t x, ReadU64((*v)[i], p.At(i), 1, n));
    if (!out.empty() && x <= out.back()) return p.Error("indices must be strictly ascending");
    out.push_back(static_cast<uint32_t>(x));
  }
  if (out.empty()) return p.Error("expected at least one guardian index");
  return out;
}

std::string HexUpper(ByteSpan b) { return HexEncodeUpper(b); }

}  // namespace henhouse::verify
