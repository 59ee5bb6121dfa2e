#include "henhouse/election/demo.h"

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
Status InternalChecks(const std::string& record_dir, const VotingOutcome& voting,
                      const TallyDecryption& dec,
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
  return OkStatus();
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
  std::unique_ptr<Rng> rng = o.seed ? std::unique_ptr<Rng>(new DeterministicRng(o.seed))
                                    : NewSystemRng();
  HENHOUSE_ASSIGN_OR_RETURN(ElectionParameters params, ElectionParameters::Create(manifest));
  std::string record_dir = o.dir + "/record";
  HENHOUSE_ASSIGN_OR_RETURN(auto sink, DirectorySink::Create(record_dir));
  DemoSummary summary;
  Phases phases;
  out << "henhouse demo: \"" << manifest.label() << "\", group " << manifest.group() << ", "
      << o.guardians << " guardians, quorum " << o.quorum << ", " << o.ballots << " ballots"
      << (o.fox ? ", fox: guardian " + std::to_string(o.fox) : std::string()) << "\n";

  auto t = SteadyClock::now();
  HENHOUSE_RETURN_IF_ERROR(WriteElectionHeader(params, *sink));
  CeremonyOptions co{o.dir + "/guardians", {}, 3};
  if (o.fox) co.fox[o.fox] = FoxMode::kBoth;
  HENHOUSE_ASSIGN_OR_RETURN(CeremonyResult ceremony, RunKeyCeremony(params, co, *sink, *rng));
  phases.Add("key ceremony", Since(t));
  for (const auto& e : ceremony.events) summary.detections.push_back("ceremony: " + e);
  for (uint32_t g : ceremony.disqualified) summary.named.push_back(g);
  out << "[ceremony] done in " << ceremony.keys.attempt << " attempt(s); H_E "
      << HexEncodeUpper(ceremony.keys.h_e).substr(0, 16) << "...\n";
  for (const auto& e : ceremony.events) out << "[ceremony] DETECTED: " << e << "\n";

  t = SteadyClock::now();
  auto last = SteadyClock::now();
  HENHOUSE_ASSIGN_OR_RETURN(
      VotingOutcome voting,
      RunVoting(params, ceremony.keys, o.ballots, o.challenge_percent, *sink, *rng,
                [&](uint64_t done) {
                  if (o.progress && (Since(last) > 2.0 || done == o.ballots)) {
                    last = SteadyClock::now();
                    out << "[encrypt] " << done << "/" << o.ballots << " ballots, "
                        << Rate(done, Since(t)) << "\n" << std::flush;
                  }
                }));
  summary.encrypt_seconds = Since(t);
  phases.Add("ballot encryption", summary.encrypt_seconds);
  summary.cast = voting.cast;
  summary.challenged = voting.challenged.size();

  t = SteadyClock::now();
  HENHOUSE_ASSIGN_OR_RETURN(EncryptedTally tally, TallyRecord(params, record_dir, *rng));
  HENHOUSE_RETURN_IF_ERROR(WriteTally(tally, *sink));
  summary.tally_seconds = Since(t);
  phases.Add("tally", summary.tally_seconds);
  out << "[tally] " << tally.cast << " cast ballots aggregated, " << tally.challenged.size()
      << " challenged set aside\n";

  t = SteadyClock::now();
  uint32_t absent = ChooseAbsent(o);
  std::vector<std::unique_ptr<Guardian>> loaded;
  std::vector<Guardian*> available;
  for (uint32_t i = 1; i <= o.guardians; ++i) {
    if (i == absent) continue;
    FoxMode fox = i == o.fox ? FoxMode::kBoth : FoxMode::kHonest;
    HENHOUSE_ASSIGN_OR_RETURN(auto g, Guardian::Load(params, i, GuardianDir(co.guardians_dir, i), fox));
    available.push_back(g.get());
    loaded.push_back(std::move(g));
  }
  if (absent) out << "[decrypt] guardian " << absent << " is absent\n";
  HENHOUSE_ASSIGN_OR_RETURN(TallyDecryption dec,
                            DecryptTally(params, ceremony.keys, tally, available, *sink, *rng));
  for (const auto& e : dec.events) {
    out << "[decrypt] DETECTED: " << e << "\n";
    summary.detections.push_back(e);
  }
  for (uint32_t g : dec.excluded) summary.named.push_back(g);
  std::vector<Guardian*> honest;
  for (Guardian* g : available) {
    if (std::find(dec.guardians.begin(), dec.guardians.end(), g->index()) != dec.guardians.end()) {
      honest.push_back(g);
    }
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto opened,
                            DecryptChallengedBallots(params, ceremony.keys, tally, honest, *sink));
  HENHOUSE_RETURN_IF_ERROR(sink->Close());
  phases.Add("decryption (tally + challenged)", Since(t));
  summary.tally = dec.counts;
  out << "[decrypt] tally decrypted by guardians";
  for (uint32_t g : dec.guardians) out << " " << g;
  out << "; " << opened.size() << " challenged ballots opened\n";

  t = SteadyClock::now();
  Status internal = InternalChecks(record_dir, voting, dec, opened);
  bool verified = internal.ok();
  if (o.verifier) {
    HENHOUSE_ASSIGN_OR_RETURN(bool ok, o.verifier(record_dir, out));
    verified = verified && ok;
  }
  summary.verify_seconds = Since(t);
  phases.Add("verification", summary.verify_seconds);
  summary.verified = verified;

  PrintTally(manifest, dec.counts, out);
  out << "\nChallenged ballots: " << opened.size() << ", each decrypted to the voter's choices: "
      << (internal.ok() ? "yes" : "NO") << "\n";
  out << "\nPhases\n";
  for (const auto& [name, s] : phases.times) {
    out << "  " << std::left << std::setw(34) << name << std::right << std::fixed
        << std::setprecision(2) << std::setw(9) << s << " s\n";
  }
  out << "  encryption: " << Rate(o.ballots, summary.encrypt_seconds)
      << "; tally: " << Rate(tally.ballots, summary.tally_seconds) << "; verification: "
      << Rate(o.ballots, summary.verify_seconds) << "\n";
  out << "\nDetected misbehaviour: " << (summary.detections.empty() ? "none" : "") << "\n";
  for (const auto& d : summary.detections) out << "  - " << d << "\n";
  if (!summary.named.empty()) {
    out << "Guardians named:";
    for (uint32_t g : summary.named) out << " " << g;
    out << "\n";
  }
  out << "\nInternal consistency checks (record re-read with its chain, tally and challenged "
         "ballots against the simulated voters): "
      << (internal.ok() ? "PASS" : "FAIL: " + internal.message()) << "\n";
  if (!o.verifier) out << "Independent verifier: not linked in this build\n";
  out << "Record " << record_dir << (verified ? " VERIFIES" : " DOES NOT VERIFY") << "\n";
  return summary;
}

}  // namespace henhouse::election
