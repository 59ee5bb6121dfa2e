// Selection encryption and verification benchmarks (docs/performance.md,
// "Selection encryption and verification"). Compare with BM_Primitive/* of
// src/math/math_bench.cc, run in the same binary.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "henhouse/crypto/range_proof.h"
#include "math/bench_primitives.h"

namespace henhouse::crypto {
namespace {

constexpr size_t kPool = 16;
// kPairs: the pairs of blocks BM_Paired/* alternates (about 4 ms each).
constexpr int kPairs = 300;

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

// SelectionEncryptor::Run: (α, β) = (g^ξ, K^(σ+ξ)) and its 0..1 range
// proof, including the challenge hash; the g and K tables are built
// beforehand. The proof's random values come from the system CSPRNG, as in
// an election (the fixture's seeded generator only makes the key and the
// nonces).
class SelectionEncryptor {
 public:
  explicit SelectionEncryptor(std::shared_ptr<SelectionFixture> fx) : fx_(std::move(fx)) {}
  bool Run() {
    auto pc =
        EncryptWithRangeProof(fx_->key, i_ % 2, fx_->nonces[i_ % kPool], 1, fx_->context, *rng_);
    benchmark::DoNotOptimize(pc);
    ++i_;
    return pc.ok();
  }

 private:
  std::shared_ptr<SelectionFixture> fx_;
  std::unique_ptr<Rng> rng_ = NewSystemRng();
  size_t i_ = 0;
};

// SelectionVerifier::Run: verification from the encoded α and β, including
// their subgroup checks.
class SelectionVerifier {
 public:
  explicit SelectionVerifier(std::shared_ptr<SelectionFixture> fx) : fx_(std::move(fx)) {}
  bool Run() {
    const size_t j = i_++ % kPool;
    auto ct = VerifyRangeEncoded(fx_->key, fx_->alphas[j], fx_->betas[j], fx_->proofs[j], 1,
                                 fx_->context);
    benchmark::DoNotOptimize(ct);
    return ct.ok();
  }

 private:
  std::shared_ptr<SelectionFixture> fx_;
  size_t i_ = 0;
};

void EncryptSelection(benchmark::State& state, const std::shared_ptr<SelectionFixture>& fx) {
  SelectionEncryptor op(fx);
  for (auto _ : state) {
    if (!op.Run()) state.SkipWithError("encryption failed");
  }
}

void VerifySelection(benchmark::State& state, const std::shared_ptr<SelectionFixture>& fx) {
  SelectionVerifier op(fx);
  for (auto _ : state) {
    if (!op.Run()) state.SkipWithError("verification failed");
  }
}

// ThreadCpuNanos is the CPU time this thread has used.
int64_t ThreadCpuNanos() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// NanosPerRun runs f once untimed (which brings its tables back into the
// caches after the other block), then n times timed, and returns the CPU
// time per run.
template <class F>
double NanosPerRun(F& f, int n) {
  f();
  const int64_t start = ThreadCpuNanos();
  for (int i = 0; i < n; ++i) f();
  return static_cast<double>(ThreadCpuNanos() - start) / n;
}

// RunsPerBlock is how many runs of f take about kBlockNanos (at least one).
constexpr double kBlockNanos = 2e6;
template <class F>
int RunsPerBlock(F& f) {
  return std::max(1, static_cast<int>(kBlockNanos / NanosPerRun(f, 3)));
}

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

// Paired measures op in units of primitive with the two run in alternating
// blocks of about 2 ms of CPU time each (which of the two comes first
// alternates too), one ratio per pair of adjacent blocks. On a shared host
// whose load drifts over seconds, adjacent blocks see nearly the same load,
// where BM_EncryptSelection and BM_Primitive, run 0.2 s at a time, may not.
// Counters: ratio (the median of the per-pair ratios), ratio_p10 and
// ratio_p90, op_us and primitive_us (the medians of the blocks' times per
// run).
template <class Op, class Primitive>
void Paired(benchmark::State& state, Op& op, Primitive& primitive) {
  bool ok = true;
  auto run_op = [&] { ok = op.Run() && ok; };
  auto run_primitive = [&] { primitive.Run(); };
  const int op_runs = RunsPerBlock(run_op);
  const int primitive_runs = RunsPerBlock(run_primitive);
  std::vector<double> ratios, op_ns, primitive_ns;
  bool op_first = true;
  for (auto _ : state) {
    double a, b;
    if (op_first) {
      a = NanosPerRun(run_op, op_runs);
      b = NanosPerRun(run_primitive, primitive_runs);
    } else {
      b = NanosPerRun(run_primitive, primitive_runs);
      a = NanosPerRun(run_op, op_runs);
    }
    op_first = !op_first;
    ratios.push_back(a / b);
    op_ns.push_back(a);
    primitive_ns.push_back(b);
  }
  if (!ok) {
    state.SkipWithError("the operation failed");
    return;
  }
  state.counters["ratio"] = Quantile(ratios, 0.5);
  state.counters["ratio_p10"] = Quantile(ratios, 0.1);
  state.counters["ratio_p90"] = Quantile(ratios, 0.9);
  state.counters["op_us"] = Quantile(op_ns, 0.5) / 1e3;
  state.counters["primitive_us"] = Quantile(primitive_ns, 0.5) / 1e3;
}

// RegisterPaired registers Paired for Op (built on the fixture get returns)
// over Primitive (built from args), both made when the benchmark runs.
template <class Op, class Primitive, class Get, class... Args>
void RegisterPaired(const std::string& name, Get get, Args... args) {
  benchmark::RegisterBenchmark(name.c_str(),
                               [get, args...](benchmark::State& s) {
                                 Op op(get());
                                 Primitive primitive(args...);
                                 Paired(s, op, primitive);
                               })
      ->Iterations(kPairs)
      ->Unit(benchmark::kMillisecond);
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
    // BM_Paired/*: each target of issue 2 as a ratio from alternating
    // blocks (Paired); tools/paired_ratios.sh prints the four.
    const std::string suffix = std::string("/") + name;
    if (suffix == "/integer4096") {
      RegisterPaired<SelectionEncryptor, math::bench::MontMulPrimitive>(
          "BM_Paired/EncryptSelection" + suffix, get);
      RegisterPaired<SelectionVerifier, math::bench::OpensslModexpPrimitive>(
          "BM_Paired/VerifySelection" + suffix, get);
    } else {
      RegisterPaired<SelectionEncryptor, math::bench::OpensslP256MulPrimitive>(
          "BM_Paired/EncryptSelection" + suffix, get, /*base_point=*/true);
      RegisterPaired<SelectionVerifier, math::bench::OpensslP256MulPrimitive>(
          "BM_Paired/VerifySelection" + suffix, get, /*base_point=*/false);
    }
  }
  return true;
}

const bool kRegistered = RegisterAll();

}  // namespace
}  // namespace henhouse::crypto
