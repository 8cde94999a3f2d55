// The production backend: a platform database (the tenant registry, no personal data) named by
// the URL, and one database per tenant, "<platform db>_<tenant id>", on the same server or on
// the server named for that tenant in tenant_urls (tenants placed on several clusters).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "domain/audit/audit_key.hpp"
#include "domain/storage.hpp"
#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

struct Options {
  ServerParams server;
  // tenant id → URL of the cluster holding that tenant's database (same role and password).
  std::map<std::string, std::string, std::less<>> tenant_urls;
  // init: create the platform database when missing (connecting to "postgres" to do so).
  bool create_platform = false;
};

// The server holding a tenant's database: its tenant_urls entry, else the platform's.
ServerParams TenantServer(const Options& options, std::string_view tenant_id);

// Connects and migrates the platform database. kInvalidArgument naming "postgres.url" for a
// URL that cannot be used; kUnavailable when the server cannot be reached. audit_keys gives each
// tenant's audit-chain key (required).
core::Result<std::unique_ptr<domain::Storage>> OpenStorage(
    const Options& options, std::shared_ptr<domain::AuditKeyring> audit_keys);

}  // namespace yorisoi::storage::postgres
