#include "henhouse/election/manifest.h"

#include <algorithm>
#include <set>

#include "election/json.h"

namespace henhouse::election {
namespace {

constexpr uint32_t kMaxGuardians = 255;
constexpr uint32_t kMaxIndex = 1u << 20;  // contests, options, styles, limits

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

bool IsKnownGroup(std::string_view g) {
  return g == "integer4096" || g == "p256" || g == "toy7" || g == "toy32" || g == "toy48";
}

StatusOr<std::optional<std::string>> OptionalDescription(const Json& j, std::string_view what) {
  if (!j.contains("description")) return std::optional<std::string>();
  HENHOUSE_ASSIGN_OR_RETURN(std::string d, GetString(j, "description", what));
  if (!ValidUtf8(d)) return InvalidArgumentError(std::string(what) + ": description is not UTF-8");
  return std::optional<std::string>(std::move(d));
}

StatusOr<ContestDef> ParseContest(const Json& j, size_t index) {
  std::string what = "manifest: contest " + std::to_string(index);
  HENHOUSE_RETURN_IF_ERROR(ExpectObject(j, {"label", "selection_limit", "options"},
                                        {"description", "option_limit", "contest_data_blocks"},
                                        what));
  ContestDef c;
  HENHOUSE_ASSIGN_OR_RETURN(c.label, GetString(j, "label", what));
  HENHOUSE_ASSIGN_OR_RETURN(c.description, OptionalDescription(j, what));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t l, GetU64(j, "selection_limit", what, 1, kMaxIndex));
  c.selection_limit = static_cast<uint32_t>(l);
  if (j.contains("option_limit")) {
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t r, GetU64(j, "option_limit", what, 1, kMaxIndex));
    c.option_limit = static_cast<uint32_t>(r);
  }
  if (j.contains("contest_data_blocks")) {
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t b, GetU64(j, "contest_data_blocks", what, 1,
                                                 kMaxContestDataBlocksPerContest));
    c.contest_data_blocks = static_cast<uint32_t>(b);
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* opts, GetArray(j, "options", what));
  for (size_t i = 0; i < opts->size(); ++i) {
    std::string ow = what + " option " + std::to_string(i + 1);
    HENHOUSE_RETURN_IF_ERROR(ExpectObject((*opts)[i], {"label"}, {"description", "write_in"}, ow));
    OptionDef o;
    HENHOUSE_ASSIGN_OR_RETURN(o.label, GetString((*opts)[i], "label", ow));
    HENHOUSE_ASSIGN_OR_RETURN(o.description, OptionalDescription((*opts)[i], ow));
    if ((*opts)[i].contains("write_in")) {
      const Json& w = (*opts)[i]["write_in"];
      if (!w.is_boolean()) return InvalidArgumentError(ow + ": write_in must be true or false");
      o.write_in = w.get<bool>();
    }
    c.options.push_back(std::move(o));
  }
  return c;
}

StatusOr<Manifest> ParseJsonManifest(const Json& j) {
  HENHOUSE_RETURN_IF_ERROR(ExpectObject(
      j, {"label", "group", "guardians", "quorum", "contests", "ballot_styles"}, {"description"},
      "manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(std::string label, GetString(j, "label", "manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(auto description, OptionalDescription(j, "manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(std::string group, GetString(j, "group", "manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t n, GetU64(j, "guardians", "manifest", 1, kMaxGuardians));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t k, GetU64(j, "quorum", "manifest", 1, kMaxGuardians));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* cs, GetArray(j, "contests", "manifest"));
  std::vector<ContestDef> contests;
  for (size_t i = 0; i < cs->size(); ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(ContestDef c, ParseContest((*cs)[i], i + 1));
    contests.push_back(std::move(c));
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* ss, GetArray(j, "ballot_styles", "manifest"));
  std::vector<BallotStyle> styles;
  for (size_t i = 0; i < ss->size(); ++i) {
    std::string what = "manifest: ballot style " + std::to_string(i + 1);
    const Json& s = (*ss)[i];
    HENHOUSE_RETURN_IF_ERROR(ExpectObject(s, {"label", "contests"}, {}, what));
    BallotStyle st;
    HENHOUSE_ASSIGN_OR_RETURN(st.label, GetString(s, "label", what));
    HENHOUSE_ASSIGN_OR_RETURN(const Json* names, GetArray(s, "contests", what));
    std::set<uint32_t> seen;
    for (const Json& name : *names) {
      HENHOUSE_ASSIGN_OR_RETURN(std::string cl, AsString(name, what + " contest"));
      uint32_t found = 0;
      for (size_t c = 0; c < contests.size(); ++c) {
        if (contests[c].label == cl) found = static_cast<uint32_t>(c + 1);
      }
      if (found == 0) {
        return InvalidArgumentError(what + " (\"" + st.label + "\"): names contest \"" + cl +
                                    "\", which is not in the contest list");
      }
      if (!seen.insert(found).second) {
        return InvalidArgumentError(what + " (\"" + st.label + "\"): names contest \"" + cl +
                                    "\" twice");
      }
    }
    st.contests.assign(seen.begin(), seen.end());
    styles.push_back(std::move(st));
  }
  return Manifest::Create(std::move(label), std::move(description), std::move(group),
                          static_cast<uint32_t>(n), static_cast<uint32_t>(k), std::move(contests),
                          std::move(styles));
}

}  // namespace

Status ValidateLabel(std::string_view label, std::string_view what) {
  if (label.empty() || label.size() > 256) {
    return InvalidArgumentError(std::string(what) + ": label must be 1 to 256 bytes");
  }
  if (!ValidUtf8(label)) return InvalidArgumentError(std::string(what) + ": label is not UTF-8");
  for (char c : label) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return InvalidArgumentError(std::string(what) + ": label \"" + std::string(label) +
                                  "\" contains a control character");
    }
  }
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  if (space(label.front()) || space(label.back())) {
    return InvalidArgumentError(std::string(what) + ": label \"" + std::string(label) +
                                "\" has leading or trailing whitespace");
  }
  return OkStatus();
}

uint32_t DefaultContestDataBlocks(size_t write_in_options) {
  uint64_t b = 1 + 2 * uint64_t{write_in_options};
  return static_cast<uint32_t>(std::min<uint64_t>(b, kMaxContestDataBlocksPerContest));
}

StatusOr<Manifest> Manifest::Parse(std::string_view json_text) {
  HENHOUSE_ASSIGN_OR_RETURN(Json j, ParseJson(json_text, "manifest"));
  return ParseJsonManifest(j);
}

StatusOr<Manifest> Manifest::ParseCanonical(std::string_view json_text) {
  HENHOUSE_ASSIGN_OR_RETURN(Json j, ParseCanonicalJson(json_text, "manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(Manifest m, ParseJsonManifest(j));
  if (m.Canonical() != json_text) {
    return InvalidArgumentError("manifest: not in canonical form (defaults must be explicit)");
  }
  return m;
}

StatusOr<Manifest> Manifest::Create(std::string label, std::optional<std::string> description,
                                    std::string group, uint32_t guardians, uint32_t quorum,
                                    std::vector<ContestDef> contests,
                                    std::vector<BallotStyle> styles) {
  Manifest m;
  m.label_ = std::move(label);
  m.description_ = std::move(description);
  m.group_ = std::move(group);
  m.guardians_ = guardians;
  m.quorum_ = quorum;
  m.contests_ = std::move(contests);
  m.styles_ = std::move(styles);
  for (ContestDef& c : m.contests_) {
    if (c.contest_data_blocks == 0) {
      size_t w = 0;
      for (const OptionDef& o : c.options) w += o.write_in ? 1 : 0;
      c.contest_data_blocks = DefaultContestDataBlocks(w);
    }
  }
  HENHOUSE_RETURN_IF_ERROR(m.Validate());
  return m;
}

Status Manifest::Validate() const {
  HENHOUSE_RETURN_IF_ERROR(ValidateLabel(label_, "manifest"));
  if (!IsKnownGroup(group_)) {
    return InvalidArgumentError("manifest: group \"" + group_ +
                                "\" is not one of integer4096, p256 (or toy7, toy32, toy48)");
  }
  if (guardians_ < 1 || guardians_ > kMaxGuardians) {
    return InvalidArgumentError("manifest: guardians must be between 1 and 255");
  }
  if (quorum_ < 1 || quorum_ > guardians_) {
    return InvalidArgumentError("manifest: quorum " + std::to_string(quorum_) +
                                " must be between 1 and the number of guardians " +
                                std::to_string(guardians_));
  }
  if (contests_.empty() || contests_.size() > kMaxIndex) {
    return InvalidArgumentError("manifest: needs at least one contest");
  }
  std::set<std::string> contest_labels;
  for (size_t i = 0; i < contests_.size(); ++i) {
    const ContestDef& c = contests_[i];
    std::string what = "manifest: contest " + std::to_string(i + 1);
    HENHOUSE_RETURN_IF_ERROR(ValidateLabel(c.label, what));
    what += " (\"" + c.label + "\")";
    if (!contest_labels.insert(c.label).second) {
      return InvalidArgumentError(what + ": duplicate contest label");
    }
    if (c.options.empty() || c.options.size() > kMaxIndex) {
      return InvalidArgumentError(what + ": needs at least one option");
    }
    std::set<std::string> option_labels;
    for (size_t o = 0; o < c.options.size(); ++o) {
      HENHOUSE_RETURN_IF_ERROR(
          ValidateLabel(c.options[o].label, what + " option " + std::to_string(o + 1)));
      if (!option_labels.insert(c.options[o].label).second) {
        return InvalidArgumentError(what + ": duplicate option label \"" + c.options[o].label +
                                    "\"");
      }
    }
    if (c.contest_data_blocks < 1 || c.contest_data_blocks > kMaxContestDataBlocksPerContest) {
      return InvalidArgumentError(what + ": contest_data_blocks " +
                                  std::to_string(c.contest_data_blocks) + " must be 1.." +
                                  std::to_string(kMaxContestDataBlocksPerContest));
    }
    uint64_t max_total = uint64_t{c.option_limit} * c.options.size();
    if (c.selection_limit < 1 || c.selection_limit > max_total) {
      return InvalidArgumentError(what + ": selection_limit " + std::to_string(c.selection_limit) +
                                  " is more than its " + std::to_string(c.options.size()) +
                                  " options allow (" + std::to_string(c.options.size()) +
                                  " x option_limit " + std::to_string(c.option_limit) + ")");
    }
    if (c.option_limit < 1 || c.option_limit > c.selection_limit) {
      return InvalidArgumentError(what + ": option_limit " + std::to_string(c.option_limit) +
                                  " must be between 1 and selection_limit " +
                                  std::to_string(c.selection_limit));
    }
  }
  if (styles_.empty()) return InvalidArgumentError("manifest: needs at least one ballot style");
  std::set<std::string> style_labels;
  for (size_t i = 0; i < styles_.size(); ++i) {
    const BallotStyle& s = styles_[i];
    std::string what = "manifest: ballot style " + std::to_string(i + 1);
    HENHOUSE_RETURN_IF_ERROR(ValidateLabel(s.label, what));
    if (!style_labels.insert(s.label).second) {
      return InvalidArgumentError(what + ": duplicate ballot style label \"" + s.label + "\"");
    }
    if (s.contests.empty()) {
      return InvalidArgumentError(what + " (\"" + s.label + "\"): lists no contest");
    }
    for (size_t c = 0; c < s.contests.size(); ++c) {
      if (s.contests[c] < 1 || s.contests[c] > contests_.size() ||
          (c > 0 && s.contests[c] <= s.contests[c - 1])) {
        return InvalidArgumentError(what + ": contest indices must be distinct and valid");
      }
    }
  }
  return OkStatus();
}

StatusOr<Manifest> Manifest::WithElection(std::string group, uint32_t guardians,
                                          uint32_t quorum) const {
  return Create(label_, description_, std::move(group), guardians, quorum, contests_, styles_);
}

std::string Manifest::Canonical() const {
  Json j;
  j["label"] = label_;
  if (description_) j["description"] = *description_;
  j["group"] = group_;
  j["guardians"] = guardians_;
  j["quorum"] = quorum_;
  Json cs = Json::array();
  for (const ContestDef& c : contests_) {
    Json cj;
    cj["label"] = c.label;
    if (c.description) cj["description"] = *c.description;
    cj["selection_limit"] = c.selection_limit;
    cj["option_limit"] = c.option_limit;
    cj["contest_data_blocks"] = c.contest_data_blocks;
    Json os = Json::array();
    for (const OptionDef& o : c.options) {
      Json oj;
      oj["label"] = o.label;
      if (o.description) oj["description"] = *o.description;
      if (o.write_in) oj["write_in"] = true;
      os.push_back(oj);
    }
    cj["options"] = os;
    cs.push_back(cj);
  }
  j["contests"] = cs;
  Json ss = Json::array();
  for (const BallotStyle& s : styles_) {
    Json names = Json::array();
    for (uint32_t c : s.contests) names.push_back(contests_[c - 1].label);
    ss.push_back(Json{{"label", s.label}, {"contests", names}});
  }
  j["ballot_styles"] = ss;
  return j.dump();  // labels were validated as UTF-8, so dump() cannot throw
}

StatusOr<uint32_t> Manifest::StyleIndex(std::string_view label) const {
  for (size_t i = 0; i < styles_.size(); ++i) {
    if (styles_[i].label == label) return static_cast<uint32_t>(i + 1);
  }
  return NotFoundError("manifest has no ballot style \"" + std::string(label) + "\"");
}

}  // namespace henhouse::election
