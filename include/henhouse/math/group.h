// The group interface: ElectionGuard 2.1 written once against a prime-order
// group, instantiated as the spec's integer group (integer4096, §3.1.1), NIST
// P-256 (p256), and small toy integer groups for fast tests (spec Appendix).
//
// Notation follows the spec: the group operation is written multiplicatively
// (a * b, a.Pow(e)) even for P-256, where it is point addition.
//
// Validity by construction: an Element is always a member of the order-q
// subgroup (ParseElement checks), a Scalar is always in [0, q).
#ifndef HENHOUSE_MATH_GROUP_H_
#define HENHOUSE_MATH_GROUP_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/secret.h"
#include "henhouse/base/status.h"

namespace henhouse::math {

class Group;

// Scalar is a public integer modulo the group order q. Values are at most 256
// bits (both q's are 256-bit; toy groups are smaller). A default-constructed
// Scalar belongs to no group and may only be assigned to.
class Scalar {
 public:
  Scalar() = default;

  const Group* group() const { return group_; }
  // Encode returns b(x, lq): big-endian, exactly Group::ScalarSize() bytes.
  Bytes Encode() const;
  bool IsZero() const;
  // ToU64 returns the value if it fits in 64 bits (INVALID_ARGUMENT otherwise).
  StatusOr<uint64_t> ToU64() const;

  friend Scalar operator+(const Scalar& a, const Scalar& b);
  friend Scalar operator-(const Scalar& a, const Scalar& b);
  friend Scalar operator*(const Scalar& a, const Scalar& b);
  friend Scalar operator-(const Scalar& a);
  friend bool operator==(const Scalar& a, const Scalar& b);
  // Inverse returns a^-1 mod q. REQUIRES: !IsZero().
  Scalar Inverse() const;

  // Limbs, little-endian 64-bit words. For group implementations.
  const std::array<uint64_t, 4>& limbs() const { return limbs_; }

 private:
  friend class Group;
  Scalar(const Group* g, const std::array<uint64_t, 4>& limbs) : group_(g), limbs_(limbs) {}
  const Group* group_ = nullptr;
  std::array<uint64_t, 4> limbs_{};
};

// SecretScalar is a secret integer modulo q (a key, share, polynomial
// coefficient or nonce): move-only, wiped on destruction, never printed.
// Its arithmetic is constant-time. It leaves its type only through
// Reveal(SecretAccess) — e.g. a proof response v = u − c·ξ, which is public.
class SecretScalar {
 public:
  SecretScalar() = default;
  ~SecretScalar();
  SecretScalar(SecretScalar&& other) noexcept;
  SecretScalar& operator=(SecretScalar&& other) noexcept;
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;

  const Group* group() const { return group_; }
  // Copy makes an explicit duplicate.
  SecretScalar Copy() const;
  // Reveal returns the value as a public Scalar.
  Scalar Reveal(SecretAccess) const;
  // EncodeSecret returns b(x, lq) in a wiped buffer, for the one file meant to
  // hold it or for hashing into a KDF.
  SecretBytes EncodeSecret(SecretAccess) const;

  // Constant-time arithmetic mod q; mixed public/secret operands give secrets.
  friend SecretScalar operator+(const SecretScalar& a, const SecretScalar& b);
  friend SecretScalar operator+(const SecretScalar& a, const Scalar& b);
  friend SecretScalar operator-(const SecretScalar& a, const SecretScalar& b);
  friend SecretScalar operator*(const SecretScalar& a, const SecretScalar& b);
  friend SecretScalar operator*(const Scalar& a, const SecretScalar& b);
  friend SecretScalar operator-(const SecretScalar& a);

  const std::array<uint64_t, 4>& limbs(SecretAccess) const { return limbs_; }

 private:
  friend class Group;
  SecretScalar(const Group* g, const std::array<uint64_t, 4>& limbs) : group_(g), limbs_(limbs) {}
  const Group* group_ = nullptr;
  std::array<uint64_t, 4> limbs_{};
};

// ElementRep is a group implementation's private representation.
struct ElementRep {
  virtual ~ElementRep() = default;
};

// Element is a public member of the order-q subgroup. Immutable; copies share
// the representation. A default-constructed Element belongs to no group.
class Element {
 public:
  Element() = default;
  const Group* group() const { return group_; }
  // Encode returns the canonical fixed-length encoding (Group::ElementSize()
  // bytes): b(x, lp) for integer groups [2.1 §5.1.1]; for p256 the 33-byte
  // compressed SEC1 point, and 33 zero bytes for the identity.
  Bytes Encode() const;

  friend Element operator*(const Element& a, const Element& b);
  friend Element operator/(const Element& a, const Element& b);
  friend bool operator==(const Element& a, const Element& b);
  // Pow with a public exponent uses the fastest path (sliding window).
  Element Pow(const Scalar& e) const;
  // Pow with a secret exponent is constant-time in the exponent.
  Element Pow(const SecretScalar& e) const;
  // PowSmall raises to a small public integer (K^σ, K^t).
  Element PowSmall(uint64_t e) const;
  Element Inverse() const;
  bool IsIdentity() const;

  const ElementRep* rep() const { return rep_.get(); }

 private:
  friend class Group;
  Element(const Group* g, std::shared_ptr<const ElementRep> rep)
      : group_(g), rep_(std::move(rep)) {}
  const Group* group_ = nullptr;
  std::shared_ptr<const ElementRep> rep_;
};

// FixedBaseRep is a group implementation's precomputed table.
struct FixedBaseRep {
  virtual ~FixedBaseRep() = default;
};

// FixedBase holds a precomputed table for a long-lived base (g, an election
// key K). Built once per election, then shared read-only across threads.
class FixedBase {
 public:
  FixedBase() = default;
  const Element& base() const { return base_; }
  // Pow with a public exponent uses the table (fastest path).
  Element Pow(const Scalar& e) const;
  // Pow with a secret exponent is constant-time: for p256 the table is
  // scanned in constant time; for integer groups it is Element::Pow(secret)
  // (mpn_sec_powm), since a constant-time scan of a large table costs more
  // than it saves. Use it for long-term secrets (keys, shares, coefficients).
  Element Pow(const SecretScalar& e) const;
  // PowNonce uses the fast table for a per-ballot encryption nonce: on
  // integer groups its memory access pattern depends on the exponent. Only
  // ballot-encryption nonces use it; the rationale (the device that holds the
  // nonce holds the plaintext vote too) is in docs/security.md.
  Element PowNonce(const SecretScalar& e) const;
  // PowNonceMany returns PowNonce of each exponent; p256 reads each row of
  // the table once for all of them (the constant-time scan dominates memory
  // traffic), integer groups compute them one by one.
  std::vector<Element> PowNonceMany(std::span<const SecretScalar> es) const;
  // PowNonceManyWith returns {PowNonceMany(es), other.PowNonceMany(other_es)}
  // (g's and K's powers in an encryption); p256 computes both in one pass,
  // the additions of the two bases interleaved. A base of another group
  // gets its own pass. REQUIRES (as PowNonceMany): each exponent belongs to
  // its base's group.
  std::array<std::vector<Element>, 2> PowNonceManyWith(
      std::span<const SecretScalar> es, const FixedBase& other,
      std::span<const SecretScalar> other_es) const;

  // rep returns the implementation's table. For group implementations.
  const FixedBaseRep* rep() const { return rep_.get(); }

 private:
  friend class Group;
  FixedBase(Element base, std::shared_ptr<const FixedBaseRep> rep)
      : base_(std::move(base)), rep_(std::move(rep)) {}
  Element base_;
  std::shared_ptr<const FixedBaseRep> rep_;
};

// Group is implemented by IntegerGroup (integer4096 and toy groups) and
// P256Group. Instances are immutable and thread-safe; obtain them with
// GroupByName and keep the shared_ptr alive while its values are used.
class Group {
 public:
  virtual ~Group() = default;

  // Name is "integer4096", "p256", or "toy<bits>" for a toy group.
  virtual std::string_view Name() const = 0;
  // ElementSize is lp: the byte length of an encoded element (512 or 33).
  virtual size_t ElementSize() const = 0;
  // ScalarSize is lq: the byte length of an encoded scalar (32 for both
  // production groups).
  virtual size_t ScalarSize() const = 0;
  // EncodeParameters returns the bytes hashed into H_P after the 0x00
  // separation byte [2.1 §3.1.2, eq. 4]: b(p,lp) ∥ b(q,lq) ∥ b(g,lp) for
  // integer groups; for p256 see docs/formats.md.
  virtual Bytes EncodeParameters() const = 0;
  // Description is a human-readable summary of p, q, g (hex), for `params`.
  virtual std::string Description() const = 0;

  // --- Elements -------------------------------------------------------
  virtual Element Generator() const = 0;
  virtual Element Identity() const = 0;
  // ParseElement checks length, range and subgroup membership. The error
  // (INVALID_ARGUMENT) says which check failed, e.g. "element is not in the
  // order-q subgroup" or "point is not on the curve".
  virtual StatusOr<Element> ParseElement(ByteSpan bytes) const = 0;
  // ParseElements parses many elements and checks subgroup membership in a
  // batch (random-exponent product test, after a Jacobi-symbol check for
  // integer groups), which is much cheaper than one check each. On failure
  // the error names the index of the first bad element (exactly, by falling
  // back to per-element checks).
  virtual StatusOr<std::vector<Element>> ParseElements(std::span<const ByteSpan> bytes,
                                                       Rng& rng) const = 0;
  // Precompute builds a fixed-base table for `base`.
  virtual FixedBase Precompute(const Element& base) const = 0;
  // MultiPow returns Π bases[i]^exps[i] by simultaneous exponentiation.
  // REQUIRES: bases.size() == exps.size().
  virtual Element MultiPow(std::span<const Element> bases,
                           std::span<const Scalar> exps) const = 0;
  // PowMany returns [base^exps[0], base^exps[1], ...] sharing one squaring
  // chain (e.g. α^c0 and α^c1 of a range proof).
  virtual std::vector<Element> PowMany(const Element& base,
                                       std::span<const Scalar> exps) const = 0;
  // ParseElementWithPowers parses one element with full validation and also
  // returns its powers [x, x^exps[0], ...]; for integer groups the subgroup
  // check x^q = 1 shares the squaring chain with the powers.
  virtual StatusOr<std::vector<Element>> ParseElementWithPowers(
      ByteSpan bytes, std::span<const Scalar> exps) const = 0;
  // PowManyTimesFixed returns [base^exps[i] · F^fixed_exps[i] for each i],
  // F = fixed.base(): the commitments g^(v_j)·α^(c_j) of a Chaum–Pedersen
  // or range proof. The default is PowMany, fixed.Pow and Mul; p256 adds
  // F's powers inside base's doubling chain. REQUIRES: equal sizes.
  virtual std::vector<Element> PowManyTimesFixed(const Element& base,
                                                 std::span<const Scalar> exps,
                                                 const FixedBase& fixed,
                                                 std::span<const Scalar> fixed_exps) const;
  // ParseElementWithProducts is ParseElementWithPowers followed by the
  // products of PowManyTimesFixed: [x, x^exps[0]·F^fixed_exps[0], …]. For
  // integer groups the subgroup check still shares x's squaring chain.
  virtual StatusOr<std::vector<Element>> ParseElementWithProducts(
      ByteSpan bytes, std::span<const Scalar> exps, const FixedBase& fixed,
      std::span<const Scalar> fixed_exps) const;
  // PowManyTimesFixedTwo is PowManyTimesFixed for two bases at once (ᾱ and
  // β̄ of a contest's limit proof): {first's products, second's}. The default
  // runs them one after the other; p256 builds the two bases' tables side by
  // side. REQUIRES: in each, equal sizes.
  virtual std::array<std::vector<Element>, 2> PowManyTimesFixedTwo(
      const Element& base0, std::span<const Scalar> exps0, const FixedBase& fixed0,
      std::span<const Scalar> fixed_exps0, const Element& base1, std::span<const Scalar> exps1,
      const FixedBase& fixed1, std::span<const Scalar> fixed_exps1) const;
  // ProductsQuery is the arguments of one ParseElementWithProducts.
  struct ProductsQuery {
    ByteSpan bytes;
    std::span<const Scalar> exps;
    const FixedBase* fixed;
    std::span<const Scalar> fixed_exps;
  };
  // ParseTwoWithProducts is ParseElementWithProducts for two elements (α and
  // β of an encryption), each with its own result. The default runs them one
  // after the other; p256 builds the two elements' tables side by side.
  virtual std::array<StatusOr<std::vector<Element>>, 2> ParseTwoWithProducts(
      const ProductsQuery& first, const ProductsQuery& second) const;

  // --- Scalars --------------------------------------------------------
  // ParseScalar requires exactly ScalarSize() bytes encoding a value < q.
  StatusOr<Scalar> ParseScalar(ByteSpan bytes) const;
  // ScalarFromHash reduces a 32-byte hash output mod q: H_q [2.1 §5.4, eq. 132].
  Scalar ScalarFromHash(ByteSpan hash32) const;
  // ScalarFromBytesReduced reduces any big-endian byte string mod q.
  Scalar ScalarFromBytesReduced(ByteSpan bytes) const;
  Scalar ScalarFromU64(uint64_t v) const;
  Scalar RandomScalar(Rng& rng) const;
  SecretScalar RandomSecretScalar(Rng& rng) const;
  // SecretFromHash reduces a 32-byte secret hash output mod q (derived nonces).
  SecretScalar SecretFromHash(ByteSpan hash32) const;
  // ParseSecretScalar reads b(x, lq) from a secret file's bytes.
  StatusOr<SecretScalar> ParseSecretScalar(ByteSpan bytes) const;
  // Order returns q as ScalarSize() big-endian bytes.
  virtual Bytes Order() const = 0;

  // For implementations: construct values and reach their representation.
  Scalar MakeScalar(const std::array<uint64_t, 4>& limbs) const { return Scalar(this, limbs); }
  SecretScalar MakeSecretScalar(const std::array<uint64_t, 4>& limbs) const {
    return SecretScalar(this, limbs);
  }
  Element MakeElement(std::shared_ptr<const ElementRep> rep) const {
    return Element(this, std::move(rep));
  }
  FixedBase MakeFixedBase(const Element& base, std::shared_ptr<const FixedBaseRep> rep) const {
    return FixedBase(base, std::move(rep));
  }

  // EncodeElements returns xs[i].Encode() for every i, sharing work where
  // the group can: for p256 one field inversion converts all the points to
  // affine coordinates (about the cost of one single encoding). The
  // encodings are also remembered by the elements, as Encode() does.
  virtual std::vector<Bytes> EncodeElements(std::span<const Element> xs) const;
  // EncodeElementsInto writes the same encodings one after another into out
  // (xs.size() · ElementSize() bytes), without a Bytes per element: the
  // proofs hash them as one run of bytes. An out of any other size is a
  // programming error: the process stops with a message (never a write past
  // the buffer).
  void EncodeElementsInto(std::span<const Element> xs, std::span<uint8_t> out) const;

  // Element operations used by Element's methods.
  virtual Bytes EncodeElement(const Element& a) const = 0;
  virtual Element Mul(const Element& a, const Element& b) const = 0;
  virtual Element Div(const Element& a, const Element& b) const = 0;
  virtual bool Equal(const Element& a, const Element& b) const = 0;
  virtual Element PowPublic(const Element& base, const Scalar& e) const = 0;
  virtual Element PowSecret(const Element& base, const SecretScalar& e) const = 0;
  virtual Element FixedPowPublic(const FixedBaseRep& table, const Scalar& e) const = 0;
  virtual Element FixedPowSecret(const FixedBase& fixed, const SecretScalar& e) const = 0;
  virtual Element FixedPowNonce(const FixedBaseRep& table, const SecretScalar& e) const = 0;
  // FixedPowNonceMany is FixedPowNonce for each exponent (the default loops).
  virtual std::vector<Element> FixedPowNonceMany(const FixedBaseRep& table,
                                                 std::span<const SecretScalar> es) const;
  // FixedPowNonceMany2 is FixedPowNonceMany on two tables (the default
  // calls it twice).
  virtual std::array<std::vector<Element>, 2> FixedPowNonceMany2(
      const FixedBaseRep& a, std::span<const SecretScalar> es_a, const FixedBaseRep& b,
      std::span<const SecretScalar> es_b) const;

  // Scalar field arithmetic mod q, constant-time (used by Scalar and
  // SecretScalar operators). Implemented once in group.cc from Order().
  virtual const struct ScalarField& Field() const = 0;

 protected:
  // EncodeElementsUnchecked is EncodeElementsInto once the size of out is
  // checked (the default copies EncodeElements' results).
  virtual void EncodeElementsUnchecked(std::span<const Element> xs, std::span<uint8_t> out) const;
};

// ScalarField is arithmetic modulo a prime q < 2^256 on 4-limb values.
// All operations are constant-time in their operands.
struct ScalarField {
  std::array<uint64_t, 4> q{};
  size_t bytes = 32;  // lq
  // Montgomery constants for Mul, set by Init() once q is set: −q^-1 mod
  // 2^64 and R² mod q for R = 2^256. Before Init, Mul takes GMP's slower
  // mpn_sec_mul / mpn_sec_div_r path.
  uint64_t q_inv_neg = 0;
  std::array<uint64_t, 4> r2{};
  void Init();
  std::array<uint64_t, 4> Add(const std::array<uint64_t, 4>& a,
                              const std::array<uint64_t, 4>& b) const;
  std::array<uint64_t, 4> Sub(const std::array<uint64_t, 4>& a,
                              const std::array<uint64_t, 4>& b) const;
  std::array<uint64_t, 4> Mul(const std::array<uint64_t, 4>& a,
                              const std::array<uint64_t, 4>& b) const;
  std::array<uint64_t, 4> Inverse(const std::array<uint64_t, 4>& a) const;
  // Reduce reduces a big-endian byte string of any length mod q.
  std::array<uint64_t, 4> Reduce(ByteSpan big_endian) const;
};

// GroupByName returns "integer4096", "p256", or a toy integer group from the
// spec's Appendix: "toy7" (q 7-bit, p 16-bit), "toy32" (q 32-bit, p 128-bit),
// "toy48" (q 48-bit, p 192-bit). The same instance is returned each time.
// INVALID_ARGUMENT names the accepted names.
StatusOr<std::shared_ptr<const Group>> GroupByName(std::string_view name);

}  // namespace henhouse::math

#endif  // HENHOUSE_MATH_GROUP_H_
