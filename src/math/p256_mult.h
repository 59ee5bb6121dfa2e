// Variable-time P-256 scalar multiplication for PUBLIC scalars and points
// (the verifier's work), on our own field and point code (p256_point.h).
// The one exception is FixedTable::PowSecret (defined in p256_ct.cc), the
// constant-time path for secret scalars on a fixed base.
//
// Two tables:
// - PowTable: odd multiples x_k·{1, 3, …, 2^(w−1) − 1} of the "teeth"
//   x_k = x^(2^(s·k)), k = 0..T−1, s = 256/T, in affine form. A power then
//   costs s doublings and about 256/(w+1) additions: the doublings that make
//   the teeth are shared by all exponents of the base (α^(c_0), α^(c_1)),
//   and MultiPow adds several tables' terms inside one doubling chain
//   (g^(v_j)·α^(c_j)). For a variable base T = 4, w = 4; for a long-lived
//   base T = 4, w = 8 (256 entries, 16 KiB), built once.
// - FixedTable: for a long-lived base (g, K): the odd multiples
//   d·2^(7i)·x, d = 1, 3, …, 127, for every 7-bit window i, so a power is 37
//   additions of ±entries and no doubling (OddDigit gives the digits).
#ifndef HENHOUSE_SRC_MATH_P256_MULT_H_
#define HENHOUSE_SRC_MATH_P256_MULT_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "math/p256_point.h"

namespace henhouse::math::internal::p256 {

using Limbs = std::array<uint64_t, 4>;

// Wnaf writes the width-w non-adjacent form of a 256-bit scalar: digits
// d_0 … d_256, each 0 or odd with |d_i| < 2^(w−1), at most one non-zero in
// any w consecutive positions, and Σ d_i·2^i = the scalar. 2 ≤ w ≤ 8.
std::array<int8_t, 257> Wnaf(const Limbs& scalar, int w);

struct PowTerm;
struct Chain;
struct Step;

class PowTable {
 public:
  // REQUIRES: base is not the identity; teeth ∈ {1, 2, 4, 8}; 2 ≤ width ≤ 8.
  PowTable(const Aff& base, int teeth, int width);
  // Two builds the tables of two bases side by side (their doubling chains
  // interleaved, one inversion for both): α's and β's in a verification.
  static std::array<PowTable, 2> Two(const Aff& base0, const Aff& base1, int teeth, int width);
  // Pow returns base^e (e < 2^256).
  Jac Pow(const Limbs& e) const;
  int teeth() const { return teeth_; }
  int width() const { return width_; }

 private:
  friend Jac MultiPow(std::span<const PowTerm> terms);
  friend void MultiPow2(std::span<const PowTerm> terms0, std::span<const PowTerm> terms1,
                        Jac& out0, Jac& out1);
  static int Steps(const Chain& chain, int pos, Step* out);
  PowTable(int teeth, int width);  // the shape, without entries
  static void Build(std::span<PowTable* const> tables, const Aff* bases);
  int teeth_;
  int spacing_;
  int width_;
  int odd_count_;         // 2^(width−2) odd multiples per tooth
  std::vector<Aff> odd_;  // teeth_ × odd_count_ entries
};

// PowTerm is one factor table^exp of a MultiPow.
struct PowTerm {
  const PowTable* table;
  const Limbs* exp;
};

// MultiPow returns Π table_i^exp_i in one doubling chain. REQUIRES: one to
// four terms; all their tables have the same number of teeth.
Jac MultiPow(std::span<const PowTerm> terms);
// MultiPow2 sets out0 = MultiPow(terms0) and out1 = MultiPow(terms1), the
// two doubling chains side by side (DoubleLanes). REQUIRES: all the tables
// of both have the same number of teeth.
void MultiPow2(std::span<const PowTerm> terms0, std::span<const PowTerm> terms1, Jac& out0,
               Jac& out1);

// Window7 returns the 7 bits of e starting at bit `pos` (bits past 255 are
// 0). Branches on pos only.
int Window7(const Limbs& e, int pos);

// OddScalar is a scalar made odd for the FixedTable recoding, in five
// little-endian words (below 2^257).
using OddScalar = std::array<uint64_t, 5>;

// kOrder is n, the order of the P-256 group (FIPS 186-4 D.1.2.3).
inline constexpr Limbs kOrder = {0xF3B9CAC2FC632551ull, 0xBCE6FAADA7179E84ull,
                                 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF00000000ull};
// kOddSpecial is 30·2^252 − n, the one scalar below n for which the last
// addition of FixedTable::PowSecret meets its exceptional case (p256_ct.cc).
inline constexpr OddScalar kOddSpecial = {0x0C46353D039CDAAFull, 0x4319055258E8617Bull, 0,
                                          0xE0000000FFFFFFFFull, 0};

// MakeOdd returns e + n (n the group order, odd) when e is even, else e,
// without a branch on e. The result is odd, ≡ e (mod n) and below 2^257.
inline OddScalar MakeOdd(const Limbs& e) {
  const uint64_t even = (e[0] & 1) - 1;  // all ones when e is even
  OddScalar k{};
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    carry += static_cast<unsigned __int128>(e[i]) + (kOrder[i] & even);
    k[i] = static_cast<uint64_t>(carry);
    carry >>= 64;
  }
  k[4] = static_cast<uint64_t>(carry);
  return k;
}

// kFixedWindows is the number of 7-bit windows of the recoding: 36 of them
// cover 252 bits, and the last digit takes the rest of a 257-bit k.
inline constexpr int kFixedWindows = 37;

// OddDigit gives digit i (0 ≤ i ≤ 36) of the regular signed recoding of an
// odd k: k = Σ_{i≤36} d_i·2^(7i) with every digit odd (never 0):
//   d_i = ((⌊k / 2^(7i)⌋ mod 2^8) | 1) − 2^7 ∈ [−127, 127] for i < 36,
//   d_36 = ⌊k / 2^252⌋ | 1 ∈ [1, 31].
// (Induction: k_0 = k, d_i = (k_i mod 2^8) − 2^7, k_(i+1) = (k_i − d_i)/2^7
// = ⌊k_i / 2^7⌋ | 1 = ⌊k / 2^(7(i+1))⌋ | 1, odd again.) Sets *index to
// (|d_i| − 1)/2, the entry of window i, and *negative to all ones when
// d_i < 0, else 0. Branches on i only.
inline void OddDigit(const OddScalar& k, int i, uint64_t* index, uint64_t* negative) {
  const int pos = 7 * i, word = pos / 64, bit = pos % 64;
  uint64_t v = k[word] >> bit;
  if (bit > 64 - 8) v |= k[word + 1] << (64 - bit);
  v &= 0xFF;
  if (i == kFixedWindows - 1) {  // d_36 = v | 1 > 0
    *index = v >> 1;
    *negative = 0;
    return;
  }
  // d = (v | 1) − 128: positive when bit 7 is set, |d| = (v & 0x7F) | 1;
  // otherwise |d| = 128 − (v | 1), whose (|d| − 1)/2 is (v ^ 0x7F) >> 1 in 7 bits.
  *negative = (v >> 7) - 1;
  *index = ((v ^ *negative) & 0x7F) >> 1;
}

// SelectEntry sets out to row[index − 1] (index 1..count), or to zeros for
// index 0, reading all `count` entries of the row with masks: AVX2 when
// use_avx2 (and the processor has it), portable code otherwise.
void SelectEntry(Aff& out, const Aff* row, size_t count, uint64_t index, bool use_avx2);
// SelectEntries is SelectEntry for indices[0..n): *out[k] = the entry of
// indices[k], each entry of the row loaded once per group of three.
void SelectEntries(Aff* const* out, const Aff* row, size_t count, const uint64_t* indices,
                   size_t n, bool use_avx2);

// PowSecretVarBase returns e·base for a PUBLIC point base and a secret
// scalar e < n (the group order), in constant time in e (p256_ct.cc):
// a table of 1·base … 16·base built with the public-data code, signed 5-bit
// digits recoded without branches, five doublings and one masked mixed
// addition per window from the top, the entry read with a masked scan.
Jac PowSecretVarBase(const Aff& base, const Limbs& e);

// FixedTable holds d·2^(7i)·base for the 37 windows i and the odd
// d = 1, 3, …, 127 in affine form (151 KiB), built once per long-lived base.
class FixedTable {
 public:
  // REQUIRES: base is not the identity.
  explicit FixedTable(const Aff& base);
  // Pow returns base^e (e < 2^256). Variable-time: PUBLIC exponents only.
  Jac Pow(const Limbs& e) const;
  // PowSecret returns base^e for a secret e < n (the group order) in
  // constant time (p256_ct.cc): e made odd (MakeOdd) and recoded into odd
  // digits (OddDigit) without branches, each window's whole row read with a
  // masked scan (AVX2 where the processor has it), the first entry taken as
  // the accumulator and one mixed addition for each later window. The
  // result's Z coordinate depends on e: convert it to affine only through
  // BatchToAffine (blinded). e = 0 gives the identity (Z = 0).
  // fast = false takes the portable row scans and the C++ additions on any
  // processor (for tests); fast = true the AVX2 scans and the assembly
  // additions (p256_madd.h) where the processor has them.
  Jac PowSecret(const Limbs& e, bool fast = true) const;
  // PowSecretMany sets out[k] = PowSecret(*es[k]), walking the windows once
  // for all of them: each row is scanned once, its entries compared with
  // every exponent's digit (up to three at a time).
  void PowSecretMany(std::span<const Limbs* const> es, Jac* out, bool fast = true) const;
  // PowSecretMulti sets out[k] = tables[k]->PowSecret(*es[k]) for exponents
  // on several tables (the powers of g and of K in an encryption): the
  // windows are walked once for all, each table's row scanned once per run
  // of its exponents, and the additions of up to six exponents interleaved.
  // With fast, two or more exponents and a processor with BMI2, ADX and
  // AVX2, the rows of window i + 1 are scanned inside the assembly additions
  // of window i (henhouse_p256_madd_pairs_scan), beside their products.
  static void PowSecretMulti(std::span<const FixedTable* const> tables,
                             std::span<const Limbs* const> es, Jac* out, bool fast = true);

 private:
  static constexpr int kWindow = 7;
  static constexpr int kWindows = kFixedWindows;
  static constexpr int kEntries = 1 << (kWindow - 1);        // d = 1, 3, …, 127
  // PowOdd is Pow for an odd k < 2^257 (variable time).
  Jac PowOdd(const OddScalar& k) const;

  // kWindows × kEntries: table_[i·kEntries + j] = (2j + 1)·2^(7i)·base.
  std::vector<Aff> table_;
  // special_ = kOddSpecial·base, the result PowSecret substitutes for that
  // one scalar.
  Aff special_;
};

}  // namespace henhouse::math::internal::p256

#endif  // HENHOUSE_SRC_MATH_P256_MULT_H_
