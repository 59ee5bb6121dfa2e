#include "henhouse/crypto/elgamal.h"

#include <cmath>
#include <string>

namespace henhouse::crypto {
namespace {

// kLogKeyBytes is how many trailing bytes of an element's encoding key the
// discrete-log table; a match is confirmed by recomputing base^t, so a
// collision could only hide a value (probability ~2^-128), never give a
// wrong one.
constexpr size_t kLogKeyBytes = 16;

std::string LogKey(const math::Element& x) {
  Bytes enc = x.Encode();
  size_t n = std::min(kLogKeyBytes, enc.size());
  return std::string(enc.end() - n, enc.end());
}

}  // namespace

Bytes Ciphertext::Encode() const {
  Bytes out = alpha.Encode();
  Append(out, beta.Encode());
  return out;
}

StatusOr<Ciphertext> ParseCiphertext(const math::Group& group, ByteSpan bytes) {
  const size_t lp = group.ElementSize();
  if (bytes.size() != 2 * lp) {
    return InvalidArgumentError("ciphertext: expected " + std::to_string(2 * lp) +
                                " bytes (alpha, beta), got " + std::to_string(bytes.size()));
  }
  auto alpha = group.ParseElement(bytes.subspan(0, lp));
  if (!alpha.ok()) return alpha.status().WithContext("ciphertext alpha");
  auto beta = group.ParseElement(bytes.subspan(lp, lp));
  if (!beta.ok()) return beta.status().WithContext("ciphertext beta");
  return Ciphertext{*std::move(alpha), *std::move(beta)};
}

Ciphertext Multiply(const Ciphertext& a, const Ciphertext& b) {
  // (α1·α2, β1·β2) encrypts σ1 + σ2  [2.1 §3.3.1]
  return Ciphertext{a.alpha * b.alpha, a.beta * b.beta};
}

Ciphertext Product(const math::Group& group, std::span<const Ciphertext> cts) {
  // (A, B) = (Π α_i, Π β_i)  [2.1 §3.5, eq. 79]
  Ciphertext acc{group.Identity(), group.Identity()};
  for (const Ciphertext& ct : cts) acc = Multiply(acc, ct);
  return acc;
}

StatusOr<ElGamalKey> ElGamalKey::Create(std::shared_ptr<const math::Group> group,
                                        const math::Element& public_key) {
  if (group == nullptr) return InvalidArgumentError("ElGamal key: no group");
  if (public_key.group() != group.get()) {
    return InvalidArgumentError("ElGamal key: public key belongs to another group");
  }
  if (public_key.IsIdentity()) {
    return InvalidArgumentError("ElGamal key: public key is the identity element");
  }
  math::FixedBase g = group->Precompute(group->Generator());
  math::FixedBase k = group->Precompute(public_key);
  return ElGamalKey(std::move(group), std::move(g), std::move(k));
}

Ciphertext ElGamalKey::Encrypt(uint64_t sigma, const math::SecretScalar& nonce) const {
  // (α, β) = (g^ξ, K^(σ+ξ))  [2.1 §3.3.1, eq. 31]
  math::SecretScalar exponent = nonce + group_->ScalarFromU64(sigma);
  return Ciphertext{g_.PowNonce(nonce), key_.PowNonce(exponent)};
}

Ciphertext ElGamalKey::EncryptWithPublicNonce(uint64_t sigma, const math::Scalar& nonce) const {
  // (α, β) = (g^ξ, K^(σ+ξ))  [2.1 eq. 31; Verification 13.1, 13.2]
  return Ciphertext{g_.Pow(nonce), key_.Pow(nonce + group_->ScalarFromU64(sigma))};
}

math::Element ElGamalKey::DecryptWithNonce(const Ciphertext& ct, const math::Scalar& nonce) const {
  // K^σ = β · K^(−ξ)  [2.1 §3.6.7, eq. 109]
  return ct.beta / key_.Pow(nonce);
}

StatusOr<DiscreteLog> DiscreteLog::Create(const math::Element& base, uint64_t bound) {
  if (base.group() == nullptr) return InvalidArgumentError("discrete log: base has no group");
  if (base.IsIdentity()) return InvalidArgumentError("discrete log: base is the identity");
  if (bound >= (uint64_t{1} << 40)) {
    return InvalidArgumentError("discrete log: bound must be below 2^40, got " +
                                std::to_string(bound));
  }
  DiscreteLog log;
  log.base_ = base;
  log.bound_ = bound;
  uint64_t m = static_cast<uint64_t>(std::ceil(std::sqrt(static_cast<double>(bound) + 1.0)));
  while (m * m < bound + 1) ++m;
  log.baby_ = m;
  auto table = std::make_shared<std::unordered_map<std::string, uint64_t>>();
  table->reserve(m);
  math::Element x = base.group()->Identity();
  for (uint64_t j = 0; j < m; ++j) {
    table->emplace(LogKey(x), j);
    x = x * base;
  }
  // x is now base^m.
  log.giant_step_ = x.Inverse();
  log.table_ = std::move(table);
  return log;
}

StatusOr<uint64_t> DiscreteLog::Find(const math::Element& value) const {
  if (value.group() != base_.group()) {
    return InvalidArgumentError("discrete log: value belongs to another group");
  }
  // Baby-step giant-step: value · (base^(−m))^i = base^j  ⇒  t = i·m + j.
  math::Element y = value;
  for (uint64_t i = 0; i <= baby_ && i * baby_ <= bound_; ++i) {
    auto it = table_->find(LogKey(y));
    if (it != table_->end()) {
      uint64_t t = i * baby_ + it->second;
      if (t <= bound_ && base_.PowSmall(t) == value) return t;
    }
    y = y * giant_step_;
  }
  return NotFoundError("discrete log: value is not base^t for any t in [0, " +
                       std::to_string(bound_) + "]");
}

}  // namespace henhouse::crypto
