#include "app/config.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::app {
namespace {

using core::Errc;
using std::chrono::seconds;
using testing_support::IsError;
using testing_support::IsOk;
using testing_support::TempFolder;

TEST(ParseListenTest, Ipv4) {
  std::string address;
  uint16_t port = 0;
  ASSERT_TRUE(IsOk(ParseListen("127.0.0.1:8443", address, port, "listen")));
  EXPECT_EQ(address, "127.0.0.1");
  EXPECT_EQ(port, 8443);
  ASSERT_TRUE(IsOk(ParseListen("0.0.0.0:65535", address, port, "listen")));
  EXPECT_EQ(address, "0.0.0.0");
  EXPECT_EQ(port, 65535);
}

TEST(ParseListenTest, BracketedIpv6) {
  std::string address;
  uint16_t port = 0;
  ASSERT_TRUE(IsOk(ParseListen("[::1]:9443", address, port, "ops_listen")));
  EXPECT_EQ(address, "::1");
  EXPECT_EQ(port, 9443);
  ASSERT_TRUE(IsOk(ParseListen("[2001:db8::10]:443", address, port, "listen")));
  EXPECT_EQ(address, "2001:db8::10");
  EXPECT_EQ(port, 443);
}

TEST(ParseListenTest, BadInputNamesTheFieldAndLeavesOutputsAlone) {
  for (const char* text : {"", "127.0.0.1", "127.0.0.1:", ":8443", "127.0.0.1:65536",
                           "127.0.0.1:99999", "127.0.0.1:123456", "127.0.0.1:-1", "127.0.0.1:+80",
                           "127.0.0.1:80a", "127.0.0.1: 80", "[::1", "[::1:8443", "[::1]"}) {
    std::string address = "unchanged";
    uint16_t port = 7;
    auto st = ParseListen(text, address, port, "ops_listen");
    ASSERT_TRUE(IsError(st, Errc::kInvalidArgument, "invalid_listen")) << text;
    EXPECT_EQ(st.error().field, "ops_listen") << text;
    EXPECT_EQ(address, "unchanged") << text;
    EXPECT_EQ(port, 7) << text;
  }
}

Config NonDefaultConfig() {
  Config c;
  c.hostnames = {"yorisoi.shinjuku.lg.jp", "10.0.0.5"};
  c.listen = "0.0.0.0:443";
  c.ops_listen = "[::1]:9000";
  c.auth.idle_timeout = seconds(600);
  c.auth.absolute_timeout = seconds(8 * 3600);
  c.auth.max_failures = 7;
  c.auth.lockout = seconds(1800);
  c.auth.device_max_failures = 9;
  c.auth.address_max_failures = 50;
  c.auth.address_window = seconds(300);
  c.idle_lock = seconds(120);
  c.header_limit = 8192;
  c.body_limit = 2 * 1024 * 1024;
  c.read_timeout = seconds(10);
  c.idle_timeout = seconds(30);
  c.threads = 3;
  return c;
}

TEST(DataDirTest, PathsLiveUnderTheRoot) {
  const DataDir d("/srv/yorisoi");
  EXPECT_EQ(d.root(), "/srv/yorisoi");
  EXPECT_EQ(d.ConfigPath(), "/srv/yorisoi/config.json");
  EXPECT_EQ(d.PlatformKeyPath(), "/srv/yorisoi/keys/platform.key");
  EXPECT_EQ(d.CaCertPath(), "/srv/yorisoi/tls/ca.crt.pem");
  EXPECT_EQ(d.CaKeyPath(), "/srv/yorisoi/tls/ca.key.pem");
  EXPECT_EQ(d.ServerCertPath(), "/srv/yorisoi/tls/server.crt.pem");
  EXPECT_EQ(d.ServerKeyPath(), "/srv/yorisoi/tls/server.key.pem");
  EXPECT_EQ(d.TenantDir("shinjuku"), "/srv/yorisoi/tenants/shinjuku");
}

TEST(DataDirTest, SaveThenLoadRoundTrips) {
  TempFolder tmp;
  const DataDir d(tmp.path() + "/data");
  EXPECT_FALSE(d.Initialised());
  const Config saved = NonDefaultConfig();
  ASSERT_TRUE(IsOk(d.SaveConfig(saved)));
  EXPECT_TRUE(d.Initialised());

  auto loaded = d.LoadConfig();
  ASSERT_TRUE(IsOk(loaded));
  EXPECT_EQ(loaded->backend, "sqlite");
  EXPECT_EQ(loaded->hostnames, saved.hostnames);
  EXPECT_EQ(loaded->listen, saved.listen);
  EXPECT_EQ(loaded->ops_listen, saved.ops_listen);
  EXPECT_EQ(loaded->auth.idle_timeout, saved.auth.idle_timeout);
  EXPECT_EQ(loaded->auth.absolute_timeout, saved.auth.absolute_timeout);
  EXPECT_EQ(loaded->auth.max_failures, saved.auth.max_failures);
  EXPECT_EQ(loaded->auth.lockout, saved.auth.lockout);
  EXPECT_EQ(loaded->auth.device_max_failures, saved.auth.device_max_failures);
  EXPECT_EQ(loaded->auth.address_max_failures, saved.auth.address_max_failures);
  EXPECT_EQ(loaded->auth.address_window, saved.auth.address_window);
  EXPECT_EQ(loaded->idle_lock, saved.idle_lock);
  EXPECT_EQ(loaded->header_limit, saved.header_limit);
  EXPECT_EQ(loaded->body_limit, saved.body_limit);
  EXPECT_EQ(loaded->read_timeout, saved.read_timeout);
  EXPECT_EQ(loaded->idle_timeout, saved.idle_timeout);
  EXPECT_EQ(loaded->threads, saved.threads);
}

TEST(DataDirTest, PostgresSectionRoundTrips) {
  TempFolder tmp;
  const DataDir d(tmp.path() + "/data");
  Config saved;
  saved.backend = "postgres";
  saved.postgres.url =
      "postgresql://yorisoi@db1:5432,db2:5432/yorisoi?target_session_attrs=read-write";
  saved.postgres.password_file = "/etc/yorisoi/pg.password";
  saved.postgres.pool_size = 12;
  saved.postgres.tenant_urls = {{"minato", "postgresql://yorisoi@db3/yorisoi"}};
  ASSERT_TRUE(IsOk(d.SaveConfig(saved)));
  auto loaded = d.LoadConfig();
  ASSERT_TRUE(IsOk(loaded));
  EXPECT_EQ(loaded->backend, "postgres");
  EXPECT_EQ(loaded->postgres.url, saved.postgres.url);
  EXPECT_EQ(loaded->postgres.password_file, saved.postgres.password_file);
  EXPECT_EQ(loaded->postgres.pool_size, 12);
  EXPECT_EQ(loaded->postgres.tenant_urls, saved.postgres.tenant_urls);
}

TEST(DataDirTest, DefaultsRoundTrip) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  ASSERT_TRUE(IsOk(d.SaveConfig(Config{})));
  auto loaded = d.LoadConfig();
  ASSERT_TRUE(IsOk(loaded));
  EXPECT_EQ(loaded->listen, "127.0.0.1:8443");
  EXPECT_EQ(loaded->ops_listen, "127.0.0.1:9443");
  EXPECT_TRUE(loaded->hostnames.empty());
  EXPECT_EQ(loaded->auth.idle_timeout, seconds(15 * 60));
  EXPECT_EQ(loaded->auth.max_failures, 5);
  EXPECT_EQ(loaded->idle_lock, seconds(300));
}

TEST(DataDirTest, ConfigFileIsOwnerOnly) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  ASSERT_TRUE(IsOk(d.SaveConfig(Config{})));
  struct stat st {};
  ASSERT_EQ(::stat(d.ConfigPath().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(d.ConfigPath() + ".tmp"));
}

TEST(DataDirTest, MissingFileFieldsTakeDefaults) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  ASSERT_TRUE(IsOk(WritePrivateFile(d.ConfigPath(), R"({"listen":"[::1]:8443"})")));
  auto loaded = d.LoadConfig();
  ASSERT_TRUE(IsOk(loaded));
  EXPECT_EQ(loaded->listen, "[::1]:8443");
  EXPECT_EQ(loaded->ops_listen, "127.0.0.1:9443");
  EXPECT_EQ(loaded->auth.absolute_timeout, seconds(12 * 3600));
  EXPECT_EQ(loaded->idle_lock, seconds(300));
}

TEST(DataDirTest, IdleLockIsReadFromTheSessionSection) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  for (int value : {30, 600, 3600}) {
    ASSERT_TRUE(IsOk(WritePrivateFile(
        d.ConfigPath(), R"({"session":{"idle_lock_seconds":)" + std::to_string(value) + "}}")));
    auto loaded = d.LoadConfig();
    ASSERT_TRUE(IsOk(loaded)) << value;
    EXPECT_EQ(loaded->idle_lock, seconds(value));
  }
  ASSERT_TRUE(IsOk(WritePrivateFile(d.ConfigPath(), R"({"session":{"idle_lock_seconds":10}})")));
  auto refused = d.LoadConfig();
  ASSERT_TRUE(IsError(refused, Errc::kInvalidArgument, "invalid_config"));
  EXPECT_EQ(refused.error().field, "config.json: session.idle_lock_seconds");
  EXPECT_EQ(refused.error().message, "must be an integer from 30 to 3600") << "names the range";
}

TEST(DataDirTest, SessionCacheSettingsAreReadAndWritten) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  ASSERT_TRUE(IsOk(WritePrivateFile(
      d.ConfigPath(),
      R"({"session":{"cache_ttl_ms":1500,"cache_capacity":0,"touch_flush_ms":250}})")));
  auto loaded = d.LoadConfig();
  ASSERT_TRUE(IsOk(loaded));
  EXPECT_EQ(loaded->auth.session_cache_ttl, std::chrono::milliseconds(1500));
  EXPECT_EQ(loaded->auth.session_cache_capacity, 0u);
  EXPECT_EQ(loaded->auth.touch_flush_interval, std::chrono::milliseconds(250));
  ASSERT_TRUE(IsOk(d.SaveConfig(*loaded)));
  auto again = d.LoadConfig();
  ASSERT_TRUE(IsOk(again));
  EXPECT_EQ(again->auth.session_cache_ttl, std::chrono::milliseconds(1500));
  EXPECT_EQ(again->auth.session_cache_capacity, 0u);
  EXPECT_EQ(again->auth.touch_flush_interval, std::chrono::milliseconds(250));
  for (const char* bad :
       {R"({"session":{"cache_ttl_ms":-1}})", R"({"session":{"cache_ttl_ms":60001}})",
        R"({"session":{"touch_flush_ms":5}})", R"({"session":{"cache_capacity":"many"}})"}) {
    ASSERT_TRUE(IsOk(WritePrivateFile(d.ConfigPath(), bad)));
    EXPECT_TRUE(IsError(d.LoadConfig(), Errc::kInvalidArgument, "invalid_config")) << bad;
  }
}

TEST(DataDirTest, LoadRefusesBadFiles) {
  TempFolder tmp;
  const DataDir d(tmp.path());
  EXPECT_TRUE(IsError(d.LoadConfig(), Errc::kNotFound));
  struct Case {
    const char* text;
    const char* field;
  };
  for (const Case& c :
       {Case{"not json", "config.json"}, Case{"[1,2]", "config.json"},
        Case{R"({"listen":8443})", "config.json"},
        Case{R"({"session":{"idle_timeout_seconds":"soon"}})",
             "config.json: session.idle_timeout_seconds"},
        Case{R"({"backend":"mysql"})", "config.json: backend"},
        Case{R"({"backend":"postgres"})", "config.json: postgres.url"},
        Case{R"({"backend":"postgres","postgres":{"url":7}})", "config.json: postgres"},
        Case{R"({"backend":"postgres","postgres":[]})", "config.json: postgres"},
        Case{R"({"backend":"postgres","postgres":{"url":"postgresql:///x","pool_size":0}})",
             "config.json: postgres.pool_size"},
        Case{R"({"backend":"postgres","postgres":{"url":"postgresql:///x","tenant_urls":[1]}})",
             "config.json: postgres"},
        Case{R"({"session":{"idle_timeout_seconds":0}})",
             "config.json: session.idle_timeout_seconds"},
        Case{R"({"http":{"body_limit_bytes":-1}})", "config.json: http.body_limit_bytes"},
        Case{R"({"http":{"threads":-2}})", "config.json: http.threads"},
        Case{R"({"session":{"max_failed_logins":0}})", "config.json: session.max_failed_logins"},
        Case{R"({"session":{"lockout_seconds":-5}})", "config.json: session.lockout_seconds"},
        Case{R"({"session":{"idle_lock_seconds":29}})", "config.json: session.idle_lock_seconds"},
        Case{R"({"session":{"idle_lock_seconds":3601}})", "config.json: session.idle_lock_seconds"},
        Case{R"({"session":{"idle_lock_seconds":"300"}})",
             "config.json: session.idle_lock_seconds"},
        Case{R"({"session":{"idle_timeout_seconds":7200,)"
             R"("absolute_timeout_seconds":3600}})",
             "config.json: session"}}) {
    ASSERT_TRUE(IsOk(WritePrivateFile(d.ConfigPath(), c.text)));
    auto loaded = d.LoadConfig();
    ASSERT_TRUE(IsError(loaded, Errc::kInvalidArgument, "invalid_config")) << c.text;
    EXPECT_EQ(loaded.error().field, c.field) << c.text;
  }
}

// Broke: `device enroll --out tab4` (a bare name, no folder) failed to "create the folder".
TEST(PrivateFileTest, ABareFileNameIsWrittenInTheCurrentFolder) {
  TempFolder tmp;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(tmp.path());
  const auto written = WritePrivateFile("bare.key.pem", "x");
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(IsOk(written));
  EXPECT_TRUE(std::filesystem::exists(tmp.path() + "/bare.key.pem"));
}

TEST(PrivateFileTest, WriteCreatesFoldersAndReplacesAtomically) {
  TempFolder tmp;
  const std::string path = tmp.path() + "/keys/deep/platform.key";
  ASSERT_TRUE(IsOk(WritePrivateFile(path, "first")));
  ASSERT_TRUE(IsOk(WritePrivateFile(path, std::string("sec\0ond", 7))));
  auto read = ReadFile(path);
  ASSERT_TRUE(IsOk(read));
  EXPECT_EQ(*read, std::string("sec\0ond", 7));
  EXPECT_TRUE(IsError(ReadFile(tmp.path() + "/absent"), Errc::kNotFound));
}

// Broke: malformed addresses were accepted ("[]", a stray "]", an unbracketed IPv6 address).
TEST(ParseListenTest, RefusesMalformedAddresses) {
  std::string address;
  uint16_t port = 0;
  for (const char* bad : {"[]:8443", "::1]:8443", "::1:8443", "[::1:8443", ":8443",
                          "host:", "host:99999", "host:80a"}) {
    auto r = ParseListen(bad, address, port, "--listen");
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_listen")) << bad;
    EXPECT_EQ(r.error().field, "--listen");
  }
}

}  // namespace
}  // namespace yorisoi::app
