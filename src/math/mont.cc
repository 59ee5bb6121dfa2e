#include "math/mont.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace henhouse::math::internal {
namespace {

// Moduli of at least this many limbs square through OpenSSL (SqrN).
constexpr mp_size_t kOpensslSquareLimbs = 16;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "henhouse math: OpenSSL BN failure: %s\n", what);
  std::abort();
}

// ThreadBn is this thread's BN_CTX and working BIGNUM for SqrN.
struct ThreadBn {
  ThreadBn() : ctx(BN_CTX_new()), x(BN_new()) {
    if (ctx == nullptr || x == nullptr) Fail("BN_CTX_new/BN_new");
  }
  ~ThreadBn() {
    BN_free(x);
    BN_CTX_free(ctx);
  }
  BN_CTX* ctx;
  BIGNUM* x;
};

ThreadBn& Bn() {
  thread_local ThreadBn bn;
  return bn;
}

}  // namespace

Mont::Mont(const mp_limb_t* p, mp_size_t n) : n_(n), p_(p, p + n), rr_(n), one_(n) {
  assert(n > 0 && (p[0] & 1) == 1 && p[n - 1] != 0);
  // Newton iteration for p0^-1 mod 2^64: each step doubles the correct bits.
  mp_limb_t inv = p[0];  // correct to 3 bits for odd p0
  for (int i = 0; i < 6; ++i) inv *= 2 - p[0] * inv;
  n0inv_ = 0 - inv;
  // R mod p and R² mod p by division.
  LimbVec num(2 * n + 1, 0), quot(n + 2);
  num[n] = 1;
  mpn_tdiv_qr(quot.data(), one_.data(), 0, num.data(), n + 1, p, n);
  std::fill(num.begin(), num.end(), 0);
  num[2 * n] = 1;
  quot.resize(n + 2);
  mpn_tdiv_qr(quot.data(), rr_.data(), 0, num.data(), 2 * n + 1, p, n);
  if (n >= kOpensslSquareLimbs) {
    BIGNUM* modulus = BN_lebin2bn(reinterpret_cast<const unsigned char*>(p), n * 8, nullptr);
    bn_mont_ = BN_MONT_CTX_new();
    if (modulus == nullptr || bn_mont_ == nullptr ||
        BN_MONT_CTX_set(bn_mont_, modulus, Bn().ctx) != 1) {
      Fail("BN_MONT_CTX_set");
    }
    BN_free(modulus);
  }
}

Mont::~Mont() { BN_MONT_CTX_free(bn_mont_); }

void Mont::Redc(mp_limb_t* r, mp_limb_t* t) const {
  // Word-by-word reduction; carries out of each row are parked in the word
  // the row has just zeroed and added in at the end.
  const mp_limb_t* p = p_.data();
  for (mp_size_t i = 0; i < n_; ++i) {
    mp_limb_t m = t[i] * n0inv_;
    t[i] = mpn_addmul_1(t + i, p, n_, m);
  }
  mp_limb_t carry = mpn_add_n(r, t + n_, t, n_);
  if (carry != 0 || mpn_cmp(r, p, n_) >= 0) mpn_sub_n(r, r, p, n_);
}

namespace {

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

BnPtr NewBn() {
  BnPtr b(BN_new());
  if (b == nullptr) Fail("BN_new");
  return b;
}

}  // namespace

bool Mont::ChainPowers(const mp_limb_t* x, const std::vector<const mp_limb_t*>& exps,
                       size_t ebits, unsigned w, size_t two_power, std::vector<LimbVec>* out,
                       LimbVec* x_two_power) const {
  if (bn_mont_ == nullptr) return false;
  BN_CTX* ctx = Bn().ctx;
  int len = static_cast<int>(n_ * sizeof(mp_limb_t));
  auto sqr = [&](BIGNUM* v, size_t k) {
    for (size_t i = 0; i < k; ++i) {
      if (BN_mod_mul_montgomery(v, v, v, bn_mont_, ctx) != 1) Fail("BN_mod_mul_montgomery");
    }
  };
  auto mul_into = [&](BnPtr& acc, const BIGNUM* v) {
    if (acc == nullptr) {
      acc.reset(BN_dup(v));
      if (acc == nullptr) Fail("BN_dup");
    } else if (BN_mod_mul_montgomery(acc.get(), acc.get(), v, bn_mont_, ctx) != 1) {
      Fail("BN_mod_mul_montgomery");
    }
  };
  auto export_to = [&](const BIGNUM* v, mp_limb_t* dst) {
    if (BN_bn2lebinpad(v, reinterpret_cast<unsigned char*>(dst), len) != len) Fail("bn2lebinpad");
  };
  // c_j = x^(2^(w·j)), j < chain_len
  size_t chain_len = std::max<size_t>(1, (std::max(ebits, two_power) + w - 1) / w);
  std::vector<BnPtr> chain;
  chain.push_back(NewBn());
  if (BN_lebin2bn(reinterpret_cast<const unsigned char*>(x), len, chain[0].get()) == nullptr) {
    Fail("BN_lebin2bn");
  }
  for (size_t j = 1; j < chain_len; ++j) {
    chain.emplace_back(BN_dup(chain[j - 1].get()));
    if (chain.back() == nullptr) Fail("BN_dup");
    sqr(chain.back().get(), w);
  }
  // Bucket method, as IntegerGroup::EvalBuckets.
  size_t digits = size_t{1} << w;
  for (const mp_limb_t* e : exps) {
    std::vector<BnPtr> buckets(digits);
    for (size_t j = 0; j < chain_len && j * w < ebits; ++j) {
      unsigned d = Bits(e, ebits, j * w, w);
      if (d != 0) mul_into(buckets[d], chain[j].get());
    }
    BnPtr running, total;
    for (size_t d = digits - 1; d >= 1; --d) {
      if (buckets[d] != nullptr) mul_into(running, buckets[d].get());
      if (running != nullptr) mul_into(total, running.get());
    }
    LimbVec r(n_);
    if (total == nullptr) {
      std::copy(one_.begin(), one_.end(), r.begin());
    } else {
      export_to(total.get(), r.data());
    }
    out->push_back(std::move(r));
  }
  if (two_power > 0) {
    BnPtr last(BN_dup(chain.back().get()));
    if (last == nullptr) Fail("BN_dup");
    sqr(last.get(), two_power - w * (chain_len - 1));
    x_two_power->assign(n_, 0);
    export_to(last.get(), x_two_power->data());
  }
  return true;
}

bool Mont::MultiPowDigits(const std::vector<const mp_limb_t*>& bases,
                          const std::vector<std::vector<uint16_t>>& digits, unsigned w,
                          mp_limb_t* out) const {
  if (bn_mont_ == nullptr) return false;
  BN_CTX* ctx = Bn().ctx;
  int len = static_cast<int>(n_ * sizeof(mp_limb_t));
  auto mul = [&](BIGNUM* r, const BIGNUM* a, const BIGNUM* b) {
    if (BN_mod_mul_montgomery(r, a, b, bn_mont_, ctx) != 1) Fail("BN_mod_mul_montgomery");
  };
  // tables[b][k] = base_b^(2k+1)
  size_t half = size_t{1} << (w - 1);
  std::vector<std::vector<BnPtr>> tables(bases.size());
  BnPtr sq = NewBn();
  for (size_t b = 0; b < bases.size(); ++b) {
    tables[b].push_back(NewBn());
    if (BN_lebin2bn(reinterpret_cast<const unsigned char*>(bases[b]), len, tables[b][0].get()) ==
        nullptr) {
      Fail("BN_lebin2bn");
    }
    mul(sq.get(), tables[b][0].get(), tables[b][0].get());
    for (size_t k = 1; k < half; ++k) {
      tables[b].push_back(NewBn());
      mul(tables[b][k].get(), tables[b][k - 1].get(), sq.get());
    }
  }
  size_t ebits = digits.empty() ? 0 : digits[0].size();
  BnPtr acc;
  for (size_t i = ebits; i-- > 0;) {
    if (acc != nullptr) mul(acc.get(), acc.get(), acc.get());
    for (size_t b = 0; b < bases.size(); ++b) {
      uint16_t d = digits[b][i];
      if (d == 0) continue;
      const BIGNUM* entry = tables[b][(d - 1) / 2].get();
      if (acc == nullptr) {
        acc.reset(BN_dup(entry));
        if (acc == nullptr) Fail("BN_dup");
      } else {
        mul(acc.get(), acc.get(), entry);
      }
    }
  }
  if (acc == nullptr) {
    std::copy(one_.begin(), one_.end(), out);
  } else if (BN_bn2lebinpad(acc.get(), reinterpret_cast<unsigned char*>(out), len) != len) {
    Fail("BN_bn2lebinpad");
  }
  return true;
}

std::vector<uint16_t> SlidingDigits(const mp_limb_t* e, size_t ebits, unsigned w) {
  std::vector<uint16_t> digits(ebits, 0);
  long i = static_cast<long>(ebits) - 1;
  while (i >= 0) {
    if (Bit(e, i) == 0) {
      --i;
      continue;
    }
    long j = std::max<long>(i - static_cast<long>(w) + 1, 0);
    while (Bit(e, j) == 0) ++j;
    digits[j] = static_cast<uint16_t>(Bits(e, ebits, j, static_cast<unsigned>(i - j + 1)));
    i = j - 1;
  }
  return digits;
}

void Mont::ToMontConstTime(mp_limb_t* r, const mp_limb_t* a) const {
  LimbVec t(2 * n_), scratch(mpn_sec_mul_itch(n_, n_));
  mpn_sec_mul(t.data(), a, n_, rr_.data(), n_, scratch.data());
  const mp_limb_t* p = p_.data();
  for (mp_size_t i = 0; i < n_; ++i) t[i] = mpn_addmul_1(&t[i], p, n_, t[i] * n0inv_);
  mp_limb_t carry = mpn_add_n(r, &t[n_], t.data(), n_);
  // Subtract p when the sum overflowed or is ≥ p, selected without a branch.
  mp_limb_t borrow = mpn_sub_n(t.data(), r, p, n_);
  mpn_cnd_swap(carry | (borrow ^ 1), r, t.data(), n_);
}

void Mont::FromMont(mp_limb_t* r, const mp_limb_t* a, mp_limb_t* tmp) const {
  std::copy(a, a + n_, tmp);
  std::fill(tmp + n_, tmp + 2 * n_, 0);
  Redc(r, tmp);
}

void Mont::SqrN(mp_limb_t* r, const mp_limb_t* a, size_t k, mp_limb_t* tmp) const {
  if (bn_mont_ == nullptr || k == 0) {
    if (r != a) std::copy(a, a + n_, r);
    for (size_t i = 0; i < k; ++i) Sqr(r, r, tmp);
    return;
  }
  ThreadBn& bn = Bn();
  int len = static_cast<int>(n_ * sizeof(mp_limb_t));
  if (BN_lebin2bn(reinterpret_cast<const unsigned char*>(a), len, bn.x) == nullptr) {
    Fail("BN_lebin2bn");
  }
  for (size_t i = 0; i < k; ++i) {
    if (BN_mod_mul_montgomery(bn.x, bn.x, bn.x, bn_mont_, bn.ctx) != 1) Fail("BN_mod_mul_montgomery");
  }
  if (BN_bn2lebinpad(bn.x, reinterpret_cast<unsigned char*>(r), len) != len) Fail("BN_bn2lebinpad");
}

unsigned Bits(const mp_limb_t* e, size_t ebits, size_t i, unsigned len) {
  unsigned v = 0;
  for (unsigned k = 0; k < len; ++k) {
    if (i + k < ebits) v |= Bit(e, i + k) << k;
  }
  return v;
}

size_t BitLength(const mp_limb_t* e, size_t limbs) {
  for (size_t i = limbs; i > 0; --i) {
    if (e[i - 1] != 0) return 64 * (i - 1) + (64 - __builtin_clzl(e[i - 1]));
  }
  return 0;
}

void Mont::Pow(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* e, size_t ebits) const {
  unsigned w = ebits <= 24 ? 2 : ebits <= 96 ? 3 : ebits <= 320 ? 5 : 6;
  if (bn_mont_ != nullptr && MultiPowDigits({a}, {SlidingDigits(e, ebits, w)}, w, r)) return;
  size_t half = size_t{1} << (w - 1);
  LimbVec tmp = Scratch();
  // table[k] = a^(2k+1)
  LimbVec table(half * n_), a2(n_), acc(n_);
  std::copy(a, a + n_, table.data());
  Sqr(a2.data(), a, tmp.data());
  for (size_t k = 1; k < half; ++k) {
    Mul(&table[k * n_], &table[(k - 1) * n_], a2.data(), tmp.data());
  }
  bool started = false;
  size_t pending = 0;  // squarings owed to acc, done in runs by SqrN
  long i = static_cast<long>(ebits) - 1;
  while (i >= 0) {
    if (Bit(e, i) == 0) {
      if (started) ++pending;
      --i;
      continue;
    }
    long j = std::max<long>(i - static_cast<long>(w) + 1, 0);
    while (Bit(e, j) == 0) ++j;
    unsigned val = Bits(e, ebits, j, static_cast<unsigned>(i - j + 1));
    const mp_limb_t* entry = &table[((val - 1) / 2) * n_];
    if (started) {
      SqrN(acc.data(), acc.data(), pending + static_cast<size_t>(i - j + 1), tmp.data());
      pending = 0;
      Mul(acc.data(), acc.data(), entry, tmp.data());
    } else {
      std::copy(entry, entry + n_, acc.data());
      started = true;
    }
    i = j - 1;
  }
  if (started) SqrN(acc.data(), acc.data(), pending, tmp.data());
  if (!started) std::copy(one_.begin(), one_.end(), acc.begin());
  std::copy(acc.begin(), acc.end(), r);
}

}  // namespace henhouse::math::internal
