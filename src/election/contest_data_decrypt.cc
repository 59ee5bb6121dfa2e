// Threshold decryption of contest data of cast ballots on an election
// official's request [2.1 §3.6.6, eq. 96–106].
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

#include "election/decryption_round.h"
#include "election/entries.h"
#include "henhouse/base/file.h"
#include "henhouse/crypto/decryption.h"
#include "henhouse/election/tally.h"

namespace henhouse::election {
namespace {

struct Item {
  uint64_t ballot = 0;
  uint32_t contest = 0;
  crypto::Hash32 h_i{};
  crypto::EncryptedContestData ct;
};

Status CheckRequests(const ElectionParameters& params,
                     const std::vector<ContestDataRequest>& requests) {
  for (size_t x = 0; x < requests.size(); ++x) {
    const ContestDataRequest& q = requests[x];
    if (q.ballot == 0 || q.contest == 0 || q.contest > params.manifest.contests().size()) {
      return InvalidArgumentError("contest data request " + std::to_string(x + 1) +
                                  ": no such ballot or contest");
    }
    if (x > 0 && (q.ballot < requests[x - 1].ballot ||
                  (q.ballot == requests[x - 1].ballot && q.contest <= requests[x - 1].contest))) {
      return InvalidArgumentError("contest data requests must be in ascending (ballot, contest) "
                                  "order, each once");
    }
  }
  return OkStatus();
}

// LoadItems reads the requested ballots from the record and picks out the
// requested contests' ciphertexts.
StatusOr<std::vector<Item>> LoadItems(const ElectionParameters& params,
                                      const std::string& record_dir,
                                      const std::vector<ContestDataRequest>& requests, Rng& rng) {
  HENHOUSE_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(record_dir));
  std::map<uint64_t, std::string> files;  // ballot number → file name, requested only
  for (const ContestDataRequest& q : requests) files[q.ballot];
  for (const std::string& name : names) {
    size_t a = name.find(".ballot.");
    if (a == std::string::npos || name.size() < 5 || name.substr(name.size() - 5) != ".json") {
      continue;
    }
    std::string number = name.substr(a + 8, name.size() - 5 - (a + 8));
    auto it = files.find(std::strtoull(number.c_str(), nullptr, 10));
    if (it != files.end() && std::to_string(it->first) == number) it->second = name;
  }
  std::vector<Item> items;
  std::optional<EncryptedBallot> b;
  for (const ContestDataRequest& q : requests) {
    const std::string& file = files[q.ballot];
    std::string what = "contest data request (ballot " + std::to_string(q.ballot) + ")";
    if (file.empty()) return InvalidArgumentError(what + ": the record has no such ballot");
    if (!b || b->number != q.ballot) {
      std::string path = record_dir + "/" + file;
      HENHOUSE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
      HENHOUSE_ASSIGN_OR_RETURN(Json j, ParseCanonicalJson(text, path));
      auto parsed = ParseBallot(params, j, rng);
      if (!parsed.ok()) return parsed.status().WithContext(path);
      b = std::move(*parsed);
    }
    auto c = std::find_if(b->contests.begin(), b->contests.end(),
                          [&](const EncryptedContest& ec) { return ec.index == q.contest; });
    if (c == b->contests.end()) {
      return InvalidArgumentError(what + ": contest " + std::to_string(q.contest) +
                                  " is not on the ballot's style");
    }
    items.push_back(Item{q.ballot, q.contest, b->h_i, c->data});
  }
  return items;
}

Json ShareJson(uint32_t round, uint32_t i, const std::vector<uint32_t>& u,
               const std::vector<Item>& items, const DecryptionRound& r) {
  Json list = Json::array();
  const TallyDecryptionCommit& c = r.commits.at(i);
  const TallyDecryptionReveal& rv = r.reveals.at(i);
  const std::vector<math::Scalar>& v = r.responses.at(i);
  for (size_t x = 0; x < items.size(); ++x) {
    list.push_back(Json{{"ballot", items[x].ballot},
                        {"contest", items[x].contest},
                        {"m", Hex(c.partials[x])},
                        {"d", Hex(c.hashes[x])},
                        {"a", Hex(rv.commitments[x].a)},
                        {"b", Hex(rv.commitments[x].b)},
                        {"v", Hex(v[x])}});
  }
  return Json{{"round", round}, {"guardian", i}, {"guardians", u}, {"items", list}};
}

// Finish combines the final round: v = Σ v_i [eq. 103], D by eq. 104–106,
// and writes `contest_data_decryption`.
Status Finish(const ElectionParameters& params, const std::vector<Item>& items,
              const DecryptionRound& r, uint32_t round, const std::vector<uint32_t>& u,
              RecordSink& sink, ContestDataDecryption& out) {
  Json list = Json::array();
  for (size_t x = 0; x < items.size(); ++x) {
    const Item& it = items[x];
    std::vector<math::Scalar> vs;
    for (uint32_t i : u) vs.push_back(r.responses.at(i)[x]);
    math::Scalar v = crypto::AccumulateResponses(vs);
    HENHOUSE_ASSIGN_OR_RETURN(
        Bytes d, crypto::DecryptContestData(params.g, it.h_i, it.contest, it.ct, r.combined[x]));
    auto decoded = DecodeContestData(params.manifest.contest(it.contest), d);
    if (!decoded.ok()) {
      return decoded.status().WithContext("ballot " + std::to_string(it.ballot));
    }
    list.push_back(Json{{"ballot", it.ballot},
                        {"contest", it.contest},
                        {"beta", Hex(r.combined[x])},
                        {"c", Hex(r.challenges[x])},
                        {"v", Hex(v)},
                        {"data", Hex(d)}});
    out.results.push_back(ContestDataResult{it.ballot, it.contest, std::move(d), *decoded});
  }
  out.guardians = u;
  return AppendJson(sink, "contest_data_decryption", "",
                    Json{{"round", round}, {"guardians", u}, {"items", list}});
}

}  // namespace

StatusOr<ContestDataDecryption> DecryptContestDataRequests(
    const ElectionParameters& params, const ElectionKeys& keys, const std::string& record_dir,
    const std::vector<ContestDataRequest>& requests, const std::vector<Guardian*>& available,
    RecordSink& sink, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckRequests(params, requests));
  ContestDataDecryption out;
  if (requests.empty()) return out;
  HENHOUSE_ASSIGN_OR_RETURN(std::vector<Item> items, LoadItems(params, record_dir, requests, rng));
  std::vector<crypto::DecryptionStatement> statements;
  std::vector<ContestDataRef> refs;
  for (const Item& it : items) {
    // d_i and c of eq. 99, 101 over (C0, C1, C2); base C0
    statements.push_back(crypto::DecryptionStatement::ForContestData(it.h_i, it.contest, it.ct));
    refs.push_back(ContestDataRef{it.h_i, it.contest, &it.ct});
  }
  std::vector<Guardian*> gs = available;
  std::sort(gs.begin(), gs.end(), [](Guardian* a, Guardian* b) { return a->index() < b->index(); });
  for (uint32_t round = 1;; ++round) {
    std::vector<uint32_t> u;
    for (Guardian* g : gs) u.push_back(g->index());
    if (u.size() < params.k) {
      return FailedPreconditionError("contest data decryption: only " + std::to_string(u.size()) +
                                     " honest guardians remain, quorum is " +
                                     std::to_string(params.k));
    }
    DecryptionRound r;
    HENHOUSE_RETURN_IF_ERROR(RunDecryptionRound(params, keys, statements, ShareKind::kData, &refs,
                                                round, gs, u, r, rng));
    for (uint32_t i : u) {
      HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "contest_data_share",
                                          std::to_string(round) + "." + std::to_string(i),
                                          ShareJson(round, i, u, items, r)));
    }
    if (r.failures.empty()) {
      HENHOUSE_RETURN_IF_ERROR(Finish(params, items, r, round, u, sink, out));
      return out;
    }
    for (const auto& [i, fail] : r.failures) {
      const Item& it = items[fail.first];
      HENHOUSE_RETURN_IF_ERROR(AppendJson(
          sink, "contest_data_exclusion", std::to_string(round) + "." + std::to_string(i),
          Json{{"round", round}, {"guardian", i}, {"ballot", it.ballot}, {"contest", it.contest},
               {"reason", fail.second}}));
      out.excluded.push_back(i);
      out.events.push_back("contest data decryption round " + std::to_string(round) +
                           ": guardian " + std::to_string(i) + " sent a bad share (" +
                           fail.second + ", ballot " + std::to_string(it.ballot) + " contest " +
                           std::to_string(it.contest) + "): named and excluded");
      gs.erase(std::remove_if(gs.begin(), gs.end(), [&](Guardian* g) { return g->index() == i; }),
               gs.end());
    }
  }
}

}  // namespace henhouse::election
