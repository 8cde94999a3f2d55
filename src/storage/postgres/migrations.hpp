// Versioned schema of the platform database and of each tenant database. Versions only grow;
// a released migration is never edited (add a new one). The PostgreSQL backend keeps the same
// version numbers.
#pragma once

#include <vector>

#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

const std::vector<Migration>& PlatformMigrations();
const std::vector<Migration>& TenantMigrations();

}  // namespace yorisoi::storage::postgres
