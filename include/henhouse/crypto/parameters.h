// The election's base hashes: the parameter base hash H_P [2.1 §3.1.2], the
// election base hash H_B [§3.1.4] and the extended base hash H_E [§3.2.3].
// docs/formats.md ("Parameters and H_P") says exactly which bytes are hashed
// for each group.
#ifndef HENHOUSE_CRYPTO_PARAMETERS_H_
#define HENHOUSE_CRYPTO_PARAMETERS_H_

#include <cstdint>

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

}  // namespace henhouse::crypto

#endif  // HENHOUSE_CRYPTO_PARAMETERS_H_
