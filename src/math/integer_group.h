// IntegerGroup: the order-q subgroup of Z_p^* [2.1 §3.1.1], for the standard
// 4096-bit parameters and the toy parameters of the spec's Appendix.
// Elements are held in Montgomery form (mont.h). Internal to the math module.
#ifndef HENHOUSE_SRC_MATH_INTEGER_GROUP_H_
#define HENHOUSE_SRC_MATH_INTEGER_GROUP_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "henhouse/math/group.h"
#include "math/mont.h"

namespace henhouse::math::internal {

// IntegerParams are the hex constants of one parameter set.
struct IntegerParams {
  const char* name;
  const char* p_hex;
  const char* q_hex;
  const char* r_hex;  // cofactor r = (p − 1)/q
  const char* g_hex;
};

// IntegerParamsByName returns the constants for "integer4096", "toy7",
// "toy32", "toy48", or nullptr.
const IntegerParams* IntegerParamsByName(std::string_view name);

// NewIntegerGroupByName builds the group (checking p − 1 = q·r, g = 2^r mod p,
// g ≠ 1, g^q = 1; a failed check aborts: the constants are compiled in), or
// returns nullptr for an unknown name.
std::shared_ptr<const Group> NewIntegerGroupByName(std::string_view name);

struct IntegerElementRep final : ElementRep {
  explicit IntegerElementRep(mp_size_t n) : v(n) {}
  LimbVec v;  // Montgomery form
};

struct IntegerFixedRep final : FixedBaseRep {
  // Table j covers exponent bits [shift[j], shift[j] + width[j]) and holds
  // base^(d·2^shift[j]) for d < 2^width[j], in Montgomery form, starting at
  // limb offset[j] + d·n of `entries`.
  std::vector<unsigned> width, shift;
  std::vector<size_t> offset;
  LimbVec entries;
};

class IntegerGroup final : public Group {
 public:
  explicit IntegerGroup(const IntegerParams& params);

  std::string_view Name() const override { return name_; }
  size_t ElementSize() const override { return element_size_; }
  size_t ScalarSize() const override { return field_.bytes; }
  Bytes EncodeParameters() const override;
  std::string Description() const override;
  Element Generator() const override { return generator_; }
  Element Identity() const override { return identity_; }
  StatusOr<Element> ParseElement(ByteSpan bytes) const override;
  StatusOr<std::vector<Element>> ParseElements(std::span<const ByteSpan> bytes,
                                               Rng& rng) const override;
  FixedBase Precompute(const Element& base) const override;
  Element MultiPow(std::span<const Element> bases, std::span<const Scalar> exps) const override;
  std::vector<Element> PowMany(const Element& base, std::span<const Scalar> exps) const override;
  StatusOr<std::vector<Element>> ParseElementWithPowers(
      ByteSpan bytes, std::span<const Scalar> exps) const override;
  Bytes Order() const override;

  Bytes EncodeElement(const Element& a) const override;
  Element Mul(const Element& a, const Element& b) const override;
  Element Div(const Element& a, const Element& b) const override;
  bool Equal(const Element& a, const Element& b) const override;
  Element PowPublic(const Element& base, const Scalar& e) const override;
  Element PowSecret(const Element& base, const SecretScalar& e) const override;
  Element FixedPowPublic(const FixedBaseRep& table, const Scalar& e) const override;
  Element FixedPowSecret(const FixedBase& fixed, const SecretScalar& e) const override;
  Element FixedPowNonce(const FixedBaseRep& table, const SecretScalar& e) const override;
  // The batch forms run the exponentiations side by side, one table entry
  // of each per round, and fetch the next round's entries while this
  // round's products run (FixedPowRounds).
  std::vector<Element> FixedPowNonceMany(const FixedBaseRep& table,
                                         std::span<const SecretScalar> es) const override;
  std::array<std::vector<Element>, 2> FixedPowNonceMany2(
      const FixedBaseRep& a, std::span<const SecretScalar> es_a, const FixedBaseRep& b,
      std::span<const SecretScalar> es_b) const override;
  const ScalarField& Field() const override { return field_; }

  // For tests and benchmarks.
  const Mont& mont() const { return mont_; }
  size_t QBits() const { return q_bits_; }
  // BatchMembershipSound reports whether ParseElements uses the batch test
  // (see integer_group_batch.cc); otherwise it checks each element.
  bool BatchMembershipSound() const { return batch_sound_; }
  // MontOf returns an element's Montgomery limbs.
  static const mp_limb_t* MontOf(const Element& e) {
    return static_cast<const IntegerElementRep*>(e.rep())->v.data();
  }
  Element Wrap(std::shared_ptr<IntegerElementRep> rep) const { return MakeElement(std::move(rep)); }
  std::shared_ptr<IntegerElementRep> NewRep() const {
    return std::make_shared<IntegerElementRep>(mont_.n());
  }

 private:
  // FixedPowRounds appends base_k^e_k to out for the table and exponent
  // limbs of each job k: per job one table entry per non-zero digit, the
  // walks interleaved (FixedPowPublic is the one-job case).
  struct FixedPowJob {
    const IntegerFixedRep* table;
    const mp_limb_t* exponent;
  };
  void FixedPowRounds(std::span<const FixedPowJob> jobs, std::vector<Element>* out) const;

  // ParseRange decodes bytes into Montgomery form after the length and
  // 0 < x < p checks (no subgroup check).
  StatusOr<std::shared_ptr<IntegerElementRep>> ParseRange(ByteSpan bytes) const;
  // IsMember reports x^q = 1 for x in Montgomery form.
  bool IsMember(const mp_limb_t* x) const;
  // QuadraticResidue reports Jacobi(x/p) = 1 for x in Montgomery form.
  bool QuadraticResidue(const mp_limb_t* x) const;
  bool BatchMember(const std::vector<Element>& xs, Rng& rng) const;
  FixedBase BuildTable(const Element& base) const;
  // MultiPowRaw sets out = Π bases[i]^exps[i] (mont limbs; exponents of at
  // most `ebits` bits, little-endian limbs).
  void MultiPowRaw(const std::vector<const mp_limb_t*>& bases,
                   const std::vector<const mp_limb_t*>& exps, size_t ebits, mp_limb_t* out) const;
  // EvalBuckets sets out = x^e from the chain c_j = x^(2^(w·j)).
  void EvalBuckets(const LimbVec& chain, size_t chain_len, unsigned w, const mp_limb_t* e,
                   size_t ebits, mp_limb_t* out) const;
  // PowersFromChain appends x^e for each e to *out, sharing one squaring
  // chain; with `member` non-null it also sets *member = (x^q = 1).
  void PowersFromChain(const mp_limb_t* x, std::span<const Scalar> exps,
                       std::vector<Element>* out, bool* member) const;

  std::string name_;
  LimbVec p_limbs_, q_limbs_, r_limbs_, g_limbs_;
  Mont mont_;
  ScalarField field_;
  size_t element_size_;
  size_t q_bits_;
  // q = 2^q_bits_ − q_delta_ when q_delta_ < 2^32 (all built-in groups), which
  // turns x^q = 1 into x^(2^k) = x^δ; zero otherwise.
  uint64_t q_delta_ = 0;
  bool batch_sound_ = false;
  Element generator_, identity_;
  mutable std::once_flag generator_table_once_;
  mutable FixedBase generator_table_;
};

}  // namespace henhouse::math::internal

#endif  // HENHOUSE_SRC_MATH_INTEGER_GROUP_H_
