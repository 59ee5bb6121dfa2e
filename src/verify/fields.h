// Strict readers for the JSON fields of a record entry (docs/formats.md,
// "Encodings of values"). Each reader checks type, length and range and, on
// failure, returns INVALID_ARGUMENT naming the file and the field path
// ("000012.ballot.3.json: contests[1].selections[0].alpha: ...").
//
// The verifier's own parser: it does not use the election module's codec.
#ifndef HENHOUSE_SRC_VERIFY_FIELDS_H_
#define HENHOUSE_SRC_VERIFY_FIELDS_H_

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::verify {

using Json = nlohmann::json;
using crypto::Hash32;

// Path names a field inside a file. It is a chain of stack-allocated links,
// turned into text only when an error is reported, so that reading the
// hundreds of fields of a ballot costs no string building.
// A link points at its parent: never store `p.At(a).At(b)` in a variable
// (the middle link is a temporary); name each level instead.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;  // a field name, or empty for an array index
  size_t index = 0;
  const std::string* file = nullptr;  // set on the root only

  Path At(std::string_view k) const { return Path{this, k, 0, nullptr}; }
  Path At(size_t i) const { return Path{this, {}, i, nullptr}; }
  std::string ToString() const;
  Status Error(const std::string& what) const;
};

inline Path RootPath(const std::string& file) { return Path{nullptr, {}, 0, &file}; }

// Counters tallies the group operations of one unit of work (--stats).
struct Counters {
  uint64_t fixed_base_pows = 0;
  uint64_t variable_pows = 0;
  uint64_t multi_pows = 0;
  uint64_t multi_pow_terms = 0;
  uint64_t membership_checks = 0;
  uint64_t hashes = 0;
  void Add(const Counters& o);
};

// ExpectKeys fails unless `j` is an object holding every `required` key and
// no key outside required ∪ optional.
Status ExpectKeys(const Json& j, std::initializer_list<std::string_view> required,
                  std::initializer_list<std::string_view> optional, const Path& path);
// Field returns obj[key] (the key must exist; ExpectKeys checked the set).
StatusOr<const Json*> Field(const Json& obj, std::string_view key, const Path& path);
// Array requires an array of exactly `count` items (any count if count is npos).
Status ExpectArray(const Json& v, size_t count, const Path& path);
StatusOr<uint64_t> ReadU64(const Json& v, const Path& path, uint64_t min = 0,
                           uint64_t max = (uint64_t{1} << 31) - 1);
StatusOr<std::string> ReadString(const Json& v, const Path& path);
// ReadHex requires upper-case hex of exactly `len` bytes.
StatusOr<Bytes> ReadHex(const Json& v, size_t len, const Path& path);
StatusOr<Hash32> ReadHash(const Json& v, const Path& path);
// ReadScalar requires b(x, lq) in hex with x < q (checks 2.B, 6.B, 6.C, ...).
StatusOr<math::Scalar> ReadScalar(const math::Group& group, const Json& v, const Path& path);
// ReadElementBytes requires hex of exactly ElementSize() bytes; the caller
// parses (and checks membership of) the bytes, possibly in a batch.
StatusOr<Bytes> ReadElementBytes(const math::Group& group, const Json& v, const Path& path);
// ReadElement reads and fully validates one element (one membership check).
StatusOr<math::Element> ReadElement(const math::Group& group, const Json& v, const Path& path,
                                    Counters& counters);

// Convenience: the same readers applied to obj[key].
StatusOr<uint64_t> GetU64(const Json& obj, std::string_view key, const Path& path,
                          uint64_t min = 0, uint64_t max = (uint64_t{1} << 31) - 1);
StatusOr<std::string> GetString(const Json& obj, std::string_view key, const Path& path);
StatusOr<Hash32> GetHash(const Json& obj, std::string_view key, const Path& path);
StatusOr<math::Scalar> GetScalar(const math::Group& group, const Json& obj, std::string_view key,
                                 const Path& path);
StatusOr<math::Element> GetElement(const math::Group& group, const Json& obj,
                                   std::string_view key, const Path& path, Counters& counters);
// GetIndexList reads an ascending list of distinct guardian indices in [1, n].
StatusOr<std::vector<uint32_t>> GetIndexList(const Json& obj, std::string_view key,
                                             uint32_t n, const Path& path);

// HexUpper is upper-case hex (for messages).
std::string HexUpper(ByteSpan b);

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_FIELDS_H_
