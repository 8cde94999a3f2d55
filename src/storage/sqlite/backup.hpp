// SQLite's part of backup and restore (storage/backup.hpp): <data>/platform.db and
// <data>/tenants/<id>/tenant.db, imaged online with SQLite's backup API.
#pragma once

#include <memory>
#include <string>

#include "storage/backup.hpp"

namespace yorisoi::storage::sqlite {

// For the data folder at data_root (live for a backup, the staging folder for a restore).
std::unique_ptr<BackupBackend> MakeBackupBackend(const std::string& data_root);

}  // namespace yorisoi::storage::sqlite
