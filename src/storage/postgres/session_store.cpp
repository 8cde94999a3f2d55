#include "storage/postgres/stores.hpp"

namespace yorisoi::storage::postgres {

core::Status PostgresSessionStore::Create(const domain::Session& s) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "INSERT INTO sessions(id, token_hash, user_id, device_id, remote_address, created_at,"
          " last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)"));
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

core::Result<domain::Session> PostgresSessionStore::FindByTokenHash(std::string_view token_hash) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "SELECT id, token_hash, user_id, device_id, remote_address, created_at, last_seen_at,"
          " expires_at FROM sessions WHERE token_hash = $1"));
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

core::Status PostgresSessionStore::Touch(std::string_view id, core::TimePoint last_seen_at) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare("UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, core::ToUnixMillis(last_seen_at)).Bind(2, id).Exec());
  if (n == 0) return core::Error::NotFound("no such session");
  return core::Ok();
}

core::Status PostgresSessionStore::Delete(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM sessions WHERE id = $1"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, id).Exec());
  if (n == 0) return core::Error::NotFound("no such session");
  return core::Ok();
}

core::Result<int> PostgresSessionStore::DeleteForUser(std::string_view user_id,
                                                      std::string_view keep_session_id) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("DELETE FROM sessions WHERE user_id = $1 AND id <> $2"));
  return st.Bind(1, user_id).Bind(2, keep_session_id).Exec();
}

core::Result<int> PostgresSessionStore::DeleteForDevice(std::string_view device_id) {
  if (device_id.empty()) return 0;
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM sessions WHERE device_id = $1"));
  return st.Bind(1, device_id).Exec();
}

core::Result<int> PostgresSessionStore::DeleteExpired(core::TimePoint idle_cutoff,
                                                      core::TimePoint now) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("DELETE FROM sessions WHERE last_seen_at <= $1 OR expires_at <= $2"));
  return st.Bind(1, core::ToUnixMillis(idle_cutoff)).Bind(2, core::ToUnixMillis(now)).Exec();
}

}  // namespace yorisoi::storage::postgres
