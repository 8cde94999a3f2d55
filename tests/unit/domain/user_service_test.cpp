// UserService over the real SQLite storage.
#include "domain/users/user_service.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/password.hpp"
#include "domain/service_fixture.hpp"
#include "domain/users/password_policy.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

class UserServiceTest : public ServiceTest {
 protected:
  static NewUser Caseworker(const std::string& login) {
    NewUser u;
    u.login = login;
    u.name = "佐藤 花子";
    u.role = Role::kCaseworker;
    u.unit_ids = {kUnit};
    return u;
  }
};

TEST_F(UserServiceTest, CreateUnitAndListOrderedById) {
  auto b = users_->CreateUnit(kTenant, Unit{"b-center", "北部センター", {}});
  ASSERT_TRUE(IsOk(b));
  EXPECT_EQ(b->created_at, clock_.Now());
  ASSERT_TRUE(IsOk(users_->CreateUnit(kTenant, Unit{"a-center", "南部センター", {}})));
  auto list = users_->ListUnits(kTenant);
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, "a-center");
  EXPECT_EQ((*list)[1].id, "b-center");
  EXPECT_EQ((*list)[1].name, "北部センター");
  EXPECT_EQ((*list)[2].id, kUnit);
}

TEST_F(UserServiceTest, CreateUnitRefusesBadAndDuplicateIds) {
  auto bad = users_->CreateUnit(kTenant, Unit{"Bad Id", "x", {}});
  ASSERT_TRUE(IsError(bad, Errc::kInvalidArgument, "invalid_unit_id"));
  EXPECT_EQ(bad.error().field, "id");
  auto no_name = users_->CreateUnit(kTenant, Unit{"ok-id", "", {}});
  ASSERT_TRUE(IsError(no_name, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(no_name.error().field, "name");
  EXPECT_TRUE(IsError(users_->CreateUnit(kTenant, Unit{kUnit, "again", {}}), Errc::kConflict));
  EXPECT_TRUE(IsError(users_->CreateUnit("nowhere", Unit{"x", "x", {}}), Errc::kNotFound));
  EXPECT_TRUE(IsError(users_->ListUnits("nowhere"), Errc::kNotFound));
}

TEST_F(UserServiceTest, CreateUserStoresEveryField) {
  clock_.Advance(std::chrono::minutes(3));
  auto created = users_->CreateUser(kTenant, Caseworker("sato"), kPassword, true);
  ASSERT_TRUE(IsOk(created));
  EXPECT_EQ(created->id.rfind("usr_", 0), 0u);
  EXPECT_EQ(created->version, 1);
  EXPECT_TRUE(created->must_change_password);
  EXPECT_TRUE(crypto::VerifyPassword(created->password_hash, kPassword));

  auto got = users_->GetUser(kTenant, created->id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->login, "sato");
  EXPECT_EQ(got->name, "佐藤 花子");
  EXPECT_EQ(got->role, Role::kCaseworker);
  EXPECT_EQ(got->unit_ids, std::vector<std::string>{kUnit});
  EXPECT_TRUE(got->must_change_password);
  EXPECT_FALSE(got->disabled);
  EXPECT_EQ(got->failed_logins, 0);
  EXPECT_FALSE(got->locked_until.has_value());
  EXPECT_EQ(got->created_at, clock_.Now());
  EXPECT_EQ(got->updated_at, clock_.Now());
  EXPECT_EQ(got->password_changed_at, clock_.Now());
  EXPECT_EQ(got->password_hash, created->password_hash);
}

TEST_F(UserServiceTest, CreateUserValidatesFields) {
  NewUser bad_login = Caseworker("Sato!");
  auto r1 = users_->CreateUser(kTenant, bad_login, kPassword, false);
  ASSERT_TRUE(IsError(r1, Errc::kInvalidArgument, "invalid_login"));
  EXPECT_EQ(r1.error().field, "login");

  NewUser no_name = Caseworker("sato");
  no_name.name = "";
  auto r2 = users_->CreateUser(kTenant, no_name, kPassword, false);
  ASSERT_TRUE(IsError(r2, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(r2.error().field, "name");

  NewUser no_unit = Caseworker("sato");
  no_unit.unit_ids.clear();
  auto r3 = users_->CreateUser(kTenant, no_unit, kPassword, false);
  ASSERT_TRUE(IsError(r3, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(r3.error().field, "unit_ids");

  NewUser supervisor_no_unit = no_unit;
  supervisor_no_unit.role = Role::kSupervisor;
  EXPECT_TRUE(IsError(users_->CreateUser(kTenant, supervisor_no_unit, kPassword, false),
                      Errc::kInvalidArgument, "required"));

  NewUser twice = Caseworker("sato");
  twice.unit_ids = {kUnit, kUnit};
  auto r4 = users_->CreateUser(kTenant, twice, kPassword, false);
  ASSERT_TRUE(IsError(r4, Errc::kInvalidArgument, "duplicate"));
  EXPECT_EQ(r4.error().field, "unit_ids[1]");

  NewUser bad_unit_id = Caseworker("sato");
  bad_unit_id.unit_ids = {kUnit, "Bad"};
  auto r5 = users_->CreateUser(kTenant, bad_unit_id, kPassword, false);
  ASSERT_TRUE(IsError(r5, Errc::kInvalidArgument, "invalid_unit_id"));
  EXPECT_EQ(r5.error().field, "unit_ids[1]");

  auto r6 = users_->CreateUser(kTenant, Caseworker("sato"), "sato-password-1", false);
  ASSERT_TRUE(IsError(r6, Errc::kInvalidArgument, "password_contains_login"));
  EXPECT_EQ(r6.error().field, "password");

  auto listed = users_->ListUsers(kTenant);
  ASSERT_TRUE(IsOk(listed));
  EXPECT_TRUE(listed->empty()) << "no refused account was stored";
}

TEST_F(UserServiceTest, CreateUserUnknownUnitNamesTheIndex) {
  NewUser u = Caseworker("sato");
  u.unit_ids = {kUnit, "no-such-unit"};
  auto r = users_->CreateUser(kTenant, u, kPassword, false);
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "unknown_unit"));
  EXPECT_EQ(r.error().field, "unit_ids[1]");
  auto listed = users_->ListUsers(kTenant);
  ASSERT_TRUE(IsOk(listed));
  EXPECT_TRUE(listed->empty());
}

TEST_F(UserServiceTest, AdminsAndAuditorsNeedNoUnit) {
  NewUser admin;
  admin.login = "admin1";
  admin.name = "管理者";
  admin.role = Role::kAdmin;
  EXPECT_TRUE(IsOk(users_->CreateUser(kTenant, admin, kPassword, false)));
  NewUser auditor = admin;
  auditor.login = "audit1";
  auditor.role = Role::kAuditor;
  EXPECT_TRUE(IsOk(users_->CreateUser(kTenant, auditor, kPassword, false)));
}

TEST_F(UserServiceTest, DuplicateLoginIsLoginTaken) {
  ASSERT_TRUE(IsOk(users_->CreateUser(kTenant, Caseworker("sato"), kPassword, false)));
  EXPECT_TRUE(IsError(users_->CreateUser(kTenant, Caseworker("sato"), kPassword, false),
                      Errc::kConflict, "login_taken"));
}

TEST_F(UserServiceTest, SameLoginInAnotherTenantIsFine) {
  ASSERT_TRUE(IsOk(AddTenant("nakano", "中野区")));
  auto a = users_->CreateUser(kTenant, Caseworker("sato"), kPassword, false);
  auto b = users_->CreateUser("nakano", Caseworker("sato"), kPassword, false);
  ASSERT_TRUE(IsOk(a));
  ASSERT_TRUE(IsOk(b));
  EXPECT_NE(a->id, b->id);
  EXPECT_TRUE(IsError(users_->GetUser("nakano", a->id), Errc::kNotFound));
  EXPECT_TRUE(IsError(users_->GetUser(kTenant, b->id), Errc::kNotFound));
}

TEST_F(UserServiceTest, UnknownTenantIsNotFound) {
  EXPECT_TRUE(IsError(users_->CreateUser("nowhere", Caseworker("sato"), kPassword, false),
                      Errc::kNotFound));
  EXPECT_TRUE(IsError(users_->ListUsers("nowhere"), Errc::kNotFound));
  EXPECT_TRUE(IsError(users_->GetUser("nowhere", "usr_x"), Errc::kNotFound));
}

TEST_F(UserServiceTest, ListUsersOrderedByLogin) {
  AddUser("suzuki");
  AddUser("abe", Role::kAdmin);
  AddUser("kato");
  auto list = users_->ListUsers(kTenant);
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].login, "abe");
  EXPECT_TRUE((*list)[0].unit_ids.empty());
  EXPECT_EQ((*list)[1].login, "kato");
  EXPECT_EQ((*list)[1].unit_ids, std::vector<std::string>{kUnit});
  EXPECT_EQ((*list)[2].login, "suzuki");
}

TEST_F(UserServiceTest, GetUnknownUserIsNotFound) {
  EXPECT_TRUE(IsError(users_->GetUser(kTenant, "usr_000000000000000000000000"), Errc::kNotFound));
}

TEST_F(UserServiceTest, SetPasswordChecksThePolicyAndBumpsVersion) {
  const User u = AddUser("sato");
  auto weak = users_->SetPassword(kTenant, u.id, "short", false);
  ASSERT_TRUE(IsError(weak, Errc::kInvalidArgument, "password_too_short"));
  EXPECT_EQ(weak.error().field, "password");
  EXPECT_EQ(Reload(u.id).version, 1);

  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(IsOk(users_->SetPassword(kTenant, u.id, "another good passphrase", true)));
  const User after = Reload(u.id);
  EXPECT_EQ(after.version, 2);
  EXPECT_TRUE(after.must_change_password);
  EXPECT_EQ(after.password_changed_at, clock_.Now());
  EXPECT_TRUE(crypto::VerifyPassword(after.password_hash, "another good passphrase"));
  EXPECT_FALSE(crypto::VerifyPassword(after.password_hash, kPassword));
  EXPECT_TRUE(IsError(users_->SetPassword(kTenant, "usr_nobody", "another good passphrase", false),
                      Errc::kNotFound));
}

TEST_F(UserServiceTest, ResetPasswordGivesAUsableTemporaryPassword) {
  const User u = AddUser("sato");
  auto reset = users_->ResetPassword(kTenant, u.id);
  ASSERT_TRUE(IsOk(reset));
  EXPECT_EQ(reset->user.id, u.id);
  EXPECT_TRUE(reset->user.must_change_password);
  EXPECT_TRUE(crypto::VerifyPassword(reset->user.password_hash, reset->temporary_password));
  EXPECT_TRUE(IsOk(CheckPasswordPolicy(reset->temporary_password, {"sato", kTenant})));
  EXPECT_TRUE(IsError(users_->ResetPassword(kTenant, "usr_nobody"), Errc::kNotFound));
}

TEST(TemporaryPasswordTest, ShapeAndUniqueness) {
  const std::string a = UserService::NewTemporaryPassword();
  const std::string b = UserService::NewTemporaryPassword();
  EXPECT_EQ(a.size(), 24u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace yorisoi::domain
