// Groups, elements and fixed-base tables are shared read-only across
// threads: results computed concurrently equal those computed serially.
#include <gtest/gtest.h>

#include "henhouse/base/parallel.h"
#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

class ConcurrencyTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ConcurrencyTest, SharedTablesGiveSerialResults) {
  auto group = *GroupByName(GetParam());
  const Group& g = *group;
  DeterministicRng rng(31);
  Element k = g.Generator().Pow(g.RandomScalar(rng));
  FixedBase fixed_g = g.Precompute(g.Generator());
  FixedBase fixed_k = g.Precompute(k);
  const size_t n = std::string(GetParam()) == "integer4096" ? 8 : 64;
  std::vector<Scalar> exps;
  for (size_t i = 0; i < n; ++i) exps.push_back(g.RandomScalar(rng));
  auto compute = [&](size_t i) {
    SecretScalar s = *g.ParseSecretScalar(exps[i].Encode());
    Element a = fixed_g.Pow(exps[i]) * fixed_k.PowNonce(s) * k.Pow(s);
    Scalar pair[2] = {exps[i], exps[(i + 1) % n]};
    Element b = g.PowMany(k, pair)[1] * g.ParseElementWithPowers(a.Encode(), pair)->back();
    return a.Encode() == b.Encode() ? Bytes{} : (a * b).Encode();
  };
  std::vector<Bytes> serial(n), parallel(n);
  for (size_t i = 0; i < n; ++i) serial[i] = compute(i);
  ParallelFor(n, [&](size_t i) { parallel[i] = compute(i); }, 4);
  EXPECT_EQ(serial, parallel);
}

INSTANTIATE_TEST_SUITE_P(Groups, ConcurrencyTest,
                         ::testing::Values("toy48", "integer4096", "p256"));

}  // namespace
}  // namespace henhouse::math
