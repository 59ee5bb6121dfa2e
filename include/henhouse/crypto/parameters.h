// The election's base hashes: the parameter base hash H_P [2.1 §3.1.2], the
// election base hash H_B [§3.1.4] and the extended base hash H_E [§3.2.3].
// docs/formats.md ("Parameters and H_P") says exactly which bytes are hashed
// for each group.
#ifndef HENHOUSE_CRYPTO_PARAMETERS_H_
#define HENHOUSE_CRYPTO_PARAMETERS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto {

// kSpecVersion is the version string hashed into ver.
inline constexpr std::string_view kSpecVersion = "v2.1.0";

// VersionBytes returns ver = 0x76322E312E30 ∥ b(0, 26): "v2.1.0" in UTF-8
// padded with zero bytes to 32 [2.1 §3.1.2].
Hash32 VersionBytes();

// CheckGuardianCounts returns INVALID_ARGUMENT unless 1 ≤ k ≤ n < 2^31
// (§3.2: 1 ≤ k ≤ n; §5.1.3: small integers are below 2^31). The message
// names n or k and the bound violated.
Status CheckGuardianCounts(uint64_t n, uint64_t k);

// ParameterBaseHash returns H_P = H(ver; 0x00, p, q, g, n, k) [eq. 4], where
// "p, q, g" is group.EncodeParameters() (b(p,lp) ∥ b(q,lq) ∥ b(g,lp) for
// integer groups; the p256 bytes are in docs/formats.md). Errors: those of
// CheckGuardianCounts.
StatusOr<Hash32> ParameterBaseHash(const math::Group& group, uint64_t n, uint64_t k);

// ElectionBaseHash returns H_B = H(H_P; 0x01, b(len,4) ∥ manifest) [eq. 5,
// §5.1.5]: the manifest file's exact bytes, length-prefixed.
// INVALID_ARGUMENT if the manifest is 2^31 bytes or longer (§5.1.5, note 59).
StatusOr<Hash32> ElectionBaseHash(const Hash32& h_p, ByteSpan manifest);

// ExtendedBaseHash returns H_E = H(H_B; 0x14, K, K̂) [eq. 30], with K the
// vote encryption key and K̂ the ballot data encryption key.
// REQUIRES: both elements belong to the same group.
Hash32 ExtendedBaseHash(const Hash32& h_b, const math::Element& vote_key,
                        const math::Element& data_key);

// ParameterSummary describes an election's cryptographic parameters for
// people and for `henhouse params`.
struct ParameterSummary {
  std::string group;        // "integer4096", "p256", ...
  uint64_t guardians = 0;   // n
  uint64_t quorum = 0;      // k
  Hash32 h_p{};             // H_P
  std::string description;  // Group::Description()
  // fields splits group.EncodeParameters() into named values, in hash order:
  // ("p", "q", "g") for integer groups; ("p", "a", "b", "q", "g") for p256,
  // where q is the curve order n and g the compressed base point G (see
  // docs/formats.md).
  std::vector<std::pair<std::string, Bytes>> fields;
};

// DescribeParameters looks the group up by name (math::GroupByName) and
// computes H_P. INVALID_ARGUMENT for an unknown group or bad n, k (the
// messages of GroupByName and CheckGuardianCounts).
StatusOr<ParameterSummary> DescribeParameters(std::string_view group_name, uint64_t n,
                                              uint64_t k);

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_PARAMETERS_H_
