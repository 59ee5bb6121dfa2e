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
// - FixedTable: for a long-lived base (g, K): the multiples d·2^(7i)·x for
//   |d| ≤ 64 and every 7-bit window i, so a single power is about 37
//   additions and no doubling.
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

class PowTable {
 public:
  // REQUIRES: base is not the identity; teeth ∈ {1, 2, 4, 8}; 2 ≤ width ≤ 8.
  PowTable(const Aff& base, int teeth, int width);
  // Pow returns base^e (e < 2^256).
  Jac Pow(const Limbs& e) const;

 private:
  friend Jac MultiPow(std::span<const PowTerm> terms);
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

// MultiPow returns Π table_i^exp_i in one doubling chain. REQUIRES: all the
// tables have the same number of teeth; at least one term.
Jac MultiPow(std::span<const PowTerm> terms);

// Window7 returns the 7 bits of e starting at bit `pos` (bits past 255 are
// 0). Branches on pos only.
int Window7(const Limbs& e, int pos);

// SelectEntry sets out to row[index − 1] (index 1..count), or to zeros for
// index 0, reading all `count` entries of the row with masks: AVX2 when
// use_avx2 (and the processor has it), portable code otherwise.
void SelectEntry(Aff& out, const Aff* row, size_t count, uint64_t index, bool use_avx2);
// SelectEntries is SelectEntry for indices[0..n): out[k] = the entry of
// indices[k], each entry of the row loaded once per group of three.
void SelectEntries(Aff* out, const Aff* row, size_t count, const uint64_t* indices, size_t n,
                   bool use_avx2);

// PowSecretVarBase returns e·base for a PUBLIC point base and a secret
// scalar e < n (the group order), in constant time in e (p256_ct.cc):
// a table of 1·base … 16·base built with the public-data code, signed 5-bit
// digits recoded without branches, five doublings and one masked mixed
// addition per window from the top, the entry read with a masked scan.
Jac PowSecretVarBase(const Aff& base, const Limbs& e);

// FixedTable holds d·2^(7i)·base for the 37 windows i and d = 1..64 in
// affine form (151 KiB), built once per long-lived base.
class FixedTable {
 public:
  // REQUIRES: base is not the identity.
  explicit FixedTable(const Aff& base);
  // Pow returns base^e (e < 2^256). Variable-time: PUBLIC exponents only.
  Jac Pow(const Limbs& e) const;
  // PowSecret returns base^e for a secret e < n (the group order) in
  // constant time (p256_ct.cc): signed 7-bit digits recoded without
  // branches, each window's whole row read with a masked scan (AVX2 where
  // the processor has it), one mixed addition per window whatever the digit,
  // and the identity cases chosen by masks. The result's Z coordinate
  // depends on e: convert it to affine only through BatchToAffine (blinded).
  Jac PowSecret(const Limbs& e) const;
  // PowSecretMany sets out[k] = PowSecret(*es[k]), walking the windows once
  // for all of them: each row is scanned once, its entries compared with
  // every exponent's digit (up to three at a time).
  void PowSecretMany(std::span<const Limbs* const> es, Jac* out) const;

 private:
  static constexpr int kWindow = 7;
  static constexpr int kWindows = (256 + kWindow) / kWindow;  // 37: room for the last carry
  static constexpr int kEntries = 1 << (kWindow - 1);        // d = 1..64
  std::vector<Aff> table_;  // kWindows × kEntries: table_[i·kEntries + d − 1] = d·2^(7i)·base
};

}  // namespace henhouse::math::internal::p256

#endif  // HENHOUSE_SRC_MATH_P256_MULT_H_
