// P-256 point conversions on PUBLIC data with our own field arithmetic
// (p256_field.h): decompression of SEC1 compressed points and batch
// conversion to affine coordinates for encoding, and the group law on
// Jacobian coordinates for the variable-time multiplications of
// p256_mult.h. Curve y² = x³ − 3x + b (FIPS 186-4 D.1.2.3). Internal to the
// math module. Everything here except AddFinish and BatchToAffine (blinded)
// branches on its inputs: PUBLIC DATA ONLY. Secret scalars go to the
// constant-time FixedTable::PowSecret (p256_ct.cc) or to OpenSSL.
#ifndef HENHOUSE_SRC_MATH_P256_POINT_H_
#define HENHOUSE_SRC_MATH_P256_POINT_H_

#include <cstdint>
#include <span>

#include "math/p256_field.h"

namespace henhouse::math::internal::p256 {

// Jac is (X, Y, Z) in Montgomery form, representing (X/Z², Y/Z³); Z = 0 is
// the identity.
struct Jac {
  Fe x{}, y{}, z{};
};
// Aff is an affine point (never the identity).
struct Aff {
  Fe x{}, y{};
};

inline bool IsIdentity(const Jac& a) { return FeIsZero(a.z); }
inline Jac FromAff(const Aff& a) { return Jac{a.x, a.y, kOne}; }

// JacDouble sets r = 2a (r may alias a).
void JacDouble(Jac& r, const Jac& a);
// MixedAddHR starts the mixed addition a + (bx, by): H = bx·Z1² − X1 and
// R = by·Z1³ − Y1 (then AddFinish with U1 = X1, S1 = Y1, Z1·Z2 = Z1).
// Branch-free.
void MixedAddHR(Fe& h, Fe& rr, const Jac& a, const Fe& bx, const Fe& by);
// AddFinish completes an addition from U1 = X1·Z2², S1 = Y1·Z2³, H = U2 − U1,
// R = S2 − S1 and Z1·Z2: X3 = R² − H³ − 2·U1·H², Y3 = R·(U1·H² − X3) − S1·H³,
// Z3 = Z1·Z2·H. Branch-free (field operations only); wrong when H = 0.
void AddFinish(Jac& r, const Fe& u1, const Fe& s1, const Fe& h, const Fe& rr, const Fe& z1z2);
// JacAdd sets r = a + b for any a, b, including the identity, a = b and
// a = −b (r may alias either).
void JacAdd(Jac& r, const Jac& a, const Jac& b);
// JacAddAff sets r = a + b, or a − b when negate (b affine; r may alias a).
void JacAddAff(Jac& r, const Jac& a, const Aff& b, bool negate);
// JacEqual says whether a and b are the same point.
bool JacEqual(const Jac& a, const Jac& b);

// BatchToAffine converts points to affine coordinates with one field
// inversion for all of them (Montgomery's trick). The inversion is blinded
// (FeInvBlinded): the points may be results of constant-time
// multiplications by secret scalars, whose Z coordinates are not public even
// though the points are. REQUIRES: no point is the identity; out has
// in.size() entries.
void BatchToAffine(std::span<const Jac> in, Aff* out);

// EncodeBatch writes 33 bytes per point to out: the compressed SEC1 encoding
// (02 or 03 by the parity of y, then x), or 33 zero bytes for the identity.
void EncodeBatch(std::span<const Jac> in, uint8_t* out);

// Decompress parses a 33-byte compressed point; 33 zero bytes are the
// identity. On success it returns nullptr and sets *out (affine, or
// *identity = true); otherwise it returns which check failed.
const char* Decompress(const uint8_t* in33, Aff* out, bool* identity);

}  // namespace henhouse::math::internal::p256

#endif  // HENHOUSE_SRC_MATH_P256_POINT_H_
