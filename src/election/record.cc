#include "henhouse/election/record.h"

#include <algorithm>
#include <cstdio>

#include "election/json.h"
#include "henhouse/base/file.h"
#include "henhouse/crypto/sha256.h"

namespace henhouse::election {
namespace {

constexpr std::string_view kChainSeed = "henhouse/record-chain/v1";
constexpr size_t kMaxEntryBytes = size_t{1} << 30;

bool IsTypeChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::string RecordEntry::FileName() const {
  char seqbuf[32];
  std::snprintf(seqbuf, sizeof(seqbuf), "%06llu", static_cast<unsigned long long>(seq));
  std::string name = seqbuf;
  name += "." + type;
  if (!qualifier.empty()) name += "." + qualifier;
  return name + ".json";
}

RecordChain::RecordChain() { value_ = crypto::Sha256(AsBytes(kChainSeed)); }

void RecordChain::Add(std::string_view file_name, ByteSpan file_bytes) {
  crypto::Sha256Digest content = crypto::Sha256(file_bytes);
  crypto::Sha256Hasher h;
  h.Update(value_);
  Bytes len;
  AppendU32(len, static_cast<uint32_t>(file_name.size()));
  h.Update(len);
  h.Update(AsBytes(file_name));
  h.Update(content);
  value_ = h.Finish();
  ++count_;
}

Status ValidateEntryName(std::string_view type, std::string_view qualifier) {
  if (type.empty() || type.size() > 64 || !std::all_of(type.begin(), type.end(), IsTypeChar)) {
    return InvalidArgumentError("record entry type \"" + std::string(type) +
                                "\" must be 1-64 characters of a-z and _");
  }
  if (qualifier.empty()) return OkStatus();
  size_t start = 0;
  while (true) {
    size_t dot = qualifier.find('.', start);
    std::string_view word = qualifier.substr(start, dot == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : dot - start);
    if (word.empty() || word.size() > 64 || !std::all_of(word.begin(), word.end(), IsWordChar)) {
      return InvalidArgumentError("record entry qualifier \"" + std::string(qualifier) +
                                  "\" must be dot-separated words of [A-Za-z0-9-]");
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return OkStatus();
}

StatusOr<RecordEntry> ParseEntryFileName(std::string_view name) {
  auto bad = [&](const std::string& why) {
    return DataLossError("record file \"" + std::string(name) + "\": " + why);
  };
  constexpr std::string_view kSuffix = ".json";
  if (name.size() <= kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return bad("name must end in .json");
  }
  std::string_view stem = name.substr(0, name.size() - kSuffix.size());
  size_t dot = stem.find('.');
  if (dot == std::string_view::npos) return bad("expected <seq>.<type>[.<qualifier>].json");
  std::string_view seq = stem.substr(0, dot);
  if (seq.size() < 6 || seq.size() > 12 ||
      !std::all_of(seq.begin(), seq.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return bad("sequence number must be 6 to 12 decimal digits");
  }
  RecordEntry e;
  e.seq = std::stoull(std::string(seq));
  if (seq.size() > 6 && seq[0] == '0') return bad("sequence number has extra leading zeros");
  std::string_view rest = stem.substr(dot + 1);
  size_t dot2 = rest.find('.');
  e.type = std::string(rest.substr(0, dot2));
  if (dot2 != std::string_view::npos) e.qualifier = std::string(rest.substr(dot2 + 1));
  Status st = ValidateEntryName(e.type, e.qualifier);
  if (!st.ok()) return bad(st.message());
  if (e.FileName() != name) return bad("name is not in canonical form");
  return e;
}

bool IsCanonicalJson(std::string_view text) { return ParseCanonicalJson(text, "entry").ok(); }

StatusOr<std::unique_ptr<DirectorySink>> DirectorySink::Create(const std::string& dir,
                                                               size_t sync_every) {
  if (FileExists(dir)) {
    HENHOUSE_ASSIGN_OR_RETURN(auto names, ListDir(dir));
    if (!names.empty()) {
      return FailedPreconditionError("record directory " + dir +
                                     " is not empty; a record is written once, by one writer");
    }
  }
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir));
  return std::unique_ptr<DirectorySink>(new DirectorySink(dir, sync_every == 0 ? 1 : sync_every));
}

StatusOr<uint64_t> DirectorySink::Append(std::string_view type, std::string_view qualifier,
                                         std::string body) {
  if (closed_) return FailedPreconditionError("record " + dir_ + " is closed");
  HENHOUSE_RETURN_IF_ERROR(ValidateEntryName(type, qualifier));
  if (!IsCanonicalJson(body)) {
    return InvalidArgumentError("record entry " + std::string(type) + " is not canonical JSON");
  }
  RecordEntry e{next_seq_, std::string(type), std::string(qualifier), std::move(body)};
  std::string name = e.FileName();
  HENHOUSE_RETURN_IF_ERROR(WriteFileAtomic(dir_ + "/" + name, e.body));
  chain_.Add(name, AsBytes(e.body));
  ++next_seq_;
  if (++unsynced_ >= sync_every_) {
    HENHOUSE_RETURN_IF_ERROR(SyncDir(dir_));
    unsynced_ = 0;
  }
  return e.seq;
}

Status DirectorySink::Close() {
  if (closed_) return FailedPreconditionError("record " + dir_ + " is already closed");
  Json end = {{"entries", chain_.count()}, {"chain", Hex(chain_.value())}};
  HENHOUSE_ASSIGN_OR_RETURN(std::string body, Canonical(end));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t seq, Append("record_end", "", std::move(body)));
  (void)seq;
  closed_ = true;
  return SyncDir(dir_);
}

StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(const std::string& dir) {
  auto names = ListDir(dir);
  if (!names.ok()) return names.status().WithContext("cannot read election record");
  std::vector<File> files;
  for (const std::string& n : *names) {
    HENHOUSE_ASSIGN_OR_RETURN(RecordEntry e, ParseEntryFileName(n));
    files.push_back(File{e.seq, n, e.type, e.qualifier});
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.seq < b.seq; });
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].seq != i + 1) {
      return DataLossError("election record " + dir + ": expected entry number " +
                           std::to_string(i + 1) + " but found " + files[i].name +
                           " (entries must be numbered 1..N without gaps or duplicates)");
    }
  }
  if (files.empty()) return DataLossError("election record " + dir + " is empty");
  return std::unique_ptr<RecordReader>(new RecordReader(dir, std::move(files)));
}

std::string RecordReader::PeekType() const {
  return pos_ < files_.size() ? files_[pos_].type : std::string();
}

StatusOr<std::optional<RecordEntry>> RecordReader::Next() {
  if (pos_ >= files_.size()) {
    if (pos_ > 0 && files_[pos_ - 1].type == "record_end") return std::optional<RecordEntry>();
    return DataLossError("election record " + dir_ + " ends without a record_end entry");
  }
  const File& f = files_[pos_];
  auto bytes = ReadFile(dir_ + "/" + f.name, kMaxEntryBytes);
  if (!bytes.ok()) return bytes.status().WithContext("election record");
  RecordEntry e{f.seq, f.type, f.qualifier, std::string(bytes->begin(), bytes->end())};
  auto parsed = ParseCanonicalJson(e.body, f.name);
  if (!parsed.ok()) return DataLossError("election record: " + parsed.status().message());
  if (f.type == "record_end") {
    if (pos_ + 1 != files_.size()) {
      return DataLossError("election record: " + f.name + " is not the last entry");
    }
    const Json& j = *parsed;
    std::string expect_chain = Hex(chain_.value());
    auto entries = GetU64(j, "entries", f.name);
    auto chain = GetString(j, "chain", f.name);
    if (!ExpectObject(j, {"entries", "chain"}, {}, f.name).ok() || !entries.ok() || !chain.ok() ||
        *entries != chain_.count() || *chain != expect_chain) {
      return DataLossError("election record: " + f.name +
                           ": record chain mismatch (an entry was changed, added, removed, "
                           "renamed or reordered)");
    }
  } else {
    chain_.Add(f.name, *bytes);
  }
  ++pos_;
  return std::optional<RecordEntry>(std::move(e));
}

}  // namespace henhouse::election
