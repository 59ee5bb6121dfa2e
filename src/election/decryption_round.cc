#include "election/decryption_round.h"

namespace henhouse::election {
namespace {

math::Element ShareKey(const ElectionParameters& params, const ElectionKeys& keys, ShareKind kind,
                       uint32_t i) {
  std::vector<std::vector<math::Element>> all;
  for (const auto& k : keys.guardians) {
    all.push_back(kind == ShareKind::kVote ? k.vote_commitments : k.data_commitments);
  }
  return crypto::GuardianShareKey(*params.group, all, i);  // g^{z_i} or g^{ẑ_i}  [eq. 94]
}

}  // namespace

Status RunDecryptionRound(const ElectionParameters& params, const ElectionKeys& keys,
                          const std::vector<crypto::DecryptionStatement>& statements,
                          ShareKind kind, const std::vector<ContestDataRef>* data_cts,
                          uint32_t number, const std::vector<Guardian*>& gs,
                          const std::vector<uint32_t>& u, DecryptionRound& r, Rng& rng) {
  for (Guardian* g : gs) {
    HENHOUSE_ASSIGN_OR_RETURN(r.commits[g->index()],
                              g->CommitTally(number, statements, u, rng, kind, data_cts));
  }
  for (Guardian* g : gs) {
    HENHOUSE_ASSIGN_OR_RETURN(r.reveals[g->index()], g->RevealTally(number, r.commits));
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto w, crypto::LagrangeCoefficients(*params.group, u));  // [eq. 85]
  for (size_t x = 0; x < statements.size(); ++x) {
    std::vector<math::Element> ms;
    std::vector<crypto::GuardianCommitment> abs;
    for (uint32_t i : u) {
      const auto& c = r.commits[i];
      const auto& rv = r.reveals[i];
      if (!crypto::CheckCommitmentHash(statements[x], i, rv.commitments[x], c.partials[x], u,
                                       c.hashes[x]).ok() && !r.failures.count(i)) {
        r.failures[i] = {x, "commitment mismatch"};  // eq. 88 / 99 fails
      }
      ms.push_back(c.partials[x]);
      abs.push_back(rv.commitments[x]);
    }
    // M = Π M_i^{w_i} [eq. 86], β = Π m_i^{w_i} [eq. 97]
    HENHOUSE_ASSIGN_OR_RETURN(math::Element m,
                              crypto::CombinePartialDecryptions(*params.group, ms, w));
    // (a, b) = (Π a_i, Π b_i)  [eq. 89, 100]
    crypto::GuardianCommitment acc = crypto::AccumulateCommitments(*params.group, abs);
    r.challenges.push_back(crypto::DecryptionChallenge(*params.group, statements[x], acc, m));
    r.combined.push_back(m);
  }
  for (size_t idx = 0; idx < gs.size(); ++idx) {
    uint32_t i = u[idx];
    HENHOUSE_ASSIGN_OR_RETURN(r.responses[i], gs[idx]->RespondTally(number, r.challenges, w[idx]));
    math::Element share_key = ShareKey(params, keys, kind, i);
    for (size_t x = 0; x < statements.size() && !r.failures.count(i); ++x) {
      Status st = crypto::VerifyGuardianResponse(params.g, statements[x], i, share_key,
                                                 r.commits[i].partials[x],
                                                 r.reveals[i].commitments[x], r.challenges[x],
                                                 w[idx], r.responses[i][x]);
      if (!st.ok()) r.failures[i] = {x, "response invalid"};  // eq. 94/95 fail
    }
  }
  return OkStatus();
}

}  // namespace henhouse::election
