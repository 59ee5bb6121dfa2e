// Selection encryption and verification benchmarks (docs/performance.md,
// "Selection encryption and verification"). Compare with BM_Primitive/* of
// src/math/math_bench.cc, run in the same binary.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "henhouse/crypto/range_proof.h"

namespace henhouse::crypto {
namespace {

constexpr size_t kPool = 16;

struct SelectionFixture {
  explicit SelectionFixture(const char* name)
      : group(*math::GroupByName(name)),
        rng(7),
        key(*ElGamalKey::Create(group, group->Generator().Pow(group->RandomScalar(rng)))),
        context(RangeProofContext::ForSelection(Hash32{}, 1, 2)) {
    for (size_t i = 0; i < kPool; ++i) {
      nonces.push_back(group->RandomSecretScalar(rng));
      ProvenCiphertext pc = *EncryptWithRangeProof(key, i % 2, nonces.back(), 1, context, rng);
      alphas.push_back(pc.ciphertext.alpha.Encode());
      betas.push_back(pc.ciphertext.beta.Encode());
      proofs.push_back(pc.proof);
    }
  }
  std::shared_ptr<const math::Group> group;
  DeterministicRng rng;
  ElGamalKey key;
  RangeProofContext context;
  std::vector<math::SecretScalar> nonces;
  std::vector<Bytes> alphas, betas;
  std::vector<RangeProof> proofs;
};

// EncryptSelection: (α, β) = (g^ξ, K^(σ+ξ)) and its 0..1 range proof,
// including the challenge hash; the g and K tables are built beforehand.
// The proof's random values come from the system CSPRNG, as in an election
// (the fixture's seeded generator only makes the key and the nonces).
void EncryptSelection(benchmark::State& state, const std::shared_ptr<SelectionFixture>& fx) {
  const std::unique_ptr<Rng> rng = NewSystemRng();
  size_t i = 0;
  for (auto _ : state) {
    auto pc = EncryptWithRangeProof(fx->key, i % 2, fx->nonces[i % kPool], 1, fx->context, *rng);
    if (!pc.ok()) state.SkipWithError("encryption failed");
    benchmark::DoNotOptimize(pc);
    ++i;
  }
}

// VerifySelection: from the encoded α and β, including their subgroup checks.
void VerifySelection(benchmark::State& state, const std::shared_ptr<SelectionFixture>& fx) {
  size_t i = 0;
  for (auto _ : state) {
    const size_t j = i % kPool;
    auto ct = VerifyRangeEncoded(fx->key, fx->alphas[j], fx->betas[j], fx->proofs[j], 1,
                                 fx->context);
    if (!ct.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(ct);
    ++i;
  }
}

bool RegisterAll() {
  for (const char* name : {"integer4096", "p256"}) {
    // Built lazily so that a filtered run does not pay for every fixture.
    auto holder = std::make_shared<std::shared_ptr<SelectionFixture>>();
    auto get = [holder, name] {
      if (*holder == nullptr) *holder = std::make_shared<SelectionFixture>(name);
      return *holder;
    };
    benchmark::RegisterBenchmark((std::string("BM_EncryptSelection/") + name).c_str(),
                                 [get](benchmark::State& s) { EncryptSelection(s, get()); });
    benchmark::RegisterBenchmark((std::string("BM_VerifySelection/") + name).c_str(),
                                 [get](benchmark::State& s) { VerifySelection(s, get()); });
  }
  return true;
}

const bool kRegistered = RegisterAll();

}  // namespace
}  // namespace henhouse::crypto
