// The SQLite part of backup and restore (storage/backup.hpp): <data>/platform.db and
// <data>/tenants/<id>/tenant.db, imaged online with SQLite's backup API.
//
// The image is taken inside one read transaction on the source, held from the first page to the
// last: in WAL mode a reader never blocks the server's writers, and the backup, reading through
// that one snapshot, is never restarted by their commits (sqlite3_backup_step restarts only when
// it opens a new read transaction on a changed database). It goes in steps of kPagesPerStep pages
// so the progress bar moves. The image is then switched to journal_mode=DELETE (a single
// self-contained file; the server switches it back to WAL when it opens it) and checked with
// PRAGMA quick_check before it is written into the backup.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/error_codes.hpp"
#include "domain/tenants/tenant.hpp"
#include "storage/sqlite/backup.hpp"

namespace yorisoi::storage::sqlite {
namespace {
namespace fs = std::filesystem;

constexpr int kPagesPerStep = 256;  // 1 MiB at the default page size
constexpr std::string_view kPlatformEntry = "platform.db";
constexpr std::string_view kTenantsPrefix = "tenants/";
constexpr std::string_view kTenantDbName = "/tenant.db";

// A sqlite3 handle closed at scope exit.
class Db {
 public:
  ~Db() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }
  sqlite3** out() { return &db_; }
  sqlite3* get() const { return db_; }
  void Close() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

core::Error Failed(const std::string& what, sqlite3* db) {
  return core::Error::Unavailable(what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "?"));
}

// The first column of the first row of sql, as text.
core::Result<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Failed("sqlite prepare", db);
  }
  const int rc = sqlite3_step(stmt);
  std::string out;
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Failed("sqlite step", db);
  return out;
}

core::Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Failed(sql, db);
  return core::Ok();
}

// The tenant id of "tenants/<id>/tenant.db", or "" when entry is not of that form.
std::string_view TenantOfEntry(std::string_view entry) {
  if (entry.substr(0, kTenantsPrefix.size()) != kTenantsPrefix) return {};
  std::string_view rest = entry.substr(kTenantsPrefix.size());
  if (rest.size() <= kTenantDbName.size() ||
      rest.substr(rest.size() - kTenantDbName.size()) != kTenantDbName) {
    return {};
  }
  const std::string_view id = rest.substr(0, rest.size() - kTenantDbName.size());
  return id.find('/') == std::string_view::npos ? id : std::string_view{};
}

class SqliteBackupBackend final : public BackupBackend {
 public:
  explicit SqliteBackupBackend(std::string root) : root_(std::move(root)) {}

  std::string_view name() const override { return "sqlite"; }

  core::Result<std::vector<DatabaseRef>> Databases(
      const std::vector<std::string>& tenant_ids) override {
    std::vector<DatabaseRef> dbs = {{std::string(kPlatformEntry), ""}};
    for (const auto& id : tenant_ids) {
      YS_RETURN_IF_ERROR(domain::ValidateTenantId(id));
      dbs.push_back({std::string(kTenantsPrefix) + id + std::string(kTenantDbName), id});
    }
    return dbs;
  }

  core::Result<uint64_t> EstimateImageBytes(const DatabaseRef& db) override {
    uint64_t bytes = 0;
    for (const char* suffix : {"", "-wal"}) {
      std::error_code ec;
      const auto size = fs::file_size(Path(db.entry) + suffix, ec);
      if (!ec) bytes += static_cast<uint64_t>(size);
    }
    return bytes;
  }

  core::Status TakeImage(const DatabaseRef& db, const std::string& image_path,
                         const StepProgress& progress) override {
    const std::string source_path = Path(db.entry);
    std::error_code ec;
    if (!fs::is_regular_file(source_path, ec)) {
      return core::Error::NotFound(db.tenant_id.empty()
                                       ? "the platform database is missing"
                                       : "the database of tenant " + db.tenant_id + " is missing");
    }
    Db src;
    if (sqlite3_open_v2(source_path.c_str(), src.out(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return Failed("cannot open " + db.entry, src.get());
    }
    sqlite3_busy_timeout(src.get(), 10000);
    // One snapshot for the whole image (see the top of this file).
    YS_RETURN_IF_ERROR(Exec(src.get(), "BEGIN"));
    YS_RETURN_IF_ERROR(QueryText(src.get(), "SELECT count(*) FROM sqlite_schema"));
    YS_ASSIGN_OR_RETURN(const std::string page_size_text, QueryText(src.get(), "PRAGMA page_size"));
    const uint64_t page_size = std::stoull(page_size_text.empty() ? "4096" : page_size_text);

    Db dst;
    if (sqlite3_open_v2(image_path.c_str(), dst.out(),
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return Failed("cannot create the image of " + db.entry, dst.get());
    }
    ::chmod(image_path.c_str(), 0600);
    sqlite3_backup* backup = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (backup == nullptr) return Failed("cannot start the image of " + db.entry, dst.get());
    int rc = SQLITE_OK;
    int busy_retries = 0;
    for (;;) {
      rc = sqlite3_backup_step(backup, kPagesPerStep);
      const auto total = static_cast<uint64_t>(sqlite3_backup_pagecount(backup));
      const auto left = static_cast<uint64_t>(sqlite3_backup_remaining(backup));
      if (progress && total >= left) progress((total - left) * page_size);
      if (rc == SQLITE_DONE) break;
      if (rc == SQLITE_OK) continue;
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busy_retries < 1000) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      break;
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      return core::Error::Unavailable("the image of " + db.entry +
                                      " failed: " + sqlite3_errstr(rc));
    }
    YS_RETURN_IF_ERROR(Exec(src.get(), "COMMIT"));
    src.Close();
    // A single self-contained file, checked before it goes into the backup.
    YS_ASSIGN_OR_RETURN(const std::string mode, QueryText(dst.get(), "PRAGMA journal_mode=DELETE"));
    if (mode != "delete") {
      return core::Error::Unavailable("the image of " + db.entry + " kept its write-ahead log");
    }
    YS_ASSIGN_OR_RETURN(const std::string check, QueryText(dst.get(), "PRAGMA quick_check"));
    if (check != "ok") {
      return core::Error::Internal("the image of " + db.entry +
                                   " failed its integrity check (PRAGMA quick_check)");
    }
    dst.Close();
    return core::Ok();
  }

  bool IsLiveDatabaseFile(std::string_view rel) const override {
    for (std::string_view suffix : {"-wal", "-shm", "-journal"}) {
      if (rel.size() > suffix.size() && rel.substr(rel.size() - suffix.size()) == suffix) {
        rel.remove_suffix(suffix.size());
        break;
      }
    }
    return rel == kPlatformEntry || !TenantOfEntry(rel).empty();
  }

  core::Status RestoreImage(const std::string& entry, const std::string& image_path,
                            const std::string& staging_root) override {
    const std::string_view tenant = TenantOfEntry(entry);
    if (entry != kPlatformEntry && (tenant.empty() || !domain::ValidateTenantId(tenant).ok())) {
      return core::Error::InvalidArgument("",
                                          "the backup holds a database this backend does not "
                                          "know",
                                          core::codes::kBackupDamaged);
    }
    const fs::path dest = fs::path(staging_root) / entry;
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) return core::Error::Unavailable("cannot create the folder of " + entry);
    if (fs::exists(fs::symlink_status(dest, ec))) {
      return core::Error::InvalidArgument("", "the backup holds " + entry + " twice",
                                          core::codes::kBackupDamaged);
    }
    if (::rename(image_path.c_str(), dest.c_str()) != 0) {
      return core::Error::Unavailable("cannot put " + entry + " in place");
    }
    ::chmod(dest.c_str(), 0600);
    const int dir = ::open(dest.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return core::Error::Unavailable("cannot sync the folder of " + entry);
    const bool synced = ::fsync(dir) == 0;
    ::close(dir);
    if (!synced) return core::Error::Unavailable("cannot sync the folder of " + entry);
    return core::Ok();
  }

 private:
  std::string Path(const std::string& entry) const { return root_ + "/" + entry; }
  std::string root_;
};

}  // namespace

std::unique_ptr<BackupBackend> MakeBackupBackend(const std::string& data_root) {
  return std::make_unique<SqliteBackupBackend>(data_root);
}

}  // namespace yorisoi::storage::sqlite
