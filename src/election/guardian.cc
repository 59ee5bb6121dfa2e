#include "henhouse/election/guardian.h"

#include <filesystem>

#include "henhouse/base/file.h"
#include "henhouse/crypto/parameters.h"

namespace henhouse::election {
namespace {

// kRevealSeparator is the domain separation byte of the share-reveal proof, a
// henhouse extension outside the spec's §5.5 table (docs/election.md).
constexpr uint8_t kRevealSeparator = 0x60;

std::string AttemptFile(const std::string& dir, uint32_t attempt) {
  return dir + "/attempt-" + std::to_string(attempt) + ".secret";
}

void AppendSecret(Bytes& out, const math::SecretScalar& s) {
  SecretBytes b = s.EncodeSecret(SecretAccess::Get());
  Append(out, b.Reveal(SecretAccess::Get()));
}

StatusOr<std::vector<math::SecretScalar>> ReadSecrets(const math::Group& group,
                                                      const SecretBytes& bytes, size_t count,
                                                      const std::string& path) {
  size_t lq = group.ScalarSize();
  if (bytes.size() != count * lq) {
    return DataLossError("guardian secret file " + path + ": expected " +
                         std::to_string(count * lq) + " bytes, found " +
                         std::to_string(bytes.size()));
  }
  std::vector<math::SecretScalar> out;
  ByteSpan all = bytes.Reveal(SecretAccess::Get());
  for (size_t i = 0; i < count; ++i) {
    auto s = group.ParseSecretScalar(all.subspan(i * lq, lq));
    if (!s.ok()) return DataLossError("guardian secret file " + path + ": value out of range");
    out.push_back(*std::move(s));
  }
  return out;
}

crypto::Hash32 RevealKey(const ElectionParameters& p) { return p.h_p; }

math::Scalar RevealChallenge(const ElectionParameters& p, const ShareMessage& m,
                             const math::Element& kappa, const math::Element& beta,
                             const math::Element& a, const math::Element& b) {
  // c = H_q(H_P; 0x60, i, ℓ, κ_ℓ, C0, β, a, b)  (henhouse, docs/election.md)
  crypto::HashInput in(kRevealSeparator);
  in.U32(m.sender).U32(m.recipient).Element(kappa).Element(m.share.c0).Element(beta).Element(a).Element(b);
  return crypto::Hq(*p.group, RevealKey(p), in);
}

}  // namespace

StatusOr<ElectionParameters> ElectionParameters::Create(const Manifest& manifest) {
  ElectionParameters p{nullptr, manifest, manifest.guardians(), manifest.quorum(), {}, {}, {}};
  HENHOUSE_ASSIGN_OR_RETURN(p.group, math::GroupByName(manifest.group()));
  HENHOUSE_ASSIGN_OR_RETURN(p.h_p, crypto::ParameterBaseHash(*p.group, p.n, p.k));
  std::string canonical = manifest.Canonical();
  HENHOUSE_ASSIGN_OR_RETURN(p.h_b, crypto::ElectionBaseHash(p.h_p, AsBytes(canonical)));
  p.g = p.group->Precompute(p.group->Generator());
  return p;
}

Status VerifyGuardianPublicKey(const ElectionParameters& params, const GuardianPublicKey& key) {
  std::string what = "guardian " + std::to_string(key.index);
  if (key.index < 1 || key.index > params.n) {
    return InvalidArgumentError(what + ": index outside 1.." + std::to_string(params.n));
  }
  if (key.vote_commitments.size() != params.k || key.data_commitments.size() != params.k) {
    return InvalidArgumentError(what + ": expected " + std::to_string(params.k) +
                                " coefficient commitments");
  }
  HENHOUSE_RETURN_IF_ERROR(crypto::VerifyCoefficients(
      params.g, params.h_p, crypto::KeyPurpose::kVote, key.index, key.vote_commitments,
      key.communication_key, key.vote_proof));
  return crypto::VerifyCoefficients(params.g, params.h_p, crypto::KeyPurpose::kData, key.index,
                                    key.data_commitments, key.communication_key, key.data_proof);
}

StatusOr<std::unique_ptr<Guardian>> Guardian::Create(const ElectionParameters& params,
                                                     uint32_t index, uint32_t attempt,
                                                     const std::string& dir, FoxMode fox,
                                                     Rng& rng) {
  if (index < 1 || index > params.n) {
    return InvalidArgumentError("guardian index " + std::to_string(index) + " outside 1..n");
  }
  std::unique_ptr<Guardian> g(new Guardian(params, index, dir, fox));
  const math::Group& group = *params.group;
  Bytes secret;
  for (uint32_t j = 0; j < params.k; ++j) {
    g->vote_coefficients_.push_back(group.RandomSecretScalar(rng));  // a_{i,j}  [eq. 7]
    g->data_coefficients_.push_back(group.RandomSecretScalar(rng));  // â_{i,j}
  }
  g->communication_secret_ = group.RandomSecretScalar(rng);  // ζ_i  [eq. 9]
  for (const auto& s : g->vote_coefficients_) AppendSecret(secret, s);
  for (const auto& s : g->data_coefficients_) AppendSecret(secret, s);
  AppendSecret(secret, g->communication_secret_);
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir, 0700));
  HENHOUSE_RETURN_IF_ERROR(WriteSecretFile(AttemptFile(dir, attempt), SecretBytes::Adopt(secret)));

  GuardianPublicKey& pk = g->public_key_;
  pk.attempt = attempt;
  pk.index = index;
  pk.vote_commitments = crypto::CommitCoefficients(params.g, g->vote_coefficients_);  // [eq. 8]
  pk.data_commitments = crypto::CommitCoefficients(params.g, g->data_coefficients_);
  pk.communication_key = params.g.Pow(g->communication_secret_);  // κ_i = g^ζ_i  [eq. 9]
  HENHOUSE_ASSIGN_OR_RETURN(
      pk.vote_proof, crypto::ProveCoefficients(params.g, params.h_p, crypto::KeyPurpose::kVote,
                                               index, g->vote_coefficients_, pk.vote_commitments,
                                               g->communication_secret_, pk.communication_key, rng));
  HENHOUSE_ASSIGN_OR_RETURN(
      pk.data_proof, crypto::ProveCoefficients(params.g, params.h_p, crypto::KeyPurpose::kData,
                                               index, g->data_coefficients_, pk.data_commitments,
                                               g->communication_secret_, pk.communication_key, rng));
  return g;
}

StatusOr<std::unique_ptr<Guardian>> Guardian::Load(const ElectionParameters& params,
                                                   uint32_t index, const std::string& dir,
                                                   FoxMode fox) {
  std::unique_ptr<Guardian> g(new Guardian(params, index, dir, fox));
  std::string path = dir + "/shares.secret";
  HENHOUSE_ASSIGN_OR_RETURN(SecretBytes bytes, ReadSecretFile(path));
  HENHOUSE_ASSIGN_OR_RETURN(auto shares, ReadSecrets(*params.group, bytes, 2, path));
  g->vote_share_ = std::move(shares[0]);
  g->data_share_ = std::move(shares[1]);
  g->finished_ = true;
  return g;
}

StatusOr<std::vector<ShareMessage>> Guardian::MakeShares(
    const std::vector<GuardianPublicKey>& keys, Rng& rng) const {
  std::vector<ShareMessage> out;
  for (const GuardianPublicKey& key : keys) {
    uint32_t l = key.index;
    if (l == index_) continue;
    crypto::SharePair pair{crypto::EvaluatePolynomial(vote_coefficients_, l),   // P_i(ℓ)
                           crypto::EvaluatePolynomial(data_coefficients_, l)};  // P̂_i(ℓ)
    bool cheat = CheatsInCeremony(fox_) && public_key_.attempt == 1 &&
                 l == index_ % params_.n + 1;
    if (cheat) {
      // The fox sends P_i(ℓ) + 1: well encrypted, but not on its polynomial.
      pair.vote = pair.vote + params_.group->ScalarFromU64(1);
    }
    ShareMessage m{public_key_.attempt, index_, l, {}};
    HENHOUSE_ASSIGN_OR_RETURN(m.share, crypto::EncryptShare(params_.g, params_.h_p, index_, l,
                                                            key.communication_key, pair, rng));
    out.push_back(std::move(m));
  }
  return out;
}

StatusOr<std::vector<Complaint>> Guardian::ReceiveShares(
    const std::vector<GuardianPublicKey>& keys, const std::vector<ShareMessage>& shares) {
  std::vector<Complaint> complaints;
  received_.clear();
  for (const ShareMessage& m : shares) {
    if (m.recipient != index_ || m.sender == index_ || m.sender < 1 || m.sender > keys.size()) {
      continue;
    }
    const GuardianPublicKey& sender = keys[m.sender - 1];
    Complaint c{public_key_.attempt, index_, m.sender, ""};
    auto pair = crypto::DecryptShare(params_.g, params_.h_p, m.sender, index_,
                                     public_key_.communication_key, communication_secret_,
                                     m.share);
    if (!pair.ok()) {
      c.reason = "share proof invalid";
    } else if (!crypto::VerifyShare(params_.g, sender.vote_commitments, m.sender, index_,
                                    pair->vote).ok() ||
               !crypto::VerifyShare(params_.g, sender.data_commitments, m.sender, index_,
                                    pair->data).ok()) {
      c.reason = "share fails commitments";  // eq. 28 or 29
    } else {
      received_[m.sender] = *std::move(pair);
      continue;
    }
    complaints.push_back(std::move(c));
  }
  for (const GuardianPublicKey& key : keys) {
    if (key.index != index_ && !received_.count(key.index)) {
      bool named = false;
      for (const Complaint& c : complaints) named = named || c.accused == key.index;
      if (!named) {
        complaints.push_back({public_key_.attempt, index_, key.index, "share missing"});
      }
    }
  }
  return complaints;
}

StatusOr<ShareReveal> Guardian::RevealShare(const ShareMessage& m, Rng& rng) const {
  if (m.recipient != index_) {
    return InvalidArgumentError("guardian " + std::to_string(index_) +
                                " can only reveal shares addressed to it");
  }
  const math::Group& group = *params_.group;
  ShareReveal r{m.attempt, m.sender, m.recipient, {}, {}, {}};
  r.beta = m.share.c0.Pow(communication_secret_);  // β = C0^ζ_ℓ
  math::SecretScalar u = group.RandomSecretScalar(rng);
  math::Element a = params_.g.Pow(u);
  math::Element b = m.share.c0.Pow(u);
  r.challenge = RevealChallenge(params_, m, public_key_.communication_key, r.beta, a, b);
  r.response = (u - r.challenge * communication_secret_).Reveal(SecretAccess::Get());
  return r;
}

StatusOr<std::pair<math::Scalar, math::Scalar>> OpenRevealedShare(
    const ElectionParameters& params, const GuardianPublicKey& recipient_key,
    const ShareMessage& m, const ShareReveal& r) {
  const math::Element& kappa = recipient_key.communication_key;
  math::Element a = params.g.Pow(r.response) * kappa.Pow(r.challenge);
  math::Element b = m.share.c0.Pow(r.response) * r.beta.Pow(r.challenge);
  if (!(RevealChallenge(params, m, kappa, r.beta, a, b) == r.challenge)) {
    return VerificationFailedError("share reveal " + std::to_string(m.sender) + "->" +
                                   std::to_string(m.recipient) + ": proof does not verify");
  }
  if (m.share.c1.size() != crypto::kShareCiphertextBytes) {
    return InvalidArgumentError("share reveal: C1 must be 64 bytes");
  }
  // k_{i,ℓ} = H(H_P; 0x11, i, ℓ, κ_ℓ, α, β), k1, k2 and eq. 23 with the
  // revealed β [eq. 16–18, 23]; the result is public.
  HENHOUSE_ASSIGN_OR_RETURN(crypto::SharePair pair,
                            crypto::DecryptShareWithBeta(*params.group, params.h_p, m.sender,
                                                         m.recipient, kappa, m.share, r.beta));
  math::Scalar share = pair.vote.Reveal(SecretAccess::Get());
  math::Scalar data_share = pair.data.Reveal(SecretAccess::Get());
  return std::make_pair(share, data_share);
}

bool ShareIsValid(const ElectionParameters& params, const GuardianPublicKey& sender_key,
                  uint32_t recipient, const math::Scalar& share, const math::Scalar& data_share) {
  // g^{P_i(ℓ)} = Π_j K_{i,j}^{ℓ^j}  [eq. 28, 29]
  return params.g.Pow(share) ==
             crypto::CommitmentsAt(*params.group, sender_key.vote_commitments, recipient) &&
         params.g.Pow(data_share) ==
             crypto::CommitmentsAt(*params.group, sender_key.data_commitments, recipient);
}

Status Guardian::Finish() {
  if (received_.size() + 1 != params_.n) {
    return FailedPreconditionError("guardian " + std::to_string(index_) + " holds " +
                                   std::to_string(received_.size()) + " valid shares, needs " +
                                   std::to_string(params_.n - 1));
  }
  // z_i = Σ_j P_j(i), ẑ_i = Σ_j P̂_j(i)  [eq. 24]
  vote_share_ = crypto::EvaluatePolynomial(vote_coefficients_, index_);
  data_share_ = crypto::EvaluatePolynomial(data_coefficients_, index_);
  for (const auto& [sender, pair] : received_) {
    vote_share_ = vote_share_ + pair.vote;
    data_share_ = data_share_ + pair.data;
  }
  HENHOUSE_RETURN_IF_ERROR(SaveShares());
  std::error_code ec;
  std::filesystem::remove(AttemptFile(dir_, public_key_.attempt), ec);
  finished_ = true;
  return OkStatus();
}

Status Guardian::SaveShares() const {
  Bytes b;
  AppendSecret(b, vote_share_);
  AppendSecret(b, data_share_);
  return WriteSecretFile(dir_ + "/shares.secret", SecretBytes::Adopt(b));
}

}  // namespace henhouse::election
