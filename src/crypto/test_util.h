// Helpers shared by the crypto tests (header only; not part of the library).
#ifndef HENHOUSE_SRC_CRYPTO_TEST_UTIL_H_
#define HENHOUSE_SRC_CRYPTO_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "henhouse/base/rng.h"
#include "henhouse/crypto/elgamal.h"
#include "henhouse/crypto/hash.h"
#include "henhouse/math/group.h"

namespace henhouse::crypto::testing {

inline std::shared_ptr<const math::Group> GroupOrDie(std::string_view name) {
  auto g = math::GroupByName(name);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return *g;
}

// TestKey is an ElGamal key pair K = g^s.
struct TestKey {
  math::SecretScalar secret;
  ElGamalKey key;
};

inline TestKey MakeKey(std::shared_ptr<const math::Group> group, Rng& rng) {
  math::SecretScalar s = group->RandomSecretScalar(rng);
  math::Element k = group->Generator().Pow(s);
  auto key = ElGamalKey::Create(group, k);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return TestKey{std::move(s), *std::move(key)};
}

inline Hash32 FilledHash(uint8_t b) {
  Hash32 h;
  h.fill(b);
  return h;
}

// Bump returns x + 1: a changed but still valid scalar.
inline math::Scalar Bump(const math::Scalar& x) {
  return x + x.group()->ScalarFromU64(1);
}

// Other returns a different subgroup element: x·g.
inline math::Element Other(const math::Element& x) { return x * x.group()->Generator(); }

}  // namespace henhouse::crypto::testing

#endif  // HENHOUSE_SRC_CRYPTO_TEST_UTIL_H_
