// The contest data field of a contest [2.1 §3.3.10]: what a ballot records
// about a contest besides the option values — overvote, undervote and
// null-vote indications and write-in texts — as the fixed-length byte array
// D of 32·b_Λ bytes that is encrypted with hashed ElGamal under K̂.
//
// The byte layout (docs/formats.md, "Contest data D") is henhouse's choice;
// the spec only asks that it be unambiguous:
//
//   D = 0x01                                  format version
//     ∥ flags                                 0x01 overvote, 0x02 undervote,
//                                             0x04 null vote, 0x08 marks truncated
//     ∥ b(#marks, 2)  ∥ (b(ind_o, 4) ∥ b(value, 2))*    the voter's overvote marks
//     ∥ b(#write-ins, 2) ∥ (b(ind_o, 4) ∥ b(len, 2) ∥ UTF-8 text)*
//     ∥ 0x00 …                                zero padding to 32·b_Λ bytes
//
// Every length is explicit, so padding cannot be confused with data; a
// decoder requires the padding to be zero.
#ifndef HENHOUSE_ELECTION_CONTEST_DATA_H_
#define HENHOUSE_ELECTION_CONTEST_DATA_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "henhouse/election/manifest.h"

namespace henhouse::election {

inline constexpr uint8_t kContestDataVersion = 0x01;
inline constexpr uint8_t kFlagOvervote = 0x01;
inline constexpr uint8_t kFlagUndervote = 0x02;
inline constexpr uint8_t kFlagNullVote = 0x04;
inline constexpr uint8_t kFlagMarksTruncated = 0x08;
// A write-in text follows the rules of a label (ValidateLabel): 1–256 bytes
// of UTF-8, no control characters, no leading or trailing whitespace.

// WriteIn is the text a voter wrote for write-in option `option` (ind_o).
struct WriteIn {
  uint32_t option = 0;
  std::string text;
  bool operator==(const WriteIn&) const = default;
};

// ContestInput is what a voter gives for a contest besides the values σ:
// `overvote` holds the voter's marks per option (one value per option) when
// they exceeded a limit — the contest's values are then all zero (an
// overvoted contest counts as no vote); it is empty otherwise. `write_ins`
// holds texts for write-in options, in ascending option order.
struct ContestInput {
  std::vector<uint32_t> overvote;
  std::vector<WriteIn> write_ins;
};

// ContestData is D decoded.
struct ContestData {
  uint8_t flags = 0;
  std::vector<std::pair<uint32_t, uint32_t>> marks;  // (ind_o, value), value > 0
  std::vector<WriteIn> write_ins;
  bool operator==(const ContestData&) const = default;
};

// ValidateContestInput checks `input` for contest `def` with values
// `values`: overvote marks (one per option, values ≤ 65535, really over a
// limit, with all σ zero), write-ins (existing write-in options, ascending,
// texts valid as labels (ValidateLabel), σ ≥ 1 on
// that option unless overvoted) and that the encoding fits b_Λ blocks.
// INVALID_ARGUMENT names the contest (`what`) and the rule.
Status ValidateContestInput(const ContestDef& def, const std::vector<uint32_t>& values,
                            const ContestInput& input, const std::string& what);

// MakeContestData derives D's content: the flags from the values and the
// limit L (undervote Σσ < L, null vote Σσ = 0, unless overvoted), the marks
// (truncated, with the flag, to what fits) and the write-ins.
// REQUIRES: ValidateContestInput passed.
ContestData MakeContestData(const ContestDef& def, const std::vector<uint32_t>& values,
                            const ContestInput& input);

// EncodeContestData returns D, exactly 32·b_Λ bytes. INVALID_ARGUMENT if the
// content does not fit.
StatusOr<Bytes> EncodeContestData(const ContestDef& def, const ContestData& data);

// DecodeContestData parses D for contest `def` (length 32·b_Λ, version,
// known flags, option indices of the contest, write-ins on write-in options,
// UTF-8 texts, zero padding). INVALID_ARGUMENT names what is wrong.
StatusOr<ContestData> DecodeContestData(const ContestDef& def, ByteSpan bytes);

// DescribeContestData renders D for people, e.g.
// `undervote; write-in "Write-in": "Jane Q. Public"`; "" if there is nothing.
std::string DescribeContestData(const ContestDef& def, const ContestData& data);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_CONTEST_DATA_H_
