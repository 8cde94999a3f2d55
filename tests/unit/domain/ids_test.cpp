// Identifier rules: tenant ids, unit ids and login IDs.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/tenants/tenant.hpp"
#include "domain/users/user.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

TEST(TenantIdTest, Accepts) {
  for (const std::string& id :
       std::vector<std::string>{"shinjuku", "ab", "a-1", "nakano-ku", std::string(32, 'a')}) {
    EXPECT_TRUE(IsOk(ValidateTenantId(id))) << id;
  }
}

TEST(TenantIdTest, Rejects) {
  for (const std::string& id : std::vector<std::string>{
           "", "a", "1shinjuku", "-shinjuku", "Shinjuku", "shin_juku", "shin.juku", "shin juku",
           "新宿", "shinjuku/../x", std::string(33, 'a')}) {
    auto r = ValidateTenantId(id);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_tenant_id")) << id;
    EXPECT_EQ(r.error().field, "tenant") << id;
  }
}

TEST(TenantIdTest, NamesTheGivenField) {
  auto r = ValidateTenantId("X", "tenant_id");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "tenant_id");
}

TEST(TenantTest, ValidateTenantNamesIdAndName) {
  EXPECT_TRUE(IsOk(ValidateTenant(Tenant{"shinjuku", "新宿区", {}})));
  auto bad_id = ValidateTenant(Tenant{"X", "新宿区", {}});
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().field, "id");
  auto no_name = ValidateTenant(Tenant{"shinjuku", "", {}});
  ASSERT_TRUE(IsError(no_name, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(no_name.error().field, "name");
  // 100 code points is the limit, counted as characters (300 bytes here).
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "区";
  EXPECT_TRUE(IsOk(ValidateTenant(Tenant{"shinjuku", hundred, {}})));
  auto too_long = ValidateTenant(Tenant{"shinjuku", hundred + "区", {}});
  ASSERT_TRUE(IsError(too_long, Errc::kInvalidArgument, "too_long"));
  EXPECT_EQ(too_long.error().field, "name");
}

TEST(UnitIdTest, Accepts) {
  for (const std::string& id :
       std::vector<std::string>{"a", "1", "center-1", "kodomo-sogo", "0-9", std::string(32, 'z')}) {
    EXPECT_TRUE(IsOk(ValidateUnitId(id))) << id;
  }
}

TEST(UnitIdTest, Rejects) {
  for (const std::string& id : std::vector<std::string>{"", "-a", "A", "a_b", "a.b", "a b",
                                                        "センター", std::string(33, 'z')}) {
    auto r = ValidateUnitId(id);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_unit_id")) << id;
    EXPECT_EQ(r.error().field, "id") << id;
  }
  auto r = ValidateUnitId("", "unit_ids[2]");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "unit_ids[2]");
}

TEST(UnitTest, ValidateUnitNamesTheField) {
  EXPECT_TRUE(IsOk(ValidateUnit(Unit{"center-1", "子ども総合センター", {}})));
  auto no_name = ValidateUnit(Unit{"center-1", "", {}});
  ASSERT_FALSE(no_name.ok());
  EXPECT_EQ(no_name.error().field, "name");
  auto bad_id = ValidateUnit(Unit{"Center", "x", {}});
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().field, "id");
}

TEST(LoginTest, Accepts) {
  for (const std::string& l : std::vector<std::string>{"tanaka", "t.yamada", "abc", "1ab",
                                                       "a_b-c.d", "sato2", std::string(64, 'a')}) {
    EXPECT_TRUE(IsOk(ValidateLogin(l))) << l;
  }
}

TEST(LoginTest, Rejects) {
  for (const std::string& l :
       std::vector<std::string>{"", "ab", "Tanaka", ".abc", "-abc", "_abc", "ta naka", "ta@naka",
                                "田中太郎", std::string(65, 'a')}) {
    auto r = ValidateLogin(l);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_login")) << l;
    EXPECT_EQ(r.error().field, "login") << l;
  }
}

}  // namespace
}  // namespace yorisoi::domain
