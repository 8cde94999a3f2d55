#include "storage/postgres/database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/error_codes.hpp"

namespace yorisoi::storage::postgres {
namespace {

// Session-level advisory lock key under which migrations run ("ysmigr" in ASCII, truncated).
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7963007391)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7963007391)";

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The end (one past) of the literal, identifier, comment or dollar-quoted string that starts at
// i, or i when none starts there.
std::size_t SkipQuoted(std::string_view sql, std::size_t i) {
  const std::size_t n = sql.size();
  const char c = sql[i];
  if (c == '\'' || c == '"') {
    // E'...' takes backslash escapes; in every other literal and identifier a doubled quote is
    // the quote itself (the loop leaves and re-enters).
    const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !IsIdentChar(sql[i - 2]));
    std::size_t j = i + 1;
    while (j < n && sql[j] != c) j += (escapes && sql[j] == '\\') ? 2u : 1u;
    return std::min(j + 1, n);
  }
  if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
    const std::size_t eol = sql.find('\n', i);
    return eol == std::string_view::npos ? n : eol + 1;
  }
  if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
    int depth = 0;  // PostgreSQL's block comments nest
    std::size_t j = i;
    while (j + 1 < n) {
      if (sql[j] == '/' && sql[j + 1] == '*') {
        ++depth;
        j += 2;
      } else if (sql[j] == '*' && sql[j + 1] == '/') {
        j += 2;
        if (--depth == 0) return j;
      } else {
        ++j;
      }
    }
    return n;
  }
  if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
    // $tag$ ... $tag$, the tag empty or an identifier not starting with a digit ($1 is a
    // parameter).
    std::size_t j = i + 1;
    if (j < n && IsDigit(sql[j])) return i;
    while (j < n && IsIdentChar(sql[j])) ++j;
    if (j >= n || sql[j] != '$') return i;
    const std::string_view tag = sql.substr(i, j - i + 1);
    const std::size_t close = sql.find(tag, j + 1);
    return close == std::string_view::npos ? n : close + tag.size();
  }
  return i;
}

bool ResultOk(pg_result* res) {
  const auto status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

std::string PostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  unsigned long highest = 0;
  std::size_t i = 0;
  while (i < sql.size()) {
    const std::size_t end = SkipQuoted(sql, i);
    if (end > i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (sql[i] != '?') {
      out += sql[i++];
      continue;
    }
    std::size_t j = i + 1;
    while (j < sql.size() && IsDigit(sql[j])) ++j;
    unsigned long number = highest + 1;
    if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, number);
    highest = std::max(highest, number);
    out += '$';
    out += std::to_string(number);
    i = j;
  }
  return out;
}

Statement::~Statement() {
  if (res_ != nullptr) PQclear(res_);
}

Statement::Statement(Statement&& o) noexcept
    : conn_(o.conn_),
      sql_(o.sql_),
      params_(std::move(o.params_)),
      res_(std::exchange(o.res_, nullptr)),
      row_(o.row_) {}

Statement& Statement::Bind(int i, std::string_view text) {
  if (params_.size() < static_cast<std::size_t>(i)) params_.resize(static_cast<std::size_t>(i));
  params_[static_cast<std::size_t>(i) - 1] = std::string(text);
  return *this;
}
Statement& Statement::Bind(int i, int64_t value) { return Bind(i, std::to_string(value)); }
Statement& Statement::BindNull(int i) {
  if (params_.size() < static_cast<std::size_t>(i)) params_.resize(static_cast<std::size_t>(i));
  params_[static_cast<std::size_t>(i) - 1].reset();
  return *this;
}
Statement& Statement::Bind(int i, std::optional<int64_t> value) {
  return value ? Bind(i, *value) : BindNull(i);
}

core::Result<const std::string*> Connection::PreparedName(const char* sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    const std::string text = PostgresPlaceholders(sql);
    pg_result* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    const bool ok = res != nullptr && PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
      auto error = MapError(conn_, res, "prepare");
      PQclear(res);
      return error;
    }
    PQclear(res);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return &it->second;
}

core::Status Statement::Take(pg_result* res) {
  if (res == nullptr || !ResultOk(res)) {
    auto error = MapError(conn_->conn_, res, "exec");
    PQclear(res);
    row_ = -2;  // failed: Step() keeps answering the error instead of running it again
    return error;
  }
  res_ = res;
  row_ = -1;
  return core::Ok();
}

core::Status Statement::Run() {
  if (!conn_->deferred_.empty()) return conn_->RunTogether({this});
  YS_ASSIGN_OR_RETURN(const std::string* name, conn_->PreparedName(sql_));
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  return Take(PQexecPrepared(conn_->conn_, name->c_str(), static_cast<int>(values.size()),
                             values.data(), nullptr, nullptr, 0));
}

core::Status Connection::RunTogether(std::initializer_list<Statement*> statements) {
  const std::vector<const char*> deferred = std::exchange(deferred_, {});
  const bool begins = std::exchange(deferred_begins_, false);
  auto sent = SendAndReceive(deferred, statements);
  if (sent.ok() || !begins || Healthy()) return sent;
  // The transaction's first round trip found the server gone: nothing was done yet, so once
  // more on a new connection (the URL may name a standby that has been promoted meanwhile).
  PQreset(conn_);
  if (!Healthy()) return sent;
  prepared_.clear();
  for (Statement* st : statements) {
    if (st->res_ != nullptr) PQclear(std::exchange(st->res_, nullptr));
    st->row_ = -1;
  }
  return SendAndReceive(deferred, statements);
}

void Connection::Defer(const char* sql, bool begins) {
  if (deferred_.empty()) deferred_begins_ = begins;
  deferred_.push_back(sql);
}

bool Connection::Undefer(const char* sql) {
  if (deferred_.empty() || deferred_.back() != sql) return false;
  deferred_.pop_back();
  if (deferred_.empty()) deferred_begins_ = false;
  return true;
}

core::Status Connection::SendAndReceive(const std::vector<const char*>& deferred,
                                        std::initializer_list<Statement*> statements) {
  std::vector<const std::string*> names;
  names.reserve(statements.size());
  for (Statement* st : statements) {
    YS_ASSIGN_OR_RETURN(const std::string* name, PreparedName(st->sql_));
    names.push_back(name);
  }
  if (PQenterPipelineMode(conn_) != 1) return MapError(conn_, nullptr, "pipeline");
  bool sent = true;
  for (const char* sql : deferred) {
    sent = sent && PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  }
  std::size_t i = 0;
  for (Statement* st : statements) {
    std::vector<const char*> values;
    values.reserve(st->params_.size());
    for (const auto& p : st->params_) values.push_back(p ? p->c_str() : nullptr);
    sent = sent && PQsendQueryPrepared(conn_, names[i++]->c_str(), static_cast<int>(values.size()),
                                       values.data(), nullptr, nullptr, 0) == 1;
  }
  sent = sent && PQpipelineSync(conn_) == 1;
  core::Status status = core::Ok();
  if (!sent) status = MapError(conn_, nullptr, "pipeline");
  // Each query's result, then the null that ends it; an earlier failure makes the later ones
  // PGRES_PIPELINE_ABORTED, which Take maps to an error as well.
  auto next = [&]() -> pg_result* {
    pg_result* res = PQgetResult(conn_);
    if (res != nullptr) PQclear(PQgetResult(conn_));
    return res;
  };
  for (std::size_t k = 0; sent && k < deferred.size(); ++k) {
    pg_result* res = next();
    if (status.ok() && (res == nullptr || !ResultOk(res)))
      status = MapError(conn_, res, "deferred");
    PQclear(res);
  }
  for (Statement* st : statements) {
    if (!sent) {
      st->row_ = -2;
      continue;
    }
    auto taken = st->Take(next());
    if (status.ok() && !taken.ok()) status = taken;
  }
  if (sent) {
    // The end of the pipeline (PGRES_PIPELINE_SYNC).
    for (pg_result* res = PQgetResult(conn_); res != nullptr; res = PQgetResult(conn_)) {
      const bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
      PQclear(res);
      if (sync) break;
    }
  }
  (void)PQexitPipelineMode(conn_);
  return status;
}

core::Result<bool> Statement::Step() {
  if (row_ == -2) return core::Error::Internal("postgres: step after a failed statement");
  if (res_ == nullptr) YS_RETURN_IF_ERROR(Run());
  ++row_;
  return row_ < PQntuples(res_);
}

core::Result<int> Statement::Exec() {
  if (res_ == nullptr) YS_RETURN_IF_ERROR(Run());
  const char* n = PQcmdTuples(res_);
  return (n == nullptr || *n == '\0') ? 0 : std::atoi(n);
}

std::string Statement::Text(int col) const {
  return std::string(PQgetvalue(res_, row_, col),
                     static_cast<std::size_t>(PQgetlength(res_, row_, col)));
}
int64_t Statement::Int(int col) const {
  const char* p = PQgetvalue(res_, row_, col);
  const int len = PQgetlength(res_, row_, col);
  int64_t value = 0;
  std::from_chars(p, p + len, value);
  return value;
}
bool Statement::IsNull(int col) const { return PQgetisnull(res_, row_, col) != 0; }

core::Result<std::unique_ptr<Connection>> Connection::Open(const ServerParams& server,
                                                           const std::string& dbname) {
  // Earlier keywords are defaults the URL may override; the database name and the password
  // given here override the URL's.
  // TCP keepalives notice a server that vanished without closing (a failed host) in ~20 s.
  std::vector<const char*> keys = {"connect_timeout", "application_name",    "client_encoding",
                                   "keepalives_idle", "keepalives_interval", "keepalives_count",
                                   "dbname"};
  std::vector<const char*> values = {"5", "yorisoi", "UTF8", "10", "5", "2", server.url.c_str()};
  if (!dbname.empty()) {
    keys.push_back("dbname");
    values.push_back(dbname.c_str());
  }
  if (!server.password.empty()) {
    keys.push_back("password");
    values.push_back(server.password.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  if (conn == nullptr) return core::Error::Unavailable("postgres: out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    auto error = MapError(conn, nullptr, "connect");
    PQfinish(conn);
    return error;
  }
  std::unique_ptr<Connection> c(new Connection(conn));
  // Times are integers (Unix milliseconds), so the session time zone never matters; a
  // transaction left open by a crashed request must not hold its locks for ever.
  YS_RETURN_IF_ERROR(
      c->ExecScript("SET idle_in_transaction_session_timeout = '60s'; SET lock_timeout = '10s';"
                    " SET client_min_messages = warning;"
                    " SET synchronous_commit = on"));
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

core::Result<Statement> Connection::Prepare(const char* sql) { return Statement(*this, sql); }

core::Status Connection::ExecScript(const std::string& sql) {
  std::string script;
  for (const char* d : deferred_) (script += d) += ';';
  deferred_.clear();
  deferred_begins_ = false;
  pg_result* res = PQexec(conn_, script.empty() ? sql.c_str() : (script + sql).c_str());
  if (res == nullptr || !ResultOk(res)) {
    auto error = MapError(conn_, res, "exec");
    PQclear(res);
    return error;
  }
  PQclear(res);
  return core::Ok();
}

bool Connection::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Connection::InTransaction() const {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

core::Status Migrate(Connection& conn, const std::vector<Migration>& migrations) {
  YS_RETURN_IF_ERROR(conn.ExecScript(kMigrationLock));
  auto migrate = [&]() -> core::Status {
    YS_RETURN_IF_ERROR(conn.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY,"
        " applied_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now()) * 1000)::bigint)"));
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
      YS_RETURN_IF_ERROR(conn.ExecScript("BEGIN"));
      auto applied = conn.ExecScript(m.sql);
      if (applied.ok()) {
        applied = conn.ExecScript("INSERT INTO schema_migrations(version) VALUES (" +
                                  std::to_string(m.version) + ")");
      }
      if (!applied.ok()) {
        (void)conn.ExecScript("ROLLBACK");
        return applied;
      }
      YS_RETURN_IF_ERROR(conn.ExecScript("COMMIT"));
    }
    return core::Ok();
  }();
  auto unlocked = conn.ExecScript(kMigrationUnlock);
  YS_RETURN_IF_ERROR(migrate);
  return unlocked;
}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

core::Result<ConnectionPool::Lease> ConnectionPool::Acquire(bool fresh) {
  {
    std::unique_lock lock(mu_);
    for (;;) {
      if (!fresh && !idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(conn));
      }
      if (open_ < server_.pool_size) break;
      if (fresh && !idle_.empty()) {  // make room for the new one
        idle_.pop_back();
        --open_;
        continue;
      }
      if (cv_.wait_for(lock, std::chrono::seconds(10)) == std::cv_status::timeout &&
          idle_.empty() && open_ >= server_.pool_size) {
        return core::Error::Unavailable("postgres: every connection of the pool is busy");
      }
    }
    ++open_;
  }
  auto conn = Connection::Open(server_, dbname_);
  if (!conn.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
    return std::move(conn).error();
  }
  return Lease(this, std::move(*conn));
}

void ConnectionPool::DropIdle() {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mu_);
    open_ -= idle_.size();
    dropped.swap(idle_);
    cv_.notify_all();
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  // A connection goes back only when it is usable and outside any transaction.
  const bool reusable = conn->Healthy() && PQtransactionStatus(conn->raw()) == PQTRANS_IDLE;
  std::lock_guard lock(mu_);
  if (reusable) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
    conn.reset();
  }
  cv_.notify_one();
}

std::string TenantDatabaseName(std::string_view platform_db, std::string_view tenant_id) {
  return std::string(platform_db) + "_" + std::string(tenant_id);
}

core::Result<std::string> PlatformDatabaseName(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    PQfreemem(err);
    return core::Error::InvalidArgument("postgres.url", "is not a PostgreSQL connection URL",
                                        core::codes::kInvalidPostgresUrl);
  }
  std::string dbname;
  bool has_password = false;
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (std::string_view(o->keyword) == "dbname") dbname = o->val;
    if (std::string_view(o->keyword) == "password") has_password = true;
  }
  PQconninfoFree(opts);
  if (has_password) {
    return core::Error::InvalidArgument(
        "postgres.url",
        "must not contain a password (use postgres.password_file, PGPASSFILE or PGPASSWORD)",
        core::codes::kPasswordInUrl);
  }
  const bool shape_ok =
      !dbname.empty() && dbname.size() <= 30 && dbname[0] >= 'a' && dbname[0] <= 'z' &&
      dbname.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (!shape_ok) {
    return core::Error::InvalidArgument(
        "postgres.url",
        "must name the platform database: 1-30 characters of a-z, 0-9 and '_', starting with a "
        "letter",
        core::codes::kInvalidPostgresDatabase);
  }
  return dbname;
}

std::string QuoteIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

core::Result<std::string> ConnectionString(const std::string& url, const std::string& dbname) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    PQfreemem(err);
    return core::Error::InvalidArgument("postgres.url", "is not a PostgreSQL connection URL",
                                        core::codes::kInvalidPostgresUrl);
  }
  auto quote = [](std::string_view v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string out = "dbname=" + quote(dbname);
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string_view key(o->keyword);
    if (key == "dbname" || key == "password") continue;
    out += " " + std::string(key) + "=" + quote(o->val);
  }
  PQconninfoFree(opts);
  return out;
}

core::Status CreateDatabase(Connection& admin, const std::string& dbname) {
  // LC_CTYPE must know Japanese letters: under plain "C", pg_trgm finds no trigram in Japanese
  // text and its index answers every LIKE with a scan of the whole table.
  auto created = admin.ExecScript("CREATE DATABASE " + QuoteIdent(dbname) +
                                  " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
                                  " LC_CTYPE 'C.UTF-8'");
  if (!created.ok() && created.error().message.find("42P04") != std::string::npos) {
    return core::Error::Conflict("the database exists", core::codes::kDatabaseExists);
  }
  return created;
}

}  // namespace yorisoi::storage::postgres
