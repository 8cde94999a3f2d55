// Staff accounts, units (センター) and sessions of one tenant, with the store interfaces that the
// storage backends implement.
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

class UnitStore {
 public:
  virtual ~UnitStore() = default;
  virtual core::Status Create(const Unit& unit) = 0;  // kConflict when the id exists
  virtual core::Result<Unit> FindById(std::string_view id) = 0;
  virtual core::Result<std::vector<Unit>> List() = 0;  // ordered by id
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // kConflict (code "login_taken") when the login exists; kInvalidArgument when a unit is unknown.
  virtual core::Status Create(const User& user) = 0;
  virtual core::Result<User> FindById(std::string_view id) = 0;
  virtual core::Result<User> FindByLogin(std::string_view login) = 0;
  virtual core::Result<std::vector<User>> List() = 0;  // ordered by login
  // Counts a failed sign-in. When the count reaches max_failures the account is locked until
  // lock_until and the count starts again. Returns the updated user.
  virtual core::Result<User> RecordLoginFailure(std::string_view id, int max_failures,
                                                core::TimePoint lock_until) = 0;
  // Clears the failure count and any lock.
  virtual core::Status ResetLoginFailures(std::string_view id) = 0;
  // Replaces the password hash, clears failures and lock, bumps version. kConflict when
  // expected_version is not current.
  virtual core::Status SetPassword(std::string_view id, std::string_view password_hash,
                                   bool must_change, core::TimePoint now,
                                   int64_t expected_version) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual core::Status Create(const Session& session) = 0;
  virtual core::Result<Session> FindByTokenHash(std::string_view token_hash) = 0;
  virtual core::Status Touch(std::string_view id, core::TimePoint last_seen_at) = 0;
  virtual core::Status Delete(std::string_view id) = 0;  // kNotFound when absent
  // Ends every session of a user except `keep_session_id` (password change keeps the session it
  // was made from; reset and disable keep none). Returns how many ended.
  virtual core::Result<int> DeleteForUser(std::string_view user_id,
                                          std::string_view keep_session_id = {}) = 0;
  // Ends every session opened on a device (it was revoked). Returns how many ended.
  virtual core::Result<int> DeleteForDevice(std::string_view device_id) = 0;
  // Removes sessions idle since before idle_cutoff or past their absolute expiry.
  virtual core::Result<int> DeleteExpired(core::TimePoint idle_cutoff, core::TimePoint now) = 0;
};

}  // namespace yorisoi::domain
