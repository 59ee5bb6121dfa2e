// Checkpoints (C2SP tlog-checkpoint v1.0.0): the note text "origin\nsize\n
// base64(root)\n" plus optional extension lines.
#ifndef HENHOUSE_TLOG_CHECKPOINT_H_
#define HENHOUSE_TLOG_CHECKPOINT_H_

#include <string>
#include <vector>

#include "henhouse/tlog/merkle.h"
#include "henhouse/tlog/note.h"

namespace henhouse::tlog {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // non-empty lines, opaque

  // Text returns the note text [tlog-checkpoint §Note text].
  std::string Text() const;
  // Parse reads a note text; INVALID_ARGUMENT names the bad line (empty
  // origin, a size with leading zeros or out of range, a root that is not
  // base64 of 32 bytes, an empty extension line).
  static StatusOr<Checkpoint> Parse(std::string_view text);
};

// ParseDecimal reads an ASCII decimal with no leading zeros (except "0")
// that fits in 63 bits; INVALID_ARGUMENT naming `what` otherwise.
StatusOr<uint64_t> ParseDecimal(std::string_view s, std::string_view what);

// SignedCheckpoint is a checkpoint note whose signatures are known to
// include a valid one by `log_key` (and possibly cosignatures).
struct SignedCheckpoint {
  Checkpoint checkpoint;
  Note note;
};

// OpenCheckpoint parses a signed checkpoint note and verifies the log's
// signature: VERIFICATION_FAILED if `log_key` has no valid signature or the
// origin differs from the key name; INVALID_ARGUMENT for malformed text.
StatusOr<SignedCheckpoint> OpenCheckpoint(std::string_view note_text, const VerifierKey& log_key);

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_CHECKPOINT_H_
