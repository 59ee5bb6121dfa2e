// The public election record: a sequence of typed entries written in order.
//
// Every public artifact of an election (parameters, manifest, each guardian's
// commitments and proofs, encrypted shares, complaints, encrypted ballots,
// tally, decryptions) is one entry. An entry is a type name, an optional
// dotted qualifier and a canonical JSON body (docs/formats.md, "Election
// record", lists every type and field). Entries go to a RecordSink in order;
// the first sink is a directory of numbered files, the bulletin board is the
// second. A RecordReader reads a directory back in order and checks the
// record chain that binds every file's name, bytes and position.
//
// Canonical JSON: the one serialization the writer emits — object keys sorted
// (byte order), no whitespace, integers only (no floats), strings UTF-8 with
// only the mandatory escapes. A reader re-serializes each body and rejects a
// file whose bytes differ, so every byte of a file is meaningful.
#ifndef HENHOUSE_ELECTION_RECORD_H_
#define HENHOUSE_ELECTION_RECORD_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"

namespace henhouse::election {

// RecordEntry is one entry: `seq` is its 1-based position, `type` its type
// name (lower case letters and '_'), `qualifier` a possibly empty dotted list
// of [A-Za-z0-9-] words (e.g. "2.3" for share 2→3), `body` the canonical JSON.
struct RecordEntry {
  uint64_t seq = 0;
  std::string type;
  std::string qualifier;
  std::string body;

  // FileName returns "<seq, zero-padded to 6 digits>.<type>[.<qualifier>].json".
  std::string FileName() const;
};

// RecordChain is the running hash over the entries written so far
// (docs/formats.md, "Record chain"):
//   c_0 = SHA-256("henhouse/record-chain/v1")
//   c_s = SHA-256(c_{s-1} ∥ b(len(name_s), 4) ∥ name_s ∥ SHA-256(bytes_s))
// The final `record_end` entry carries c_N over the N entries before it, so
// changing, removing, adding, renaming or reordering any file breaks it.
class RecordChain {
 public:
  RecordChain();
  void Add(std::string_view file_name, ByteSpan file_bytes);
  const std::array<uint8_t, 32>& value() const { return value_; }
  uint64_t count() const { return count_; }

 private:
  std::array<uint8_t, 32> value_{};
  uint64_t count_ = 0;
};

// ValidateEntryName checks a type and qualifier for use in a file name.
Status ValidateEntryName(std::string_view type, std::string_view qualifier);

// RecordSink receives entries in order. Implementations assign `seq`.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Append writes one entry and returns its sequence number. `body` must be
  // canonical JSON (INVALID_ARGUMENT otherwise, nothing written).
  virtual StatusOr<uint64_t> Append(std::string_view type, std::string_view qualifier,
                                    std::string body) = 0;
  // Close appends the `record_end` entry carrying the record chain and
  // makes everything durable. No Append is allowed afterwards.
  virtual Status Close() = 0;
};

// DirectorySink writes each entry to `dir/<FileName()>` (0644). Each file is
// written to a temporary name and renamed; the directory is fsynced every
// `sync_every` entries and on Close, so a crash loses at most the unsynced
// tail and never leaves a torn entry.
class DirectorySink final : public RecordSink {
 public:
  // Create makes `dir` (and parents). FAILED_PRECONDITION if it exists and is
  // not empty: a record is never appended to by a second writer.
  static StatusOr<std::unique_ptr<DirectorySink>> Create(const std::string& dir,
                                                         size_t sync_every = 256);
  StatusOr<uint64_t> Append(std::string_view type, std::string_view qualifier,
                            std::string body) override;
  Status Close() override;
  const std::string& dir() const { return dir_; }

 private:
  DirectorySink(std::string dir, size_t sync_every)
      : dir_(std::move(dir)), sync_every_(sync_every) {}
  std::string dir_;
  size_t sync_every_;
  uint64_t next_seq_ = 1;
  uint64_t unsynced_ = 0;
  bool closed_ = false;
  RecordChain chain_;
};

// RecordReader reads a record directory in order, one entry at a time (memory
// does not grow with the record). It checks that file names are well formed
// and numbered 1..N without gaps, that every body is canonical JSON, and, at
// the `record_end` entry, the record chain. Errors are DATA_LOSS naming the
// file and what was wrong.
class RecordReader {
 public:
  static StatusOr<std::unique_ptr<RecordReader>> Open(const std::string& dir);
  // Next returns the next entry, or nullopt after `record_end` has been read
  // and checked. DATA_LOSS if the record ends without `record_end`.
  StatusOr<std::optional<RecordEntry>> Next();
  // Peek returns the type of the next entry without reading it ("" at end).
  std::string PeekType() const;
  size_t size() const { return files_.size(); }

 private:
  struct File {
    uint64_t seq;
    std::string name;
    std::string type;
    std::string qualifier;
  };
  RecordReader(std::string dir, std::vector<File> files)
      : dir_(std::move(dir)), files_(std::move(files)) {}
  std::string dir_;
  std::vector<File> files_;
  size_t pos_ = 0;
  RecordChain chain_;
};

// ParseEntryFileName splits "<seq>.<type>[.<qualifier>].json".
StatusOr<RecordEntry> ParseEntryFileName(std::string_view name);

// IsCanonicalJson reports whether `text` is exactly the canonical
// serialization of the JSON value it parses to.
bool IsCanonicalJson(std::string_view text);

}  // namespace henhouse::election

#endif  // HENHOUSE_ELECTION_RECORD_H_
