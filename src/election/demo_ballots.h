// The demo's voters and voting devices: random valid ballots (with
// undervotes), some challenged, encrypted on all cores and written to the
// record device by device.
#ifndef HENHOUSE_SRC_ELECTION_DEMO_BALLOTS_H_
#define HENHOUSE_SRC_ELECTION_DEMO_BALLOTS_H_

#include <functional>
#include <map>
#include <ostream>

#include "henhouse/election/ballot.h"
#include "henhouse/election/record.h"

namespace henhouse::election {

struct VotingOutcome {
  uint64_t cast = 0;
  // expected[c][o]: the plaintext sum of cast ballots (for the internal check)
  std::vector<std::vector<uint64_t>> expected;
  // challenged ballot number → what the voter chose
  std::map<uint64_t, PlaintextBallot> challenged;
  // the first `sample` cast ballots (number → choices), whose contest data
  // the demo's official asks to decrypt
  std::map<uint64_t, PlaintextBallot> cast_sample;
};

// RandomBallot draws a valid ballot of a random style, with occasional
// overvotes and write-in texts (contest inputs for every contest).
PlaintextBallot RandomBallot(const Manifest& manifest, Rng& rng);

// RunVoting encrypts `ballots` random ballots on four devices (two without
// chaining, two with simple chaining) and writes device, ballot and
// device_close entries; it keeps the first `sample` cast ballots' choices.
// `progress(done)` is called after each batch.
StatusOr<VotingOutcome> RunVoting(const ElectionParameters& params, const ElectionKeys& keys,
                                  uint64_t ballots, uint32_t challenge_percent, uint64_t sample,
                                  RecordSink& sink, Rng& rng,
                                  const std::function<void(uint64_t)>& progress);

}  // namespace henhouse::election

#endif  // HENHOUSE_SRC_ELECTION_DEMO_BALLOTS_H_
