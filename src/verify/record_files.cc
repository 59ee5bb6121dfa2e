#include "verify/record_files.h"

#include <algorithm>

#include "henhouse/base/file.h"
#include "henhouse/crypto/sha256.h"

namespace henhouse::verify {
namespace {

constexpr std::string_view kChainSeed = "henhouse/record-chain/v1";  // docs/formats.md
constexpr size_t kMaxEntryBytes = size_t{1} << 30;

bool IsTypeChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

std::vector<std::string> SplitDots(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    out.emplace_back(s.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

std::array<uint8_t, 32> ContentDigest(std::string_view bytes) {
  return crypto::Sha256(AsBytes(bytes));
}

StatusOr<EntryFile> ParseEntryName(const std::string& name) {
  auto bad = [&](const std::string& why) {
    return DataLossError("record file \"" + name + "\": " + why +
                         " (expected <seq>.<type>[.<qualifier>].json)");
  };
  constexpr std::string_view kSuffix = ".json";
  if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) return bad("no .json suffix");
  std::vector<std::string> parts = SplitDots(
      std::string_view(name).substr(0, name.size() - kSuffix.size()));
  if (parts.size() < 2) return bad("no entry type");
  const std::string& seq = parts[0];
  if (seq.size() < 6 || seq.size() > 12 || !std::all_of(seq.begin(), seq.end(), ::isdigit)) {
    return bad("sequence number must be 6-12 decimal digits");
  }
  if (seq.size() > 6 && seq[0] == '0') return bad("sequence number has extra leading zeros");
  EntryFile f;
  f.name = name;
  f.seq = std::stoull(seq);
  f.type = parts[1];
  if (f.type.empty() || !std::all_of(f.type.begin(), f.type.end(), IsTypeChar)) {
    return bad("type must be a-z and _");
  }
  for (size_t i = 2; i < parts.size(); ++i) {
    const std::string& w = parts[i];
    if (w.empty() || w.size() > 64 || !std::all_of(w.begin(), w.end(), IsWordChar)) {
      return bad("qualifier words must be 1-64 characters of [A-Za-z0-9-]");
    }
    f.qualifier.push_back(w);
  }
  return f;
}

StatusOr<Json> ParseCanonical(std::string_view text, const std::string& file) {
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return DataLossError(file + ": invalid JSON: " + e.what());
  }
  std::string again;
  try {
    again = j.dump();
  } catch (const Json::exception& e) {
    return DataLossError(file + ": invalid UTF-8 in a string: " + e.what());
  }
  if (again != text) {
    size_t at = 0;
    while (at < again.size() && at < text.size() && again[at] == text[at]) ++at;
    return DataLossError(file + ": not canonical JSON (first difference at byte " +
                         std::to_string(at) + "; docs/formats.md \"Canonical JSON\")");
  }
  return j;
}

RecordCursor::RecordCursor(std::string dir, std::vector<EntryFile> files)
    : dir_(std::move(dir)), files_(std::move(files)) {
  chain_ = crypto::Sha256(AsBytes(kChainSeed));
}

StatusOr<RecordCursor> RecordCursor::Open(const std::string& dir) {
  auto names = ListDir(dir);
  if (!names.ok()) return NotFoundError("record directory " + dir + ": " + names.status().message());
  std::vector<EntryFile> files;
  for (const std::string& name : *names) {
    if (name == "." || name == "..") continue;
    HENHOUSE_ASSIGN_OR_RETURN(EntryFile f, ParseEntryName(name));
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const EntryFile& a, const EntryFile& b) { return a.seq < b.seq; });
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].seq != i + 1) {
      return DataLossError("record " + dir + ": file " + files[i].name + " has number " +
                           std::to_string(files[i].seq) + ", expected " + std::to_string(i + 1) +
                           " (numbers must be 1..N without gaps or duplicates)");
    }
  }
  if (files.empty()) return DataLossError("record " + dir + ": no entries");
  return RecordCursor(dir, std::move(files));
}

std::string_view RecordCursor::PeekType() const {
  return AtEnd() ? std::string_view() : std::string_view(files_[pos_].type);
}

const std::vector<std::string>& RecordCursor::PeekQualifier() const {
  static const std::vector<std::string> kNone;
  return AtEnd() ? kNone : files_[pos_].qualifier;
}

StatusOr<std::string> RecordCursor::ReadBytes(const EntryFile& file) const {
  auto text = ReadTextFile(dir_ + "/" + file.name, kMaxEntryBytes);
  if (!text.ok()) {
    return DataLossError("record file " + file.name + ": " + text.status().message());
  }
  return *std::move(text);
}

StatusOr<Entry> RecordCursor::Next(std::string_view type) {
  if (AtEnd()) {
    return DataLossError("record " + dir_ + " ends early: expected a \"" + std::string(type) +
                         "\" entry after " + files_.back().name);
  }
  const EntryFile& f = files_[pos_];
  if (f.type != type) {
    return DataLossError("record file " + f.name + ": expected a \"" + std::string(type) +
                         "\" entry here, found \"" + f.type +
                         "\" (docs/formats.md \"Entry sequence\")");
  }
  HENHOUSE_ASSIGN_OR_RETURN(std::string text, ReadBytes(f));
  Entry e;
  e.file = &f;
  HENHOUSE_ASSIGN_OR_RETURN(e.body, ParseCanonical(text, f.name));
  e.digest = ContentDigest(text);
  Advance(f, e.digest);
  return e;
}

std::vector<std::pair<const EntryFile*, std::string>> RecordCursor::PeekBatchFiles(
    std::string_view type, size_t max) const {
  std::vector<std::pair<const EntryFile*, std::string>> out;
  for (size_t i = pos_; i < files_.size() && out.size() < max && files_[i].type == type; ++i) {
    out.emplace_back(&files_[i], std::string());
  }
  return out;
}

void RecordCursor::Advance(const EntryFile& file, const std::array<uint8_t, 32>& digest) {
  crypto::Sha256Hasher h;
  h.Update(chain_);
  Bytes len;
  AppendU32(len, static_cast<uint32_t>(file.name.size()));
  h.Update(len);
  h.Update(AsBytes(file.name));
  h.Update(digest);
  chain_ = h.Finish();
  ++pos_;
}

}  // namespace henhouse::verify
