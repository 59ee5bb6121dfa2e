// Homomorphic tallying [2.1 §3.5] and verifiable decryption of the tally and
// of challenged ballots [§3.6].
#ifndef HENHOUSE_ELECTION_TALLY_H_
#define HENHOUSE_ELECTION_TALLY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "henhouse/base/rng.h"
#include "henhouse/base/status.h"
#include "henhouse/election/ballot.h"
#include "henhouse/election/ceremony.h"
#include "henhouse/election/contest_data.h"
#include "henhouse/election/guardian.h"
#include "henhouse/election/record.h"

namespace henhouse::election {

// EncryptedTally holds (A, B) for every option of every manifest contest
// [eq. 79], the number of cast ballots, and where the challenged ballots are
// (their entry file names in the record, read again for decryption, so that
// memory does not hold them).
struct EncryptedTally {
  uint64_t cast = 0;
  uint64_t ballots = 0;
  std::vector<std::vector<crypto::Ciphertext>> contests;
  std::string record_dir;
  std::vector<std::string> challenged;  // entry file names
};

// ProgressFn receives (done, total) during long phases.
using ProgressFn = std::function<void(uint64_t, uint64_t)>;

// TallyRecord reads the `ballot` entries of a record directory in order (the
// record may still be open), checks each completely (encodings, subgroup
// membership, style and contests, unique id_B) and multiplies the ciphertexts
// of the cast ones. It streams: entries are read in chunks, parsed on all
// cores into per-thread partial products, then combined; memory holds one
// chunk, 32 bytes per ballot (id_B) and the challenged ballots' file names. INVALID_ARGUMENT / DATA_LOSS names the ballot.
StatusOr<EncryptedTally> TallyRecord(const ElectionParameters& params,
                                     const std::string& record_dir, Rng& rng,
                                     const ProgressFn& progress = nullptr);

// LoadElectionParameters reads the `parameters` and `manifest` entries of a
// record directory (entries 1 and 2) and rebuilds the election parameters;
// DATA_LOSS / INVALID_ARGUMENT name the entry and field, VERIFICATION_FAILED
// if the recorded H_P is not the one the parameters give.
StatusOr<ElectionParameters> LoadElectionParameters(const std::string& record_dir);

// WriteTally writes the `tally` entry.
Status WriteTally(const EncryptedTally& tally, RecordSink& sink);

struct TallyDecryption {
  std::vector<std::vector<uint64_t>> counts;  // t per contest and option
  std::vector<uint32_t> guardians;            // the final U
  std::vector<uint32_t> excluded;             // guardians left out, in order
  std::vector<std::string> events;
};

// DecryptTally runs the decryption rounds [§3.6.3–3.6.5] with the available
// guardians (any ≥ k of them): commit (M_i, d_i), reveal (a_i, b_i) after all
// commitments, challenge, responses; each guardian's share is checked (eq.
// 88, Note 3.7); a guardian that fails is named, excluded, and the round is
// rerun without it. Writes `decryption_share`, `decryption_exclusion` and
// `tally_decryption` entries. FAILED_PRECONDITION when fewer than k honest
// guardians remain.
StatusOr<TallyDecryption> DecryptTally(const ElectionParameters& params, const ElectionKeys& keys,
                                       const EncryptedTally& tally,
                                       const std::vector<Guardian*>& available, RecordSink& sink,
                                       Rng& rng);

struct ChallengedBallotResult {
  uint64_t number = 0;
  std::string style;
  std::vector<std::vector<uint32_t>> selections;  // per contest of the style
  std::vector<ContestData> data;                  // D per contest of the style
};

// DecryptChallengedBallots decrypts each challenged ballot's nonce with the
// guardians `guardians` (≥ k, honest) [eq. 107, 108], derives the selection
// nonces [eq. 33] and contest data nonces [eq. 64], recovers each σ and each
// contest's data D [eq. 110, 111], checks that re-encryption reproduces
// the ballot and its confirmation code (V13), then writes a
// `challenged_ballot` entry. VERIFICATION_FAILED names a ballot whose
// encryption does not match its nonce.
// The challenged ballots are read back from tally.record_dir one at a time.
StatusOr<std::vector<ChallengedBallotResult>> DecryptChallengedBallots(
    const ElectionParameters& params, const ElectionKeys& keys, const EncryptedTally& tally,
    const std::vector<Guardian*>& guardians, RecordSink& sink, Rng& rng);

// ContestDataRequest names one contest of one ballot whose contest data an
// election official asks the guardians to decrypt [§3.6.6].
struct ContestDataRequest {
  uint64_t ballot = 0;
  uint32_t contest = 0;  // ind_c; must be on the ballot's style
};

struct ContestDataResult {
  uint64_t ballot = 0;
  uint32_t contest = 0;
  Bytes data;           // D
  ContestData decoded;  // D parsed (DecodeContestData)
};

struct ContestDataDecryption {
  std::vector<ContestDataResult> results;  // in request order
  std::vector<uint32_t> guardians;         // the final U
  std::vector<uint32_t> excluded;
  std::vector<std::string> events;
};

// DecryptContestDataRequests decrypts the requested contest data
// ciphertexts with the available guardians' shares ẑ_i of K̂ [§3.6.6, eq.
// 96–106]: each guardian checks every C2 first [eq. 69], then the same
// commit-then-reveal rounds as DecryptTally (d_i of eq. 99, challenge of
// eq. 101); a guardian whose share fails is named, excluded and the round
// rerun. Requests must be in ascending (ballot, contest) order, each once.
// The ballots are read from `record_dir`. Writes `contest_data_share`,
// `contest_data_exclusion` and one `contest_data_decryption` entry (none
// for an empty request). INVALID_ARGUMENT for a bad request,
// FAILED_PRECONDITION when fewer than k honest guardians remain.
StatusOr<ContestDataDecryption> DecryptContestDataRequests(
    const ElectionParameters& params, const ElectionKeys& keys, const std::string& record_dir,
    const std::vector<ContestDataRequest>& requests, const std::vector<Guardian*>& available,
    RecordSink& sink, Rng& rng);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_TALLY_H_
