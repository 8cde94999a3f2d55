// Roles and the one table of what each may do (product.md, "Who uses it"). Every authorization
// decision of the product goes through IsAllowed; handlers only name the Action.
#pragma once

#include <optional>
#include <string_view>

namespace yorisoi::domain {

enum class Role { kCaseworker, kSupervisor, kAdmin, kAuditor };

std::string_view RoleName(Role role);  // "caseworker", ...
std::optional<Role> ParseRole(std::string_view name);

enum class Action {
  kReadOwnAccount,     // GET /me
  kChangeOwnPassword,  // POST /me/password
  kListUnits,          // GET /units
  kManageUnits,        // POST /units
  kListUsers,          // GET /users, GET /users/{id}
  kManageUsers,        // POST /users, reset passwords, unlock
  kReadCodes,          // GET /codes
  kManageCodes,        // POST /codes, PATCH /codes/{list}/{code}: the ward's own entries
  kReadAudit,          // GET /audit
  kReadCases,          // GET /cases (the list and search)
  kReadCaseFile,       // GET /cases/{id} and its record lists
  kWriteCases,         // POST/PATCH cases, people, consultations, notes
  kDecidePolicy,       // POST /cases/{id}/policies (対応方針)
  kManageDevices,      // GET/POST /devices, POST /devices/{id}/revoke
  kBreakGlass,         // POST /cases/{id}/break-glass: a reasoned, timed read outside scope
};

std::string_view ActionName(Action action);
bool IsAllowed(Role role, Action action);

}  // namespace yorisoi::domain
