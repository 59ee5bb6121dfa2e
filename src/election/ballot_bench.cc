// Ballot encryption of the example general election, and the contest data
// part of it [2.1 §3.3.10], to state what contest data costs per ballot
// (docs/performance.md). Run with BM_Primitive/* in the same binary.
#include <benchmark/benchmark.h>

#include <memory>

#include "henhouse/base/file.h"
#include "henhouse/election/ballot.h"
#include "henhouse/election/guardian.h"

namespace henhouse::election {
namespace {

struct BallotFixture {
  explicit BallotFixture(const char* group) : rng(3) {
    Manifest base = *Manifest::Parse(*ReadTextFile("examples/general-election.json"));
    params = std::make_unique<ElectionParameters>(
        *ElectionParameters::Create(*base.WithElection(group, 5, 3)));
    keys.vote_key = params->g.Pow(params->group->RandomSecretScalar(rng));
    keys.data_key = params->g.Pow(params->group->RandomSecretScalar(rng));
    rng.Fill(keys.h_e);
    encrypter = std::make_unique<BallotEncrypter>(*BallotEncrypter::Create(*params, keys));
    const BallotStyle& style = params->manifest.styles()[0];
    ballot.style = style.label;
    for (uint32_t c : style.contests) {
      std::vector<uint32_t> v(params->manifest.contest(c).options.size(), 0);
      v[0] = 1;
      ballot.selections.push_back(v);
      contests.push_back(c);
    }
    data_key = params->group->Precompute(keys.data_key);
  }
  DeterministicRng rng;
  std::unique_ptr<ElectionParameters> params;
  ElectionKeys keys;
  std::unique_ptr<BallotEncrypter> encrypter;
  PlaintextBallot ballot;
  std::vector<uint32_t> contests;
  math::FixedBase data_key;
};

BallotFixture& Fixture(const std::string& group) {
  static BallotFixture* p256 = new BallotFixture("p256");
  static BallotFixture* integer = nullptr;
  if (group == "p256") return *p256;
  if (!integer) integer = new BallotFixture("integer4096");
  return *integer;
}

// EncryptBallot: a whole ballot of the first style (every contest with its
// selections, proofs, contest data and ballot nonce encryption).
void BM_EncryptBallot(benchmark::State& state, const char* group) {
  BallotFixture& f = Fixture(group);
  for (auto _ : state) benchmark::DoNotOptimize(f.encrypter->Encrypt(f.ballot, f.rng));
  state.counters["contests"] = static_cast<double>(f.contests.size());
}

// ContestDataOfBallot: the contest data of the same ballot alone: one
// encryption of D (g^ξ, K̂^ξ, the KDF, the Schnorr proof) per contest.
void BM_ContestDataOfBallot(benchmark::State& state, const char* group) {
  BallotFixture& f = Fixture(group);
  SecretBytes xi_b(32);
  f.rng.Fill(xi_b.MutableReveal(SecretAccess::Get()));
  crypto::Hash32 h_i{};
  for (auto _ : state) {
    for (uint32_t c : f.contests) {
      const ContestDef& def = f.params->manifest.contest(c);
      Bytes d = *EncodeContestData(def, MakeContestData(def, f.ballot.selections[0], {}));
      math::SecretScalar xi = crypto::DeriveContestDataNonce(*f.params->group, h_i, c, xi_b);
      benchmark::DoNotOptimize(
          crypto::EncryptContestData(f.params->g, f.data_key, h_i, c, xi, d, f.rng));
    }
  }
}

BENCHMARK_CAPTURE(BM_EncryptBallot, p256, "p256")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ContestDataOfBallot, p256, "p256")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace henhouse::election
