// SqlUserStore (storage/shared/stores.hpp).
#pragma once

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace user_sql {

// Statement texts with static storage: the statement cache is keyed by their address.
#define YS_USER_COLUMNS                                                                         \
  "SELECT id, login, name, role, password_hash, must_change_password, disabled, failed_logins," \
  " locked_until, password_changed_at, created_at, updated_at, version FROM users "
inline constexpr const char* kUserById = YS_USER_COLUMNS "WHERE id = ?";
inline constexpr const char* kUserByLogin = YS_USER_COLUMNS "WHERE login = ?";
inline constexpr const char* kUsersByLogin = YS_USER_COLUMNS "ORDER BY login";
#undef YS_USER_COLUMNS

}  // namespace user_sql

template <typename Conn>
core::Status SqlUserStore<Conn>::LoadUnits(domain::User& user) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("SELECT unit_id FROM user_units WHERE user_id = ? ORDER BY unit_id"));
  st.Bind(1, user.id);
  YS_ASSIGN_OR_RETURN(user.unit_ids, st.Collect([](const auto& s) { return s.Text(0); }));
  return core::Ok();
}

template <typename Conn>
core::Status SqlUserStore<Conn>::Create(const domain::User& u) {
  {
    YS_ASSIGN_OR_RETURN(
        auto st,
        conn_.Prepare(
            "INSERT INTO users(id, login, name, role, password_hash, must_change_password, "
            "disabled,"
            " failed_logins, locked_until, password_changed_at, created_at, updated_at, version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    st.Bind(1, u.id)
        .Bind(2, u.login)
        .Bind(3, u.name)
        .Bind(4, domain::RoleName(u.role))
        .Bind(5, u.password_hash)
        .Bind(6, int64_t{u.must_change_password})
        .Bind(7, int64_t{u.disabled})
        .Bind(8, int64_t{u.failed_logins})
        .Bind(9, u.locked_until ? std::optional<int64_t>(core::ToUnixMillis(*u.locked_until))
                                : std::nullopt)
        .Bind(10, core::ToUnixMillis(u.password_changed_at))
        .Bind(11, core::ToUnixMillis(u.created_at))
        .Bind(12, core::ToUnixMillis(u.updated_at))
        .Bind(13, u.version);
    auto n = st.Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kConflict) {
        return core::Error::Conflict("the login is taken", core::codes::kLoginTaken);
      }
      return std::move(n).error();
    }
  }
  for (const auto& unit : u.unit_ids) {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO user_units(user_id, unit_id) VALUES (?,?)"));
    auto n = st.Bind(1, u.id).Bind(2, unit).Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kInvalidArgument) {  // foreign key: no such unit
        return core::Error::InvalidArgument("unit_ids", "names no unit of this tenant",
                                            core::codes::kUnknownUnit);
      }
      return std::move(n).error();
    }
  }
  return core::Ok();
}

template <typename Conn>
core::Result<domain::User> SqlUserStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(user_sql::kUserById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such user");
  domain::User u = ReadUser(st);
  YS_RETURN_IF_ERROR(LoadUnits(u));
  return u;
}

template <typename Conn>
core::Result<domain::User> SqlUserStore<Conn>::FindByLogin(std::string_view login) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(user_sql::kUserByLogin));
  st.Bind(1, login);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such user");
  domain::User u = ReadUser(st);
  YS_RETURN_IF_ERROR(LoadUnits(u));
  return u;
}

template <typename Conn>
core::Result<std::vector<domain::User>> SqlUserStore<Conn>::List() {
  std::vector<domain::User> out;
  {
    // Read every row (and reset the statement) before the per-user unit queries run.
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(user_sql::kUsersByLogin));
    YS_ASSIGN_OR_RETURN(out, st.Collect(ReadUser));
  }
  for (auto& u : out) YS_RETURN_IF_ERROR(LoadUnits(u));
  return out;
}

template <typename Conn>
core::Result<domain::User> SqlUserStore<Conn>::RecordLoginFailure(std::string_view id,
                                                                  int max_failures,
                                                                  core::TimePoint lock_until) {
  {
    YS_ASSIGN_OR_RETURN(
        auto st,
        conn_.Prepare(
            "UPDATE users SET"
            " locked_until = CASE WHEN failed_logins + 1 >= ?1 THEN ?2 ELSE locked_until END,"
            " failed_logins = CASE WHEN failed_logins + 1 >= ?1 THEN 0 ELSE failed_logins + 1 END"
            " WHERE id = ?3"));
    YS_ASSIGN_OR_RETURN(int n, st.Bind(1, int64_t{max_failures})
                                   .Bind(2, core::ToUnixMillis(lock_until))
                                   .Bind(3, id)
                                   .Exec());
    if (n == 0) return core::Error::NotFound("no such user");
  }
  return FindById(id);
}

template <typename Conn>
core::Status SqlUserStore<Conn>::ResetLoginFailures(std::string_view id) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, id).Exec());
  if (n == 0) return core::Error::NotFound("no such user");
  return core::Ok();
}

template <typename Conn>
core::Status SqlUserStore<Conn>::SetPassword(std::string_view id, std::string_view password_hash,
                                             bool must_change, core::TimePoint now,
                                             int64_t expected_version) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0,"
          " locked_until = NULL, password_changed_at = ?, updated_at = ?, version = version + 1"
          " WHERE id = ? AND version = ?"));
  const int64_t ms = core::ToUnixMillis(now);
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, password_hash)
                                 .Bind(2, int64_t{must_change})
                                 .Bind(3, ms)
                                 .Bind(4, ms)
                                 .Bind(5, id)
                                 .Bind(6, expected_version)
                                 .Exec());
  if (n == 0) {
    YS_RETURN_IF_ERROR(FindById(id));  // kNotFound when the user is gone
    return core::Error::Conflict("the user was changed meanwhile", core::codes::kStaleVersion);
  }
  return core::Ok();
}

}  // namespace yorisoi::storage::shared
