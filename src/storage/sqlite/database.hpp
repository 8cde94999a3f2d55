// SQLite plumbing for this backend: a connection with a statement cache, statements with typed
// bind/column helpers, a pool, transactions and migrations. Nothing outside storage/sqlite sees it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace yorisoi::storage::sqlite {

// Maps a SQLite result code into the neutral error (error.cpp).
core::Error MapError(int rc, std::string_view what, sqlite3* db = nullptr);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();  // resets the cached statement and clears its bindings
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int i, std::string_view text);
  Statement& Bind(int i, int64_t value);
  Statement& BindNull(int i);
  Statement& Bind(int i, std::optional<int64_t> value);

  // true: a row is ready; false: done. Errors are mapped.
  core::Result<bool> Step();
  // Runs to completion; returns sqlite3_changes().
  core::Result<int> Exec();

  // Steps through every row, reading each with read(const Statement&) -> T.
  template <typename Read>
  auto Collect(Read read) -> core::Result<std::vector<decltype(read(*this))>> {
    std::vector<decltype(read(*this))> out;
    for (;;) {
      auto row = Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return out;
      out.push_back(read(*this));
    }
  }

  std::string Text(int col) const;  // 0-based
  int64_t Int(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kCreate, kReadOnly };
  // Opens with WAL, synchronous=FULL, foreign keys and a busy timeout. A kReadOnly connection
  // refuses every write (SQLITE_READONLY), which is how read transactions keep their promise.
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement from this connection's cache. The cache is keyed by the address of sql,
  // so sql must have static storage duration (a literal or a static string).
  core::Result<Statement> Prepare(const char* sql);
  // Runs one statement without results through the statement cache (BEGIN, COMMIT, ...).
  core::Status Exec(const char* sql);
  // Runs one or more statements without results (DDL, BEGIN/COMMIT).
  core::Status ExecScript(const char* sql);
  // Statements that a store reads together (PostgreSQL sends them in one round trip). In-process
  // there is no round trip to save: each runs when it is stepped.
  core::Status RunTogether(std::initializer_list<Statement*>) { return core::Ok(); }
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

struct Migration {
  int version;
  const char* sql;
};

// Applies, each in its own transaction, every migration newer than the database's version.
// Fails when the database is newer than this program knows (a downgrade).
core::Status Migrate(Connection& conn, const std::vector<Migration>& migrations);

// A small pool of connections to one database file. Thread-safe.
class ConnectionPool {
 public:
  ConnectionPool(std::string path, Connection::Mode mode) : path_(std::move(path)), mode_(mode) {}

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ~Lease();
    Lease(Lease&&) = default;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  core::Result<Lease> Acquire();

 private:
  friend class Lease;
  void Release(std::unique_ptr<Connection> conn);
  const std::string path_;
  const Connection::Mode mode_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace yorisoi::storage::sqlite
