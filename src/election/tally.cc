#include "henhouse/election/tally.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "election/entries.h"
#include "henhouse/base/parallel.h"

namespace henhouse::election {
namespace {

using Accumulator = std::vector<std::vector<crypto::Ciphertext>>;

Accumulator EmptyTally(const ElectionParameters& params) {
  Accumulator acc;
  math::Element one = params.group->Identity();
  for (const ContestDef& c : params.manifest.contests()) {
    acc.emplace_back(c.options.size(), crypto::Ciphertext{one, one});
  }
  return acc;
}

void AddBallot(Accumulator& acc, const EncryptedBallot& b) {
  for (const EncryptedContest& c : b.contests) {
    auto& row = acc[c.index - 1];
    for (size_t o = 0; o < c.selections.size(); ++o) {
      row[o] = crypto::Multiply(row[o], c.selections[o].ct);  // (Π α, Π β)  [eq. 79]
    }
  }
}

struct Parsed {
  std::string file;
  StatusOr<EncryptedBallot> ballot = InternalError("not parsed");
};

// ProcessChunk parses a chunk of ballot bodies on all cores; slot s of
// `partial` is only touched by the worker handling slot s.
Status ProcessChunk(const ElectionParameters& params, std::vector<Parsed>& chunk,
                    const std::vector<std::string>& bodies, std::vector<Accumulator>& partial,
                    Rng& rng) {
  size_t slots = partial.size();
  ParallelFor(slots, [&](size_t s) {
    for (size_t i = s; i < chunk.size(); i += slots) {
      auto j = ParseJson(bodies[i], chunk[i].file);
      if (!j.ok()) {
        chunk[i].ballot = j.status();
        continue;
      }
      chunk[i].ballot = ParseBallot(params, *j, rng);
      if (chunk[i].ballot.ok() && !chunk[i].ballot->challenged) {
        AddBallot(partial[s], *chunk[i].ballot);
      }
    }
  }, slots);
  for (Parsed& p : chunk) {
    if (!p.ballot.ok()) return p.ballot.status().WithContext("tally: " + p.file);
  }
  return OkStatus();
}

}  // namespace

StatusOr<EncryptedTally> TallyRecord(const ElectionParameters& params,
                                     const std::string& record_dir, Rng& rng,
                                     const ProgressFn& progress) {
  HENHOUSE_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(record_dir));
  size_t slots = HardwareThreads();
  std::vector<Accumulator> partial(slots, EmptyTally(params));
  const size_t chunk_size = 32 * slots;
  EncryptedTally tally;
  tally.record_dir = record_dir;
  std::set<crypto::Hash32> ids;  // 32 bytes per ballot, for check 5.A
  uint64_t total_entries = reader->size();
  while (!reader->PeekType().empty() && reader->PeekType() != "record_end") {
    std::vector<Parsed> chunk;
    std::vector<std::string> bodies;
    while (chunk.size() < chunk_size && !reader->PeekType().empty() &&
           reader->PeekType() != "record_end") {
      bool is_ballot = reader->PeekType() == "ballot";
      HENHOUSE_ASSIGN_OR_RETURN(auto entry, reader->Next());
      if (!is_ballot) continue;
      chunk.push_back({entry->FileName(), InternalError("not parsed")});
      bodies.push_back(std::move(entry->body));
    }
    HENHOUSE_RETURN_IF_ERROR(ProcessChunk(params, chunk, bodies, partial, rng));
    for (Parsed& p : chunk) {
      EncryptedBallot& b = *p.ballot;
      if (!ids.insert(b.id).second) {
        return InvalidArgumentError("tally: " + p.file + ": duplicate selection encryption "
                                    "identifier id_B " + Hex(b.id) + " (check 5.A)");
      }
      ++tally.ballots;
      if (b.challenged) {
        tally.challenged.push_back(p.file);
      } else {
        ++tally.cast;
      }
    }
    if (progress) progress(tally.ballots, total_entries);
  }
  tally.contests = EmptyTally(params);
  for (const Accumulator& acc : partial) {
    for (size_t c = 0; c < acc.size(); ++c) {
      for (size_t o = 0; o < acc[c].size(); ++o) {
        tally.contests[c][o] = crypto::Multiply(tally.contests[c][o], acc[c][o]);
      }
    }
  }
  return tally;
}

StatusOr<ElectionParameters> LoadElectionParameters(const std::string& record_dir) {
  HENHOUSE_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(record_dir));
  HENHOUSE_ASSIGN_OR_RETURN(auto first, reader->Next());
  if (!first || first->type != "parameters") {
    return DataLossError("record " + record_dir + ": entry 1 must be `parameters`");
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto second, reader->Next());
  if (!second || second->type != "manifest") {
    return DataLossError("record " + record_dir + ": entry 2 must be `manifest`");
  }
  HENHOUSE_ASSIGN_OR_RETURN(Json pj, ParseCanonicalJson(first->body, first->FileName()));
  HENHOUSE_RETURN_IF_ERROR(
      ExpectObject(pj, {"version", "group", "guardians", "quorum", "h_p"}, {}, "parameters"));
  HENHOUSE_ASSIGN_OR_RETURN(Manifest manifest, Manifest::ParseCanonical(second->body));
  HENHOUSE_ASSIGN_OR_RETURN(std::string group, GetString(pj, "group", "parameters"));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t n, GetU64(pj, "guardians", "parameters"));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t k, GetU64(pj, "quorum", "parameters"));
  if (group != manifest.group() || n != manifest.guardians() || k != manifest.quorum()) {
    return InvalidArgumentError("parameters: group, guardians and quorum must equal the manifest's");
  }
  HENHOUSE_ASSIGN_OR_RETURN(ElectionParameters params, ElectionParameters::Create(manifest));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes h_p, GetHex(pj, "h_p", 32, "parameters"));
  if (!std::equal(h_p.begin(), h_p.end(), params.h_p.begin())) {
    return VerificationFailedError("parameters: h_p is not H_P of these parameters (1.E)");
  }
  return params;
}

Status WriteTally(const EncryptedTally& tally, RecordSink& sink) {
  Json contests = Json::array();
  for (size_t c = 0; c < tally.contests.size(); ++c) {
    Json options = Json::array();
    for (const crypto::Ciphertext& ct : tally.contests[c]) {
      options.push_back(Json{{"a", Hex(ct.alpha)}, {"b", Hex(ct.beta)}});
    }
    contests.push_back(Json{{"contest", c + 1}, {"options", options}});
  }
  return AppendJson(sink, "tally", "", Json{{"ballots", tally.cast}, {"contests", contests}});
}

}  // namespace henhouse::election
