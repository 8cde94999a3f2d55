// SqlTenantStore: the platform database's tenant registry (storage/shared/stores.hpp).
#pragma once

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {

template <typename Pool>
core::Status SqlTenantStore<Pool>::Create(const domain::Tenant& tenant) {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("INSERT INTO tenants(id, name, created_at) VALUES (?,?,?)"));
  auto n = st.Bind(1, tenant.id)
               .Bind(2, tenant.name)
               .Bind(3, core::ToUnixMillis(tenant.created_at))
               .Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("a tenant with this id exists", core::codes::kTenantExists);
    }
    return std::move(n).error();
  }
  return core::Ok();
}

template <typename Pool>
core::Result<domain::Tenant> SqlTenantStore<Pool>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("SELECT id, name, created_at FROM tenants WHERE id = ?"));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such tenant");
  return ReadTenant(st);
}

template <typename Pool>
core::Result<std::vector<domain::Tenant>> SqlTenantStore<Pool>::List() {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("SELECT id, name, created_at FROM tenants ORDER BY id"));
  return st.Collect(ReadTenant);
}

}  // namespace yorisoi::storage::shared
