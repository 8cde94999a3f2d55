// The command line contract of interface.md: exit 0 / 2 (usage) / 1 (failure, one line on
// stderr), secrets from standard input only.
#include <gtest/gtest.h>

#include <filesystem>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunYorisoi({}).exit_code, 2);
  EXPECT_EQ(RunYorisoi({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunYorisoi({"tenant", "add", "--data", "/nonexistent"}).exit_code, 2)
      << "missing --id/--name";
  EXPECT_EQ(
      RunYorisoi({"user", "add", "--tenant", "t", "--login", "x", "--name", "n", "--role", "root"})
          .exit_code,
      2);
  auto help = RunYorisoi({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* cmd : {"init", "tenant", "unit", "user", "serve", "demo"}) {
    EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd;
  }
}

TEST(Cli, FailuresExitOneWithOneLine) {
  TempDir dir;
  const std::string data = dir.path() + "/d";
  auto not_init = RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "区"});
  EXPECT_EQ(not_init.exit_code, 1);
  EXPECT_EQ(Lines(not_init.err), 1) << not_init.err;
  ASSERT_EQ(RunYorisoi({"init", "--data", data, "--hostname", "yorisoi.example.lg.jp"}).exit_code,
            0);
  auto again = RunYorisoi({"init", "--data", data});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(Lines(again.err), 1);
  ASSERT_EQ(
      RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "テスト区"}).exit_code,
      0);
  auto dup = RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "テスト区"});
  EXPECT_EQ(dup.exit_code, 1);
  auto bad_id = RunYorisoi({"tenant", "add", "--data", data, "--id", "../etc", "--name", "x"});
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.err.find("id"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(data + "/etc"));
  ASSERT_EQ(RunYorisoi({"unit", "add", "--data", data, "--tenant", "t1", "--id", "c1", "--name",
                        "センター"})
                .exit_code,
            0);
  // The password comes from stdin and is checked against the policy; the error names the field
  // and never echoes the value.
  auto weak = RunYorisoi({"user", "add", "--data", data, "--tenant", "t1", "--login", "worker1",
                          "--name", "職員", "--role", "caseworker", "--unit", "c1"},
                         "short\n");
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_EQ(Lines(weak.err), 1);
  EXPECT_NE(weak.err.find("password"), std::string::npos);
  EXPECT_EQ(weak.err.find("short"), std::string::npos) << "the password must not be echoed";
  auto ok = RunYorisoi({"user", "add", "--data", data, "--tenant", "t1", "--login", "worker1",
                        "--name", "職員", "--role", "caseworker", "--unit", "c1"},
                       "a-long-enough-dummy-password\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("usr_", 0), 0u) << ok.out;
  // Key material is private to the owner.
  const auto perms = std::filesystem::status(data + "/keys/platform.key").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  EXPECT_TRUE(std::filesystem::exists(data + "/tenants/t1/tenant.key.sealed"));
}

TEST(Cli, ServeShutsDownGracefullyOnSigterm) {
  World w;
  w.Start();
  const std::string token = w.Login(w.account("tenant-a", "admin"));
  std::string err;
  auto idle = HttpsConnection::Connect(w.Client(), &err);  // an idle keep-alive connection
  ASSERT_TRUE(idle) << err;
  ASSERT_EQ(idle->Request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status,
            200);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(w.server().Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5))
      << "idle connections must not hold shutdown";
  EXPECT_TRUE(idle->PeerClosed(1000));
}

TEST(Cli, EditingAnAuditRowByHandMakesVerifyFail) {
  World w;
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  for (int i = 0; i < 3; ++i) (void)w.Login(a);
  ASSERT_EQ(w.server().Stop(), 0);
  auto ok = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("audit chain ok"), std::string::npos);
  // Someone with file access rewrites who signed in at entry 3.
  const std::string db = w.data() + "/tenants/tenant-a/tenant.db";
  const std::string cmd =
      "sqlite3 '" + db + "' \"UPDATE audit_log SET user_id = 'usr_nobody' WHERE seq = 3\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("entry 3"), std::string::npos) << broken.err;
  EXPECT_EQ(Lines(broken.err), 1);
  // Deleting a row instead is found as well.
  ASSERT_EQ(
      std::system(
          ("sqlite3 '" + db +
           "' \"DELETE FROM audit_targets WHERE seq = 2; DELETE FROM audit_log WHERE seq = 2\"")
              .c_str()),
      0);
  auto gap = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(gap.exit_code, 1);
  EXPECT_NE(gap.err.find("entry 3"), std::string::npos) << gap.err;
  // The other tenant's chain is untouched.
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-b"}).exit_code,
            0);
}

}  // namespace
}  // namespace yorisoi::testing
