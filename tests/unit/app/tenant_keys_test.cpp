#include "app/tenant_keys.hpp"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "crypto/mac.hpp"
#include "crypto/secret_box.hpp"
#include "test_support.hpp"

namespace yorisoi::app {
namespace {

using testing_support::IsOk;
using testing_support::TempFolder;

// A data folder with a platform key and tenant t1's sealed key, as `init` and `tenant add` make.
struct Keys {
  TempFolder tmp;
  DataDir dir{tmp.path()};
  crypto::SecretKey platform = crypto::SecretKey::Generate();
  crypto::SecretKey tenant = crypto::SecretKey::Generate();
  Keys() {
    EXPECT_TRUE(IsOk(WritePrivateFile(dir.PlatformKeyPath(), platform.bytes())));
    EXPECT_TRUE(IsOk(WritePrivateFile(dir.TenantDir("t1") + "/tenant.key.sealed",
                                      platform.Seal(tenant.bytes(), "t1"))));
  }
};

TEST(FileAuditKeyringTest, ChainKeyIsTheAuditSubkeyOfTheSealedTenantKey) {
  Keys k;
  FileAuditKeyring ring(k.dir);
  auto key = ring.ChainKey("t1");
  ASSERT_TRUE(IsOk(key));
  EXPECT_EQ(*key, *crypto::DeriveSubkey(k.tenant.bytes(), "auditlog", 1));
  EXPECT_NE(*key, k.tenant.bytes());       // a dedicated subkey, not the tenant key itself
  EXPECT_FALSE(ring.ChainKey("t2").ok());  // no key file: no key (and no open tenant)
}

TEST(FileAuditKeyringTest, KeyedMarkIsAFileOfTheTenantFolder) {
  Keys k;
  FileAuditKeyring ring(k.dir);
  auto keyed = ring.ChainKeyed("t1");
  ASSERT_TRUE(IsOk(keyed));
  EXPECT_FALSE(*keyed);
  ASSERT_TRUE(IsOk(ring.MarkChainKeyed("t1")));
  ASSERT_TRUE(IsOk(ring.MarkChainKeyed("t1")));  // idempotent
  EXPECT_TRUE(*ring.ChainKeyed("t1"));
  EXPECT_TRUE(std::filesystem::exists(k.dir.TenantDir("t1") + "/audit-chain.keyed"));
  EXPECT_FALSE(*ring.ChainKeyed("t2"));
}

}  // namespace
}  // namespace yorisoi::app
