#include "election/json.h"

#include <algorithm>

namespace henhouse::election {

StatusOr<std::string> Canonical(const Json& j) {
  try {
    return j.dump();
  } catch (const Json::exception& e) {
    return InvalidArgumentError(std::string("cannot serialize JSON: ") + e.what());
  }
}

StatusOr<Json> ParseJson(std::string_view text, std::string_view what) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return InvalidArgumentError(std::string(what) + ": not valid JSON (" + e.what() + ")");
  }
}

StatusOr<Json> ParseCanonicalJson(std::string_view text, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(Json j, ParseJson(text, what));
  HENHOUSE_ASSIGN_OR_RETURN(std::string again, Canonical(j));
  if (again != text) {
    return InvalidArgumentError(std::string(what) +
                                ": JSON is not in canonical form (sorted keys, no whitespace)");
  }
  return j;
}

Status ExpectObject(const Json& j, std::initializer_list<std::string_view> required,
                    std::initializer_list<std::string_view> optional, std::string_view what) {
  if (!j.is_object()) return InvalidArgumentError(std::string(what) + ": expected a JSON object");
  for (std::string_view k : required) {
    if (!j.contains(std::string(k))) {
      return InvalidArgumentError(std::string(what) + ": missing field \"" + std::string(k) + "\"");
    }
  }
  for (const auto& [key, value] : j.items()) {
    bool known = std::find(required.begin(), required.end(), key) != required.end() ||
                 std::find(optional.begin(), optional.end(), key) != optional.end();
    if (!known) {
      return InvalidArgumentError(std::string(what) + ": unknown field \"" + key + "\"");
    }
  }
  return OkStatus();
}

StatusOr<const Json*> GetField(const Json& obj, std::string_view key, std::string_view what) {
  if (!obj.is_object()) return InvalidArgumentError(std::string(what) + ": expected an object");
  auto it = obj.find(std::string(key));
  if (it == obj.end()) {
    return InvalidArgumentError(std::string(what) + ": missing field \"" + std::string(key) + "\"");
  }
  return &*it;
}

StatusOr<const Json*> GetArray(const Json& obj, std::string_view key, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  if (!v->is_array()) {
    return InvalidArgumentError(std::string(what) + ": field \"" + std::string(key) +
                                "\" must be an array");
  }
  return v;
}

StatusOr<uint64_t> AsU64(const Json& v, std::string_view what, uint64_t min, uint64_t max) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) {
    return InvalidArgumentError(std::string(what) + ": expected a non-negative integer");
  }
  uint64_t x = v.get<uint64_t>();
  if (x < min || x > max) {
    return InvalidArgumentError(std::string(what) + ": " + std::to_string(x) +
                                " is outside [" + std::to_string(min) + ", " +
                                std::to_string(max) + "]");
  }
  return x;
}

StatusOr<uint64_t> GetU64(const Json& obj, std::string_view key, std::string_view what,
                          uint64_t min, uint64_t max) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  return AsU64(*v, std::string(what) + " field \"" + std::string(key) + "\"", min, max);
}

StatusOr<std::string> AsString(const Json& v, std::string_view what) {
  if (!v.is_string()) return InvalidArgumentError(std::string(what) + ": expected a string");
  return v.get<std::string>();
}

StatusOr<std::string> GetString(const Json& obj, std::string_view key, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  return AsString(*v, std::string(what) + " field \"" + std::string(key) + "\"");
}

StatusOr<Bytes> AsHex(const Json& v, size_t len, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(std::string s, AsString(v, what));
  if (len != 0 && s.size() != 2 * len) {
    return InvalidArgumentError(std::string(what) + ": expected " + std::to_string(2 * len) +
                                " upper-case hex digits, found " + std::to_string(s.size()) +
                                " characters");
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
      return InvalidArgumentError(std::string(what) + ": expected upper-case hex digits");
    }
  }
  auto b = HexDecode(s);
  if (!b.ok()) return b.status().WithContext(std::string(what));
  return std::move(*b);
}

StatusOr<Bytes> GetHex(const Json& obj, std::string_view key, size_t len, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  return AsHex(*v, len, std::string(what) + " field \"" + std::string(key) + "\"");
}

StatusOr<math::Element> AsElement(const math::Group& group, const Json& v, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes b, AsHex(v, group.ElementSize(), what));
  auto e = group.ParseElement(b);
  if (!e.ok()) return e.status().WithContext(std::string(what));
  return *e;
}

StatusOr<math::Element> GetElement(const math::Group& group, const Json& obj,
                                   std::string_view key, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  return AsElement(group, *v, std::string(what) + " field \"" + std::string(key) + "\"");
}

StatusOr<math::Scalar> AsScalar(const math::Group& group, const Json& v, std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes b, AsHex(v, group.ScalarSize(), what));
  auto s = group.ParseScalar(b);
  if (!s.ok()) return s.status().WithContext(std::string(what));
  return *s;
}

StatusOr<math::Scalar> GetScalar(const math::Group& group, const Json& obj, std::string_view key,
                                 std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* v, GetField(obj, key, what));
  return AsScalar(group, *v, std::string(what) + " field \"" + std::string(key) + "\"");
}

StatusOr<std::vector<math::Element>> GetElements(const math::Group& group, const Json& obj,
                                                 std::string_view key, size_t count,
                                                 std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* arr, GetArray(obj, key, what));
  std::string w = std::string(what) + " field \"" + std::string(key) + "\"";
  if (arr->size() != count) {
    return InvalidArgumentError(w + ": expected " + std::to_string(count) + " elements, found " +
                                std::to_string(arr->size()));
  }
  std::vector<math::Element> out;
  for (size_t i = 0; i < count; ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(math::Element e,
                              AsElement(group, (*arr)[i], w + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(e));
  }
  return out;
}

StatusOr<std::vector<math::Scalar>> GetScalars(const math::Group& group, const Json& obj,
                                               std::string_view key, size_t count,
                                               std::string_view what) {
  HENHOUSE_ASSIGN_OR_RETURN(const Json* arr, GetArray(obj, key, what));
  std::string w = std::string(what) + " field \"" + std::string(key) + "\"";
  if (arr->size() != count) {
    return InvalidArgumentError(w + ": expected " + std::to_string(count) + " scalars, found " +
                                std::to_string(arr->size()));
  }
  std::vector<math::Scalar> out;
  for (size_t i = 0; i < count; ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(math::Scalar s,
                              AsScalar(group, (*arr)[i], w + "[" + std::to_string(i) + "]"));
    out.push_back(s);
  }
  return out;
}

Json HexArray(const std::vector<math::Element>& v) {
  Json a = Json::array();
  for (const auto& e : v) a.push_back(Hex(e));
  return a;
}

Json HexArray(const std::vector<math::Scalar>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push_back(Hex(s));
  return a;
}

}  // namespace henhouse::election
