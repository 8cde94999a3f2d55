#include "domain/users/role.hpp"

#include <gtest/gtest.h>

#include "domain/principal.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

constexpr Role kRoles[] = {Role::kCaseworker, Role::kSupervisor, Role::kAdmin, Role::kAuditor};
constexpr Action kActions[] = {
    Action::kReadOwnAccount, Action::kChangeOwnPassword, Action::kListUnits,
    Action::kManageUnits,    Action::kListUsers,         Action::kManageUsers,
    Action::kReadCodes,      Action::kManageCodes,       Action::kReadAudit,
    Action::kReadCases,      Action::kReadCaseFile,      Action::kWriteCases,
    Action::kDecidePolicy,   Action::kManageDevices,     Action::kBreakGlass};

// The product's permission table, written out by hand: one row per action, one column per role.
// Changing a permission means changing this table on purpose.
struct Row {
  Action action;
  bool caseworker, supervisor, admin, auditor;
};
// clang-format off
constexpr Row kExpected[] = {
    //                               caseworker supervisor admin  auditor
    {Action::kReadOwnAccount,        true,      true,      true,  true},
    {Action::kChangeOwnPassword,     true,      true,      true,  true},
    {Action::kListUnits,             true,      true,      true,  true},
    {Action::kManageUnits,           false,     false,     true,  false},
    {Action::kListUsers,             false,     false,     true,  true},
    {Action::kManageUsers,           false,     false,     true,  false},
    {Action::kReadCodes,             true,      true,      true,  true},
    {Action::kManageCodes,           false,     false,     true,  false},
    {Action::kReadAudit,             false,     false,     true,  true},
    {Action::kReadCases,             true,      true,      false, false},
    {Action::kReadCaseFile,          true,      true,      true,  false},
    {Action::kWriteCases,            true,      true,      false, false},
    {Action::kDecidePolicy,          false,     true,      false, false},
    {Action::kManageDevices,         false,     false,     true,  false},
    {Action::kBreakGlass,            false,     true,      true,  false},
};
// clang-format on

bool Expected(const Row& row, Role role) {
  switch (role) {
    case Role::kCaseworker:
      return row.caseworker;
    case Role::kSupervisor:
      return row.supervisor;
    case Role::kAdmin:
      return row.admin;
    case Role::kAuditor:
      return row.auditor;
  }
  return false;
}

TEST(RoleTest, TableCoversEveryAction) {
  ASSERT_EQ(std::size(kExpected), std::size(kActions));
  for (std::size_t i = 0; i < std::size(kActions); ++i) EXPECT_EQ(kExpected[i].action, kActions[i]);
  // An action appended to the enum lands here first: it must be added to both tables above.
  EXPECT_EQ(ActionName(static_cast<Action>(std::size(kActions))), "unknown");
}

TEST(RoleTest, IsAllowedMatchesTheTable) {
  for (const Row& row : kExpected) {
    for (Role role : kRoles) {
      EXPECT_EQ(IsAllowed(role, row.action), Expected(row, role))
          << RoleName(role) << " x " << ActionName(row.action);
    }
  }
}

Principal PrincipalWith(Role role, bool must_change_password) {
  Principal p;
  p.tenant_id = "shinjuku";
  p.user.id = "usr_1";
  p.user.role = role;
  p.user.must_change_password = must_change_password;
  return p;
}

TEST(AuthorizeTest, FollowsTheTable) {
  for (const Row& row : kExpected) {
    for (Role role : kRoles) {
      const auto st = Authorize(PrincipalWith(role, false), row.action);
      if (Expected(row, role)) {
        EXPECT_TRUE(IsOk(st)) << RoleName(role) << " x " << ActionName(row.action);
      } else {
        EXPECT_TRUE(IsError(st, Errc::kForbidden, "forbidden"))
            << RoleName(role) << " x " << ActionName(row.action);
      }
    }
  }
}

TEST(AuthorizeTest, MustChangePasswordAllowsOnlyOwnAccountAndPasswordChange) {
  for (Role role : kRoles) {
    const Principal p = PrincipalWith(role, true);
    for (Action action : kActions) {
      const auto st = Authorize(p, action);
      if (action == Action::kReadOwnAccount || action == Action::kChangeOwnPassword) {
        EXPECT_TRUE(IsOk(st)) << RoleName(role) << " x " << ActionName(action);
      } else {
        EXPECT_TRUE(IsError(st, Errc::kForbidden, "password_change_required"))
            << RoleName(role) << " x " << ActionName(action);
      }
    }
  }
}

TEST(RoleTest, NamesRoundTrip) {
  EXPECT_EQ(RoleName(Role::kCaseworker), "caseworker");
  EXPECT_EQ(RoleName(Role::kSupervisor), "supervisor");
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  EXPECT_EQ(RoleName(Role::kAuditor), "auditor");
  for (Role role : kRoles) {
    const auto parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(RoleTest, ActionNames) {
  EXPECT_EQ(ActionName(Action::kReadOwnAccount), "read_own_account");
  EXPECT_EQ(ActionName(Action::kChangeOwnPassword), "change_own_password");
  EXPECT_EQ(ActionName(Action::kListUnits), "list_units");
  EXPECT_EQ(ActionName(Action::kManageUnits), "manage_units");
  EXPECT_EQ(ActionName(Action::kListUsers), "list_users");
  EXPECT_EQ(ActionName(Action::kManageUsers), "manage_users");
  EXPECT_EQ(ActionName(Action::kReadCodes), "read_codes");
  EXPECT_EQ(ActionName(Action::kReadAudit), "read_audit");
  EXPECT_EQ(ActionName(Action::kReadCases), "read_cases");
  EXPECT_EQ(ActionName(Action::kReadCaseFile), "read_case_file");
  EXPECT_EQ(ActionName(Action::kWriteCases), "write_cases");
  EXPECT_EQ(ActionName(Action::kDecidePolicy), "decide_policy");
  EXPECT_EQ(ActionName(Action::kManageCodes), "manage_codes");
  EXPECT_EQ(ActionName(Action::kManageDevices), "manage_devices");
  EXPECT_EQ(ActionName(Action::kBreakGlass), "break_glass");
}

}  // namespace
}  // namespace yorisoi::domain
