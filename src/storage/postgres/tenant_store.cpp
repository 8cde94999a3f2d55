#include "storage/postgres/stores.hpp"
#include "storage/rows.hpp"

namespace yorisoi::storage::postgres {
core::Status PostgresTenantStore::Create(const domain::Tenant& tenant) {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("INSERT INTO tenants(id, name, created_at) VALUES ($1,$2,$3)"));
  auto n = st.Bind(1, tenant.id)
               .Bind(2, tenant.name)
               .Bind(3, core::ToUnixMillis(tenant.created_at))
               .Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("a tenant with this id exists", "tenant_exists");
    }
    return std::move(n).error();
  }
  return core::Ok();
}

core::Result<domain::Tenant> PostgresTenantStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("SELECT id, name, created_at FROM tenants WHERE id = $1"));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such tenant");
  return ReadTenant(st);
}

core::Result<std::vector<domain::Tenant>> PostgresTenantStore::List() {
  YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YS_ASSIGN_OR_RETURN(auto st,
                      conn->Prepare("SELECT id, name, created_at FROM tenants ORDER BY id"));
  return st.Collect(ReadTenant);
}

}  // namespace yorisoi::storage::postgres
