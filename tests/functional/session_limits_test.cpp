// Session limits that need their own server configuration: idle expiry with a short timeout and
// the per-address throttle. These wait on real time, with margins far from the thresholds.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

TEST(SessionLimits, IdleSessionExpiresAndActivityKeepsItAlive) {
  World w(json{{"session", {{"idle_timeout_seconds", 3}, {"absolute_timeout_seconds", 3600}}}});
  w.Start();
  const auto& a = w.account("tenant-a", "caseworker");
  // Signed in first and never used again. (Broke under load: `busy` was signed in first, and the
  // second sign-in — a password hash under ASan on a busy machine — took long enough that `busy`
  // had been idle past the limit before its first use.)
  const std::string idle = w.Login(a);
  const auto idle_since = std::chrono::steady_clock::now();
  const std::string busy = w.Login(a);
  // Used every second, at least 5 times and until `idle` has been unused for 5 s: stays alive
  // past the 3 s idle limit.
  for (int i = 0; i < 5 || std::chrono::steady_clock::now() - idle_since < std::chrono::seconds(5);
       ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ASSERT_EQ(w.Call("GET", "/api/v1/me", nullptr, busy).status, 200) << "second " << i;
  }
  // Unused for more than 5 s: gone, with the reason in the code.
  auto r = w.Call("GET", "/api/v1/me", nullptr, idle);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error"]["code"], "session_expired");
  // And it stays gone.
  EXPECT_EQ(w.Call("GET", "/api/v1/me", nullptr, idle).status, 401);
  EXPECT_EQ(w.server().Stop(), 0);
}

TEST(SessionLimits, AnAddressIsThrottledAfterRepeatedFailures) {
  World w(json{{"session", {{"address_max_failed_logins", 3}, {"address_window_seconds", 600}}}});
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  const std::vector<std::string> victims = {"caseworker", "supervisor", "auditor"};
  for (const auto& login : victims) {
    auto r = w.Call("POST", "/api/v1/login",
                    {{"tenant", "tenant-a"}, {"login", login}, {"password", "guess-guess-guess"}});
    ASSERT_EQ(r.status, 401);
  }
  // Even the right password of another account is refused from this address now.
  auto r = w.Call("POST", "/api/v1/login",
                  {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.Json()["error"]["code"], "address_throttled");
  EXPECT_EQ(w.server().Stop(), 0);
}

// Broke: the throttle counted per address only, so one tablet's failed sign-ins locked out every
// tablet behind the same address (an office's NAT, a balancer).
TEST(SessionLimits, EachTabletIsThrottledByItsOwnCertificate) {
  World w(json{{"session",
                {{"device_max_failed_logins", 3},
                 {"address_max_failed_logins", 1000},
                 {"address_window_seconds", 600}}}});
  w.EnrollDevice("tenant-a", "tenant-a-tab2");
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  const json right = {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}};
  for (const char* login : {"caseworker", "supervisor", "auditor"}) {
    auto r = testing::Call(
        w.Client("tenant-a-tab"), "POST", "/api/v1/login",
        {{"tenant", "tenant-a"}, {"login", login}, {"password", "guess-guess-guess"}}, "");
    ASSERT_EQ(r.status, 401) << r.body;
  }
  // That tablet waits, even with the right password...
  auto r = testing::Call(w.Client("tenant-a-tab"), "POST", "/api/v1/login", right, "");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.Json()["error"]["code"], "device_throttled");
  // ...and the tablet beside it, from the same address, signs in.
  auto other = testing::Call(w.Client("tenant-a-tab2"), "POST", "/api/v1/login", right, "");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(w.server().Stop(), 0);
}

// Broke: with the shipped limits (20 failures per address), one tablet's guesses locked out every
// tablet behind the same address. The test above sets the limits itself; this one keeps the
// shipped ones: 20 failures from one tablet throttle that tablet, not the one beside it.
TEST(SessionLimits, WithTheShippedLimitsOneTabletsGuessesDoNotLockOutTheNext) {
  World w;
  w.EnrollDevice("tenant-a", "tenant-a-tab2");
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  const json right = {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}};
  for (int i = 0; i < 20; ++i) {  // unknown logins: no account is locked by them
    auto r = testing::Call(w.Client("tenant-a-tab"), "POST", "/api/v1/login",
                           {{"tenant", "tenant-a"},
                            {"login", "nobody." + std::to_string(i)},
                            {"password", "guess-guess-guess"}},
                           "");
    ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
  }
  auto r = testing::Call(w.Client("tenant-a-tab"), "POST", "/api/v1/login", right, "");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.Json().value("error", json::object()).value("code", ""), "device_throttled");
  auto other = testing::Call(w.Client("tenant-a-tab2"), "POST", "/api/v1/login", right, "");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(w.server().Stop(), 0);
}

}  // namespace
}  // namespace yorisoi::testing
