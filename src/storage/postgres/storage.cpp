#include "storage/postgres/storage.hpp"

#include <map>
#include <mutex>

#include "core/error_codes.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/notifier.hpp"
#include "storage/postgres/stores.hpp"
#include "storage/shared/group_commit.hpp"

namespace yorisoi::storage::postgres {
namespace {

// Write transactions of one tenant run one at a time, as on SQLite: the audit log's hash chain
// and other read-then-write steps rely on it. The lock is transaction-scoped, held by the
// database, so it serialises the writers of every instance.
constexpr const char* kBeginWrite =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7963007392)";
// A consistent snapshot that refuses writes.
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// A read: a consistent snapshot on a pooled connection. Its BEGIN goes with its first statement
// (Connection::Defer), so a case view's reads are one round trip and its COMMIT a second.
class PgReadTx final : public shared::SqlTenantTx<Connection> {
 public:
  // The stores hold the connection, which the lease owns: moving the lease keeps its address.
  PgReadTx(ConnectionPool::Lease lease, std::string_view audit_key)
      : SqlTenantTx(*lease, audit_key), lease_(std::move(lease)) {
    lease_->Defer(kBeginRead, /*begins=*/true);
  }
  ~PgReadTx() override {
    if (!done_ && !lease_->Undefer(kBeginRead) && lease_->Healthy()) {
      (void)lease_->ExecScript("ROLLBACK");
    }
  }
  core::Status Commit() override {
    done_ = true;
    if (lease_->Undefer(kBeginRead)) return core::Ok();  // nothing was read: nothing was begun
    return lease_->ExecScript("COMMIT");
  }

 private:
  ConnectionPool::Lease lease_;
  bool done_ = false;
};

// A write joins the tenant's group commit (storage/shared/group_commit.hpp) on a connection of
// its own: the group's transaction holds the tenant's advisory lock, so the writers of every
// instance are serialised as before, but many writes (notes, batches of read audits) share one
// COMMIT and its WAL flush. COMMIT returns once the commit record is flushed
// (synchronous_commit=on; with a synchronous standby, once the standby has it too). A lost
// connection there is kUnavailable for every member: the outcome is unknown and no write of the
// group was acknowledged.
class PgTenantDb final : public domain::TenantDb {
 public:
  PgTenantDb(ServerParams server, std::string dbname, std::string audit_key)
      : audit_key_(std::move(audit_key)),
        writes_(WriteOps(server, dbname)),
        pool_(std::move(server), std::move(dbname)) {}
  core::Result<std::unique_ptr<domain::TenantTx>> Begin(domain::TxMode mode) override {
    if (mode == domain::TxMode::kWrite) {
      return shared::GroupWriteTx<Connection>::Begin(writes_, audit_key_);
    }
    // A dead idle connection shows at the first statement, which then retries on a new one
    // (Connection::RunTogether).
    YS_ASSIGN_OR_RETURN(auto lease, pool_.Acquire());
    return std::unique_ptr<domain::TenantTx>(new PgReadTx(std::move(lease), audit_key_));
  }

 private:
  static shared::GroupCommitOps<Connection> WriteOps(ServerParams server, std::string dbname) {
    return {
        .open = [server = std::move(server),
                 dbname = std::move(dbname)] { return Connection::Open(server, dbname); },
        .exec = [](Connection& c, const char* sql) { return c.ExecScript(sql); },
        .begin = [](Connection& c) { return c.ExecScript(kBeginWrite); },
        .in_transaction = [](Connection& c) { return c.InTransaction(); },
        .usable = [](Connection& c) { return c.Healthy(); },
        // Each member's savepoint is a subtransaction; past 64 in one transaction (the
        // server's PGPROC_MAX_CACHED_SUBXIDS) every snapshot taken meanwhile must consult
        // pg_subtrans, which slows the readers of the whole server.
        .max_group = 64,
        // A writer's SAVEPOINT goes with its first statement and its RELEASE with the next
        // round trip: two round trips fewer per write, under the tenant's lock.
        .defer = [](Connection& c, const char* sql) { c.Defer(sql); },
        .undefer = [](Connection& c, const char* sql) { return c.Undefer(sql); },
    };
  }

  const std::string audit_key_;
  shared::GroupCommit<Connection> writes_;
  ConnectionPool pool_;
};

class PgStorage final : public domain::Storage {
 public:
  PgStorage(Options options, std::string platform_db,
            std::shared_ptr<domain::AuditKeyring> audit_keys)
      : options_(std::move(options)),
        platform_db_(std::move(platform_db)),
        audit_keys_(std::move(audit_keys)),
        platform_pool_(options_.server, ""),
        tenants_(platform_pool_),
        notifier_(MakeNotifier(options_.server, platform_pool_)) {}

  domain::TenantStore& tenants() override { return tenants_; }
  domain::Notifier& notifier() override { return *notifier_; }

  core::Status CreateTenant(const domain::Tenant& tenant) override {
    YS_RETURN_IF_ERROR(domain::ValidateTenant(tenant));
    std::lock_guard lock(create_mu_);
    auto existing = tenants_.FindById(tenant.id);
    if (existing.ok())
      return core::Error::Conflict("a tenant with this id exists", core::codes::kTenantExists);
    if (existing.error().errc != core::Errc::kNotFound) return existing.error();
    const ServerParams server = ServerOf(tenant.id);
    const std::string dbname = TenantDatabaseName(platform_db_, tenant.id);
    // CREATE DATABASE runs outside a transaction, on the tenant's server. "C" collation: text
    // sorts by code point, as on SQLite, whatever the server's locale.
    // The maintenance database: on a cluster holding only some tenants, no platform database.
    YS_ASSIGN_OR_RETURN(auto admin, Connection::Open(server, "postgres"));
    auto created = CreateDatabase(*admin, dbname);
    if (!created.ok()) {
      if (created.error().errc == core::Errc::kConflict) {
        return core::Error::Conflict("the tenant database exists", core::codes::kTenantExists);
      }
      return created;
    }
    auto made = [&]() -> core::Status {
      {
        YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(server, dbname));
        YS_RETURN_IF_ERROR(Migrate(*conn, TenantMigrations()));
      }
      return tenants_.Create(tenant);
    }();
    if (!made.ok()) {
      (void)admin->ExecScript("DROP DATABASE IF EXISTS " + QuoteIdent(dbname));
      return made;
    }
    return core::Ok();
  }

  core::Result<std::shared_ptr<domain::TenantDb>> OpenTenant(std::string_view tenant_id) override {
    {
      std::lock_guard lock(open_mu_);
      auto it = open_.find(tenant_id);
      if (it != open_.end()) return it->second;
    }
    YS_RETURN_IF_ERROR(domain::ValidateTenantId(tenant_id));
    YS_RETURN_IF_ERROR(tenants_.FindById(tenant_id));
    const ServerParams server = ServerOf(tenant_id);
    const std::string dbname = TenantDatabaseName(platform_db_, tenant_id);
    {
      // Bring an existing tenant database up to this program's schema before first use.
      YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(server, dbname));
      YS_RETURN_IF_ERROR(Migrate(*conn, TenantMigrations()));
    }
    YS_ASSIGN_OR_RETURN(std::string audit_key, audit_keys_->ChainKey(tenant_id));
    std::lock_guard lock(open_mu_);
    auto it = open_.find(tenant_id);
    if (it != open_.end()) return it->second;
    // Keyed before anyone in this process can append to it (under open_mu_).
    auto db = std::make_shared<PgTenantDb>(server, dbname, std::move(audit_key));
    YS_RETURN_IF_ERROR(
        domain::KeyAuditChain(*db, *audit_keys_, tenant_id, core::SystemClock().Now()));
    return open_.emplace(std::string(tenant_id), std::move(db)).first->second;
  }

  core::Status Init() {
    if (options_.create_platform) {
      YS_ASSIGN_OR_RETURN(auto admin, Connection::Open(options_.server, "postgres"));
      YS_ASSIGN_OR_RETURN(auto st, admin->Prepare("SELECT 1 FROM pg_database WHERE datname = ?"));
      st.Bind(1, platform_db_);
      YS_ASSIGN_OR_RETURN(bool exists, st.Step());
      if (!exists) YS_RETURN_IF_ERROR(CreateDatabase(*admin, platform_db_));
    }
    YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.server, ""));
    return Migrate(*conn, PlatformMigrations());
  }

 private:
  ServerParams ServerOf(std::string_view tenant_id) const {
    return TenantServer(options_, tenant_id);
  }

  const Options options_;
  const std::string platform_db_;
  const std::shared_ptr<domain::AuditKeyring> audit_keys_;
  ConnectionPool platform_pool_;
  shared::SqlTenantStore<ConnectionPool> tenants_;
  std::unique_ptr<domain::Notifier> notifier_;
  std::mutex create_mu_;
  std::mutex open_mu_;
  std::map<std::string, std::shared_ptr<domain::TenantDb>, std::less<>> open_;
};

}  // namespace

ServerParams TenantServer(const Options& options, std::string_view tenant_id) {
  ServerParams server = options.server;
  auto it = options.tenant_urls.find(tenant_id);
  if (it != options.tenant_urls.end()) server.url = it->second;
  return server;
}

core::Result<std::unique_ptr<domain::Storage>> OpenStorage(
    const Options& options, std::shared_ptr<domain::AuditKeyring> audit_keys) {
  if (audit_keys == nullptr) return core::Error::Internal("no audit keyring");
  YS_ASSIGN_OR_RETURN(std::string platform_db, PlatformDatabaseName(options.server.url));
  for (const auto& [tenant, url] : options.tenant_urls) {
    YS_RETURN_IF_ERROR(domain::ValidateTenantId(tenant, "postgres.tenant_urls"));
    YS_ASSIGN_OR_RETURN(std::string db, PlatformDatabaseName(url));
    if (db != platform_db) {
      return core::Error::InvalidArgument("postgres.tenant_urls",
                                          "must name the same platform database as postgres.url",
                                          core::codes::kInvalidPostgresDatabase);
    }
  }
  auto storage =
      std::make_unique<PgStorage>(options, std::move(platform_db), std::move(audit_keys));
  YS_RETURN_IF_ERROR(storage->Init());
  return std::unique_ptr<domain::Storage>(std::move(storage));
}

}  // namespace yorisoi::storage::postgres
