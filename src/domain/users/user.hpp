// Staff accounts, units (センター) and sessions of one tenant. Their stores are in user_store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/users/role.hpp"

namespace yorisoi::domain {

struct Unit {
  std::string id;    // chosen by the ward: [a-z0-9][a-z0-9-]{0,31}
  std::string name;  // 子ども総合センター
  core::TimePoint created_at;
};

struct User {
  std::string id;     // "usr_" + random; unique across tenants
  std::string login;  // lower-case login ID
  std::string name;   // display name (staff's name: personal data, never logged)
  Role role = Role::kCaseworker;
  std::vector<std::string> unit_ids;
  std::string password_hash;  // argon2id encoded
  bool must_change_password = false;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<core::TimePoint> locked_until;
  core::TimePoint password_changed_at;
  core::TimePoint created_at;
  core::TimePoint updated_at;
  int64_t version = 1;
};

struct Session {
  std::string id;          // "ses_" + random; appears in logs and the audit trail
  std::string token_hash;  // hex SHA-256 of the secret part of the token; the token is not stored
  std::string user_id;
  std::string device_id;  // empty until devices are enrolled (mTLS)
  std::string remote_address;
  core::TimePoint created_at;
  core::TimePoint last_seen_at;
  core::TimePoint expires_at;  // absolute expiry
};

core::Status ValidateUnitId(std::string_view id, std::string_view field = "id");
core::Status ValidateLogin(std::string_view login, std::string_view field = "login");
core::Status ValidateUnit(const Unit& unit);

}  // namespace yorisoi::domain
