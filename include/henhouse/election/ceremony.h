// The key ceremony coordinator [2.1 §3.2]: it creates (or is handed) one
// Guardian per member, routes their messages, writes the public ones to the
// record, resolves complaints, and restarts from scratch after a
// disqualification [§3.2.2]. docs/election.md records the choices made.
#ifndef HENHOUSE_ELECTION_CEREMONY_H_
#define HENHOUSE_ELECTION_CEREMONY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "henhouse/election/guardian.h"
#include "henhouse/election/record.h"

namespace henhouse::election {

// ElectionKeys is the outcome of the ceremony [eq. 25–27, 30].
struct ElectionKeys {
  uint32_t attempt = 0;
  std::vector<GuardianPublicKey> guardians;  // index i at position i−1
  math::Element vote_key;                    // K
  math::Element data_key;                    // K̂
  crypto::Hash32 h_g{};
  crypto::Hash32 h_e{};
};

struct CeremonyOptions {
  // guardians_dir/guardian-<i> is guardian i's private directory.
  std::string guardians_dir;
  std::map<uint32_t, FoxMode> fox;
  uint32_t max_attempts = 3;
};

struct CeremonyResult {
  ElectionKeys keys;
  // events are human-readable lines: complaints, reveals, disqualifications.
  std::vector<std::string> events;
  std::vector<uint32_t> disqualified;  // over all attempts, in order
};

// WriteElectionHeader writes the `parameters` and `manifest` entries.
Status WriteElectionHeader(const ElectionParameters& params, RecordSink& sink);

// RunKeyCeremony runs attempts until one has no disqualification and writes
// every public message to `sink` (docs/formats.md order). FAILED_PRECONDITION
// if max_attempts pass without success.
StatusOr<CeremonyResult> RunKeyCeremony(const ElectionParameters& params,
                                        const CeremonyOptions& options, RecordSink& sink,
                                        Rng& rng);

// GuardianDir returns options.guardians_dir + "/guardian-<i>".
std::string GuardianDir(const std::string& guardians_dir, uint32_t index);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_CEREMONY_H_
