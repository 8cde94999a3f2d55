#include "domain/users/role.hpp"

namespace yorisoi::domain {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCaseworker:
      return "caseworker";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAdmin:
      return "admin";
    case Role::kAuditor:
      return "auditor";
  }
  return "caseworker";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kCaseworker, Role::kSupervisor, Role::kAdmin, Role::kAuditor}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kReadOwnAccount:
      return "read_own_account";
    case Action::kChangeOwnPassword:
      return "change_own_password";
    case Action::kListUnits:
      return "list_units";
    case Action::kManageUnits:
      return "manage_units";
    case Action::kListUsers:
      return "list_users";
    case Action::kManageUsers:
      return "manage_users";
    case Action::kReadCodes:
      return "read_codes";
    case Action::kManageCodes:
      return "manage_codes";
    case Action::kReadAudit:
      return "read_audit";
    case Action::kReadCases:
      return "read_cases";
    case Action::kReadCaseFile:
      return "read_case_file";
    case Action::kWriteCases:
      return "write_cases";
    case Action::kDecidePolicy:
      return "decide_policy";
    case Action::kManageDevices:
      return "manage_devices";
    case Action::kBreakGlass:
      return "break_glass";
  }
  return "unknown";
}

bool IsAllowed(Role role, Action action) {
  // Read the table by column: what each role may do.
  const bool caseworker = role == Role::kCaseworker;
  const bool supervisor = role == Role::kSupervisor;
  const bool admin = role == Role::kAdmin;
  const bool auditor = role == Role::kAuditor;
  switch (action) {
    case Action::kReadOwnAccount:
    case Action::kChangeOwnPassword:
      return true;
    case Action::kListUnits:
      return caseworker || supervisor || admin || auditor;
    case Action::kManageUnits:
      return admin;
    case Action::kListUsers:
      // Auditors need the staff list to read the audit log; case staff do not need it yet.
      return admin || auditor;
    case Action::kManageUsers:
      return admin;
    case Action::kReadCodes:
      return true;
    case Action::kManageCodes:
      // A ward's own code entries are set-up, like units.
      return admin;
    case Action::kReadAudit:
      // The log names who touched which records: for auditors and the ward's admins only.
      return admin || auditor;
    case Action::kReadCases:
    case Action::kWriteCases:
      // Case files are for the staff who handle them (the service narrows to unit and
      // assignment); admins and auditors never read case contents.
      return caseworker || supervisor;
    case Action::kReadCaseFile:
      // One case file: its staff (the service narrows to unit and assignment), and admins only
      // under a break-glass grant (to an admin without one every case is 404).
      return caseworker || supervisor || admin;
    case Action::kDecidePolicy:
      // 対応方針 is decided by a supervisor.
      return supervisor;
    case Action::kManageDevices:
      // Enrolling and revoking tablets is ward IT's (every user may report their own lost).
      return admin;
    case Action::kBreakGlass:
      // Opening a case outside one's scope, with a reason, for a limited time (product.md).
      return supervisor || admin;
  }
  return false;
}

}  // namespace yorisoi::domain
