#include "henhouse/crypto/parameters.h"

#include <string>

namespace henhouse::crypto {

Hash32 VersionBytes() {
  // ver = 0x76322E312E30 ∥ b(0, 26)  [2.1 §3.1.2]
  Hash32 ver{};
  std::copy(kSpecVersion.begin(), kSpecVersion.end(), ver.begin());
  return ver;
}

Status CheckGuardianCounts(uint64_t n, uint64_t k) {
  constexpr uint64_t kLimit = uint64_t{1} << 31;  // §5.1.3: small integers < 2^31
  if (n < 1) return InvalidArgumentError("number of guardians n must be at least 1, got 0");
  if (n >= kLimit) {
    return InvalidArgumentError("number of guardians n must be below 2^31, got " +
                                std::to_string(n));
  }
  if (k < 1) return InvalidArgumentError("quorum k must be at least 1, got 0");
  if (k > n) {
    return InvalidArgumentError("quorum k must not exceed the number of guardians n (k = " +
                                std::to_string(k) + ", n = " + std::to_string(n) + ")");
  }
  return OkStatus();
}

StatusOr<Hash32> ParameterBaseHash(const math::Group& group, uint64_t n, uint64_t k) {
  HENHOUSE_RETURN_IF_ERROR(CheckGuardianCounts(n, k));
  // H_P = H(ver; 0x00, p, q, g, n, k)  [2.1 §3.1.2, eq. 4; §5.5.1]
  HashInput in(0x00);
  in.Fixed(group.EncodeParameters())
      .U32(static_cast<uint32_t>(n))
      .U32(static_cast<uint32_t>(k));
  return H(VersionBytes(), in);
}

StatusOr<Hash32> ElectionBaseHash(const Hash32& h_p, ByteSpan manifest) {
  if (manifest.size() >= (size_t{1} << 31)) {
    return InvalidArgumentError("election manifest: at most 2^31 - 1 bytes may be hashed, got " +
                                std::to_string(manifest.size()));
  }
  // H_B = H(H_P; 0x01, manifest), the file length-prefixed  [eq. 5, §5.1.5]
  HashInput in(0x01);
  in.LengthPrefixed(manifest);
  return H(h_p, in);
}

Hash32 ExtendedBaseHash(const Hash32& h_b, const math::Element& vote_key,
                        const math::Element& data_key) {
  // H_E = H(H_B; 0x14, K, K̂)  [eq. 30]
  HashInput in(0x14);
  in.Element(vote_key).Element(data_key);
  return H(h_b, in);
}

StatusOr<ParameterSummary> DescribeParameters(std::string_view group_name, uint64_t n,
                                              uint64_t k) {
  HENHOUSE_ASSIGN_OR_RETURN(std::shared_ptr<const math::Group> group,
                            math::GroupByName(group_name));
  ParameterSummary out;
  HENHOUSE_ASSIGN_OR_RETURN(out.h_p, ParameterBaseHash(*group, n, k));
  out.group = std::string(group->Name());
  out.guardians = n;
  out.quorum = k;
  out.description = group->Description();
  const Bytes enc = group->EncodeParameters();
  std::vector<std::pair<std::string, size_t>> layout;
  if (out.group == "p256") {
    layout = {{"p", 32}, {"a", 32}, {"b", 32}, {"q", 32}, {"g", 33}};
  } else {
    layout = {{"p", group->ElementSize()}, {"q", group->ScalarSize()}, {"g", group->ElementSize()}};
  }
  size_t pos = 0;
  for (const auto& [name, len] : layout) {
    if (pos + len > enc.size()) return InternalError("group parameters are shorter than expected");
    out.fields.emplace_back(name, Bytes(enc.begin() + pos, enc.begin() + pos + len));
    pos += len;
  }
  if (pos != enc.size()) return InternalError("group parameters are longer than expected");
  return out;
}

}  // namespace henhouse::crypto
