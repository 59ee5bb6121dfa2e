#include "henhouse/election/ballot.h"

#include <algorithm>

namespace henhouse::election {
namespace {

ChainingField MakeField(uint32_t mode, const crypto::Hash32& h) {
  ChainingField f{};
  Bytes m;
  AppendU32(m, mode);
  std::copy(m.begin(), m.end(), f.begin());
  std::copy(h.begin(), h.end(), f.begin() + 4);
  return f;
}

}  // namespace

Status ValidatePlaintext(const Manifest& manifest, const PlaintextBallot& ballot) {
  auto style = manifest.StyleIndex(ballot.style);
  if (!style.ok()) return InvalidArgumentError("plaintext ballot: " + style.status().message());
  const BallotStyle& st = manifest.styles()[*style - 1];
  if (ballot.selections.size() != st.contests.size()) {
    return InvalidArgumentError("plaintext ballot: style \"" + st.label + "\" has " +
                                std::to_string(st.contests.size()) + " contests, ballot has " +
                                std::to_string(ballot.selections.size()));
  }
  if (!ballot.inputs.empty() && ballot.inputs.size() != st.contests.size()) {
    return InvalidArgumentError("plaintext ballot: contest inputs must be absent or one per contest");
  }
  for (size_t c = 0; c < st.contests.size(); ++c) {
    const ContestDef& def = manifest.contest(st.contests[c]);
    const auto& values = ballot.selections[c];
    std::string what = "plaintext ballot contest \"" + def.label + "\"";
    if (values.size() != def.options.size()) {
      return InvalidArgumentError(what + ": expected " + std::to_string(def.options.size()) +
                                  " option values, got " + std::to_string(values.size()));
    }
    uint64_t sum = 0;
    for (size_t o = 0; o < values.size(); ++o) {
      if (values[o] > def.option_limit) {
        return InvalidArgumentError(what + " option \"" + def.options[o].label + "\": value " +
                                    std::to_string(values[o]) + " is over the option limit " +
                                    std::to_string(def.option_limit));
      }
      sum += values[o];
    }
    if (sum > def.selection_limit) {
      return InvalidArgumentError(what + ": " + std::to_string(sum) +
                                  " selections are over the contest limit " +
                                  std::to_string(def.selection_limit));
    }
    if (!ballot.inputs.empty()) {
      HENHOUSE_RETURN_IF_ERROR(ValidateContestInput(def, values, ballot.inputs[c], what));
    }
  }
  return OkStatus();
}

crypto::Hash32 ContestHash(const crypto::Hash32& h_i, uint32_t contest_index,
                           const std::vector<crypto::Ciphertext>& cts,
                           const crypto::EncryptedContestData& data) {
  // χ_l = H(H_I; 0x28, l, α_1, β_1, …, α_m, β_m, C0, C1, C2)  [eq. 70]
  crypto::HashInput in(0x28);
  in.U32(contest_index);
  for (const auto& ct : cts) in.Element(ct.alpha).Element(ct.beta);
  in.Element(data.c0).Fixed(data.c1).Fixed(data.c2.Encode());
  return crypto::H(h_i, in);
}

crypto::Hash32 ConfirmationCode(const EncryptedBallot& ballot, const ChainingField& field) {
  // H_C = H(H_I; 0x29, χ_1, …, χ_mB, B_C)  [eq. 71]
  crypto::HashInput in(0x29);
  for (const auto& c : ballot.contests) in.Fixed(c.contest_hash);
  in.Fixed(ByteSpan(field));
  return crypto::H(ballot.h_i, in);
}

StatusOr<BallotEncrypter> BallotEncrypter::Create(const ElectionParameters& params,
                                                  const ElectionKeys& keys) {
  HENHOUSE_ASSIGN_OR_RETURN(crypto::ElGamalKey key,
                            crypto::ElGamalKey::Create(params.group, keys.vote_key));
  math::FixedBase data_key = params.group->Precompute(keys.data_key);
  return BallotEncrypter(params, keys, std::move(key), std::move(data_key));
}

StatusOr<EncryptedContest> BallotEncrypter::EncryptContest(uint32_t contest_index,
                                                           const std::vector<uint32_t>& values,
                                                           const ContestInput& input,
                                                           const crypto::Hash32& h_i,
                                                           const SecretBytes& ballot_nonce,
                                                           Rng& rng) const {
  const math::Group& group = *params_->group;
  const ContestDef& def = params_->manifest.contest(contest_index);
  EncryptedContest ec;
  ec.index = contest_index;
  std::vector<crypto::Ciphertext> cts;
  math::SecretScalar nonce_sum = group.RandomSecretScalar(rng);
  nonce_sum = nonce_sum - nonce_sum.Copy();  // zero
  uint64_t sum = 0;
  for (uint32_t j = 1; j <= values.size(); ++j) {
    // ξ_{i,j} = H_q(H_I; 0x21, i, j, ξ_B)  [eq. 33]
    math::SecretScalar xi =
        crypto::DeriveSelectionNonce(group, h_i, contest_index, j, ballot_nonce);
    uint32_t sigma = values[j - 1];
    // (g^ξ, K^(σ+ξ))  [eq. 31] and its range proof, the powers in one batch.
    HENHOUSE_ASSIGN_OR_RETURN(
        crypto::ProvenCiphertext pc,
        crypto::EncryptWithRangeProof(
            vote_key_, sigma, xi, def.option_limit,
            crypto::RangeProofContext::ForSelection(h_i, contest_index, j), rng));
    nonce_sum = nonce_sum + xi;
    sum += sigma;
    cts.push_back(pc.ciphertext);
    ec.selections.push_back({pc.ciphertext, std::move(pc.proof)});
  }
  // (ᾱ, β̄) = (Π α, Π β) encrypts Σσ ≤ L  [eq. 62]
  crypto::Ciphertext total = crypto::Product(group, cts);
  HENHOUSE_ASSIGN_OR_RETURN(
      ec.limit_proof,
      crypto::ProveRange(vote_key_, total, nonce_sum, sum, def.selection_limit,
                         crypto::RangeProofContext::ForContest(h_i, contest_index), rng));
  // D [eq. 63] encrypted under K̂ with ξ = H_q(H_I; 0x25, ind_c, ξ_B)  [eq. 64–69]
  HENHOUSE_ASSIGN_OR_RETURN(Bytes data,
                            EncodeContestData(def, MakeContestData(def, values, input)));
  math::SecretScalar data_nonce =
      crypto::DeriveContestDataNonce(group, h_i, contest_index, ballot_nonce);
  HENHOUSE_ASSIGN_OR_RETURN(ec.data, crypto::EncryptContestData(vote_key_.g(), data_key_, h_i,
                                                                contest_index, data_nonce, data,
                                                                rng));
  ec.contest_hash = ContestHash(h_i, contest_index, cts, ec.data);
  return ec;
}

StatusOr<EncryptedBallot> BallotEncrypter::Encrypt(const PlaintextBallot& ballot, Rng& rng) const {
  HENHOUSE_RETURN_IF_ERROR(ValidatePlaintext(params_->manifest, ballot));
  const BallotStyle& st = params_->manifest.styles()[*params_->manifest.StyleIndex(ballot.style) - 1];
  EncryptedBallot b;
  b.style = ballot.style;
  rng.Fill(b.id);  // id_B, 256 uniform bits  [§3.3.2]
  crypto::HashInput hi(0x20);
  hi.Fixed(b.id);
  b.h_i = crypto::H(keys_->h_e, hi);  // H_I = H(H_E; 0x20, id_B)  [eq. 32]
  SecretBytes ballot_nonce(crypto::kBallotNonceBytes);
  rng.Fill(ballot_nonce.MutableReveal(SecretAccess::Get()));  // ξ_B  [§3.3.3]
  const ContestInput no_input;
  for (size_t c = 0; c < st.contests.size(); ++c) {
    const ContestInput& input = ballot.inputs.empty() ? no_input : ballot.inputs[c];
    HENHOUSE_ASSIGN_OR_RETURN(EncryptedContest ec,
                              EncryptContest(st.contests[c], ballot.selections[c], input, b.h_i,
                                             ballot_nonce, rng));
    b.contests.push_back(std::move(ec));
  }
  HENHOUSE_ASSIGN_OR_RETURN(b.nonce_encryption,
                            crypto::EncryptBallotNonce(vote_key_.g(), data_key_, b.h_i,
                                                       ballot_nonce, rng));  // [eq. 34–38]
  return b;
}

StatusOr<VotingDevice> VotingDevice::Create(const crypto::Hash32& h_e, std::string id,
                                            std::string info, ChainingMode mode) {
  bool ok_id = !id.empty() && id.size() <= 64 &&
               std::all_of(id.begin(), id.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-';
               });
  if (!ok_id) return InvalidArgumentError("device id \"" + id + "\" must be [A-Za-z0-9-]{1,64}");
  VotingDevice d;
  d.h_e_ = h_e;
  d.id_ = std::move(id);
  d.info_ = std::move(info);
  d.mode_ = mode;
  crypto::HashInput in(0x2A);
  in.LengthPrefixed(AsBytes(d.info_));
  d.h_di_ = crypto::H(h_e, in);  // H_DI = H(H_E; 0x2A, S_device)  [eq. 72]
  crypto::HashInput h0(0x29);
  h0.Fixed(ByteSpan(MakeField(1, d.h_di_)));
  d.h_0_ = crypto::H(h_e, h0);  // H_0 = H(H_E; 0x29, 0x00000001 ∥ H_DI)  [eq. 74, 75]
  d.last_ = d.h_0_;
  return d;
}

void VotingDevice::Seal(EncryptedBallot& ballot) {
  ballot.device = id_;
  // B_C = 0x00000000 ∥ H_DI [eq. 73], or 0x00000001 ∥ H_{j−1} [eq. 76]
  ballot.chaining_field = mode_ == ChainingMode::kNone ? MakeField(0, h_di_) : MakeField(1, last_);
  ballot.confirmation_code = ConfirmationCode(ballot, ballot.chaining_field);
  last_ = ballot.confirmation_code;
  ++count_;
}

std::pair<ChainingField, crypto::Hash32> VotingDevice::Closing() const {
  // B_C = 0x00000001 ∥ H(H_E; 0x2B, H_ℓ, B_{C,0}); H = H(H_E; 0x29, B_C)  [eq. 77, 78]
  crypto::HashInput inner(0x2B);
  inner.Fixed(last_).Fixed(ByteSpan(MakeField(1, h_di_)));
  ChainingField field = MakeField(1, crypto::H(h_e_, inner));
  crypto::HashInput outer(0x29);
  outer.Fixed(ByteSpan(field));
  return {field, crypto::H(h_e_, outer)};
}

}  // namespace henhouse::election
