// Writing a round of public files durably (private to board).
#ifndef HENHOUSE_SRC_BOARD_DURABLE_FILES_H_
#define HENHOUSE_SRC_BOARD_DURABLE_FILES_H_

#include <string>
#include <utility>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"

namespace henhouse::board {

// WriteFilesDurably writes each (path, data) under a temporary name, fsyncs
// them all, renames each into place, then fsyncs every directory that
// gained an entry once (and the parent of every directory it created). A
// reader sees each file whole or not at all; when it returns OK all of them
// survive a crash. It is WriteFileAtomic for many files with one directory
// sync per directory instead of one per file. Files are created 0644.
Status WriteFilesDurably(const std::vector<std::pair<std::string, Bytes>>& files);

// ReplaceFile replaces `path` atomically (write a temporary, rename) without
// syncing: for files that are rewritten from durable state at start-up.
Status ReplaceFile(const std::string& path, ByteSpan data);

}  // namespace henhouse::board

#endif  // HENHOUSE_SRC_BOARD_DURABLE_FILES_H_
