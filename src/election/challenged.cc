// Decryption of challenged ballots through their encrypted ballot nonces
// [2.1 §3.6.7].
#include "election/entries.h"
#include "henhouse/base/file.h"
#include "henhouse/crypto/decryption.h"
#include "henhouse/election/tally.h"

namespace henhouse::election {
namespace {

// SmallLog returns σ ∈ [0, bound] with K^σ = value.
StatusOr<uint32_t> SmallLog(const math::Element& key, const math::Element& value,
                            uint32_t bound) {
  math::Element acc = key.group()->Identity();
  for (uint32_t s = 0; s <= bound; ++s) {
    if (acc == value) return s;
    acc = acc * key;
  }
  return VerificationFailedError("selection does not decrypt to a value within its limit");
}

// OpenContestData derives ξ [eq. 64], checks C0 = g^ξ, decrypts D with
// β = K̂^ξ [eq. 110, 111] and parses it; `entry` gets {nonce, data}.
StatusOr<ContestData> OpenContestData(const ElectionParameters& params,
                                      const math::FixedBase& data_key, const EncryptedBallot& b,
                                      const EncryptedContest& c, const SecretBytes& xi_b,
                                      Json& entry) {
  const ContestDef& def = params.manifest.contest(c.index);
  std::string what = "challenged ballot " + std::to_string(b.number) + " contest " +
                     std::to_string(c.index) + " contest data";
  math::Scalar xi = crypto::DeriveContestDataNonce(*params.group, b.h_i, c.index, xi_b)
                        .Reveal(SecretAccess::Get());
  if (!(params.g.Pow(xi) == c.data.c0)) {
    return VerificationFailedError(what + ": decrypted nonce does not reproduce C0 (13.4)");
  }
  HENHOUSE_ASSIGN_OR_RETURN(Bytes d, crypto::DecryptContestData(params.g, b.h_i, c.index, c.data,
                                                                data_key.Pow(xi)));
  auto parsed = DecodeContestData(def, d);
  if (!parsed.ok()) return parsed.status().WithContext(what);
  entry = Json{{"nonce", Hex(xi)}, {"data", Hex(d)}};
  return *parsed;
}

StatusOr<ChallengedBallotResult> OpenBallot(const ElectionParameters& params,
                                            const crypto::ElGamalKey& key,
                                            const math::FixedBase& data_key,
                                            const EncryptedBallot& b,
                                            const std::vector<Guardian*>& guardians,
                                            const std::vector<math::Scalar>& w, Json& entry) {
  const math::Group& group = *params.group;
  std::string what = "challenged ballot " + std::to_string(b.number);
  std::vector<math::Element> partials;
  for (Guardian* g : guardians) {
    HENHOUSE_ASSIGN_OR_RETURN(math::Element m, g->PartialDecryptNonce(b.h_i, b.nonce_encryption));
    partials.push_back(m);
  }
  // β_B = Π m_i^{w_i}  [eq. 108]; ξ_B = C1 ⊕ k1  [eq. 35, 36]
  HENHOUSE_ASSIGN_OR_RETURN(math::Element beta,
                            crypto::CombinePartialDecryptions(group, partials, w));
  HENHOUSE_ASSIGN_OR_RETURN(SecretBytes xi_b,
                            crypto::DecryptBallotNonce(params.g, b.h_i, b.nonce_encryption, beta));
  ChallengedBallotResult out{b.number, b.style, {}, {}};
  Json contests = Json::array();
  EncryptedBallot check = b;
  for (EncryptedContest& c : check.contests) {
    const ContestDef& def = params.manifest.contest(c.index);
    Json sels = Json::array();
    std::vector<uint32_t> values;
    std::vector<crypto::Ciphertext> cts;
    for (uint32_t j = 1; j <= c.selections.size(); ++j) {
      // ξ_{i,j} = H_q(H_I; 0x21, i, j, ξ_B)  [eq. 33], then K^σ = β·K^{−ξ}  [eq. 109]
      math::Scalar xi = crypto::DeriveSelectionNonce(group, b.h_i, c.index, j, xi_b)
                            .Reveal(SecretAccess::Get());
      const crypto::Ciphertext& ct = c.selections[j - 1].ct;
      auto sigma = SmallLog(key.public_key(), key.DecryptWithNonce(ct, xi), def.option_limit);
      if (!sigma.ok()) return sigma.status().WithContext(what + " contest " + std::to_string(c.index));
      // Re-encryption must reproduce the ballot (13.1, 13.2).
      if (!(key.g().Pow(xi) == ct.alpha) ||
          !(key.key().Pow(xi + group.ScalarFromU64(*sigma)) == ct.beta)) {
        return VerificationFailedError(what + ": decrypted nonce does not reproduce contest " +
                                       std::to_string(c.index) + " option " + std::to_string(j));
      }
      values.push_back(*sigma);
      cts.push_back(ct);
      sels.push_back(Json{{"label", def.options[j - 1].label}, {"value", *sigma},
                          {"nonce", Hex(xi)}});
    }
    if (!(ContestHash(b.h_i, c.index, cts, c.data) == c.contest_hash)) {
      return VerificationFailedError(what + ": contest hash mismatch (13.3)");
    }
    Json data_entry;
    HENHOUSE_ASSIGN_OR_RETURN(ContestData data,
                              OpenContestData(params, data_key, b, c, xi_b, data_entry));
    out.selections.push_back(values);
    out.data.push_back(std::move(data));
    contests.push_back(Json{{"contest", c.index}, {"label", def.label}, {"selections", sels},
                            {"contest_data", data_entry}});
  }
  if (!(ConfirmationCode(b, b.chaining_field) == b.confirmation_code)) {
    return VerificationFailedError(what + ": confirmation code mismatch (13.B)");
  }
  std::vector<uint32_t> u;
  for (Guardian* g : guardians) u.push_back(g->index());
  entry = Json{{"number", b.number}, {"id", Hex(b.id)}, {"guardians", u}, {"contests", contests}};
  return out;
}

}  // namespace

StatusOr<std::vector<ChallengedBallotResult>> DecryptChallengedBallots(
    const ElectionParameters& params, const ElectionKeys& keys, const EncryptedTally& tally,
    const std::vector<Guardian*>& guardians, RecordSink& sink, Rng& rng) {
  if (guardians.size() < params.k) {
    return FailedPreconditionError("challenged ballots: fewer than k guardians");
  }
  std::vector<uint32_t> u;
  for (Guardian* g : guardians) u.push_back(g->index());
  HENHOUSE_ASSIGN_OR_RETURN(auto w, crypto::LagrangeCoefficients(*params.group, u));
  HENHOUSE_ASSIGN_OR_RETURN(crypto::ElGamalKey key,
                            crypto::ElGamalKey::Create(params.group, keys.vote_key));
  math::FixedBase data_key = params.group->Precompute(keys.data_key);
  std::vector<ChallengedBallotResult> out;
  for (const std::string& file : tally.challenged) {
    std::string path = tally.record_dir + "/" + file;
    HENHOUSE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
    HENHOUSE_ASSIGN_OR_RETURN(Json j, ParseCanonicalJson(text, path));
    auto parsed = ParseBallot(params, j, rng);
    if (!parsed.ok()) return parsed.status().WithContext(path);
    const EncryptedBallot& b = *parsed;
    if (!b.challenged) return DataLossError(path + ": ballot is no longer challenged");
    Json entry;
    HENHOUSE_ASSIGN_OR_RETURN(auto r, OpenBallot(params, key, data_key, b, guardians, w, entry));
    HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "challenged_ballot", std::to_string(b.number), entry));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace henhouse::election
