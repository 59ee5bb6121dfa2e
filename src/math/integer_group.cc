// IntegerGroup: construction, encoding, parsing and the single-operation
// methods. Exponentiation is in integer_group_pow.cc, batch membership in
// integer_group_batch.cc.
#include "math/integer_group.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace henhouse::math::internal {
namespace {

LimbVec LimbsFromMpz(const mpz_t x, size_t n) {
  LimbVec out(n, 0);
  size_t count = 0;
  mpz_export(out.data(), &count, -1, sizeof(mp_limb_t), 0, 0, x);
  return out;
}

void SetHex(mpz_t x, const char* hex) {
  if (mpz_set_str(x, hex, 16) != 0) {
    std::fprintf(stderr, "henhouse math: bad compiled-in hex constant\n");
    std::abort();
  }
}

void Require(bool ok, const char* name, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "henhouse math: parameters %s fail check: %s\n", name, what);
    std::abort();
  }
}

std::string Hex(const LimbVec& v) {
  mpz_t x;
  mpz_init(x);
  mpz_import(x, v.size(), -1, sizeof(mp_limb_t), 0, 0, v.data());
  char* s = mpz_get_str(nullptr, 16, x);
  std::string out(s);
  void (*free_fn)(void*, size_t);
  mp_get_memory_functions(nullptr, nullptr, &free_fn);
  free_fn(s, out.size() + 1);
  mpz_clear(x);
  return out;
}

// LimbsOfParams decodes p and checks the relations between the constants.
struct Decoded {
  LimbVec p, q, r, g;
  bool batch_sound = false;
};

Decoded Decode(const IntegerParams& params) {
  mpz_t p, q, r, g, t;
  mpz_inits(p, q, r, g, t, nullptr);
  SetHex(p, params.p_hex);
  SetHex(q, params.q_hex);
  SetHex(r, params.r_hex);
  SetHex(g, params.g_hex);
  // p − 1 = q·r and g = 2^r mod p  [2.1 §3.1.1]; g^q = 1, g ≠ 1.
  mpz_mul(t, q, r);
  mpz_add_ui(t, t, 1);
  Require(mpz_cmp(t, p) == 0, params.name, "p - 1 = q*r");
  mpz_set_ui(t, 2);
  mpz_powm(t, t, r, p);
  Require(mpz_cmp(t, g) == 0, params.name, "g = 2^r mod p");
  mpz_powm(t, g, q, p);
  Require(mpz_cmp_ui(t, 1) == 0 && mpz_cmp_ui(g, 1) != 0, params.name, "g has order q");
  Require(mpz_odd_p(p) && mpz_sizeinbase(q, 2) <= 256, params.name, "p odd, q < 2^256");
  // Batch membership (integer_group_batch.cc) needs r = 2·r' with r' odd and
  // r' > 2^128 (its primality is spec property 4, checked by the tests), and
  // gcd(q, r) = 1.
  Decoded d;
  mpz_gcd(t, q, r);
  bool coprime = mpz_cmp_ui(t, 1) == 0;
  mpz_fdiv_q_2exp(t, r, 1);
  d.batch_sound = coprime && mpz_even_p(r) && mpz_odd_p(t) && mpz_sizeinbase(t, 2) > 129;
  size_t n = mpz_size(p);
  d.p = LimbsFromMpz(p, n);
  d.q = LimbsFromMpz(q, 4);
  d.r = LimbsFromMpz(r, mpz_size(r));
  d.g = LimbsFromMpz(g, n);
  mpz_clears(p, q, r, g, t, nullptr);
  return d;
}

}  // namespace

std::shared_ptr<const Group> NewIntegerGroupByName(std::string_view name) {
  const IntegerParams* params = IntegerParamsByName(name);
  if (params == nullptr) return nullptr;
  return std::make_shared<IntegerGroup>(*params);
}

static LimbVec PLimbs(const IntegerParams& params) {
  mpz_t p;
  mpz_init(p);
  SetHex(p, params.p_hex);
  LimbVec out = LimbsFromMpz(p, mpz_size(p));
  mpz_clear(p);
  return out;
}

IntegerGroup::IntegerGroup(const IntegerParams& params)
    : name_(params.name), p_limbs_(PLimbs(params)), mont_(p_limbs_.data(), p_limbs_.size()) {
  Decoded d = Decode(params);
  q_limbs_ = std::move(d.q);
  r_limbs_ = std::move(d.r);
  g_limbs_ = std::move(d.g);
  batch_sound_ = d.batch_sound;
  std::copy(q_limbs_.begin(), q_limbs_.end(), field_.q.begin());
  q_bits_ = BitLength(q_limbs_.data(), 4);
  field_.bytes = (q_bits_ + 7) / 8;
  field_.Init();
  element_size_ = (BitLength(p_limbs_.data(), p_limbs_.size()) + 7) / 8;
  // δ = 2^k − q for k = bits(q).
  LimbVec two_k(5, 0), delta(5);
  two_k[q_bits_ / 64] = mp_limb_t{1} << (q_bits_ % 64);
  LimbVec q5(q_limbs_);
  q5.resize(5, 0);
  mpn_sub_n(delta.data(), two_k.data(), q5.data(), 5);
  if (BitLength(delta.data(), 5) <= 32) q_delta_ = delta[0];
  LimbVec tmp = mont_.Scratch();
  auto g = NewRep();
  mont_.ToMont(g->v.data(), g_limbs_.data(), tmp.data());
  generator_ = Wrap(g);
  auto one = NewRep();
  std::copy(mont_.One(), mont_.One() + mont_.n(), one->v.begin());
  identity_ = Wrap(one);
}

namespace {

void AppendLimbsBE(Bytes& out, const mp_limb_t* v, size_t limbs, size_t len) {
  size_t start = out.size();
  out.resize(start + len, 0);
  for (size_t i = 0; i < len && i < 8 * limbs; ++i) {
    out[start + len - 1 - i] = static_cast<uint8_t>(v[i / 8] >> (8 * (i % 8)));
  }
}

}  // namespace

Bytes IntegerGroup::EncodeParameters() const {
  // b(p, lp) ∥ b(q, lq) ∥ b(g, lp)  [2.1 §3.1.2, eq. 4]
  Bytes out;
  AppendLimbsBE(out, p_limbs_.data(), p_limbs_.size(), element_size_);
  AppendLimbsBE(out, q_limbs_.data(), 4, field_.bytes);
  AppendLimbsBE(out, g_limbs_.data(), g_limbs_.size(), element_size_);
  return out;
}

std::string IntegerGroup::Description() const {
  return name_ + ": integer group, order-q subgroup of Z_p^*\n  p = 0x" + Hex(p_limbs_) +
         "\n  q = 0x" + Hex(q_limbs_) + "\n  r = 0x" + Hex(r_limbs_) + "\n  g = 0x" + Hex(g_limbs_) +
         "\n";
}

Bytes IntegerGroup::Order() const {
  Bytes out;
  AppendLimbsBE(out, q_limbs_.data(), 4, field_.bytes);
  return out;
}

Bytes IntegerGroup::EncodeElement(const Element& a) const {
  // b(x, lp): big-endian, exactly lp bytes  [2.1 §5.1.1]
  LimbVec x(mont_.n()), tmp = mont_.Scratch();
  mont_.FromMont(x.data(), MontOf(a), tmp.data());
  Bytes out;
  AppendLimbsBE(out, x.data(), x.size(), element_size_);
  return out;
}

StatusOr<std::shared_ptr<IntegerElementRep>> IntegerGroup::ParseRange(ByteSpan bytes) const {
  if (bytes.size() != element_size_) {
    return InvalidArgumentError(name_ + " element: expected " + std::to_string(element_size_) +
                                " bytes, got " + std::to_string(bytes.size()));
  }
  mp_size_t n = mont_.n();
  LimbVec x(n, 0);
  for (size_t i = 0; i < bytes.size(); ++i) {
    x[i / 8] |= static_cast<mp_limb_t>(bytes[bytes.size() - 1 - i]) << (8 * (i % 8));
  }
  if (mpn_zero_p(x.data(), n)) {
    return InvalidArgumentError(name_ + " element is 0 (expected 0 < x < p)");
  }
  if (mpn_cmp(x.data(), p_limbs_.data(), n) >= 0) {
    return InvalidArgumentError(name_ + " element is not less than p (expected 0 < x < p)");
  }
  auto rep = NewRep();
  LimbVec tmp = mont_.Scratch();
  mont_.ToMont(rep->v.data(), x.data(), tmp.data());
  return rep;
}

StatusOr<Element> IntegerGroup::ParseElement(ByteSpan bytes) const {
  HENHOUSE_ASSIGN_OR_RETURN(auto rep, ParseRange(bytes));
  if (!IsMember(rep->v.data())) {
    return InvalidArgumentError(name_ + " element is not in the order-q subgroup (x^q mod p != 1)");
  }
  return Wrap(rep);
}

Element IntegerGroup::Mul(const Element& a, const Element& b) const {
  auto rep = NewRep();
  LimbVec tmp = mont_.Scratch();
  mont_.Mul(rep->v.data(), MontOf(a), MontOf(b), tmp.data());
  return Wrap(rep);
}

Element IntegerGroup::Div(const Element& a, const Element& b) const {
  // b^-1 by an extended GCD on the plain value (cheaper than b^(q−1)).
  mp_size_t n = mont_.n();
  LimbVec plain(n), tmp = mont_.Scratch();
  mont_.FromMont(plain.data(), MontOf(b), tmp.data());
  mpz_t x, p;
  mpz_init(x);
  mpz_import(x, n, -1, sizeof(mp_limb_t), 0, 0, plain.data());
  mpz_roinit_n(p, p_limbs_.data(), n);
  mpz_invert(x, x, p);
  LimbVec inv = LimbsFromMpz(x, n);
  mpz_clear(x);
  auto rep = NewRep();
  mont_.ToMont(rep->v.data(), inv.data(), tmp.data());
  mont_.Mul(rep->v.data(), rep->v.data(), MontOf(a), tmp.data());
  return Wrap(rep);
}

bool IntegerGroup::Equal(const Element& a, const Element& b) const {
  return mpn_cmp(MontOf(a), MontOf(b), mont_.n()) == 0;
}

bool IntegerGroup::QuadraticResidue(const mp_limb_t* xm) const {
  mp_size_t n = mont_.n();
  LimbVec x(n), tmp = mont_.Scratch();
  mont_.FromMont(x.data(), xm, tmp.data());
  mpz_t xz, pz;
  mpz_roinit_n(xz, x.data(), n);
  mpz_roinit_n(pz, p_limbs_.data(), n);
  return mpz_jacobi(xz, pz) == 1;
}

}  // namespace henhouse::math::internal
