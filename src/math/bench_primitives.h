// The reference primitives in which issue 2's performance targets are
// expressed, as objects whose Run() performs one operation: one 4096-bit
// Montgomery multiplication of our own, OpenSSL's 4096-bit modular
// exponentiation with a 256-bit exponent, and OpenSSL's P-256 multiplication
// of the base point or of another point. Shared by BM_Primitive/* (the
// math benchmarks) and BM_Paired/* (the selection benchmarks, which alternate
// a primitive with the operation measured in its units). Benchmark code only.
#ifndef HENHOUSE_SRC_MATH_BENCH_PRIMITIVES_H_
#define HENHOUSE_SRC_MATH_BENCH_PRIMITIVES_H_

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include <benchmark/benchmark.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <memory>
#include <vector>

#include "henhouse/base/rng.h"
#include "henhouse/math/group.h"
#include "math/integer_group.h"

namespace henhouse::math::bench {

constexpr size_t kPrimitivePool = 64;

// MontMulPrimitive: r = r·b·R^-1 mod p, p the integer4096 modulus.
class MontMulPrimitive {
 public:
  MontMulPrimitive()
      : group_(*GroupByName("integer4096")),
        mont_(static_cast<const internal::IntegerGroup&>(*group_).mont()),
        tmp_(mont_.Scratch()) {
    DeterministicRng rng(1);
    Element a = group_->Generator().Pow(group_->RandomScalar(rng));
    b_ = group_->Generator().Pow(group_->RandomScalar(rng));
    r_.assign(internal::IntegerGroup::MontOf(a), internal::IntegerGroup::MontOf(a) + mont_.n());
  }
  void Run() {
    mont_.Mul(r_.data(), r_.data(), internal::IntegerGroup::MontOf(b_), tmp_.data());
    benchmark::DoNotOptimize(r_.data());
  }

 private:
  std::shared_ptr<const Group> group_;
  const internal::Mont& mont_;
  Element b_ = group_->Generator();
  internal::LimbVec r_;
  internal::LimbVec tmp_;
};

// OpensslModexpPrimitive: g^e mod p by BN_mod_exp_mont, e a fresh 256-bit
// exponent from a pool at every call.
class OpensslModexpPrimitive {
 public:
  OpensslModexpPrimitive() {
    auto g = *GroupByName("integer4096");
    Bytes params = g->EncodeParameters();
    p_ = BN_bin2bn(params.data(), 512, nullptr);
    Bytes g_bytes = g->Generator().Encode();
    base_ = BN_bin2bn(g_bytes.data(), 512, nullptr);
    BN_MONT_CTX_set(mont_, p_, ctx_);
    DeterministicRng rng(2);
    for (size_t i = 0; i < kPrimitivePool; ++i) {
      Bytes e = rng.Generate(32);
      exps_.push_back(BN_bin2bn(e.data(), 32, nullptr));
    }
  }
  ~OpensslModexpPrimitive() {
    for (BIGNUM* e : exps_) BN_free(e);
    BN_free(r_);
    BN_free(base_);
    BN_free(p_);
    BN_MONT_CTX_free(mont_);
    BN_CTX_free(ctx_);
  }
  OpensslModexpPrimitive(const OpensslModexpPrimitive&) = delete;
  OpensslModexpPrimitive& operator=(const OpensslModexpPrimitive&) = delete;
  void Run() {
    BN_mod_exp_mont(r_, base_, exps_[i_++ % kPrimitivePool], p_, ctx_, mont_);
    benchmark::DoNotOptimize(r_);
  }

 private:
  BN_CTX* ctx_ = BN_CTX_new();
  BN_MONT_CTX* mont_ = BN_MONT_CTX_new();
  BIGNUM* p_ = nullptr;
  BIGNUM* base_ = nullptr;
  BIGNUM* r_ = BN_new();
  std::vector<BIGNUM*> exps_;
  size_t i_ = 0;
};

// OpensslP256MulPrimitive: k·G (base_point) or k·P for a fixed other point
// P by EC_POINT_mul, k a fresh 256-bit scalar from a pool at every call.
class OpensslP256MulPrimitive {
 public:
  explicit OpensslP256MulPrimitive(bool base_point) : base_point_(base_point) {
    DeterministicRng rng(3);
    for (size_t i = 0; i < kPrimitivePool; ++i) {
      Bytes e = rng.Generate(32);
      scalars_.push_back(BN_bin2bn(e.data(), 32, nullptr));
    }
    EC_POINT_mul(group_, point_, scalars_[0], nullptr, nullptr, ctx_);
  }
  ~OpensslP256MulPrimitive() {
    for (BIGNUM* e : scalars_) BN_free(e);
    EC_POINT_free(point_);
    EC_POINT_free(r_);
    BN_CTX_free(ctx_);
    EC_GROUP_free(group_);
  }
  OpensslP256MulPrimitive(const OpensslP256MulPrimitive&) = delete;
  OpensslP256MulPrimitive& operator=(const OpensslP256MulPrimitive&) = delete;
  void Run() {
    const BIGNUM* k = scalars_[i_++ % kPrimitivePool];
    if (base_point_) {
      EC_POINT_mul(group_, r_, k, nullptr, nullptr, ctx_);
    } else {
      EC_POINT_mul(group_, r_, nullptr, point_, k, ctx_);
    }
    benchmark::DoNotOptimize(r_);
  }

 private:
  bool base_point_;
  EC_GROUP* group_ = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BN_CTX* ctx_ = BN_CTX_new();
  EC_POINT* point_ = EC_POINT_new(group_);
  EC_POINT* r_ = EC_POINT_new(group_);
  std::vector<BIGNUM*> scalars_;
  size_t i_ = 0;
};

}  // namespace henhouse::math::bench

#pragma GCC diagnostic pop

#endif  // HENHOUSE_SRC_MATH_BENCH_PRIMITIVES_H_
