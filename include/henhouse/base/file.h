// Durable files: every write is temp file, fsync, rename, fsync directory
// (STYLE.md rule 10), so a reader sees the old file or the new one, never a
// torn one, and a killed process loses nothing that was acknowledged.
#ifndef HENHOUSE_BASE_FILE_H_
#define HENHOUSE_BASE_FILE_H_

#include <string>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/secret.h"

namespace henhouse {

// ReadFile returns the file's bytes. NOT_FOUND if it does not exist;
// UNAVAILABLE for other I/O errors. `max_size` bounds what is read
// (INVALID_ARGUMENT when the file is larger).
StatusOr<Bytes> ReadFile(const std::string& path, size_t max_size = size_t{1} << 34);
StatusOr<std::string> ReadTextFile(const std::string& path, size_t max_size = size_t{1} << 34);

// WriteFileAtomic replaces `path` with `data` durably, creating it with
// permission bits `mode` (0600 for anything secret).
Status WriteFileAtomic(const std::string& path, ByteSpan data, int mode = 0644);
inline Status WriteFileAtomic(const std::string& path, std::string_view data, int mode = 0644) {
  return WriteFileAtomic(path, AsBytes(data), mode);
}
// WriteSecretFile writes a secret with mode 0600.
Status WriteSecretFile(const std::string& path, const SecretBytes& data);
// ReadSecretFile reads a file written by WriteSecretFile; PERMISSION_DENIED if
// it is readable by group or others.
StatusOr<SecretBytes> ReadSecretFile(const std::string& path);

// MakeDirs creates `path` and missing parents with `mode`.
Status MakeDirs(const std::string& path, int mode = 0755);
// FileExists reports whether `path` exists.
bool FileExists(const std::string& path);
// ListDir returns the names in `path`, sorted; NOT_FOUND if missing.
StatusOr<std::vector<std::string>> ListDir(const std::string& path);
// SyncDir fsyncs a directory so that renames in it are durable.
Status SyncDir(const std::string& path);

}  // namespace henhouse

#endif  // HENHOUSE_BASE_FILE_H_
