// FixedTable::PowSecret: constant-time fixed-base multiplication on P-256
// for secret scalars (nonces, keys). Nothing here branches on the scalar or
// reads memory at an address derived from it; `make check-consttime` runs it
// under valgrind with the scalar marked undefined.
//
// Why no case is missed (FixedTable). The scalar is made odd, k = e or
// e + n (MakeOdd), and written k = Σ_{i≤36} d_i·2^(7i) with odd digits,
// |d_i| ≤ 127 for i < 36 and d_36 ∈ [1, 31] (OddDigit). No digit is 0, so
// the accumulator starts as the entry of window 0 and takes one mixed
// addition per later window. Before window i it holds S_i·base with
// S_i = Σ_{k<i} d_k·2^(7k): odd, so not 0, and |S_i| ≤ 2^(7i) − 1. The
// addition of E_i = d_i·2^(7i) (|E_i| ≥ 2^(7i) > |S_i|) meets the formula's
// exceptional case H = 0 only if S_i ≡ ±E_i (mod n). For i ≤ 35,
// |S_i| + |E_i| < 2^(7i+7) ≤ 2^252 < n, so that would need S_i = ±E_i as
// integers: impossible. For i = 36, S ≡ −E means k ≡ 0, i.e. e = 0: then
// H = 0 and R ≠ 0 (E ≢ 0), and the formula gives Z = 0, the identity, which
// is the right answer. S ≡ E (a doubling) means k = 2·d_36·2^252 + m·n with
// m odd and |S| = |d_36·2^252 + m·n| < 2^252; only m = −1, d_36 = 15 fits:
// k = 30·2^252 − n (kOddSpecial, odd, below n). For that scalar alone the
// result is replaced, by mask, with kOddSpecial·base computed when the table
// was built.
//
// PowSecretVarBase keeps signed digits in [−16, 16] with 0 allowed: its
// accumulator may still be the identity or meet a zero digit, and both
// cases are chosen by masks (AddEntry).
#include <algorithm>
#include <cassert>
#include <vector>

#include "henhouse/base/secret.h"
#include "math/p256_madd.h"
#include "math/p256_mult.h"
#include "math/small_buffer.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace henhouse::math::internal::p256 {
namespace {

constexpr int kWindow = 7;
constexpr int kWindows = 37;
constexpr int kEntries = 64;
// The last window's digit is in [1, 31] (OddDigit), so only the first 16
// entries of its row can be chosen, and its scan reads those alone (which
// entries are read still depends on the window only).
constexpr int kLastEntries = 16;

// MaskIsZero is all ones when x = 0, else 0, without a branch.
inline uint64_t MaskIsZero(uint64_t x) { return ((x | (0 - x)) >> 63) - 1; }

inline void FeSelect(Fe& r, const Fe& if_set, const Fe& otherwise, uint64_t mask) {
  for (int i = 0; i < 4; ++i) r[i] = (if_set[i] & mask) | (otherwise[i] & ~mask);
}

// CondNegate sets y = p − y where mask is all ones (mask 0 keeps y), for
// 0 < y < p (a table entry's y: the curve has no point with y = 0). On
// x86-64 in assembly, p − y by a subtraction chain and the choice by CMOV
// (in C++, GCC passed the carry intrinsics' words through the stack and the
// masked choice through vector registers).
inline void CondNegate(Fe& y, uint64_t mask) {
#if defined(__x86_64__)
  uint64_t y0, y1, y2, y3, n0, n1, n2, n3;
  __asm__(
      "movq 0(%[py]), %[y0]\n\t"
      "movq 8(%[py]), %[y1]\n\t"
      "movq 16(%[py]), %[y2]\n\t"
      "movq 24(%[py]), %[y3]\n\t"
      "movq $-1, %[n0]\n\t"
      "movl $0xFFFFFFFF, %k[n1]\n\t"
      "movl $0, %k[n2]\n\t"
      "movq %[p3], %[n3]\n\t"
      "subq %[y0], %[n0]\n\t"
      "sbbq %[y1], %[n1]\n\t"
      "sbbq %[y2], %[n2]\n\t"
      "sbbq %[y3], %[n3]\n\t"
      "testq %[mask], %[mask]\n\t"
      "cmovnzq %[n0], %[y0]\n\t"
      "cmovnzq %[n1], %[y1]\n\t"
      "cmovnzq %[n2], %[y2]\n\t"
      "cmovnzq %[n3], %[y3]\n\t"
      "movq %[y0], 0(%[py])\n\t"
      "movq %[y1], 8(%[py])\n\t"
      "movq %[y2], 16(%[py])\n\t"
      "movq %[y3], 24(%[py])\n\t"
      : [y0] "=&r"(y0), [y1] "=&r"(y1), [y2] "=&r"(y2), [y3] "=&r"(y3), [n0] "=&r"(n0),
        [n1] "=&r"(n1), [n2] "=&r"(n2), [n3] "=&r"(n3),
        "+m"(*reinterpret_cast<uint64_t(*)[4]>(y.data()))
      : [py] "r"(y.data()), [mask] "r"(mask), [p3] "m"(kP3Word)
      : "cc");
#else
  Fe neg;
  FeNeg(neg, y);
  for (int i = 0; i < 4; ++i) y[i] ^= (neg[i] ^ y[i]) & mask;
#endif
}

// SelectPortable sets out to row[index − 1], or to zeros for index 0,
// reading every entry of the row.
void SelectPortable(Aff& out, const Aff* row, size_t count, uint64_t index) {
  Fe x{}, y{};
  for (uint64_t j = 0; j < count; ++j) {
    const uint64_t m = MaskIsZero((j + 1) ^ index);
    for (int k = 0; k < 4; ++k) {
      x[k] |= row[j].x[k] & m;
      y[k] |= row[j].y[k] & m;
    }
  }
  out.x = x;
  out.y = y;
}

#if defined(__x86_64__)
// kEntryNumbers.v[e] is e + 1 in each 32-bit lane: the scan compares with a
// loaded constant (a load unit) rather than counting with a vector addition
// (a vector unit, which the scan keeps busy), and it compares 32-bit lanes
// (the index, below 2^32, broadcast to all eight): on this Zen 3 `vpcmpeqd`
// issues on all four vector pipes, `vpcmpeqq` only on the two that also run
// `vpblendvb` (docs/performance.md). Both halves of a 64-bit lane hold the
// same number, so a lane's mask is all ones exactly when the numbers match.
struct EntryNumbers {
  alignas(32) uint32_t v[64][8];
  constexpr EntryNumbers() : v{} {
    for (uint32_t e = 0; e < 64; ++e) {
      for (int l = 0; l < 8; ++l) v[e][l] = e + 1;
    }
  }
};
constexpr EntryNumbers kEntryNumbers;

// SelectAvx2 is SelectPortable for K indices at once with 256-bit masks (a
// vector compare per entry and index) over a row of Count entries: every
// entry is loaded once and offered to each of the K outputs, in the same
// order whatever the indices; the mask only steers data (a blend, an and),
// never an address. SelectThreeAvx2 below is the K = 3 case the comb uses.
template <size_t K, size_t Count>
__attribute__((target("avx2"))) void SelectAvx2(Aff* const* out, const Aff* row,
                                                const uint64_t* index) {
  static_assert(Count <= 64);
  __m256i want[K], x[K], y[K];
  for (size_t k = 0; k < K; ++k) {
    want[k] = _mm256_set1_epi32(static_cast<int>(index[k]));
    x[k] = _mm256_setzero_si256();
    y[k] = _mm256_setzero_si256();
  }
  for (size_t e = 0; e < Count; ++e) {
    const __m256i j = _mm256_load_si256(reinterpret_cast<const __m256i*>(kEntryNumbers.v[e]));
    const __m256i ex = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row[e].x.data()));
    const __m256i ey = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row[e].y.data()));
    for (size_t k = 0; k < K; ++k) {
      const __m256i m = _mm256_cmpeq_epi32(j, want[k]);
      x[k] = _mm256_blendv_epi8(x[k], ex, m);
      y[k] = _mm256_or_si256(y[k], _mm256_and_si256(m, ey));
    }
  }
  for (size_t k = 0; k < K; ++k) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[k]->x.data()), x[k]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[k]->y.data()), y[k]);
  }
}

// SelectThreeAvx2 is SelectAvx2<3, Count> with the loop in assembly, four
// entries per turn. Per entry and index: one compare, then a blend for x
// and for the y of the first two indices and an and-or for the third y: ten
// vector instructions per entry, of which five blends (two pipes) and five
// compares, ands and ors (four pipes), which keeps the four pipes evenly
// busy. Written in C++ (as SelectAvx2), GCC kept each blend's result in a
// new register and copied it back, three instructions more per entry. 53 ns
// against 72 ns per scan of a 64-entry row in a standalone loop. Same order
// of loads whatever the indices; the masks steer data only.
template <size_t Count>
__attribute__((target("avx2"))) void SelectThreeAvx2(Aff* const* out, const Aff* row,
                                                     const uint64_t* index) {
  static_assert(Count % 4 == 0 && Count <= 64);
  const __m256i w0 = _mm256_set1_epi32(static_cast<int>(index[0]));
  const __m256i w1 = _mm256_set1_epi32(static_cast<int>(index[1]));
  const __m256i w2 = _mm256_set1_epi32(static_cast<int>(index[2]));
  __m256i x0 = _mm256_setzero_si256(), x1 = x0, x2 = x0, y0 = x0, y1 = x0, y2 = x0;
  __m256i j, ex, ey, m0, m1, m2;
  const uint32_t* numbers = kEntryNumbers.v[0];
  const uint32_t* const end = kEntryNumbers.v[Count];
  const Aff* entry = row;
#define HENHOUSE_SCAN_ENTRY(n)                                  \
  "vmovdqa " #n "*32(%[num]), %[j]\n\t"                         \
  "vmovdqu " #n "*64(%[row]), %[ex]\n\t"                        \
  "vmovdqu " #n "*64+32(%[row]), %[ey]\n\t"                     \
  "vpcmpeqd %[w0], %[j], %[m0]\n\t"                             \
  "vpcmpeqd %[w1], %[j], %[m1]\n\t"                             \
  "vpcmpeqd %[w2], %[j], %[m2]\n\t"                             \
  "vpblendvb %[m0], %[ex], %[x0], %[x0]\n\t"                    \
  "vpblendvb %[m1], %[ex], %[x1], %[x1]\n\t"                    \
  "vpblendvb %[m2], %[ex], %[x2], %[x2]\n\t"                    \
  "vpblendvb %[m0], %[ey], %[y0], %[y0]\n\t"                    \
  "vpblendvb %[m1], %[ey], %[y1], %[y1]\n\t"                    \
  "vpand %[ey], %[m2], %[m2]\n\t"                               \
  "vpor %[m2], %[y2], %[y2]\n\t"
  __asm__(
      "1:\n\t"
      HENHOUSE_SCAN_ENTRY(0) HENHOUSE_SCAN_ENTRY(1) HENHOUSE_SCAN_ENTRY(2)
      HENHOUSE_SCAN_ENTRY(3)
      "addq $128, %[num]\n\t"
      "addq $256, %[row]\n\t"
      "cmpq %[end], %[num]\n\t"
      "jb 1b\n\t"
      : [x0] "+x"(x0), [x1] "+x"(x1), [x2] "+x"(x2), [y0] "+x"(y0), [y1] "+x"(y1),
        [y2] "+x"(y2), [j] "=&x"(j), [ex] "=&x"(ex), [ey] "=&x"(ey), [m0] "=&x"(m0),
        [m1] "=&x"(m1), [m2] "=&x"(m2), [num] "+r"(numbers), [row] "+r"(entry)
      : [w0] "x"(w0), [w1] "x"(w1), [w2] "x"(w2), [end] "r"(end),
        "m"(*reinterpret_cast<const Aff(*)[Count]>(row)), "m"(kEntryNumbers)
      : "cc");
#undef HENHOUSE_SCAN_ENTRY
  const __m256i xs[3] = {x0, x1, x2}, ys[3] = {y0, y1, y2};
  for (size_t k = 0; k < 3; ++k) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[k]->x.data()), xs[k]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[k]->y.data()), ys[k]);
  }
}

// SelectGroupsAvx2 runs SelectAvx2 over indices[0..n) in groups of three,
// which keep the nine vectors of state in registers.
template <size_t Count>
__attribute__((target("avx2"))) void SelectGroupsAvx2(Aff* const* out, const Aff* row,
                                                      const uint64_t* indices, size_t n) {
  for (size_t k = 0; k < n; k += 3) {
    switch (n - k) {
      case 1:
        SelectAvx2<1, Count>(out + k, row, indices + k);
        break;
      case 2:
        SelectAvx2<2, Count>(out + k, row, indices + k);
        break;
      default:
        SelectThreeAvx2<Count>(out + k, row, indices + k);
    }
  }
}

const bool kHaveAvx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}();
#endif


// AddEntry sets acc = acc + (±entry) by the masks: `negative` negates the
// entry, `skip` (digit 0) keeps acc; an identity acc takes the entry.
void AddEntry(Jac& acc, const Aff& entry, uint64_t negative, uint64_t skip) {
  Fe y, neg_y;
  FeNeg(neg_y, entry.y);
  FeSelect(y, neg_y, entry.y, negative);
  const uint64_t acc_identity = MaskIsZero(acc.z[0] | acc.z[1] | acc.z[2] | acc.z[3]);
  Fe h, rr;
  MixedAddHR(h, rr, acc, entry.x, y);
  Jac sum;
  AddFinish(sum, acc.x, acc.y, h, rr, acc.z);
  // sum ← entry where acc is the identity; acc ← sum unless the digit is 0.
  FeSelect(sum.x, entry.x, sum.x, acc_identity);
  FeSelect(sum.y, y, sum.y, acc_identity);
  FeSelect(sum.z, kOne, sum.z, acc_identity);
  FeSelect(acc.x, acc.x, sum.x, skip);
  FeSelect(acc.y, acc.y, sum.y, skip);
  FeSelect(acc.z, acc.z, sum.z, skip);
}

// kLanes is how many lanes the portable additions interleave at a time.
constexpr size_t kLanes = 6;

// WovenScans says whether the comb hands the next window's row scans to the
// assembly additions: fast, the processor has BMI2, ADX and AVX2, and there
// is at least one full pair.
bool WovenScans(size_t n, bool fast) {
#if HENHOUSE_P256_MADD_ASM
  return fast && kHaveBmi2Adx && kHaveAvx2 && n >= 2;
#else
  (void)n;
  (void)fast;
  return false;
#endif
}

// AddLanes adds the entry of lanes 0..n of `pairs` (lane k is lane k % 2
// of pair k / 2) to their accumulators: where fast and the processor has
// BMI2 and ADX, the full pairs with the assembly (henhouse_p256_madd_pairs,
// two lanes at a time; its _affine form when the accumulators are affine,
// z = R) and an odd last lane with MaddLanesPortable; else all with
// MaddLanesPortable, kLanes at a time. (Padding an odd count to a full pair
// would double the work of a single exponent.) The assembly also runs the
// row scans of `jobs` (null: none), which only WovenScans lets a caller pass.
void AddLanes(MaddPair* pairs, size_t n, bool fast, bool affine, const MaddScanJob* jobs) {
  assert(jobs == nullptr || WovenScans(n, fast));
  size_t done = 0;
#if HENHOUSE_P256_MADD_ASM
  if (fast && kHaveBmi2Adx && n >= 2) {
    if (affine) {
      henhouse_p256_madd_pairs_affine_scan(pairs, n / 2, jobs);
    } else {
      henhouse_p256_madd_pairs_scan(pairs, n / 2, jobs);
    }
    done = n - n % 2;
  }
#endif
  (void)fast;
  (void)affine;
  (void)jobs;
  for (size_t k = done; k < n; k += kLanes) {
    MaddLane* lanes[kLanes];
    const size_t count = std::min(kLanes, n - k);
    for (size_t j = 0; j < count; ++j) lanes[j] = &pairs[(k + j) / 2].lane[(k + j) % 2];
    MaddLanesPortable(lanes, count);
  }
}

}  // namespace

// MaddLanesPortable sets (x, y, z) = (x, y, z) + entry in lanes[0..n):
// the mixed addition of MixedAddHR and AddFinish, step by step across the
// lanes, with the lanes' own slots as scratch. One addition is a chain of
// field multiplications that each wait for the last; with the same step of
// several independent additions side by side the processor overlaps them.
// REQUIRES (as AddFinish): no lane meets the exceptional case H = 0.
void MaddLanesPortable(MaddLane* const* lanes, size_t n) {
  for (size_t k = 0; k < n; ++k) FeSqr(lanes[k]->z1z1, lanes[k]->z);
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeMul(l.u2, l.ex, l.z1z1);  // U2 = x2·Z1²
    FeMul(l.s2, l.ey, l.z1z1);
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeSub(l.h, l.u2, l.x);    // H = U2 − X1
    FeMul(l.s2, l.s2, l.z);   // S2 = y2·Z1³
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeSqr(l.h2, l.h);
    FeSub(l.rr, l.s2, l.y);  // R = S2 − Y1
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeMul(l.h3, l.h2, l.h);
    FeMul(l.v, l.x, l.h2);  // V = X1·H²
    FeMul(l.z, l.z, l.h);   // Z3 = Z1·H
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeSqr(l.t, l.rr);
    FeMul(l.u2, l.y, l.h3);  // Y1·H³
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeSub(l.t, l.t, l.h3);
    FeSub(l.t, l.t, l.v);
    FeSub(l.x, l.t, l.v);  // X3 = R² − H³ − 2V
    FeSub(l.t, l.v, l.x);
  }
  for (size_t k = 0; k < n; ++k) {
    MaddLane& l = *lanes[k];
    FeMul(l.t, l.rr, l.t);
    FeSub(l.y, l.t, l.u2);  // Y3 = R·(V − X3) − Y1·H³
  }
}

void SelectEntries(Aff* const* out, const Aff* row, size_t count, const uint64_t* indices,
                   size_t n, bool use_avx2) {
#if defined(__x86_64__)
  // The row lengths in use (a comb row, its last row, the variable-base
  // table) are compile-time constants of the scan.
  if (use_avx2 && kHaveAvx2 && (count == 64 || count == 16)) {
    if (count == 64) {
      SelectGroupsAvx2<64>(out, row, indices, n);
    } else {
      SelectGroupsAvx2<16>(out, row, indices, n);
    }
    return;
  }
#endif
  (void)use_avx2;
  for (size_t k = 0; k < n; ++k) SelectPortable(*out[k], row, count, indices[k]);
}

void SelectEntry(Aff& out, const Aff* row, size_t count, uint64_t index, bool use_avx2) {
  Aff* const outs[1] = {&out};
  SelectEntries(outs, row, count, &index, 1, use_avx2);
}

Jac FixedTable::PowSecret(const Limbs& e, bool fast) const {
  const Limbs* es[1] = {&e};
  Jac out;
  PowSecretMany(es, &out, fast);
  return out;
}

void FixedTable::PowSecretMany(std::span<const Limbs* const> es, Jac* out, bool fast) const {
  SmallBuffer<const FixedTable*, 8> tables(es.size());
  for (size_t k = 0; k < es.size(); ++k) tables[k] = this;
  PowSecretMulti(tables.span(), es, out, fast);
}

void FixedTable::PowSecretMulti(std::span<const FixedTable* const> tables,
                                std::span<const Limbs* const> es, Jac* out, bool fast) {
  static_assert(kWindows == FixedTable::kWindows && kEntries == FixedTable::kEntries &&
                kWindow == FixedTable::kWindow);
  assert(tables.size() == es.size());
  const size_t n = es.size();
  // Per exponent: the odd scalar, a window's entry number (counted from 1
  // for SelectEntries) and sign mask, the window's entry as SelectEntries
  // writes it (`next`), and its addition's lane: exponent k in lane k % 2 of
  // pair k / 2. The lane after the last (the second of the last pair for an
  // odd count, else in a pair of its own) is the target of unused scan
  // outputs. Where the scans are woven into the additions (WovenScans),
  // those of window i + 1 run during the additions of window i, one job per
  // group of up to three exponents on the same table, and leave the entries
  // in the lanes' nx, ny and nsign, which the assembly copies to ex and ey
  // once the additions are done (for an odd count, the last lane is added
  // in C++ and its entry copied here). Secret: wiped at the end.
  SmallBuffer<OddScalar, 8> odd_buffer(n);
  SmallBuffer<uint64_t, 8> index_buffer(n), negative_buffer(n);
  SmallBuffer<MaddPair, 4> pairs_buffer(n / 2 + 1);
  SmallBuffer<Aff*, 8> staged_buffer(n);
  SmallBuffer<Aff, 8> next_buffer(n);
  SmallBuffer<MaddScanJob, 8> jobs_buffer(n + 1);
  OddScalar* const odd = odd_buffer.data();
  uint64_t* const index = index_buffer.data();
  uint64_t* const negative = negative_buffer.data();
  MaddPair* const pairs = pairs_buffer.data();
  Aff** const staged = staged_buffer.data();
  Aff* const next = next_buffer.data();
  MaddScanJob* const jobs = jobs_buffer.data();
  auto lane = [pairs](size_t k) -> MaddLane& { return pairs[k / 2].lane[k % 2]; };
  for (size_t k = 0; k < n; ++k) {
    odd[k] = MakeOdd(*es[k]);
    staged[k] = &next[k];
  }
  const bool woven = WovenScans(n, fast);
  auto digits = [&](int i) {
    for (size_t k = 0; k < n; ++k) {
      OddDigit(odd[k], i, &index[k], &negative[k]);
      ++index[k];
    }
  };
  // The row scans, one per group of up to three exponents on the same table
  // (runs of equal tables split in threes): jobs[0..groups) with their
  // output lanes and the list's end, set up once; first[g] and used[g] are
  // group g's exponents.
  static_assert(kEntries % 4 == 0 && kLastEntries % 4 == 0);  // MaddScanJob's rows
  SmallBuffer<size_t, 8> first_buffer(n), used_buffer(n);
  size_t* const first = first_buffer.data();
  size_t* const used = used_buffer.data();
  size_t groups = 0;
  for (size_t k = 0, end = 0; k < n; k = end) {
    const FixedTable* table = tables[k];
    end = static_cast<size_t>(std::find_if(tables.begin() + static_cast<std::ptrdiff_t>(k),
                                           tables.end(),
                                           [table](const FixedTable* t) { return t != table; }) -
                              tables.begin());
    for (size_t g = k; g < end; g += 3, ++groups) {
      first[groups] = g;
      used[groups] = std::min<size_t>(3, end - g);
      for (size_t j = 0; j < 3; ++j) jobs[groups].out[j] = &lane(j < used[groups] ? g + j : n);
    }
  }
  jobs[groups] = MaddScanJob{};
  // The scans of window i's rows: into `next` now, or as jobs for the
  // additions (entry numbers with their signs).
  auto scan = [&](int i, bool as_jobs) {
    const size_t count = i == kWindows - 1 ? kLastEntries : kEntries;
    for (size_t g = 0; g < groups; ++g) {
      const Aff* row = &tables[first[g]]->table_[static_cast<size_t>(i) * kEntries];
      if (!as_jobs) {
        SelectEntries(&staged[first[g]], row, count, &index[first[g]], used[g], fast);
        continue;
      }
      MaddScanJob& job = jobs[g];
      job.row = row;
      job.end = row + count;
      for (size_t j = 0; j < 3; ++j) {
        const size_t k = first[g] + j;
        job.want[j] = j < used[g] ? MaddScanEntry{static_cast<uint32_t>(index[k]),
                                                  static_cast<uint32_t>(negative[k])}
                                  : MaddScanEntry{};
      }
    }
  };
  digits(0);
  scan(0, false);
  for (size_t k = 0; k < n; ++k) {
    lane(k).x = next[k].x;
    lane(k).y = next[k].y;
    CondNegate(lane(k).y, negative[k]);
    lane(k).z = kOne;
  }
  bool scanned = false;  // whether the additions scanned window i
  for (int i = 1; i < kWindows; ++i) {
    if (!scanned) {
      digits(i);
      scan(i, false);
      for (size_t k = 0; k < n; ++k) {
        lane(k).ex = next[k].x;
        lane(k).ey = next[k].y;
        CondNegate(lane(k).ey, negative[k]);
      }
    } else if (n % 2 == 1) {
      // The assembly took its lanes' entries in; the last lane is added in C++.
      MaddLane& last = lane(n - 1);
      last.ex = last.nx;
      last.ey = last.ny;
      CondNegate(last.ey, last.nsign[0]);
    }
    const bool ahead = woven && i + 1 < kWindows;
    if (ahead) {
      digits(i + 1);
      scan(i + 1, true);
    }
    AddLanes(pairs, n, fast, /*affine=*/i == 1, ahead ? jobs : nullptr);
    scanned = ahead;
  }
  for (size_t k = 0; k < n; ++k) {
    out[k] = Jac{lane(k).x, lane(k).y, lane(k).z};
    uint64_t diff = 0;
    for (size_t w = 0; w < odd[k].size(); ++w) diff |= odd[k][w] ^ kOddSpecial[w];
    const uint64_t special = MaskIsZero(diff);
    const Aff& replacement = tables[k]->special_;
    FeSelect(out[k].x, replacement.x, out[k].x, special);
    FeSelect(out[k].y, replacement.y, out[k].y, special);
    FeSelect(out[k].z, kOne, out[k].z, special);
  }
  SecureWipe(odd, n * sizeof(OddScalar));
  SecureWipe(index, n * sizeof(uint64_t));
  SecureWipe(negative, n * sizeof(uint64_t));
  SecureWipe(pairs, pairs_buffer.size() * sizeof(MaddPair));
  SecureWipe(next, next_buffer.size() * sizeof(Aff));
  SecureWipe(jobs, jobs_buffer.size() * sizeof(MaddScanJob));
}

// Variable base. The table 1·P … 16·P is public (P is). Digits d_i ∈
// [−16, 15] for i = 0..51 (d_51 ∈ [0, 2]) with e = Σ d_i·2^(5i). Before the
// addition of window i the accumulator holds A_i·P, A_i = Σ_{k>i} d_k·2^(5(k−i)),
// a multiple of 32. For i ≥ 1, |A_i| < 2^251 + 17, so A_i ≡ ±d_i (mod n)
// would need A_i = ±d_i, which for a multiple of 32 and |d_i| ≤ 16 means
// both are 0 (an identity accumulator or a skipped digit, both chosen by
// masks). For i = 0, A_0 = e − d_0: A_0 ≡ −d_0 means e = 0 (all digits 0);
// A_0 ≡ d_0 means e = 2·d_0 (then d_0 = 0) or e = n + 2·d_0, which would make
// n ≡ |d_0| (mod 32), but n ≡ 17. So the mixed addition never meets its
// exceptional case, and doubling the identity (Z = 0) keeps Z = 0.
Jac PowSecretVarBase(const Aff& base, const Limbs& e) {
  constexpr int kBits = 5, kCount = 52, kTable = 16;
  Aff table[kTable];
  {
    Jac multiples[kTable];
    multiples[0] = FromAff(base);
    JacDouble(multiples[1], multiples[0]);
    for (int j = 2; j < kTable; ++j) JacAddAff(multiples[j], multiples[j - 1], base, false);
    BatchToAffine(multiples, table);
  }
  uint64_t magnitude[kCount], negative[kCount];
  uint64_t carry = 0;
  for (int i = 0; i < kCount; ++i) {
    const uint64_t d = (static_cast<uint64_t>(Window7(e, kBits * i)) & 0x1F) + carry;  // [0, 32]
    carry = (d + 16) >> 5;
    const uint64_t sd = d - (carry << 5);
    negative[i] = 0 - (sd >> 63);
    magnitude[i] = (sd ^ negative[i]) - negative[i];
  }
  // The accumulator (the identity at first) and the doubling's scratch,
  // wiped at the end with the digits.
  PointLane lane;
  Jac& acc = lane.p;
  for (int i = kCount - 1; i >= 0; --i) {
    if (i != kCount - 1) DoubleLane(lane, kBits);
    Aff entry;
    SelectEntry(entry, table, kTable, magnitude[i], true);
    AddEntry(acc, entry, negative[i], MaskIsZero(magnitude[i]));
  }
  const Jac result = acc;
  SecureWipe(&lane, sizeof(lane));
  SecureWipe(magnitude, sizeof(magnitude));
  SecureWipe(negative, sizeof(negative));
  return result;
}

}  // namespace henhouse::math::internal::p256
