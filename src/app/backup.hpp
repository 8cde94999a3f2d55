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
// The backend-specific part is BackupBackend (storage/backup.hpp), which each backend implements
// in its own folder: storage/sqlite/backup.* (the online backup API), storage/postgres/backup.*
// (pg_dump -Fc per database, pg_restore).
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
#include "storage/backup.hpp"

namespace yorisoi::app {

// The backend part (storage/backup.hpp), named here as the rest of app/ and the command line
// know it.
using storage::BackupBackend;
using storage::DatabaseRef;
using storage::StepProgress;

// The backend of that name for the data folder at data_root (live for a backup, the staging
// folder for a restore). kInvalidArgument for a backend without backup support.
core::Result<std::unique_ptr<BackupBackend>> MakeBackupBackend(std::string_view backend,
                                                               const std::string& data_root);
// storage/sqlite/backup.hpp
std::unique_ptr<BackupBackend> MakeSqliteBackupBackend(const std::string& data_root);
// storage/postgres/backup.hpp, its options read from the config.json of the folder it works on.
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
