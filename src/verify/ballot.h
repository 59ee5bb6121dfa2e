// One encrypted ballot: parsing and the per-ballot checks of Verifications 5
// (5.B), 6, 7 and 8 (8.A, 8.B) [2.1 §6.2.4]. Thread-safe: it reads the run's
// election values and writes only its result.
#ifndef HENHOUSE_SRC_VERIFY_BALLOT_H_
#define HENHOUSE_SRC_VERIFY_BALLOT_H_

#include <memory>
#include <string>
#include <vector>

#include "verify/context.h"

namespace henhouse::verify {

// DeviceInfo is what a ballot's checks need of its device.
struct DeviceInfo {
  std::string id;
  bool simple = false;  // chaining mode
  Hash32 h_di{};
};

// BallotResult is the outcome of VerifyOneBallot.
struct BallotResult {
  Status error;  // the ballot is unreadable
  std::vector<Finding> findings;
  std::array<uint64_t, kNumChecks> items{};
  Counters counters;
  std::array<uint8_t, 32> digest{};
  uint64_t number = 0;
  bool cast = false;
  Hash32 id{};
  Bytes chaining_field;
  Hash32 confirmation_code{};
  size_t style = 0;
  // cast ballots: their selections, to be multiplied into the aggregate.
  std::vector<std::vector<std::pair<math::Element, math::Element>>> selections;
  std::unique_ptr<ChallengedBallot> challenged;
};

// VerifyOneBallot parses `text` (the file's bytes) and checks the ballot.
void VerifyOneBallot(const Run& run, const DeviceInfo& device, const std::string& file,
                     const std::string& text, BallotResult& out);

// ContestHash returns χ_l = H(H_I; 0x28, l, α_1, β_1, …, α_m, β_m) [eq. 70]
// from encoded elements.
Hash32 ContestHash(const Hash32& h_i, uint32_t contest, const std::vector<Bytes>& encoded);
// ConfirmationCode returns H_C = H(H_I; 0x29, χ_1, …, χ_m, B_C) [eq. 71].
Hash32 ConfirmationCode(const Hash32& h_i, const std::vector<Hash32>& contest_hashes,
                        ByteSpan chaining_field);

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_BALLOT_H_
