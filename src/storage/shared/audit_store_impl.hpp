// SqlAuditStore: the tenant's hash-chained audit log (storage/shared/stores.hpp).
#pragma once

#include <nlohmann/json.hpp>

#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace audit_sql {

inline constexpr const char* kSelectColumns =
    "SELECT seq, at, user_id, role, session_id, device_id, address, action, target_kind,"
    " target_ids, result, detail, prev_hash, hash, chain FROM audit_log";

}  // namespace audit_sql

template <typename Conn>
core::Status SqlAuditStore<Conn>::Append(domain::AuditEntry& e) {
  if (chain_key_.empty()) return core::Error::Internal("the audit store has no chain key");
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    e.seq = row ? st.Int(0) + 1 : 1;
    e.prev_hash = row ? st.Text(1) : std::string();
  }
  e.chain = domain::kAuditChainKeyed;  // nothing is written unkeyed any more
  e.hash = domain::ComputeAuditHash(e, chain_key_);
  {
    YS_ASSIGN_OR_RETURN(
        auto st,
        conn_.Prepare(
            "INSERT INTO audit_log(seq, at, user_id, role, session_id, device_id, address, action,"
            " target_kind, target_ids, result, detail, prev_hash, hash, chain)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    st.Bind(1, e.seq)
        .Bind(2, core::ToUnixMillis(e.at))
        .Bind(3, e.actor.user_id)
        .Bind(4, e.actor.role)
        .Bind(5, e.actor.session_id)
        .Bind(6, e.actor.device_id)
        .Bind(7, e.actor.address)
        .Bind(8, e.action)
        .Bind(9, e.target_kind)
        .Bind(10, nlohmann::json(e.target_ids).dump())
        .Bind(11, e.result)
        .Bind(12, e.detail)
        .Bind(13, e.prev_hash)
        .Bind(14, e.hash)
        .Bind(15, static_cast<int64_t>(e.chain));
    auto n = st.Exec();
    if (!n.ok()) return std::move(n).error();
  }
  for (const auto& id : e.target_ids) {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO audit_targets(target_id, seq) VALUES (?,?)"
                                      " ON CONFLICT DO NOTHING"));
    auto n = st.Bind(1, id).Bind(2, e.seq).Exec();
    if (!n.ok()) return std::move(n).error();
  }
  return core::Ok();
}

template <typename Conn>
core::Result<std::vector<domain::AuditEntry>> SqlAuditStore<Conn>::Query(
    const domain::AuditQuery& q) {
  // One statement text with optional filters: "CAST(?N AS type) IS NULL OR ..." keeps it
  // cacheable; the CAST tells PostgreSQL the parameter's type.
  static const std::string kSql =
      std::string(audit_sql::kSelectColumns) +
      " WHERE seq > ?1"
      " AND (CAST(?2 AS TEXT) IS NULL OR user_id = ?2)"
      " AND (CAST(?3 AS TEXT) IS NULL OR action = ?3)"
      " AND (CAST(?4 AS BIGINT) IS NULL OR at >= ?4)"
      " AND (CAST(?5 AS BIGINT) IS NULL OR at < ?5)"
      " AND (CAST(?6 AS TEXT) IS NULL"
      "      OR seq IN (SELECT seq FROM audit_targets WHERE target_id = ?6))"
      " ORDER BY seq LIMIT ?7";
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kSql.c_str()));
  st.Bind(1, q.after_seq);
  if (q.user_id)
    st.Bind(2, *q.user_id);
  else
    st.BindNull(2);
  if (q.action)
    st.Bind(3, *q.action);
  else
    st.BindNull(3);
  st.Bind(4, q.from ? std::optional<int64_t>(core::ToUnixMillis(*q.from)) : std::nullopt);
  st.Bind(5, q.to ? std::optional<int64_t>(core::ToUnixMillis(*q.to)) : std::nullopt);
  if (q.target_id)
    st.Bind(6, *q.target_id);
  else
    st.BindNull(6);
  st.Bind(7, static_cast<int64_t>(q.limit));
  return st.Collect(ReadAuditEntry);
}

template <typename Conn>
core::Result<std::optional<domain::AuditEntry>> SqlAuditStore<Conn>::Newest() {
  static const std::string kSql =
      std::string(audit_sql::kSelectColumns) + " ORDER BY seq DESC LIMIT 1";
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kSql.c_str()));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<domain::AuditEntry>();
  return std::optional<domain::AuditEntry>(ReadAuditEntry(st));
}

template <typename Conn>
core::Status SqlAuditStore<Conn>::ForEach(
    const std::function<bool(const domain::AuditEntry&)>& fn) {
  // In pages by seq: a PostgreSQL result holds the rows it returns in memory, and a log grows for
  // years.
  static const std::string kSql =
      std::string(audit_sql::kSelectColumns) + " WHERE seq > ?1 ORDER BY seq LIMIT 2000";
  int64_t after = 0;
  for (;;) {
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kSql.c_str()));
    st.Bind(1, after);
    bool any = false;
    for (;;) {
      YS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      any = true;
      const auto entry = ReadAuditEntry(st);
      after = entry.seq;
      if (!fn(entry)) return core::Ok();
    }
    if (!any) return core::Ok();
  }
}

template <typename Conn>
core::Result<std::vector<std::pair<int64_t, std::string>>> SqlAuditStore<Conn>::IndexedTargets(
    int64_t after_seq, int64_t through_seq) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT seq, target_id FROM audit_targets"
                                             " WHERE seq > ? AND seq <= ?"
                                             " ORDER BY seq, target_id"));
  st.Bind(1, after_seq).Bind(2, through_seq);
  return st.Collect([](const auto& row) { return std::pair(row.Int(0), row.Text(1)); });
}

}  // namespace yorisoi::storage::shared
