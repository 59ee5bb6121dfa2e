// P256Group: NIST P-256 on OpenSSL 3's curve parameters and EC code plus
// henhouse's own field and point code. The group is written
// multiplicatively in the interface: Mul is point addition, Pow is scalar
// multiplication. The cofactor is 1, so every point on the curve (and the
// point at infinity) is in the order-n group.
//
// EncodeParameters returns b(p,32) ∥ b(a,32) ∥ b(b,32) ∥ b(n,32) ∥ G (33
// bytes compressed): the curve equation, the order and the generator.
//
// A fixed base keeps one table of our own (FixedTable, p256_mult.h), built on
// first use: public exponents use it with variable-time code, secret ones
// with the constant-time comb of p256_ct.cc. Secret exponents on a variable
// base use the constant-time windowed double-and-add of p256_ct.cc; secret
// scalars never reach OpenSSL. OpenSSL serves one-exponent public powers
// (EC_POINT_mul) and MultiPow (EC_POINTs_mul). Everything on public data uses our own field and point code (p256_point.h,
// p256_mult.h): parsing (decompression: a square root in GF(p)), batch
// encoding (one inversion for many points), point additions, and the
// variable-time public-exponent powers, which share doublings between the
// exponents of one base and add g's or K's terms inside the same chain
// (PowManyTimesFixed). An element keeps whichever representation made it
// (an EC_POINT from OpenSSL, Jacobian coordinates from our code) and gets
// the other on first use.
// EC_POINTs_mul (MultiPow's several-point path) is deprecated in OpenSSL 3.0
// without a replacement for more than one point.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "math/p256_group.h"
#include "math/p256_mult.h"
#include "math/p256_point.h"
#include "math/p256_rep.h"
#include "math/small_buffer.h"

namespace henhouse::math::internal {
namespace {

using namespace p256_rep;  // NOLINT: the representation is this file's own

class P256Group final : public Group {
 public:
  P256Group() : group_(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)) {
    if (group_ == nullptr) Fail("EC_GROUP_new_by_curve_name");
    field_prime_ = BN_new();
    a_ = BN_new();
    b_ = BN_new();
    Check(EC_GROUP_get_curve(group_, field_prime_, a_, b_, Ctx()), "get_curve");
    order_ = EC_GROUP_get0_order(group_);
    Bytes n = BnBytes(order_, 32);
    field_.bytes = 32;
    for (size_t i = 0; i < 32; ++i) field_.q[i / 8] |= static_cast<uint64_t>(n[31 - i]) << (8 * (i % 8));
    field_.Init();
    auto g = NewRep();
    Check(EC_POINT_copy(g->point, EC_GROUP_get0_generator(group_)), "copy generator");
    g->Jac();
    generator_ = MakeElement(g);
    auto id = NewRep();
    Check(EC_POINT_set_to_infinity(group_, id->point), "set_to_infinity");
    identity_ = MakeElement(id);
    auto table = std::make_shared<TableRep>();
    table->base = ToAffine(JacOf(generator_));
    generator_table_ = MakeFixedBase(generator_, table);
  }
  ~P256Group() override {
    BN_free(field_prime_);
    BN_free(a_);
    BN_free(b_);
    EC_GROUP_free(group_);
  }

  std::string_view Name() const override { return "p256"; }
  size_t ElementSize() const override { return kPointSize; }
  size_t ScalarSize() const override { return 32; }
  Bytes EncodeParameters() const override {
    Bytes out = BnBytes(field_prime_, 32);
    Append(out, BnBytes(a_, 32));
    Append(out, BnBytes(b_, 32));
    Append(out, BnBytes(order_, 32));
    Append(out, generator_.Encode());
    return out;
  }
  std::string Description() const override {
    return "p256: NIST P-256 (secp256r1), cofactor 1\n  p = 0x" + HexEncodeUpper(BnBytes(field_prime_, 32)) +
           "\n  n = 0x" + HexEncodeUpper(BnBytes(order_, 32)) +
           "\n  G = " + HexEncodeUpper(generator_.Encode()) + "\n";
  }
  Element Generator() const override { return generator_; }
  Element Identity() const override { return identity_; }
  Bytes Order() const override { return BnBytes(order_, 32); }
  const ScalarField& Field() const override { return field_; }

  StatusOr<Element> ParseElement(ByteSpan bytes) const override;
  StatusOr<std::vector<Element>> ParseElements(std::span<const ByteSpan> bytes,
                                               Rng& rng) const override;
  FixedBase Precompute(const Element& base) const override;
  Element MultiPow(std::span<const Element> bases, std::span<const Scalar> exps) const override;
  // PowMany with two or more exponents shares the doublings of one
  // PowTable (four teeth) between them.
  std::vector<Element> PowMany(const Element& base, std::span<const Scalar> exps) const override {
    std::vector<Element> out;
    const p256::Jac& b = JacOf(base);
    if (exps.size() < 2 || p256::IsIdentity(b)) {
      for (const Scalar& e : exps) out.push_back(PowPublic(base, e));
      return out;
    }
    const p256::PowTable table(ToAffine(b), 4, 4);
    std::vector<p256::PowTerm> terms;
    for (const Scalar& e : exps) terms.push_back({&table, &e.limbs()});
    return Products(terms, 1);
  }
  // PowManyTimesFixed with two or more exponents computes each
  // base^exps[i]·F^fixed_exps[i] in one doubling chain (MultiPow).
  std::vector<Element> PowManyTimesFixed(const Element& base, std::span<const Scalar> exps,
                                         const FixedBase& fixed,
                                         std::span<const Scalar> fixed_exps) const override {
    assert(exps.size() == fixed_exps.size());
    const auto& t = static_cast<const TableRep&>(*fixed.rep());
    const p256::Jac& b = JacOf(base);
    if (exps.size() < 2 || p256::IsIdentity(b) || t.identity) {
      return Group::PowManyTimesFixed(base, exps, fixed, fixed_exps);
    }
    const p256::PowTable table(ToAffine(b), 4, 4);
    return ProductsWithFixed(table, exps, t, fixed_exps);
  }
  // ProductsWithFixed returns [x^exps[i]·F^fixed_exps[i]] for x's table.
  std::vector<Element> ProductsWithFixed(const p256::PowTable& table, std::span<const Scalar> exps,
                                         const TableRep& fixed,
                                         std::span<const Scalar> fixed_exps) const {
    std::vector<p256::PowTerm> terms;
    for (size_t i = 0; i < exps.size(); ++i) {
      terms.push_back({&table, &exps[i].limbs()});
      terms.push_back({&fixed.Comb(), &fixed_exps[i].limbs()});
    }
    return Products(terms, 2);
  }
  // Products returns the MultiPow of each run of `per` terms, two runs at a
  // time (MultiPow2: their doublings side by side).
  std::vector<Element> Products(std::span<const p256::PowTerm> terms, size_t per) const {
    std::vector<Element> out;
    size_t i = 0;
    for (; i + 2 * per <= terms.size(); i += 2 * per) {
      p256::Jac r0, r1;
      p256::MultiPow2(terms.subspan(i, per), terms.subspan(i + per, per), r0, r1);
      out.push_back(FromJac(r0));
      out.push_back(FromJac(r1));
    }
    if (i < terms.size()) out.push_back(FromJac(p256::MultiPow(terms.subspan(i, per))));
    return out;
  }
  StatusOr<std::vector<Element>> ParseElementWithProducts(
      ByteSpan bytes, std::span<const Scalar> exps, const FixedBase& fixed,
      std::span<const Scalar> fixed_exps) const override {
    HENHOUSE_ASSIGN_OR_RETURN(Element x, ParseElement(bytes));
    std::vector<Element> out = PowManyTimesFixed(x, exps, fixed, fixed_exps);
    out.insert(out.begin(), x);
    return out;
  }
  // Both bases' tables are built side by side (PowTable::Two) where neither
  // is the identity and each has two or more products.
  std::array<std::vector<Element>, 2> PowManyTimesFixedTwo(
      const Element& base0, std::span<const Scalar> exps0, const FixedBase& fixed0,
      std::span<const Scalar> fixed_exps0, const Element& base1, std::span<const Scalar> exps1,
      const FixedBase& fixed1, std::span<const Scalar> fixed_exps1) const override {
    assert(exps0.size() == fixed_exps0.size() && exps1.size() == fixed_exps1.size());
    const auto& t0 = static_cast<const TableRep&>(*fixed0.rep());
    const auto& t1 = static_cast<const TableRep&>(*fixed1.rep());
    const p256::Jac& b0 = JacOf(base0);
    const p256::Jac& b1 = JacOf(base1);
    if (exps0.size() < 2 || exps1.size() < 2 || p256::IsIdentity(b0) || p256::IsIdentity(b1) ||
        t0.identity || t1.identity) {
      return Group::PowManyTimesFixedTwo(base0, exps0, fixed0, fixed_exps0, base1, exps1, fixed1,
                                         fixed_exps1);
    }
    const std::array<p256::PowTable, 2> tables =
        p256::PowTable::Two(ToAffine(b0), ToAffine(b1), 4, 4);
    return {ProductsWithFixed(tables[0], exps0, t0, fixed_exps0),
            ProductsWithFixed(tables[1], exps1, t1, fixed_exps1)};
  }
  // Both elements' products come from PowManyTimesFixedTwo where both parse.
  std::array<StatusOr<std::vector<Element>>, 2> ParseTwoWithProducts(
      const ProductsQuery& first, const ProductsQuery& second) const override {
    StatusOr<Element> x0 = ParseElement(first.bytes), x1 = ParseElement(second.bytes);
    if (!x0.ok() || !x1.ok()) return Group::ParseTwoWithProducts(first, second);
    std::array<std::vector<Element>, 2> r =
        PowManyTimesFixedTwo(*x0, first.exps, *first.fixed, first.fixed_exps, *x1, second.exps,
                             *second.fixed, second.fixed_exps);
    r[0].insert(r[0].begin(), *x0);
    r[1].insert(r[1].begin(), *x1);
    return {std::move(r[0]), std::move(r[1])};
  }
  StatusOr<std::vector<Element>> ParseElementWithPowers(
      ByteSpan bytes, std::span<const Scalar> exps) const override {
    HENHOUSE_ASSIGN_OR_RETURN(Element x, ParseElement(bytes));
    std::vector<Element> out = PowMany(x, exps);
    out.insert(out.begin(), x);
    return out;
  }

  Bytes EncodeElement(const Element& a) const override;
  std::vector<Bytes> EncodeElements(std::span<const Element> xs) const override;
  // Mul, Div and Equal use our field code when either side already has
  // Jacobian coordinates (elements and results are public), OpenSSL's
  // otherwise.
  Element Mul(const Element& a, const Element& b) const override {
    if (Rep(a).HasJac() || Rep(b).HasJac()) {
      p256::Jac r;
      p256::JacAdd(r, JacOf(a), JacOf(b));
      return FromJac(r);
    }
    auto r = NewRep();
    Check(EC_POINT_add(group_, r->point, Pt(a), Pt(b), Ctx()), "EC_POINT_add");
    return MakeElement(r);
  }
  Element Div(const Element& a, const Element& b) const override {
    if (Rep(a).HasJac() || Rep(b).HasJac()) {
      p256::Jac nb = JacOf(b), r;
      p256::FeNeg(nb.y, nb.y);
      p256::JacAdd(r, JacOf(a), nb);
      return FromJac(r);
    }
    auto r = NewRep();
    Check(EC_POINT_copy(r->point, Pt(b)), "copy");
    Check(EC_POINT_invert(group_, r->point, Ctx()), "invert");
    Check(EC_POINT_add(group_, r->point, Pt(a), r->point, Ctx()), "EC_POINT_add");
    return MakeElement(r);
  }
  bool Equal(const Element& a, const Element& b) const override {
    if (Rep(a).HasJac() && Rep(b).HasJac()) return p256::JacEqual(JacOf(a), JacOf(b));
    int c = EC_POINT_cmp(group_, Pt(a), Pt(b), Ctx());
    if (c < 0) Fail("EC_POINT_cmp");
    return c == 0;
  }
  Element PowPublic(const Element& base, const Scalar& e) const override {
    return Mult(base, ScalarBn(e.limbs()));
  }
  // Secret exponents on a variable (public) base: our constant-time
  // windowed double-and-add (PowSecretVarBase, p256_ct.cc).
  Element PowSecret(const Element& base, const SecretScalar& e) const override {
    const p256::Jac& b = JacOf(base);
    if (p256::IsIdentity(b)) return identity_;
    return FromJac(p256::PowSecretVarBase(ToAffine(b), e.limbs(SecretAccess::Get())));
  }
  Element FixedPowPublic(const FixedBaseRep& table, const Scalar& e) const override {
    const auto& t = static_cast<const TableRep&>(table);
    if (t.identity) return identity_;
    return FromJac(t.Table().Pow(e.limbs()));
  }
  Element FixedPowSecret(const FixedBase& fixed, const SecretScalar& e) const override;
  // Secret exponents on a fixed base: our constant-time comb on the same
  // table as public ones (FixedTable::PowSecret, p256_ct.cc).
  Element FixedPowNonce(const FixedBaseRep& table, const SecretScalar& e) const override {
    const auto& t = static_cast<const TableRep&>(table);
    if (t.identity) return identity_;
    return FromJac(t.Table().PowSecret(e.limbs(SecretAccess::Get())));
  }
  std::vector<Element> FixedPowNonceMany(const FixedBaseRep& table,
                                         std::span<const SecretScalar> es) const override {
    const auto& t = static_cast<const TableRep&>(table);
    if (t.identity) return std::vector<Element>(es.size(), identity_);
    std::vector<const p256::Limbs*> limbs;
    limbs.reserve(es.size());
    for (const SecretScalar& e : es) limbs.push_back(&e.limbs(SecretAccess::Get()));
    std::vector<p256::Jac> points(es.size());
    t.Table().PowSecretMany(limbs, points.data());
    std::vector<Element> out;
    out.reserve(es.size());
    for (const p256::Jac& p : points) out.push_back(FromJac(p));
    return out;
  }
  // Both bases' powers in one pass (FixedTable::PowSecretMulti).
  std::array<std::vector<Element>, 2> FixedPowNonceMany2(
      const FixedBaseRep& a, std::span<const SecretScalar> es_a, const FixedBaseRep& b,
      std::span<const SecretScalar> es_b) const override {
    const auto& ta = static_cast<const TableRep&>(a);
    const auto& tb = static_cast<const TableRep&>(b);
    if (ta.identity || tb.identity) return Group::FixedPowNonceMany2(a, es_a, b, es_b);
    const size_t n = es_a.size() + es_b.size();
    SmallBuffer<const p256::FixedTable*, 8> tables(n);
    SmallBuffer<const p256::Limbs*, 8> limbs(n);
    SmallBuffer<p256::Jac, 8> points(n);
    for (size_t k = 0; k < n; ++k) {
      const bool first = k < es_a.size();
      tables[k] = first ? &ta.Table() : &tb.Table();
      limbs[k] = &(first ? es_a[k] : es_b[k - es_a.size()]).limbs(SecretAccess::Get());
    }
    p256::FixedTable::PowSecretMulti(tables.span(), limbs.span(), points.data());
    std::array<std::vector<Element>, 2> out;
    out[0].reserve(es_a.size());
    out[1].reserve(es_b.size());
    for (size_t k = 0; k < n; ++k) out[k < es_a.size() ? 0 : 1].push_back(FromJac(points[k]));
    return out;
  }


 protected:
  void EncodeElementsUnchecked(std::span<const Element> xs, std::span<uint8_t> out) const override;

 private:
  std::shared_ptr<PointRep> NewRep() const { return std::make_shared<PointRep>(group_); }
  Element FromJac(const p256::Jac& j) const {
    return MakeElement(std::make_shared<PointRep>(group_, j));
  }
  // Mult returns scalar·base for a public scalar. (At most one ScalarBn may
  // be alive per thread: they share the thread's BIGNUM.)
  Element Mult(const Element& base, const ScalarBn& scalar) const {
    auto r = NewRep();
    Check(EC_POINT_mul(group_, r->point, nullptr, Pt(base), scalar.get(), Ctx()), "EC_POINT_mul");
    return MakeElement(r);
  }


  EC_GROUP* group_;
  BIGNUM* field_prime_;
  BIGNUM* a_;
  BIGNUM* b_;
  const BIGNUM* order_;
  ScalarField field_;
  Element generator_, identity_;
  FixedBase generator_table_;
};

Bytes P256Group::EncodeElement(const Element& a) const {
  const auto* rep = static_cast<const PointRep*>(a.rep());
  std::array<uint8_t, kPointSize> enc{};
  if (!rep->CachedEncoding(&enc)) {
    if (rep->HasJac()) {
      p256::EncodeBatch(std::span<const p256::Jac>(&rep->Jac(), 1), enc.data());
    } else if (!EC_POINT_is_at_infinity(group_, rep->Point()) &&
               EC_POINT_point2oct(group_, rep->Point(), POINT_CONVERSION_COMPRESSED, enc.data(),
                                  kPointSize, Ctx()) != kPointSize) {
      // (The point at infinity encodes as 33 zero bytes.)
      Fail("EC_POINT_point2oct");
    }
    rep->SetEncoding(enc.data());
  }
  return Bytes(enc.begin(), enc.end());
}

std::vector<Bytes> P256Group::EncodeElements(std::span<const Element> xs) const {
  Bytes all(kPointSize * xs.size());
  EncodeElementsInto(xs, all);
  std::vector<Bytes> out(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    out[i].assign(all.begin() + static_cast<std::ptrdiff_t>(kPointSize * i),
                  all.begin() + static_cast<std::ptrdiff_t>(kPointSize * (i + 1)));
  }
  return out;
}

void P256Group::EncodeElementsUnchecked(std::span<const Element> xs,
                                        std::span<uint8_t> out) const {
  // Elements without a remembered encoding go into one batch (one field
  // inversion); a single one is cheaper through OpenSSL's own encoding.
  SmallBuffer<size_t, 8> todo(xs.size());
  size_t count = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    std::array<uint8_t, kPointSize> enc{};
    if (static_cast<const PointRep*>(xs[i].rep())->CachedEncoding(&enc)) {
      std::copy(enc.begin(), enc.end(), out.begin() + static_cast<std::ptrdiff_t>(kPointSize * i));
    } else {
      todo[count++] = i;
    }
  }
  if (count == 1) {
    const Bytes enc = EncodeElement(xs[todo[0]]);
    std::copy(enc.begin(), enc.end(),
              out.begin() + static_cast<std::ptrdiff_t>(kPointSize * todo[0]));
  }
  if (count <= 1) return;
  SmallBuffer<p256::Jac, 8> points(count);
  for (size_t k = 0; k < count; ++k) points[k] = JacOf(xs[todo[k]]);
  SmallBuffer<uint8_t, 8 * kPointSize> encodings(kPointSize * count);
  p256::EncodeBatch(points.span(), encodings.data());
  for (size_t k = 0; k < count; ++k) {
    const uint8_t* enc = encodings.data() + kPointSize * k;
    static_cast<const PointRep*>(xs[todo[k]].rep())->SetEncoding(enc);
    std::copy(enc, enc + kPointSize,
              out.begin() + static_cast<std::ptrdiff_t>(kPointSize * todo[k]));
  }
}

StatusOr<Element> P256Group::ParseElement(ByteSpan bytes) const {
  if (bytes.size() != kPointSize) {
    return InvalidArgumentError("p256 element: expected 33 bytes (compressed point), got " +
                                std::to_string(bytes.size()));
  }
  p256::Aff point;
  bool identity = false;
  if (const char* error = p256::Decompress(bytes.data(), &point, &identity)) {
    return InvalidArgumentError(std::string("p256 element: ") + error);
  }
  if (identity) return identity_;
  auto r = std::make_shared<PointRep>(group_, p256::FromAff(point));
  r->SetEncoding(bytes.data());  // canonical: prefix, x < p and parity are checked
  return MakeElement(r);
}

StatusOr<std::vector<Element>> P256Group::ParseElements(std::span<const ByteSpan> bytes,
                                                        Rng&) const {
  // The cofactor is 1: the on-curve check in ParseElement is the membership
  // check, and it is cheap, so there is nothing to batch.
  std::vector<Element> out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto e = ParseElement(bytes[i]);
    if (!e.ok()) return e.status().WithContext("element " + std::to_string(i));
    out.push_back(*std::move(e));
  }
  return out;
}

FixedBase P256Group::Precompute(const Element& base) const {
  if (Equal(base, generator_)) return generator_table_;
  auto table = std::make_shared<TableRep>();
  if (EC_POINT_is_at_infinity(group_, Pt(base))) {
    table->identity = true;
    return MakeFixedBase(base, table);
  }
  table->base = ToAffine(JacOf(base));
  return MakeFixedBase(base, table);
}

Element P256Group::FixedPowSecret(const FixedBase& fixed, const SecretScalar& e) const {
  // The same constant-time comb (p256_ct.cc) serves every secret on a
  // fixed base.
  return FixedPowNonce(*fixed.rep(), e);
}

Element P256Group::MultiPow(std::span<const Element> bases, std::span<const Scalar> exps) const {
  assert(bases.size() == exps.size());
  // The generator's scalar goes through OpenSSL's precomputed table; the
  // other points share one doubling chain in EC_POINTs_mul.
  std::vector<BIGNUM*> bns;
  std::vector<const EC_POINT*> points;
  std::vector<const BIGNUM*> scalars;
  const BIGNUM* g_scalar = nullptr;
  for (size_t i = 0; i < bases.size(); ++i) {
    BIGNUM* bn = BN_lebin2bn(reinterpret_cast<const unsigned char*>(exps[i].limbs().data()), 32,
                             nullptr);
    if (bn == nullptr) Fail("BN_lebin2bn");
    bns.push_back(bn);
    if (g_scalar == nullptr && Equal(bases[i], generator_)) {
      g_scalar = bn;
    } else {
      points.push_back(Pt(bases[i]));
      scalars.push_back(bn);
    }
  }
  auto r = NewRep();
  int ok = EC_POINTs_mul(group_, r->point, g_scalar, points.size(), points.data(), scalars.data(),
                         Ctx());
  for (BIGNUM* bn : bns) BN_free(bn);
  Check(ok, "EC_POINTs_mul");
  return MakeElement(r);
}

}  // namespace

std::shared_ptr<const Group> NewP256Group() { return std::make_shared<P256Group>(); }

}  // namespace henhouse::math::internal
