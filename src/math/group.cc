// The group-independent parts of the math interface: Scalar and SecretScalar
// arithmetic (through Group::Field()), Element and FixedBase forwarding, the
// scalar factories of Group, and GroupByName.
#include "henhouse/math/group.h"

#include <cassert>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "math/integer_group.h"
#include "math/p256_group.h"

namespace henhouse::math {
namespace {

using Limbs = std::array<uint64_t, 4>;

Bytes EncodeLimbs(const Limbs& v, size_t len) {
  Bytes out(len, 0);
  for (size_t i = 0; i < len && i < 32; ++i) {
    out[len - 1 - i] = static_cast<uint8_t>(v[i / 8] >> (8 * (i % 8)));
  }
  return out;
}

// LessThanQ reports x < q without a branch on x (the result itself is public).
bool LessThanQ(const Limbs& x, const Limbs& q) {
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 d = static_cast<unsigned __int128>(x[i]) - q[i] - borrow;
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow == 1;
}

// DecodeExact reads exactly `len` big-endian bytes (len ≤ 32) into limbs.
Limbs DecodeExact(ByteSpan bytes) {
  Limbs v{};
  size_t n = bytes.size();
  for (size_t i = 0; i < n; ++i) v[i / 8] |= static_cast<uint64_t>(bytes[n - 1 - i]) << (8 * (i % 8));
  return v;
}

const ScalarField& FieldOf(const Group* g) {
  assert(g != nullptr);
  return g->Field();
}

}  // namespace

// --- Scalar --------------------------------------------------------------

Bytes Scalar::Encode() const { return EncodeLimbs(limbs_, group_->ScalarSize()); }

bool Scalar::IsZero() const { return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3]) == 0; }

StatusOr<uint64_t> Scalar::ToU64() const {
  if ((limbs_[1] | limbs_[2] | limbs_[3]) != 0) {
    return InvalidArgumentError("scalar does not fit in 64 bits");
  }
  return limbs_[0];
}

Scalar operator+(const Scalar& a, const Scalar& b) {
  assert(a.group_ == b.group_);
  return Scalar(a.group_, FieldOf(a.group_).Add(a.limbs_, b.limbs_));
}
Scalar operator-(const Scalar& a, const Scalar& b) {
  assert(a.group_ == b.group_);
  return Scalar(a.group_, FieldOf(a.group_).Sub(a.limbs_, b.limbs_));
}
Scalar operator*(const Scalar& a, const Scalar& b) {
  assert(a.group_ == b.group_);
  return Scalar(a.group_, FieldOf(a.group_).Mul(a.limbs_, b.limbs_));
}
Scalar operator-(const Scalar& a) { return Scalar(a.group_, FieldOf(a.group_).Sub(Limbs{}, a.limbs_)); }
bool operator==(const Scalar& a, const Scalar& b) {
  return a.group_ == b.group_ && a.limbs_ == b.limbs_;
}
Scalar Scalar::Inverse() const {
  assert(!IsZero());
  return Scalar(group_, FieldOf(group_).Inverse(limbs_));
}

// --- SecretScalar --------------------------------------------------------

SecretScalar::~SecretScalar() { SecureWipe(limbs_.data(), sizeof(limbs_)); }

SecretScalar::SecretScalar(SecretScalar&& other) noexcept
    : group_(other.group_), limbs_(other.limbs_) {
  SecureWipe(other.limbs_.data(), sizeof(other.limbs_));
  other.group_ = nullptr;
}

SecretScalar& SecretScalar::operator=(SecretScalar&& other) noexcept {
  if (this != &other) {
    group_ = other.group_;
    limbs_ = other.limbs_;
    SecureWipe(other.limbs_.data(), sizeof(other.limbs_));
    other.group_ = nullptr;
  }
  return *this;
}

SecretScalar SecretScalar::Copy() const { return SecretScalar(group_, limbs_); }
Scalar SecretScalar::Reveal(SecretAccess) const { return group_->MakeScalar(limbs_); }

SecretBytes SecretScalar::EncodeSecret(SecretAccess) const {
  size_t len = group_->ScalarSize();
  SecretBytes out(len);
  auto dst = out.MutableReveal(SecretAccess::Get());
  for (size_t i = 0; i < len && i < 32; ++i) {
    dst[len - 1 - i] = static_cast<uint8_t>(limbs_[i / 8] >> (8 * (i % 8)));
  }
  return out;
}

SecretScalar operator+(const SecretScalar& a, const SecretScalar& b) {
  assert(a.group_ == b.group_);
  return SecretScalar(a.group_, FieldOf(a.group_).Add(a.limbs_, b.limbs_));
}
SecretScalar operator+(const SecretScalar& a, const Scalar& b) {
  assert(a.group_ == b.group());
  return SecretScalar(a.group_, FieldOf(a.group_).Add(a.limbs_, b.limbs()));
}
SecretScalar operator-(const SecretScalar& a, const SecretScalar& b) {
  assert(a.group_ == b.group_);
  return SecretScalar(a.group_, FieldOf(a.group_).Sub(a.limbs_, b.limbs_));
}
SecretScalar operator*(const SecretScalar& a, const SecretScalar& b) {
  assert(a.group_ == b.group_);
  return SecretScalar(a.group_, FieldOf(a.group_).Mul(a.limbs_, b.limbs_));
}
SecretScalar operator*(const Scalar& a, const SecretScalar& b) {
  assert(a.group() == b.group_);
  return SecretScalar(b.group_, FieldOf(b.group_).Mul(a.limbs(), b.limbs_));
}
SecretScalar operator-(const SecretScalar& a) {
  return SecretScalar(a.group_, FieldOf(a.group_).Sub(Limbs{}, a.limbs_));
}

// --- Element and FixedBase -------------------------------------------------

Bytes Element::Encode() const { return group_->EncodeElement(*this); }

std::vector<Bytes> Group::EncodeElements(std::span<const Element> xs) const {
  std::vector<Bytes> out;
  out.reserve(xs.size());
  for (const Element& x : xs) out.push_back(EncodeElement(x));
  return out;
}
void Group::EncodeElementsInto(std::span<const Element> xs, std::span<uint8_t> out) const {
  if (out.size() != xs.size() * ElementSize()) {
    std::cerr << "henhouse: EncodeElementsInto: " << xs.size() << " " << Name()
              << " elements need " << xs.size() * ElementSize() << " bytes, the buffer has "
              << out.size() << "\n";
    std::abort();
  }
  EncodeElementsUnchecked(xs, out);
}
void Group::EncodeElementsUnchecked(std::span<const Element> xs, std::span<uint8_t> out) const {
  const size_t size = ElementSize();
  const std::vector<Bytes> encodings = EncodeElements(xs);
  for (size_t i = 0; i < xs.size(); ++i) {
    std::copy(encodings[i].begin(), encodings[i].end(),
              out.begin() + static_cast<std::ptrdiff_t>(i * size));
  }
}
std::vector<Element> Group::PowManyTimesFixed(const Element& base, std::span<const Scalar> exps,
                                              const FixedBase& fixed,
                                              std::span<const Scalar> fixed_exps) const {
  assert(exps.size() == fixed_exps.size());
  std::vector<Element> out = PowMany(base, exps);
  for (size_t i = 0; i < out.size(); ++i) out[i] = fixed.Pow(fixed_exps[i]) * out[i];
  return out;
}

StatusOr<std::vector<Element>> Group::ParseElementWithProducts(
    ByteSpan bytes, std::span<const Scalar> exps, const FixedBase& fixed,
    std::span<const Scalar> fixed_exps) const {
  assert(exps.size() == fixed_exps.size());
  HENHOUSE_ASSIGN_OR_RETURN(std::vector<Element> out, ParseElementWithPowers(bytes, exps));
  for (size_t i = 0; i < exps.size(); ++i) out[i + 1] = fixed.Pow(fixed_exps[i]) * out[i + 1];
  return out;
}

std::array<std::vector<Element>, 2> Group::PowManyTimesFixedTwo(
    const Element& base0, std::span<const Scalar> exps0, const FixedBase& fixed0,
    std::span<const Scalar> fixed_exps0, const Element& base1, std::span<const Scalar> exps1,
    const FixedBase& fixed1, std::span<const Scalar> fixed_exps1) const {
  return {PowManyTimesFixed(base0, exps0, fixed0, fixed_exps0),
          PowManyTimesFixed(base1, exps1, fixed1, fixed_exps1)};
}

std::array<StatusOr<std::vector<Element>>, 2> Group::ParseTwoWithProducts(
    const ProductsQuery& first, const ProductsQuery& second) const {
  return {ParseElementWithProducts(first.bytes, first.exps, *first.fixed, first.fixed_exps),
          ParseElementWithProducts(second.bytes, second.exps, *second.fixed, second.fixed_exps)};
}

Element operator*(const Element& a, const Element& b) { return a.group_->Mul(a, b); }
Element operator/(const Element& a, const Element& b) { return a.group_->Div(a, b); }
bool operator==(const Element& a, const Element& b) {
  return a.group_ == b.group_ && (a.group_ == nullptr || a.group_->Equal(a, b));
}
Element Element::Pow(const Scalar& e) const { return group_->PowPublic(*this, e); }
Element Element::Pow(const SecretScalar& e) const { return group_->PowSecret(*this, e); }
Element Element::PowSmall(uint64_t e) const {
  return group_->PowPublic(*this, group_->ScalarFromU64(e));
}
Element Element::Inverse() const { return group_->Div(group_->Identity(), *this); }
bool Element::IsIdentity() const { return group_->Equal(*this, group_->Identity()); }

Element FixedBase::Pow(const Scalar& e) const { return base_.group()->FixedPowPublic(*rep_, e); }
Element FixedBase::Pow(const SecretScalar& e) const {
  return base_.group()->FixedPowSecret(*this, e);
}
Element FixedBase::PowNonce(const SecretScalar& e) const {
  return base_.group()->FixedPowNonce(*rep_, e);
}

std::vector<Element> FixedBase::PowNonceMany(std::span<const SecretScalar> es) const {
  return base_.group()->FixedPowNonceMany(*rep_, es);
}

std::array<std::vector<Element>, 2> FixedBase::PowNonceManyWith(
    std::span<const SecretScalar> es, const FixedBase& other,
    std::span<const SecretScalar> other_es) const {
  // Tables of two groups cannot share a pass: each group computes its own.
  if (other.base_.group() != base_.group()) {
    return {PowNonceMany(es), other.PowNonceMany(other_es)};
  }
  return base_.group()->FixedPowNonceMany2(*rep_, es, *other.rep_, other_es);
}

std::array<std::vector<Element>, 2> Group::FixedPowNonceMany2(
    const FixedBaseRep& a, std::span<const SecretScalar> es_a, const FixedBaseRep& b,
    std::span<const SecretScalar> es_b) const {
  return {FixedPowNonceMany(a, es_a), FixedPowNonceMany(b, es_b)};
}

std::vector<Element> Group::FixedPowNonceMany(const FixedBaseRep& table,
                                              std::span<const SecretScalar> es) const {
  std::vector<Element> out;
  out.reserve(es.size());
  for (const SecretScalar& e : es) out.push_back(FixedPowNonce(table, e));
  return out;
}

// --- Group: scalars --------------------------------------------------------

StatusOr<Scalar> Group::ParseScalar(ByteSpan bytes) const {
  if (bytes.size() != ScalarSize()) {
    return InvalidArgumentError(std::string(Name()) + " scalar: expected " +
                                std::to_string(ScalarSize()) + " bytes, got " +
                                std::to_string(bytes.size()));
  }
  Limbs v = DecodeExact(bytes);
  if (!LessThanQ(v, Field().q)) {
    return InvalidArgumentError(std::string(Name()) + " scalar is not less than the order q");
  }
  return Scalar(this, v);
}

Scalar Group::ScalarFromHash(ByteSpan hash32) const {
  // H_q(B0, B1) = H(B0, B1) mod q  [2.1 §5.4, eq. 132]
  return Scalar(this, Field().Reduce(hash32));
}

Scalar Group::ScalarFromBytesReduced(ByteSpan bytes) const {
  return Scalar(this, Field().Reduce(bytes));
}

Scalar Group::ScalarFromU64(uint64_t v) const {
  const ScalarField& f = Field();
  // v is public: a value below q (every v for the real groups) needs no
  // reduction.
  if ((f.q[1] | f.q[2] | f.q[3]) != 0 || v < f.q[0]) {
    return Scalar(this, std::array<uint64_t, 4>{v, 0, 0, 0});
  }
  Bytes b;
  AppendU64(b, v);
  return Scalar(this, f.Reduce(b));
}

Scalar Group::RandomScalar(Rng& rng) const {
  // 16 bytes beyond lq make the bias of the reduction below 2^-128.
  std::array<uint8_t, 48> b;
  assert(ScalarSize() <= 32);  // q < 2^256
  const std::span<uint8_t> bytes(b.data(), ScalarSize() + 16);
  rng.Fill(bytes);
  return Scalar(this, Field().Reduce(bytes));
}

SecretScalar Group::RandomSecretScalar(Rng& rng) const {
  std::array<uint8_t, 48> b;  // on the stack, wiped below
  assert(ScalarSize() <= 32);
  const std::span<uint8_t> bytes(b.data(), ScalarSize() + 16);
  rng.Fill(bytes);
  SecretScalar out(this, Field().Reduce(bytes));
  SecureWipe(b.data(), b.size());
  return out;
}

SecretScalar Group::SecretFromHash(ByteSpan hash32) const {
  return SecretScalar(this, Field().Reduce(hash32));
}

StatusOr<SecretScalar> Group::ParseSecretScalar(ByteSpan bytes) const {
  if (bytes.size() != ScalarSize()) {
    return InvalidArgumentError(std::string(Name()) + " secret scalar: expected " +
                                std::to_string(ScalarSize()) + " bytes, got " +
                                std::to_string(bytes.size()));
  }
  SecretScalar out(this, DecodeExact(bytes));
  if (!LessThanQ(out.limbs_, Field().q)) {
    return InvalidArgumentError(std::string(Name()) +
                                " secret scalar is not less than the order q");
  }
  return out;
}

// --- GroupByName -----------------------------------------------------------

StatusOr<std::shared_ptr<const Group>> GroupByName(std::string_view name) {
  static std::mutex mu;
  static std::vector<std::shared_ptr<const Group>>* groups =
      new std::vector<std::shared_ptr<const Group>>();
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& g : *groups) {
    if (g->Name() == name) return g;
  }
  std::shared_ptr<const Group> made;
  if (name == "p256") {
    made = internal::NewP256Group();
  } else {
    made = internal::NewIntegerGroupByName(name);
  }
  if (made == nullptr) {
    return InvalidArgumentError("unknown group \"" + std::string(name) +
                                "\": expected one of integer4096, p256, toy7, toy32, toy48");
  }
  groups->push_back(made);
  return made;
}

}  // namespace henhouse::math
