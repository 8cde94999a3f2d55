// PostgreSQL's part of backup and restore (storage/backup.hpp): the platform database and each
// tenant's, imaged with pg_dump -Fc and put back with pg_restore.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/backup.hpp"
#include "storage/postgres/storage.hpp"

namespace yorisoi::storage::postgres {

// Where the databases of a data folder are: its configuration's PostgreSQL options (the caller
// reads config.json; an error such as "backend_mismatch" is passed on as it is).
using OptionsOf = std::function<core::Result<Options>(const std::string& data_root)>;

// For the data folder at data_root (live for a backup; for a restore, the staging folder whose
// config.json names the server), its options read through options_of when first needed.
std::unique_ptr<BackupBackend> MakeBackupBackend(const std::string& data_root,
                                                 OptionsOf options_of);

}  // namespace yorisoi::storage::postgres
