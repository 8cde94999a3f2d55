// Mutual TLS of the network layer: a net::Server in this process with a tiny handler that echoes
// the connection's client certificate, and real OpenSSL clients with and without device
// certificates (made with crypto::, in a temporary folder). Runs under ASan/UBSan like the rest.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "crypto/x509.hpp"
#include "net/http_types.hpp"
#include "net/server.hpp"

namespace yorisoi::net {
namespace {

using crypto::KeyAndCertificate;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

KeyAndCertificate Must(core::Result<KeyAndCertificate> r) {
  if (!r.ok()) throw std::runtime_error("test PKI: " + r.error().message);
  return std::move(r).value();
}

std::string Fingerprint(const KeyAndCertificate& c) {
  auto info = crypto::InspectCertificate(c.certificate_pem);
  if (!info.ok()) throw std::runtime_error("inspect: " + info.error().message);
  return info->sha256_fingerprint;
}

// Every certificate the tests use, made once per binary.
struct Pki {
  Pki() {
    std::string pattern = (std::filesystem::temp_directory_path() / "yorisoi-mtls-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir = pattern;
    installation_ca = Must(crypto::CreateCertificateAuthority("Yorisoi installation CA", 30));
    server = Must(crypto::IssueServerCertificate(installation_ca, {"localhost", "127.0.0.1"}, 30));
    server_cert_file = dir + "/server.crt.pem";
    server_key_file = dir + "/server.key.pem";
    ca_file = dir + "/ca.crt.pem";
    std::ofstream(server_cert_file) << server.certificate_pem;
    std::ofstream(server_key_file) << server.private_key_pem;
    std::ofstream(ca_file) << installation_ca.certificate_pem;

    ca_a = Must(crypto::CreateCertificateAuthority("Yorisoi device CA tenant-a", 30));
    ca_b = Must(crypto::CreateCertificateAuthority("Yorisoi device CA tenant-b", 30));
    ca_other = Must(crypto::CreateCertificateAuthority("Some other CA", 30));
    a1 = Must(crypto::IssueClientCertificate(ca_a, "dev-a1", "tenant-a", 30));
    a2 = Must(crypto::IssueClientCertificate(ca_a, "dev-a2", "tenant-a", 30));
    b1 = Must(crypto::IssueClientCertificate(ca_b, "dev-b1", "tenant-b", 30));
    other = Must(crypto::IssueClientCertificate(ca_other, "dev-a1", "tenant-a", 30));
    const auto now = std::chrono::system_clock::now();
    const auto day = std::chrono::hours(24);
    expired = Must(
        crypto::IssueClientCertificateValid(ca_a, "dev-old", "tenant-a", now - 9 * day, now - day));
    not_yet_valid = Must(
        crypto::IssueClientCertificateValid(ca_a, "dev-new", "tenant-a", now + day, now + 9 * day));
    // Chains to CA A, but is a server certificate (extendedKeyUsage serverAuth only).
    server_auth_only = Must(crypto::IssueServerCertificate(ca_a, {"dev-a9"}, 30));
  }
  ~Pki() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Pki(const Pki&) = delete;
  Pki& operator=(const Pki&) = delete;

  std::string dir;
  std::string server_cert_file;
  std::string server_key_file;
  std::string ca_file;
  KeyAndCertificate installation_ca, server, ca_a, ca_b, ca_other;
  KeyAndCertificate a1, a2, b1, other, expired, not_yet_valid, server_auth_only;
};

const Pki& pki() {
  static const Pki instance;
  return instance;
}

// Answers 200 with "fingerprint|serial|CN|O" of request.peer, or "no-peer". GET /block waits
// until Release() (at most 10 s) before answering.
class PeerEchoHandler final : public Handler {
 public:
  Response Handle(const Request& request) override {
    if (request.Path() == "/block") {
      std::unique_lock lock(mutex_);
      ++blocked_;
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(10), [&] { return released_; });
    }
    Response response;
    response.status = 200;
    response.body = request.peer
                        ? request.peer->sha256_fingerprint + "|" + request.peer->serial_hex + "|" +
                              request.peer->common_name + "|" + request.peer->organization
                        : "no-peer";
    return response;
  }
  Response HandleProtocolError(const core::Error& /*error*/) override {
    Response response;
    response.status = 400;
    return response;
  }
  bool WaitBlocked(int count) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return blocked_ >= count; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int blocked_ = 0;
  bool released_ = false;
};

// The revocation list `accept` consults, as the application's device registry would.
class Revocations {
 public:
  void Revoke(const std::string& fingerprint) {
    std::lock_guard lock(mutex_);
    revoked_.insert(fingerprint);
  }
  bool Accept(const PeerCertificate& peer) {
    std::lock_guard lock(mutex_);
    seen_.push_back(peer);
    return revoked_.count(peer.sha256_fingerprint) == 0;
  }
  std::vector<PeerCertificate> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::set<std::string> revoked_;
  std::vector<PeerCertificate> seen_;
};

// A net::Server running on its own thread, one HTTPS listener on 127.0.0.1.
class TestServer {
 public:
  TestServer(Handler& handler, ClientAuthOptions client_auth) {
    ServerOptions options;
    ListenerOptions listener;
    listener.address = "127.0.0.1";
    listener.port = 0;
    listener.tls = true;
    listener.handler = &handler;
    options.listeners = {listener};
    options.tls.certificate_chain_file = pki().server_cert_file;
    options.tls.private_key_file = pki().server_key_file;
    options.tls.client_auth = std::move(client_auth);
    options.read_timeout = std::chrono::seconds(10);
    options.idle_timeout = std::chrono::seconds(30);
    options.shutdown_grace = std::chrono::seconds(2);
    options.threads = 2;
    server_ = std::make_unique<Server>(std::move(options));
    port_ = server_->BoundPorts().at(0);
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~TestServer() { Stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Stops the server and returns how long Run() took to return.
  Clock::duration Stop() {
    if (!thread_.joinable()) return {};
    const auto start = Clock::now();
    server_->Stop();
    thread_.join();
    return Clock::now() - start;
  }
  Server& server() { return *server_; }
  uint16_t port() const { return port_; }

 private:
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

ClientAuthOptions Required(std::vector<std::string> cas, Revocations* revocations = nullptr) {
  ClientAuthOptions o;
  o.required = true;
  o.trusted_ca_pems = std::move(cas);
  if (revocations != nullptr) {
    o.accept = [revocations](const PeerCertificate& peer) { return revocations->Accept(peer); };
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// A small OpenSSL client with an optional client certificate.

struct ClientOptions {
  const KeyAndCertificate* identity = nullptr;  // no client certificate when null
  int version = 0;                              // TLS1_2_VERSION or TLS1_3_VERSION; 0: either
  SSL_SESSION* resume = nullptr;                // a session to resume
  std::atomic<bool>* asked = nullptr;  // set when the server asks for a certificate (no identity)
};

struct Answer {
  int status = 0;
  std::string body;
};

std::string TakeOpenSslErrors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(code, buf.data(), buf.size());
    if (!out.empty()) out += "; ";
    out += buf.data();
  }
  return out;
}

class Client {
 public:
  // Connects and runs the TLS handshake; nullptr (and *error) when the handshake fails.
  static std::unique_ptr<Client> Connect(uint16_t port, const ClientOptions& o,
                                         std::string* error = nullptr) {
    static const bool sigpipe_ignored = [] {
      std::signal(SIGPIPE, SIG_IGN);  // writes to a refused connection must fail, not kill
      return true;
    }();
    (void)sigpipe_ignored;
    std::unique_ptr<Client> c(new Client());
    auto fail = [&](const std::string& what) -> std::unique_ptr<Client> {
      if (error != nullptr) *error = what + ": " + TakeOpenSslErrors();
      ERR_clear_error();
      return nullptr;
    };
    c->ctx_ = SSL_CTX_new(TLS_client_method());
    if (c->ctx_ == nullptr) return fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(c->ctx_, o.version != 0 ? o.version : TLS1_2_VERSION);
    if (o.version != 0) SSL_CTX_set_max_proto_version(c->ctx_, o.version);
    if (SSL_CTX_load_verify_locations(c->ctx_, pki().ca_file.c_str(), nullptr) != 1)
      return fail("load CA");
    SSL_CTX_set_verify(c->ctx_, SSL_VERIFY_PEER, nullptr);
    if (o.identity != nullptr) {
      if (!UseIdentity(c->ctx_, *o.identity)) return fail("client certificate");
    } else if (o.asked != nullptr) {
      SSL_CTX_set_app_data(c->ctx_, o.asked);
      SSL_CTX_set_client_cert_cb(c->ctx_, [](SSL* ssl, X509** /*x509*/, EVP_PKEY** /*pkey*/) {
        static_cast<std::atomic<bool>*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)))->store(true);
        return 0;  // no certificate
      });
    }
    c->fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(c->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      return fail("connect");
    int one = 1;
    ::setsockopt(c->fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{5, 0};  // no test waits forever
    ::setsockopt(c->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(c->fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    c->ssl_ = SSL_new(c->ctx_);
    SSL_set_fd(c->ssl_, c->fd_);
    SSL_set1_host(c->ssl_, "localhost");
    if (o.resume != nullptr) SSL_set_session(c->ssl_, o.resume);
    if (SSL_connect(c->ssl_) != 1) return fail("TLS handshake");
    return c;
  }

  ~Client() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool Send(const std::string& path) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const int n = SSL_write(ssl_, request.data(), static_cast<int>(request.size()));
    ERR_clear_error();
    return n == static_cast<int>(request.size());
  }
  // The next answer; nullopt when the connection fails or closes first.
  std::optional<Answer> Read() {
    std::size_t end = 0;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    Answer answer;
    answer.status = std::stoi(head.substr(head.find(' ') + 1, 3));
    std::size_t length = 0;
    const auto cl = head.find("Content-Length: ");
    if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    answer.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return answer;
  }
  std::optional<Answer> Get(const std::string& path) {
    if (!Send(path)) return std::nullopt;
    return Read();
  }
  // True when the server closes the connection (EOF or reset, no data) within `timeout`.
  bool ClosedWithin(milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    std::array<char, 256> tmp{};
    const int n = SSL_read(ssl_, tmp.data(), static_cast<int>(tmp.size()));
    ERR_clear_error();
    return n <= 0;
  }
  SSL_SESSION* TakeSession() { return SSL_get1_session(ssl_); }
  // Sends close_notify. Without it, SSL_free marks the session as not resumable.
  void Shutdown() {
    SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  bool Resumed() const { return SSL_session_reused(ssl_) == 1; }
  std::string Protocol() const { return SSL_get_version(ssl_); }

 private:
  Client() = default;
  static bool UseIdentity(SSL_CTX* ctx, const KeyAndCertificate& identity) {
    BIO* cert_bio = BIO_new_mem_buf(identity.certificate_pem.data(),
                                    static_cast<int>(identity.certificate_pem.size()));
    X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    BIO_free(cert_bio);
    BIO* key_bio = BIO_new_mem_buf(identity.private_key_pem.data(),
                                   static_cast<int>(identity.private_key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(key_bio);
    const bool ok = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(ctx, cert) == 1 &&
                    SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
  }
  bool Fill() {
    std::array<char, 16384> tmp{};
    const int n = SSL_read(ssl_, tmp.data(), static_cast<int>(tmp.size()));
    ERR_clear_error();
    if (n <= 0) return false;
    buffer_.append(tmp.data(), static_cast<std::size_t>(n));
    return true;
  }

  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
  std::string buffer_;
};

struct SessionFree {
  void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
};
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;

// One request on a fresh connection; nullopt when no HTTP answer comes (handshake or first
// read refused).
std::optional<Answer> Exchange(uint16_t port, const KeyAndCertificate* identity, int version = 0) {
  ClientOptions o;
  o.identity = identity;
  o.version = version;
  auto client = Client::Connect(port, o);
  if (!client) return std::nullopt;
  return client->Get("/");
}

std::string ExpectedBody(const KeyAndCertificate& c) {
  auto info = crypto::InspectCertificate(c.certificate_pem);
  if (!info.ok()) throw std::runtime_error("inspect");
  return info->sha256_fingerprint + "|" + info->serial_hex + "|" + info->common_name + "|" +
         info->organization;
}

constexpr std::array<int, 2> kVersions{TLS1_2_VERSION, TLS1_3_VERSION};

std::string VersionName(int version) { return version == TLS1_2_VERSION ? "TLS 1.2" : "TLS 1.3"; }

// ---------------------------------------------------------------------------------------------

TEST(MtlsTest, AValidDeviceCertificateGets200AndTheHandlerSeesItsPeer) {
  PeerEchoHandler handler;
  Revocations revocations;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}, &revocations));
  for (const int version : kVersions) {
    SCOPED_TRACE(VersionName(version));
    ClientOptions o;
    o.identity = &pki().a1;
    o.version = version;
    std::string error;
    auto client = Client::Connect(server.port(), o, &error);
    ASSERT_NE(client, nullptr) << error;
    EXPECT_EQ(client->Protocol(), version == TLS1_2_VERSION ? "TLSv1.2" : "TLSv1.3");
    auto answer = client->Get("/");
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
    // Fingerprint, serial, CN and O exactly as crypto::InspectCertificate gives them.
    EXPECT_EQ(answer->body, ExpectedBody(pki().a1));
    EXPECT_NE(answer->body.find("|dev-a1|tenant-a"), std::string::npos);
    // Every request of the keep-alive connection carries it.
    auto again = client->Get("/");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->body, ExpectedBody(pki().a1));
  }
  // `accept` was shown the same certificate, once per full handshake.
  const auto seen = revocations.seen();
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& peer : seen) {
    EXPECT_EQ(peer.sha256_fingerprint, Fingerprint(pki().a1));
    EXPECT_EQ(peer.common_name, "dev-a1");
    EXPECT_EQ(peer.organization, "tenant-a");
  }
}

TEST(MtlsTest, NoClientCertificateGetsNoAnswer) {
  PeerEchoHandler handler;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}));
  {
    // TLS 1.2: the handshake itself fails.
    ClientOptions o;
    o.version = TLS1_2_VERSION;
    EXPECT_EQ(Client::Connect(server.port(), o), nullptr);
  }
  {
    // TLS 1.3: the client considers the handshake done before the server has seen its (empty)
    // certificate; the refusal arrives on the first read.
    ClientOptions o;
    o.version = TLS1_3_VERSION;
    std::string error;
    auto client = Client::Connect(server.port(), o, &error);
    ASSERT_NE(client, nullptr) << error;
    EXPECT_FALSE(client->Get("/").has_value());
  }
  for (const int version : kVersions) {
    EXPECT_FALSE(Exchange(server.port(), nullptr, version).has_value()) << VersionName(version);
  }
}

TEST(MtlsTest, CertificatesThatDoNotVerifyGetNoAnswer) {
  PeerEchoHandler handler;
  Revocations revocations;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}, &revocations));
  const std::vector<std::pair<std::string, const KeyAndCertificate*>> refused = {
      {"another CA (same CN and O)", &pki().other},
      {"a trusted CA's name but not yet trusted: tenant B", &pki().b1},
      {"expired", &pki().expired},
      {"not yet valid", &pki().not_yet_valid},
      {"serverAuth only", &pki().server_auth_only},
      {"the server's own certificate", &pki().server},
  };
  for (const int version : kVersions) {
    for (const auto& [what, identity] : refused) {
      EXPECT_FALSE(Exchange(server.port(), identity, version).has_value())
          << what << ", " << VersionName(version);
    }
    // The control: the same server answers a good device.
    EXPECT_TRUE(Exchange(server.port(), &pki().a1, version).has_value());
  }
  // `accept` is never asked about a certificate whose chain failed.
  for (const auto& peer : revocations.seen()) EXPECT_EQ(peer.common_name, "dev-a1");
}

TEST(MtlsTest, AcceptSayingNoRefusesTheHandshake) {
  PeerEchoHandler handler;
  Revocations revocations;
  revocations.Revoke(Fingerprint(pki().a2));
  TestServer server(handler, Required({pki().ca_a.certificate_pem}, &revocations));
  for (const int version : kVersions) {
    EXPECT_FALSE(Exchange(server.port(), &pki().a2, version).has_value()) << VersionName(version);
    EXPECT_TRUE(Exchange(server.port(), &pki().a1, version).has_value()) << VersionName(version);
  }
}

TEST(MtlsTest, AnAcceptThatThrowsRefuses) {
  PeerEchoHandler handler;
  ClientAuthOptions o = Required({pki().ca_a.certificate_pem});
  o.accept = [](const PeerCertificate& peer) -> bool {
    if (peer.common_name == "dev-a2") throw std::runtime_error("registry down");
    return true;
  };
  TestServer server(handler, std::move(o));
  EXPECT_FALSE(Exchange(server.port(), &pki().a2).has_value());
  EXPECT_TRUE(Exchange(server.port(), &pki().a1).has_value());
}

TEST(MtlsTest, SetTrustedClientCasReplacesTheTrustForNewHandshakes) {
  PeerEchoHandler handler;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}));
  EXPECT_FALSE(Exchange(server.port(), &pki().b1).has_value());

  // A long-lived connection of A made before any change.
  ClientOptions o;
  o.identity = &pki().a1;
  auto kept = Client::Connect(server.port(), o);
  ASSERT_NE(kept, nullptr);
  ASSERT_TRUE(kept->Get("/").has_value());

  // Tenant B added.
  server.server().SetTrustedClientCas({pki().ca_a.certificate_pem, pki().ca_b.certificate_pem});
  for (const int version : kVersions) {
    auto b = Exchange(server.port(), &pki().b1, version);
    ASSERT_TRUE(b.has_value()) << VersionName(version);
    EXPECT_EQ(b->body, ExpectedBody(pki().b1));
    EXPECT_TRUE(Exchange(server.port(), &pki().a1, version).has_value());
  }

  // Replaced, not added to: without A's CA, A's devices are refused from now on...
  server.server().SetTrustedClientCas({pki().ca_b.certificate_pem});
  EXPECT_FALSE(Exchange(server.port(), &pki().a1).has_value());
  EXPECT_TRUE(Exchange(server.port(), &pki().b1).has_value());
  // ...while established connections are not re-checked (CloseConnections does that).
  EXPECT_TRUE(kept->Get("/").has_value());

  // Something that is not a CA certificate is refused, and the trust stays as it was.
  EXPECT_THROW(server.server().SetTrustedClientCas({pki().ca_a.certificate_pem, "garbage"}),
               std::invalid_argument);
  EXPECT_THROW(server.server().SetTrustedClientCas({pki().a1.certificate_pem}),
               std::invalid_argument);
  EXPECT_FALSE(Exchange(server.port(), &pki().a1).has_value());
  EXPECT_TRUE(Exchange(server.port(), &pki().b1).has_value());

  // No CA at all: nobody gets in.
  server.server().SetTrustedClientCas({});
  EXPECT_FALSE(Exchange(server.port(), &pki().b1).has_value());
}

TEST(MtlsTest, AnInvalidInitialCaFailsTheStart) {
  PeerEchoHandler handler;
  EXPECT_THROW(TestServer(handler, Required({"not a certificate"})), std::runtime_error);
  EXPECT_THROW(TestServer(handler, Required({pki().a1.certificate_pem})), std::runtime_error);
}

TEST(MtlsTest, CloseConnectionsCutsOffOneDeviceWithinASecondAndLeavesTheOthers) {
  PeerEchoHandler handler;
  Revocations revocations;
  TestServer server(
      handler, Required({pki().ca_a.certificate_pem, pki().ca_b.certificate_pem}, &revocations));
  ClientOptions o1;
  o1.identity = &pki().a1;
  ClientOptions o1_tls12 = o1;
  o1_tls12.version = TLS1_2_VERSION;
  ClientOptions o2;
  o2.identity = &pki().a2;
  ClientOptions ob;
  ob.identity = &pki().b1;
  auto a1 = Client::Connect(server.port(), o1);
  auto a1_tls12 = Client::Connect(server.port(), o1_tls12);
  auto a2 = Client::Connect(server.port(), o2);
  auto b1 = Client::Connect(server.port(), ob);
  ASSERT_TRUE(a1 && a1_tls12 && a2 && b1);
  for (Client* c : {a1.get(), a1_tls12.get(), a2.get(), b1.get()}) {
    auto answer = c->Get("/");
    ASSERT_TRUE(answer.has_value());
    ASSERT_EQ(answer->status, 200);
  }

  // The application marks the device revoked (so `accept` refuses it), then closes its
  // connections: here two idle keep-alive connections of dev-a1.
  const std::string revoked = Fingerprint(pki().a1);
  revocations.Revoke(revoked);
  const auto start = Clock::now();
  const std::size_t closed = server.server().CloseConnections(
      [&](const PeerCertificate& peer) { return peer.sha256_fingerprint == revoked; });
  EXPECT_EQ(closed, 2u);
  EXPECT_TRUE(a1->ClosedWithin(milliseconds(1000)));
  EXPECT_TRUE(a1_tls12->ClosedWithin(milliseconds(1000)));
  const auto elapsed = Clock::now() - start;
  EXPECT_LT(elapsed, milliseconds(1000));
  std::printf("[ INFO     ] revoked device's connections closed after %lld us\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));

  // The other devices' connections stay usable.
  for (Client* c : {a2.get(), b1.get()}) {
    auto answer = c->Get("/");
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
  }
  EXPECT_FALSE(a2->ClosedWithin(milliseconds(100)));
  // The revoked device cannot come back.
  EXPECT_FALSE(Exchange(server.port(), &pki().a1).has_value());
  // Nothing more to close for it (its refused attempt does not count); a match on the
  // organisation finds tenant A's remaining connection.
  EXPECT_EQ(server.server().CloseConnections(
                [&](const PeerCertificate& peer) { return peer.sha256_fingerprint == revoked; }),
            0u);
  EXPECT_EQ(server.server().CloseConnections(
                [](const PeerCertificate& peer) { return peer.organization == "tenant-a"; }),
            1u);
  EXPECT_TRUE(a2->ClosedWithin(milliseconds(1000)));
  EXPECT_TRUE(b1->Get("/").has_value());
  // A device that was not revoked simply connects again.
  EXPECT_TRUE(Exchange(server.port(), &pki().a2).has_value());
}

TEST(MtlsTest, CloseConnectionsAbandonsAnInFlightRequest) {
  PeerEchoHandler handler;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}));
  ClientOptions o;
  o.identity = &pki().a1;
  auto client = Client::Connect(server.port(), o);
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Send("/block"));
  ASSERT_TRUE(handler.WaitBlocked(1));

  const auto start = Clock::now();
  EXPECT_EQ(server.server().CloseConnections([](const PeerCertificate&) { return true; }), 1u);
  // Closed while the handler is still busy with the request: the device reads EOF at once...
  EXPECT_TRUE(client->ClosedWithin(milliseconds(1000)));
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  // ...and the answer computed afterwards never reaches it.
  handler.Release();
  EXPECT_FALSE(client->Read().has_value());
}

// The server resumes sessions from its cache (while the connection that made the session is still
// open: a session is dropped from the cache when its connection ends without the server's
// close_notify). A resumption skips the client's Certificate, so the server checks the cached
// certificate again, against the trust and `accept` of that moment.
TEST(MtlsTest, AResumedSessionIsCheckedAgain) {
  PeerEchoHandler handler;
  Revocations revocations;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}, &revocations));
  for (const int version : kVersions) {
    SCOPED_TRACE(VersionName(version));
    const auto* identity = version == TLS1_2_VERSION ? &pki().a1 : &pki().a2;
    ClientOptions o;
    o.identity = identity;
    o.version = version;
    auto first = Client::Connect(server.port(), o);
    ASSERT_NE(first, nullptr);
    ASSERT_TRUE(first->Get("/").has_value());  // TLS 1.3: the ticket has arrived by now
    const SessionPtr session(first->TakeSession());
    ASSERT_NE(session, nullptr);

    // Resumed: the handler still sees the device, and `accept` was asked again.
    o.resume = session.get();
    const std::size_t asked_before = revocations.seen().size();
    auto resumed = Client::Connect(server.port(), o);  // kept open, like `first`
    ASSERT_NE(resumed, nullptr);
    auto answer = resumed->Get("/");
    ASSERT_TRUE(answer.has_value());
    ASSERT_TRUE(resumed->Resumed()) << "the server did not resume the session";
    EXPECT_EQ(answer->body, ExpectedBody(*identity));
    EXPECT_EQ(revocations.seen().size(), asked_before + 1);

    // Revoked: the server resumes the cached session but then closes the connection.
    revocations.Revoke(Fingerprint(*identity));
    auto again = Client::Connect(server.port(), o);
    ASSERT_NE(again, nullptr);
    EXPECT_TRUE(again->Resumed());
    EXPECT_FALSE(again->Get("/").has_value());
    // ...and so on every later attempt (TLS 1.2: the session left the cache, so it is a full
    // handshake; TLS 1.3: the ticket may still resume, and is refused again).
    auto third = Client::Connect(server.port(), o);
    EXPECT_TRUE(third == nullptr || !third->Get("/").has_value());
  }

  // A device whose CA is no longer trusted cannot resume either.
  server.server().SetTrustedClientCas({pki().ca_a.certificate_pem, pki().ca_b.certificate_pem});
  ClientOptions ob;
  ob.identity = &pki().b1;
  auto first = Client::Connect(server.port(), ob);
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(first->Get("/").has_value());
  const SessionPtr session(first->TakeSession());
  server.server().SetTrustedClientCas({pki().ca_a.certificate_pem});
  ob.resume = session.get();
  auto again = Client::Connect(server.port(), ob);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->Resumed());
  EXPECT_FALSE(again->Get("/").has_value());
}

TEST(MtlsTest, NotRequiredAsksForNoCertificateAndGivesNoPeer) {
  PeerEchoHandler handler;
  ClientAuthOptions o;  // demo mode
  o.required = false;
  o.trusted_ca_pems = {pki().ca_a.certificate_pem};
  TestServer server(handler, std::move(o));
  for (const int version : kVersions) {
    SCOPED_TRACE(VersionName(version));
    std::atomic<bool> asked{false};
    ClientOptions plain;
    plain.version = version;
    plain.asked = &asked;
    auto client = Client::Connect(server.port(), plain);
    ASSERT_NE(client, nullptr);
    auto answer = client->Get("/");
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->body, "no-peer");
    EXPECT_FALSE(asked.load()) << "the server asked for a client certificate";

    // A client that has a certificate anyway is not asked for it either.
    auto with_cert = Exchange(server.port(), &pki().a1, version);
    ASSERT_TRUE(with_cert.has_value());
    EXPECT_EQ(with_cert->body, "no-peer");
  }
  EXPECT_EQ(server.server().CloseConnections([](const PeerCertificate&) { return true; }), 0u);

  // The control: with required = true the same probe is asked.
  PeerEchoHandler handler2;
  TestServer required(handler2, Required({pki().ca_a.certificate_pem}));
  std::atomic<bool> asked{false};
  ClientOptions plain;
  plain.asked = &asked;
  auto client = Client::Connect(required.port(), plain);
  if (client) {
    EXPECT_FALSE(client->Get("/").has_value());
  }
  EXPECT_TRUE(asked.load());
}

TEST(MtlsTest, StopClosesIdleMtlsConnectionsAtOnce) {
  PeerEchoHandler handler;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}));
  ClientOptions o;
  o.identity = &pki().a1;
  auto idle = Client::Connect(server.port(), o);
  ASSERT_NE(idle, nullptr);
  ASSERT_TRUE(idle->Get("/").has_value());
  EXPECT_LT(server.Stop(), milliseconds(1500));  // far below shutdown_grace + idle_timeout
  EXPECT_TRUE(idle->ClosedWithin(milliseconds(1000)));
}

// Handshakes, requests, trust swaps and closes all at once: for ASan/UBSan to watch.
TEST(MtlsTest, ConcurrentHandshakesTrustChangesAndClosesAreSafe) {
  PeerEchoHandler handler;
  Revocations revocations;
  TestServer server(handler, Required({pki().ca_a.certificate_pem}, &revocations));
  std::atomic<bool> done{false};
  std::atomic<int> answers{0};
  std::vector<std::thread> clients;
  const std::array<const KeyAndCertificate*, 3> identities{&pki().a1, &pki().a2, &pki().b1};
  for (std::size_t i = 0; i < identities.size(); ++i) {
    clients.emplace_back([&, i] {
      ClientOptions o;
      o.identity = identities.at(i);
      o.version = kVersions.at(i % 2);
      while (!done.load()) {
        auto c = Client::Connect(server.port(), o);
        if (!c) continue;
        for (int r = 0; r < 3; ++r) {
          if (!c->Get("/").has_value()) break;
          ++answers;
        }
      }
    });
  }
  const auto until = Clock::now() + milliseconds(1500);
  bool with_b = false;
  std::size_t closed = 0;
  while (Clock::now() < until) {
    with_b = !with_b;
    std::vector<std::string> cas{pki().ca_a.certificate_pem};
    if (with_b) cas.push_back(pki().ca_b.certificate_pem);
    server.server().SetTrustedClientCas(cas);
    closed += server.server().CloseConnections(
        [](const PeerCertificate& peer) { return peer.common_name != "dev-a1"; });
    std::this_thread::sleep_for(milliseconds(5));
  }
  done.store(true);
  for (auto& t : clients) t.join();
  EXPECT_GT(answers.load(), 0);
  EXPECT_GT(closed, 0u);
}

}  // namespace
}  // namespace yorisoi::net
