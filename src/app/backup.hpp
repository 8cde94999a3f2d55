// `yorisoi backup` and `yorisoi restore`: the whole installation in one encrypted file
// (app/backup_format.hpp) and back.
//
// A backup holds consistent images of the databases, taken online while `serve` runs and writes,
// then every file of the data folder: config.json, keys/, tls/, each tenants/<id>/ (sealed tenant
// key, device CA, and the blob store tenants/<id>/blobs/, carried byte for byte) — all but the
// live database files, which the images stand for. Images come first, files after: a blob is
// written before the row that names it commits, so every row in an image finds its blob.
//
// Restore goes into an absent or empty data folder only ("wipe, then restore"). It decrypts into a
// staging folder beside the target, verifies every chunk, every SHA-256 and the manifest, puts the
// database images back through the backend, and only then renames the staging folder into place:
// a wrong key, a truncated or altered file leaves the target as it was.
//
// The backend-specific part is BackupBackend: SQLite here (backup_sqlite.cpp, the online backup
// API), PostgreSQL alongside (pg_dump -Fc per database, pg_restore).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/backup_format.hpp"
#include "core/result.hpp"
#include "crypto/secret_stream.hpp"

namespace yorisoi::app {

// One database of the installation, as the backup names it.
struct DatabaseRef {
  // The archive entry of its image: a relative path (ValidEntryPath) chosen by the backend, ids
  // only. SQLite: "platform.db", "tenants/<id>/tenant.db".
  std::string entry;
  std::string tenant_id;  // empty for the platform database
};

// Bytes done so far in the current step (called often; cheap).
using StepProgress = std::function<void(uint64_t done)>;

// What a storage backend contributes to backup and restore. One instance serves one backup or
// one restore, from one thread.
class BackupBackend {
 public:
  virtual ~BackupBackend() = default;

  // "sqlite", "postgres": written into the backup's header; restore uses the backend it names.
  virtual std::string_view name() const = 0;

  // --- backup (data_root is the live data folder) ---

  // The databases to image: the platform database, then one per tenant of tenant_ids (the
  // registry's list, read just before).
  virtual core::Result<std::vector<DatabaseRef>> Databases(
      const std::vector<std::string>& tenant_ids) = 0;
  // About how many bytes TakeImage will write (for the progress bar's total only).
  virtual core::Result<uint64_t> EstimateImageBytes(const DatabaseRef& db) = 0;
  // Writes one consistent image of db, online (the server keeps serving and writing), into a new
  // file at image_path (inside a private 0700 work folder; the caller streams it into the backup
  // and deletes it). progress(bytes of the image written so far).
  virtual core::Status TakeImage(const DatabaseRef& db, const std::string& image_path,
                                 const StepProgress& progress) = 0;
  // Whether a file of the data folder (path relative to it, '/'-separated) is a live database
  // file that the images stand for, and so is not copied as a file.
  virtual bool IsLiveDatabaseFile(std::string_view relative_path) const = 0;

  // --- restore (staging_root: the restored data folder, every file of the backup already in
  // place and verified, not yet renamed to the target) ---

  // Puts one verified image back: entry is a DatabaseRef::entry this backend wrote, image_path a
  // file outside staging_root that the call may move or delete. SQLite moves it to
  // staging_root/entry; PostgreSQL restores it into the database that staging_root/config.json
  // names. kInvalidArgument for an entry this backend never writes.
  virtual core::Status RestoreImage(const std::string& entry, const std::string& image_path,
                                    const std::string& staging_root) = 0;
  // Called once the restored folder is in place. Until then a backend may undo what RestoreImage
  // did when it is destroyed (PostgreSQL drops the databases it created), so that a restore that
  // fails at a later step leaves nothing behind.
  virtual void Commit() {}
};

// The backend of that name for the data folder at data_root (live for a backup, the staging
// folder for a restore). kInvalidArgument for a backend without backup support.
core::Result<std::unique_ptr<BackupBackend>> MakeBackupBackend(std::string_view backend,
                                                               const std::string& data_root);
// backup_sqlite.cpp
std::unique_ptr<BackupBackend> MakeSqliteBackupBackend(const std::string& data_root);
// backup_postgres.cpp
std::unique_ptr<BackupBackend> MakePostgresBackupBackend(const std::string& data_root);

// The backup key: read from standard input, never from the command line; at least this many
// characters (e.g. `openssl rand -base64 32`).
inline constexpr std::size_t kMinBackupKeyChars = 20;
// kInvalidArgument ("weak_backup_key") when key is shorter than kMinBackupKeyChars characters.
core::Status CheckBackupKey(std::string_view key);

// Progress of a whole backup or restore: bytes done of about total (done may pass an estimated
// total; the caller clamps).
using BackupProgress = std::function<void(uint64_t done, uint64_t total)>;

struct BackupOptions {
  std::string data_dir;
  std::string out;  // must not exist; written atomically with mode 0600
  std::string key;
  crypto::KdfCost kdf = crypto::KdfCost::Moderate();
  BackupProgress progress;
};

struct BackupReport {
  std::string backup_id;
  int databases = 0;
  int files = 0;
  uint64_t content_bytes = 0;  // images and files, before encryption
  uint64_t archive_bytes = 0;  // the backup file
};

// `yorisoi backup`. Appends "backup.create" (target: the backup id) to every tenant's audit log
// before its image is taken, so the backup holds the record of itself; when the backup then fails,
// a second entry with result "failed" follows. kConflict ("file_exists") when out exists.
core::Result<BackupReport> CreateBackup(const BackupOptions& options);

struct RestoreOptions {
  std::string data_dir;  // absent or empty
  std::string in;
  std::string key;
  BackupProgress progress;
};

struct RestoreReport {
  BackupHeader header;
  int databases = 0;
  int files = 0;
  uint64_t content_bytes = 0;
};

// `yorisoi restore`. kConflict ("data_folder_not_empty") when the target holds anything; the
// format's errors (backup_format.hpp) for a wrong key or a damaged file, the target untouched.
// After the restore, appends "backup.restore" (target: the backup id) to every tenant's audit log.
core::Result<RestoreReport> RestoreBackup(const RestoreOptions& options);

}  // namespace yorisoi::app
