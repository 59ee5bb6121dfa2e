#include "henhouse/tlog/checkpoint.h"

namespace henhouse::tlog {

StatusOr<uint64_t> ParseDecimal(std::string_view s, std::string_view what) {
  std::string w(what);
  if (s.empty() || s.size() > 19) return InvalidArgumentError(w + ": expected a decimal number");
  if (s.size() > 1 && s[0] == '0') return InvalidArgumentError(w + ": leading zero");
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidArgumentError(w + ": expected only decimal digits");
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v >> 63) return InvalidArgumentError(w + ": larger than 2^63 - 1");
  return v;
}

std::string Checkpoint::Text() const {
  std::string out = origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
  for (const std::string& e : extensions) out += e + "\n";
  return out;
}

StatusOr<Checkpoint> Checkpoint::Parse(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return InvalidArgumentError("checkpoint: text must end in a newline");
  }
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.size() < 3) return InvalidArgumentError("checkpoint: expected at least 3 lines");
  Checkpoint c;
  if (lines[0].empty()) return InvalidArgumentError("checkpoint: empty origin line");
  c.origin = std::string(lines[0]);
  HENHOUSE_ASSIGN_OR_RETURN(c.size, ParseDecimal(lines[1], "checkpoint tree size"));
  auto root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != kHashSize) {
    return InvalidArgumentError("checkpoint: root hash must be base64 of 32 bytes");
  }
  std::copy(root->begin(), root->end(), c.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return InvalidArgumentError("checkpoint: empty extension line");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

StatusOr<SignedCheckpoint> OpenCheckpoint(std::string_view note_text, const VerifierKey& log_key) {
  HENHOUSE_ASSIGN_OR_RETURN(Note note, ParseNote(note_text));
  HENHOUSE_ASSIGN_OR_RETURN(Checkpoint c, Checkpoint::Parse(note.text));
  if (c.origin != log_key.name()) {
    return VerificationFailedError("checkpoint origin \"" + c.origin +
                                   "\" is not the log key's name \"" + log_key.name() + "\"");
  }
  HENHOUSE_RETURN_IF_ERROR(VerifyNote(note, {log_key}).status().WithContext("checkpoint"));
  return SignedCheckpoint{std::move(c), std::move(note)};
}

}  // namespace henhouse::tlog
