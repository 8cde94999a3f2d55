// Where a tenant's units, staff accounts and sessions are kept. Implemented per backend and covered
// by the conformance suite.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/users/user.hpp"

namespace yorisoi::domain {

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
