// The verifier's own reader of a record directory (docs/formats.md,
// "Election record"): file names, numbering, entry order, canonical JSON and
// the record chain. Independent of the election module's RecordReader.
#ifndef HENHOUSE_SRC_VERIFY_RECORD_FILES_H_
#define HENHOUSE_SRC_VERIFY_RECORD_FILES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"
#include "verify/fields.h"

namespace henhouse::verify {

// EntryFile is one file of the record, from its name alone.
struct EntryFile {
  uint64_t seq = 0;
  std::string name;
  std::string type;
  std::vector<std::string> qualifier;  // the dotted words after the type
};

// Entry is a file read and parsed: its name, canonical JSON body and the
// SHA-256 of its bytes (for the chain).
struct Entry {
  const EntryFile* file = nullptr;
  Json body;
  std::array<uint8_t, 32> digest{};
};

// ParseEntryName splits "<seq>.<type>[.<q>...].json" (DATA_LOSS otherwise).
StatusOr<EntryFile> ParseEntryName(const std::string& name);

// ParseCanonical parses `text` and requires it to be the canonical
// serialization (DATA_LOSS naming `file` otherwise).
StatusOr<Json> ParseCanonical(std::string_view text, const std::string& file);

// RecordCursor walks the record's files in sequence order and keeps the
// record chain c_s = SHA-256(c_{s-1} ∥ b(len(name),4) ∥ name ∥ SHA-256(bytes)).
class RecordCursor {
 public:
  // Open lists `dir`: every name must parse and the numbers must be 1..N.
  static StatusOr<RecordCursor> Open(const std::string& dir);

  // PeekType returns the type of the next file ("" at the end).
  std::string_view PeekType() const;
  // PeekQualifier returns the qualifier words of the next file.
  const std::vector<std::string>& PeekQualifier() const;
  bool AtEnd() const { return pos_ >= files_.size(); }
  // Next reads the next file, which must have type `type` (DATA_LOSS naming
  // the file and the expected order otherwise), and adds it to the chain.
  StatusOr<Entry> Next(std::string_view type);
  // PeekBatchFiles lists up to `max` consecutive files of type `type` from
  // the cursor on, with empty strings for the caller to fill with their
  // bytes (ReadBytes); it verifies them in parallel and then calls Advance.
  std::vector<std::pair<const EntryFile*, std::string>> PeekBatchFiles(std::string_view type,
                                                                       size_t max) const;
  StatusOr<std::string> ReadBytes(const EntryFile& file) const;
  // Advance adds already-read files (in order) to the chain and moves past.
  void Advance(const EntryFile& file, const std::array<uint8_t, 32>& digest);

  const std::array<uint8_t, 32>& chain() const { return chain_; }
  uint64_t position() const { return pos_; }
  size_t size() const { return files_.size(); }
  const std::string& dir() const { return dir_; }

 private:
  RecordCursor(std::string dir, std::vector<EntryFile> files);
  std::string dir_;
  std::vector<EntryFile> files_;
  size_t pos_ = 0;
  std::array<uint8_t, 32> chain_{};
};

// ContentDigest returns SHA-256(bytes).
std::array<uint8_t, 32> ContentDigest(std::string_view bytes);

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_RECORD_FILES_H_
