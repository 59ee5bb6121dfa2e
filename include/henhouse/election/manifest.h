// The election manifest [2.1 §3.1.3]: contests with their options, option and
// contest selection limits, ballot styles, the group and the guardian counts.
// docs/formats.md ("Manifest") defines the JSON form.
#ifndef HENHOUSE_ELECTION_MANIFEST_H_
#define HENHOUSE_ELECTION_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/status.h"

namespace henhouse::election {

struct OptionDef {
  std::string label;
  std::optional<std::string> description;
  // write_in marks a write-in option: a voter who gives it a value may write
  // a text, carried in the contest data [§3.3.9, §3.3.10].
  bool write_in = false;
};

// kMaxContestDataBlocksPerContest bounds the manifest's b_Λ (32 KiB of data).
inline constexpr uint32_t kMaxContestDataBlocksPerContest = 1024;

// DefaultContestDataBlocks is b_Λ when the manifest gives none: 1 block for
// the header and overvote marks, plus 2 (64 bytes) per write-in option.
uint32_t DefaultContestDataBlocks(size_t write_in_options);

struct ContestDef {
  std::string label;
  std::optional<std::string> description;
  uint32_t selection_limit = 1;  // L
  uint32_t option_limit = 1;     // R
  std::vector<OptionDef> options;
  // b_Λ: the contest data D is 32·b_Λ bytes [§3.3.10]. 0 in a ContestDef
  // built in code means "the default" (Create fills it in).
  uint32_t contest_data_blocks = 0;
};

struct BallotStyle {
  std::string label;
  // contests holds 1-based contest indices in ascending (manifest) order.
  std::vector<uint32_t> contests;
};

// Manifest is a validated manifest: every instance satisfies the rules of
// docs/formats.md (unique clean labels, 1 ≤ R ≤ L ≤ R·|options|, styles
// naming existing contests once, a known group, 1 ≤ k ≤ n ≤ 255).
class Manifest {
 public:
  // Parse reads a manifest written by people (any formatting).
  // INVALID_ARGUMENT names the object and rule violated.
  static StatusOr<Manifest> Parse(std::string_view json_text);
  // ParseCanonical reads the manifest entry of a record: it must also be
  // byte-for-byte the canonical form.
  static StatusOr<Manifest> ParseCanonical(std::string_view json_text);
  // Create validates a manifest built in code.
  static StatusOr<Manifest> Create(std::string label, std::optional<std::string> description,
                                   std::string group, uint32_t guardians, uint32_t quorum,
                                   std::vector<ContestDef> contests,
                                   std::vector<BallotStyle> styles);

  // WithElection returns this manifest with the group and guardian counts
  // replaced (what `demo --group --guardians --quorum` does), revalidated.
  StatusOr<Manifest> WithElection(std::string group, uint32_t guardians, uint32_t quorum) const;

  // Canonical returns the canonical JSON, the bytes hashed into H_B.
  std::string Canonical() const;

  const std::string& label() const { return label_; }
  const std::string& group() const { return group_; }
  uint32_t guardians() const { return guardians_; }
  uint32_t quorum() const { return quorum_; }
  const std::vector<ContestDef>& contests() const { return contests_; }
  const std::vector<BallotStyle>& styles() const { return styles_; }
  // contest(i) is the contest with 1-based index i. REQUIRES: 1 ≤ i ≤ size.
  const ContestDef& contest(uint32_t index) const { return contests_[index - 1]; }
  // StyleIndex returns the 1-based index of a style label (NOT_FOUND).
  StatusOr<uint32_t> StyleIndex(std::string_view label) const;

 private:
  Manifest() = default;
  Status Validate() const;
  std::string label_;
  std::optional<std::string> description_;
  std::string group_;
  uint32_t guardians_ = 0;
  uint32_t quorum_ = 0;
  std::vector<ContestDef> contests_;
  std::vector<BallotStyle> styles_;
};

// ValidateLabel checks a label [§3.1.3]: 1-256 bytes of UTF-8 without control
// characters or leading/trailing whitespace. `what` names it in the error.
Status ValidateLabel(std::string_view label, std::string_view what);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_MANIFEST_H_
