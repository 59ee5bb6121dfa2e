#include "henhouse/tlog/policy.h"

#include <algorithm>

namespace henhouse::tlog {
namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

Status Policy::AddGroup(const std::vector<std::string_view>& f) {
  if (f.size() < 4) return InvalidArgumentError("group needs a name, a threshold and members");
  Group g{std::string(f[1]), 0, {}};
  for (size_t i = 3; i < f.size(); ++i) {
    size_t id = kNone;
    for (size_t w = 0; w < witnesses_.size(); ++w) {
      if (witnesses_[w].name == f[i]) id = w;
    }
    for (size_t k = 0; k < groups_.size(); ++k) {
      if (groups_[k].name == f[i]) id = kGroupBit | k;
    }
    if (id == kNone) return InvalidArgumentError("group member \"" + std::string(f[i]) + "\" is not defined above");
    if (std::find(g.members.begin(), g.members.end(), id) != g.members.end()) {
      return InvalidArgumentError("group member \"" + std::string(f[i]) + "\" listed twice");
    }
    g.members.push_back(id);
  }
  size_t n = g.members.size();
  if (f[2] == "all") {
    g.k = n;
  } else if (f[2] == "any") {
    g.k = 1;
  } else {
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t k, ParseDecimal(f[2], "group threshold"));
    if (k < 1 || k > n) return InvalidArgumentError("group threshold must be in 1..n");
    g.k = k;
  }
  groups_.push_back(std::move(g));
  return OkStatus();
}

StatusOr<Policy> Policy::Parse(std::string_view text) {
  Policy p;
  auto name_taken = [&p](std::string_view n) {
    if (n == "none") return true;
    for (const auto& w : p.witnesses_) if (w.name == n) return true;
    for (const auto& g : p.groups_) if (g.name == n) return true;
    return false;
  };
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    auto ctx = [&](Status s) { return s.WithContext("policy line " + std::to_string(line_no)); };
    for (char c : line) {
      uint8_t u = static_cast<uint8_t>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F) return ctx(InvalidArgumentError("control character"));
    }
    std::vector<std::string_view> f = Fields(line);
    if (f.empty() || f[0][0] == '#') continue;
    if (f[0] == "log" && (f.size() == 2 || f.size() == 3)) {
      auto k = VerifierKey::Parse(f[1]);
      if (!k.ok()) return ctx(k.status());
      if (k->type() != kSigTypeEd25519) return ctx(InvalidArgumentError("log key must be type 0x01"));
      for (const auto& l : p.logs_) {
        if (l.key.key() == k->key()) return ctx(InvalidArgumentError("duplicate log key"));
      }
      p.logs_.push_back({*k, f.size() == 3 ? std::string(f[2]) : ""});
    } else if (f[0] == "witness" && (f.size() == 3 || f.size() == 4)) {
      if (name_taken(f[1])) return ctx(InvalidArgumentError("name \"" + std::string(f[1]) + "\" already defined"));
      auto k = VerifierKey::Parse(f[2]);
      if (!k.ok()) return ctx(k.status());
      if (k->type() != kSigTypeCosignature) return ctx(InvalidArgumentError("witness key must be type 0x04"));
      for (const auto& w : p.witnesses_) {
        if (w.key.key() == k->key()) return ctx(InvalidArgumentError("duplicate witness key"));
      }
      p.witnesses_.push_back({std::string(f[1]), *k, f.size() == 4 ? std::string(f[3]) : ""});
    } else if (f[0] == "group") {
      if (f.size() >= 2 && name_taken(f[1])) return ctx(InvalidArgumentError("name already defined"));
      HENHOUSE_RETURN_IF_ERROR(ctx(p.AddGroup(f)));
    } else if (f[0] == "quorum" && f.size() == 2) {
      if (p.has_quorum_) return ctx(InvalidArgumentError("second quorum line"));
      p.has_quorum_ = true;
      if (f[1] == "none") continue;
      for (size_t w = 0; w < p.witnesses_.size(); ++w) if (p.witnesses_[w].name == f[1]) p.quorum_ = w;
      for (size_t g = 0; g < p.groups_.size(); ++g) if (p.groups_[g].name == f[1]) p.quorum_ = kGroupBit | g;
      if (p.quorum_ == kNone) return ctx(InvalidArgumentError("quorum names an undefined witness or group"));
    } else {
      return ctx(InvalidArgumentError("unknown or malformed line \"" + std::string(f[0]) + " ...\""));
    }
  }
  if (!p.has_quorum_) return InvalidArgumentError("policy: no quorum line");
  return p;
}

StatusOr<Policy> Policy::AllOf(std::vector<VerifierKey> logs, std::vector<VerifierKey> witnesses) {
  std::string text;
  for (const VerifierKey& l : logs) text += "log " + l.ToString() + "\n";
  std::string members;
  for (size_t i = 0; i < witnesses.size(); ++i) {
    text += "witness w" + std::to_string(i) + " " + witnesses[i].ToString() + "\n";
    members += " w" + std::to_string(i);
  }
  if (witnesses.empty()) {
    text += "quorum none\n";
  } else {
    text += "group members all" + members + "\nquorum members\n";
  }
  return Parse(text);
}

std::vector<VerifierKey> Policy::WitnessKeys() const {
  std::vector<VerifierKey> out;
  for (const Witness& w : witnesses_) out.push_back(w.key);
  return out;
}

bool Policy::NodeSatisfied(size_t node, const std::vector<bool>& cosigned) const {
  if (!(node & kGroupBit)) return node < cosigned.size() && cosigned[node];
  const Group& g = groups_[node & ~kGroupBit];
  size_t n = 0;
  for (size_t m : g.members) n += NodeSatisfied(m, cosigned) ? 1 : 0;
  return n >= g.k;
}

bool Policy::Satisfied(const std::vector<bool>& cosigned) const {
  if (quorum_ == kNone) return true;
  return NodeSatisfied(quorum_, cosigned);
}

StatusOr<SignedCheckpoint> VerifyCosignedCheckpoint(std::string_view note_text,
                                                    const Policy& policy) {
  HENHOUSE_ASSIGN_OR_RETURN(Note note, ParseNote(note_text));
  HENHOUSE_ASSIGN_OR_RETURN(Checkpoint c, Checkpoint::Parse(note.text));
  const Policy::Log* log = nullptr;
  for (const auto& l : policy.logs()) {
    if (l.key.name() == c.origin) log = &l;
  }
  if (log == nullptr) {
    return VerificationFailedError("checkpoint origin \"" + c.origin + "\" is not a log of the policy");
  }
  HENHOUSE_ASSIGN_OR_RETURN(SignedCheckpoint sc, OpenCheckpoint(note_text, log->key));
  std::vector<bool> cosigned(policy.witnesses().size(), false);
  // Cosignatures from unknown keys are ignored; one from a policy witness
  // that does not verify rejects the whole checkpoint [signed-note §Signatures].
  for (const NoteSignature& sig : sc.note.signatures) {
    for (size_t w = 0; w < policy.witnesses().size(); ++w) {
      const VerifierKey& key = policy.witnesses()[w].key;
      if (!key.Matches(sig)) continue;
      uint64_t t = 0;
      HENHOUSE_RETURN_IF_ERROR(key.Verify(sc.note.text, sig, &t));
      cosigned[w] = true;
    }
  }
  if (!policy.Satisfied(cosigned)) {
    std::string missing;
    for (size_t i = 0; i < cosigned.size(); ++i) {
      if (!cosigned[i]) missing += " " + policy.witnesses()[i].key.name();
    }
    return VerificationFailedError("checkpoint of size " + std::to_string(c.size) +
                                   " lacks the cosignatures its policy needs (missing:" +
                                   missing + ")");
  }
  return sc;
}

}  // namespace henhouse::tlog
