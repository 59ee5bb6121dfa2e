// The JSON codec of the election module (STYLE.md rule 7: JSON lives here and
// never in a public header). Canonical serialization, and field accessors
// that validate completely and name the object and field on failure.
#ifndef HENHOUSE_SRC_ELECTION_JSON_H_
#define HENHOUSE_SRC_ELECTION_JSON_H_

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "henhouse/math/group.h"

namespace henhouse::election {

using Json = nlohmann::json;

// Canonical returns the one canonical serialization (docs/formats.md,
// "Canonical JSON"). INVALID_ARGUMENT if a string is not valid UTF-8.
StatusOr<std::string> Canonical(const Json& j);
// ParseJson parses any JSON text; INVALID_ARGUMENT names `what` and the
// position of the syntax error.
StatusOr<Json> ParseJson(std::string_view text, std::string_view what);
// ParseCanonicalJson also requires `text` to be canonical.
StatusOr<Json> ParseCanonicalJson(std::string_view text, std::string_view what);

// ExpectObject fails unless `j` is an object whose keys are all in `allowed`
// and which has every key in `required`.
Status ExpectObject(const Json& j, std::initializer_list<std::string_view> required,
                    std::initializer_list<std::string_view> optional, std::string_view what);

StatusOr<const Json*> GetField(const Json& obj, std::string_view key, std::string_view what);
StatusOr<const Json*> GetArray(const Json& obj, std::string_view key, std::string_view what);
// GetU64 requires a non-negative integer in [min, max].
StatusOr<uint64_t> GetU64(const Json& obj, std::string_view key, std::string_view what,
                          uint64_t min = 0, uint64_t max = (uint64_t{1} << 53));
StatusOr<uint64_t> AsU64(const Json& v, std::string_view what, uint64_t min = 0,
                         uint64_t max = (uint64_t{1} << 53));
StatusOr<std::string> GetString(const Json& obj, std::string_view key, std::string_view what);
StatusOr<std::string> AsString(const Json& v, std::string_view what);
// GetHex requires upper-case hex of exactly `len` bytes (any length if 0).
StatusOr<Bytes> GetHex(const Json& obj, std::string_view key, size_t len, std::string_view what);
StatusOr<Bytes> AsHex(const Json& v, size_t len, std::string_view what);
StatusOr<math::Element> GetElement(const math::Group& group, const Json& obj,
                                   std::string_view key, std::string_view what);
StatusOr<math::Element> AsElement(const math::Group& group, const Json& v, std::string_view what);
StatusOr<math::Scalar> GetScalar(const math::Group& group, const Json& obj, std::string_view key,
                                 std::string_view what);
StatusOr<math::Scalar> AsScalar(const math::Group& group, const Json& v, std::string_view what);
// GetElements / GetScalars read an array of exactly `count` values.
StatusOr<std::vector<math::Element>> GetElements(const math::Group& group, const Json& obj,
                                                 std::string_view key, size_t count,
                                                 std::string_view what);
StatusOr<std::vector<math::Scalar>> GetScalars(const math::Group& group, const Json& obj,
                                               std::string_view key, size_t count,
                                               std::string_view what);

inline std::string Hex(ByteSpan b) { return HexEncodeUpper(b); }
inline std::string Hex(const math::Element& e) { return HexEncodeUpper(e.Encode()); }
inline std::string Hex(const math::Scalar& s) { return HexEncodeUpper(s.Encode()); }
Json HexArray(const std::vector<math::Element>& v);
Json HexArray(const std::vector<math::Scalar>& v);

}  // namespace henhouse::election

#endif  // HENHOUSE_SRC_ELECTION_JSON_H_
