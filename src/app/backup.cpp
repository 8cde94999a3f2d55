#include "app/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "app/config.hpp"
#include "app/installation.hpp"
#include "app/postgres_options.hpp"
#include "core/clock.hpp"
#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "domain/audit/audit.hpp"
#include "domain/users/user_service.hpp"
#include "storage/postgres/backup.hpp"
#include "storage/sqlite/backup.hpp"

namespace yorisoi::app {
namespace fs = std::filesystem;

namespace {

constexpr const char* kProgram = "yorisoi 0.1.0";
// The backup's private work folder inside the data folder (plaintext images live there for a
// moment); never carried into a backup.
constexpr std::string_view kWorkPrefix = ".backup-work-";

std::string Suffix() { return crypto::HexEncode(crypto::RandomBytes(6)); }

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

core::Status FsyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return core::Error::Unavailable(Errno("cannot open a folder to sync it"));
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return core::Error::Unavailable(Errno("cannot sync a folder"));
  return core::Ok();
}

// Closes a file descriptor at scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  int Close() {
    const int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Removes a path (recursively) at scope exit unless released.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(fs::path path) : path_(std::move(path)) {}
  ~RemoveOnExit() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  void Release() { path_.clear(); }

 private:
  fs::path path_;
};

core::Result<std::size_t> ReadSome(int fd, char* buf, std::size_t n) {
  for (;;) {
    const ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) return core::Error::Unavailable(Errno("cannot read a file"));
  }
}

core::Status WriteAll(int fd, std::string_view bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return core::Error::Unavailable(Errno("cannot write a restored file"));
    off += static_cast<std::size_t>(n);
  }
  return core::Ok();
}

// A folder and the ones above it up to (not including) root, each 0700; remembers what it made.
core::Status MakeFolders(const fs::path& root, const fs::path& folder, std::set<fs::path>& made) {
  fs::path at = root;
  for (const auto& part : folder.lexically_relative(root)) {
    if (part == ".") continue;
    at /= part;
    if (::mkdir(at.c_str(), 0700) == 0) {
      made.insert(at);
    } else if (errno != EEXIST) {
      return core::Error::Unavailable(Errno("cannot create a folder"));
    }
  }
  return core::Ok();
}

// A regular file of the data folder to carry.
struct DataFile {
  std::string rel;
  uint64_t size = 0;
};

// Every regular file of the data folder but the live database files, temporary files (*.tmp,
// written and renamed by WritePrivateFile) and backup work folders; sorted by path. A symbolic
// link or a special file fails the backup (it would not come back as it was).
core::Result<std::vector<DataFile>> ListDataFiles(const fs::path& root,
                                                  const BackupBackend& backend) {
  std::vector<DataFile> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec);
  if (ec) return core::Error::Unavailable("cannot read the data folder");
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return core::Error::Unavailable("cannot read the data folder (it changed meanwhile)");
    const fs::path& p = it->path();
    const std::string rel = p.lexically_relative(root).generic_string();
    if (it.depth() == 0 && rel.rfind(kWorkPrefix, 0) == 0) {
      it.disable_recursion_pending();
      continue;
    }
    const auto st = it->symlink_status(ec);
    if (ec) continue;  // gone meanwhile
    if (fs::is_directory(st)) continue;
    if (fs::is_symlink(st) || !fs::is_regular_file(st)) {
      return core::Error::InvalidArgument(
          "", "the data folder holds " + rel + ", which is not a regular file or folder",
          core::codes::kUnsupportedFile);
    }
    if (backend.IsLiveDatabaseFile(rel)) continue;
    if (rel.size() >= 4 && rel.compare(rel.size() - 4, 4, ".tmp") == 0) continue;
    if (!ValidEntryPath(rel)) {
      return core::Error::InvalidArgument("",
                                          "the data folder holds a file whose name cannot be "
                                          "carried (control characters or a backslash)",
                                          core::codes::kUnsupportedFile);
    }
    const auto size = it->file_size(ec);
    files.push_back({rel, ec ? 0 : static_cast<uint64_t>(size)});
  }
  std::sort(files.begin(), files.end(),
            [](const DataFile& a, const DataFile& b) { return a.rel < b.rel; });
  return files;
}

// Streams one file into the backup. *vanished when it disappeared since it was listed.
core::Status AddFile(BackupWriter& writer, const fs::path& path, const std::string& entry,
                     EntryKind kind, const std::function<void(uint64_t)>& progress,
                     bool* vanished = nullptr) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT && vanished != nullptr) {
      *vanished = true;
      return core::Ok();
    }
    return core::Error::Unavailable(Errno(("cannot read " + entry).c_str()));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::Error::Unavailable("cannot read " + entry + " as a regular file");
  }
  BackupEntry e;
  e.path = entry;
  e.kind = kind;
  e.mode = kind == EntryKind::kDatabase ? 0600 : static_cast<uint32_t>(st.st_mode & 0777);
  e.size = static_cast<uint64_t>(st.st_size);
  const int raw = fd.get();
  return writer.Add(
      e, [raw](char* buf, std::size_t n) { return ReadSome(raw, buf, n); }, progress);
}

core::Error OutExists() {
  return core::Error::Conflict("--out names a file that exists already (never overwritten)",
                               core::codes::kFileExists);
}

// Renames from to to unless to exists (atomically where the file system can).
core::Status RenameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return core::Ok();
  }
  if (errno == EEXIST) {
    return OutExists();
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return core::Error::Unavailable(Errno("cannot move the backup into place"));
  }
  // A file system without RENAME_NOREPLACE: link() refuses an existing name just as well.
  if (::link(from.c_str(), to.c_str()) == 0) {
    ::unlink(from.c_str());
    return core::Ok();
  }
  if (errno == EEXIST) {
    return OutExists();
  }
  // Nor hard links (e.g. FAT on a USB stick): check, then rename.
  std::error_code ec;
  if (fs::exists(to, ec)) {
    return OutExists();
  }
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return core::Error::Unavailable(Errno("cannot move the backup into place"));
  }
  return core::Ok();
}

domain::AuditEntry BackupAudit(const std::string& action, const std::string& backup_id,
                               std::string result, std::string detail) {
  return domain::MakeAuditEntry(domain::UserService::CliActor(), core::SystemClock().Now(), action,
                                "backup", {backup_id}, std::move(result), std::move(detail));
}

core::Status AppendToEveryTenant(domain::Storage& storage, const std::vector<std::string>& tenants,
                                 const domain::AuditEntry& entry) {
  for (const auto& t : tenants) {
    YS_ASSIGN_OR_RETURN(auto db, storage.OpenTenant(t));
    YS_RETURN_IF_ERROR(domain::AppendAuditEntry(*db, entry));
  }
  return core::Ok();
}

// The target of a restore with any trailing '/' removed.
fs::path CleanTarget(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.has_relative_path() && p.filename().empty()) p = p.parent_path();
  return p;
}

}  // namespace

core::Status CheckBackupKey(std::string_view key) {
  std::size_t chars = 0;
  for (char c : key) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;  // UTF-8 lead bytes
  }
  if (chars < kMinBackupKeyChars) {
    return core::Error::InvalidArgument(
        "",
        "the backup key (first line of standard input) must be at least 20 characters; "
        "make one with: openssl rand -base64 32",
        core::codes::kWeakBackupKey);
  }
  return core::Ok();
}

std::unique_ptr<BackupBackend> MakeSqliteBackupBackend(const std::string& data_root) {
  return storage::sqlite::MakeBackupBackend(data_root);
}

std::unique_ptr<BackupBackend> MakePostgresBackupBackend(const std::string& data_root) {
  return storage::postgres::MakeBackupBackend(
      data_root, [](const std::string& root) -> core::Result<storage::postgres::Options> {
        const DataDir dir(root);
        YS_ASSIGN_OR_RETURN(Config config, dir.LoadConfig());
        if (config.backend != "postgres") {
          return core::Error::InvalidArgument("backend", "the data folder is not on PostgreSQL",
                                              core::codes::kBackendMismatch);
        }
        return PostgresOptionsOf(config);
      });
}

core::Result<std::unique_ptr<BackupBackend>> MakeBackupBackend(std::string_view backend,
                                                               const std::string& data_root) {
  if (backend == "sqlite") return MakeSqliteBackupBackend(data_root);
  if (backend == "postgres") return MakePostgresBackupBackend(data_root);
  return core::Error::InvalidArgument(
      "", "backup and restore of the " + std::string(backend) + " backend are not supported",
      core::codes::kBackupUnsupported);
}

core::Result<BackupReport> CreateBackup(const BackupOptions& options) {
  YS_RETURN_IF_ERROR(CheckBackupKey(options.key));
  if (options.out.empty())
    return core::Error::InvalidArgument("--out", "is required", core::codes::kRequired);
  const fs::path out(options.out);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(out, ec))) {
    return OutExists();
  }
  const fs::path out_dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!fs::is_directory(out_dir, ec)) {
    return core::Error::NotFound("the folder of --out does not exist");
  }
  const DataDir dir(options.data_dir);
  if (!dir.Initialised()) {
    return core::Error::NotFound("the data folder is not initialised (nothing to back up)");
  }
  const fs::path root(dir.root());
  {
    // Not inside the data folder: the backup would read itself.
    const fs::path data_abs = fs::weakly_canonical(root, ec);
    const fs::path out_abs = fs::weakly_canonical(fs::absolute(out_dir, ec), ec);
    const auto rel = out_abs.lexically_relative(data_abs);
    if (!ec && !rel.empty() && *rel.begin() != "..") {
      return core::Error::InvalidArgument("--out", "must be outside the data folder",
                                          core::codes::kOutInsideData);
    }
  }
  YS_ASSIGN_OR_RETURN(const Config config, dir.LoadConfig());
  YS_ASSIGN_OR_RETURN(auto backend, MakeBackupBackend(config.backend, dir.root()));
  YS_ASSIGN_OR_RETURN(auto inst, Installation::Open(dir.root()));
  std::vector<std::string> tenants;
  {
    YS_ASSIGN_OR_RETURN(const auto list, inst->storage().tenants().List());
    for (const auto& t : list) tenants.push_back(t.id);
    std::sort(tenants.begin(), tenants.end());
  }
  YS_ASSIGN_OR_RETURN(const auto databases, backend->Databases(tenants));

  // The progress total: every image is written once and read once, every file read once.
  uint64_t total = 0;
  for (const auto& db : databases) {
    YS_ASSIGN_OR_RETURN(const uint64_t estimate, backend->EstimateImageBytes(db));
    total += 2 * estimate;
  }
  {
    YS_ASSIGN_OR_RETURN(const auto files, ListDataFiles(root, *backend));
    for (const auto& f : files) total += f.size;
  }
  uint64_t done = 0;
  const auto advance = [&](uint64_t n) {
    done += n;
    if (options.progress) options.progress(done, total);
  };
  if (options.progress) options.progress(0, total);

  // The output: a private temporary file beside it, renamed into place once complete and synced.
  const std::string suffix = Suffix();
  const fs::path tmp = out_dir / ("." + out.filename().string() + ".tmp-" + suffix);
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) return core::Error::Unavailable(Errno("cannot create the backup file"));
  RemoveOnExit remove_tmp(tmp);
  ::fchmod(fd.get(), 0600);
  const fs::path work = root / (std::string(kWorkPrefix) + suffix);
  if (::mkdir(work.c_str(), 0700) != 0) {
    return core::Error::Unavailable(Errno("cannot create the backup's work folder"));
  }
  RemoveOnExit remove_work(work);

  BackupHeader header;
  header.backup_id = crypto::NewId("bak");
  header.created_at = core::FormatIso8601Utc(core::SystemClock().Now());
  header.backend = std::string(backend->name());
  header.program = kProgram;
  header.kdf = options.kdf;
  YS_ASSIGN_OR_RETURN(auto writer, BackupWriter::Start(fd.get(), header, options.key));

  // A backup reads every tenant's personal data: each tenant's log says so, inside the backup.
  YS_RETURN_IF_ERROR(AppendToEveryTenant(
      inst->storage(), tenants, BackupAudit("backup.create", header.backup_id, "ok", "started")));

  BackupReport report;
  report.backup_id = header.backup_id;
  const auto run = [&]() -> core::Status {
    int n = 0;
    for (const auto& db : databases) {
      const fs::path image = work / ("image-" + std::to_string(++n));
      uint64_t imaged = 0;
      YS_RETURN_IF_ERROR(backend->TakeImage(db, image.string(), [&](uint64_t bytes) {
        if (bytes > imaged) advance(bytes - imaged);
        imaged = std::max(imaged, bytes);
      }));
      YS_RETURN_IF_ERROR(AddFile(*writer, image, db.entry, EntryKind::kDatabase, advance));
      ++report.databases;
      fs::remove(image, ec);
    }
    // The files after the images (see backup.hpp), listed afresh.
    YS_ASSIGN_OR_RETURN(const auto files, ListDataFiles(root, *backend));
    for (const auto& f : files) {
      bool vanished = false;
      YS_RETURN_IF_ERROR(
          AddFile(*writer, root / f.rel, f.rel, EntryKind::kFile, advance, &vanished));
      if (!vanished) ++report.files;
    }
    YS_ASSIGN_OR_RETURN(const auto entries, writer->Finish());
    for (const auto& e : entries) report.content_bytes += e.size;
    report.archive_bytes = writer->bytes_written();
    if (::fsync(fd.get()) != 0) return core::Error::Unavailable(Errno("cannot sync the backup"));
    if (fd.Close() != 0) return core::Error::Unavailable(Errno("cannot close the backup"));
    YS_RETURN_IF_ERROR(RenameNoReplace(tmp, out));
    remove_tmp.Release();
    return FsyncDir(out_dir);
  };
  const core::Status made = run();
  if (!made.ok()) {
    // Best effort: the log says the backup did not come about.
    (void)AppendToEveryTenant(
        inst->storage(), tenants,
        BackupAudit("backup.create", header.backup_id, "failed", made.error().code));
    return made.error();
  }
  return report;
}

core::Result<RestoreReport> RestoreBackup(const RestoreOptions& options) {
  YS_RETURN_IF_ERROR(CheckBackupKey(options.key));
  if (options.in.empty())
    return core::Error::InvalidArgument("--in", "is required", core::codes::kRequired);
  const fs::path target = CleanTarget(options.data_dir);
  if (target.empty())
    return core::Error::InvalidArgument("--data", "is required", core::codes::kRequired);
  const auto not_empty = [] {
    return core::Error::Conflict(
        "the data folder is not empty: restore goes into an absent or empty folder (move the "
        "old one away first)",
        core::codes::kDataFolderNotEmpty);
  };
  std::error_code ec;
  const auto target_status = fs::symlink_status(target, ec);
  if (fs::exists(target_status)) {
    if (!fs::is_directory(target_status) || !fs::is_empty(target, ec) || ec) return not_empty();
  }
  Fd in(::open(options.in.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return core::Error::NotFound("cannot read --in (" + Errno("open") + ")");
  struct stat in_st {};
  if (::fstat(in.get(), &in_st) != 0 || !S_ISREG(in_st.st_mode)) {
    return core::Error::InvalidArgument("--in", "is not a regular file", core::codes::kNotABackup);
  }
  const auto total = static_cast<uint64_t>(in_st.st_size);
  // Fail fast on a file that is not a backup, before any folder is made.
  YS_RETURN_IF_ERROR(ReadBackupHeader(in.get()));
  if (::lseek(in.get(), 0, SEEK_SET) != 0) {
    return core::Error::Unavailable(Errno("cannot read --in"));
  }

  // Staging beside the target (the same file system, so the final rename is atomic), and a work
  // folder for the database images.
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) return core::Error::Unavailable("cannot create the folder above --data");
  const std::string suffix = Suffix();
  const std::string base = "." + target.filename().string() + ".restore-" + suffix;
  const fs::path staging = parent / base;
  const fs::path work = parent / (base + "-images");
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return core::Error::Unavailable(Errno("cannot create the staging folder"));
  }
  RemoveOnExit remove_staging(staging);
  if (::mkdir(work.c_str(), 0700) != 0) {
    return core::Error::Unavailable(Errno("cannot create the staging folder"));
  }
  RemoveOnExit remove_work(work);

  std::set<fs::path> folders = {staging};
  std::map<std::string, fs::path> images;  // database entry → its staged image
  Fd out;
  BackupVisitor visitor;
  visitor.begin = [&](const BackupEntry& e) -> core::Status {
    fs::path path;
    if (e.kind == EntryKind::kDatabase) {
      if (images.count(e.path) > 0) {
        return core::Error::InvalidArgument("", "the backup holds a database twice",
                                            core::codes::kBackupDamaged);
      }
      path = work / ("image-" + std::to_string(images.size() + 1));
      images[e.path] = path;
    } else {
      path = staging / e.path;
      YS_RETURN_IF_ERROR(MakeFolders(staging, path.parent_path(), folders));
    }
    out.Reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (out.get() < 0) {
      if (errno == EEXIST) {
        return core::Error::InvalidArgument("", "the backup holds a file twice",
                                            core::codes::kBackupDamaged);
      }
      return core::Error::Unavailable(Errno("cannot write a restored file"));
    }
    return core::Ok();
  };
  visitor.data = [&](std::string_view piece) { return WriteAll(out.get(), piece); };
  visitor.end = [&](const BackupEntry& e) -> core::Status {
    if (::fchmod(out.get(), e.kind == EntryKind::kDatabase ? 0600 : e.mode) != 0 ||
        ::fsync(out.get()) != 0 || out.Close() != 0) {
      return core::Error::Unavailable(Errno("cannot write a restored file"));
    }
    return core::Ok();
  };
  YS_ASSIGN_OR_RETURN(const BackupContents contents,
                      ReadBackup(in.get(), options.key, visitor, [&](uint64_t read) {
                        if (options.progress) options.progress(read, total);
                      }));
  out.Close();

  // Everything verified. The installation must be whole: its config, naming the same backend.
  RestoreReport report;
  report.header = contents.header;
  bool has_config = false;
  for (const auto& e : contents.entries) {
    report.content_bytes += e.size;
    if (e.kind == EntryKind::kDatabase) {
      ++report.databases;
    } else {
      ++report.files;
      has_config = has_config || e.path == "config.json";
    }
  }
  if (!has_config) {
    return core::Error::InvalidArgument("", "the backup holds no config.json",
                                        core::codes::kBackupIncomplete);
  }
  YS_ASSIGN_OR_RETURN(const Config config, DataDir(staging.string()).LoadConfig());
  if (config.backend != contents.header.backend) {
    return core::Error::InvalidArgument(
        "", "the backup's config.json names another backend than its header",
        core::codes::kBackupDamaged);
  }
  YS_ASSIGN_OR_RETURN(auto backend, MakeBackupBackend(contents.header.backend, staging.string()));
  for (const auto& e : contents.entries) {
    if (e.kind != EntryKind::kDatabase) continue;
    YS_RETURN_IF_ERROR(backend->RestoreImage(e.path, images.at(e.path).string(), staging.string()));
  }
  // Durable before it appears: every folder made (the files were synced as they were written).
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) YS_RETURN_IF_ERROR(FsyncDir(*it));
  // rename() replaces an empty folder and refuses one that is not (someone wrote meanwhile).
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    if (errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR) return not_empty();
    return core::Error::Unavailable(Errno("cannot move the restored folder into place"));
  }
  remove_staging.Release();
  backend->Commit();
  YS_RETURN_IF_ERROR(FsyncDir(parent));

  // Each tenant's log records that its data came back from this backup.
  YS_ASSIGN_OR_RETURN(auto inst, Installation::Open(target.string()));
  YS_ASSIGN_OR_RETURN(const auto tenants, inst->storage().tenants().List());
  std::vector<std::string> ids;
  for (const auto& t : tenants) ids.push_back(t.id);
  const core::Status audited = AppendToEveryTenant(
      inst->storage(), ids, BackupAudit("backup.restore", contents.header.backup_id, "ok", ""));
  if (!audited.ok()) {
    return core::Error::Unavailable(
        "the data folder was restored, but the backup.restore audit "
        "entry could not be written: " +
        audited.error().message);
  }
  return report;
}

}  // namespace yorisoi::app
