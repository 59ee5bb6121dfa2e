// Montgomery arithmetic modulo an odd n-limb modulus p on GMP mpn limbs.
// Internal to the math module (the benchmark uses it to time one
// multiplication). All values are n-limb little-endian arrays < p; "mont"
// values hold x·R mod p with R = 2^(64n). Variable-time: public data only
// (secret exponents go through mpn_sec_powm in IntegerGroup::PowSecret).
//
// Single multiplications (Mul, fixed-base tables) use mpn_mul_n + our
// reduction. For moduli of 16 limbs or more, the exponentiation loops (Pow,
// SqrN, ChainPowers, MultiPowDigits) run in OpenSSL BIGNUMs with
// BN_mod_mul_montgomery instead: its assembly squaring is about 30% faster
// than mpn_sqr plus reduction at 4096 bits, its multiplication about 10%,
// and a value crosses between the two representations only at the start
// and end of a loop (a conversion costs about a fifth of a multiplication).
// Both use R = 2^(64n), so Montgomery values are the same numbers in both.
#ifndef HENHOUSE_SRC_MATH_MONT_H_
#define HENHOUSE_SRC_MATH_MONT_H_

#include <gmp.h>
#include <openssl/bn.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace henhouse::math::internal {

using LimbVec = std::vector<mp_limb_t>;

class Mont {
 public:
  // REQUIRES: p odd, p > 1, `n` = limb count of p (top limb nonzero).
  Mont(const mp_limb_t* p, mp_size_t n);
  ~Mont();
  Mont(const Mont&) = delete;
  Mont& operator=(const Mont&) = delete;

  mp_size_t n() const { return n_; }
  const mp_limb_t* p() const { return p_.data(); }
  // One returns R mod p, the Montgomery form of 1.
  const mp_limb_t* One() const { return one_.data(); }

  // Scratch is the temporary space every operation below needs: 2n limbs.
  LimbVec Scratch() const { return LimbVec(2 * n_); }

  // Mul sets r = a·b·R^-1 mod p. r may alias a or b; tmp has 2n limbs.
  void Mul(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b, mp_limb_t* tmp) const {
    mpn_mul_n(tmp, a, b, n_);
    Redc(r, tmp);
  }
  // Sqr sets r = a²·R^-1 mod p.
  void Sqr(mp_limb_t* r, const mp_limb_t* a, mp_limb_t* tmp) const {
    mpn_sqr(tmp, a, n_);
    Redc(r, tmp);
  }
  // Redc sets r = t·R^-1 mod p for t < p·R (2n limbs, destroyed).
  void Redc(mp_limb_t* r, mp_limb_t* t) const;
  void ToMont(mp_limb_t* r, const mp_limb_t* a, mp_limb_t* tmp) const { Mul(r, a, rr_.data(), tmp); }
  void FromMont(mp_limb_t* r, const mp_limb_t* a, mp_limb_t* tmp) const;
  // ToMontConstTime is ToMont with no branch or memory index depending on a
  // (mpn_sec_mul and a branch-free final subtraction), for values derived
  // from secrets.
  void ToMontConstTime(mp_limb_t* r, const mp_limb_t* a) const;
  bool IsOne(const mp_limb_t* a) const { return mpn_cmp(a, one_.data(), n_) == 0; }

  // Pow sets r = a^e (mont in, mont out) for a public exponent of `ebits`
  // bits (little-endian 64-bit limbs), by left-to-right sliding windows.
  void Pow(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* e, size_t ebits) const;
  // ChainPowers sets (*out)[i] = x^(exps[i]) (exponents of at most `ebits`
  // bits) by the bucket method over the chain x^(2^(w·j)), and, when
  // `two_power` > 0, *x_two_power = x^(2^two_power), continuing the chain.
  // It keeps every intermediate value in OpenSSL BIGNUMs (no conversion per
  // step) and returns false, doing nothing, for moduli below the size where
  // OpenSSL is used. All values in Montgomery form.
  bool ChainPowers(const mp_limb_t* x, const std::vector<const mp_limb_t*>& exps, size_t ebits,
                   unsigned w, size_t two_power, std::vector<LimbVec>* out,
                   LimbVec* x_two_power) const;
  // MultiPowDigits sets out = Π bases[b]^(e_b) where digits[b][i] is the odd
  // sliding-window digit (< 2^w, 0 = none) of e_b at bit i (SlidingDigits),
  // by interleaved left-to-right exponentiation in OpenSSL BIGNUMs. Returns
  // false, doing nothing, for moduli below the size where OpenSSL is used.
  bool MultiPowDigits(const std::vector<const mp_limb_t*>& bases,
                      const std::vector<std::vector<uint16_t>>& digits, unsigned w,
                      mp_limb_t* out) const;
  // SqrN squares `a` k times into r (r may alias a); through OpenSSL for
  // large moduli (see the file comment).
  void SqrN(mp_limb_t* r, const mp_limb_t* a, size_t k, mp_limb_t* tmp) const;

 private:
  mp_size_t n_;
  LimbVec p_;
  LimbVec rr_;   // R² mod p
  LimbVec one_;  // R mod p
  mp_limb_t n0inv_;  // −p^-1 mod 2^64
  BN_MONT_CTX* bn_mont_ = nullptr;  // for SqrN on large moduli; read-only after construction
};

// MontAccumulator is a product being built; `set` is false while it is still 1.
struct MontAccumulator {
  explicit MontAccumulator(mp_size_t n) : v(n) {}
  void MulBy(const Mont& m, const mp_limb_t* x, mp_limb_t* tmp) {
    if (set) {
      m.Mul(v.data(), v.data(), x, tmp);
    } else {
      std::copy(x, x + m.n(), v.begin());
      set = true;
    }
  }
  LimbVec v;
  bool set = false;
};

// Bit returns bit i of the little-endian limbs e.
inline unsigned Bit(const mp_limb_t* e, size_t i) { return (e[i / 64] >> (i % 64)) & 1; }
// Bits returns the `len` (≤ 32) bits of e starting at bit i (zero beyond ebits).
unsigned Bits(const mp_limb_t* e, size_t ebits, size_t i, unsigned len);
// SlidingDigits returns, for each bit position i < ebits, the odd digit
// (< 2^w) of e's left-to-right sliding-window decomposition that ends at
// bit i, or 0.
std::vector<uint16_t> SlidingDigits(const mp_limb_t* e, size_t ebits, unsigned w);
// BitLength returns the index of the highest set bit + 1 (0 for zero).
size_t BitLength(const mp_limb_t* e, size_t limbs);

}  // namespace henhouse::math::internal

#endif  // HENHOUSE_SRC_MATH_MONT_H_
