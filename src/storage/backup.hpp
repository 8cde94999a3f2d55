// What a storage backend contributes to `yorisoi backup` and `yorisoi restore` (app/backup.hpp):
// consistent images of its databases, taken online, and putting them back. Each backend owns
// its own (storage/sqlite/backup.hpp: SQLite's online backup API; storage/postgres/backup.hpp:
// pg_dump -Fc and pg_restore); app/backup.cpp writes the backup file around them and never sees
// a database library.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yorisoi::storage {

// One database of the installation, as the backup names it.
struct DatabaseRef {
  // The archive entry of its image: a relative path (app/backup_format.hpp, ValidEntryPath) chosen
  // by the backend, ids only. SQLite: "platform.db", "tenants/<id>/tenant.db".
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

}  // namespace yorisoi::storage
