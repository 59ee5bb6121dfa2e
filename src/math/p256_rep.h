// The representation of P-256 elements and fixed-base tables behind
// P256Group (p256_group.cc), and the helpers that move points between
// OpenSSL's EC_POINT and our own Jacobian coordinates. Internal to the math
// module; included by p256_group.cc only.
#ifndef HENHOUSE_SRC_MATH_P256_REP_H_
#define HENHOUSE_SRC_MATH_P256_REP_H_

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

#include "henhouse/math/group.h"
#include "math/p256_mult.h"
#include "math/p256_point.h"

// EC_POINT_get/set_Jprojective_coordinates_GFp are deprecated in OpenSSL
// 3.0 but are the only way to read or write a point's Jacobian coordinates.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace henhouse::math::internal::p256_rep {

inline constexpr size_t kPointSize = 33;

[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "henhouse math: OpenSSL EC failure: %s\n", what);
  std::abort();
}

inline void Check(int ok, const char* what) {
  if (ok != 1) Fail(what);
}

// Ctx returns this thread's BN_CTX (OpenSSL contexts are not shareable).
inline BN_CTX* Ctx() {
  struct Holder {
    Holder() : ctx(BN_CTX_new()) {
      if (ctx == nullptr) Fail("BN_CTX_new");
    }
    ~Holder() { BN_CTX_free(ctx); }
    BN_CTX* ctx;
  };
  thread_local Holder holder;
  return holder.ctx;
}

// PointRep holds a point as an OpenSSL EC_POINT, as Jacobian coordinates
// of our own field code, or both: elements made by OpenSSL's multiplications
// (a variable base with a secret scalar) start as EC_POINTs; parsed elements,
// fixed-base powers and the results of the public-data arithmetic
// (p256_mult.h) as coordinates. The other form is
// made on first use and then never changes.
struct PointRep final : ElementRep {
  explicit PointRep(const EC_GROUP* g) : group(g), point(EC_POINT_new(g)) {
    if (point == nullptr) Fail("EC_POINT_new");
  }
  PointRep(const EC_GROUP* g, const p256::Jac& j) : group(g), jac(j) {}
  ~PointRep() override { EC_POINT_free(point); }
  const EC_GROUP* group;
  mutable std::mutex mu;
  mutable EC_POINT* point = nullptr;
  mutable std::optional<p256::Jac> jac;
  // The compressed encoding needs affine coordinates (a field inversion), so
  // it is computed on first use only (or given by the parser).
  mutable bool encoded = false;
  mutable std::array<uint8_t, kPointSize> encoding{};
  // Encoding returns the cached encoding, if any.
  bool CachedEncoding(std::array<uint8_t, kPointSize>* out) const {
    std::lock_guard<std::mutex> lock(mu);
    if (encoded) *out = encoding;
    return encoded;
  }
  void SetEncoding(const uint8_t* bytes) const {
    std::lock_guard<std::mutex> lock(mu);
    std::copy(bytes, bytes + kPointSize, encoding.begin());
    encoded = true;
  }
  bool HasJac() const {
    std::lock_guard<std::mutex> lock(mu);
    return jac.has_value();
  }
  const EC_POINT* Point() const;
  const p256::Jac& Jac() const;
};

struct TableRep final : FixedBaseRep {
  bool identity = false;  // base is the point at infinity
  // One table serves public exponents (variable-time FixedTable::Pow) and
  // secret ones (constant-time FixedTable::PowSecret); built on first use.
  p256::Aff base;
  mutable std::once_flag once, comb_once;
  mutable std::unique_ptr<p256::FixedTable> table;
  mutable std::unique_ptr<p256::PowTable> comb;  // for MultiPow with a variable base
  const p256::FixedTable& Table() const {
    std::call_once(once, [this] { table = std::make_unique<p256::FixedTable>(base); });
    return *table;
  }
  const p256::PowTable& Comb() const {
    std::call_once(comb_once, [this] { comb = std::make_unique<p256::PowTable>(base, 4, 8); });
    return *comb;
  }
};

// ToJac reads a point's Jacobian coordinates into our field representation.
inline p256::Jac ToJac(const EC_GROUP* group, const EC_POINT* point) {
  p256::Jac out;
  if (EC_POINT_is_at_infinity(group, point)) return out;
  BN_CTX* ctx = Ctx();
  BN_CTX_start(ctx);
  BIGNUM* c[3] = {BN_CTX_get(ctx), BN_CTX_get(ctx), BN_CTX_get(ctx)};
  if (c[2] == nullptr) Fail("BN_CTX_get");
  Check(EC_POINT_get_Jprojective_coordinates_GFp(group, point, c[0], c[1], c[2], ctx),
        "get_Jprojective_coordinates");
  p256::Fe* dst[3] = {&out.x, &out.y, &out.z};
  for (int i = 0; i < 3; ++i) {
    uint8_t be[32];
    Check(BN_bn2binpad(c[i], be, 32) == 32, "bn2binpad");
    if (!p256::FeFromBytes(*dst[i], be)) Fail("coordinate out of range");
  }
  BN_CTX_end(ctx);
  return out;
}

// SetFromJac sets an EC_POINT to our Jacobian point.
inline void SetFromJac(const EC_GROUP* group, EC_POINT* point, const p256::Jac& j) {
  if (p256::IsIdentity(j)) {
    Check(EC_POINT_set_to_infinity(group, point), "set_to_infinity");
    return;
  }
  BN_CTX* ctx = Ctx();
  BN_CTX_start(ctx);
  BIGNUM* c[3] = {BN_CTX_get(ctx), BN_CTX_get(ctx), BN_CTX_get(ctx)};
  if (c[2] == nullptr) Fail("BN_CTX_get");
  const p256::Fe* src[3] = {&j.x, &j.y, &j.z};
  for (int i = 0; i < 3; ++i) {
    uint8_t be[32];
    p256::FeToBytes(be, *src[i]);
    if (BN_bin2bn(be, 32, c[i]) == nullptr) Fail("BN_bin2bn");
  }
  Check(EC_POINT_set_Jprojective_coordinates_GFp(group, point, c[0], c[1], c[2], ctx),
        "set_Jprojective_coordinates");
  BN_CTX_end(ctx);
}

inline const EC_POINT* PointRep::Point() const {
  std::lock_guard<std::mutex> lock(mu);
  if (point == nullptr) {
    point = EC_POINT_new(group);
    if (point == nullptr) Fail("EC_POINT_new");
    SetFromJac(group, point, *jac);
  }
  return point;
}

inline const p256::Jac& PointRep::Jac() const {
  std::lock_guard<std::mutex> lock(mu);
  if (!jac) jac = ToJac(group, point);
  return *jac;
}

// ToAffine returns a point that is not the identity in affine form.
inline p256::Aff ToAffine(const p256::Jac& j) {
  if (p256::FeEqual(j.z, p256::kOne)) return p256::Aff{j.x, j.y};
  p256::Aff out;
  p256::BatchToAffine(std::span<const p256::Jac>(&j, 1), &out);
  return out;
}

inline const PointRep& Rep(const Element& e) { return *static_cast<const PointRep*>(e.rep()); }
inline const EC_POINT* Pt(const Element& e) { return Rep(e).Point(); }
inline const p256::Jac& JacOf(const Element& e) { return Rep(e).Jac(); }

// ScalarBn lends this thread's BIGNUM holding a PUBLIC scalar (secret
// scalars never become BIGNUMs: p256_ct.cc serves them); reusing it keeps
// allocation out of every multiplication.
class ScalarBn {
 public:
  explicit ScalarBn(const std::array<uint64_t, 4>& limbs) {
    struct Holder {
      Holder() : bn(BN_new()) {
        if (bn == nullptr) Fail("BN_new");
      }
      ~Holder() { BN_free(bn); }
      BIGNUM* bn;
    };
    thread_local Holder holder;
    bn_ = holder.bn;
    if (BN_lebin2bn(reinterpret_cast<const unsigned char*>(limbs.data()), 32, bn_) == nullptr) {
      Fail("BN_lebin2bn");
    }
  }
  ScalarBn(const ScalarBn&) = delete;
  ScalarBn& operator=(const ScalarBn&) = delete;
  const BIGNUM* get() const { return bn_; }

 private:
  BIGNUM* bn_;
};

inline Bytes BnBytes(const BIGNUM* bn, size_t len) {
  Bytes out(len);
  Check(BN_bn2binpad(bn, out.data(), static_cast<int>(len)) == static_cast<int>(len), "bn2binpad");
  return out;
}

}  // namespace henhouse::math::internal::p256_rep

#pragma GCC diagnostic pop

#endif  // HENHOUSE_SRC_MATH_P256_REP_H_
