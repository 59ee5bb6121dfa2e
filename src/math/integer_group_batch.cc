// IntegerGroup: several powers of one base from one squaring chain, parsing
// with powers, and batch subgroup membership for ParseElements.
#include <algorithm>

#include "math/integer_group.h"

namespace henhouse::math::internal {
namespace {

constexpr unsigned kChainWindow = 4;

const mp_limb_t* ScalarLimbs(const Scalar& e) {
  return reinterpret_cast<const mp_limb_t*>(e.limbs().data());
}

}  // namespace

void IntegerGroup::EvalBuckets(const LimbVec& chain, size_t chain_len, unsigned w,
                               const mp_limb_t* e, size_t ebits, mp_limb_t* out) const {
  // Bucket method: e = Σ_j d_j·2^(w·j), so x^e = Π_d (B_d)^d with
  // B_d = Π_{j: d_j = d} c_j; Π_d B_d^d is the product of the running
  // products B_max, B_max·B_(max−1), …  (≈ ebits/w + 2^(w+1) multiplications).
  mp_size_t n = mont_.n();
  size_t digits = 1u << w;
  std::vector<MontAccumulator> buckets(digits, MontAccumulator(n));
  LimbVec tmp = mont_.Scratch();
  for (size_t j = 0; j < chain_len && j * w < ebits; ++j) {
    unsigned d = Bits(e, ebits, j * w, w);
    if (d != 0) buckets[d].MulBy(mont_, &chain[j * n], tmp.data());
  }
  MontAccumulator running(n), total(n);
  for (size_t d = digits - 1; d >= 1; --d) {
    if (buckets[d].set) running.MulBy(mont_, buckets[d].v.data(), tmp.data());
    if (running.set) total.MulBy(mont_, running.v.data(), tmp.data());
  }
  const mp_limb_t* r = total.set ? total.v.data() : mont_.One();
  std::copy(r, r + n, out);
}

void IntegerGroup::PowersFromChain(const mp_limb_t* x, std::span<const Scalar> exps,
                                   std::vector<Element>* out, bool* member) const {
  mp_size_t n = mont_.n();
  const unsigned w = kChainWindow;
  size_t ebits = 0;
  for (const Scalar& e : exps) ebits = std::max(ebits, BitLength(ScalarLimbs(e), 4));
  if (member != nullptr) ebits = std::max(ebits, q_bits_);
  if (member == nullptr || q_delta_ != 0) {
    // Large moduli: the same method with OpenSSL's faster Montgomery code.
    std::vector<const mp_limb_t*> e;
    for (const Scalar& s : exps) e.push_back(ScalarLimbs(s));
    std::vector<LimbVec> powers;
    LimbVec a;
    size_t two_power = member != nullptr ? q_bits_ : 0;
    if (mont_.ChainPowers(x, e, ebits, w, two_power, &powers, &a)) {
      for (LimbVec& p : powers) {
        auto rep = NewRep();
        rep->v = std::move(p);
        out->push_back(Wrap(rep));
      }
      if (member != nullptr) {
        // x^q = 1 ⇔ x^(2^k) = x^δ for q = 2^k − δ.
        LimbVec b(n);
        mp_limb_t delta = q_delta_;
        mont_.Pow(b.data(), x, &delta, BitLength(&delta, 1));
        *member = mpn_cmp(a.data(), b.data(), n) == 0;
      }
      return;
    }
  }
  size_t len = std::max<size_t>(1, (ebits + w - 1) / w);
  // c_j = x^(2^(w·j)), j = 0 … len − 1
  LimbVec chain(len * n), tmp = mont_.Scratch();
  std::copy(x, x + n, chain.data());
  for (size_t j = 1; j < len; ++j) mont_.SqrN(&chain[j * n], &chain[(j - 1) * n], w, tmp.data());
  for (const Scalar& e : exps) {
    auto rep = NewRep();
    EvalBuckets(chain, len, w, ScalarLimbs(e), ebits, rep->v.data());
    out->push_back(Wrap(rep));
  }
  if (member == nullptr) return;
  LimbVec a(n), b(n);
  if (q_delta_ != 0) {
    // x^q = 1 ⇔ x^(2^k) = x^δ for q = 2^k − δ; x^(2^k) continues the chain.
    size_t last = len - 1;
    mont_.SqrN(a.data(), &chain[last * n], q_bits_ - w * last, tmp.data());
    mp_limb_t delta = q_delta_;
    mont_.Pow(b.data(), x, &delta, BitLength(&delta, 1));
    *member = mpn_cmp(a.data(), b.data(), n) == 0;
  } else {
    EvalBuckets(chain, len, w, q_limbs_.data(), ebits, a.data());
    *member = mont_.IsOne(a.data());
  }
}

std::vector<Element> IntegerGroup::PowMany(const Element& base,
                                           std::span<const Scalar> exps) const {
  std::vector<Element> out;
  if (exps.size() == 1) {
    out.push_back(PowPublic(base, exps[0]));
    return out;
  }
  PowersFromChain(MontOf(base), exps, &out, nullptr);
  return out;
}

StatusOr<std::vector<Element>> IntegerGroup::ParseElementWithPowers(
    ByteSpan bytes, std::span<const Scalar> exps) const {
  HENHOUSE_ASSIGN_OR_RETURN(auto rep, ParseRange(bytes));
  std::vector<Element> out;
  out.push_back(Wrap(rep));
  bool member = false;
  PowersFromChain(rep->v.data(), exps, &out, &member);
  if (!member) {
    return InvalidArgumentError(name_ + " element is not in the order-q subgroup (x^q mod p != 1)");
  }
  return out;
}

// Batch membership. Z_p^* is cyclic of order p − 1 = q·r with r = 2·r',
// r' an odd prime (spec property 4) and gcd(q, r) = 1, so every x splits
// uniquely as x = y·z with y in the order-q subgroup G_q and z of order
// dividing r. x ∈ G_q ⇔ z = 1.
//  1. The Jacobi symbol (x/p) = 1 says x is a square, i.e. z has no order-2
//     part: z lies in the subgroup of prime order r'.
//  2. For random 128-bit e_i, (Π x_i^(e_i))^q = Π z_i^(q·e_i), which is 1 iff
//     Π z_i^(e_i) = 1 (q is invertible mod r'). Writing z_i = h^(a_i) for a
//     generator h of order r', that means Σ a_i·e_i ≡ 0 (mod r'). If some
//     a_k ≠ 0, then for any fixed other e_i exactly one residue of e_k mod r'
//     passes; as r' > 2^128, at most one of the 2^128 values of e_k does.
// So a batch containing a non-member passes with probability ≤ 2^-128.
// Without step 1 an element −y (z = −1, order 2) would pass whenever its e_i
// is even, i.e. half the time. When r' ≤ 2^129 (toy7, toy32) the argument
// fails and each element is checked on its own.
bool IntegerGroup::BatchMember(const std::vector<Element>& xs, Rng& rng) const {
  std::vector<const mp_limb_t*> bases;
  std::vector<LimbVec> exps(xs.size(), LimbVec(2));
  std::vector<const mp_limb_t*> exp_ptrs;
  for (size_t i = 0; i < xs.size(); ++i) {
    Bytes b = rng.Generate(16);
    for (int k = 0; k < 16; ++k) exps[i][k / 8] |= static_cast<mp_limb_t>(b[k]) << (8 * (k % 8));
    bases.push_back(MontOf(xs[i]));
    exp_ptrs.push_back(exps[i].data());
  }
  LimbVec product(mont_.n());
  MultiPowRaw(bases, exp_ptrs, 128, product.data());
  return IsMember(product.data());
}

StatusOr<std::vector<Element>> IntegerGroup::ParseElements(std::span<const ByteSpan> bytes,
                                                           Rng& rng) const {
  std::vector<Element> out;
  out.reserve(bytes.size());
  Status cheap_failure;  // the first length, range or Jacobi failure
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto rep = ParseRange(bytes[i]);
    if (!rep.ok()) {
      cheap_failure = rep.status();
    } else if (batch_sound_ && !QuadraticResidue((*rep)->v.data())) {
      cheap_failure = InvalidArgumentError(
          name_ + " element is not in the order-q subgroup (not a quadratic residue mod p)");
    }
    if (!cheap_failure.ok()) {
      cheap_failure = cheap_failure.WithContext("element " + std::to_string(i));
      break;
    }
    out.push_back(Wrap(*rep));
  }
  // Elements [0, out.size()) passed the cheap checks; find the first one not
  // in G_q, by the batch test when it is sound and then one by one.
  if (!(batch_sound_ && out.size() > 1 && BatchMember(out, rng))) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (!IsMember(MontOf(out[i]))) {
        return InvalidArgumentError("element " + std::to_string(i) + ": " + name_ +
                                    " element is not in the order-q subgroup (x^q mod p != 1)");
      }
    }
  }
  if (!cheap_failure.ok()) return cheap_failure;
  return out;
}

}  // namespace henhouse::math::internal
