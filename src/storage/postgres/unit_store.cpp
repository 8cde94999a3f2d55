#include "storage/postgres/stores.hpp"
#include "storage/rows.hpp"

namespace yorisoi::storage::postgres {
core::Status PostgresUnitStore::Create(const domain::Unit& unit) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO units(id, name, created_at) VALUES ($1,$2,$3)"));
  auto n =
      st.Bind(1, unit.id).Bind(2, unit.name).Bind(3, core::ToUnixMillis(unit.created_at)).Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("a unit with this id exists", "unit_exists");
    }
    return std::move(n).error();
  }
  return core::Ok();
}

core::Result<domain::Unit> PostgresUnitStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT id, name, created_at FROM units WHERE id = $1"));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such unit");
  return ReadUnit(st);
}

core::Result<std::vector<domain::Unit>> PostgresUnitStore::List() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT id, name, created_at FROM units ORDER BY id"));
  return st.Collect(ReadUnit);
}

}  // namespace yorisoi::storage::postgres
