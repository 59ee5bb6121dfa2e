// vector_throughput: how many of each AVX2 instruction the row scan of
// FixedTable::PowSecret uses (src/math/p256_ct.cc) this processor retires per
// cycle, measured with eight independent chains per instruction so that
// latency does not limit them. docs/performance.md cites its figures.
//
//   g++ -O2 -mavx2 tools/vector_throughput.cc -o /tmp/vector_throughput
//   /tmp/vector_throughput
//
// The cycle is calibrated with a chain of dependent scalar additions (one
// per cycle on any x86-64 core of the last decade). Every figure is the
// fastest of seven alternating repetitions, which a busy host disturbs least.
#include <algorithm>
#include <chrono>
#include <cstdio>

namespace {

#define HH_EIGHT(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7)
#define HH_BLEND(i) "vpblendvb %%ymm9, %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
#define HH_AND(i) "vpand %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
#define HH_OR(i) "vpor %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
#define HH_CMPEQ(i) "vpcmpeqq %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
#define HH_CMPEQD(i) "vpcmpeqd %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
// Pairs: a compare and a blend side by side, four of each per round, to see
// whether the two share vector pipes.
#define HH_CMPEQ_BLEND(i) "vpcmpeqq %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t" \
  "vpblendvb %%ymm9, %%ymm8, %%ymm1" #i ", %%ymm1" #i "\n\t"
#define HH_CMPEQD_BLEND(i) "vpcmpeqd %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t" \
  "vpblendvb %%ymm9, %%ymm8, %%ymm1" #i ", %%ymm1" #i "\n\t"
#define HH_FOUR(op) op(0) op(1) op(2) op(3)
#define HH_ADD(i) "vpaddq %%ymm8, %%ymm" #i ", %%ymm" #i "\n\t"
#define HH_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
    "xmm10", "xmm11", "xmm12", "xmm13"

enum class Op { kBlend, kAnd, kOr, kCmpEq, kCmpEqD, kAdd, kCmpEqBlend, kCmpEqDBlend };

// NsPerInstruction runs n rounds of eight independent instructions.
template <Op kOp>
double NsPerInstruction(long n) {
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    if constexpr (kOp == Op::kBlend) __asm__ volatile(HH_EIGHT(HH_BLEND)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kAnd) __asm__ volatile(HH_EIGHT(HH_AND)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kOr) __asm__ volatile(HH_EIGHT(HH_OR)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kCmpEq) __asm__ volatile(HH_EIGHT(HH_CMPEQ)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kAdd) __asm__ volatile(HH_EIGHT(HH_ADD)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kCmpEqD) __asm__ volatile(HH_EIGHT(HH_CMPEQD)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kCmpEqBlend) __asm__ volatile(HH_FOUR(HH_CMPEQ_BLEND)::: HH_CLOBBERS);
    if constexpr (kOp == Op::kCmpEqDBlend) __asm__ volatile(HH_FOUR(HH_CMPEQD_BLEND)::: HH_CLOBBERS);
  }
  const std::chrono::duration<double, std::nano> d = std::chrono::steady_clock::now() - start;
  return d.count() / (8.0 * static_cast<double>(n));
}

// NsPerCycle times a chain of dependent additions, one per cycle.
double NsPerCycle(long n) {
  long x = 1;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    __asm__ volatile("add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0" : "+r"(x) : "r"(i));
  }
  const std::chrono::duration<double, std::nano> d = std::chrono::steady_clock::now() - start;
  return d.count() / (4.0 * static_cast<double>(n));
}

}  // namespace

int main() {
  constexpr long kRounds = 10'000'000;
  constexpr int kRepetitions = 7;
  double cycle = 1e9, blend = 1e9, and_ = 1e9, or_ = 1e9, cmpeq = 1e9, add = 1e9;
  double cmpeqd = 1e9, cmpeq_blend = 1e9, cmpeqd_blend = 1e9;
  for (int r = 0; r < kRepetitions; ++r) {
    cycle = std::min(cycle, NsPerCycle(4 * kRounds));
    blend = std::min(blend, NsPerInstruction<Op::kBlend>(kRounds));
    and_ = std::min(and_, NsPerInstruction<Op::kAnd>(kRounds));
    or_ = std::min(or_, NsPerInstruction<Op::kOr>(kRounds));
    cmpeq = std::min(cmpeq, NsPerInstruction<Op::kCmpEq>(kRounds));
    add = std::min(add, NsPerInstruction<Op::kAdd>(kRounds));
    cmpeqd = std::min(cmpeqd, NsPerInstruction<Op::kCmpEqD>(kRounds));
    cmpeq_blend = std::min(cmpeq_blend, NsPerInstruction<Op::kCmpEqBlend>(kRounds));
    cmpeqd_blend = std::min(cmpeqd_blend, NsPerInstruction<Op::kCmpEqDBlend>(kRounds));
  }
  std::printf("cycle: %.3f ns (%.2f GHz)\n", cycle, 1.0 / cycle);
  const auto report = [cycle](const char* name, double ns) {
    std::printf("%-22s %.2f per cycle\n", name, cycle / ns);
  };
  report("vpblendvb", blend);
  report("vpand", and_);
  report("vpor", or_);
  report("vpcmpeqq", cmpeq);
  report("vpaddq", add);
  report("vpcmpeqd", cmpeqd);
  // The pairs: instructions of either kind per cycle.
  report("vpcmpeqq + vpblendvb", cmpeq_blend);
  report("vpcmpeqd + vpblendvb", cmpeqd_blend);
  return 0;
}
