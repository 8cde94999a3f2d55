// The embedded backend: <data>/platform.db for the tenant registry and
// <data>/tenants/<id>/tenant.db per tenant.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "domain/audit/audit_key.hpp"
#include "domain/storage.hpp"

namespace yorisoi::storage::sqlite {

// Opens (creating and migrating when needed) the platform database under data_dir. audit_keys
// gives each tenant's audit-chain key (required).
core::Result<std::unique_ptr<domain::Storage>> OpenStorage(
    const std::string& data_dir, std::shared_ptr<domain::AuditKeyring> audit_keys);

}  // namespace yorisoi::storage::sqlite
