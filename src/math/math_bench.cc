// Math benchmarks. BM_Primitive/* time reference primitives (one Montgomery
// multiplication of our own, OpenSSL's modexp and P-256 multiplications) in
// which the performance targets of the protocol operations are expressed;
// BM_Math/<group>/* time our group operations.
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "henhouse/math/group.h"
#include "math/bench_primitives.h"
#include "math/integer_group.h"

namespace henhouse::math {
namespace {

constexpr size_t kPool = 64;

std::shared_ptr<const Group> G(const char* name) { return *GroupByName(name); }

void MontMul(benchmark::State& state) {
  bench::MontMulPrimitive p;
  for (auto _ : state) p.Run();
}

// MontSqr256: 256 squarings, the chain every 256-bit exponentiation runs.
void MontSqr256(benchmark::State& state) {
  auto g = G("integer4096");
  const auto& m = static_cast<const internal::IntegerGroup&>(*g).mont();
  internal::LimbVec r(internal::IntegerGroup::MontOf(g->Generator()),
                      internal::IntegerGroup::MontOf(g->Generator()) + m.n());
  internal::LimbVec tmp = m.Scratch();
  for (auto _ : state) {
    m.SqrN(r.data(), r.data(), 256, tmp.data());
    benchmark::DoNotOptimize(r.data());
  }
}

void OpensslModexp(benchmark::State& state) {
  bench::OpensslModexpPrimitive p;
  for (auto _ : state) p.Run();
}

void OpensslP256Mul(benchmark::State& state, bool base_point) {
  bench::OpensslP256MulPrimitive p(base_point);
  for (auto _ : state) p.Run();
}

// GroupFixture holds random values for the BM_Math benchmarks of one group.
struct GroupFixture {
  explicit GroupFixture(const char* name) : group(G(name)), rng(4) {
    for (size_t i = 0; i < kPool; ++i) {
      exps.push_back(group->RandomScalar(rng));
      secrets.push_back(group->RandomSecretScalar(rng));
      elements.push_back(group->Generator().Pow(group->RandomScalar(rng)));
      encodings.push_back(elements.back().Encode());
    }
  }
  std::shared_ptr<const Group> group;
  DeterministicRng rng;
  std::vector<Scalar> exps;
  std::vector<SecretScalar> secrets;
  std::vector<Element> elements;
  std::vector<Bytes> encodings;
};

// LazyFixture builds a group's fixture on first use, so that a filtered run
// pays only for the groups it measures.
class LazyFixture {
 public:
  explicit LazyFixture(const char* name) : name_(name) {}
  GroupFixture* operator->() {
    std::call_once(once_, [this] { fixture_ = std::make_unique<GroupFixture>(name_); });
    return fixture_.get();
  }

 private:
  const char* name_;
  std::once_flag once_;
  std::unique_ptr<GroupFixture> fixture_;
};

void RegisterGroup(const char* name) {
  auto fx = std::make_shared<LazyFixture>(name);
  std::string prefix = std::string("BM_Math/") + name + "/";
  auto reg = [&](const std::string& op, std::function<void(benchmark::State&)> fn) {
    benchmark::RegisterBenchmark((prefix + op).c_str(), [fn](benchmark::State& s) { fn(s); });
  };
  reg("fixed_pow", [fx](benchmark::State& s) {
    FixedBase k = (*fx)->group->Precompute((*fx)->elements[0]);
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(k.Pow((*fx)->exps[i++ % kPool]));
  });
  reg("fixed_pow_encode", [fx](benchmark::State& s) {
    FixedBase k = (*fx)->group->Precompute((*fx)->elements[0]);
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(k.Pow((*fx)->exps[i++ % kPool]).Encode());
  });
  reg("fixed_pow_g", [fx](benchmark::State& s) {
    FixedBase g = (*fx)->group->Precompute((*fx)->group->Generator());
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(g.Pow((*fx)->exps[i++ % kPool]));
  });
  reg("fixed_pow_nonce", [fx](benchmark::State& s) {
    FixedBase k = (*fx)->group->Precompute((*fx)->elements[0]);
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(k.PowNonce((*fx)->secrets[i++ % kPool]));
  });
  reg("fixed_pow_secret", [fx](benchmark::State& s) {
    FixedBase k = (*fx)->group->Precompute((*fx)->elements[0]);
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(k.Pow((*fx)->secrets[i++ % kPool]));
  });
  reg("precompute", [fx](benchmark::State& s) {
    size_t i = 1;
    for (auto _ : s) benchmark::DoNotOptimize((*fx)->group->Precompute((*fx)->elements[i++ % kPool]));
  });
  reg("pow_public", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      benchmark::DoNotOptimize((*fx)->elements[i % kPool].Pow((*fx)->exps[(i + 1) % kPool]));
      ++i;
    }
  });
  reg("pow_secret", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      benchmark::DoNotOptimize((*fx)->elements[i % kPool].Pow((*fx)->secrets[(i + 1) % kPool]));
      ++i;
    }
  });
  reg("multipow2", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      Element b[2] = {(*fx)->elements[i % kPool], (*fx)->elements[(i + 1) % kPool]};
      Scalar e[2] = {(*fx)->exps[i % kPool], (*fx)->exps[(i + 3) % kPool]};
      benchmark::DoNotOptimize((*fx)->group->MultiPow(b, e));
      ++i;
    }
  });
  reg("pow_many2", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      Scalar e[2] = {(*fx)->exps[i % kPool], (*fx)->exps[(i + 3) % kPool]};
      benchmark::DoNotOptimize((*fx)->group->PowMany((*fx)->elements[i % kPool], e));
      ++i;
    }
  });
  reg("parse_with_powers2", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      Scalar e[2] = {(*fx)->exps[i % kPool], (*fx)->exps[(i + 3) % kPool]};
      benchmark::DoNotOptimize((*fx)->group->ParseElementWithPowers((*fx)->encodings[i % kPool], e));
      ++i;
    }
  });
  // parse_with_products2: what the verifier does for α of a 0/1 range
  // proof: parse, then g^(v_0)·α^(c_0) and g^(v_1)·α^(c_1).
  reg("parse_with_products2", [fx](benchmark::State& s) {
    FixedBase g = (*fx)->group->Precompute((*fx)->group->Generator());
    size_t i = 0;
    for (auto _ : s) {
      Scalar e[2] = {(*fx)->exps[i % kPool], (*fx)->exps[(i + 3) % kPool]};
      Scalar f[2] = {(*fx)->exps[(i + 5) % kPool], (*fx)->exps[(i + 7) % kPool]};
      benchmark::DoNotOptimize(
          (*fx)->group->ParseElementWithProducts((*fx)->encodings[i % kPool], e, g, f));
      ++i;
    }
  });
  // encode / encode_elements6: encodings of fresh elements (no cached
  // encoding), one at a time or six in one EncodeElements call (one field
  // inversion for all six on p256). The pool is refilled outside the timing.
  auto fresh_pool = [fx](std::vector<Element>& pool) {
    pool.clear();
    for (size_t i = 0; i < 6 * kPool; ++i) {
      pool.push_back((*fx)->elements[i % kPool] * (*fx)->elements[(i / kPool) % kPool]);
    }
  };
  reg("encode", [fx, fresh_pool](benchmark::State& s) {
    std::vector<Element> pool;
    size_t i = pool.size();
    for (auto _ : s) {
      if (i == pool.size()) {
        s.PauseTiming();
        fresh_pool(pool);
        i = 0;
        s.ResumeTiming();
      }
      benchmark::DoNotOptimize(pool[i++].Encode());
    }
  });
  reg("encode_elements6", [fx, fresh_pool](benchmark::State& s) {
    std::vector<Element> pool;
    size_t i = pool.size();
    for (auto _ : s) {
      if (i == pool.size()) {
        s.PauseTiming();
        fresh_pool(pool);
        i = 0;
        s.ResumeTiming();
      }
      benchmark::DoNotOptimize(
          (*fx)->group->EncodeElements(std::span<const Element>(pool).subspan(i, 6)));
      i += 6;
    }
  });
  reg("parse_element", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize((*fx)->group->ParseElement((*fx)->encodings[i++ % kPool]));
  });
  reg("mul", [fx](benchmark::State& s) {
    size_t i = 0;
    for (auto _ : s) {
      benchmark::DoNotOptimize((*fx)->elements[i % kPool] * (*fx)->elements[(i + 1) % kPool]);
      ++i;
    }
  });
  reg("batch_membership/100", [fx](benchmark::State& s) {
    std::vector<ByteSpan> spans;
    for (size_t i = 0; i < 100; ++i) spans.push_back((*fx)->encodings[i % kPool]);
    for (auto _ : s) benchmark::DoNotOptimize((*fx)->group->ParseElements(spans, (*fx)->rng));
  });
}

bool RegisterAll() {
  benchmark::RegisterBenchmark("BM_Primitive/integer4096/mont_mul", MontMul);
  benchmark::RegisterBenchmark("BM_Primitive/integer4096/openssl_modexp", OpensslModexp);
  benchmark::RegisterBenchmark("BM_Math/integer4096/sqr256", MontSqr256);
  benchmark::RegisterBenchmark("BM_Primitive/p256/openssl_base_mul",
                               [](benchmark::State& s) { OpensslP256Mul(s, true); });
  benchmark::RegisterBenchmark("BM_Primitive/p256/openssl_var_mul",
                               [](benchmark::State& s) { OpensslP256Mul(s, false); });
  for (const char* name : {"integer4096", "p256", "toy48"}) RegisterGroup(name);
  return true;
}

const bool kRegistered = RegisterAll();

}  // namespace
}  // namespace henhouse::math
