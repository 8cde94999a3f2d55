// Two `yorisoi serve` instances on one data folder and one PostgreSQL cluster, as behind a load
// balancer: a session signed in on one instance works on the other (reads and writes) and ends
// on both when signed out on either; a device revoked through the API of one instance, or with
// the command line, is cut off by both (open keep-alive connections closed, new handshakes
// refused) within a second, measured here on each instance; a device enrolled through the API of
// one instance connects to the other within a second; a session ended on one instance (sign-out,
// its device revoked, its password reset) is refused by the other within a second although that
// instance had it in its session cache (whose time to live is longer: the notification does it).
//
// PostgreSQL only (registered as functional.pg.instances_test alone): a SQLite data folder is
// for one server process, so there is no SQLite variant. Dummy data only.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

long long MillisBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

// True when the server gives this client no HTTP answer: the handshake fails (TLS 1.2), or the
// first request finds the connection refused (TLS 1.3 checks the certificate after the client
// thinks the handshake is done). A client-side failure (certificate file, nobody listening) is
// not a refusal and fails the test.
bool Refused(const ClientOptions& o) {
  std::string err;
  auto conn = HttpsConnection::Connect(o, &err);
  if (!conn) {
    if (err.rfind("load", 0) == 0 || err.rfind("connect", 0) == 0) {
      ADD_FAILURE() << "not a refusal: " << err;
      return false;
    }
    return true;
  }
  try {
    conn->Request("GET", "/api/v1/settings");
    return false;
  } catch (const std::exception&) {
    return true;
  }
}

// Polls cond every 10 ms for up to limit_ms; the time it first held, or nullopt.
std::optional<Clock::time_point> FirstTime(const std::function<bool()>& cond, int limit_ms) {
  const auto t0 = Clock::now();
  while (MillisBetween(t0, Clock::now()) < limit_ms) {
    if (cond()) return Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

class InstancesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(UsePostgres()) << "instances share a PostgreSQL; run as functional.pg.*";
    world_ = new World();
    world_->EnrollDevice("tenant-a", "shared-tab-api");
    world_->EnrollDevice("tenant-a", "shared-tab-cli");
    world_->EnrollDevice("tenant-a", "session-tab");
    world_->Start();
    second_ = new ServerProcess(world_->data());
  }
  static void TearDownTestSuite() {
    if (second_ != nullptr) EXPECT_EQ(second_->Stop(), 0) << "instance 2 shuts down cleanly";
    delete second_;
    second_ = nullptr;
    if (world_ != nullptr) EXPECT_EQ(world_->server().Stop(), 0) << "instance 1 too";
    delete world_;
    world_ = nullptr;
  }
  static World& w() { return *world_; }

  // Connection options for instance 1 or 2, presenting a device (tenant-a's tablet by default).
  static ClientOptions On(int instance, const std::string& device = "tenant-a") {
    ClientOptions o = w().Client(device);
    o.port = instance == 1 ? w().server().https_port() : second_->https_port();
    return o;
  }

  static std::string Login(int instance, const std::string& login,
                           const std::string& device = "tenant-a") {
    const Account& a = w().account("tenant-a", login);
    auto r = Call(On(instance, device), "POST", "/api/v1/login",
                  {{"tenant", "tenant-a"}, {"login", a.login}, {"password", a.password}});
    EXPECT_EQ(r.status, 200) << "instance " << instance << ": " << r.body;
    return r.Json().value("token", "");
  }

  static std::string DeviceId(const std::string& name) {
    const std::string out =
        w().Sql("tenant-a", "SELECT id FROM devices WHERE name = '" + name + "';");
    return out.substr(0, out.find('\n'));
  }

  // With a signed-in keep-alive connection of `device` open to each instance, runs `revoke`
  // and measures, on each instance, when the open connection was closed and when a new handshake
  // with the device's certificate was first refused. Both must be within a second of t0: the
  // moment before `revoke` (the API) or the moment the revoking process exited (the command
  // line commits just before it exits; its ASan start-up is not the server's business).
  static void ExpectBothInstancesCutOffWithinASecond(const std::string& label,
                                                     const std::string& device,
                                                     const std::function<void()>& revoke,
                                                     bool clock_after_revoke) {
    const std::string token = Login(1, "supervisor", device);
    std::unique_ptr<HttpsConnection> conn[2];
    for (int i = 0; i < 2; ++i) {
      std::string err;
      conn[i] = HttpsConnection::Connect(On(i + 1, device), &err);
      ASSERT_NE(conn[i], nullptr) << "instance " << i + 1 << ": " << err;
      // The session signed in on instance 1 is good on both; the connection is idle and open.
      EXPECT_EQ(
          conn[i]->Request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status,
          200)
          << "instance " << i + 1;
    }
    ASSERT_FALSE(conn[0]->PeerClosed(0));
    ASSERT_FALSE(conn[1]->PeerClosed(0));

    // One watcher per instance, both running while the revocation happens.
    std::optional<Clock::time_point> closed[2], refused[2];
    std::thread watchers[2];
    for (int i = 0; i < 2; ++i) {
      watchers[i] = std::thread([&, i] {
        if (!conn[i]->PeerClosed(5000)) return;
        closed[i] = Clock::now();
        refused[i] = FirstTime([&] { return Refused(On(i + 1, device)); }, 5000);
      });
    }
    const auto started = Clock::now();
    revoke();
    const auto returned = Clock::now();
    const auto t0 = clock_after_revoke ? returned : started;
    for (auto& t : watchers) t.join();

    for (int i = 0; i < 2; ++i) {
      SCOPED_TRACE(label + ", instance " + std::to_string(i + 1));
      ASSERT_TRUE(closed[i].has_value()) << "the open connection stays open";
      ASSERT_TRUE(refused[i].has_value()) << "new handshakes are still accepted";
      // Closed before the revoking command had even exited: 0 ms after t0.
      const long long closed_ms = std::max(0LL, MillisBetween(t0, *closed[i]));
      const long long refused_ms = std::max(0LL, MillisBetween(t0, *refused[i]));
      EXPECT_LE(closed_ms, 1000);
      EXPECT_LE(refused_ms, 1000);
      std::cout << "# revoke " << label << ": instance " << i + 1
                << ": open connection closed after " << closed_ms
                << " ms, new handshake refused by " << refused_ms << " ms"
                << (clock_after_revoke
                        ? " (from the command's exit; from its start: " +
                              std::to_string(MillisBetween(started, *closed[i])) + " / " +
                              std::to_string(MillisBetween(started, *refused[i])) + " ms)"
                        : " (from sending the request)")
                << std::endl;
    }
    // The device's sessions ended in the revoking transaction, for both instances alike.
    EXPECT_EQ(w().Sql("tenant-a",
                      "SELECT count(*) FROM sessions s JOIN devices d ON d.id = s.device_id"
                      " WHERE d.name = '" +
                          device + "';"),
              "0\n");
  }

  // A session signed in on instance 1 and in use on instance 2 (so in its session cache) is
  // ended on instance 1 by `end`; measures when instance 2 first refuses it (401, or the device's
  // connection refused), from the moment before `end`. Must be within a second.
  static void ExpectRefusedOnTheOtherWithinASecond(const std::string& label,
                                                   const std::string& token,
                                                   const std::string& device,
                                                   const std::function<void()>& end) {
    for (int i = 0; i < 3; ++i) {
      auto me = Call(On(2, device), "GET", "/api/v1/me", nullptr, token);
      ASSERT_EQ(me.status, 200) << label << ": " << me.body;
    }
    const auto t0 = Clock::now();
    end();
    const auto refused = FirstTime(
        [&] {
          if (Refused(On(2, device))) return true;
          return Call(On(2, device), "GET", "/api/v1/me", nullptr, token).status == 401;
        },
        5000);
    ASSERT_TRUE(refused.has_value()) << label << ": instance 2 still accepts the session";
    const long long ms = MillisBetween(t0, *refused);
    EXPECT_LE(ms, 1000) << label;
    std::cout << "# session ended on instance 1 (" << label << "): refused by instance 2 after "
              << ms << " ms (from sending the request)" << std::endl;
    // And it stays refused, on both.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (int i : {1, 2}) {
      if (Refused(On(i, device))) continue;
      EXPECT_EQ(Call(On(i, device), "GET", "/api/v1/me", nullptr, token).status, 401)
          << label << ", instance " << i;
    }
  }

  static World* world_;
  static ServerProcess* second_;
};
World* InstancesTest::world_ = nullptr;
ServerProcess* InstancesTest::second_ = nullptr;

TEST_F(InstancesTest, TwoInstancesShareSessions) {
  ASSERT_NE(w().server().https_port(), second_->https_port());
  const std::string token = Login(1, "caseworker");
  ASSERT_FALSE(token.empty());
  // Signed in on 1, known on 2.
  auto me = Call(On(2), "GET", "/api/v1/me", nullptr, token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"]["id"], w().account("tenant-a", "caseworker").id) << me.body;

  // Written on 2, read on 1; written on 1, read on 2.
  auto created = Call(On(2), "POST", "/api/v1/cases",
                      {{"received_on", "2025-07-01T10:30:00+09:00"},
                       {"unit_id", "center"},
                       {"consultation_type", {{"code", "upbringing_parenting"}}},
                       {"referral_route", "family"},
                       {"household", "二つのインスタンスの確認用（架空）"}},
                      token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string case_id = created.Json()["id"];
  auto read = Call(On(1), "GET", "/api/v1/cases/" + case_id, nullptr, token);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json()["number"], created.Json()["number"]);
  EXPECT_EQ(read.Json()["household"], "二つのインスタンスの確認用（架空）");
  auto note = Call(On(1), "POST", "/api/v1/cases/" + case_id + "/notes",
                   {{"body", "インスタンス1で書いた経過（架空）"}}, token);
  ASSERT_EQ(note.status, 201) << note.body;
  auto notes = Call(On(2), "GET", "/api/v1/cases/" + case_id + "/notes", nullptr, token);
  ASSERT_EQ(notes.status, 200) << notes.body;
  ASSERT_EQ(notes.Json()["items"].size(), 1u) << notes.body;
  EXPECT_EQ(notes.Json()["items"][0]["id"], note.Json()["id"]);
  // A stale write on 1 after a write on 2 is a conflict: both see the same version.
  auto v2 = Call(On(2), "PATCH", "/api/v1/cases/" + case_id,
                 {{"version", 1}, {"household", "インスタンス2で更新（架空）"}}, token);
  ASSERT_EQ(v2.status, 200) << v2.body;
  auto stale = Call(On(1), "PATCH", "/api/v1/cases/" + case_id,
                    {{"version", 1}, {"household", "インスタンス1で上書き（架空）"}}, token);
  EXPECT_EQ(stale.status, 409) << stale.body;

  // Signed out on 2: refused on 1 (and on 2).
  auto out = Call(On(2), "POST", "/api/v1/logout", nullptr, token);
  EXPECT_EQ(out.status, 204) << out.body;
  auto after = Call(On(1), "GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(Call(On(1), "GET", "/api/v1/cases/" + case_id, nullptr, token).status, 401);
  EXPECT_EQ(Call(On(2), "GET", "/api/v1/me", nullptr, token).status, 401);

  // And the other way round: signed in on 2, signed out on 1, refused on 2.
  const std::string again = Login(2, "caseworker");
  EXPECT_EQ(Call(On(1), "GET", "/api/v1/me", nullptr, again).status, 200);
  EXPECT_EQ(Call(On(1), "POST", "/api/v1/logout", nullptr, again).status, 204);
  EXPECT_EQ(Call(On(2), "GET", "/api/v1/me", nullptr, again).status, 401);
}

TEST_F(InstancesTest, ADeviceRevokedThroughTheApiOfOneInstanceIsCutOffByBothWithinASecond) {
  for (int i : {1, 2}) {
    ASSERT_TRUE(FirstTime([&] { return !Refused(On(i, "shared-tab-api")); }, 3000))
        << "instance " << i << " accepts the device enrolled before it started";
  }
  const std::string admin = Login(1, "admin");
  const std::string target = DeviceId("shared-tab-api");
  ASSERT_FALSE(target.empty());
  ExpectBothInstancesCutOffWithinASecond(
      "through the API of instance 1", "shared-tab-api",
      [&] {
        auto r = Call(On(1), "POST", "/api/v1/devices/" + target + "/revoke",
                      {{"reason", "retired"}}, admin);
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.Json()["state"], "revoked");
      },
      false);
  // Both still refuse it a moment later (the polls agree with the notification).
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_TRUE(Refused(On(1, "shared-tab-api")));
  EXPECT_TRUE(Refused(On(2, "shared-tab-api")));
}

TEST_F(InstancesTest, ADeviceRevokedWithTheCommandLineIsCutOffByBothWithinASecond) {
  for (int i : {1, 2}) {
    ASSERT_TRUE(FirstTime([&] { return !Refused(On(i, "shared-tab-cli")); }, 3000))
        << "instance " << i;
  }
  ExpectBothInstancesCutOffWithinASecond(
      "with the command line", "shared-tab-cli",
      [] {
        RunOk({"device", "revoke", "--data", w().data(), "--tenant", "tenant-a", "--name",
               "shared-tab-cli", "--reason", "stolen"});
      },
      true);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_TRUE(Refused(On(1, "shared-tab-cli")));
  EXPECT_TRUE(Refused(On(2, "shared-tab-cli")));
}

TEST_F(InstancesTest, ADeviceEnrolledThroughTheApiOfOneInstanceConnectsToTheOtherWithinASecond) {
  const std::string admin = Login(1, "admin");
  auto enrolled = Call(On(1), "POST", "/api/v1/devices",
                       {{"name", "enrolled-on-one"}, {"kind", "tablet"}}, admin);
  const auto t0 = Clock::now();
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  // The PKCS#12 as the MDM would install it, turned into PEM for the test client.
  const std::string dir = w().data() + "/..";
  std::ofstream(dir + "/enrolled-on-one.p12.b64")
      << enrolled.Json()["pkcs12_base64"].get<std::string>();
  const std::string password = enrolled.Json()["pkcs12_password"];
  ASSERT_EQ(std::system(
                ("base64 -d " + dir + "/enrolled-on-one.p12.b64 > " + dir + "/enrolled-on-one.p12")
                    .c_str()),
            0);
  ASSERT_EQ(std::system(("openssl pkcs12 -in " + dir + "/enrolled-on-one.p12 -passin pass:" +
                         password + " -nodes -out " + dir + "/enrolled-on-one.pem 2>/dev/null")
                            .c_str()),
            0);
  ClientOptions on2 = On(2, "");
  on2.cert_file = dir + "/enrolled-on-one.pem";
  on2.key_file = dir + "/enrolled-on-one.pem";
  // Answered by instance 2 (a request on the connection, so TLS 1.3's late check counts too).
  const auto accepted = FirstTime([&] { return !Refused(on2); }, 3000);
  ASSERT_TRUE(accepted.has_value()) << "instance 2 never accepted the device";
  const long long ms = MillisBetween(t0, *accepted);
  EXPECT_LE(ms, 1000);
  std::cout << "# enrolled through the API of instance 1: accepted by instance 2 after " << ms
            << " ms (from the enrolment's answer, PKCS#12 conversion included)" << std::endl;
  // And it signs in there: the device is the tenant's, its session known to instance 1 too.
  const Account& a = w().account("tenant-a", "caseworker");
  auto login = Call(on2, "POST", "/api/v1/login",
                    {{"tenant", "tenant-a"}, {"login", a.login}, {"password", a.password}});
  ASSERT_EQ(login.status, 200) << login.body;
  ClientOptions on1 = on2;
  on1.port = w().server().https_port();
  EXPECT_EQ(Call(on1, "GET", "/api/v1/me", nullptr, login.Json().value("token", "")).status, 200);
}

TEST_F(InstancesTest, ASessionSignedOutOnOneInstanceIsRefusedByTheOtherWithinASecond) {
  const std::string token = Login(1, "supervisor");
  ASSERT_FALSE(token.empty());
  ExpectRefusedOnTheOtherWithinASecond("sign-out", token, "tenant-a", [&] {
    auto out = Call(On(1), "POST", "/api/v1/logout", nullptr, token);
    EXPECT_EQ(out.status, 204) << out.body;
  });
}

TEST_F(InstancesTest, ASessionWhoseDeviceIsRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond) {
  for (int i : {1, 2}) {
    ASSERT_TRUE(FirstTime([&] { return !Refused(On(i, "session-tab")); }, 3000))
        << "instance " << i;
  }
  const std::string admin = Login(1, "admin");
  const std::string token = Login(1, "caseworker", "session-tab");
  const std::string target = DeviceId("session-tab");
  ASSERT_FALSE(target.empty());
  ExpectRefusedOnTheOtherWithinASecond("device revoked", token, "session-tab", [&] {
    auto r =
        Call(On(1), "POST", "/api/v1/devices/" + target + "/revoke", {{"reason", "lost"}}, admin);
    EXPECT_EQ(r.status, 200) << r.body;
  });
}

TEST_F(InstancesTest, ASessionWhosePasswordIsResetOnOneInstanceIsRefusedByTheOtherWithinASecond) {
  // An account of its own (the shared ones keep their passwords for the other tests).
  const std::string admin = Login(1, "admin");
  auto created = Call(On(1), "POST", "/api/v1/users",
                      {{"login", "reset-target"},
                       {"name", "リセット 確認（架空）"},
                       {"role", "caseworker"},
                       {"unit_ids", {"center"}}},
                      admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string user_id = created.Json()["user"]["id"];
  auto login = Call(On(2), "POST", "/api/v1/login",
                    {{"tenant", "tenant-a"},
                     {"login", "reset-target"},
                     {"password", created.Json()["temporary_password"]}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = login.Json().value("token", "");
  ExpectRefusedOnTheOtherWithinASecond("password reset", token, "tenant-a", [&] {
    auto r = Call(On(1), "POST", "/api/v1/users/" + user_id + "/reset-password", nullptr, admin);
    EXPECT_EQ(r.status, 200) << r.body;
  });
}

}  // namespace
}  // namespace yorisoi::testing
