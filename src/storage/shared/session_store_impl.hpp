// SqlSessionStore (storage/shared/stores.hpp).
#pragma once

#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {

template <typename Conn>
core::Status SqlSessionStore<Conn>::Create(const domain::Session& s) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "INSERT INTO sessions(id, token_hash, user_id, device_id, remote_address, created_at,"
          " last_seen_at, expires_at) VALUES (?,?,?,?,?,?,?,?)"));
  st.Bind(1, s.id)
      .Bind(2, s.token_hash)
      .Bind(3, s.user_id)
      .Bind(4, s.device_id)
      .Bind(5, s.remote_address)
      .Bind(6, core::ToUnixMillis(s.created_at))
      .Bind(7, core::ToUnixMillis(s.last_seen_at))
      .Bind(8, core::ToUnixMillis(s.expires_at));
  auto n = st.Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kInvalidArgument)
      return core::Error::NotFound("no such user");
    return std::move(n).error();
  }
  return core::Ok();
}

template <typename Conn>
core::Result<domain::Session> SqlSessionStore<Conn>::FindByTokenHash(std::string_view token_hash) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "SELECT id, token_hash, user_id, device_id, remote_address, created_at, last_seen_at,"
          " expires_at FROM sessions WHERE token_hash = ?"));
  st.Bind(1, token_hash);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such session");
  domain::Session s;
  s.id = st.Text(0);
  s.token_hash = st.Text(1);
  s.user_id = st.Text(2);
  s.device_id = st.Text(3);
  s.remote_address = st.Text(4);
  s.created_at = core::FromUnixMillis(st.Int(5));
  s.last_seen_at = core::FromUnixMillis(st.Int(6));
  s.expires_at = core::FromUnixMillis(st.Int(7));
  return s;
}

template <typename Conn>
core::Status SqlSessionStore<Conn>::Touch(std::string_view id, core::TimePoint last_seen_at) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare("UPDATE sessions SET last_seen_at ="
                    " CASE WHEN last_seen_at < ?1 THEN ?1 ELSE last_seen_at END WHERE id = ?2"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, core::ToUnixMillis(last_seen_at)).Bind(2, id).Exec());
  if (n == 0) return core::Error::NotFound("no such session");
  return core::Ok();
}

template <typename Conn>
core::Status SqlSessionStore<Conn>::Delete(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM sessions WHERE id = ?"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, id).Exec());
  if (n == 0) return core::Error::NotFound("no such session");
  return core::Ok();
}

template <typename Conn>
core::Result<int> SqlSessionStore<Conn>::DeleteForUser(std::string_view user_id,
                                                       std::string_view keep_session_id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM sessions WHERE user_id = ? AND id <> ?"));
  return st.Bind(1, user_id).Bind(2, keep_session_id).Exec();
}

template <typename Conn>
core::Result<int> SqlSessionStore<Conn>::DeleteForDevice(std::string_view device_id) {
  if (device_id.empty()) return 0;
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM sessions WHERE device_id = ?"));
  return st.Bind(1, device_id).Exec();
}

template <typename Conn>
core::Result<int> SqlSessionStore<Conn>::DeleteExpired(core::TimePoint idle_cutoff,
                                                       core::TimePoint now) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("DELETE FROM sessions WHERE last_seen_at <= ? OR expires_at <= ?"));
  return st.Bind(1, core::ToUnixMillis(idle_cutoff)).Bind(2, core::ToUnixMillis(now)).Exec();
}

}  // namespace yorisoi::storage::shared
