// One commit-then-reveal round of verifiable threshold decryption
// [§3.6.4, §3.6.5, §3.6.6], shared by the tally and the contest data: the
// guardians of U commit (M_i, d_i), reveal (a_i, b_i) after every d_j,
// answer the joint challenges; the coordinator checks each guardian's
// commitment hash and response (Note 3.7) and records the first failure of
// each guardian.
#ifndef HENHOUSE_SRC_ELECTION_DECRYPTION_ROUND_H_
#define HENHOUSE_SRC_ELECTION_DECRYPTION_ROUND_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "henhouse/crypto/decryption.h"
#include "henhouse/election/ceremony.h"
#include "henhouse/election/guardian.h"

namespace henhouse::election {

struct DecryptionRound {
  std::map<uint32_t, TallyDecryptionCommit> commits;
  std::map<uint32_t, TallyDecryptionReveal> reveals;
  std::map<uint32_t, std::vector<math::Scalar>> responses;
  std::map<uint32_t, std::pair<size_t, std::string>> failures;  // guardian → (item, reason)
  std::vector<math::Element> combined;                           // M (or β) per item
  std::vector<math::Scalar> challenges;                          // c per item
};

// RunDecryptionRound runs round `number` with guardians `gs` (U = `u`, same
// order) over `statements` using share kind `kind` (`data_cts` parallel to
// the statements for kData). The response checks use g^{z_i} (kVote) or
// g^{ẑ_i} (kData) from all guardians' commitments [eq. 94].
Status RunDecryptionRound(const ElectionParameters& params, const ElectionKeys& keys,
                          const std::vector<crypto::DecryptionStatement>& statements,
                          ShareKind kind, const std::vector<ContestDataRef>* data_cts,
                          uint32_t number, const std::vector<Guardian*>& gs,
                          const std::vector<uint32_t>& u, DecryptionRound& r, Rng& rng);

}  // namespace henhouse::election

#endif  // HENHOUSE_SRC_ELECTION_DECRYPTION_ROUND_H_
