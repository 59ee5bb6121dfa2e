// Verifiable decryption of the tally [§3.6.3–3.6.5] and of challenged
// ballots [§3.6.7].
#include <algorithm>

#include "election/decryption_round.h"
#include "election/entries.h"
#include "henhouse/crypto/decryption.h"
#include "henhouse/election/tally.h"

namespace henhouse::election {
namespace {

struct Flat {
  std::vector<crypto::DecryptionStatement> statements;
  std::vector<crypto::Ciphertext> cts;
  std::vector<std::pair<uint32_t, uint32_t>> where;  // (contest, option)
};

Flat Flatten(const ElectionKeys& keys, const EncryptedTally& tally) {
  Flat f;
  for (uint32_t c = 0; c < tally.contests.size(); ++c) {
    for (uint32_t o = 0; o < tally.contests[c].size(); ++o) {
      f.statements.push_back(
          crypto::DecryptionStatement::ForTally(keys.h_e, c + 1, o + 1, tally.contests[c][o]));
      f.cts.push_back(tally.contests[c][o]);
      f.where.emplace_back(c + 1, o + 1);
    }
  }
  return f;
}

// Json per guardian: contests → options → {m, d, a, b, v}.
Json ShareEntry(uint32_t round, uint32_t guardian, const std::vector<uint32_t>& u,
                const Flat& f, const TallyDecryptionCommit& commit,
                const TallyDecryptionReveal* reveal, const std::vector<math::Scalar>* v) {
  Json contests = Json::array();
  for (size_t x = 0; x < f.where.size(); ++x) {
    if (f.where[x].second == 1) {
      contests.push_back(Json{{"contest", f.where[x].first}, {"options", Json::array()}});
    }
    Json o{{"m", Hex(commit.partials[x])}, {"d", Hex(commit.hashes[x])}};
    if (reveal) {
      o["a"] = Hex(reveal->commitments[x].a);
      o["b"] = Hex(reveal->commitments[x].b);
    }
    if (v) o["v"] = Hex((*v)[x]);
    contests.back()["options"].push_back(o);
  }
  return Json{{"round", round}, {"guardian", guardian}, {"guardians", u}, {"contests", contests}};
}

using Round = DecryptionRound;

StatusOr<std::vector<uint64_t>> Finish(const ElectionParameters& params, const ElectionKeys& keys,
                                       const EncryptedTally& tally, const Flat& f, Round& r,
                                       uint32_t number, const std::vector<uint32_t>& u,
                                       RecordSink& sink) {
  uint64_t max_limit = 1;
  for (const ContestDef& c : params.manifest.contests()) {
    max_limit = std::max<uint64_t>(max_limit, c.option_limit);
  }
  HENHOUSE_ASSIGN_OR_RETURN(crypto::DiscreteLog dlog,
                            crypto::DiscreteLog::Create(keys.vote_key,
                                                        std::max<uint64_t>(1, tally.cast * max_limit)));
  std::vector<uint64_t> counts;
  Json contests = Json::array();
  for (size_t x = 0; x < f.statements.size(); ++x) {
    std::vector<math::Scalar> vs;
    for (uint32_t i : u) vs.push_back(r.responses[i][x]);
    math::Scalar v = crypto::AccumulateResponses(vs);  // v = Σ v_i  [eq. 93]
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t t, crypto::TallyFromCombined(f.cts[x], r.combined[x], dlog));
    math::Element big_t = f.cts[x].beta / r.combined[x];  // T = B·M^{-1}  [eq. 82]
    counts.push_back(t);
    auto [c, o] = f.where[x];
    const ContestDef& def = params.manifest.contest(c);
    if (o == 1) {
      contests.push_back(Json{{"contest", c}, {"label", def.label}, {"options", Json::array()}});
    }
    contests.back()["options"].push_back(Json{{"label", def.options[o - 1].label},
                                              {"t", t},
                                              {"T", Hex(big_t)},
                                              {"c", Hex(r.challenges[x])},
                                              {"v", Hex(v)}});
  }
  HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "tally_decryption", "",
                                      Json{{"round", number}, {"guardians", u},
                                           {"contests", contests}}));
  return counts;
}

}  // namespace

StatusOr<TallyDecryption> DecryptTally(const ElectionParameters& params, const ElectionKeys& keys,
                                       const EncryptedTally& tally,
                                       const std::vector<Guardian*>& available, RecordSink& sink,
                                       Rng& rng) {
  Flat f = Flatten(keys, tally);
  std::vector<Guardian*> gs = available;
  std::sort(gs.begin(), gs.end(), [](Guardian* a, Guardian* b) { return a->index() < b->index(); });
  TallyDecryption out;
  for (uint32_t number = 1;; ++number) {
    std::vector<uint32_t> u;
    for (Guardian* g : gs) u.push_back(g->index());
    if (u.size() < params.k) {
      return FailedPreconditionError("tally decryption: only " + std::to_string(u.size()) +
                                     " honest guardians remain, quorum is " +
                                     std::to_string(params.k));
    }
    Round r;
    HENHOUSE_RETURN_IF_ERROR(RunDecryptionRound(params, keys, f.statements, ShareKind::kVote,
                                                nullptr, number, gs, u, r, rng));
    for (uint32_t i : u) {
      HENHOUSE_RETURN_IF_ERROR(AppendJson(
          sink, "decryption_share", std::to_string(number) + "." + std::to_string(i),
          ShareEntry(number, i, u, f, r.commits[i], &r.reveals[i], &r.responses[i])));
    }
    if (r.failures.empty()) {
      HENHOUSE_ASSIGN_OR_RETURN(auto counts, Finish(params, keys, tally, f, r, number, u, sink));
      size_t x = 0;
      for (const auto& row : tally.contests) {
        out.counts.emplace_back(counts.begin() + x, counts.begin() + x + row.size());
        x += row.size();
      }
      out.guardians = u;
      return out;
    }
    for (const auto& [i, fail] : r.failures) {
      auto [c, o] = f.where[fail.first];
      HENHOUSE_RETURN_IF_ERROR(AppendJson(
          sink, "decryption_exclusion", std::to_string(number) + "." + std::to_string(i),
          Json{{"round", number}, {"guardian", i}, {"contest", c}, {"option", o},
               {"reason", fail.second}}));
      out.excluded.push_back(i);
      out.events.push_back("decryption round " + std::to_string(number) + ": guardian " +
                           std::to_string(i) + " sent a bad share (" + fail.second +
                           ", contest " + std::to_string(c) + " option " + std::to_string(o) +
                           "): named and excluded");
      gs.erase(std::remove_if(gs.begin(), gs.end(), [&](Guardian* g) { return g->index() == i; }),
               gs.end());
    }
  }
}

}  // namespace henhouse::election
