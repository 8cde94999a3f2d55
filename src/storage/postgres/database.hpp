// PostgreSQL plumbing for this backend (libpq): a connection with a prepared-statement cache,
// statements with the same typed bind/column helpers as the SQLite backend's, a pool that
// replaces broken connections (a restarted or promoted server), transactions and migrations.
// Nothing outside storage/postgres sees it.
#pragma once

#include <chrono>
#include <condition_variable>
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

struct pg_conn;
struct pg_result;

namespace yorisoi::storage::postgres {

// Where the databases are: the URL of the platform database (no password in it) and, when the
// password is not in the environment (PGPASSWORD, PGPASSFILE), the password itself, read by the
// app from a file. A tenant's database is on the same server(s) under its own name.
struct ServerParams {
  std::string url;  // postgresql://user@host[:port][,host2[:port2]]/platform_db?...
  std::string password;
  std::size_t pool_size = 8;  // connections per database, at most
};

// Maps a failed result (or a broken connection when res is null) into the neutral error. The
// message carries the SQLSTATE and the server's primary message, which names constraints but
// never values.
core::Error MapError(pg_conn* conn, pg_result* res, std::string_view what);

// sql with SQLite's placeholders in PostgreSQL's: "?NNN" becomes "$NNN" and a bare "?" "$N" with
// N one more than the largest number so far (SQLite's own numbering), so the stores write their
// SQL once for both backends. A "?" inside a string literal ('...', E'...', $tag$...$tag$), a
// quoted identifier or a comment stays as it is.
std::string PostgresPlaceholders(std::string_view sql);

class Connection;

class Statement {
 public:
  Statement(Connection& conn, const char* sql) : conn_(&conn), sql_(sql) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&&) = delete;

  // Parameters are 1-based (?1 or the n-th ?, sent as $n), as text; PostgreSQL infers their types.
  Statement& Bind(int i, std::string_view text);
  Statement& Bind(int i, int64_t value);
  Statement& BindNull(int i);
  Statement& Bind(int i, std::optional<int64_t> value);

  // Runs the statement on the first call; true while a row is ready.
  core::Result<bool> Step();
  // Runs it; returns the number of rows it changed.
  core::Result<int> Exec();

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
  friend class Connection;
  core::Status Run();
  // Takes the statement's result (or maps its error; then Step keeps answering that error).
  core::Status Take(pg_result* res);
  Connection* conn_;
  const char* sql_;
  std::vector<std::optional<std::string>> params_;
  pg_result* res_ = nullptr;
  int row_ = -1;
};

class Connection {
 public:
  // Connects to the named database (empty: the URL's own) and sets the session up.
  static core::Result<std::unique_ptr<Connection>> Open(const ServerParams& server,
                                                        const std::string& dbname);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement prepared once per connection, its placeholders translated then
  // (PostgresPlaceholders). The cache is keyed by the address of sql, so sql must have static
  // storage duration (a literal or a static string).
  core::Result<Statement> Prepare(const char* sql);
  // Runs one or more statements without parameters or results (DDL, BEGIN/COMMIT), after the
  // deferred statement if there is one.
  core::Status ExecScript(const std::string& sql);
  // Sends sql (one statement without parameters or results: a read transaction's BEGIN, a
  // writer's SAVEPOINT or RELEASE) ahead of the next statement or script, in the same round
  // trip, instead of in a round trip of its own. sql must have static storage duration.
  // begins: sql begins a transaction (then a dead idle connection may be replaced, see below).
  void Defer(const char* sql, bool begins = false);
  // Drops sql when it is the last statement deferred and not sent yet; true when it was.
  bool Undefer(const char* sql);
  // Runs bound statements that have not run yet in one round trip (libpq's pipeline mode),
  // after the deferred statement if there is one; their rows are then read with Step. When the
  // first of them fails because an idle connection's server went away (a restart, a promoted
  // standby) and a deferred BEGIN was among them — nothing had been done yet — the connection is
  // re-established and they are sent once more.
  core::Status RunTogether(std::initializer_list<Statement*> statements);
  // Inside a transaction (also one in which a statement failed).
  bool InTransaction() const;
  // false once the server is gone: the pool drops the connection instead of reusing it.
  bool Healthy() const;
  pg_conn* raw() { return conn_; }

 private:
  friend class Statement;
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  // The name of sql's prepared statement on this connection, preparing it on first use. A
  // failed statement aborts its transaction (no statement runs under a savepoint of its own: a
  // write's one savepoint is its group commit's, storage/shared/group_commit.hpp).
  core::Result<const std::string*> PreparedName(const char* sql);
  core::Status SendAndReceive(const std::vector<const char*>& deferred,
                              std::initializer_list<Statement*> statements);

  pg_conn* conn_;
  std::unordered_map<const char*, std::string> prepared_;  // by sql address
  std::vector<const char*> deferred_;
  bool deferred_begins_ = false;  // deferred_ starts with a BEGIN
};

struct Migration {
  int version;
  const char* sql;
};

// Applies, each in its own transaction, every migration newer than the database's version,
// under an advisory lock so that instances starting together apply each migration once. Fails
// when the database is newer than this program knows (a downgrade).
core::Status Migrate(Connection& conn, const std::vector<Migration>& migrations);

// The connections to one database, at most server.pool_size at a time. Thread-safe.
class ConnectionPool {
 public:
  ConnectionPool(ServerParams server, std::string dbname)
      : server_(std::move(server)), dbname_(std::move(dbname)) {}

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

  // An idle connection or a new one; waits (up to 10 s, then kUnavailable) when all are in use.
  // fresh: never an idle one (after an idle connection turned out to be broken).
  core::Result<Lease> Acquire(bool fresh = false);
  // Closes every idle connection (their server went away).
  void DropIdle();

 private:
  friend class Lease;
  void Release(std::unique_ptr<Connection> conn);
  const ServerParams server_;
  const std::string dbname_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t open_ = 0;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// The database name of a tenant: "<platform db>_<tenant id>" (tenant ids are a-z0-9-).
std::string TenantDatabaseName(std::string_view platform_db, std::string_view tenant_id);
// The database named by the URL (kInvalidArgument naming "postgres.url" when it cannot be read,
// carries a password, or names no database).
core::Result<std::string> PlatformDatabaseName(const std::string& url);
// A double-quoted SQL identifier.
std::string QuoteIdent(std::string_view name);
// The keyword=value connection string of the URL with dbname in place of its database and no
// password (for pg_dump and pg_restore, which take the password from PGPASSWORD/PGPASSFILE).
core::Result<std::string> ConnectionString(const std::string& url, const std::string& dbname);
// CREATE DATABASE as every Yorisoi database is made: UTF-8, "C" collation so text sorts by code
// point as on SQLite, "C.UTF-8" character classes so pg_trgm indexes Japanese (the server needs
// that locale; Debian has it built in). kConflict (codes::kDatabaseExists) when it exists.
core::Status CreateDatabase(Connection& admin, const std::string& dbname);

}  // namespace yorisoi::storage::postgres
