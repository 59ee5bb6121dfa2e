// The ElectionGuard 2.1 verifier [2.1 §6]: reads a public election record
// (a directory written by a RecordSink, docs/formats.md "Election record")
// and re-checks it from the public values alone, with its own strict parser
// and its own recomputation of every hash, challenge and product. It shares no
// code with the prover beyond the group arithmetic and the hash function H.
//
// Results: one CheckResult per numbered verification of §6 (V1 … V19) plus
// "REC", the henhouse record-chain check (docs/formats.md "Record chain").
// A failed check lists messages that name the check item of the spec and the
// object, e.g. "V6 FAIL ballot 17 contest 2 option 3: 6.D range proof
// challenge mismatch". docs/verifier.md lists what each check covers.
#ifndef HENHOUSE_VERIFY_VERIFY_H_
#define HENHOUSE_VERIFY_VERIFY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "henhouse/base/status.h"

namespace henhouse::verify {

// VerifyOptions tunes a run; none changes what is checked.
struct VerifyOptions {
  // threads: worker threads for ballots (0: HardwareThreads()).
  size_t threads = 0;
  // max_messages bounds the failure messages kept per check (the count of
  // failures is always exact).
  size_t max_messages = 100;
  // batch: ballot entries read and verified together.
  size_t batch = 512;
  // allow_toy_groups accepts the spec Appendix's toy groups in 1.B–1.D (for
  // tests only: an election on a toy group has no secrecy at all).
  bool allow_toy_groups = false;
};

enum class CheckOutcome { kPass, kFail, kNotApplicable };

// CheckResult is the outcome of one numbered check.
struct CheckResult {
  std::string id;    // "V1" … "V19", "REC"
  std::string name;  // "parameters", "guardian public keys", ...
  CheckOutcome outcome = CheckOutcome::kPass;
  uint64_t items = 0;     // objects examined (proofs, ballots, options, ...)
  uint64_t failures = 0;  // failed items (may exceed messages.size())
  std::vector<std::string> messages;  // "ballot 17 contest 2 option 3: ..."
  std::string note;                   // why a check is not applicable
};

// VerifyStats counts the work done, for --stats and the speed target.
struct VerifyStats {
  uint64_t entries = 0;
  uint64_t ballots = 0;
  uint64_t fixed_base_pows = 0;    // exponentiations of g or K by a table
  uint64_t variable_pows = 0;      // single variable-base exponentiations
  uint64_t multi_pows = 0;         // multi-exponentiations (each counted once)
  uint64_t multi_pow_terms = 0;    // their total number of base/exponent pairs
  uint64_t membership_checks = 0;  // subgroup-membership checks (one per element)
  uint64_t hashes = 0;             // evaluations of H / H_q
  size_t threads = 0;
  double seconds = 0;
  // Wall-clock seconds of each phase, in order: header, ceremony, ballots,
  // tally, contest data decryptions, challenged ballots, record end.
  std::vector<std::pair<std::string, double>> phase_seconds;
};

// VerificationReport is the result of a complete run.
struct VerificationReport {
  std::string record_dir;
  std::string group;
  std::vector<CheckResult> checks;
  VerifyStats stats;

  // AllPassed is true when no check failed (not-applicable checks pass).
  bool AllPassed() const;
  // Find returns the check with `id`, or nullptr.
  const CheckResult* Find(const std::string& id) const;
  // ToText: one line per check ("V1 PASS parameters", "V15 N/A ..."), then
  // one line per kept failure message ("V6 FAIL ballot 3 contest 1 option 2:
  // ..."); with `stats`, the counters after them.
  std::string ToText(bool stats) const;
  // ToJson: the same as one JSON object (docs/verifier.md gives the schema).
  std::string ToJson(bool stats) const;
};

// VerifyRecord verifies the record in `record_dir`.
// Returns the report when the record could be read, whether or not its
// checks pass. Errors (the record is unreadable, and no check can be
// trusted): NOT_FOUND for a missing directory or file; DATA_LOSS for a
// misnamed, misnumbered, out-of-order or non-canonical file or invalid JSON;
// INVALID_ARGUMENT for a field of the wrong type, length or range, or an
// element outside the group. The message names the file and the field.
StatusOr<VerificationReport> VerifyRecord(const std::string& record_dir,
                                          const VerifyOptions& options);

}  // namespace henhouse::verify

#endif  // HENHOUSE_VERIFY_VERIFY_H_
