// ScalarField: arithmetic modulo q < 2^256 on four 64-bit limbs: word
// arithmetic with masked selections (Add, Sub, Reduce), a Montgomery product
// (Mul) and GMP's side-channel-silent mpn_sec_* functions (Inverse, long
// reductions), so that no branch or memory index depends on an operand's
// value. Only q (public) and lengths decide control flow.
#include <gmp.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "henhouse/base/secret.h"
#include "henhouse/math/group.h"

namespace henhouse::math {
namespace {

static_assert(sizeof(mp_limb_t) == sizeof(uint64_t), "64-bit GMP limbs required");
using Limbs = std::array<uint64_t, 4>;

mp_limb_t* L(Limbs& a) { return reinterpret_cast<mp_limb_t*>(a.data()); }
const mp_limb_t* L(const Limbs& a) { return reinterpret_cast<const mp_limb_t*>(a.data()); }

// UsedLimbs is the number of significant limbs of the public modulus q.
mp_size_t UsedLimbs(const Limbs& q) {
  mp_size_t n = 4;
  while (n > 1 && q[n - 1] == 0) --n;
  return n;
}

// ReduceLimbs sets out = x mod q for the little-endian limbs x (destroyed).
Limbs ReduceLimbs(std::vector<mp_limb_t>& x, const Limbs& q) {
  mp_size_t qn = UsedLimbs(q);
  if (static_cast<mp_size_t>(x.size()) < qn) x.resize(qn, 0);
  std::vector<mp_limb_t> scratch(mpn_sec_div_r_itch(x.size(), qn));
  mpn_sec_div_r(x.data(), x.size(), L(q), qn, scratch.data());
  Limbs out{};
  std::copy(x.begin(), x.begin() + qn, out.begin());
  SecureWipe(x.data(), x.size() * sizeof(mp_limb_t));
  SecureWipe(scratch.data(), scratch.size() * sizeof(mp_limb_t));
  return out;
}

// AddWords / SubWords return a ± b over four words and the carry or borrow
// out (0 or 1); plain word arithmetic, no branch.
uint64_t AddWords(Limbs& out, const Limbs& a, const Limbs& b) {
  unsigned __int128 c = 0;
  for (int i = 0; i < 4; ++i) {
    c += static_cast<unsigned __int128>(a[i]) + b[i];
    out[i] = static_cast<uint64_t>(c);
    c >>= 64;
  }
  return static_cast<uint64_t>(c);
}

uint64_t SubWords(Limbs& out, const Limbs& a, const Limbs& b) {
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 d = static_cast<unsigned __int128>(a[i]) - b[i] - borrow;
    out[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// Select returns if_set where mask is all ones, otherwise where it is 0.
Limbs Select(uint64_t mask, const Limbs& if_set, const Limbs& otherwise) {
  Limbs out{};
  for (int i = 0; i < 4; ++i) out[i] = (if_set[i] & mask) | (otherwise[i] & ~mask);
  return out;
}

}  // namespace

Limbs ScalarField::Add(const Limbs& a, const Limbs& b) const {
  Limbs sum{}, diff{};
  const uint64_t carry = AddWords(sum, a, b);
  const uint64_t borrow = SubWords(diff, sum, q);
  // Keep diff when a + b ≥ q: a carry out, or no borrow from subtracting q.
  const Limbs out = Select(0 - (carry | (borrow ^ 1)), diff, sum);
  SecureWipe(sum.data(), sizeof(sum));
  SecureWipe(diff.data(), sizeof(diff));
  return out;
}

Limbs ScalarField::Sub(const Limbs& a, const Limbs& b) const {
  Limbs diff{}, plus_q{};
  const uint64_t borrow = SubWords(diff, a, b);
  AddWords(plus_q, diff, q);
  const Limbs out = Select(0 - borrow, plus_q, diff);
  SecureWipe(diff.data(), sizeof(diff));
  SecureWipe(plus_q.data(), sizeof(plus_q));
  return out;
}

namespace {

// MontMul returns a·b·2^-256 mod q for a < 2^256, b < q (CIOS: one
// reduction word per word of b). The sum stays below 2q and one subtraction
// of q, kept or dropped by a mask, finishes it; no branch or address depends
// on a or b.
Limbs MontMul(const Limbs& a, const Limbs& b, const Limbs& q, uint64_t q_inv_neg) {
  using u128 = unsigned __int128;
  uint64_t t[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    u128 c = 0;
    for (int j = 0; j < 4; ++j) {
      c += static_cast<u128>(a[j]) * b[i] + t[j];
      t[j] = static_cast<uint64_t>(c);
      c >>= 64;
    }
    c += t[4];
    t[4] = static_cast<uint64_t>(c);
    t[5] = static_cast<uint64_t>(c >> 64);
    const uint64_t m = t[0] * q_inv_neg;
    c = static_cast<u128>(m) * q[0] + t[0];
    c >>= 64;
    for (int j = 1; j < 4; ++j) {
      c += static_cast<u128>(m) * q[j] + t[j];
      t[j - 1] = static_cast<uint64_t>(c);
      c >>= 64;
    }
    c += t[4];
    t[3] = static_cast<uint64_t>(c);
    t[4] = t[5] + static_cast<uint64_t>(c >> 64);
  }
  Limbs out{}, diff{};
  uint64_t borrow = 0;
  for (int j = 0; j < 4; ++j) {
    const u128 d = static_cast<u128>(t[j]) - q[j] - borrow;
    diff[j] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  // Keep t when t < q: a borrow out of the low words not covered by t[4].
  const uint64_t keep_t = 0 - (borrow & (t[4] ^ 1));
  for (int j = 0; j < 4; ++j) out[j] = (t[j] & keep_t) | (diff[j] & ~keep_t);
  SecureWipe(t, sizeof(t));
  SecureWipe(diff.data(), sizeof(diff));
  return out;
}

// SubIfAtLeast returns a − q when a ≥ q, else a, chosen by a mask.
Limbs SubIfAtLeast(const Limbs& a, const Limbs& q) {
  Limbs diff{};
  const uint64_t borrow = SubWords(diff, a, q);
  const Limbs out = Select(0 - borrow, a, diff);
  SecureWipe(diff.data(), sizeof(diff));
  return out;
}

}  // namespace

void ScalarField::Init() {
  // −q^-1 mod 2^64 by Newton's iteration (each step doubles the correct
  // bits; q is odd).
  uint64_t inv = q[0];
  for (int i = 0; i < 6; ++i) inv *= 2 - q[0] * inv;
  q_inv_neg = 0 - inv;
  // R² mod q with R = 2^256: q is public, so plain GMP division is fine.
  std::array<mp_limb_t, 9> r2_full{};
  r2_full[8] = 1;
  mp_size_t qn = UsedLimbs(q);
  std::array<mp_limb_t, 9> quotient{};
  std::array<mp_limb_t, 4> rem{};
  mpn_tdiv_qr(quotient.data(), rem.data(), 0, r2_full.data(), 9, L(q), qn);
  r2 = Limbs{};
  std::copy(rem.begin(), rem.begin() + qn, r2.begin());
}

namespace {

Limbs SecMul(const Limbs& a, const Limbs& b, const Limbs& q) {
  // Fixed-size buffers: this runs for every scalar product of a proof.
  constexpr size_t kScratch = 64;
  std::array<mp_limb_t, 8> prod{};
  std::array<mp_limb_t, kScratch> scratch{};
  mp_size_t qn = UsedLimbs(q);
  if (static_cast<size_t>(mpn_sec_mul_itch(4, 4)) > kScratch ||
      static_cast<size_t>(mpn_sec_div_r_itch(8, qn)) > kScratch) {
    std::abort();  // a GMP whose scratch needs outgrew the buffer: never silently overflow
  }
  mpn_sec_mul(prod.data(), L(a), 4, L(b), 4, scratch.data());
  mpn_sec_div_r(prod.data(), 8, L(q), qn, scratch.data());
  Limbs out{};
  std::copy(prod.begin(), prod.begin() + qn, out.begin());
  SecureWipe(prod.data(), sizeof(prod));
  SecureWipe(scratch.data(), sizeof(scratch));
  return out;
}

}  // namespace

Limbs ScalarField::Mul(const Limbs& a, const Limbs& b) const {
  if (q_inv_neg == 0) return SecMul(a, b, q);
  // (a·b·R^-1)·R²·R^-1 = a·b.
  return MontMul(MontMul(a, b, q, q_inv_neg), r2, q, q_inv_neg);
}

Limbs ScalarField::Inverse(const Limbs& a) const {
  // a^-1 mod q by GMP's constant-time binary extended GCD; q is prime, so
  // every nonzero a < q is invertible.
  mp_size_t qn = UsedLimbs(q);
  Limbs in = a, out{};
  mp_bitcnt_t bits = 2 * qn * 64;
  std::vector<mp_limb_t> scratch(mpn_sec_invert_itch(qn));
  int ok = mpn_sec_invert(L(out), L(in), L(q), qn, bits, scratch.data());
  assert(ok);
  (void)ok;
  SecureWipe(in.data(), sizeof(in));
  SecureWipe(scratch.data(), scratch.size() * sizeof(mp_limb_t));
  return out;
}

Limbs ScalarField::Reduce(ByteSpan big_endian) const {
  const size_t n = big_endian.size();
  if (q_inv_neg != 0 && n <= 64) {
    // x = hi·2^256 + lo for up to 64 bytes (hashes, random scalars):
    // hi·R = MontMul(hi, R²), lo = MontMul(MontMul(lo, R²), 1); the same
    // constant-time multiplication as Mul, no allocation.
    std::array<uint64_t, 8> x{};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {  // whole words from the end
      uint64_t w;
      std::memcpy(&w, big_endian.data() + n - 8 - i, 8);
      x[i / 8] = __builtin_bswap64(w);
    }
    for (; i < n; ++i) {
      x[i / 8] |= static_cast<uint64_t>(big_endian[n - 1 - i]) << (8 * (i % 8));
    }
    Limbs lo{x[0], x[1], x[2], x[3]}, hi{x[4], x[5], x[6], x[7]};
    if ((q[3] >> 63) != 0) {
      lo = SubIfAtLeast(lo, q);  // q ≥ 2^255: lo < 2q
    } else {
      lo = MontMul(lo, r2, q, q_inv_neg);
      lo = MontMul(lo, Limbs{1, 0, 0, 0}, q, q_inv_neg);
    }
    if (n > 32) hi = MontMul(hi, r2, q, q_inv_neg);  // n is public
    const Limbs out = Add(hi, lo);
    SecureWipe(x.data(), sizeof(x));
    SecureWipe(lo.data(), sizeof(lo));
    SecureWipe(hi.data(), sizeof(hi));
    return out;
  }
  std::vector<mp_limb_t> x((n + 7) / 8, 0);
  for (size_t i = 0; i < n; ++i) {
    x[i / 8] |= static_cast<mp_limb_t>(big_endian[n - 1 - i]) << (8 * (i % 8));
  }
  return ReduceLimbs(x, q);
}

}  // namespace henhouse::math
