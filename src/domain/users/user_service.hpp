// Managing a tenant's units and staff accounts (ward admins, and the CLI for set-up).
// Authorization is checked by the caller through Authorize(); this service enforces the rules
// of the data itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"
#include "domain/users/user.hpp"

namespace yorisoi::domain {

struct NewUser {
  std::string login;
  std::string name;
  Role role = Role::kCaseworker;
  std::vector<std::string> unit_ids;
};

struct PasswordReset {
  User user;
  std::string temporary_password;  // shown once to the admin; the user must change it
};

class UserService {
 public:
  UserService(Storage& storage, const core::Clock& clock) : storage_(storage), clock_(clock) {}

  core::Result<Unit> CreateUnit(std::string_view tenant_id, Unit unit);
  core::Result<std::vector<Unit>> ListUnits(std::string_view tenant_id);

  // Validates every field (login, name, role/unit rules, password policy). Caseworkers and
  // supervisors need at least one unit; every unit must exist.
  core::Result<User> CreateUser(std::string_view tenant_id, NewUser user, std::string_view password,
                                bool must_change_password);
  core::Result<std::vector<User>> ListUsers(std::string_view tenant_id);
  core::Result<User> GetUser(std::string_view tenant_id, std::string_view user_id);

  // Sets a chosen password (policy-checked); set-up and demo only — admins use ResetPassword.
  core::Status SetPassword(std::string_view tenant_id, std::string_view user_id,
                           std::string_view password, bool must_change);

  // A random one-time password (24 characters) for new accounts and resets.
  static std::string NewTemporaryPassword();

  // Sets a random temporary password, clears the lockout and ends the user's sessions.
  core::Result<PasswordReset> ResetPassword(std::string_view tenant_id, std::string_view user_id);

 private:
  Storage& storage_;
  const core::Clock& clock_;
};

}  // namespace yorisoi::domain
