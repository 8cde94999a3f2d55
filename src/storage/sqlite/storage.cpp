#include "storage/sqlite/storage.hpp"

#include <filesystem>
#include <map>
#include <mutex>

#include <sqlite3.h>

#include "core/error_codes.hpp"
#include "domain/audit/audit_key.hpp"
#include "storage/shared/group_commit.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/notifier.hpp"
#include "storage/sqlite/stores.hpp"

namespace yorisoi::storage::sqlite {
namespace {

namespace fs = std::filesystem;

// A read ends its snapshot; a write joins a group commit.
using SqliteTenantTx = shared::SqlTenantTx<Connection>;

class SqliteReadTx final : public SqliteTenantTx {
 public:
  SqliteReadTx(ConnectionPool::Lease lease, std::string_view audit_key)
      : SqliteTenantTx(*lease, audit_key), lease_(std::move(lease)) {}
  ~SqliteReadTx() override {
    if (!done_) (void)lease_->Exec("ROLLBACK");
  }
  core::Status Commit() override {
    auto st = lease_->Exec("COMMIT");
    if (st.ok()) done_ = true;
    return st;
  }

 private:
  ConnectionPool::Lease lease_;
  bool done_ = false;
};

class SqliteTenantDb final : public domain::TenantDb {
 public:
  SqliteTenantDb(const std::string& path, std::string audit_key)
      : audit_key_(std::move(audit_key)),
        writes_(WriteOps(path)),
        read_pool_(path, Connection::Mode::kReadOnly) {}
  core::Result<std::unique_ptr<domain::TenantTx>> Begin(domain::TxMode mode) override {
    if (mode == domain::TxMode::kWrite) {
      return shared::GroupWriteTx<Connection>::Begin(writes_, audit_key_);
    }
    YS_ASSIGN_OR_RETURN(auto lease, read_pool_.Acquire());
    YS_RETURN_IF_ERROR(lease->Exec("BEGIN"));
    return std::unique_ptr<domain::TenantTx>(new SqliteReadTx(std::move(lease), audit_key_));
  }

 private:
  const std::string audit_key_;
  // Every write of the process on one connection; IMMEDIATE takes the database's write lock up
  // front (other processes wait on busy_timeout).
  static shared::GroupCommitOps<Connection> WriteOps(const std::string& path) {
    return {
        .open = [path] { return Connection::Open(path, Connection::Mode::kReadWrite); },
        .exec = [](Connection& c, const char* sql) { return c.Exec(sql); },
        .begin = [](Connection& c) { return c.Exec("BEGIN IMMEDIATE"); },
        .in_transaction = [](Connection& c) { return sqlite3_get_autocommit(c.raw()) == 0; },
        .usable = [](Connection&) { return true; },
        .max_group = 256,
        .defer = nullptr,  // in-process: no round trip to save
        .undefer = nullptr,
    };
  }

  shared::GroupCommit<Connection> writes_;
  ConnectionPool read_pool_;
};

class SqliteStorage final : public domain::Storage {
 public:
  SqliteStorage(std::string data_dir, std::shared_ptr<domain::AuditKeyring> audit_keys)
      : data_dir_(std::move(data_dir)),
        audit_keys_(std::move(audit_keys)),
        platform_pool_(data_dir_ + "/platform.db", Connection::Mode::kReadWrite),
        tenants_(platform_pool_),
        notifier_(MakeNotifier()) {}

  domain::TenantStore& tenants() override { return tenants_; }
  domain::Notifier& notifier() override { return *notifier_; }

  core::Status CreateTenant(const domain::Tenant& tenant) override {
    YS_RETURN_IF_ERROR(domain::ValidateTenant(tenant));
    std::lock_guard lock(create_mu_);
    auto existing = tenants_.FindById(tenant.id);
    if (existing.ok())
      return core::Error::Conflict("a tenant with this id exists", core::codes::kTenantExists);
    if (existing.error().errc != core::Errc::kNotFound) return existing.error();
    const std::string path = TenantPath(tenant.id);
    std::error_code ec;
    const fs::path folder = fs::path(path).parent_path();
    const bool folder_existed = fs::exists(folder);
    fs::create_directories(folder, ec);
    if (ec) return core::Error::Unavailable("cannot create the tenant folder");
    if (fs::exists(path))
      return core::Error::Conflict("the tenant database exists", core::codes::kTenantExists);
    auto made = [&]() -> core::Status {
      YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(path, Connection::Mode::kCreate));
      YS_RETURN_IF_ERROR(Migrate(*conn, TenantMigrations()));
      return tenants_.Create(tenant);
    }();
    if (!made.ok()) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
      if (!folder_existed) fs::remove_all(folder, ec);
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
    const std::string path = TenantPath(tenant_id);
    {
      // Bring an existing tenant database up to this program's schema before first use.
      YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(path, Connection::Mode::kReadWrite));
      YS_RETURN_IF_ERROR(Migrate(*conn, TenantMigrations()));
    }
    YS_ASSIGN_OR_RETURN(std::string audit_key, audit_keys_->ChainKey(tenant_id));
    std::lock_guard lock(open_mu_);
    auto it = open_.find(tenant_id);
    if (it != open_.end()) return it->second;
    // Keyed before anyone in this process can append to it (under open_mu_).
    auto db = std::make_shared<SqliteTenantDb>(path, std::move(audit_key));
    YS_RETURN_IF_ERROR(
        domain::KeyAuditChain(*db, *audit_keys_, tenant_id, core::SystemClock().Now()));
    return open_.emplace(std::string(tenant_id), std::move(db)).first->second;
  }

  core::Status Init() {
    std::error_code ec;
    fs::create_directories(data_dir_, ec);
    YS_ASSIGN_OR_RETURN(auto conn,
                        Connection::Open(data_dir_ + "/platform.db", Connection::Mode::kCreate));
    return Migrate(*conn, PlatformMigrations());
  }

 private:
  std::string TenantPath(std::string_view id) const {
    return data_dir_ + "/tenants/" + std::string(id) + "/tenant.db";
  }

  const std::string data_dir_;
  const std::shared_ptr<domain::AuditKeyring> audit_keys_;
  ConnectionPool platform_pool_;
  shared::SqlTenantStore<ConnectionPool> tenants_;
  std::unique_ptr<domain::Notifier> notifier_;
  std::mutex create_mu_;
  std::mutex open_mu_;
  std::map<std::string, std::shared_ptr<domain::TenantDb>, std::less<>> open_;
};

}  // namespace

core::Result<std::unique_ptr<domain::Storage>> OpenStorage(
    const std::string& data_dir, std::shared_ptr<domain::AuditKeyring> audit_keys) {
  if (audit_keys == nullptr) return core::Error::Internal("no audit keyring");
  auto storage = std::make_unique<SqliteStorage>(data_dir, std::move(audit_keys));
  YS_RETURN_IF_ERROR(storage->Init());
  return std::unique_ptr<domain::Storage>(std::move(storage));
}

}  // namespace yorisoi::storage::sqlite
