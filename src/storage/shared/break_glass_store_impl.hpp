// SqlBreakGlassStore: break-glass grants (migration 11; storage/shared/stores.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace break_glass_sql {

#define YS_GRANT_COLUMNS \
  "SELECT id, case_id, user_id, reason, granted_at, expires_at FROM break_glass_grants "

template <typename St>
domain::BreakGlassGrant ReadGrant(const St& st) {
  domain::BreakGlassGrant g;
  g.id = st.Text(0);
  g.case_id = st.Text(1);
  g.user_id = st.Text(2);
  g.reason = st.Text(3);
  g.granted_at = core::FromUnixMillis(st.Int(4));
  g.expires_at = core::FromUnixMillis(st.Int(5));
  return g;
}

}  // namespace break_glass_sql

template <typename Conn>
core::Status SqlBreakGlassStore<Conn>::Create(const domain::BreakGlassGrant& g) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO break_glass_grants(id, case_id, user_id,"
                                             " reason, granted_at, expires_at)"
                                             " VALUES (?,?,?,?,?,?)"));
  st.Bind(1, g.id)
      .Bind(2, g.case_id)
      .Bind(3, g.user_id)
      .Bind(4, g.reason)
      .Bind(5, core::ToUnixMillis(g.granted_at))
      .Bind(6, core::ToUnixMillis(g.expires_at));
  auto n = st.Exec();
  if (!n.ok()) return CaseGoneOnInsert(std::move(n).error());
  return core::Ok();
}

template <typename Conn>
core::Result<std::optional<domain::BreakGlassGrant>> SqlBreakGlassStore<Conn>::Active(
    std::string_view case_id, std::string_view user_id, core::TimePoint now) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare(YS_GRANT_COLUMNS "WHERE case_id = ?1 AND user_id = ?2"
                                                     " AND granted_at <= ?3 AND expires_at > ?3"
                                                     " ORDER BY expires_at DESC, id DESC LIMIT 1"));
  st.Bind(1, case_id).Bind(2, user_id).Bind(3, core::ToUnixMillis(now));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<domain::BreakGlassGrant>();
  return std::optional<domain::BreakGlassGrant>(break_glass_sql::ReadGrant(st));
}

template <typename Conn>
core::Result<std::vector<domain::BreakGlassGrant>> SqlBreakGlassStore<Conn>::ListByCase(
    std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(YS_GRANT_COLUMNS "WHERE case_id = ? ORDER BY granted_at DESC, id DESC"));
  st.Bind(1, case_id);
  return st.Collect([](const auto& s) { return break_glass_sql::ReadGrant(s); });
}

}  // namespace yorisoi::storage::shared

#undef YS_GRANT_COLUMNS
