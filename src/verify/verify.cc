#include "henhouse/verify/verify.h"

#include <chrono>

#include "henhouse/base/parallel.h"
#include "verify/context.h"
#include "verify/contest_data.h"

namespace henhouse::verify {
namespace {

struct CheckSpec {
  const char* id;
  const char* name;
};

// The checks in report order: REC, then the numbered verifications of §6.2.
constexpr CheckSpec kChecks[kNumChecks] = {
    {"REC", "record integrity (record chain over every file)"},
    {"V1", "parameters and base hashes (6.2.1)"},
    {"V2", "guardian public keys and key ceremony (6.2.2)"},
    {"V3", "election public keys (6.2.2)"},
    {"V4", "extended base hash (6.2.3)"},
    {"V5", "selection encryption identifiers (6.2.4)"},
    {"V6", "well-formedness of selection encryptions (6.2.4)"},
    {"V7", "adherence to vote limits (6.2.4)"},
    {"V8", "confirmation codes and chaining (6.2.4)"},
    {"V9", "ballot aggregation (6.2.5)"},
    {"V10", "tally decryptions (6.2.5)"},
    {"V11", "tally contents (6.2.5)"},
    {"V12", "contest data decryptions (6.2.6)"},
    {"V13", "challenged ballot decryptions (6.2.7)"},
    {"V14", "challenged ballot contents (6.2.7)"},
    {"V15", "pre-encrypted selection vectors (6.2.8)"},
    {"V16", "pre-encrypted confirmation codes (6.2.8)"},
    {"V17", "pre-encrypted short codes (6.2.8)"},
    {"V18", "uncast pre-encrypted ballot encryptions (6.2.8)"},
    {"V19", "uncast pre-encrypted ballot contents (6.2.8)"},
};

Status VerifyRecordEnd(Run& run) {
  // The chain covers every entry before record_end; capture it first.
  std::array<uint8_t, 32> chain = run.cursor->chain();
  uint64_t before = run.cursor->position();
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("record_end"));
  Path p = RootPath(e.file->name);
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(e.body, {"chain", "entries"}, {}, p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t entries,
                            GetU64(e.body, "entries", p, 0, uint64_t{1} << 53));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 recorded, GetHash(e.body, "chain", p));
  if (!run.cursor->AtEnd()) {
    return DataLossError("record: files follow record_end (" + e.file->name + ")");
  }
  run.Items(kRec, 1);
  if (entries != before) {
    run.Fail(kRec, "record_end: entries " + std::to_string(entries) + ", the record has " +
                       std::to_string(before));
  }
  if (!SameBytes(recorded, chain)) {
    run.Fail(kRec, "record_end: chain " + Hex32(recorded) + " does not match the files (" +
                       HexUpper(chain) + "): a file was changed, added, removed or renamed");
  }
  return OkStatus();
}

// RunPhases runs the phases in record order and notes each one's wall time.
Status RunPhases(Run& run, std::vector<std::pair<std::string, double>>& times) {
  const std::pair<const char*, Status (*)(Run&)> phases[] = {
      {"header", VerifyHeader},
      {"ceremony", VerifyCeremony},
      {"ballots", VerifyBallots},
      {"tally", VerifyTally},
      {"contest_data", VerifyContestDataDecryptions},
      {"challenged", VerifyChallenged},
      {"record_end", VerifyRecordEnd}};
  for (const auto& [name, phase] : phases) {
    const auto start = std::chrono::steady_clock::now();
    HENHOUSE_RETURN_IF_ERROR(phase(run));
    times.emplace_back(
        name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return OkStatus();
}

}  // namespace

std::string Hex32(const Hash32& h) { return HexUpper(h); }

void Run::Fail(CheckId id, std::string message) {
  CheckResult& r = checks[id];
  ++r.failures;
  r.outcome = CheckOutcome::kFail;
  if (r.messages.size() < options.max_messages) r.messages.push_back(std::move(message));
}

void Run::Merge(const std::vector<Finding>& findings) {
  for (const Finding& f : findings) Fail(f.check, f.message);
}

StatusOr<VerificationReport> VerifyRecord(const std::string& record_dir,
                                          const VerifyOptions& options) {
  auto start = std::chrono::steady_clock::now();
  HENHOUSE_ASSIGN_OR_RETURN(RecordCursor cursor, RecordCursor::Open(record_dir));
  Run run;
  run.options = options;
  if (run.options.batch == 0) run.options.batch = 1;
  run.cursor = &cursor;
  for (int i = 0; i < kNumChecks; ++i) {
    run.checks[i].id = kChecks[i].id;
    run.checks[i].name = kChecks[i].name;
  }
  std::vector<std::pair<std::string, double>> phase_seconds;
  HENHOUSE_RETURN_IF_ERROR(RunPhases(run, phase_seconds));
  const char* no_preencrypted = "the record contains no pre-encrypted ballots";
  if (run.checks[kV12].outcome == CheckOutcome::kPass && run.checks[kV12].items == 0) {
    run.checks[kV12].outcome = CheckOutcome::kNotApplicable;
    run.checks[kV12].note = "no contest data decryption was requested in this record";
  }
  for (int i = kV15; i <= kV19; ++i) {
    run.checks[i].outcome = CheckOutcome::kNotApplicable;
    run.checks[i].note = no_preencrypted;
  }
  if (run.ballots.challenged.empty()) {
    for (int i : {kV13, kV14}) {
      if (run.checks[i].outcome == CheckOutcome::kPass && run.checks[i].items == 0) {
        run.checks[i].outcome = CheckOutcome::kNotApplicable;
        run.checks[i].note = "the record has no challenged ballots";
      }
    }
  }
  VerificationReport report;
  report.record_dir = record_dir;
  report.group = std::string(run.group().Name());
  report.checks.assign(run.checks.begin(), run.checks.end());
  VerifyStats& s = report.stats;
  s.entries = cursor.size();
  s.ballots = run.ballots.total;
  s.fixed_base_pows = run.counters.fixed_base_pows;
  s.variable_pows = run.counters.variable_pows;
  s.multi_pows = run.counters.multi_pows;
  s.multi_pow_terms = run.counters.multi_pow_terms;
  s.membership_checks = run.counters.membership_checks;
  s.hashes = run.counters.hashes;
  s.threads = options.threads == 0 ? HardwareThreads() : options.threads;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.phase_seconds = std::move(phase_seconds);
  return report;
}

}  // namespace henhouse::verify
