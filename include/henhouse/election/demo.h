// The whole election on one machine (`henhouse demo`): key ceremony with each
// guardian in its own directory, random ballots (some challenged) encrypted
// on several voting devices, streaming tally, decryption with one guardian
// absent, decryption of the challenged ballots, and verification of the
// record. With a fox, one guardian cheats in the ceremony and in decryption.
#ifndef HENHOUSE_ELECTION_DEMO_H_
#define HENHOUSE_ELECTION_DEMO_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "henhouse/base/status.h"

namespace henhouse::election {

// RecordVerifier checks a finished record and says whether it verifies; the
// app wires in the independent verifier. It prints its own report to `out`.
using RecordVerifier = std::function<StatusOr<bool>(const std::string& record_dir,
                                                    std::ostream& out)>;

struct DemoOptions {
  std::string dir;  // DIR: DIR/record, DIR/guardians
  std::string manifest_path = "examples/general-election.json";
  std::string group = "p256";
  uint32_t guardians = 5;
  uint32_t quorum = 3;
  uint64_t ballots = 1000;
  uint32_t fox = 0;                 // 0: no fox; else the cheating guardian
  uint32_t challenge_percent = 3;   // share of ballots the voters challenge
  // the official asks for the contest data of the first N cast ballots
  uint64_t contest_data_ballots = 10;
  uint64_t seed = 0;                // 0: system randomness; else deterministic (tests)
  bool progress = true;
  RecordVerifier verifier;          // null: internal consistency checks only
};

struct DemoSummary {
  bool verified = false;
  std::vector<std::string> detections;
  std::vector<uint32_t> named;  // guardians named as cheating
  std::vector<std::vector<uint64_t>> tally;
  uint64_t cast = 0;
  uint64_t challenged = 0;
  double encrypt_seconds = 0;
  double tally_seconds = 0;
  double verify_seconds = 0;
};

// RunDemo runs the election and prints progress and the summary to `out`.
// Errors are those of the phases (a bad manifest is INVALID_ARGUMENT; a
// non-empty DIR/record is FAILED_PRECONDITION). A record that fails
// verification is not an error: summary.verified is false.
StatusOr<DemoSummary> RunDemo(const DemoOptions& options, std::ostream& out);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_DEMO_H_
