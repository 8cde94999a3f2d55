// The TLS policy of the listener, checked with real OpenSSL clients.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    world_->Start();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(world_->server().Stop(), 0);
    delete world_;
  }
  static World* world_;
};
World* TlsTest::world_ = nullptr;

TEST_F(TlsTest, Tls13IsNegotiatedAndTheCertificateVerifies) {
  std::string err;
  auto conn = HttpsConnection::Connect(world_->Client(), &err);
  ASSERT_TRUE(conn) << err;
  EXPECT_EQ(conn->NegotiatedProtocol(), "TLSv1.3");
}

TEST_F(TlsTest, Tls12WithStrongSuitesIsAccepted) {
  auto o = world_->Client();
  o.max_version = TLS1_2_VERSION;
  std::string err;
  auto conn = HttpsConnection::Connect(o, &err);
  ASSERT_TRUE(conn) << err;
  EXPECT_EQ(conn->NegotiatedProtocol(), "TLSv1.2");
  EXPECT_EQ(conn->Request("GET", "/api/v1/me").status, 401);
}

TEST_F(TlsTest, Tls11IsRefused) {
  auto o = world_->Client();
  o.min_version = TLS1_1_VERSION;
  o.max_version = TLS1_1_VERSION;
  o.cipher_list = "DEFAULT:@SECLEVEL=0";  // let the client offer it, so the refusal is the server's
  std::string err;
  EXPECT_EQ(HttpsConnection::Connect(o, &err), nullptr);
  EXPECT_FALSE(err.empty());
}

TEST_F(TlsTest, WeakTls12SuitesAreRefused) {
  auto o = world_->Client();
  o.max_version = TLS1_2_VERSION;
  o.cipher_list =
      "AES128-SHA:AES256-SHA:ECDHE-ECDSA-AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0";  // no AEAD
  std::string err;
  EXPECT_EQ(HttpsConnection::Connect(o, &err), nullptr);
}

TEST_F(TlsTest, TheCertificateNamesLocalhostAndVerifiesAgainstTheInstallationCa) {
  auto o = world_->Client();
  o.server_name = "evil.example";
  std::string err;
  EXPECT_EQ(HttpsConnection::Connect(o, &err), nullptr)
      << "hostname mismatch must fail verification";
  o.server_name = "localhost";
  EXPECT_NE(HttpsConnection::Connect(o, &err), nullptr) << err;
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
  const std::string cmd =
      "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(world_->server().https_port()) +
      "; printf 'GET /api/v1/me HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&3; timeout 5 cat <&3";
  std::string out;
  FILE* p = ::popen(("bash -c \"" + cmd + "\" 2>/dev/null").c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  EXPECT_EQ(out.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(out.find("HTTP/1.1 401"), std::string::npos);
}

}  // namespace
}  // namespace yorisoi::testing
