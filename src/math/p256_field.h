// Arithmetic in the P-256 base field GF(p), p = 2^256 − 2^224 + 2^192 + 2^96 − 1
// (FIPS 186-4 D.1.2.3), on four 64-bit limbs in Montgomery form (R = 2^256).
// Internal to the math module.
//
// Contracts: every Fe handed to these functions is fully reduced (< p) and
// every result is. Add, Sub, Neg, Mul and Sqr have no data-dependent branches
// or memory indices (they may be used on secret data); Inv and Sqrt are
// fixed exponentiations and also branch-free; FeIsZero/FeEqual return bools
// (callers on secret data must not branch on them).
#ifndef HENHOUSE_SRC_MATH_P256_FIELD_H_
#define HENHOUSE_SRC_MATH_P256_FIELD_H_

#include <array>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace henhouse::math::internal::p256 {

using Fe = std::array<uint64_t, 4>;
using u128 = unsigned __int128;

inline constexpr Fe kP = {0xFFFFFFFFFFFFFFFFull, 0x00000000FFFFFFFFull, 0,
                          0xFFFFFFFF00000001ull};
// R mod p (Montgomery form of 1) and R^2 mod p.
inline constexpr Fe kOne = {1, 0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFFFull,
                            0x00000000FFFFFFFEull};
inline constexpr Fe kR2 = {3, 0xFFFFFFFBFFFFFFFFull, 0xFFFFFFFFFFFFFFFEull,
                           0x00000004FFFFFFFDull};

// Mac returns a·b + c + d split into (lo, hi); it cannot overflow 128 bits.
// AddC / SubB add or subtract with a carry / borrow bit (0 or 1). On x86-64
// they use the carry-flag intrinsics: GCC spills 128-bit sums to the stack.
#if defined(__x86_64__)
inline uint64_t AddC(uint64_t a, uint64_t b, uint64_t& carry) {
  unsigned long long out;
  carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &out);
  return out;
}
inline uint64_t SubB(uint64_t a, uint64_t b, uint64_t& borrow) {
  unsigned long long out;
  borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &out);
  return out;
}
#else
inline uint64_t AddC(uint64_t a, uint64_t b, uint64_t& carry) {
  const u128 t = static_cast<u128>(a) + b + carry;
  carry = static_cast<uint64_t>(t >> 64);
  return static_cast<uint64_t>(t);
}
inline uint64_t SubB(uint64_t a, uint64_t b, uint64_t& borrow) {
  const u128 t = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<uint64_t>(t >> 64) & 1;
  return static_cast<uint64_t>(t);
}
#endif
inline uint64_t Mac(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t& hi) {
  const u128 p = static_cast<u128>(a) * b;
  uint64_t lo = static_cast<uint64_t>(p);
  hi = static_cast<uint64_t>(p >> 64);
  uint64_t k = 0;
  lo = AddC(lo, c, k);
  hi += k;
  k = 0;
  lo = AddC(lo, d, k);
  hi += k;
  return lo;
}

// CondSubP subtracts p from (hi:a) when that is non-negative, branch-free.
inline void CondSubP(Fe& r, const Fe& a, uint64_t hi) {
  uint64_t b = 0;
  const uint64_t t0 = SubB(a[0], kP[0], b);
  const uint64_t t1 = SubB(a[1], kP[1], b);
  const uint64_t t2 = SubB(a[2], kP[2], b);
  const uint64_t t3 = SubB(a[3], kP[3], b);
  SubB(hi, 0, b);
  // b = 1: (hi:a) < p, keep a.
  const uint64_t keep = 0 - b;
  r[0] = (a[0] & keep) | (t0 & ~keep);
  r[1] = (a[1] & keep) | (t1 & ~keep);
  r[2] = (a[2] & keep) | (t2 & ~keep);
  r[3] = (a[3] & keep) | (t3 & ~keep);
}

inline void FeAdd(Fe& r, const Fe& a, const Fe& b) {
  uint64_t c = 0;
  Fe s;
  s[0] = AddC(a[0], b[0], c);
  s[1] = AddC(a[1], b[1], c);
  s[2] = AddC(a[2], b[2], c);
  s[3] = AddC(a[3], b[3], c);
  CondSubP(r, s, c);
}

// FeSubPortable returns a − b mod p (FeSub below picks the version).
inline void FeSubPortable(Fe& r, const Fe& a, const Fe& b) {
  uint64_t borrow = 0;
  const uint64_t d0 = SubB(a[0], b[0], borrow);
  const uint64_t d1 = SubB(a[1], b[1], borrow);
  const uint64_t d2 = SubB(a[2], b[2], borrow);
  const uint64_t d3 = SubB(a[3], b[3], borrow);
  // Add p back when the subtraction borrowed.
  const uint64_t mask = 0 - borrow;
  uint64_t c = 0;
  r[0] = AddC(d0, kP[0] & mask, c);
  r[1] = AddC(d1, kP[1] & mask, c);
  r[2] = AddC(d2, kP[2] & mask, c);
  r[3] = AddC(d3, kP[3] & mask, c);
}


// FeHalf returns a/2 mod p: a + p when a is odd (then even), shifted right
// by one bit with the carry as the new top bit. Branch-free.
inline void FeHalf(Fe& r, const Fe& a) {
  const uint64_t mask = 0 - (a[0] & 1);
  uint64_t c = 0;
  const uint64_t s0 = AddC(a[0], kP[0] & mask, c);
  const uint64_t s1 = AddC(a[1], kP[1] & mask, c);
  const uint64_t s2 = AddC(a[2], kP[2] & mask, c);
  const uint64_t s3 = AddC(a[3], kP[3] & mask, c);
  r[0] = (s0 >> 1) | (s1 << 63);
  r[1] = (s1 >> 1) | (s2 << 63);
  r[2] = (s2 >> 1) | (s3 << 63);
  r[3] = (s3 >> 1) | (c << 63);
}

// MontRound is one Montgomery reduction step on the 4-limb window
// (w0, w1, w2, w3): with m = w0 (−p^-1 ≡ 1 mod 2^64 because p ≡ −1 mod
// 2^64) it sets the window to (w + m·p)/2^64, rotated: the new limbs are
// (w1, w2, w3, w0). m·p0 + w0 = m·2^64 and m·p1·2^64 + m·2^64 = m·2^96, so
// only m·2^32 one limb up and m·p3 three limbs up remain (p2 = 0). The
// value stays below 2^256.
inline void MontRound(uint64_t& w0, uint64_t& w1, uint64_t& w2, uint64_t& w3) {
  const uint64_t m = w0;
  uint64_t k = 0, hi;
  w1 = AddC(w1, m << 32, k);
  w2 = AddC(w2, m >> 32, k);
  w3 = Mac(m, kP[3], w3, k, hi);
  w0 = hi;
}

// MontReduce returns (t0..t7)·R^-1 mod p for a product t < p²: four rounds
// reduce the low half L to (L + m·p)/R ≤ p, then the high half (< p) is
// added and p subtracted once if needed.
inline void MontReduce(Fe& r, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4,
                       uint64_t t5, uint64_t t6, uint64_t t7) {
  MontRound(t0, t1, t2, t3);
  MontRound(t1, t2, t3, t0);
  MontRound(t2, t3, t0, t1);
  MontRound(t3, t0, t1, t2);
  uint64_t k = 0;
  t0 = AddC(t0, t4, k);
  t1 = AddC(t1, t5, k);
  t2 = AddC(t2, t6, k);
  t3 = AddC(t3, t7, k);
  CondSubP(r, Fe{t0, t1, t2, t3}, k);
}

// FeMulPortable returns a·b·R^-1 mod p (schoolbook product, then
// MontReduce). FeMul below is the same function; on x86-64 it is written
// in assembly, and the tests cross-check the two.
inline void FeMulPortable(Fe& r, const Fe& a, const Fe& b) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c;
  t0 = Mac(a[0], b[0], 0, 0, c);
  t1 = Mac(a[0], b[1], c, 0, c);
  t2 = Mac(a[0], b[2], c, 0, c);
  t3 = Mac(a[0], b[3], c, 0, t4);
  t1 = Mac(a[1], b[0], t1, 0, c);
  t2 = Mac(a[1], b[1], t2, c, c);
  t3 = Mac(a[1], b[2], t3, c, c);
  t4 = Mac(a[1], b[3], t4, c, t5);
  t2 = Mac(a[2], b[0], t2, 0, c);
  t3 = Mac(a[2], b[1], t3, c, c);
  t4 = Mac(a[2], b[2], t4, c, c);
  t5 = Mac(a[2], b[3], t5, c, t6);
  t3 = Mac(a[3], b[0], t3, 0, c);
  t4 = Mac(a[3], b[1], t4, c, c);
  t5 = Mac(a[3], b[2], t5, c, c);
  t6 = Mac(a[3], b[3], t6, c, t7);
  MontReduce(r, t0, t1, t2, t3, t4, t5, t6, t7);
}

// FeSqrPortable returns a²·R^-1 mod p: the six cross products a_i·a_j
// (i < j) once, doubled, plus the squares a_i², then MontReduce.
inline void FeSqrPortable(Fe& r, const Fe& a) {
  uint64_t t1, t2, t3, t4, t5, t6, t7, c, k;
  t1 = Mac(a[0], a[1], 0, 0, c);
  t2 = Mac(a[0], a[2], c, 0, c);
  t3 = Mac(a[0], a[3], c, 0, t4);
  t3 = Mac(a[1], a[2], t3, 0, c);
  t4 = Mac(a[1], a[3], t4, c, t5);
  t5 = Mac(a[2], a[3], t5, 0, t6);
  t7 = t6 >> 63;
  t6 = (t6 << 1) | (t5 >> 63);
  t5 = (t5 << 1) | (t4 >> 63);
  t4 = (t4 << 1) | (t3 >> 63);
  t3 = (t3 << 1) | (t2 >> 63);
  t2 = (t2 << 1) | (t1 >> 63);
  t1 <<= 1;
  const uint64_t t0 = Mac(a[0], a[0], 0, 0, c);
  k = 0;
  t1 = AddC(t1, c, k);
  uint64_t hi;
  uint64_t lo = Mac(a[1], a[1], 0, 0, hi);
  t2 = AddC(t2, lo, k);
  t3 = AddC(t3, hi, k);
  lo = Mac(a[2], a[2], 0, 0, hi);
  t4 = AddC(t4, lo, k);
  t5 = AddC(t5, hi, k);
  lo = Mac(a[3], a[3], 0, 0, hi);
  t6 = AddC(t6, lo, k);
  t7 = AddC(t7, hi, k);
  MontReduce(r, t0, t1, t2, t3, t4, t5, t6, t7);
}

#if defined(__x86_64__)
inline constexpr uint64_t kP1Word = kP[1];
inline constexpr uint64_t kP3Word = kP[3];
// The input operands of both FeMul versions: the two operand pointers, the
// memory they point to (so the compiler knows the asm reads it), and the
// words p1 and p3 of p.
#define HENHOUSE_P256_MUL_INPUTS                                                            \
  [pa] "r"(a.data()), [pb] "r"(b.data()), "m"(*reinterpret_cast<const uint64_t(*)[4]>(a.data())), \
      "m"(*reinterpret_cast<const uint64_t(*)[4]>(b.data())), [p1] "m"(kP1Word), [p3] "m"(kP3Word)
// FeMulMulq returns a·b·R^-1 mod p. x86-64 assembly, no branches or
// data-dependent addresses: four rounds, each adding a·b_i to a five-word
// accumulator and then m·p for m = its low word (the shape of p turns m·p
// into two shifts and one multiplication by p3, see MontRound); the low word
// is then zero and the accumulator moves down one word. The result (< 2p)
// is reduced by one subtraction of p kept or dropped with cmov. 20 ns
// against 33 ns for FeMulPortable on the development machine. FeMul uses it
// where the processor lacks BMI2 or ADX. The unrolled
// body (and FeSqrBmi2's) is generated by tools/gen_p256_asm.py; after an edit
// there, `python3 tools/gen_p256_asm.py --check src/math/p256_field.h`.
__attribute__((always_inline)) inline void FeMulMulq(Fe& r, const Fe& a, const Fe& b) {
  uint64_t x0, x1, x2, x3, x4, x5, t, c;
  __asm__(
      "movq 0(%[pb]), %[t]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "movq %%rax, %[x0]\n\t"
      "movq %%rdx, %[x1]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x1]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[x2]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x2]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[x3]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[x4]\n\t"
      "xorl %k[x5], %k[x5]\n\t"
      "movq %[x0], %%rax\n\t"
      "mulq %[p3]\n\t"
      "movq %[x0], %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "shrq $32, %[x0]\n\t"
      "addq %[t], %[x1]\n\t"
      "adcq %[x0], %[x2]\n\t"
      "adcq %%rax, %[x3]\n\t"
      "adcq %%rdx, %[x4]\n\t"
      "adcq $0, %[x5]\n\t"
      "movq 8(%[pb]), %[t]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x1]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x2]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x4]\n\t"
      "adcq $0, %%rdx\n\t"
      "movl $0, %k[x0]\n\t"
      "addq %%rdx, %[x5]\n\t"
      "adcq $0, %[x0]\n\t"
      "movq %[x1], %%rax\n\t"
      "mulq %[p3]\n\t"
      "movq %[x1], %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "shrq $32, %[x1]\n\t"
      "addq %[t], %[x2]\n\t"
      "adcq %[x1], %[x3]\n\t"
      "adcq %%rax, %[x4]\n\t"
      "adcq %%rdx, %[x5]\n\t"
      "adcq $0, %[x0]\n\t"
      "movq 16(%[pb]), %[t]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x2]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x4]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x5]\n\t"
      "adcq $0, %%rdx\n\t"
      "movl $0, %k[x1]\n\t"
      "addq %%rdx, %[x0]\n\t"
      "adcq $0, %[x1]\n\t"
      "movq %[x2], %%rax\n\t"
      "mulq %[p3]\n\t"
      "movq %[x2], %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "shrq $32, %[x2]\n\t"
      "addq %[t], %[x3]\n\t"
      "adcq %[x2], %[x4]\n\t"
      "adcq %%rax, %[x5]\n\t"
      "adcq %%rdx, %[x0]\n\t"
      "adcq $0, %[x1]\n\t"
      "movq 24(%[pb]), %[t]\n\t"
      "movq 0(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %%rax, %[x3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 8(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x4]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 16(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x5]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[c]\n\t"
      "movq 24(%[pa]), %%rax\n\t"
      "mulq %[t]\n\t"
      "addq %[c], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[x0]\n\t"
      "adcq $0, %%rdx\n\t"
      "movl $0, %k[x2]\n\t"
      "addq %%rdx, %[x1]\n\t"
      "adcq $0, %[x2]\n\t"
      "movq %[x3], %%rax\n\t"
      "mulq %[p3]\n\t"
      "movq %[x3], %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "shrq $32, %[x3]\n\t"
      "addq %[t], %[x4]\n\t"
      "adcq %[x3], %[x5]\n\t"
      "adcq %%rax, %[x0]\n\t"
      "adcq %%rdx, %[x1]\n\t"
      "adcq $0, %[x2]\n\t"
      "movq %[x4], %%rax\n\t"
      "movq %[x5], %%rdx\n\t"
      "movq %[x0], %[t]\n\t"
      "movq %[x1], %[c]\n\t"
      "subq $-1, %%rax\n\t"
      "sbbq %[p1], %%rdx\n\t"
      "sbbq $0, %[t]\n\t"
      "sbbq %[p3], %[c]\n\t"
      "sbbq $0, %[x2]\n\t"
      "cmovncq %%rax, %[x4]\n\t"
      "cmovncq %%rdx, %[x5]\n\t"
      "cmovncq %[t], %[x0]\n\t"
      "cmovncq %[c], %[x1]\n\t"
      : [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3), [x4] "=&r"(x4),
        [x5] "=&r"(x5), [t] "=&r"(t), [c] "=&r"(c)
      : HENHOUSE_P256_MUL_INPUTS
      : "rax", "rdx", "cc");
  (void)x2;
  (void)x3;
  r = Fe{x4, x5, x0, x1};
}
// FeMulAdx is FeMulMulq with MULX and the ADCX / ADOX carry chains (the
// low halves of a·b_i ride on the carry flag, the high halves on the
// overflow flag, so the additions of one round need not wait for each
// other). Same rounds, same final subtraction, no branches or data-dependent
// addresses. REQUIRES: kHaveBmi2Adx.
__attribute__((always_inline)) inline void FeMulAdx(Fe& r, const Fe& a, const Fe& b) {
  uint64_t x0, x1, x2, x3, x4, x5, lo, hi;
  __asm__(
      "movq 0(%[pb]), %%rdx\n\t"
      "mulxq 0(%[pa]), %[x0], %[x1]\n\t"
      "mulxq 8(%[pa]), %[lo], %[x2]\n\t"
      "addq %[lo], %[x1]\n\t"
      "mulxq 16(%[pa]), %[lo], %[x3]\n\t"
      "adcq %[lo], %[x2]\n\t"
      "mulxq 24(%[pa]), %[lo], %[x4]\n\t"
      "adcq %[lo], %[x3]\n\t"
      "adcq $0, %[x4]\n\t"
      "xorl %k[x5], %k[x5]\n\t"
      "movq %[x0], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[x0], %[lo]\n\t"
      "movq %[x0], %[hi]\n\t"
      "shrq $32, %[x0]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[x0], %[hi]\n\t"
      "addq %%rdx, %[x1]\n\t"
      "adcq %[x0], %[x2]\n\t"
      "adcq %[lo], %[x3]\n\t"
      "adcq %[hi], %[x4]\n\t"
      "adcq $0, %[x5]\n\t"
      "movq 8(%[pb]), %%rdx\n\t"
      "xorl %k[x0], %k[x0]\n\t"
      "mulxq 0(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x1]\n\t"
      "adoxq %[hi], %[x2]\n\t"
      "mulxq 8(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x2]\n\t"
      "adoxq %[hi], %[x3]\n\t"
      "mulxq 16(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x3]\n\t"
      "adoxq %[hi], %[x4]\n\t"
      "mulxq 24(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x4]\n\t"
      "adoxq %[hi], %[x5]\n\t"
      "movl $0, %k[lo]\n\t"
      "adcxq %[lo], %[x5]\n\t"
      "adoxq %[lo], %[x0]\n\t"
      "adcxq %[lo], %[x0]\n\t"
      "movq %[x1], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[x1], %[lo]\n\t"
      "movq %[x1], %[hi]\n\t"
      "shrq $32, %[x1]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[x1], %[hi]\n\t"
      "addq %%rdx, %[x2]\n\t"
      "adcq %[x1], %[x3]\n\t"
      "adcq %[lo], %[x4]\n\t"
      "adcq %[hi], %[x5]\n\t"
      "adcq $0, %[x0]\n\t"
      "movq 16(%[pb]), %%rdx\n\t"
      "xorl %k[x1], %k[x1]\n\t"
      "mulxq 0(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x2]\n\t"
      "adoxq %[hi], %[x3]\n\t"
      "mulxq 8(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x3]\n\t"
      "adoxq %[hi], %[x4]\n\t"
      "mulxq 16(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x4]\n\t"
      "adoxq %[hi], %[x5]\n\t"
      "mulxq 24(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x5]\n\t"
      "adoxq %[hi], %[x0]\n\t"
      "movl $0, %k[lo]\n\t"
      "adcxq %[lo], %[x0]\n\t"
      "adoxq %[lo], %[x1]\n\t"
      "adcxq %[lo], %[x1]\n\t"
      "movq %[x2], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[x2], %[lo]\n\t"
      "movq %[x2], %[hi]\n\t"
      "shrq $32, %[x2]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[x2], %[hi]\n\t"
      "addq %%rdx, %[x3]\n\t"
      "adcq %[x2], %[x4]\n\t"
      "adcq %[lo], %[x5]\n\t"
      "adcq %[hi], %[x0]\n\t"
      "adcq $0, %[x1]\n\t"
      "movq 24(%[pb]), %%rdx\n\t"
      "xorl %k[x2], %k[x2]\n\t"
      "mulxq 0(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x3]\n\t"
      "adoxq %[hi], %[x4]\n\t"
      "mulxq 8(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x4]\n\t"
      "adoxq %[hi], %[x5]\n\t"
      "mulxq 16(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x5]\n\t"
      "adoxq %[hi], %[x0]\n\t"
      "mulxq 24(%[pa]), %[lo], %[hi]\n\t"
      "adcxq %[lo], %[x0]\n\t"
      "adoxq %[hi], %[x1]\n\t"
      "movl $0, %k[lo]\n\t"
      "adcxq %[lo], %[x1]\n\t"
      "adoxq %[lo], %[x2]\n\t"
      "adcxq %[lo], %[x2]\n\t"
      "movq %[x3], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[x3], %[lo]\n\t"
      "movq %[x3], %[hi]\n\t"
      "shrq $32, %[x3]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[x3], %[hi]\n\t"
      "addq %%rdx, %[x4]\n\t"
      "adcq %[x3], %[x5]\n\t"
      "adcq %[lo], %[x0]\n\t"
      "adcq %[hi], %[x1]\n\t"
      "adcq $0, %[x2]\n\t"
      "movq %[x4], %[lo]\n\t"
      "movq %[x5], %[hi]\n\t"
      "movq %[x0], %[x3]\n\t"
      "movq %[x1], %%rdx\n\t"
      "subq $-1, %[lo]\n\t"
      "sbbq %[p1], %[hi]\n\t"
      "sbbq $0, %[x3]\n\t"
      "sbbq %[p3], %%rdx\n\t"
      "sbbq $0, %[x2]\n\t"
      "cmovncq %[lo], %[x4]\n\t"
      "cmovncq %[hi], %[x5]\n\t"
      "cmovncq %[x3], %[x0]\n\t"
      "cmovncq %%rdx, %[x1]\n\t"
      : [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3), [x4] "=&r"(x4),
        [x5] "=&r"(x5), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : HENHOUSE_P256_MUL_INPUTS
      : "rdx", "cc");
  (void)x2;
  (void)x3;
  (void)lo;
  (void)hi;
  r = Fe{x4, x5, x0, x1};
}
// kHaveBmi2 / kHaveBmi2Adx say whether this processor has MULX, and MULX
// with ADCX / ADOX (read once at start-up).
inline const bool kHaveBmi2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi2") != 0;
}();
inline const bool kHaveBmi2Adx = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi2") != 0 && __builtin_cpu_supports("adx") != 0;
}();
// FeMul returns a·b·R^-1 mod p: FeMulAdx where the processor has BMI2 and
// ADX, else FeMulMulq.
__attribute__((always_inline)) inline void FeMul(Fe& r, const Fe& a, const Fe& b) {
  if (kHaveBmi2Adx) {
    FeMulAdx(r, a, b);
  } else {
    FeMulMulq(r, a, b);
  }
}
// FeSqrBmi2 returns a²·R^-1 mod p with the BMI2 instruction MULX (no flags
// written, so two carry chains interleave): the six cross products once,
// doubled, the four squares, then four reduction rounds as in MontReduce
// and one subtraction of p kept or dropped with cmov. No branches or
// data-dependent addresses. REQUIRES: kHaveBmi2.
__attribute__((always_inline)) inline void FeSqrBmi2(Fe& r, const Fe& a) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  __asm__(
      "movq 0(%[pa]), %%rdx\n\t"
      "mulxq 8(%[pa]), %[t1], %[t2]\n\t"
      "mulxq 16(%[pa]), %[lo], %[t3]\n\t"
      "mulxq 24(%[pa]), %[hi], %[t4]\n\t"
      "addq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[pa]), %%rdx\n\t"
      "mulxq 16(%[pa]), %[lo], %[hi]\n\t"
      "addq %[lo], %[t3]\n\t"
      "adcq %[hi], %[t4]\n\t"
      "mulxq 24(%[pa]), %[lo], %[t5]\n\t"
      "adcq $0, %[t5]\n\t"
      "addq %[lo], %[t4]\n\t"
      "adcq $0, %[t5]\n\t"
      "movq 16(%[pa]), %%rdx\n\t"
      "mulxq 24(%[pa]), %[lo], %[t6]\n\t"
      "addq %[lo], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      "xorl %k[t7], %k[t7]\n\t"
      "addq %[t1], %[t1]\n\t"
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "adcq $0, %[t7]\n\t"
      "movq 0(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "addq %[hi], %[t1]\n\t"
      "movq 8(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "movq 16(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t4]\n\t"
      "adcq %[hi], %[t5]\n\t"
      "movq 24(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t6]\n\t"
      "adcq %[hi], %[t7]\n\t"
      "movq %[t0], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[t0], %[lo]\n\t"
      "movq %[t0], %[hi]\n\t"
      "shrq $32, %[t0]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[t0], %[hi]\n\t"
      "addq %%rdx, %[t1]\n\t"
      "adcq %[t0], %[t2]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[hi]\n\t"
      "movq %[hi], %[t0]\n\t"
      "movq %[t1], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[t1], %[lo]\n\t"
      "movq %[t1], %[hi]\n\t"
      "shrq $32, %[t1]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[t1], %[hi]\n\t"
      "addq %%rdx, %[t2]\n\t"
      "adcq %[t1], %[t3]\n\t"
      "adcq %[lo], %[t0]\n\t"
      "adcq $0, %[hi]\n\t"
      "movq %[hi], %[t1]\n\t"
      "movq %[t2], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[t2], %[lo]\n\t"
      "movq %[t2], %[hi]\n\t"
      "shrq $32, %[t2]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[t2], %[hi]\n\t"
      "addq %%rdx, %[t3]\n\t"
      "adcq %[t2], %[t0]\n\t"
      "adcq %[lo], %[t1]\n\t"
      "adcq $0, %[hi]\n\t"
      "movq %[hi], %[t2]\n\t"
      "movq %[t3], %%rdx\n\t"
      "shlq $32, %%rdx\n\t"
      "movq %[t3], %[lo]\n\t"
      "movq %[t3], %[hi]\n\t"
      "shrq $32, %[t3]\n\t"
      "subq %%rdx, %[lo]\n\t"
      "sbbq %[t3], %[hi]\n\t"
      "addq %%rdx, %[t0]\n\t"
      "adcq %[t3], %[t1]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "adcq $0, %[hi]\n\t"
      "movq %[hi], %[t3]\n\t"
      "addq %[t4], %[t0]\n\t"
      "adcq %[t5], %[t1]\n\t"
      "adcq %[t6], %[t2]\n\t"
      "adcq %[t7], %[t3]\n\t"
      "movl $0, %k[t4]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq %[t0], %[lo]\n\t"
      "movq %[t1], %[hi]\n\t"
      "movq %[t2], %[t5]\n\t"
      "movq %[t3], %[t6]\n\t"
      "subq $-1, %[lo]\n\t"
      "sbbq %[p1], %[hi]\n\t"
      "sbbq $0, %[t5]\n\t"
      "sbbq %[p3], %[t6]\n\t"
      "sbbq $0, %[t4]\n\t"
      "cmovncq %[lo], %[t0]\n\t"
      "cmovncq %[hi], %[t1]\n\t"
      "cmovncq %[t5], %[t2]\n\t"
      "cmovncq %[t6], %[t3]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [pa] "r"(a.data()), "m"(*reinterpret_cast<const uint64_t(*)[4]>(a.data())),
        [p1] "m"(kP1Word), [p3] "m"(kP3Word)
      : "rdx", "cc");
  r = Fe{t0, t1, t2, t3};
}
// FeSqr returns a²·R^-1 mod p: FeSqrBmi2 where the processor has it (17 ns
// against 20 ns for FeMul(a, a) on the development machine), else FeMul.
__attribute__((always_inline)) inline void FeSqr(Fe& r, const Fe& a) {
  if (kHaveBmi2) {
    FeSqrBmi2(r, a);
  } else {
    FeMul(r, a, a);
  }
}
// FeSub returns a − b mod p: four subtractions, the borrow as a mask, and
// p & mask added back (p's words are 2^64 − 1, 2^32 − 1, 0 and
// 2^64 − 2^32 + 1, so the masked words are the mask, the mask shifted right
// by 32, 0 and the mask with bits 1..31 cleared). No branches.
__attribute__((always_inline)) inline void FeSub(Fe& r, const Fe& a, const Fe& b) {
  uint64_t r0, r1, r2, r3, m, m1, m3;
  __asm__(
      "movq 0(%[pa]), %[r0]\n\t"
      "movq 8(%[pa]), %[r1]\n\t"
      "movq 16(%[pa]), %[r2]\n\t"
      "movq 24(%[pa]), %[r3]\n\t"
      "subq 0(%[pb]), %[r0]\n\t"
      "sbbq 8(%[pb]), %[r1]\n\t"
      "sbbq 16(%[pb]), %[r2]\n\t"
      "sbbq 24(%[pb]), %[r3]\n\t"
      "sbbq %[m], %[m]\n\t"
      "movq %[m], %[m1]\n\t"
      "shrq $32, %[m1]\n\t"
      "movq %[m], %[m3]\n\t"
      "andq %[p3], %[m3]\n\t"
      "addq %[m], %[r0]\n\t"
      "adcq %[m1], %[r1]\n\t"
      "adcq $0, %[r2]\n\t"
      "adcq %[m3], %[r3]\n\t"
      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [m] "=&r"(m),
        [m1] "=&r"(m1), [m3] "=&r"(m3)
      : [pa] "r"(a.data()), [pb] "r"(b.data()),
        "m"(*reinterpret_cast<const uint64_t(*)[4]>(a.data())),
        "m"(*reinterpret_cast<const uint64_t(*)[4]>(b.data())), [p3] "m"(kP3Word)
      : "cc");
  r = Fe{r0, r1, r2, r3};
}
#else
inline void FeMul(Fe& r, const Fe& a, const Fe& b) { FeMulPortable(r, a, b); }
inline void FeSqr(Fe& r, const Fe& a) { FeSqrPortable(r, a); }
inline void FeSub(Fe& r, const Fe& a, const Fe& b) { FeSubPortable(r, a, b); }
#endif

inline void FeNeg(Fe& r, const Fe& a) { FeSub(r, Fe{}, a); }

inline void FeSqrN(Fe& r, const Fe& a, int n) {
  r = a;
  for (int i = 0; i < n; ++i) FeSqr(r, r);
}

inline bool FeIsZero(const Fe& a) { return (a[0] | a[1] | a[2] | a[3]) == 0; }
inline bool FeEqual(const Fe& a, const Fe& b) {
  return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}

// FeToMont / FeFromMont convert between plain and Montgomery form.
inline void FeToMont(Fe& r, const Fe& a) { FeMul(r, a, kR2); }
inline void FeFromMont(Fe& r, const Fe& a) { FeMul(r, a, Fe{1, 0, 0, 0}); }

// FeInv returns a^(p−2) = a^-1 (0 for a = 0), Fermat's little theorem.
void FeInv(Fe& r, const Fe& a);
// FeInvPublic returns a^-1 (0 for a = 0) by GMP's extended Euclid, about
// twice as fast as FeInv but variable-time: PUBLIC DATA ONLY.
void FeInvPublic(Fe& r, const Fe& a);
// FeInvBlinded returns a^-1 (0 for a = 0): FeInvPublic on a·b for a fresh
// random b ≠ 0 (SystemRandomBytes), then times b. Euclid's running time
// depends on a·b only, which is uniform on GF(p)* whatever a ≠ 0 is, so it
// says nothing about a. For values derived from secrets, such as the Z
// coordinates of a constant-time multiplication's result, which leak
// information about its scalar if revealed.
void FeInvBlinded(Fe& r, const Fe& a);
// FeSqrt sets r = a^((p+1)/4), a square root of a when one exists (p ≡ 3
// mod 4), and returns whether r² = a. Variable-time in the result only.
bool FeSqrt(Fe& r, const Fe& a);
// FeFromBytes reads 32 big-endian bytes into Montgomery form; false (r
// unset) when the value is not below p.
bool FeFromBytes(Fe& r, const uint8_t* be32);
// FeToBytes writes the plain value of a (Montgomery form) as 32 big-endian
// bytes.
void FeToBytes(uint8_t* be32, const Fe& a);
// FeIsOdd returns the parity of the plain value of a (Montgomery form).
bool FeIsOdd(const Fe& a);

}  // namespace henhouse::math::internal::p256

#endif  // HENHOUSE_SRC_MATH_P256_FIELD_H_
