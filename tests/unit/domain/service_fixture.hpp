// A fixture for the domain services over the real SQLite storage in a fresh temporary folder,
// with a manual clock: tenant "shinjuku" (新宿区) and its unit "center-1" exist.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/storage.hpp"
#include "domain/users/user_service.hpp"
#include "storage/sqlite/storage.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {

class ServiceTest : public ::testing::Test {
 protected:
  // 2025-07-01T00:00:00Z.
  static constexpr int64_t kStartMillis = 1751328000000;
  static constexpr const char* kTenant = "shinjuku";
  static constexpr const char* kUnit = "center-1";
  static constexpr const char* kPassword = "correct horse battery";

  // The tenants' audit-chain keys (tests may forget a chain's "keyed" mark).
  std::shared_ptr<MemoryAuditKeyring> audit_keys_ =
      std::make_shared<MemoryAuditKeyring>(std::string(32, 'k'));

  void SetUp() override {
    auto storage = storage::sqlite::OpenStorage(dir_.path() + "/data", audit_keys_);
    ASSERT_TRUE(testing_support::IsOk(storage));
    storage_ = std::move(*storage);
    users_ = std::make_unique<UserService>(*storage_, clock_);
    ASSERT_TRUE(testing_support::IsOk(AddTenant(kTenant, "新宿区")));
  }

  core::Status AddTenant(const std::string& id, const std::string& name) {
    YS_RETURN_IF_ERROR(storage_->CreateTenant(Tenant{id, name, clock_.Now()}));
    auto unit = users_->CreateUnit(id, Unit{kUnit, "子ども総合センター", {}});
    if (!unit.ok()) return std::move(unit).error();
    return core::Ok();
  }

  // Creates an account or fails the test.
  User AddUser(const std::string& login, Role role = Role::kCaseworker,
               const std::string& tenant = kTenant, bool must_change = false,
               const std::string& password = kPassword) {
    NewUser in;
    in.login = login;
    in.name = "山田 太郎";
    in.role = role;
    if (role == Role::kCaseworker || role == Role::kSupervisor) in.unit_ids = {kUnit};
    auto user = users_->CreateUser(tenant, in, password, must_change);
    EXPECT_TRUE(testing_support::IsOk(user));
    return user.ok() ? *user : User{};
  }

  User Reload(const std::string& user_id, const std::string& tenant = kTenant) {
    auto user = users_->GetUser(tenant, user_id);
    EXPECT_TRUE(testing_support::IsOk(user));
    return user.ok() ? *user : User{};
  }

  // Declaration order is destruction order reversed: the storage closes before the folder goes.
  testing_support::TempFolder dir_;
  core::ManualClock clock_{core::FromUnixMillis(kStartMillis)};
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<UserService> users_;
};

}  // namespace yorisoi::domain
