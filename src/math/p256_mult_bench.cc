// Benchmarks of the P-256 building blocks of our own code (field, group law,
// variable-time tables), to read the group-level figures of math_bench.cc
// against: BM_Math/p256_internal/<op>.
#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <vector>

#include "henhouse/base/rng.h"
#include "math/p256_madd.h"
#include "math/p256_mult.h"

namespace henhouse::math::internal::p256 {
namespace {

Aff SomePoint() {
  // 2·G's encoding is not needed: any x with a square right-hand side will
  // do; walk x = 1, 2, … until one decompresses.
  uint8_t enc[33] = {0x02};
  Aff a;
  bool identity = false;
  for (uint8_t x = 1;; ++x) {
    enc[32] = x;
    if (Decompress(enc, &a, &identity) == nullptr) return a;
  }
}

Limbs RandomScalar(Rng& rng) {
  Limbs e;
  Bytes b = rng.Generate(32);
  std::memcpy(e.data(), b.data(), 32);
  return e;
}

void FieldMul(benchmark::State& s) {
  Fe a = kOne, b = kR2;
  for (auto _ : s) {
    FeMul(a, a, b);
    benchmark::DoNotOptimize(a);
  }
}

// FieldMul4: four independent multiplications per iteration, so the
// processor can overlap them (throughput, against FieldMul's latency).
void FieldMul4(benchmark::State& s) {
  Fe a = kOne, b = kR2, c = kR2, d = kOne;
  for (auto _ : s) {
    FeMul(a, a, kR2);
    FeMul(b, b, kR2);
    FeMul(c, c, kR2);
    FeMul(d, d, kR2);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(d);
  }
}

void FieldSqr(benchmark::State& s) {
  Fe a = kR2;
  for (auto _ : s) {
    FeSqr(a, a);
    benchmark::DoNotOptimize(a);
  }
}

void Double(benchmark::State& s) {
  Jac a = FromAff(SomePoint());
  for (auto _ : s) {
    JacDouble(a, a);
    benchmark::DoNotOptimize(a);
  }
}

// DoublePortable: the doubling with the C++ field functions (DoublePair
// and DoubleLane below are the assembly's, where the processor has BMI2
// and ADX); one doubling per iteration in each.
void DoublePortable(benchmark::State& s) {
  Jac a = FromAff(SomePoint());
  for (auto _ : s) {
    JacDoublePortable(a, a);
    benchmark::DoNotOptimize(a);
  }
}

// DoubleChain: one point doubled 64 times in place per call (a table's
// tooth chain), per doubling.
void DoubleChain(benchmark::State& s) {
  Jac a = FromAff(SomePoint());
  for (auto _ : s) {
    JacDoubleN(a, a, 64);
    benchmark::DoNotOptimize(a);
  }
  s.SetItemsProcessed(s.iterations() * 64);
}

// DoublePairOnce: two points side by side, one doubling of each per call
// (MultiPow2's step); two doublings per iteration.
void DoublePairOnce(benchmark::State& s) {
  PointPair pair;
  pair.lane[0].p = FromAff(SomePoint());
  pair.lane[1].p = pair.lane[0].p;
  JacDouble(pair.lane[1].p, pair.lane[1].p);
  for (auto _ : s) {
    DoubleLanes(pair, 1);
    benchmark::DoNotOptimize(pair);
  }
  s.SetItemsProcessed(s.iterations() * 2);
}

// AddLane: one mixed addition into an accumulator kept in a PointLane (as
// MultiPow adds; the assembly's where the processor has BMI2 and ADX);
// AddPair: one in each lane of a PointPair, side by side (two additions per
// iteration).
void AddLane(benchmark::State& s) {
  const Aff b = SomePoint();
  PointLane lane;
  JacDouble(lane.p, FromAff(b));
  for (auto _ : s) {
    AddToLane(lane, b, false);
    benchmark::DoNotOptimize(lane);
  }
}

void AddPair(benchmark::State& s) {
  const Aff b = SomePoint();
  PointPair pair;
  JacDouble(pair.lane[0].p, FromAff(b));
  JacDouble(pair.lane[1].p, pair.lane[0].p);
  const Aff* entries[2] = {&b, &b};
  const bool negate[2] = {false, true};
  for (auto _ : s) {
    AddToLanes(pair, entries, negate);
    benchmark::DoNotOptimize(pair);
  }
  s.SetItemsProcessed(s.iterations() * 2);
}

void AddAffine(benchmark::State& s) {
  const Aff b = SomePoint();
  Jac a;
  JacDouble(a, FromAff(b));
  for (auto _ : s) {
    JacAddAff(a, a, b, false);
    benchmark::DoNotOptimize(a);
  }
}

void Add(benchmark::State& s) {
  Jac b;
  JacDouble(b, FromAff(SomePoint()));
  Jac a = b;
  JacDouble(a, a);
  for (auto _ : s) {
    JacAdd(a, a, b);
    benchmark::DoNotOptimize(a);
  }
}

void PowTableBuild(benchmark::State& s) {
  const Aff base = SomePoint();
  for (auto _ : s) benchmark::DoNotOptimize(PowTable(base, static_cast<int>(s.range(0)), 5));
}

void PowTablePow(benchmark::State& s) {
  const PowTable table(SomePoint(), static_cast<int>(s.range(0)), 5);
  DeterministicRng rng(3);
  const Limbs e = RandomScalar(rng);
  for (auto _ : s) benchmark::DoNotOptimize(table.Pow(e));
}

// MultiPowFused: x^e·F^f with x's table (4 teeth, width 5) and F's (4
// teeth, width 8), both built beforehand: the work per commitment g^v·α^c.
void MultiPowFused(benchmark::State& s) {
  const Aff x = SomePoint();
  Jac f;
  JacDouble(f, FromAff(x));
  Aff fa;
  BatchToAffine(std::span<const Jac>(&f, 1), &fa);
  const PowTable xt(x, 4, 5), ft(fa, 4, 8);
  DeterministicRng rng(6);
  const Limbs e = RandomScalar(rng), fe = RandomScalar(rng);
  const PowTerm terms[2] = {{&xt, &e}, {&ft, &fe}};
  for (auto _ : s) benchmark::DoNotOptimize(MultiPow(terms));
}

void FixedTablePow(benchmark::State& s) {
  const FixedTable table(SomePoint());
  DeterministicRng rng(4);
  const Limbs e = RandomScalar(rng);
  for (auto _ : s) benchmark::DoNotOptimize(table.Pow(e));
}

// FixedTablePowSecret: the constant-time path for secret scalars (p256_ct.cc)
// on the same table. RandomScalar is below n with overwhelming probability.
void FixedTablePowSecret(benchmark::State& s) {
  const FixedTable table(SomePoint());
  DeterministicRng rng(4);
  const Limbs e = RandomScalar(rng);
  for (auto _ : s) benchmark::DoNotOptimize(table.PowSecret(e));
}

// FixedTablePowSecretMany<N>: N secret exponents in one PowSecretMany (each
// row scanned once per three of them, the additions interleaved), as
// encryption does per base (N = 3) and would for both bases (N = 6).
// Compare with N × fixed_table_pow_secret.
template <size_t N>
void FixedTablePowSecretMany(benchmark::State& s) {
  const FixedTable table(SomePoint());
  DeterministicRng rng(4);
  std::array<Limbs, N> e;
  std::array<const Limbs*, N> es;
  for (size_t k = 0; k < N; ++k) {
    e[k] = RandomScalar(rng);
    es[k] = &e[k];
  }
  std::array<Jac, N> out;
  for (auto _ : s) {
    table.PowSecretMany(es, out.data());
    benchmark::DoNotOptimize(out);
  }
}

// FixedTablePowSecretTwoTables: six secret exponents, three on each of two
// tables, in one PowSecretMulti: the shape of a selection encryption (g and
// K), whose rows read twice the memory of fixed_table_pow_secret_many6's.
void FixedTablePowSecretTwoTables(benchmark::State& s) {
  const FixedTable g(SomePoint());
  Jac k2;
  JacDouble(k2, FromAff(SomePoint()));
  Aff ka;
  BatchToAffine(std::span<const Jac>(&k2, 1), &ka);
  const FixedTable k(ka);
  DeterministicRng rng(4);
  std::array<Limbs, 6> e;
  std::array<const Limbs*, 6> es;
  std::array<const FixedTable*, 6> tables;
  for (size_t i = 0; i < 6; ++i) {
    e[i] = RandomScalar(rng);
    es[i] = &e[i];
    tables[i] = i < 3 ? &g : &k;
  }
  std::array<Jac, 6> out;
  for (auto _ : s) {
    FixedTable::PowSecretMulti(tables, es, out.data());
    benchmark::DoNotOptimize(out);
  }
}

// MaddPortable / MaddAssembly: six mixed additions side by side (the comb's
// step for six exponents) with the C++ field functions (MaddLanesPortable)
// and with the generated assembly (henhouse_p256_madd_pairs, three pairs).
// Any field values serve for timing. Compare with field_mul.
void FillLanes(MaddPair* pairs, size_t n) {
  DeterministicRng rng(8);
  for (size_t k = 0; k < 2 * n; ++k) {
    MaddLane& l = pairs[k / 2].lane[k % 2];
    for (Fe* f : {&l.x, &l.y, &l.z, &l.ex, &l.ey}) {
      const Limbs v = RandomScalar(rng);
      std::copy(v.begin(), v.end(), f->begin());
    }
  }
}

void MaddPortable(benchmark::State& s) {
  MaddPair pairs[3];
  FillLanes(pairs, 3);
  MaddLane* lanes[6];
  for (size_t k = 0; k < 6; ++k) lanes[k] = &pairs[k / 2].lane[k % 2];
  for (auto _ : s) {
    MaddLanesPortable(lanes, 6);
    benchmark::DoNotOptimize(pairs);
  }
}

void MaddAssembly(benchmark::State& s) {
#if HENHOUSE_P256_MADD_ASM
  if (!kHaveBmi2Adx) {
    s.SkipWithError("this processor lacks BMI2 or ADX");
    return;
  }
  MaddPair pairs[3];
  FillLanes(pairs, 3);
  for (auto _ : s) {
    henhouse_p256_madd_pairs(pairs, 3);
    benchmark::DoNotOptimize(pairs);
  }
#else
  s.SkipWithError("no assembly additions on this platform");
#endif
}

// SelectThree: one row scan of the comb, three indices on a 64-entry row
// (SelectEntries, AVX2 where the processor has it).
void SelectThree(benchmark::State& s) {
  std::vector<Aff> row(64);
  DeterministicRng rng(9);
  for (Aff& a : row) {
    const Limbs x = RandomScalar(rng), y = RandomScalar(rng);
    std::copy(x.begin(), x.end(), a.x.begin());
    std::copy(y.begin(), y.end(), a.y.begin());
  }
  Aff out[3];
  Aff* const outs[3] = {&out[0], &out[1], &out[2]};
  const uint64_t indices[3] = {5, 64, 17};
  for (auto _ : s) {
    SelectEntries(outs, row.data(), 64, indices, 3, true);
    benchmark::DoNotOptimize(out);
  }
}

void WnafRecode(benchmark::State& s) {
  DeterministicRng rng(5);
  const Limbs e = RandomScalar(rng);
  for (auto _ : s) benchmark::DoNotOptimize(Wnaf(e, 5));
}

BENCHMARK(FieldMul)->Name("BM_Math/p256_internal/field_mul");
BENCHMARK(FieldMul4)->Name("BM_Math/p256_internal/field_mul_x4");
BENCHMARK(FieldSqr)->Name("BM_Math/p256_internal/field_sqr");
BENCHMARK(Double)->Name("BM_Math/p256_internal/double");
BENCHMARK(DoublePortable)->Name("BM_Math/p256_internal/double_portable");
BENCHMARK(DoubleChain)->Name("BM_Math/p256_internal/double_chain64");
BENCHMARK(DoublePairOnce)->Name("BM_Math/p256_internal/double_pair");
BENCHMARK(AddAffine)->Name("BM_Math/p256_internal/add_affine");
BENCHMARK(AddLane)->Name("BM_Math/p256_internal/add_lane");
BENCHMARK(AddPair)->Name("BM_Math/p256_internal/add_pair");
BENCHMARK(Add)->Name("BM_Math/p256_internal/add");
BENCHMARK(WnafRecode)->Name("BM_Math/p256_internal/wnaf5");
BENCHMARK(PowTableBuild)->Name("BM_Math/p256_internal/pow_table_build")->Arg(1)->Arg(4);
BENCHMARK(PowTablePow)->Name("BM_Math/p256_internal/pow_table_pow")->Arg(1)->Arg(4);
BENCHMARK(MultiPowFused)->Name("BM_Math/p256_internal/multi_pow_fused");
BENCHMARK(FixedTablePow)->Name("BM_Math/p256_internal/fixed_table_pow");
BENCHMARK(FixedTablePowSecret)->Name("BM_Math/p256_internal/fixed_table_pow_secret");
BENCHMARK(FixedTablePowSecretMany<3>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many3");
BENCHMARK(FixedTablePowSecretMany<1>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many1");
BENCHMARK(FixedTablePowSecretMany<2>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many2");
BENCHMARK(FixedTablePowSecretMany<4>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many4");
BENCHMARK(FixedTablePowSecretMany<5>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many5");
BENCHMARK(FixedTablePowSecretMany<6>)->Name("BM_Math/p256_internal/fixed_table_pow_secret_many6");
BENCHMARK(SelectThree)->Name("BM_Math/p256_internal/select_three64");
BENCHMARK(MaddPortable)->Name("BM_Math/p256_internal/madd_portable6");
BENCHMARK(MaddAssembly)->Name("BM_Math/p256_internal/madd_assembly6");
BENCHMARK(FixedTablePowSecretTwoTables)
    ->Name("BM_Math/p256_internal/fixed_table_pow_secret_two_tables");

}  // namespace
}  // namespace henhouse::math::internal::p256
