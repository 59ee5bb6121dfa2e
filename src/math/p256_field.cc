#include "math/p256_field.h"

#include <gmp.h>

#include <algorithm>

#include "henhouse/base/rng.h"
#include "henhouse/base/secret.h"

namespace henhouse::math::internal::p256 {
namespace {

// Powers x_k = a^(2^k − 1) shared by the inversion and square-root chains.
struct OnesPowers {
  Fe x2, x30, x32;
};

OnesPowers ComputeOnes(const Fe& a) {
  OnesPowers o;
  Fe x3, x6, x12, x15, t;
  FeSqr(t, a);
  FeMul(o.x2, t, a);  // 2^2 − 1
  FeSqr(t, o.x2);
  FeMul(x3, t, a);  // 2^3 − 1
  FeSqrN(t, x3, 3);
  FeMul(x6, t, x3);
  FeSqrN(t, x6, 6);
  FeMul(x12, t, x6);
  FeSqrN(t, x12, 3);
  FeMul(x15, t, x3);
  FeSqrN(t, x15, 15);
  FeMul(o.x30, t, x15);
  FeSqrN(t, o.x30, 2);
  FeMul(o.x32, t, o.x2);
  return o;
}

}  // namespace

void FeInv(Fe& r, const Fe& a) {
  // p − 2 = 1^32 0^31 1 0^96 1^94 0 1 (bits from the top).
  const OnesPowers o = ComputeOnes(a);
  Fe t;
  FeSqrN(t, o.x32, 32);
  FeMul(t, t, a);
  FeSqrN(t, t, 96 + 32);
  FeMul(t, t, o.x32);
  FeSqrN(t, t, 32);
  FeMul(t, t, o.x32);
  FeSqrN(t, t, 30);
  FeMul(t, t, o.x30);
  FeSqrN(t, t, 2);
  FeMul(r, t, a);
}

void FeInvPublic(Fe& r, const Fe& a) {
  // a holds A = x·R (Montgomery form); x^-1·R = A^-1·R², so invert the
  // integer A modulo p and multiply by R² twice in Montgomery form.
  struct Holder {
    Holder() {
      mpz_inits(value, inverse, prime, nullptr);
      mp_limb_t* w = mpz_limbs_write(prime, 4);
      std::copy(kP.begin(), kP.end(), w);
      mpz_limbs_finish(prime, 4);
    }
    ~Holder() { mpz_clears(value, inverse, prime, nullptr); }
    mpz_t value, inverse, prime;
  };
  static_assert(sizeof(mp_limb_t) == sizeof(uint64_t));
  thread_local Holder h;
  mp_limb_t* w = mpz_limbs_write(h.value, 4);
  std::copy(a.begin(), a.end(), w);
  mpz_limbs_finish(h.value, 4);
  if (mpz_invert(h.inverse, h.value, h.prime) == 0) {
    r = Fe{};
    return;
  }
  Fe inv{};
  const mp_limb_t* limbs = mpz_limbs_read(h.inverse);
  std::copy(limbs, limbs + mpz_size(h.inverse), inv.begin());
  FeMul(inv, inv, kR2);
  FeMul(r, inv, kR2);
}

void FeInvBlinded(Fe& r, const Fe& a) {
  Fe b;
  for (;;) {
    uint8_t be[32];
    SystemRandomBytes(be);
    // Rejects b ≥ p (probability about 2^-32) and b = 0.
    const bool ok = FeFromBytes(b, be) && !FeIsZero(b);
    SecureWipe(be, sizeof(be));
    if (ok) break;
  }
  Fe t;
  FeMul(t, a, b);
  FeInvPublic(t, t);  // (a·b)^-1
  FeMul(r, t, b);
  SecureWipe(b.data(), sizeof(b));
  SecureWipe(t.data(), sizeof(t));
}

bool FeSqrt(Fe& r, const Fe& a) {
  // (p + 1)/4 = 2^254 − 2^222 + 2^190 + 2^94: 1^32 0^31 1 0^95 1 0^94.
  const OnesPowers o = ComputeOnes(a);
  Fe t, check;
  FeSqrN(t, o.x32, 32);
  FeMul(t, t, a);
  FeSqrN(t, t, 96);
  FeMul(t, t, a);
  FeSqrN(r, t, 94);
  FeSqr(check, r);
  return FeEqual(check, a);
}

bool FeFromBytes(Fe& r, const uint8_t* be32) {
  Fe v;
  for (int i = 0; i < 4; ++i) {
    uint64_t w = 0;
    for (int j = 0; j < 8; ++j) w = (w << 8) | be32[(3 - i) * 8 + j];
    v[i] = w;
  }
  // v < p?
  u128 b = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(v[i]) - kP[i] - b;
    b = (d >> 64) & 1;
  }
  if (b == 0) return false;
  FeToMont(r, v);
  return true;
}

void FeToBytes(uint8_t* be32, const Fe& a) {
  Fe v;
  FeFromMont(v, a);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) be32[(3 - i) * 8 + j] = static_cast<uint8_t>(v[i] >> (56 - 8 * j));
  }
}

bool FeIsOdd(const Fe& a) {
  Fe v;
  FeFromMont(v, a);
  return (v[0] & 1) != 0;
}

}  // namespace henhouse::math::internal::p256
