// Managing a tenant's units and staff accounts (ward admins, and the CLI for set-up).
// Authorization is checked by the caller through Authorize(); this service enforces the rules
// of the data itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
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

  // Every method takes the acting user first and records what it did in the audit log: writes
  // in the same transaction as the change, reads of staff records right after the read. The
  // overloads without an actor act as the command line (set-up, demo, tests).
  core::Result<Unit> CreateUnit(const AuditActor& actor, std::string_view tenant_id, Unit unit);
  core::Result<std::vector<Unit>> ListUnits(std::string_view tenant_id);  // no personal data

  // Validates every field (login, name, role/unit rules, password policy). Caseworkers and
  // supervisors need at least one unit; every unit must exist.
  core::Result<User> CreateUser(const AuditActor& actor, std::string_view tenant_id, NewUser user,
                                std::string_view password, bool must_change_password);
  core::Result<std::vector<User>> ListUsers(const AuditActor& actor, std::string_view tenant_id);
  core::Result<User> GetUser(const AuditActor& actor, std::string_view tenant_id,
                             std::string_view user_id);

  // Sets a random temporary password, clears the lockout and ends the user's sessions.
  core::Result<PasswordReset> ResetPassword(const AuditActor& actor, std::string_view tenant_id,
                                            std::string_view user_id);

  // Sets a chosen password (policy-checked); set-up and demo only — admins use ResetPassword.
  core::Status SetPassword(const AuditActor& actor, std::string_view tenant_id,
                           std::string_view user_id, std::string_view password, bool must_change);

  static AuditActor CliActor() { return AuditActor{"", "cli", "", "", "cli"}; }
  core::Result<Unit> CreateUnit(std::string_view tenant_id, Unit unit) {
    return CreateUnit(CliActor(), tenant_id, std::move(unit));
  }
  core::Result<User> CreateUser(std::string_view tenant_id, NewUser user, std::string_view password,
                                bool must_change_password) {
    return CreateUser(CliActor(), tenant_id, std::move(user), password, must_change_password);
  }
  core::Result<std::vector<User>> ListUsers(std::string_view tenant_id) {
    return ListUsers(CliActor(), tenant_id);
  }
  core::Result<User> GetUser(std::string_view tenant_id, std::string_view user_id) {
    return GetUser(CliActor(), tenant_id, user_id);
  }
  core::Result<PasswordReset> ResetPassword(std::string_view tenant_id, std::string_view user_id) {
    return ResetPassword(CliActor(), tenant_id, user_id);
  }
  core::Status SetPassword(std::string_view tenant_id, std::string_view user_id,
                           std::string_view password, bool must_change) {
    return SetPassword(CliActor(), tenant_id, user_id, password, must_change);
  }

  // A random one-time password (24 characters) for new accounts and resets.
  static std::string NewTemporaryPassword();

 private:
  // A read of personal data, recorded after the read succeeded.
  core::Status AuditRead(TenantDb& db, const AuditActor& actor, std::string action,
                         std::string target_kind, std::vector<std::string> ids);
  Storage& storage_;
  const core::Clock& clock_;
};

}  // namespace yorisoi::domain
