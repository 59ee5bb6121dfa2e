#include "henhouse/crypto/range_proof.h"

#include <algorithm>
#include <string>
#include <utility>

namespace henhouse::crypto {
namespace {

Status CheckRange(uint64_t range) {
  if (range == 0 || range > kMaxRange) {
    return InvalidArgumentError("range proof: range R must be in [1, " +
                                std::to_string(kMaxRange) + "], got " + std::to_string(range));
  }
  return OkStatus();
}

Status CheckGroup(const ElGamalKey& key, const Ciphertext& ct) {
  if (ct.alpha.group() != &key.group() || ct.beta.group() != &key.group()) {
    return InvalidArgumentError("range proof: ciphertext belongs to another group than the key");
  }
  return OkStatus();
}

Status CheckShape(const RangeProof& proof, uint64_t range) {
  if (proof.challenges.size() != range + 1 || proof.responses.size() != range + 1) {
    return VerificationFailedError("range proof has " + std::to_string(proof.challenges.size()) +
                                   " challenges and " + std::to_string(proof.responses.size()) +
                                   " responses, expected R+1 = " + std::to_string(range + 1));
  }
  return OkStatus();
}

// Challenge returns c = H_q(H_I; prefix, α, β, a0, b0, ..., aR, bR)
// [2.1 eq. 59, 62; §5.5.3]; the prefix holds 0x24 and the indices, and
// `encodings` the canonical encodings of α, β, a0, b0, … one after another:
// the verifier's α and β are the bytes it parsed, and the commitments are
// encoded in one batch (Group::EncodeElementsInto: one field inversion for
// all of them on p256).
math::Scalar Challenge(const math::Group& group, const RangeProofContext& context,
                       ByteSpan encodings) {
  HashInput in(context.prefix.empty() ? 0x24 : context.prefix[0]);
  if (!context.prefix.empty()) in.Fixed(ByteSpan(context.prefix).subspan(1));
  in.Fixed(encodings);
  return Hq(group, context.key, in);
}

// KExponents returns w_j = v_j − j·c_j, the exponents of K in
// b_j = K^(w_j)·β^(c_j) [Verification 6.2 / 7.2].
std::vector<math::Scalar> KExponents(const math::Group& group, const RangeProof& proof) {
  std::vector<math::Scalar> w;
  w.reserve(proof.challenges.size());
  for (size_t j = 0; j < proof.challenges.size(); ++j) {
    w.push_back(proof.responses[j] - group.ScalarFromU64(j) * proof.challenges[j]);
  }
  return w;
}

// CheckCommitments verifies the proof given the recomputed commitments
// a_j = g^(v_j)·α^(c_j), b_j = K^(w_j)·β^(c_j) [Verification 6 / 7: 6.1,
// 6.2]: c recomputed (6.3) and c = Σ c_j (6.D).
Status CheckCommitments(const math::Group& group, ByteSpan alpha, ByteSpan beta,
                        std::span<const math::Element> a, std::span<const math::Element> b,
                        const RangeProof& proof, const RangeProofContext& context) {
  const size_t n = proof.challenges.size();
  std::vector<math::Element> a_b;  // a0, b0, a1, b1, ...
  a_b.reserve(2 * n);
  math::Scalar sum = group.ScalarFromU64(0);
  for (size_t j = 0; j < n; ++j) {
    a_b.push_back(a[j]);
    a_b.push_back(b[j]);
    sum = sum + proof.challenges[j];
  }
  const size_t size = group.ElementSize();
  if (alpha.size() != size || beta.size() != size) {
    return InvalidArgumentError("range proof: alpha and beta must be encoded elements of " +
                                std::to_string(size) + " bytes");
  }
  Bytes encodings((2 + a_b.size()) * size);
  std::copy(alpha.begin(), alpha.end(), encodings.begin());
  std::copy(beta.begin(), beta.end(), encodings.begin() + static_cast<std::ptrdiff_t>(size));
  group.EncodeElementsInto(a_b, std::span<uint8_t>(encodings).subspan(2 * size));
  math::Scalar c = Challenge(group, context, encodings);
  if (!(c == sum)) {
    return VerificationFailedError("range proof challenges do not sum to the challenge hash");
  }
  return OkStatus();
}

// ProveUnchecked builds the proof [2.1 §3.3.7, eq. 57–61] for a ciphertext
// the caller knows to be (g^ξ, K^(ξ+ℓ)); with `encrypt` it also computes that
// ciphertext into ct. Every branch is computed the same way,
// t_j = u_j + (ℓ − j)·c_j, which is eq. 58 for j ≠ ℓ and eq. 57
// (t_ℓ = u_ℓ) for j = ℓ, so the work does not depend on the vote; only the
// final choice of which c_j to replace indexes by ℓ. The powers of g (ξ,
// u_0, …) and of K (ξ + ℓ, t_0, …) are computed in one batched call for
// both bases (FixedBase::PowNonceManyWith).
RangeProof ProveUnchecked(const ElGamalKey& key, Ciphertext& ct, bool encrypt,
                          const math::SecretScalar& nonce, uint64_t plaintext, uint64_t range,
                          const RangeProofContext& context, Rng& rng) {
  const math::Group& group = *key.group_ptr();
  const size_t n = range + 1;
  std::vector<math::Scalar> c(n);
  // Exponents of g: [ξ,] u_0, …, u_R; of K: [ξ + ℓ,] t_0, …, t_R.
  std::vector<math::SecretScalar> g_exps, k_exps;
  g_exps.reserve(n + 1);
  k_exps.reserve(n + 1);
  const math::Scalar ell = group.ScalarFromU64(plaintext);
  if (encrypt) {
    g_exps.push_back(nonce.Copy());
    k_exps.push_back(nonce + ell);  // (α, β) = (g^ξ, K^(ξ+ℓ))  [eq. 31]
  }
  const size_t first = g_exps.size();
  math::Scalar sum = group.ScalarFromU64(0);
  for (size_t j = 0; j < n; ++j) {
    g_exps.push_back(group.RandomSecretScalar(rng));
    c[j] = group.RandomScalar(rng);
    sum = sum + c[j];
    k_exps.push_back(g_exps.back() + (ell - group.ScalarFromU64(j)) * c[j]);
  }
  // a_j = g^(u_j), b_j = K^(t_j), in one pass over both tables.
  auto [g_pows, k_pows] = key.g().PowNonceManyWith(g_exps, key.key(), k_exps);
  if (encrypt) ct = Ciphertext{std::move(g_pows[0]), std::move(k_pows[0])};
  // α, β, a0, b0, a1, b1, ...: encoded together for the hash.
  std::vector<math::Element> points;
  points.reserve(2 + 2 * n);
  points.push_back(ct.alpha);
  points.push_back(ct.beta);
  for (size_t j = 0; j < n; ++j) {
    points.push_back(std::move(g_pows[first + j]));
    points.push_back(std::move(k_pows[first + j]));
  }
  // c_ℓ = c − Σ_{j≠ℓ} c_j  [eq. 59, 60]
  Bytes encodings(points.size() * group.ElementSize());
  group.EncodeElementsInto(points, encodings);
  const math::Scalar challenge = Challenge(group, context, encodings);
  c[plaintext] = challenge - (sum - c[plaintext]);
  RangeProof proof;
  proof.challenges = std::move(c);
  proof.responses.reserve(n);
  for (size_t j = 0; j < n; ++j) {
    // v_j = u_j − c_j·ξ  [eq. 61]; public once computed.
    math::SecretScalar v = g_exps[first + j] - proof.challenges[j] * nonce;
    proof.responses.push_back(v.Reveal(SecretAccess::Get()));
  }
  return proof;
}

}  // namespace

RangeProofContext RangeProofContext::ForSelection(const Hash32& h_i, uint32_t contest_index,
                                                  uint32_t option_index) {
  RangeProofContext ctx{h_i, Bytes{0x24}};
  AppendU32(ctx.prefix, contest_index);
  AppendU32(ctx.prefix, option_index);
  return ctx;
}

RangeProofContext RangeProofContext::ForContest(const Hash32& h_i, uint32_t contest_index) {
  RangeProofContext ctx{h_i, Bytes{0x24}};
  AppendU32(ctx.prefix, contest_index);
  return ctx;
}

Bytes RangeProof::Encode() const {
  Bytes out;
  for (size_t j = 0; j < challenges.size() && j < responses.size(); ++j) {
    Append(out, challenges[j].Encode());
    Append(out, responses[j].Encode());
  }
  return out;
}

StatusOr<RangeProof> ParseRangeProof(const math::Group& group, ByteSpan bytes, uint64_t range) {
  HENHOUSE_RETURN_IF_ERROR(CheckRange(range));
  const size_t lq = group.ScalarSize();
  const size_t want = 2 * (range + 1) * lq;
  if (bytes.size() != want) {
    return InvalidArgumentError("range proof: expected " + std::to_string(want) +
                                " bytes for R = " + std::to_string(range) + ", got " +
                                std::to_string(bytes.size()));
  }
  RangeProof proof;
  for (uint64_t j = 0; j <= range; ++j) {
    auto c = group.ParseScalar(bytes.subspan(2 * j * lq, lq));
    if (!c.ok()) return c.status().WithContext("range proof c_" + std::to_string(j));
    auto v = group.ParseScalar(bytes.subspan((2 * j + 1) * lq, lq));
    if (!v.ok()) return v.status().WithContext("range proof v_" + std::to_string(j));
    proof.challenges.push_back(*c);
    proof.responses.push_back(*v);
  }
  return proof;
}

StatusOr<RangeProof> ProveRange(const ElGamalKey& key, const Ciphertext& ct,
                                const math::SecretScalar& nonce, uint64_t plaintext,
                                uint64_t range, const RangeProofContext& context, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckRange(range));
  if (plaintext > range) {
    return InvalidArgumentError("range proof: plaintext " + std::to_string(plaintext) +
                                " is outside the range [0, " + std::to_string(range) + "]");
  }
  HENHOUSE_RETURN_IF_ERROR(CheckGroup(key, ct));
  // Refuse to prove a false statement: ct must be (g^ξ, K^(ξ+ℓ)). The
  // proof is built for the recomputed encryption (its two powers in the same
  // batch as the commitments) and returned only if that equals ct, so it is
  // then exactly the proof for ct.
  Ciphertext computed;
  RangeProof proof = ProveUnchecked(key, computed, true, nonce, plaintext, range, context, rng);
  if (!(computed == ct)) {
    return InvalidArgumentError(
        "range proof: ciphertext is not the encryption of the given plaintext with the given "
        "nonce");
  }
  return proof;
}

StatusOr<ProvenCiphertext> EncryptWithRangeProof(const ElGamalKey& key, uint64_t plaintext,
                                                 const math::SecretScalar& nonce, uint64_t range,
                                                 const RangeProofContext& context, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckRange(range));
  if (plaintext > range) {
    return InvalidArgumentError("range proof: plaintext " + std::to_string(plaintext) +
                                " is outside the range [0, " + std::to_string(range) + "]");
  }
  ProvenCiphertext out;
  out.proof = ProveUnchecked(key, out.ciphertext, true, nonce, plaintext, range, context, rng);
  return out;
}

Status VerifyRange(const ElGamalKey& key, const Ciphertext& ct, const RangeProof& proof,
                   uint64_t range, const RangeProofContext& context) {
  HENHOUSE_RETURN_IF_ERROR(CheckRange(range));
  HENHOUSE_RETURN_IF_ERROR(CheckGroup(key, ct));
  HENHOUSE_RETURN_IF_ERROR(CheckShape(proof, range));
  const math::Group& group = key.group();
  const std::vector<math::Scalar> w = KExponents(group, proof);
  auto [a, b] = group.PowManyTimesFixedTwo(ct.alpha, proof.challenges, key.g(), proof.responses,
                                           ct.beta, proof.challenges, key.key(), w);
  return CheckCommitments(group, ct.alpha.Encode(), ct.beta.Encode(), a, b, proof, context);
}

StatusOr<Ciphertext> VerifyRangeEncoded(const ElGamalKey& key, ByteSpan alpha, ByteSpan beta,
                                        const RangeProof& proof, uint64_t range,
                                        const RangeProofContext& context) {
  HENHOUSE_RETURN_IF_ERROR(CheckRange(range));
  HENHOUSE_RETURN_IF_ERROR(CheckShape(proof, range));
  const math::Group& group = key.group();
  // Subgroup membership of α and β (6.A) shares its squarings with α^(c_j);
  // a_j = g^(v_j)·α^(c_j) and b_j = K^(w_j)·β^(c_j) come with the parse.
  const std::vector<math::Scalar> w = KExponents(group, proof);
  auto [alpha_p, beta_p] =
      group.ParseTwoWithProducts({alpha, proof.challenges, &key.g(), proof.responses},
                                 {beta, proof.challenges, &key.key(), w});
  if (!alpha_p.ok()) return alpha_p.status().WithContext("alpha");
  if (!beta_p.ok()) return beta_p.status().WithContext("beta");
  Ciphertext ct{(*alpha_p)[0], (*beta_p)[0]};
  std::span<const math::Element> a(alpha_p->data() + 1, alpha_p->size() - 1);
  std::span<const math::Element> b(beta_p->data() + 1, beta_p->size() - 1);
  // A successful parse means the bytes are the canonical encoding.
  HENHOUSE_RETURN_IF_ERROR(CheckCommitments(group, alpha, beta, a, b, proof, context));
  return ct;
}

}  // namespace henhouse::crypto
