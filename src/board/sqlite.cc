#include "board/sqlite.h"

namespace henhouse::board {

Status Database::Error(const std::string& what) const {
  return UnavailableError("sqlite: " + what + ": " + sqlite3_errmsg(db_));
}

StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  std::unique_ptr<Database> out(new Database(db));
  if (rc != SQLITE_OK) return out->Error("open " + path);
  sqlite3_busy_timeout(db, 10000);
  HENHOUSE_RETURN_IF_ERROR(out->Exec("PRAGMA journal_mode=WAL"));
  HENHOUSE_RETURN_IF_ERROR(out->Exec("PRAGMA synchronous=FULL"));
  return out;
}

Status Database::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return UnavailableError("sqlite: " + msg + " in: " + sql.substr(0, 60));
  }
  return OkStatus();
}

StatusOr<std::unique_ptr<Statement>> Database::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Error("prepare " + sql.substr(0, 60));
  }
  return std::make_unique<Statement>(db_, stmt);
}

StatusOr<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return UnavailableError(std::string("sqlite: step: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  while (true) {
    auto r = Step();
    if (!r.ok()) {
      Reset();
      return r.status();
    }
    if (!*r) break;
  }
  Reset();
  return OkStatus();
}

Bytes Statement::Blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? Bytes(p, p + n) : Bytes();
}

std::string Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(p, n) : std::string();
}

}  // namespace henhouse::board
