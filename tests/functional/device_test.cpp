// Devices and the closed network, over real mutual TLS against the real binary: only enrolled,
// active devices of a tenant get an answer; sessions are bound to their device; revoking a
// device (command line on a running server, or the admin API) closes its open keep-alive
// connection and refuses new handshakes within a second, measured here. Dummy data only.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/config.hpp"
#include "app/device_authority.hpp"
#include "crypto/x509.hpp"
#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

long long MillisSince(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// True when the server gives this client no HTTP answer: the handshake fails (TLS 1.2), or the
// first request finds the connection refused (TLS 1.3 checks the certificate after the client
// thinks the handshake is done).
bool Refused(const ClientOptions& o) {
  std::string err;
  auto conn = HttpsConnection::Connect(o, &err);
  if (!conn) {
    // Only the server's refusal counts: not a certificate file the client could not load, nor a
    // server that is not there.
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

// Waits (up to 3 s) until a device enrolled or changed behind the server's back is in effect: the
// server polls device changes 4 times a second.
bool Eventually(const std::function<bool()>& cond) {
  const auto t0 = Clock::now();
  while (MillisSince(t0) < 3000) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

class DeviceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    world_->EnrollDevice("tenant-a", "tenant-a-tab2");
    world_->Start();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(world_->server().Stop(), 0);
    delete world_;
    world_ = nullptr;
  }
  static World& w() { return *world_; }

  static std::string Login(const std::string& tenant, const std::string& login,
                           const std::string& device) {
    const Account& a = w().account(tenant, login);
    auto r = testing::Call(w().Client(device), "POST", "/api/v1/login",
                           {{"tenant", tenant}, {"login", login}, {"password", a.password}}, "");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("token", "");
  }

  // A certificate made with the tenant's own device CA (unsealed as the server does), written as
  // PEM files; optionally registered as an active device straight in the tenant's database.
  // `insert_sql`, when given, receives the statement that registers the certificate as an active
  // device (run it with w().Sql(..., true), several in one go to register them together).
  static ClientOptions MadeWithTenantCa(const std::string& name,
                                        std::chrono::system_clock::time_point not_before,
                                        std::chrono::system_clock::time_point not_after,
                                        std::string* insert_sql) {
    app::FileDeviceAuthority authority{app::DataDir(w().data())};
    auto ca = authority.Ca("tenant-a");
    EXPECT_TRUE(ca.ok());
    const std::string device_id = "dev_" + name;
    auto leaf =
        crypto::IssueClientCertificateValid(*ca, device_id, "tenant-a", not_before, not_after);
    EXPECT_TRUE(leaf.ok());
    const std::string prefix = w().data() + "/../" + name;
    WriteAll(prefix + ".crt.pem", leaf->certificate_pem);
    WriteAll(prefix + ".key.pem", leaf->private_key_pem);
    if (insert_sql != nullptr) {
      auto info = crypto::InspectCertificate(leaf->certificate_pem);
      EXPECT_TRUE(info.ok());
      *insert_sql +=
          "INSERT INTO devices(id, name, kind, fingerprint, serial, not_after, enrolled_by,"
          " enrolled_at, state, version, revision) VALUES ('" +
          device_id + "', '" + name + "', 'tablet', '" + info->sha256_fingerprint + "', '" +
          info->serial_hex +
          "', 0, '', 0, 'active', 1, (SELECT COALESCE(MAX(revision), 0) + 1 FROM devices));\n";
    }
    ClientOptions o = w().Client("");
    o.cert_file = prefix + ".crt.pem";
    o.key_file = prefix + ".key.pem";
    return o;
  }

  // Revokes a device while a keep-alive connection of it is open and measures how long until that
  // connection is closed and a new handshake is refused.
  // `clock_after_revoke`: the revocation happens in another process, which commits it just
  // before it exits; the clock starts then (its start-up is not the server's business).
  static void ExpectCutOffWithinASecond(const std::string& device,
                                        const std::function<void()>& revoke,
                                        bool clock_after_revoke) {
    const std::string token = [&] {
      const Account& a = w().account("tenant-a", "supervisor");
      auto conn_login =
          testing::Call(w().Client(device), "POST", "/api/v1/login",
                        {{"tenant", "tenant-a"}, {"login", a.login}, {"password", a.password}}, "");
      EXPECT_EQ(conn_login.status, 200) << conn_login.body;
      return conn_login.Json().value("token", "");
    }();
    std::string err;
    auto conn = HttpsConnection::Connect(w().Client(device), &err);
    ASSERT_NE(conn, nullptr) << err;
    EXPECT_EQ(conn->Request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status,
              200);
    auto t0 = Clock::now();
    revoke();
    if (clock_after_revoke) t0 = Clock::now();
    EXPECT_TRUE(conn->PeerClosed(2000)) << "the open connection of the revoked device stays open";
    const auto closed_ms = MillisSince(t0);
    EXPECT_LE(closed_ms, 1000) << "closed after " << closed_ms << " ms";
    EXPECT_TRUE(Refused(w().Client(device)));
    const auto refused_ms = MillisSince(t0);
    EXPECT_LE(refused_ms, 1000) << "new handshakes refused after " << refused_ms << " ms";
    std::printf("# %s: open connection closed after %lld ms, new handshake refused by %lld ms\n",
                device.c_str(), closed_ms, refused_ms);
    // Its sessions ended in the revoking transaction.
    EXPECT_EQ(w().Sql("tenant-a",
                      "SELECT count(*) FROM sessions s JOIN devices d ON d.id ="
                      " s.device_id WHERE d.name = '" +
                          device + "';"),
              "0\n");
  }

  static World* world_;
};
World* DeviceTest::world_ = nullptr;

TEST_F(DeviceTest, OnlyAnEnrolledDevicesCertificateGetsAnAnswer) {
  // An enrolled tablet: answered.
  EXPECT_FALSE(Refused(w().Client("tenant-a")));
  // No certificate at all: no answer, with TLS 1.2 (the handshake fails) and TLS 1.3.
  ClientOptions none = w().Client("");
  EXPECT_TRUE(Refused(none));
  ClientOptions none12 = none;
  none12.max_version = TLS1_2_VERSION;
  std::string err;
  EXPECT_EQ(HttpsConnection::Connect(none12, &err), nullptr) << "TLS 1.2 handshake must fail";
  // A certificate of another CA (with the same tenant and a known device id in it).
  auto other_ca = crypto::CreateCertificateAuthority("someone else's CA", 30);
  ASSERT_TRUE(other_ca.ok());
  auto forged = crypto::IssueClientCertificate(*other_ca, "dev_forged", "tenant-a", 30);
  ASSERT_TRUE(forged.ok());
  const std::string prefix = w().data() + "/../forged";
  WriteAll(prefix + ".crt.pem", forged->certificate_pem);
  WriteAll(prefix + ".key.pem", forged->private_key_pem);
  ClientOptions other = none;
  other.cert_file = prefix + ".crt.pem";
  other.key_file = prefix + ".key.pem";
  EXPECT_TRUE(Refused(other));
  // Made by the tenant's own CA but never enrolled: refused too.
  const auto now = std::chrono::system_clock::now();
  EXPECT_TRUE(Refused(MadeWithTenantCa("unenrolled", now - std::chrono::hours(1),
                                       now + std::chrono::hours(24), nullptr)));
}

TEST_F(DeviceTest, AnExpiredCertificateIsRefusedEvenForAnActiveDevice) {
  const auto now = std::chrono::system_clock::now();
  // Registered together, in one transaction, with a valid control: once the control is accepted
  // the server has loaded all three, and only the dates can refuse the other two.
  std::string sql = "BEGIN;\n";
  const ClientOptions valid = MadeWithTenantCa("valid-one", now - std::chrono::hours(1),
                                               now + std::chrono::hours(24), &sql);
  const ClientOptions expired = MadeWithTenantCa("expired-one", now - std::chrono::hours(48),
                                                 now - std::chrono::hours(24), &sql);
  const ClientOptions early = MadeWithTenantCa("not-yet-valid", now + std::chrono::hours(24),
                                               now + std::chrono::hours(48), &sql);
  w().Sql("tenant-a", sql + "COMMIT;", true);
  ASSERT_TRUE(Eventually([&] { return !Refused(valid); }));
  EXPECT_TRUE(Refused(expired));
  EXPECT_TRUE(Refused(early));
  EXPECT_FALSE(Refused(valid)) << "the control still works right after";
}

TEST_F(DeviceTest, ATabletOfTenantACannotSignInToTenantB) {
  const Account& b = w().account("tenant-b", "caseworker");
  auto r =
      testing::Call(w().Client("tenant-a"), "POST", "/api/v1/login",
                    {{"tenant", "tenant-b"}, {"login", b.login}, {"password", b.password}}, "");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.Json()["error"]["code"], "device_not_of_tenant");
  // Its own tenant's tablet signs in.
  EXPECT_FALSE(Login("tenant-b", "caseworker", "tenant-b").empty());
  // The same answer for a tenant that does not exist (the refusal reveals no tenant).
  auto unknown = testing::Call(w().Client("tenant-a"), "POST", "/api/v1/login",
                               {{"tenant", "tenant-x"}, {"login", b.login}, {"password", "x"}}, "");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.Json()["error"]["code"], "device_not_of_tenant");
  // Recorded in the device's own tenant's log (twice), nothing in tenant B's.
  EXPECT_EQ(
      w().Sql("tenant-b", "SELECT count(*) FROM audit_log WHERE detail = 'device_not_of_tenant';"),
      "0\n");
  const std::string row =
      w().Sql("tenant-a",
              "SELECT result, detail, CASE WHEN device_id <> '' THEN 1 ELSE 0 END FROM audit_log"
              " WHERE detail ="
              " 'device_not_of_tenant';");
  EXPECT_EQ(row, "denied|device_not_of_tenant|1\ndenied|device_not_of_tenant|1\n");
}

TEST_F(DeviceTest, ASessionTokenReplayedFromAnotherDeviceIs401) {
  const std::string token = Login("tenant-a", "caseworker", "tenant-a");
  EXPECT_EQ(testing::Call(w().Client("tenant-a"), "GET", "/api/v1/me", nullptr, token).status, 200);
  auto replay = testing::Call(w().Client("tenant-a-tab2"), "GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(replay.Json()["error"]["code"], "session_device_mismatch");
  // The session still works from its own device.
  EXPECT_EQ(testing::Call(w().Client("tenant-a"), "GET", "/api/v1/me", nullptr, token).status, 200);
}

TEST_F(DeviceTest, RevokingFromTheCommandLineCutsTheDeviceOffWithinASecond) {
  w().EnrollDevice("tenant-a", "cli-revoked-tab");
  ASSERT_TRUE(Eventually([] { return !Refused(w().Client("cli-revoked-tab")); }))
      << "a device enrolled on a running server is accepted once polled";
  ExpectCutOffWithinASecond(
      "cli-revoked-tab",
      [] {
        RunOk({"device", "revoke", "--data", w().data(), "--tenant", "tenant-a", "--name",
               "cli-revoked-tab", "--reason", "stolen"});
      },
      true);
  const std::string row =
      w().Sql("tenant-a",
              "SELECT d.state, a.address, a.detail FROM devices d JOIN audit_log a ON a.action ="
              " 'device.revoke' AND a.target_ids LIKE '%' || d.id || '%' WHERE d.name = "
              "'cli-revoked-tab';");
  EXPECT_EQ(row, "lost|cli|stolen\n");
}

TEST_F(DeviceTest, AnAdminEnrollsAndRevokesThroughTheApi) {
  const std::string admin = Login("tenant-a", "admin", "tenant-a");
  auto bad = testing::Call(w().Client("tenant-a"), "POST", "/api/v1/devices",
                           {{"name", "山田さんの端末"}, {"kind", "tablet"}}, admin);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "name");
  const std::string worker = Login("tenant-a", "caseworker", "tenant-a");
  EXPECT_EQ(testing::Call(w().Client("tenant-a"), "POST", "/api/v1/devices",
                          {{"name", "x1"}, {"kind", "tablet"}}, worker)
                .status,
            403);

  auto enrolled = testing::Call(w().Client("tenant-a"), "POST", "/api/v1/devices",
                                {{"name", "api-tab"}, {"kind", "tablet"}}, admin);
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  const json body = enrolled.Json();
  const std::string id = body["device"]["id"];
  // The PKCS#12 opens with its password (and not without), and the identity in it connects.
  const std::string dir = w().data() + "/..";
  const std::string p12_b64 = body["pkcs12_base64"];
  WriteAll(dir + "/api-tab.p12.b64", p12_b64);
  const std::string password = body["pkcs12_password"];
  ASSERT_EQ(
      std::system(("base64 -d " + dir + "/api-tab.p12.b64 > " + dir + "/api-tab.p12").c_str()), 0);
  EXPECT_NE(std::system(("openssl pkcs12 -in " + dir + "/api-tab.p12 -passin pass:wrong -noout " +
                         "2>/dev/null")
                            .c_str()),
            0);
  ASSERT_EQ(std::system(("openssl pkcs12 -in " + dir + "/api-tab.p12 -passin pass:" + password +
                         " -nodes -out " + dir + "/api-tab.pem 2>/dev/null")
                            .c_str()),
            0);
  ClientOptions from_p12 = w().Client("");
  from_p12.cert_file = dir + "/api-tab.pem";
  from_p12.key_file = dir + "/api-tab.pem";
  EXPECT_FALSE(Refused(from_p12)) << "enrolled through the API: accepted at once";

  auto list = testing::Call(w().Client("tenant-a"), "GET", "/api/v1/devices", nullptr, admin);
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  const json items = list.Json()["items"];
  for (const auto& d : items) listed = listed || d["id"] == id;
  EXPECT_TRUE(listed);

  // Revoked through the API while its keep-alive connection is open.
  w().EnrollDevice("tenant-a", "api-revoked-tab");
  ASSERT_TRUE(Eventually([] { return !Refused(w().Client("api-revoked-tab")); }));
  const std::string target =
      w().Sql("tenant-a", "SELECT id FROM devices WHERE name = 'api-revoked-tab';");
  const std::string target_id = target.substr(0, target.find('\n'));
  ExpectCutOffWithinASecond(
      "api-revoked-tab",
      [&] {
        auto r = testing::Call(w().Client("tenant-a"), "POST",
                               "/api/v1/devices/" + target_id + "/revoke", {{"reason", "retired"}},
                               admin);
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.Json()["state"], "revoked");
      },
      false);
  const std::string own =
      w().Sql("tenant-a", "SELECT id FROM devices WHERE name = 'tenant-a-tab';");
  auto self = testing::Call(w().Client("tenant-a"), "POST",
                            "/api/v1/devices/" + own.substr(0, own.find('\n')) + "/revoke",
                            {{"reason", "lost"}}, admin);
  EXPECT_EQ(self.status, 400) << self.body;
  EXPECT_EQ(self.Json()["error"]["code"], "current_device");
  const std::string audited =
      w().Sql("tenant-a",
              "SELECT CASE WHEN a.user_id <> '' THEN 1 ELSE 0 END, a.detail FROM audit_log a"
              " WHERE a.action ="
              " 'device.revoke' AND a.target_ids LIKE '%" +
                  target_id + "%';");
  EXPECT_EQ(audited, "1|retired\n");
  auto again =
      testing::Call(w().Client("tenant-a"), "POST", "/api/v1/devices/" + target_id + "/revoke",
                    {{"reason", "retired"}}, admin);
  EXPECT_EQ(again.status, 409);
}

TEST_F(DeviceTest, AUserReportsTheirLostTabletFromAnotherDevice) {
  w().EnrollDevice("tenant-a", "lost-tab");
  ASSERT_TRUE(Eventually([] { return !Refused(w().Client("lost-tab")); }));
  // The worker used lost-tab, then signs in on their usual tablet and reports it.
  Login("tenant-a", "caseworker", "lost-tab");
  const std::string token = Login("tenant-a", "caseworker", "tenant-a");
  auto own = testing::Call(w().Client("tenant-a"), "GET", "/api/v1/me/devices", nullptr, token);
  ASSERT_EQ(own.status, 200);
  std::string lost_id;
  const json own_items = own.Json()["items"];
  for (const auto& d : own_items) {
    if (d["name"] == "lost-tab") lost_id = d["id"];
  }
  ASSERT_FALSE(lost_id.empty()) << own.body;
  // Someone else cannot.
  const std::string other = Login("tenant-a", "supervisor", "tenant-a-tab2");
  EXPECT_EQ(testing::Call(w().Client("tenant-a-tab2"), "POST",
                          "/api/v1/me/devices/" + lost_id + "/lost", json::object(), other)
                .status,
            404);
  auto lost = testing::Call(w().Client("tenant-a"), "POST",
                            "/api/v1/me/devices/" + lost_id + "/lost", json::object(), token);
  EXPECT_EQ(lost.status, 200) << lost.body;
  EXPECT_EQ(lost.Json()["state"], "lost");
  EXPECT_TRUE(Eventually([] { return Refused(w().Client("lost-tab")); }));
}

TEST_F(DeviceTest, EnrolmentNeverOverwritesKeyFiles) {
  const std::string prefix = w().data() + "/../existing";
  WriteAll(prefix + ".key.pem", "another device's key");
  auto r = RunYorisoi({"device", "enroll", "--data", w().data(), "--tenant", "tenant-a", "--name",
                       "overwrite-try", "--kind", "tablet", "--out", prefix});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--out"), std::string::npos) << r.err;
  EXPECT_EQ(ReadAll(prefix + ".key.pem"), "another device's key");
  EXPECT_EQ(w().Sql("tenant-a", "SELECT count(*) FROM devices WHERE name = 'overwrite-try';"),
            "0\n");
}

}  // namespace
}  // namespace yorisoi::testing
