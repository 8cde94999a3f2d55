// SqlCodeStore: a tenant's own code-list entries (migration 6; storage/shared/stores.hpp).
#pragma once

#include <string>

#include "core/date.hpp"
#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {

#define YS_NEXT_REVISION "(SELECT COALESCE(MAX(revision), 0) + 1 FROM code_entries)"

template <typename Conn>
core::Result<int64_t> SqlCodeStore<Conn>::Revision() {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT COALESCE(MAX(revision), 0) FROM code_entries"));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return int64_t{0};
  return st.Int(0);
}

template <typename Conn>
core::Result<std::vector<domain::TenantCodeEntry>> SqlCodeStore<Conn>::List() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT list, code, label, parent, grp, valid_from,"
                                             " valid_to, flags, created_by, created_at"
                                             " FROM code_entries ORDER BY seq"));
  return st.Collect(ReadCodeEntry);
}

template <typename Conn>
core::Status SqlCodeStore<Conn>::Add(const domain::TenantCodeEntry& e) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO code_entries(list, code, label, parent,"
                                             " grp, valid_from, valid_to, flags, created_by,"
                                             " created_at, revision)"
                                             " VALUES (?,?,?,?,?,?,?,?,?,?," YS_NEXT_REVISION ")"));
  st.Bind(1, e.list)
      .Bind(2, e.entry.code)
      .Bind(3, e.entry.label)
      .Bind(4, e.entry.parent)
      .Bind(5, e.entry.group);
  BindDate(st, 6, e.entry.valid_from);
  BindDate(st, 7, e.entry.valid_to);
  st.Bind(8, JoinFlags(e.entry.flags))
      .Bind(9, e.created_by)
      .Bind(10, core::ToUnixMillis(e.created_at));
  auto n = st.Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("the list has this code already", core::codes::kDuplicateCode);
    }
    return std::move(n).error();
  }
  return core::Ok();
}

template <typename Conn>
core::Status SqlCodeStore<Conn>::SetValidTo(std::string_view list, std::string_view code,
                                            std::optional<core::Date> valid_to) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("UPDATE code_entries SET valid_to = ?,"
                             " revision = " YS_NEXT_REVISION " WHERE list = ? AND code = ?"));
  BindDate(st, 1, valid_to);
  st.Bind(2, list).Bind(3, code);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) return core::Error::NotFound("no such code entry");
  return core::Ok();
}

}  // namespace yorisoi::storage::shared

#undef YS_NEXT_REVISION
