// SqlUnitStore (storage/shared/stores.hpp).
#pragma once

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {

template <typename Conn>
core::Status SqlUnitStore<Conn>::Create(const domain::Unit& unit) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO units(id, name, created_at) VALUES (?,?,?)"));
  auto n =
      st.Bind(1, unit.id).Bind(2, unit.name).Bind(3, core::ToUnixMillis(unit.created_at)).Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("a unit with this id exists", core::codes::kUnitExists);
    }
    return std::move(n).error();
  }
  return core::Ok();
}

template <typename Conn>
core::Result<domain::Unit> SqlUnitStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT id, name, created_at FROM units WHERE id = ?"));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such unit");
  return ReadUnit(st);
}

template <typename Conn>
core::Result<std::vector<domain::Unit>> SqlUnitStore<Conn>::List() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT id, name, created_at FROM units ORDER BY id"));
  return st.Collect(ReadUnit);
}

}  // namespace yorisoi::storage::shared
