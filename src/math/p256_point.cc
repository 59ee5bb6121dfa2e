#include "math/p256_point.h"

#include <cstring>
#include <vector>

namespace henhouse::math::internal::p256 {
namespace {

// b of the curve equation, FIPS 186-4 D.1.2.3, in Montgomery form.
const Fe& CurveB() {
  static const Fe b = [] {
    static constexpr uint8_t kB[32] = {
        0x5A, 0xC6, 0x35, 0xD8, 0xAA, 0x3A, 0x93, 0xE7, 0xB3, 0xEB, 0xBD,
        0x55, 0x76, 0x98, 0x86, 0xBC, 0x65, 0x1D, 0x06, 0xB0, 0xCC, 0x53,
        0xB0, 0xF6, 0x3B, 0xCE, 0x3C, 0x3E, 0x27, 0xD2, 0x60, 0x4B};
    Fe r;
    FeFromBytes(r, kB);
    return r;
  }();
  return b;
}

}  // namespace

void BatchToAffine(std::span<const Jac> in, Aff* out) {
  const size_t n = in.size();
  if (n == 0) return;
  // prefix[i] = z_0 ⋯ z_i; one inversion of the whole product, then
  // z_i^-1 = (z_0 ⋯ z_i)^-1 · (z_0 ⋯ z_(i−1)), walking back.
  std::vector<Fe> prefix(n);
  prefix[0] = in[0].z;
  for (size_t i = 1; i < n; ++i) FeMul(prefix[i], prefix[i - 1], in[i].z);
  Fe inv;
  FeInv(inv, prefix[n - 1]);
  for (size_t i = n; i-- > 0;) {
    Fe zinv = inv;
    if (i > 0) {
      FeMul(zinv, inv, prefix[i - 1]);
      FeMul(inv, inv, in[i].z);
    }
    Fe zinv2, zinv3;
    FeSqr(zinv2, zinv);
    FeMul(zinv3, zinv2, zinv);
    FeMul(out[i].x, in[i].x, zinv2);
    FeMul(out[i].y, in[i].y, zinv3);
  }
}

void EncodeBatch(std::span<const Jac> in, uint8_t* out) {
  std::vector<Jac> finite;
  finite.reserve(in.size());
  for (const Jac& p : in) {
    if (!IsIdentity(p)) finite.push_back(p);
  }
  std::vector<Aff> aff(finite.size());
  BatchToAffine(finite, aff.data());
  size_t k = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    uint8_t* o = out + 33 * i;
    if (IsIdentity(in[i])) {
      std::memset(o, 0, 33);
      continue;
    }
    o[0] = FeIsOdd(aff[k].y) ? 0x03 : 0x02;
    FeToBytes(o + 1, aff[k].x);
    ++k;
  }
}

const char* Decompress(const uint8_t* in, Aff* out, bool* identity) {
  bool all_zero = true;
  for (int i = 0; i < 33; ++i) all_zero = all_zero && in[i] == 0;
  *identity = all_zero;
  if (all_zero) return nullptr;
  if (in[0] != 0x02 && in[0] != 0x03) return "prefix byte must be 02 or 03 (compressed point)";
  Fe x;
  if (!FeFromBytes(x, in + 1)) return "x coordinate is not less than the field prime";
  // y² = x³ − 3x + b
  Fe rhs, x3;
  FeSqr(rhs, x);
  FeMul(rhs, rhs, x);
  FeAdd(x3, x, x);
  FeAdd(x3, x3, x);
  FeSub(rhs, rhs, x3);
  FeAdd(rhs, rhs, CurveB());
  Fe y;
  if (!FeSqrt(y, rhs)) return "point is not on the curve (no y for this x)";
  // y ≠ 0 here: the curve has prime order, so no point of order 2.
  if (FeIsOdd(y) != ((in[0] & 1) != 0)) FeNeg(y, y);
  out->x = x;
  out->y = y;
  return nullptr;
}

}  // namespace henhouse::math::internal::p256
