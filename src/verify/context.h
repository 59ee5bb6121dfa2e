// Shared state of one verification run: the election's public values as the
// verifier recomputed them, the manifest model, and the per-check results.
#ifndef HENHOUSE_SRC_VERIFY_CONTEXT_H_
#define HENHOUSE_SRC_VERIFY_CONTEXT_H_

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "henhouse/verify/verify.h"
#include "verify/fields.h"
#include "verify/record_files.h"

namespace henhouse::verify {

// CheckId indexes the report's checks.
enum CheckId : int {
  kRec = 0, kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8, kV9, kV10, kV11, kV12, kV13, kV14,
  kV15, kV16, kV17, kV18, kV19, kNumChecks
};

// Finding is one failure: the check and a message naming the object.
struct Finding {
  CheckId check;
  std::string message;
};

// ContestModel is one manifest contest as the verifier reads it.
struct ContestModel {
  uint32_t index = 0;  // ind_c, 1-based
  std::string label;
  uint32_t selection_limit = 0;  // L
  uint32_t option_limit = 0;     // R
  uint32_t contest_data_blocks = 0;  // b_Λ
  std::vector<std::string> options;
  std::vector<bool> write_in;  // per option
};

struct StyleModel {
  std::string label;
  std::vector<uint32_t> contests;  // ind_c, ascending (manifest order)
};

struct ManifestModel {
  std::string group;
  uint32_t guardians = 0;
  uint32_t quorum = 0;
  std::vector<ContestModel> contests;
  std::vector<StyleModel> styles;
  std::map<std::string, size_t> style_by_label;
};

// ElectionValues are the values every later check uses, recomputed where the
// spec defines them (H_P, H_B, H_E) and taken from the record otherwise (K,
// K̂, the final attempt's commitments).
struct ElectionValues {
  std::shared_ptr<const math::Group> group;
  ManifestModel manifest;
  Hash32 h_p{};
  Hash32 h_b{};
  Hash32 h_e{};
  math::FixedBase g;
  math::FixedBase k;      // K
  math::FixedBase k_hat;  // K̂
  // commitments[i-1] = K_{i,0..k-1} of the final attempt; data_commitments
  // the K̂_{i,0..k-1}.
  std::vector<std::vector<math::Element>> commitments;
  std::vector<std::vector<math::Element>> data_commitments;
};

// ChallengedBallot keeps what Verification 13 needs of a challenged ballot.
struct ChallengedBallot {
  uint64_t number = 0;
  size_t style = 0;  // index into manifest.styles
  Hash32 id{};
  Hash32 h_i{};  // recomputed H_I
  // selections[c][o] = (α, β) of contest style.contests[c], option o+1
  std::vector<std::vector<std::pair<math::Element, math::Element>>> selections;
  std::vector<Hash32> contest_hashes;  // as recorded
  // contest_data[c] = the encoded C0, C1 and b(C2, 2·lq) of contest c.
  std::vector<std::array<Bytes, 3>> contest_data;
  Bytes chaining_field;
  Hash32 confirmation_code{};
};

// Aggregate is the running product of cast selections: [contest-1][option-1].
using Aggregate = std::vector<std::vector<std::pair<math::Element, math::Element>>>;

// BallotState is what the ballot phase leaves for the later ones.
struct BallotState {
  std::vector<Aggregate> partial;  // one per worker slot, multiplied at the end
  uint64_t cast = 0;
  uint64_t total = 0;
  std::map<uint64_t, ChallengedBallot> challenged;
  // files[b-1], digests[b-1]: ballot b's record file and SHA-256 of its
  // bytes, to read it again for Verification 12.
  std::vector<const EntryFile*> files;
  std::vector<std::array<uint8_t, 32>> digests;
};

// Run holds the state of one VerifyRecord call.
struct Run {
  VerifyOptions options;
  RecordCursor* cursor = nullptr;
  ElectionValues election;
  std::array<CheckResult, kNumChecks> checks;
  Counters counters;
  BallotState ballots;

  void Fail(CheckId id, std::string message);
  void Items(CheckId id, uint64_t n) { checks[id].items += n; }
  void Merge(const std::vector<Finding>& findings);
  const math::Group& group() const { return *election.group; }
};

// The phases of a run, in record order. Each reads its entries from the
// cursor; an error return means the record is unreadable.
Status VerifyHeader(Run& run);        // parameters, manifest (V1)
Status VerifyCeremony(Run& run);      // guardians, shares, ..., election_keys (V2–V4)
Status VerifyBallots(Run& run);       // devices and ballots (V5–V8), aggregation
Status VerifyTally(Run& run);         // tally, decryption (V9–V11)
Status VerifyChallenged(Run& run);    // challenged ballots (V13, V14)
// (contest data decryptions, V12: verify/contest_data.h)

// Lagrange returns w_i = Π_{ℓ∈U, ℓ≠i} ℓ/(ℓ−i) mod q for each i of U  [eq. 85].
std::vector<math::Scalar> Lagrange(const math::Group& group, const std::vector<uint32_t>& u);
// ShareKeyFromCommitments returns g^(P(i)) = Π_j Π_m C_{j,m}^(i^m) [eq. 94]
// from all guardians' commitments (K for z_i, K̂ for ẑ_i), by one
// multi-exponentiation (counted).
math::Element ShareKeyFromCommitments(Run& run,
                                      const std::vector<std::vector<math::Element>>& commitments,
                                      uint32_t i);

// ParseManifest reads the canonical manifest entry.
StatusOr<ManifestModel> ParseManifest(const Json& body, const Path& path);

// Small shared helpers.
std::string Hex32(const Hash32& h);
inline bool SameBytes(ByteSpan a, ByteSpan b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_CONTEXT_H_
