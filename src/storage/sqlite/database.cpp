#include "storage/sqlite/database.hpp"

#include <sqlite3.h>

#include <utility>

namespace yorisoi::storage::sqlite {

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int i, std::string_view text) {
  // An empty view may have a null data(): SQLite would bind NULL, and "x <> NULL" matches
  // nothing. Bind an empty string instead.
  sqlite3_bind_text(stmt_, i, text.data() == nullptr ? "" : text.data(),
                    static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int i, int64_t value) {
  sqlite3_bind_int64(stmt_, i, value);
  return *this;
}
Statement& Statement::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}
Statement& Statement::Bind(int i, std::optional<int64_t> value) {
  return value ? Bind(i, *value) : BindNull(i);
}

core::Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return MapError(sqlite3_extended_errcode(db_), "step", db_);
}

core::Result<int> Statement::Exec() {
  for (;;) {
    YS_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  return sqlite3_changes(db_);
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}
int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_NOMUTEX | (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                             : mode == Mode::kCreate ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                     : SQLITE_OPEN_READWRITE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);
    return MapError(rc, "open");
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable (fsync
  // of the WAL) before it is acknowledged. journal_mode is persistent in the file, so read-only
  // connections (which cannot set it) find it already set by the writer that created the file.
  if (mode != Mode::kReadOnly) YS_RETURN_IF_ERROR(conn->ExecScript("PRAGMA journal_mode=WAL"));
  YS_RETURN_IF_ERROR(
      conn->ExecScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                       "PRAGMA trusted_schema=OFF; PRAGMA cache_size=-32768;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

core::Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return MapError(rc, "prepare", db_);
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(db_, it->second);
}

core::Status Connection::Exec(const char* sql) {
  YS_ASSIGN_OR_RETURN(auto st, Prepare(sql));
  auto done = st.Exec();
  if (!done.ok()) return std::move(done).error();
  return core::Ok();
}

core::Status Connection::ExecScript(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return MapError(sqlite3_extended_errcode(db_), "exec", db_);
  return core::Ok();
}

core::Status Migrate(Connection& conn, const std::vector<Migration>& migrations) {
  YS_RETURN_IF_ERROR(conn.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"));
  int current = 0;
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) current = static_cast<int>(st.Int(0));
  }
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    return core::Error::Internal("the database schema (version " + std::to_string(current) +
                                 ") is newer than this program (" + std::to_string(newest) + ")");
  }
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    YS_RETURN_IF_ERROR(conn.ExecScript("BEGIN IMMEDIATE"));
    auto applied = conn.ExecScript(m.sql);
    if (applied.ok()) {
      auto st = conn.Prepare("INSERT INTO schema_migrations(version) VALUES (?)");
      if (!st.ok()) {
        applied = std::move(st).error();
      } else {
        auto n = st->Bind(1, static_cast<int64_t>(m.version)).Exec();
        if (!n.ok()) applied = std::move(n).error();
      }
    }
    if (!applied.ok()) {
      (void)conn.ExecScript("ROLLBACK");
      return applied;
    }
    YS_RETURN_IF_ERROR(conn.ExecScript("COMMIT"));
  }
  return core::Ok();
}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

core::Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_, mode_));
  return Lease(this, std::move(conn));
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (idle_.size() < 32) idle_.push_back(std::move(conn));
}

}  // namespace yorisoi::storage::sqlite
