#include "henhouse/election/demo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "election/demo_ballots.h"
#include "henhouse/base/file.h"
#include "henhouse/election/tally.h"

namespace henhouse::election {
namespace {

using SteadyClock = std::chrono::steady_clock;

double Since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

std::string Rate(uint64_t n, double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << (s > 0 ? n / s : 0.0) << " ballots/s";
  return o.str();
}

struct Phases {
  std::vector<std::pair<std::string, double>> times;
  void Add(const std::string& name, double s) { times.emplace_back(name, s); }
};

uint32_t ChooseAbsent(const DemoOptions& o) {
  // The absent guardian is the highest index that is not the fox; with
  // n = k nobody can be absent.
  if (o.guardians == o.quorum) return 0;
  return o.fox == o.guardians ? o.guardians - 1 : o.guardians;
}

void PrintTally(const Manifest& m, const std::vector<std::vector<uint64_t>>& counts,
                std::ostream& out) {
  out << "\nTally\n";
  for (size_t c = 0; c < counts.size(); ++c) {
    out << "  " << m.contests()[c].label << "\n";
    for (size_t o = 0; o < counts[c].size(); ++o) {
      out << "    " << std::setw(8) << counts[c][o] << "  " << m.contests()[c].options[o].label
          << "\n";
    }
  }
}

// InternalChecks re-reads the whole record (names, numbering, canonical JSON,
// record chain) and compares the decrypted tally and challenged ballots with
// what the simulated voters chose. Not a substitute for the verifier.
// ExpectedData is D as the voter's device must have formed it.
ContestData ExpectedData(const Manifest& m, const PlaintextBallot& b, size_t c) {
  const BallotStyle& st = m.styles()[*m.StyleIndex(b.style) - 1];
  return MakeContestData(m.contest(st.contests[c]), b.selections[c], b.inputs[c]);
}

// DataMatches compares decrypted contest data with the simulated voters.
Status DataMatches(const Manifest& m, const VotingOutcome& voting,
                   const ContestDataDecryption& data,
                   const std::vector<ChallengedBallotResult>& challenged) {
  for (const ContestDataResult& d : data.results) {
    auto it = voting.cast_sample.find(d.ballot);
    if (it == voting.cast_sample.end()) return InternalError("unexpected contest data request");
    const BallotStyle& st = m.styles()[*m.StyleIndex(it->second.style) - 1];
    size_t c = std::find(st.contests.begin(), st.contests.end(), d.contest) - st.contests.begin();
    if (c == st.contests.size() || !(ExpectedData(m, it->second, c) == d.decoded)) {
      return VerificationFailedError("ballot " + std::to_string(d.ballot) + " contest " +
                                     std::to_string(d.contest) +
                                     ": decrypted contest data differs from the voter's");
    }
  }
  for (const auto& cb : challenged) {
    const PlaintextBallot& b = voting.challenged.at(cb.number);
    for (size_t c = 0; c < cb.data.size(); ++c) {
      if (!(ExpectedData(m, b, c) == cb.data[c])) {
        return VerificationFailedError("challenged ballot " + std::to_string(cb.number) +
                                       ": contest data differs from the voter's");
      }
    }
  }
  return OkStatus();
}

Status InternalChecks(const Manifest& m, const std::string& record_dir,
                      const VotingOutcome& voting, const TallyDecryption& dec,
                      const ContestDataDecryption& data,
                      const std::vector<ChallengedBallotResult>& challenged) {
  HENHOUSE_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(record_dir));
  while (true) {
    HENHOUSE_ASSIGN_OR_RETURN(auto e, reader->Next());
    if (!e.has_value()) break;
  }
  if (dec.counts != voting.expected) {
    return VerificationFailedError("decrypted tally differs from the voters' choices");
  }
  for (const auto& c : challenged) {
    auto it = voting.challenged.find(c.number);
    if (it == voting.challenged.end() || it->second.selections != c.selections) {
      return VerificationFailedError("challenged ballot " + std::to_string(c.number) +
                                     " does not decrypt to the voter's choices");
    }
  }
  if (challenged.size() != voting.challenged.size()) {
    return VerificationFailedError("not every challenged ballot was decrypted");
  }
  return DataMatches(m, voting, data, challenged);
}

// Run carries the state shared by the phases of one demo election.
struct Run {
  const DemoOptions& o;
  std::ostream& out;
  ElectionParameters params;
  std::unique_ptr<DirectorySink> sink;
  std::unique_ptr<Rng> rng;
  std::string record_dir;
  DemoSummary summary;
  Phases phases;
  CeremonyResult ceremony;
  VotingOutcome voting;
  EncryptedTally tally;
  TallyDecryption dec;
  ContestDataDecryption data;
  std::vector<ChallengedBallotResult> opened;
};

Status CeremonyPhase(Run& r) {
  auto t = SteadyClock::now();
  HENHOUSE_RETURN_IF_ERROR(WriteElectionHeader(r.params, *r.sink));
  CeremonyOptions co{r.o.dir + "/guardians", {}, 3};
  if (r.o.fox) co.fox[r.o.fox] = FoxMode::kBoth;
  HENHOUSE_ASSIGN_OR_RETURN(r.ceremony, RunKeyCeremony(r.params, co, *r.sink, *r.rng));
  r.phases.Add("key ceremony", Since(t));
  for (const auto& e : r.ceremony.events) r.summary.detections.push_back("ceremony: " + e);
  for (uint32_t g : r.ceremony.disqualified) r.summary.named.push_back(g);
  r.out << "[ceremony] done in " << r.ceremony.keys.attempt << " attempt(s); H_E "
        << HexEncodeUpper(r.ceremony.keys.h_e).substr(0, 16) << "...\n";
  for (const auto& e : r.ceremony.events) r.out << "[ceremony] DETECTED: " << e << "\n";
  return OkStatus();
}

Status VotingAndTallyPhase(Run& r) {
  auto t = SteadyClock::now();
  auto last = SteadyClock::now();
  HENHOUSE_ASSIGN_OR_RETURN(
      r.voting, RunVoting(r.params, r.ceremony.keys, r.o.ballots, r.o.challenge_percent,
                          r.o.contest_data_ballots, *r.sink, *r.rng, [&](uint64_t done) {
                            if (r.o.progress && (Since(last) > 2.0 || done == r.o.ballots)) {
                              last = SteadyClock::now();
                              r.out << "[encrypt] " << done << "/" << r.o.ballots << " ballots, "
                                    << Rate(done, Since(t)) << "\n" << std::flush;
                            }
                          }));
  r.summary.encrypt_seconds = Since(t);
  r.phases.Add("ballot encryption", r.summary.encrypt_seconds);
  r.summary.cast = r.voting.cast;
  r.summary.challenged = r.voting.challenged.size();
  t = SteadyClock::now();
  last = SteadyClock::now();
  HENHOUSE_ASSIGN_OR_RETURN(
      r.tally, TallyRecord(r.params, r.record_dir, *r.rng, [&](uint64_t done, uint64_t) {
        if (r.o.progress && Since(last) > 2.0) {
          last = SteadyClock::now();
          r.out << "[tally] " << done << "/" << r.o.ballots << " ballots read, "
                << Rate(done, Since(t)) << "\n" << std::flush;
        }
      }));
  HENHOUSE_RETURN_IF_ERROR(WriteTally(r.tally, *r.sink));
  r.summary.tally_seconds = Since(t);
  r.phases.Add("tally", r.summary.tally_seconds);
  r.out << "[tally] " << r.tally.cast << " cast ballots aggregated, " << r.tally.challenged.size()
        << " challenged set aside\n";
  return OkStatus();
}

// ContestDataPhase is the official's request [§3.6.6]: the contest data of
// every contest of the first `contest_data_ballots` cast ballots, decrypted
// by the same available guardians as the tally (a fox is named again).
Status ContestDataPhase(Run& r, const std::vector<Guardian*>& available) {
  std::vector<ContestDataRequest> requests;
  for (const auto& [number, b] : r.voting.cast_sample) {
    const BallotStyle& st = r.params.manifest.styles()[*r.params.manifest.StyleIndex(b.style) - 1];
    for (uint32_t c : st.contests) requests.push_back(ContestDataRequest{number, c});
  }
  HENHOUSE_ASSIGN_OR_RETURN(r.data, DecryptContestDataRequests(r.params, r.ceremony.keys,
                                                               r.record_dir, requests, available,
                                                               *r.sink, *r.rng));
  for (const auto& e : r.data.events) {
    r.out << "[decrypt] DETECTED: " << e << "\n";
    r.summary.detections.push_back(e);
  }
  for (uint32_t g : r.data.excluded) {
    if (std::find(r.summary.named.begin(), r.summary.named.end(), g) == r.summary.named.end()) {
      r.summary.named.push_back(g);
    }
  }
  r.out << "[decrypt] contest data of " << r.voting.cast_sample.size() << " cast ballots ("
        << r.data.results.size() << " contests) decrypted\n";
  return OkStatus();
}

Status DecryptionPhase(Run& r) {
  auto t = SteadyClock::now();
  uint32_t absent = ChooseAbsent(r.o);
  std::vector<std::unique_ptr<Guardian>> loaded;
  std::vector<Guardian*> available;
  for (uint32_t i = 1; i <= r.o.guardians; ++i) {
    if (i == absent) continue;
    FoxMode fox = i == r.o.fox ? FoxMode::kBoth : FoxMode::kHonest;
    HENHOUSE_ASSIGN_OR_RETURN(
        auto g, Guardian::Load(r.params, i, GuardianDir(r.o.dir + "/guardians", i), fox));
    available.push_back(g.get());
    loaded.push_back(std::move(g));
  }
  if (absent) r.out << "[decrypt] guardian " << absent << " is absent\n";
  HENHOUSE_ASSIGN_OR_RETURN(
      r.dec, DecryptTally(r.params, r.ceremony.keys, r.tally, available, *r.sink, *r.rng));
  for (const auto& e : r.dec.events) {
    r.out << "[decrypt] DETECTED: " << e << "\n";
    r.summary.detections.push_back(e);
  }
  for (uint32_t g : r.dec.excluded) r.summary.named.push_back(g);
  HENHOUSE_RETURN_IF_ERROR(ContestDataPhase(r, available));
  std::vector<Guardian*> honest;
  for (Guardian* g : available) {
    if (std::find(r.dec.guardians.begin(), r.dec.guardians.end(), g->index()) !=
        r.dec.guardians.end()) {
      honest.push_back(g);
    }
  }
  HENHOUSE_ASSIGN_OR_RETURN(
      r.opened, DecryptChallengedBallots(r.params, r.ceremony.keys, r.tally, honest, *r.sink,
                                         *r.rng));
  HENHOUSE_RETURN_IF_ERROR(r.sink->Close());
  r.phases.Add("decryption (tally+data+challenged)", Since(t));
  r.summary.tally = r.dec.counts;
  r.out << "[decrypt] tally decrypted by guardians";
  for (uint32_t g : r.dec.guardians) r.out << " " << g;
  r.out << "; " << r.opened.size() << " challenged ballots opened\n";
  return OkStatus();
}

Status VerificationPhase(Run& r, Status& internal) {
  auto t = SteadyClock::now();
  internal = InternalChecks(r.params.manifest, r.record_dir, r.voting, r.dec, r.data, r.opened);
  bool verified = internal.ok();
  if (r.o.verifier) {
    if (r.o.progress) r.out << "[verify] running the independent verifier...\n" << std::flush;
    HENHOUSE_ASSIGN_OR_RETURN(bool ok, r.o.verifier(r.record_dir, r.out));
    verified = verified && ok;
  }
  r.summary.verify_seconds = Since(t);
  r.phases.Add("verification", r.summary.verify_seconds);
  r.summary.verified = verified;
  return OkStatus();
}

void PrintSummary(const Run& r, const Status& internal) {
  std::ostream& out = r.out;
  PrintTally(r.params.manifest, r.dec.counts, out);
  out << "\nContest data decrypted (first " << r.voting.cast_sample.size() << " cast ballots)\n";
  for (const ContestDataResult& d : r.data.results) {
    std::string text = DescribeContestData(r.params.manifest.contest(d.contest), d.decoded);
    if (text.empty() || text == "undervote" || text == "null vote") continue;
    out << "  ballot " << d.ballot << ", " << r.params.manifest.contest(d.contest).label << ": "
        << text << "\n";
  }
  out << "\nChallenged ballots: " << r.opened.size()
      << ", each decrypted to the voter's choices: " << (internal.ok() ? "yes" : "NO") << "\n";
  out << "\nPhases\n";
  for (const auto& [name, s] : r.phases.times) {
    out << "  " << std::left << std::setw(34) << name << std::right << std::fixed
        << std::setprecision(2) << std::setw(9) << s << " s\n";
  }
  out << "  encryption: " << Rate(r.o.ballots, r.summary.encrypt_seconds)
      << "; tally: " << Rate(r.tally.ballots, r.summary.tally_seconds) << "; verification: "
      << Rate(r.o.ballots, r.summary.verify_seconds) << "\n";
  out << "\nDetected misbehaviour: " << (r.summary.detections.empty() ? "none" : "") << "\n";
  for (const auto& d : r.summary.detections) out << "  - " << d << "\n";
  if (!r.summary.named.empty()) {
    out << "Guardians named:";
    for (uint32_t g : r.summary.named) out << " " << g;
    out << "\n";
  }
  out << "\nInternal consistency checks (record re-read with its chain, tally and challenged "
         "ballots against the simulated voters): "
      << (internal.ok() ? "PASS" : "FAIL: " + internal.message()) << "\n";
  if (!r.o.verifier) out << "Independent verifier: not linked in this build\n";
  out << "Record " << r.record_dir << (r.summary.verified ? " VERIFIES" : " DOES NOT VERIFY")
      << "\n";
}

}  // namespace

StatusOr<DemoSummary> RunDemo(const DemoOptions& o, std::ostream& out) {
  HENHOUSE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(o.manifest_path, 1 << 24));
  HENHOUSE_ASSIGN_OR_RETURN(Manifest base, Manifest::Parse(text));
  HENHOUSE_ASSIGN_OR_RETURN(Manifest manifest, base.WithElection(o.group, o.guardians, o.quorum));
  if (o.fox > o.guardians) return InvalidArgumentError("--fox must name a guardian 1..n");
  if (o.fox != 0 && o.guardians < o.quorum + 2) {
    return InvalidArgumentError("--fox needs n ≥ k + 2 so that k honest guardians remain with "
                                "one absent and the fox excluded");
  }
  HENHOUSE_ASSIGN_OR_RETURN(ElectionParameters params, ElectionParameters::Create(manifest));
  Run r{o,  out, std::move(params), nullptr, nullptr, o.dir + "/record", {}, {}, {}, {}, {}, {},
        {}, {}};
  r.rng = o.seed ? std::unique_ptr<Rng>(new DeterministicRng(o.seed)) : NewSystemRng();
  HENHOUSE_ASSIGN_OR_RETURN(r.sink, DirectorySink::Create(r.record_dir));
  out << "henhouse demo: \"" << manifest.label() << "\", group " << manifest.group() << ", "
      << o.guardians << " guardians, quorum " << o.quorum << ", " << o.ballots << " ballots"
      << (o.fox ? ", fox: guardian " + std::to_string(o.fox) : std::string()) << "\n";
  HENHOUSE_RETURN_IF_ERROR(CeremonyPhase(r));
  HENHOUSE_RETURN_IF_ERROR(VotingAndTallyPhase(r));
  HENHOUSE_RETURN_IF_ERROR(DecryptionPhase(r));
  Status internal;
  HENHOUSE_RETURN_IF_ERROR(VerificationPhase(r, internal));
  PrintSummary(r, internal);
  return r.summary;
}

}  // namespace henhouse::election
