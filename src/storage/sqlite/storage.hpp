// The embedded backend: <data>/platform.db for the tenant registry and
// <data>/tenants/<id>/tenant.db per tenant.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "domain/storage.hpp"

namespace yorisoi::storage::sqlite {

// Opens (creating and migrating when needed) the platform database under data_dir.
core::Result<std::unique_ptr<domain::Storage>> OpenStorage(const std::string& data_dir);

}  // namespace yorisoi::storage::sqlite
