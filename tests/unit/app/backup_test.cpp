// Backup and restore of a real (SQLite) installation, in process: everything comes back, the
// output and the target are never overwritten, a wrong key leaves nothing behind, and the SQLite
// image of a database that is being written is taken from one snapshot without restarting.
#include "app/backup.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "app/installation.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "test_support.hpp"

namespace yorisoi::app {
namespace {

namespace fs = std::filesystem;
using testing_support::IsError;
using testing_support::IsOk;
using testing_support::TempFolder;

constexpr const char* kKey = "unit-test-backup-key-0123456789";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file under root (relative path → bytes), live database files left out.
std::map<std::string, std::string> Files(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = e.path().lexically_relative(root).generic_string();
    if (rel.find(".db") != std::string::npos) continue;
    out[rel] = ReadAll(e.path());
  }
  return out;
}

// One query's rows as text ('|' between columns, '\n' after rows).
std::string Query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i > 0) out += '|';
      const auto* text = sqlite3_column_text(stmt, i);
      out += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

class BackupRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() + "/data";
    ASSERT_TRUE(IsOk(Installation::Init(data_, {})));
    auto inst = Installation::Open(data_);
    ASSERT_TRUE(IsOk(inst));
    ASSERT_TRUE(IsOk((*inst)->AddTenant("tenant-a", "テスト区A")));
    ASSERT_TRUE(IsOk((*inst)->AddUnit("tenant-a", "center", "センター")));
    ASSERT_TRUE(IsOk((*inst)->AddUser(
        "tenant-a",
        domain::NewUser{"worker1", "職員（テスト）", domain::Role::kCaseworker, {"center"}},
        "Kari-Pass-1-dummy-2025")));
    ASSERT_TRUE(IsOk((*inst)->AddUser(
        "tenant-a",
        domain::NewUser{"super1", "係長（テスト）", domain::Role::kSupervisor, {"center"}},
        "Kari-Pass-2-dummy-2025")));
    DummyOptions dummy;
    dummy.tenant = "tenant-a";
    dummy.cases = 5;
    ASSERT_TRUE(IsOk((*inst)->AddDummyCases(dummy)));
    const fs::path blob_dir = fs::path(data_) / "tenants/tenant-a/blobs/ab";
    fs::create_directories(blob_dir);
    std::ofstream(blob_dir / ("ab" + crypto::HexEncode(crypto::RandomBytes(15))), std::ios::binary)
        << crypto::RandomBytes(70000);
  }

  core::Result<BackupReport> Backup(const std::string& out, const std::string& key = kKey) {
    BackupOptions o;
    o.data_dir = data_;
    o.out = out;
    o.key = key;
    o.kdf = crypto::KdfCost::Minimum();
    return CreateBackup(o);
  }

  core::Result<RestoreReport> Restore(const std::string& in, const std::string& target,
                                      const std::string& key = kKey) {
    RestoreOptions o;
    o.data_dir = target;
    o.in = in;
    o.key = key;
    return RestoreBackup(o);
  }

  TempFolder dir_;
  std::string data_;
};

TEST_F(BackupRestoreTest, EverythingComesBackAndIsAudited) {
  const std::string out = dir_.path() + "/b.ysb";
  uint64_t last_done = 0;
  uint64_t calls = 0;
  BackupOptions o;
  o.data_dir = data_;
  o.out = out;
  o.key = kKey;
  o.kdf = crypto::KdfCost::Minimum();
  o.progress = [&](uint64_t done, uint64_t) {
    EXPECT_GE(done, last_done);
    last_done = done;
    ++calls;
  };
  auto report = CreateBackup(o);
  ASSERT_TRUE(IsOk(report));
  EXPECT_EQ(report->databases, 2);  // platform.db, tenant-a
  EXPECT_GT(calls, 3u);
  EXPECT_EQ(report->archive_bytes, fs::file_size(out));
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& e : fs::directory_iterator(data_)) {
    EXPECT_EQ(e.path().filename().string().rfind(".backup-work-", 0), std::string::npos)
        << "the work folder is removed";
  }
  // A second backup to the same name is refused; the first is untouched.
  const std::string first = ReadAll(out);
  EXPECT_TRUE(IsError(Backup(out), core::Errc::kConflict, "file_exists"));
  EXPECT_EQ(ReadAll(out), first);
  // Nor into the data folder, which it would read back.
  EXPECT_TRUE(
      IsError(Backup(data_ + "/tenants/b.ysb"), core::Errc::kInvalidArgument, "out_inside_data"));
  EXPECT_TRUE(IsError(Backup(data_ + "/./b.ysb"), core::Errc::kInvalidArgument, "out_inside_data"));

  const std::string tenant_db = data_ + "/tenants/tenant-a/tenant.db";
  const std::string audit_sql =
      "SELECT seq, action, target_ids, result, detail FROM audit_log "
      "ORDER BY seq";
  const std::string audit_before = Query(tenant_db, audit_sql);
  EXPECT_NE(audit_before.find("backup.create|[\"" + report->backup_id + "\"]|ok|started"),
            std::string::npos)
      << audit_before;

  const std::string target = dir_.path() + "/restored";
  auto restored = Restore(out, target);
  ASSERT_TRUE(IsOk(restored));
  EXPECT_EQ(restored->header.backup_id, report->backup_id);
  EXPECT_EQ(restored->databases, 2);
  EXPECT_EQ(restored->files, report->files);
  EXPECT_EQ(Files(target), Files(data_)) << "config, keys, tls, tenant files and blobs";
  // The records: every table as it was, plus the restore's own audit entry.
  const std::string restored_db = target + "/tenants/tenant-a/tenant.db";
  for (const char* table : {"cases", "people", "consultations", "notes", "policies", "users",
                            "units", "search_docs", "devices", "code_entries"}) {
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1";
    EXPECT_EQ(Query(restored_db, sql), Query(tenant_db, sql)) << table;
  }
  EXPECT_EQ(Query(target + "/platform.db", "SELECT * FROM tenants"),
            Query(data_ + "/platform.db", "SELECT * FROM tenants"));
  const std::string audit_after = Query(restored_db, audit_sql);
  ASSERT_EQ(audit_after.rfind(audit_before, 0), 0u) << "the restored log continues the backup's";
  EXPECT_NE(audit_after.find("backup.restore|[\"" + report->backup_id + "\"]|ok|"),
            std::string::npos)
      << audit_after;
  auto inst = Installation::Open(target);
  ASSERT_TRUE(IsOk(inst));
  auto verified = (*inst)->VerifyAudit("tenant-a");
  ASSERT_TRUE(IsOk(verified));
  EXPECT_TRUE(verified->ok());
  auto has = (*inst)->HasCases("tenant-a");
  ASSERT_TRUE(IsOk(has));
  EXPECT_TRUE(*has);
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(BackupRestoreTest, RestoreGoesOnlyIntoAnAbsentOrEmptyFolder) {
  const std::string out = dir_.path() + "/b.ysb";
  ASSERT_TRUE(IsOk(Backup(out)));
  const auto before = Files(data_);
  EXPECT_TRUE(IsError(Restore(out, data_), core::Errc::kConflict, "data_folder_not_empty"));
  EXPECT_EQ(Files(data_), before);
  const std::string other = dir_.path() + "/other";
  fs::create_directories(other);
  std::ofstream(other + "/notes.txt") << "not a data folder, but not empty";
  EXPECT_TRUE(IsError(Restore(out, other), core::Errc::kConflict, "data_folder_not_empty"));
  const std::string empty = dir_.path() + "/empty";
  fs::create_directories(empty);
  EXPECT_TRUE(IsOk(Restore(out, empty + "/")));
  EXPECT_TRUE(fs::exists(empty + "/config.json"));
}

TEST_F(BackupRestoreTest, AWrongKeyOrADamagedFileLeavesNothingBehind) {
  const std::string out = dir_.path() + "/b.ysb";
  ASSERT_TRUE(IsOk(Backup(out)));
  const auto listing = [&] {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_.path())) {
      names.insert(e.path().filename().string());
    }
    return names;
  };
  const auto before = listing();
  const std::string target = dir_.path() + "/restored";
  EXPECT_TRUE(IsError(Restore(out, target, "another-backup-key-0123456789"),
                      core::Errc::kInvalidArgument, "wrong_backup_key"));
  EXPECT_EQ(listing(), before) << "no staging folder left, no target made";
  // A byte changed near the end: found only after most of the files were staged.
  std::string bytes = ReadAll(out);
  bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x20);
  const std::string bad = dir_.path() + "/bad.ysb";
  std::ofstream(bad, std::ios::binary) << bytes;
  const auto with_bad = listing();
  auto damaged = Restore(bad, target);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().code, "backup_damaged") << damaged.error().message;
  EXPECT_EQ(listing(), with_bad);
  // Truncated.
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
  EXPECT_TRUE(IsError(Restore(bad, target), core::Errc::kInvalidArgument, "backup_truncated"));
  EXPECT_EQ(listing(), with_bad);
  // A short key is refused before anything is read.
  EXPECT_TRUE(
      IsError(Restore(out, target, "short"), core::Errc::kInvalidArgument, "weak_backup_key"));
  EXPECT_TRUE(IsError(Backup(dir_.path() + "/c.ysb", "0123456789012345678"),
                      core::Errc::kInvalidArgument, "weak_backup_key"));
  EXPECT_TRUE(IsOk(CheckBackupKey("01234567890123456789")));
  EXPECT_TRUE(IsOk(CheckBackupKey("バックアップの鍵はこの二十文字以上であること")));
}

// The SQLite image of a database that another connection keeps writing: one snapshot, taken
// in steps without restarting, consistent (the invariant count(t) == meta.n holds in it).
TEST(SqliteBackupImageTest, ABusyDatabaseIsImagedFromOneSnapshot) {
  TempFolder dir;
  const std::string path = dir.path() + "/platform.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  ASSERT_EQ(sqlite3_exec(db,
                         "PRAGMA journal_mode=WAL;"
                         "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
                         "CREATE TABLE meta(n INTEGER);"
                         "BEGIN;"
                         "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c "
                         "WHERE i < 20000) INSERT INTO t(v) SELECT hex(randomblob(100)) FROM c;"
                         "INSERT INTO meta VALUES (20000);"
                         "COMMIT;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread writer([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!stop && std::chrono::steady_clock::now() < deadline) {
      if (sqlite3_exec(db,
                       "BEGIN IMMEDIATE; INSERT INTO t(v) VALUES (hex(randomblob(100)));"
                       "INSERT INTO t(v) VALUES (hex(randomblob(100)));"
                       "UPDATE meta SET n = n + 2; COMMIT;",
                       nullptr, nullptr, nullptr) == SQLITE_OK) {
        ++commits;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  auto backend = MakeSqliteBackupBackend(dir.path());
  const std::string image = dir.path() + "/image";
  int steps = 0;
  int commits_during = 0;
  const int commits_at_start = commits.load();
  const auto t0 = std::chrono::steady_clock::now();
  auto taken = backend->TakeImage({"platform.db", ""}, image, [&](uint64_t) {
    ++steps;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the writer commit
  });
  commits_during = commits.load() - commits_at_start;
  const auto took = std::chrono::steady_clock::now() - t0;
  stop = true;
  writer.join();
  sqlite3_close(db);
  ASSERT_TRUE(IsOk(taken));
  EXPECT_GE(steps, 4) << "about 4.5 MiB in 1 MiB steps";
  EXPECT_GT(commits_during, 5) << "the writer kept committing while the image was taken";
  EXPECT_LT(took, std::chrono::seconds(15)) << "no restarts";
  const std::string counts = Query(image, "SELECT (SELECT count(*) FROM t), (SELECT n FROM meta)");
  const auto bar = counts.find('|');
  ASSERT_NE(bar, std::string::npos);
  EXPECT_EQ(counts.substr(0, bar) + "\n", counts.substr(bar + 1)) << counts;
  EXPECT_EQ(Query(image, "PRAGMA quick_check"), "ok\n");
  EXPECT_EQ(Query(image, "PRAGMA journal_mode"), "delete\n");
  EXPECT_FALSE(fs::exists(image + "-wal"));
  EXPECT_TRUE(backend->IsLiveDatabaseFile("platform.db-wal"));
  EXPECT_TRUE(backend->IsLiveDatabaseFile("tenants/tenant-a/tenant.db"));
  EXPECT_TRUE(backend->IsLiveDatabaseFile("tenants/tenant-a/tenant.db-shm"));
  EXPECT_FALSE(backend->IsLiveDatabaseFile("tenants/tenant-a/tenant.key.sealed"));
  EXPECT_FALSE(backend->IsLiveDatabaseFile("tenants/tenant-a/blobs/tenant.db"));
  EXPECT_FALSE(backend->IsLiveDatabaseFile("tenants/tenant.db"));
}

}  // namespace
}  // namespace yorisoi::app
