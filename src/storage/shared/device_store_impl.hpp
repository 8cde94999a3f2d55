// SqlDeviceStore: enrolled devices (migration 7; storage/shared/stores.hpp).
#pragma once

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace device_sql {

#define YS_DEVICE_COLUMNS                                                                   \
  "SELECT id, name, kind, fingerprint, serial, not_after, enrolled_by, enrolled_at, state," \
  " revoked_at, revoked_by, revoke_reason, last_seen_at, last_seen_address, last_user_id,"  \
  " version FROM devices "
#define YS_NEXT_DEVICE_REVISION "(SELECT COALESCE(MAX(revision), 0) + 1 FROM devices)"

template <typename St>
core::Result<domain::Device> One(St& st) {
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such device");
  return ReadDevice(st);
}

}  // namespace device_sql

template <typename Conn>
core::Status SqlDeviceStore<Conn>::Create(const domain::Device& d) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare("INSERT INTO devices(id, name, kind, fingerprint, serial,"
                    " not_after, enrolled_by, enrolled_at, state, version,"
                    " revision) VALUES (?,?,?,?,?,?,?,?,?,1," YS_NEXT_DEVICE_REVISION ")"));
  st.Bind(1, d.id)
      .Bind(2, d.name)
      .Bind(3, d.kind)
      .Bind(4, d.fingerprint)
      .Bind(5, d.serial)
      .Bind(6, core::ToUnixMillis(d.not_after))
      .Bind(7, d.enrolled_by)
      .Bind(8, core::ToUnixMillis(d.enrolled_at))
      .Bind(9, d.state);
  auto n = st.Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("a device of this name (or certificate) is enrolled",
                                   core::codes::kDeviceNameTaken);
    }
    return std::move(n).error();
  }
  return core::Ok();
}

template <typename Conn>
core::Result<domain::Device> SqlDeviceStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(YS_DEVICE_COLUMNS "WHERE id = ?"));
  st.Bind(1, id);
  return device_sql::One(st);
}

template <typename Conn>
core::Result<domain::Device> SqlDeviceStore<Conn>::FindByName(std::string_view name) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(YS_DEVICE_COLUMNS "WHERE name = ?"));
  st.Bind(1, name);
  return device_sql::One(st);
}

template <typename Conn>
core::Result<std::vector<domain::Device>> SqlDeviceStore<Conn>::List() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(YS_DEVICE_COLUMNS "ORDER BY name"));
  return st.Collect(ReadDevice);
}

template <typename Conn>
core::Status SqlDeviceStore<Conn>::Revoke(std::string_view id, std::string_view state,
                                          core::TimePoint at, std::string_view by,
                                          std::string_view reason) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("UPDATE devices SET state = ?, revoked_at = ?,"
                                    " revoked_by = ?, revoke_reason = ?,"
                                    " version = version + 1, revision = " YS_NEXT_DEVICE_REVISION
                                    " WHERE id = ? AND state = 'active'"));
  st.Bind(1, state).Bind(2, core::ToUnixMillis(at)).Bind(3, by).Bind(4, reason).Bind(5, id);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 1) return core::Ok();
  YS_ASSIGN_OR_RETURN(auto exists, conn_.Prepare("SELECT 1 FROM devices WHERE id = ?"));
  exists.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, exists.Step());
  if (!row) return core::Error::NotFound("no such device");
  return core::Error::Conflict("the device is not active", core::codes::kNotActive);
}

template <typename Conn>
core::Status SqlDeviceStore<Conn>::Touch(std::string_view id, core::TimePoint at,
                                         std::string_view address, std::string_view user_id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("UPDATE devices SET last_seen_at = ?,"
                                             " last_seen_address = ?, last_user_id = ?"
                                             " WHERE id = ?"));
  st.Bind(1, core::ToUnixMillis(at)).Bind(2, address).Bind(3, user_id).Bind(4, id);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) return core::Error::NotFound("no such device");
  return core::Ok();
}

template <typename Conn>
core::Result<int64_t> SqlDeviceStore<Conn>::Revision() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT COALESCE(MAX(revision), 0) FROM devices"));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return int64_t{0};
  return st.Int(0);
}

}  // namespace yorisoi::storage::shared

#undef YS_DEVICE_COLUMNS
#undef YS_NEXT_DEVICE_REVISION
