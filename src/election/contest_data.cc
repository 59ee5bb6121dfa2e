#include "henhouse/election/contest_data.h"

#include <numeric>

namespace henhouse::election {
namespace {

constexpr size_t kBlock = 32;
constexpr size_t kHeader = 2 + 2 + 2;  // version, flags, #marks, #write-ins
constexpr size_t kMark = 4 + 2;
constexpr uint32_t kMaxMark = 0xFFFF;

size_t WriteInsSize(const std::vector<WriteIn>& write_ins) {
  size_t n = 0;
  for (const WriteIn& w : write_ins) n += 4 + 2 + w.text.size();
  return n;
}

}  // namespace

Status ValidateContestInput(const ContestDef& def, const std::vector<uint32_t>& values,
                            const ContestInput& input, const std::string& what) {
  bool overvoted = !input.overvote.empty();
  if (overvoted) {
    if (input.overvote.size() != def.options.size()) {
      return InvalidArgumentError(what + ": overvote marks need one value per option");
    }
    uint64_t total = 0;
    bool over = false;
    for (uint32_t m : input.overvote) {
      if (m > kMaxMark) return InvalidArgumentError(what + ": an overvote mark is over 65535");
      total += m;
      over = over || m > def.option_limit;
    }
    if (!over && total <= def.selection_limit) {
      return InvalidArgumentError(what + ": overvote marks are within the limits");
    }
    if (std::accumulate(values.begin(), values.end(), uint64_t{0}) != 0) {
      return InvalidArgumentError(what + ": an overvoted contest must have all values 0");
    }
  }
  for (size_t i = 0; i < input.write_ins.size(); ++i) {
    const WriteIn& w = input.write_ins[i];
    std::string ww = what + " write-in " + std::to_string(i + 1);
    if (w.option < 1 || w.option > def.options.size() || !def.options[w.option - 1].write_in) {
      return InvalidArgumentError(ww + ": option " + std::to_string(w.option) +
                                  " is not a write-in option of the contest");
    }
    if (i > 0 && w.option <= input.write_ins[i - 1].option) {
      return InvalidArgumentError(ww + ": write-ins must be in ascending option order, once each");
    }
    HENHOUSE_RETURN_IF_ERROR(ValidateLabel(w.text, ww + " text"));
    if (!overvoted && values[w.option - 1] == 0) {
      return InvalidArgumentError(ww + ": option \"" + def.options[w.option - 1].label +
                                  "\" has a text but no vote");
    }
  }
  size_t room = size_t{def.contest_data_blocks} * kBlock;
  if (kHeader + WriteInsSize(input.write_ins) > room) {
    return InvalidArgumentError(what + ": write-in texts need " +
                                std::to_string(kHeader + WriteInsSize(input.write_ins)) +
                                " bytes of contest data, the contest has " + std::to_string(room) +
                                " (contest_data_blocks " +
                                std::to_string(def.contest_data_blocks) + ")");
  }
  return OkStatus();
}

ContestData MakeContestData(const ContestDef& def, const std::vector<uint32_t>& values,
                            const ContestInput& input) {
  ContestData d;
  d.write_ins = input.write_ins;
  if (!input.overvote.empty()) {
    d.flags = kFlagOvervote;
    size_t room = size_t{def.contest_data_blocks} * kBlock - kHeader - WriteInsSize(d.write_ins);
    for (size_t o = 0; o < input.overvote.size(); ++o) {
      if (input.overvote[o] == 0) continue;
      if (room < kMark) {
        d.flags |= kFlagMarksTruncated;
        break;
      }
      d.marks.emplace_back(static_cast<uint32_t>(o + 1), input.overvote[o]);
      room -= kMark;
    }
    return d;
  }
  uint64_t total = std::accumulate(values.begin(), values.end(), uint64_t{0});
  if (total < def.selection_limit) d.flags |= kFlagUndervote;
  if (total == 0) d.flags |= kFlagNullVote;
  return d;
}

StatusOr<Bytes> EncodeContestData(const ContestDef& def, const ContestData& data) {
  Bytes d;
  d.push_back(kContestDataVersion);
  d.push_back(data.flags);
  AppendU16(d, static_cast<uint16_t>(data.marks.size()));
  for (const auto& [o, v] : data.marks) {
    AppendU32(d, o);
    AppendU16(d, static_cast<uint16_t>(v));
  }
  AppendU16(d, static_cast<uint16_t>(data.write_ins.size()));
  for (const WriteIn& w : data.write_ins) {
    AppendU32(d, w.option);
    AppendU16(d, static_cast<uint16_t>(w.text.size()));
    Append(d, AsBytes(w.text));
  }
  size_t size = size_t{def.contest_data_blocks} * kBlock;
  if (d.size() > size) {
    return InvalidArgumentError("contest data for \"" + def.label + "\": " +
                                std::to_string(d.size()) + " bytes do not fit in " +
                                std::to_string(size));
  }
  d.resize(size, 0x00);  // zero padding [§3.3.10 "Fixed-length encoding"]
  return d;
}

StatusOr<ContestData> DecodeContestData(const ContestDef& def, ByteSpan bytes) {
  const std::string what = "contest data for \"" + def.label + "\"";
  if (bytes.size() != size_t{def.contest_data_blocks} * kBlock) {
    return InvalidArgumentError(what + ": expected " +
                                std::to_string(size_t{def.contest_data_blocks} * kBlock) +
                                " bytes, got " + std::to_string(bytes.size()));
  }
  ByteReader r(bytes);
  ContestData d;
  HENHOUSE_ASSIGN_OR_RETURN(uint8_t version, r.ReadU8(what + " version"));
  if (version != kContestDataVersion) return InvalidArgumentError(what + ": unknown version");
  HENHOUSE_ASSIGN_OR_RETURN(d.flags, r.ReadU8(what + " flags"));
  if ((d.flags & ~0x0F) != 0) return InvalidArgumentError(what + ": unknown flag bits");
  HENHOUSE_ASSIGN_OR_RETURN(uint16_t marks, r.ReadU16(what + " mark count"));
  for (uint16_t i = 0; i < marks; ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(uint32_t o, r.ReadU32(what + " mark option"));
    HENHOUSE_ASSIGN_OR_RETURN(uint16_t v, r.ReadU16(what + " mark value"));
    if (o < 1 || o > def.options.size() || v == 0 || (i > 0 && o <= d.marks.back().first)) {
      return InvalidArgumentError(what + ": bad overvote mark " + std::to_string(i + 1));
    }
    d.marks.emplace_back(o, v);
  }
  HENHOUSE_ASSIGN_OR_RETURN(uint16_t writes, r.ReadU16(what + " write-in count"));
  for (uint16_t i = 0; i < writes; ++i) {
    WriteIn w;
    HENHOUSE_ASSIGN_OR_RETURN(w.option, r.ReadU32(what + " write-in option"));
    HENHOUSE_ASSIGN_OR_RETURN(uint16_t len, r.ReadU16(what + " write-in length"));
    HENHOUSE_ASSIGN_OR_RETURN(ByteSpan text, r.Read(len, what + " write-in text"));
    w.text.assign(text.begin(), text.end());
    std::string ww = what + " write-in " + std::to_string(i + 1);
    if (w.option < 1 || w.option > def.options.size() || !def.options[w.option - 1].write_in ||
        (i > 0 && w.option <= d.write_ins.back().option)) {
      return InvalidArgumentError(ww + ": not a write-in option of the contest, or out of order");
    }
    HENHOUSE_RETURN_IF_ERROR(ValidateLabel(w.text, ww + " text"));
    d.write_ins.push_back(std::move(w));
  }
  while (!r.empty()) {
    HENHOUSE_ASSIGN_OR_RETURN(uint8_t pad, r.ReadU8(what + " padding"));
    if (pad != 0) return InvalidArgumentError(what + ": padding is not zero");
  }
  if ((d.flags & kFlagOvervote) == 0 && (!d.marks.empty() || (d.flags & kFlagMarksTruncated))) {
    return InvalidArgumentError(what + ": overvote marks without the overvote flag");
  }
  return d;
}

std::string DescribeContestData(const ContestDef& def, const ContestData& data) {
  std::vector<std::string> parts;
  if (data.flags & kFlagOvervote) {
    std::string s = "overvote (marked";
    for (const auto& [o, v] : data.marks) {
      s.append(" \"").append(def.options[o - 1].label).append("\"");
      if (v > 1) s.append("x").append(std::to_string(v));
    }
    if (data.flags & kFlagMarksTruncated) s.append(" ...");
    s.append(")");
    parts.push_back(std::move(s));
  }
  if (data.flags & kFlagNullVote) {
    parts.emplace_back("null vote");
  } else if (data.flags & kFlagUndervote) {
    parts.emplace_back("undervote");
  }
  for (const WriteIn& w : data.write_ins) {
    std::string s = "write-in \"";
    s.append(def.options[w.option - 1].label).append("\": \"").append(w.text).append("\"");
    parts.push_back(std::move(s));
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out.append("; ");
    out.append(p);
  }
  return out;
}

}  // namespace henhouse::election
