// Parameters and manifest: Verification 1 [2.1 §6.2.1].
#include <set>

#include "henhouse/crypto/hash.h"
#include "verify/context.h"

namespace henhouse::verify {
namespace {

constexpr std::string_view kVersion = "v2.1.0";
constexpr uint64_t kMaxLimit = 1000;  // R, L: a proof has R+1 branches

StatusOr<ContestModel> ParseContest(const Json& c, uint32_t index, const Path& p) {
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(c, {"contest_data_blocks", "label", "options", "option_limit", "selection_limit"},
                 {"description"}, p));
  ContestModel m;
  m.index = index;
  HENHOUSE_ASSIGN_OR_RETURN(m.label, GetString(c, "label", p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t r, GetU64(c, "option_limit", p, 1, kMaxLimit));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t l, GetU64(c, "selection_limit", p, 1, kMaxLimit));
  m.option_limit = static_cast<uint32_t>(r);
  m.selection_limit = static_cast<uint32_t>(l);
  // b_Λ [§3.3.10]; the manifest bounds it (docs/formats.md).
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t blocks, GetU64(c, "contest_data_blocks", p, 1, 1024));
  m.contest_data_blocks = static_cast<uint32_t>(blocks);
  HENHOUSE_ASSIGN_OR_RETURN(const Json* options, Field(c, "options", p));
  Path op = p.At("options");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*options, std::string::npos, op));
  if (options->empty()) return op.Error("a contest needs at least one option");
  std::set<std::string> seen;
  for (size_t i = 0; i < options->size(); ++i) {
    Path oi = op.At(i);
    HENHOUSE_RETURN_IF_ERROR(
        ExpectKeys((*options)[i], {"label"}, {"description", "write_in"}, oi));
    HENHOUSE_ASSIGN_OR_RETURN(std::string label, GetString((*options)[i], "label", oi));
    if (!seen.insert(label).second) return oi.Error("duplicate option label \"" + label + "\"");
    bool write_in = (*options)[i].contains("write_in");
    // Canonical form: "write_in" appears only as true.
    if (write_in && (*options)[i]["write_in"] != Json(true)) {
      return oi.At("write_in").Error("expected true (omitted when false)");
    }
    m.options.push_back(std::move(label));
    m.write_in.push_back(write_in);
  }
  if (r > l || l > r * m.options.size()) {
    return p.Error("limits must satisfy 1 <= option_limit <= selection_limit <= options x "
                   "option_limit");
  }
  return m;
}

}  // namespace

StatusOr<ManifestModel> ParseManifest(const Json& body, const Path& p) {
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(
      body, {"ballot_styles", "contests", "group", "guardians", "label", "quorum"},
      {"description"}, p));
  ManifestModel m;
  HENHOUSE_ASSIGN_OR_RETURN(m.group, GetString(body, "group", p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t n, GetU64(body, "guardians", p, 1, 255));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t k, GetU64(body, "quorum", p, 1, n));
  m.guardians = static_cast<uint32_t>(n);
  m.quorum = static_cast<uint32_t>(k);
  HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(body, "contests", p));
  Path cp = p.At("contests");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, std::string::npos, cp));
  if (contests->empty()) return cp.Error("at least one contest is required");
  std::map<std::string, uint32_t> contest_by_label;
  for (size_t i = 0; i < contests->size(); ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(ContestModel c,
                              ParseContest((*contests)[i], static_cast<uint32_t>(i + 1), cp.At(i)));
    if (!contest_by_label.emplace(c.label, c.index).second) {
      return cp.At(i).Error("duplicate contest label \"" + c.label + "\"");
    }
    m.contests.push_back(std::move(c));
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* styles, Field(body, "ballot_styles", p));
  Path sp = p.At("ballot_styles");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*styles, std::string::npos, sp));
  if (styles->empty()) return sp.Error("at least one ballot style is required");
  for (size_t i = 0; i < styles->size(); ++i) {
    Path si = sp.At(i);
    const Json& s = (*styles)[i];
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(s, {"contests", "label"}, {}, si));
    StyleModel style;
    HENHOUSE_ASSIGN_OR_RETURN(style.label, GetString(s, "label", si));
    HENHOUSE_ASSIGN_OR_RETURN(const Json* list, Field(s, "contests", si));
    HENHOUSE_RETURN_IF_ERROR(ExpectArray(*list, std::string::npos, si.At("contests")));
    if (list->empty()) return si.Error("a ballot style needs at least one contest");
    for (size_t j = 0; j < list->size(); ++j) {
      HENHOUSE_ASSIGN_OR_RETURN(std::string label,
                                ReadString((*list)[j], si.At("contests").At(j)));
      auto it = contest_by_label.find(label);
      if (it == contest_by_label.end()) {
        return si.At("contests").At(j).Error("unknown contest \"" + label + "\"");
      }
      style.contests.push_back(it->second);
    }
    std::sort(style.contests.begin(), style.contests.end());
    if (std::adjacent_find(style.contests.begin(), style.contests.end()) !=
        style.contests.end()) {
      return si.Error("a contest is listed twice");
    }
    if (!m.style_by_label.emplace(style.label, m.styles.size()).second) {
      return si.Error("duplicate ballot style label \"" + style.label + "\"");
    }
    m.styles.push_back(std::move(style));
  }
  return m;
}

// VerifyHeader reads `parameters` and `manifest` and performs 1.A–1.E; 1.F
// (H_B) is checked against `election_keys.h_b` in VerifyCeremony.
Status VerifyHeader(Run& run) {
  HENHOUSE_ASSIGN_OR_RETURN(Entry params, run.cursor->Next("parameters"));
  Path pp = RootPath(params.file->name);
  const Json& pb = params.body;
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(pb, {"group", "guardians", "h_p", "quorum", "version"}, {}, pp));
  HENHOUSE_ASSIGN_OR_RETURN(std::string version, GetString(pb, "version", pp));
  HENHOUSE_ASSIGN_OR_RETURN(std::string group_name, GetString(pb, "group", pp));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t n, GetU64(pb, "guardians", pp, 1, 255));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t k, GetU64(pb, "quorum", pp, 1, 255));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_p, GetHash(pb, "h_p", pp));
  auto group = math::GroupByName(group_name);
  if (!group.ok()) return pp.At("group").Error(group.status().message());
  run.election.group = *group;
  run.election.g = run.group().Precompute(run.group().Generator());

  run.Items(kV1, 1);
  if (version != kVersion) {
    run.Fail(kV1, "1.A parameters: version \"" + version + "\", this verifier checks \"" +
                      std::string(kVersion) + "\"");
  }
  // 1.B–1.D: the group's p, q, g are the built-in constants of the named
  // group; the spec's standard group is integer4096 (p256 is henhouse's
  // documented alternative). Toy groups are for tests only.
  bool toy = group_name.rfind("toy", 0) == 0;
  if (toy && !run.options.allow_toy_groups) {
    run.Fail(kV1, "1.B-1.D parameters: group \"" + group_name +
                      "\" is a toy group, not an election group");
  }
  if (k > n) run.Fail(kV1, "1.E parameters: quorum k = " + std::to_string(k) + " > n");
  // H_P = H(ver; 0x00, p, q, g, n, k)  [2.1 §3.1.2, eq. 4]
  Hash32 ver{};
  std::copy(kVersion.begin(), kVersion.end(), ver.begin());
  crypto::HashInput in(0x00);
  in.Fixed(run.group().EncodeParameters())
      .U32(static_cast<uint32_t>(n))
      .U32(static_cast<uint32_t>(k));
  run.election.h_p = crypto::H(ver, in);
  ++run.counters.hashes;
  if (run.election.h_p != h_p) {
    run.Fail(kV1, "1.E parameters: h_p " + Hex32(h_p) + " is not H(ver; 0x00, p, q, g, n, k) = " +
                      Hex32(run.election.h_p));
  }

  HENHOUSE_ASSIGN_OR_RETURN(Entry manifest, run.cursor->Next("manifest"));
  HENHOUSE_ASSIGN_OR_RETURN(run.election.manifest,
                            ParseManifest(manifest.body, RootPath(manifest.file->name)));
  const ManifestModel& m = run.election.manifest;
  if (m.group != group_name || m.guardians != n || m.quorum != k) {
    run.Fail(kV1, "1.E manifest: group/guardians/quorum (" + m.group + ", " +
                      std::to_string(m.guardians) + ", " + std::to_string(m.quorum) +
                      ") differ from the parameters (" + group_name + ", " + std::to_string(n) +
                      ", " + std::to_string(k) + ")");
  }
  // H_B = H(H_P; 0x01, b(len,4) ∥ manifest)  [eq. 5, §5.1.5]; the canonical
  // body re-serializes to exactly the file's bytes.
  std::string bytes = manifest.body.dump();
  crypto::HashInput hb(0x01);
  hb.LengthPrefixed(AsBytes(bytes));
  run.election.h_b = crypto::H(run.election.h_p, hb);
  ++run.counters.hashes;
  return OkStatus();
}

}  // namespace henhouse::verify
