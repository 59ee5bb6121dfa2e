#include "math/p256_point.h"

#include <cassert>
#include <cstring>
#include <vector>

#include "math/small_buffer.h"

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

// Doubling for a = −3 (4M + 4S, few additions): with T = 2Y, S = T² = 4Y²
// and δ = Z²: M = 3(X − δ)(X + δ), B = X·S = 4XY², X' = M² − 2B,
// Y' = M·(B − X') − S²/2 (S²/2 = 8Y⁴), Z' = T·Z = 2YZ. The identity
// (Z = 0) stays the identity; the curve has no point of order 2, so Y ≠ 0
// otherwise.
void JacDoublePortable(Jac& r, const Jac& a) {
  Fe t, s, delta, m, u, b;
  FeAdd(t, a.y, a.y);
  FeSqr(s, t);
  FeSqr(delta, a.z);
  FeSub(m, a.x, delta);
  FeAdd(u, a.x, delta);
  FeMul(m, m, u);
  FeAdd(u, m, m);
  FeAdd(m, m, u);
  FeMul(b, a.x, s);
  FeMul(r.z, t, a.z);
  FeSqr(s, s);
  FeHalf(s, s);
  FeSqr(r.x, m);
  FeAdd(u, b, b);
  FeSub(r.x, r.x, u);
  FeSub(u, b, r.x);
  FeMul(u, m, u);
  FeSub(r.y, u, s);
}

void JacDouble(Jac& r, const Jac& a) { JacDoubleN(r, a, 1); }

void JacDoubleN(Jac& r, const Jac& a, int times) {
  PointLane lane;
  lane.p = a;
  DoubleLane(lane, times);
  r = lane.p;
}

void DoubleLane(PointLane& lane, int times) {
  assert(times >= 1);
#if HENHOUSE_P256_POINT_ASM
  if (kHaveBmi2Adx) {
    henhouse_p256_double_lane(&lane, static_cast<size_t>(times));
    return;
  }
#endif
  for (int i = 0; i < times; ++i) JacDoublePortable(lane.p, lane.p);
}

void JacDouble2N(Jac& r0, const Jac& a0, Jac& r1, const Jac& a1, int times) {
  PointPair pair;
  pair.lane[0].p = a0;
  pair.lane[1].p = a1;
  DoubleLanes(pair, times);
  r0 = pair.lane[0].p;
  r1 = pair.lane[1].p;
}

void DoubleLanes(PointPair& pair, int times) {
  assert(times >= 1);
#if HENHOUSE_P256_POINT_ASM
  if (kHaveBmi2Adx) {
    henhouse_p256_double_pair(&pair, static_cast<size_t>(times));
    return;
  }
#endif
  for (PointLane& lane : pair.lane) {
    for (int i = 0; i < times; ++i) JacDoublePortable(lane.p, lane.p);
  }
}

void MixedAddHR(Fe& h, Fe& rr, const Jac& a, const Fe& bx, const Fe& by) {
  Fe z1z1, u2, s2;
  FeSqr(z1z1, a.z);
  FeMul(u2, bx, z1z1);
  FeMul(s2, by, z1z1);
  FeMul(s2, s2, a.z);
  FeSub(h, u2, a.x);
  FeSub(rr, s2, a.y);
}

void AddFinish(Jac& r, const Fe& u1, const Fe& s1, const Fe& h, const Fe& rr, const Fe& z1z2) {
  Fe h2, h3, v, t;
  FeSqr(h2, h);
  FeMul(h3, h2, h);
  FeMul(v, u1, h2);
  FeMul(r.z, z1z2, h);
  FeSqr(t, rr);
  FeSub(t, t, h3);
  FeSub(t, t, v);
  FeSub(r.x, t, v);
  FeSub(t, v, r.x);
  FeMul(t, rr, t);
  FeMul(h3, s1, h3);
  FeSub(r.y, t, h3);
}

namespace {

// SameX handles the addition a + b when both have the same x (H = 0): b = a
// (R = 0) doubles, b = −a gives the identity. Returns whether it did.
bool SameX(Jac& r, const Jac& a, const Fe& h, const Fe& rr) {
  if (!FeIsZero(h)) return false;
  if (FeIsZero(rr)) {
    JacDouble(r, a);
  } else {
    r = Jac{};
  }
  return true;
}

}  // namespace

void JacAdd(Jac& r, const Jac& a, const Jac& b) {
  if (IsIdentity(a)) {
    r = b;
    return;
  }
  if (IsIdentity(b)) {
    r = a;
    return;
  }
  Fe z1z1, z2z2, u1, u2, s1, s2, h, rr, z1z2;
  FeSqr(z1z1, a.z);
  FeSqr(z2z2, b.z);
  FeMul(u1, a.x, z2z2);
  FeMul(u2, b.x, z1z1);
  FeMul(s1, a.y, z2z2);
  FeMul(s1, s1, b.z);
  FeMul(s2, b.y, z1z1);
  FeMul(s2, s2, a.z);
  FeSub(h, u2, u1);
  FeSub(rr, s2, s1);
  if (SameX(r, a, h, rr)) return;
  FeMul(z1z2, a.z, b.z);
  AddFinish(r, u1, s1, h, rr, z1z2);
}

void JacAddAff(Jac& r, const Jac& a, const Aff& b, bool negate) {
  Fe by = b.y;
  if (negate) FeNeg(by, by);
  if (IsIdentity(a)) {
    r = Jac{b.x, by, kOne};
    return;
  }
  Fe h, rr;
  MixedAddHR(h, rr, a, b.x, by);
  if (SameX(r, a, h, rr)) return;
  const Fe u1 = a.x, s1 = a.y, z1 = a.z;
  AddFinish(r, u1, s1, h, rr, z1);
}

namespace {

// SetEntry puts ±b in lane's entry slots.
inline void SetEntry(PointLane& lane, const Aff& b, bool negate) {
  lane.ex = b.x;
  if (negate) {
    FeNeg(lane.ey, b.y);
  } else {
    lane.ey = b.y;
  }
}

// TakeSum sets lane.p to the sum the assembly addition left, or, where H =
// 0 (b = ±p), to 2p or the identity.
inline void TakeSum(PointLane& lane) {
  if (!SameX(lane.p, lane.p, lane.scratch[kLaneH], lane.scratch[kLaneR])) lane.p = lane.sum;
}

}  // namespace

void AddToLane(PointLane& lane, const Aff& b, bool negate) {
#if HENHOUSE_P256_POINT_ASM
  if (kHaveBmi2Adx && !IsIdentity(lane.p)) {
    SetEntry(lane, b, negate);
    henhouse_p256_add_lane(&lane);
    TakeSum(lane);
    return;
  }
#endif
  JacAddAff(lane.p, lane.p, b, negate);
}

void AddToLanes(PointPair& pair, const Aff* const b[2], const bool negate[2]) {
#if HENHOUSE_P256_POINT_ASM
  if (kHaveBmi2Adx && !IsIdentity(pair.lane[0].p) && !IsIdentity(pair.lane[1].p)) {
    for (int i = 0; i < 2; ++i) SetEntry(pair.lane[i], *b[i], negate[i]);
    henhouse_p256_add_pair(&pair);
    for (PointLane& lane : pair.lane) TakeSum(lane);
    return;
  }
#endif
  for (int i = 0; i < 2; ++i) AddToLane(pair.lane[i], *b[i], negate[i]);
}

bool JacEqual(const Jac& a, const Jac& b) {
  if (IsIdentity(a) || IsIdentity(b)) return IsIdentity(a) && IsIdentity(b);
  Fe z1z1, z2z2, l, rt;
  FeSqr(z1z1, a.z);
  FeSqr(z2z2, b.z);
  FeMul(l, a.x, z2z2);
  FeMul(rt, b.x, z1z1);
  if (!FeEqual(l, rt)) return false;
  FeMul(l, a.y, z2z2);
  FeMul(l, l, b.z);
  FeMul(rt, b.y, z1z1);
  FeMul(rt, rt, a.z);
  return FeEqual(l, rt);
}

void BatchToAffine(std::span<const Jac> in, Aff* out) {
  const size_t n = in.size();
  if (n == 0) return;
  // prefix[i] = z_0 ⋯ z_i; one inversion of the whole product, then
  // z_i^-1 = (z_0 ⋯ z_i)^-1 · (z_0 ⋯ z_(i−1)), walking back.
  internal::SmallBuffer<Fe, 8> prefix(n);
  prefix[0] = in[0].z;
  for (size_t i = 1; i < n; ++i) FeMul(prefix[i], prefix[i - 1], in[i].z);
  Fe inv;
  FeInvBlinded(inv, prefix[n - 1]);
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
  internal::SmallBuffer<Jac, 8> finite(in.size());
  size_t count = 0;
  for (const Jac& p : in) {
    if (!IsIdentity(p)) finite[count++] = p;
  }
  internal::SmallBuffer<Aff, 8> aff(count);
  BatchToAffine(finite.span().first(count), aff.data());
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
