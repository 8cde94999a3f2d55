// The PostgreSQL part of backup and restore (storage/backup.hpp): the platform database and each
// tenant's database, imaged online with `pg_dump -Fc` (one snapshot per database: a consistent
// image that never blocks the server's writers) and put back with `pg_restore` into a database
// created afresh.
//
// Restore never writes into an existing database: "wipe, then restore" means the databases were
// dropped (or the cluster is new). A database this restore created is dropped again when a later
// step fails, so a failed restore leaves the cluster as it found it.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error_codes.hpp"
#include "domain/tenants/tenant.hpp"
#include "storage/postgres/backup.hpp"
#include "storage/postgres/database.hpp"

extern char** environ;

namespace yorisoi::storage::postgres {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kPlatformEntry = "postgres/platform.dump";
constexpr std::string_view kTenantPrefix = "postgres/tenants/";
constexpr std::string_view kDumpSuffix = ".dump";

// The newest installed client tools (Debian: /usr/lib/postgresql/<major>/bin); pg_dump must be
// at least as new as the server.
// Compared as numbers: "9.6" must not win over "15" as text would.
std::string Tool(const std::string& name) {
  std::string best;
  double best_major = -1;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto candidate = e.path() / "bin" / name;
    const double major = std::atof(e.path().filename().c_str());
    if (fs::exists(candidate) && major > best_major) {
      best = candidate.string();
      best_major = major;
    }
  }
  return best.empty() ? name : best;
}

// Runs argv with the password (if any) in PGPASSWORD; stderr goes to err_path. While it runs,
// watch() is called every 100 ms. Returns the exit status, or -1 when it could not start.
int Run(const std::vector<std::string>& argv, const std::string& password,
        const std::string& err_path, const std::function<void()>& watch) {
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).starts_with("PGPASSWORD=")) continue;
    env_store.emplace_back(*e);
  }
  if (!password.empty()) env_store.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return -1;
    if (watch) watch();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The last line the tool wrote on stderr (hosts, ports and object names; pg_dump and pg_restore
// quote no row data), at most 200 bytes.
std::string LastLine(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  if (last.size() > 200) last.resize(200);
  return last;
}

class PostgresBackupBackend final : public BackupBackend {
 public:
  PostgresBackupBackend(std::string data_root, OptionsOf options_of)
      : data_root_(std::move(data_root)), options_of_(std::move(options_of)) {}
  ~PostgresBackupBackend() override {
    if (committed_ || created_.empty()) return;
    // A restore that did not complete: drop what it created.
    for (const auto& [server, db] : created_) {
      auto admin = Connection::Open(server, "postgres");
      if (admin.ok()) (void)(*admin)->ExecScript("DROP DATABASE IF EXISTS " + QuoteIdent(db));
    }
  }

  std::string_view name() const override { return "postgres"; }

  core::Result<std::vector<DatabaseRef>> Databases(
      const std::vector<std::string>& tenant_ids) override {
    std::vector<DatabaseRef> out = {{std::string(kPlatformEntry), ""}};
    for (const auto& id : tenant_ids) {
      out.push_back({std::string(kTenantPrefix) + id + std::string(kDumpSuffix), id});
    }
    return out;
  }

  core::Result<uint64_t> EstimateImageBytes(const DatabaseRef& db) override {
    YS_RETURN_IF_ERROR(Load());
    YS_ASSIGN_OR_RETURN(auto conn, Connection::Open(ServerOf(db.tenant_id), DbName(db)));
    YS_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT pg_database_size(current_database())"));
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    // A custom-format dump is compressed: about a fifth of the database on disk.
    return row ? static_cast<uint64_t>(st.Int(0)) / 5 : 0;
  }

  core::Status TakeImage(const DatabaseRef& db, const std::string& image_path,
                         const StepProgress& progress) override {
    YS_RETURN_IF_ERROR(Load());
    const auto server = ServerOf(db.tenant_id);
    YS_ASSIGN_OR_RETURN(std::string conninfo, ConnectionString(server.url, DbName(db)));
    const std::string err = image_path + ".err";
    const int status = Run({Tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                            "--file=" + image_path, "--dbname=" + conninfo},
                           server.password, err, [&] {
                             std::error_code ec;
                             const auto size = fs::file_size(image_path, ec);
                             if (!ec && progress) progress(size);
                           });
    const std::string why = LastLine(err);
    std::error_code ec;
    fs::remove(err, ec);
    if (status != 0) {
      return core::Error::Unavailable("pg_dump of " + DescribeDb(db) + " failed" +
                                      (why.empty() ? "" : ": " + why));
    }
    return core::Ok();
  }

  bool IsLiveDatabaseFile(std::string_view) const override {
    return false;  // the databases live in PostgreSQL, not in the data folder
  }

  core::Status RestoreImage(const std::string& entry, const std::string& image_path,
                            const std::string& staging_root) override {
    if (data_root_ != staging_root) {
      data_root_ = staging_root;
      loaded_ = false;
    }
    YS_RETURN_IF_ERROR(Load());
    DatabaseRef db{entry, ""};
    if (entry != kPlatformEntry) {
      const std::string_view e(entry);
      if (!e.starts_with(kTenantPrefix) || !e.ends_with(kDumpSuffix)) {
        return core::Error::InvalidArgument("entry", "is not a PostgreSQL image of a backup",
                                            core::codes::kUnknownImage);
      }
      db.tenant_id = std::string(
          e.substr(kTenantPrefix.size(), e.size() - kTenantPrefix.size() - kDumpSuffix.size()));
      YS_RETURN_IF_ERROR(domain::ValidateTenantId(db.tenant_id, "entry"));
    }
    const auto server = ServerOf(db.tenant_id);
    const std::string dbname = DbName(db);
    {
      YS_ASSIGN_OR_RETURN(auto admin, Connection::Open(server, "postgres"));
      auto made = CreateDatabase(*admin, dbname);
      if (!made.ok()) {
        if (made.error().errc == core::Errc::kConflict) {
          return core::Error::Conflict(
              "database " + dbname + " exists: restore goes into dropped databases only",
              core::codes::kDatabaseExists);
        }
        return made;
      }
      created_.emplace_back(server, dbname);
    }
    YS_ASSIGN_OR_RETURN(std::string conninfo, ConnectionString(server.url, dbname));
    const std::string err = image_path + ".err";
    const int status = Run({Tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                            "--single-transaction", "--dbname=" + conninfo, image_path},
                           server.password, err, nullptr);
    const std::string why = LastLine(err);
    std::error_code ec;
    fs::remove(err, ec);
    fs::remove(image_path, ec);
    if (status != 0) {
      return core::Error::Unavailable("pg_restore of " + DescribeDb(db) + " failed" +
                                      (why.empty() ? "" : ": " + why));
    }
    return core::Ok();
  }

  void Commit() override { committed_ = true; }

 private:
  core::Status Load() {
    if (loaded_) return core::Ok();
    YS_ASSIGN_OR_RETURN(options_, options_of_(data_root_));
    YS_ASSIGN_OR_RETURN(platform_db_, PlatformDatabaseName(options_.server.url));
    loaded_ = true;
    return core::Ok();
  }
  ServerParams ServerOf(const std::string& tenant_id) const {
    return TenantServer(options_, tenant_id);
  }
  std::string DbName(const DatabaseRef& db) const {
    return db.tenant_id.empty() ? platform_db_ : TenantDatabaseName(platform_db_, db.tenant_id);
  }
  static std::string DescribeDb(const DatabaseRef& db) {
    return db.tenant_id.empty() ? "the platform database" : "tenant " + db.tenant_id;
  }

  std::string data_root_;
  const OptionsOf options_of_;
  bool loaded_ = false;
  Options options_;
  std::string platform_db_;
  std::vector<std::pair<ServerParams, std::string>> created_;
  bool committed_ = false;
};

}  // namespace

std::unique_ptr<BackupBackend> MakeBackupBackend(const std::string& data_root,
                                                 OptionsOf options_of) {
  return std::make_unique<PostgresBackupBackend>(data_root, std::move(options_of));
}

}  // namespace yorisoi::storage::postgres
