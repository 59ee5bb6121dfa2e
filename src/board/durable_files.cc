#include "board/durable_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>

#include "henhouse/base/file.h"

namespace henhouse::board {
namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "." : path.substr(0, slash);
}

Status Errno(const std::string& what, const std::string& path, int err) {
  return UnavailableError(what + " " + path + ": " + std::strerror(err));
}

// EnsureDir creates `dir` and its missing ancestors; every directory that
// gained an entry goes into `to_sync`.
Status EnsureDir(const std::string& dir, std::set<std::string>& to_sync) {
  if (to_sync.count(dir)) return OkStatus();
  for (std::string d = dir; !FileExists(d); d = Parent(d)) to_sync.insert(Parent(d));
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir));
  to_sync.insert(dir);
  return OkStatus();
}

// Temp is one file being written: its descriptor is open until synced.
struct Temp {
  std::string tmp;
  int fd = -1;
};

Status WriteTemp(const std::string& path, ByteSpan data, Temp& t) {
  static std::atomic<uint64_t> counter{0};
  t.tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  t.fd = ::open(t.tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (t.fd < 0) return Errno("cannot create", t.tmp, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(t.fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot write", t.tmp, n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

Status WriteAll(const std::vector<std::pair<std::string, Bytes>>& files, std::vector<Temp>& temps) {
  std::set<std::string> dirs;
  for (const auto& [path, data] : files) {
    HENHOUSE_RETURN_IF_ERROR(EnsureDir(Parent(path), dirs));
    temps.emplace_back();
    HENHOUSE_RETURN_IF_ERROR(WriteTemp(path, data, temps.back()));
  }
  for (Temp& t : temps) {
    int rc = ::fsync(t.fd);
    int err = errno;
    ::close(t.fd);
    t.fd = -1;
    if (rc != 0) return Errno("cannot fsync", t.tmp, err);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (::rename(temps[i].tmp.c_str(), files[i].first.c_str()) != 0) {
      return Errno("cannot rename to", files[i].first, errno);
    }
    temps[i].tmp.clear();
  }
  for (const std::string& d : dirs) HENHOUSE_RETURN_IF_ERROR(SyncDir(d));
  return OkStatus();
}

}  // namespace

Status WriteFilesDurably(const std::vector<std::pair<std::string, Bytes>>& files) {
  std::vector<Temp> temps;
  temps.reserve(files.size());
  Status s = WriteAll(files, temps);
  for (Temp& t : temps) {  // on failure: no temporary is left behind
    if (t.fd >= 0) ::close(t.fd);
    if (!t.tmp.empty()) ::unlink(t.tmp.c_str());
  }
  return s;
}

Status ReplaceFile(const std::string& path, ByteSpan data) {
  Temp t;
  Status s = WriteTemp(path, data, t);
  if (t.fd >= 0) ::close(t.fd);
  if (s.ok() && ::rename(t.tmp.c_str(), path.c_str()) != 0) s = Errno("cannot rename to", path, errno);
  if (!s.ok() && !t.tmp.empty()) ::unlink(t.tmp.c_str());
  return s;
}

}  // namespace henhouse::board
