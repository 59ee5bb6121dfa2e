// A minimal RAII layer over SQLite for board storage (private to board).
#ifndef HENHOUSE_SRC_BOARD_SQLITE_H_
#define HENHOUSE_SRC_BOARD_SQLITE_H_

#include <sqlite3.h>

#include <memory>
#include <string>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"

namespace henhouse::board {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, ByteSpan v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindText(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Step returns true while a row is available, false when done.
  StatusOr<bool> Step();
  // Run steps to completion and resets the statement for reuse.
  Status Run();
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  Bytes Blob(int col) const;
  std::string Text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Open opens (creating) `path` in WAL mode with synchronous=FULL: a
  // committed transaction is on disk when Commit returns.
  static StatusOr<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database() { sqlite3_close(db_); }

  Status Exec(const std::string& sql);
  StatusOr<std::unique_ptr<Statement>> Prepare(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  Status Error(const std::string& what) const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace henhouse::board

#endif  // HENHOUSE_SRC_BOARD_SQLITE_H_
