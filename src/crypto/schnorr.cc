#include "henhouse/crypto/schnorr.h"

#include <string>

namespace henhouse::crypto {
namespace {

std::string PurposeName(KeyPurpose purpose) { return std::string(KeyPurposeLabel(purpose)); }

Status CheckGuardianIndex(uint32_t index, std::string_view what) {
  if (index == 0 || index >= (1u << 31)) {
    return InvalidArgumentError(std::string(what) + ": guardian index must be in [1, 2^31), got " +
                                std::to_string(index));
  }
  return OkStatus();
}

// CoefficientChallenge returns c_i = H_q(H_P; 0x10, label, i, K_{i,0..k−1},
// κ_i, h_{i,0..k})  [2.1 eq. 11, 13; §5.5.2].
math::Scalar CoefficientChallenge(const math::Group& group, const Hash32& h_p,
                                  KeyPurpose purpose, uint32_t index,
                                  std::span<const math::Element> commitments,
                                  const math::Element& kappa,
                                  std::span<const math::Element> h) {
  HashInput in(0x10);
  in.Fixed(KeyPurposeLabel(purpose)).U32(index).Elements(commitments).Element(kappa).Elements(h);
  return Hq(group, h_p, in);
}

// Powers returns [1, x, x^2, ..., x^(count−1)] mod q.
std::vector<math::Scalar> Powers(const math::Group& group, uint32_t x, size_t count) {
  std::vector<math::Scalar> out;
  out.reserve(count);
  math::Scalar xs = group.ScalarFromU64(x);
  math::Scalar p = group.ScalarFromU64(1);
  for (size_t j = 0; j < count; ++j) {
    out.push_back(p);
    p = p * xs;
  }
  return out;
}

}  // namespace

std::string_view KeyPurposeLabel(KeyPurpose purpose) {
  return purpose == KeyPurpose::kVote ? "pk_vote" : "pk_data";
}

Bytes CoefficientProof::Encode() const {
  Bytes out = challenge.Encode();
  for (const math::Scalar& v : responses) Append(out, v.Encode());
  return out;
}

StatusOr<CoefficientProof> ParseCoefficientProof(const math::Group& group, ByteSpan bytes,
                                                 uint32_t quorum) {
  if (quorum == 0 || quorum >= (1u << 31)) {
    return InvalidArgumentError("coefficient proof: quorum must be in [1, 2^31)");
  }
  const size_t lq = group.ScalarSize();
  const size_t want = (size_t{quorum} + 2) * lq;
  if (bytes.size() != want) {
    return InvalidArgumentError("coefficient proof: expected " + std::to_string(want) +
                                " bytes for k = " + std::to_string(quorum) + ", got " +
                                std::to_string(bytes.size()));
  }
  CoefficientProof proof;
  auto c = group.ParseScalar(bytes.subspan(0, lq));
  if (!c.ok()) return c.status().WithContext("coefficient proof challenge");
  proof.challenge = *c;
  for (size_t j = 0; j <= quorum; ++j) {
    auto v = group.ParseScalar(bytes.subspan((j + 1) * lq, lq));
    if (!v.ok()) return v.status().WithContext("coefficient proof response v_" + std::to_string(j));
    proof.responses.push_back(*v);
  }
  return proof;
}

std::vector<math::Element> CommitCoefficients(const math::FixedBase& g,
                                              std::span<const math::SecretScalar> coefficients) {
  // K_{i,j} = g^(a_{i,j})  [2.1 eq. 8]; κ_i = g^(ζ_i)  [eq. 9]
  std::vector<math::Element> out;
  out.reserve(coefficients.size());
  for (const math::SecretScalar& a : coefficients) out.push_back(g.Pow(a));
  return out;
}

StatusOr<CoefficientProof> ProveCoefficients(const math::FixedBase& g, const Hash32& h_p,
                                             KeyPurpose purpose, uint32_t guardian_index,
                                             std::span<const math::SecretScalar> coefficients,
                                             std::span<const math::Element> commitments,
                                             const math::SecretScalar& communication_secret,
                                             const math::Element& communication_key, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckGuardianIndex(guardian_index, "coefficient proof"));
  if (coefficients.empty() || coefficients.size() != commitments.size()) {
    return InvalidArgumentError("coefficient proof: need k >= 1 coefficients and as many "
                                "commitments, got " + std::to_string(coefficients.size()) +
                                " and " + std::to_string(commitments.size()));
  }
  const math::Group& group = *g.base().group();
  const size_t k = coefficients.size();
  std::vector<math::SecretScalar> u;
  std::vector<math::Element> h;
  u.reserve(k + 1);
  h.reserve(k + 1);
  for (size_t j = 0; j <= k; ++j) {
    u.push_back(group.RandomSecretScalar(rng));
    h.push_back(g.Pow(u[j]));  // h_{i,j} = g^(u_{i,j})  [eq. 10, 12]
  }
  CoefficientProof proof;
  proof.challenge = CoefficientChallenge(group, h_p, purpose, guardian_index, commitments,
                                         communication_key, h);
  for (size_t j = 0; j <= k; ++j) {
    // v_{i,j} = u_{i,j} − c_i·a_{i,j};  v_{i,k} = u_{i,k} − c_i·ζ_i
    const math::SecretScalar& secret = j < k ? coefficients[j] : communication_secret;
    math::SecretScalar v = u[j] - proof.challenge * secret;
    proof.responses.push_back(v.Reveal(SecretAccess::Get()));
  }
  return proof;
}

Status VerifyCoefficients(const math::FixedBase& g, const Hash32& h_p, KeyPurpose purpose,
                          uint32_t guardian_index, std::span<const math::Element> commitments,
                          const math::Element& communication_key,
                          const CoefficientProof& proof) {
  HENHOUSE_RETURN_IF_ERROR(CheckGuardianIndex(guardian_index, "coefficient proof"));
  const std::string who =
      "guardian " + std::to_string(guardian_index) + ", " + PurposeName(purpose);
  if (commitments.empty() || proof.responses.size() != commitments.size() + 1) {
    return InvalidArgumentError("coefficient proof (" + who + "): expected k+1 = " +
                                std::to_string(commitments.size() + 1) + " responses, got " +
                                std::to_string(proof.responses.size()));
  }
  const math::Group& group = *g.base().group();
  const size_t k = commitments.size();
  std::vector<math::Element> h;
  h.reserve(k + 1);
  for (size_t j = 0; j <= k; ++j) {
    // h_{i,j} = g^(v_{i,j})·K_{i,j}^(c_i), h_{i,k} = g^(v_{i,k})·κ_i^(c_i)  [2.1–2.4]
    const math::Element& base = j < k ? commitments[j] : communication_key;
    h.push_back(g.Pow(proof.responses[j]) * base.Pow(proof.challenge));
  }
  math::Scalar c = CoefficientChallenge(group, h_p, purpose, guardian_index, commitments,
                                        communication_key, h);
  if (!(c == proof.challenge)) {
    return VerificationFailedError("coefficient proof challenge mismatch (" + who + ")");
  }
  return OkStatus();
}

math::SecretScalar EvaluatePolynomial(std::span<const math::SecretScalar> coefficients,
                                      uint32_t x) {
  // P(x) = Σ_j a_j·x^j  [2.1 eq. 7], by Horner's rule.
  const math::Group& group = *coefficients.back().group();
  const math::Scalar xs = group.ScalarFromU64(x);
  math::SecretScalar acc = coefficients.back().Copy();
  for (size_t j = coefficients.size() - 1; j-- > 0;) {
    acc = xs * acc + coefficients[j];
  }
  return acc;
}

math::Element CommitmentsAt(const math::Group& group, std::span<const math::Element> commitments,
                            uint32_t x) {
  // g^(P(x)) = Π_j K_j^(x^j)  [2.1 eq. 14]
  std::vector<math::Scalar> exps = Powers(group, x, commitments.size());
  return group.MultiPow(commitments, exps);
}

Status VerifyShare(const math::FixedBase& g, std::span<const math::Element> commitments,
                   uint32_t sender_index, uint32_t receiver_index,
                   const math::SecretScalar& share) {
  if (commitments.empty()) {
    return InvalidArgumentError("share check: sender " + std::to_string(sender_index) +
                                " has no coefficient commitments");
  }
  const math::Group& group = *g.base().group();
  // g^(P_i(ℓ)) = Π_j K_{i,j}^(ℓ^j)  [2.1 eq. 28, 29]
  if (!(g.Pow(share) == CommitmentsAt(group, commitments, receiver_index))) {
    return VerificationFailedError("share from guardian " + std::to_string(sender_index) +
                                   " for guardian " + std::to_string(receiver_index) +
                                   " does not match the sender's coefficient commitments");
  }
  return OkStatus();
}

math::Element GuardianShareKey(const math::Group& group,
                               std::span<const std::vector<math::Element>> commitments,
                               uint32_t guardian_index) {
  // g^(z_i) = Π_j Π_m K_{j,m}^(i^m)  [2.1 eq. 94]
  const size_t k = commitments.front().size();
  std::vector<math::Scalar> powers = Powers(group, guardian_index, k);
  std::vector<math::Element> bases;
  std::vector<math::Scalar> exps;
  bases.reserve(commitments.size() * k);
  exps.reserve(commitments.size() * k);
  for (const std::vector<math::Element>& guardian : commitments) {
    for (size_t m = 0; m < guardian.size() && m < k; ++m) {
      bases.push_back(guardian[m]);
      exps.push_back(powers[m]);
    }
  }
  return group.MultiPow(bases, exps);
}

}  // namespace henhouse::crypto
