// ScalarField: arithmetic modulo q < 2^256 on four 64-bit limbs, built from
// GMP's side-channel-silent mpn_sec_* and mpn_cnd_* functions, so that no
// branch or memory index depends on an operand's value. Only q (public) and
// lengths decide control flow.
#include <gmp.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
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

}  // namespace

Limbs ScalarField::Add(const Limbs& a, const Limbs& b) const {
  Limbs sum{}, diff{};
  mp_limb_t carry = mpn_add_n(L(sum), L(a), L(b), 4);
  mp_limb_t borrow = mpn_sub_n(L(diff), L(sum), L(q), 4);
  // Keep diff when a + b ≥ q: a carry out, or no borrow from subtracting q.
  uint64_t use_diff = carry | (borrow ^ 1);
  uint64_t mask = 0 - use_diff;
  Limbs out{};
  for (int i = 0; i < 4; ++i) out[i] = (diff[i] & mask) | (sum[i] & ~mask);
  SecureWipe(sum.data(), sizeof(sum));
  SecureWipe(diff.data(), sizeof(diff));
  return out;
}

Limbs ScalarField::Sub(const Limbs& a, const Limbs& b) const {
  Limbs out{};
  mp_limb_t borrow = mpn_sub_n(L(out), L(a), L(b), 4);
  mpn_cnd_add_n(borrow, L(out), L(out), L(q), 4);
  return out;
}

Limbs ScalarField::Mul(const Limbs& a, const Limbs& b) const {
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
  std::vector<mp_limb_t> x((big_endian.size() + 7) / 8, 0);
  size_t n = big_endian.size();
  for (size_t i = 0; i < n; ++i) {
    x[i / 8] |= static_cast<mp_limb_t>(big_endian[n - 1 - i]) << (8 * (i % 8));
  }
  return ReduceLimbs(x, q);
}

}  // namespace henhouse::math
