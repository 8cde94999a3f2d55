// HTTPS / HTTP server on Boost.Beast + Asio with C++20 coroutines.
//
// Layout of this file:
//   * TLS context set-up (MakeTlsContext)
//   * Client certificates: the trusted CA store (ClientTrust), chain verification, PeerCertificate
//   * Connection / ConnectionRegistry: per-connection state that other threads can reach (stop,
//     force close, close the connections of a revoked device). Everything a Connection does runs
//     on its own strand; other threads only post to that strand.
//   * Session<Stream>: the HTTP/1.1 keep-alive loop of one connection (plain or TLS).
//   * ServerCore (= Server::Impl): listeners, accept loops, thread pool, graceful shutdown.
//
// Logging: never request data (bodies, targets, header values, peer addresses). Connection-level
// failures go to debug only.
#include <utility>  // before any Boost header (Boost 1.74 + g++ 12)

#include "net/server.hpp"

// g++ 12 at -O2 reports a -Wnull-dereference inside Asio's epoll reactor (inlined
// scheduler::compensating_work_started) despite the system-header status; not our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace yorisoi::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

using Clock = std::chrono::steady_clock;
// Raw sockets, not beast::tcp_stream: timeouts come from one lazily re-armed timer per
// connection (Session::SetDeadline) instead of a timer wait and cancel around every read/write.
using PlainStream = tcp::socket;
using TlsStream = beast::ssl_stream<tcp::socket>;

// Upper bound for the lingering close after an error response / Connection: close (TLS
// close_notify exchange, draining what the client is still sending so that the kernel does not
// answer with RST before the client has read our response).
constexpr std::chrono::seconds kMaxLinger{3};
// Back-off after a failed accept (e.g. EMFILE) so that the loop does not spin.
constexpr std::chrono::milliseconds kAcceptBackoff{50};
// Read size while waiting for the next request (the buffer keeps any larger capacity it grew),
// and while draining a refused request.
constexpr std::size_t kIdleReadSize = 4 * 1024;
constexpr std::size_t kDrainReadSize = 16 * 1024;

// ---------------------------------------------------------------------------------------------
// TLS

std::string OpenSslErrors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(code, buf.data(), buf.size());
    if (!out.empty()) out += "; ";
    out += buf.data();
  }
  return out.empty() ? std::string("unknown OpenSSL error") : out;
}

ssl::context MakeTlsContext(const TlsOptions& tls) {
  ssl::context ctx{ssl::context::tls_server};
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) != 1) {
    throw std::runtime_error("TLS: cannot set protocol versions: " + OpenSslErrors());
  }
  // Server cipher preference, no renegotiation, no compression. Session tickets are off
  // (SSL_OP_NO_TICKET): resumption goes through the server-side session cache only (TLS 1.2
  // session IDs; TLS 1.3 then issues stateful tickets that merely name a cache entry). So no
  // process-lifetime ticket key can decrypt recorded traffic, cached sessions expire after
  // 5 minutes, and once mTLS arrives resumption stays under our control (session id context).
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
  // TLS 1.2: ECDHE + AEAD only. TLS 1.3 suites are all AEAD; OpenSSL's defaults stay.
  if (SSL_CTX_set_cipher_list(native,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
    throw std::runtime_error("TLS: cannot set the cipher list: " + OpenSslErrors());
  }
  if (SSL_CTX_set1_groups_list(native, "X25519:P-256:P-384") != 1) {
    throw std::runtime_error("TLS: cannot set the key exchange groups: " + OpenSslErrors());
  }
  static constexpr std::string_view kSessionIdContext = "yorisoi";
  SSL_CTX_set_session_id_context(native,
                                 reinterpret_cast<const unsigned char*>(kSessionIdContext.data()),
                                 static_cast<unsigned int>(kSessionIdContext.size()));
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
  SSL_CTX_set_timeout(native, 300);
  SSL_CTX_set_num_tickets(native, 1);  // TLS 1.3: one (stateful) ticket per handshake

  if (tls.certificate_chain_file.empty() || tls.private_key_file.empty()) {
    throw std::runtime_error("TLS: certificate chain file and private key file are required");
  }
  beast::error_code ec;
  ctx.use_certificate_chain_file(tls.certificate_chain_file, ec);
  if (ec) {
    throw std::runtime_error("TLS: cannot load certificate chain '" + tls.certificate_chain_file +
                             "': " + ec.message());
  }
  ctx.use_private_key_file(tls.private_key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("TLS: cannot load private key '" + tls.private_key_file +
                             "': " + ec.message());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("TLS: the private key does not match the certificate: " +
                             OpenSslErrors());
  }
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// Client certificates

template <auto Fn>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;

// The trusted client CAs. Each X509_STORE is immutable once built and swapped whole, so a
// handshake keeps verifying against the store it took even while SetTrustedClientCas runs.
class ClientTrust {
 public:
  using StorePtr = std::shared_ptr<X509_STORE>;

  // Throws std::invalid_argument when a string holds no certificate or a non-CA certificate.
  static StorePtr Build(const std::vector<std::string>& ca_pems) {
    StorePtr store(X509_STORE_new(), X509_STORE_free);
    if (!store) throw std::bad_alloc();
    for (std::size_t i = 0; i < ca_pems.size(); ++i) {
      const std::string& pem = ca_pems[i];
      const auto refuse = [i](const std::string& why) {
        ERR_clear_error();
        return std::invalid_argument("trusted client CA #" + std::to_string(i + 1) + ": " + why);
      };
      if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw refuse("too long");
      }
      BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
      if (!bio) throw std::bad_alloc();
      int count = 0;
      while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
        if (X509_check_ca(cert.get()) < 1) throw refuse("not a CA certificate");
        if (X509_STORE_add_cert(store.get(), cert.get()) != 1) {
          // A duplicate is not an error in OpenSSL 3; anything else is.
          throw refuse("cannot be added: " + OpenSslErrors());
        }
        ++count;
      }
      ERR_clear_error();  // the end of the PEM text
      if (count == 0) throw refuse("no PEM certificate");
    }
    return store;
  }

  void Set(StorePtr store) {
    std::lock_guard lock(mutex_);
    store_ = std::move(store);
  }
  StorePtr Get() const {
    std::lock_guard lock(mutex_);
    return store_;
  }

 private:
  mutable std::mutex mutex_;
  StorePtr store_;
};

// Verifies `leaf` (with the certificates the client sent as untrusted intermediates) as a TLS
// client certificate against `store`: signatures, validity dates, CA flags, the clientAuth
// purpose, and the key-size rules of `auth_level`. Every trusted certificate is an anchor on its
// own (X509_V_FLAG_PARTIAL_CHAIN), so a tenant CA need not be self-signed. Returns an X509_V_*
// code.
int VerifyClientChain(X509_STORE* store, X509* leaf, STACK_OF(X509) * untrusted, int auth_level) {
  if (store == nullptr || leaf == nullptr) return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, leaf, untrusted) != 1 ||
      X509_STORE_CTX_set_default(ctx.get(), "ssl_client") != 1) {
    ERR_clear_error();
    return X509_V_ERR_OUT_OF_MEM;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_auth_level(param, auth_level);
  const int ok = X509_verify_cert(ctx.get());
  int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) return X509_V_OK;
  return error != X509_V_OK ? error : X509_V_ERR_UNSPECIFIED;
}

// UTF-8 text of the first `nid` entry of name, or empty.
std::string FirstNameEntry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) {
    ERR_clear_error();
    return {};
  }
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

// The same fields, computed the same way, as crypto::InspectCertificate. Null on failure.
std::shared_ptr<const PeerCertificate> MakePeerCertificate(X509* cert) {
  auto peer = std::make_shared<PeerCertificate>();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &digest_len) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  static constexpr std::string_view kDigits = "0123456789abcdef";
  peer->sha256_fingerprint.reserve(digest_len * 2);
  for (unsigned int i = 0; i < digest_len; ++i) {
    peer->sha256_fingerprint += kDigits[digest.at(i) >> 4];
    peer->sha256_fingerprint += kDigits[digest.at(i) & 0x0f];
  }
  const BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  char* hex = serial ? BN_bn2hex(serial.get()) : nullptr;
  if (hex == nullptr) {
    ERR_clear_error();
    return nullptr;
  }
  peer->serial_hex = hex;
  OPENSSL_free(hex);
  for (char& c : peer->serial_hex) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const X509_NAME* subject = X509_get_subject_name(cert);
  peer->common_name = FirstNameEntry(subject, NID_commonName);
  peer->organization = FirstNameEntry(subject, NID_organizationName);
  return peer;
}

// SSL ex_data slot holding the Connection* of an SSL object (app data, slot 0, is Asio's).
int ConnectionExDataIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

// "Sun, 06 Nov 1994 08:49:37 GMT", cached per thread and second.
std::string_view HttpDate() {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local std::array<char, 64> buf{};
  thread_local std::size_t len = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays.at(static_cast<std::size_t>(tm.tm_wday) % 7), tm.tm_mday,
                                kMonths.at(static_cast<std::size_t>(tm.tm_mon) % 12),
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = n > 0 ? std::min(static_cast<std::size_t>(n), buf.size() - 1) : 0;
    cached_second = now;
  }
  return {buf.data(), len};
}

bool HasCrLfOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// True when a comma-separated header value lists `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (EqualsIgnoreCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool IsHttpParseError(const beast::error_code& ec) {
  static const auto& category = beast::error_code(http::error::bad_target).category();
  return ec.category() == category;
}

core::Error HeaderTooLarge() {
  return core::Error{core::Errc::kInvalidArgument, "header_too_large",
                     "request header exceeds the limit", ""};
}
core::Error BodyTooLarge() {
  return core::Error{core::Errc::kPayloadTooLarge, "body_too_large",
                     "request body exceeds the limit", "body"};
}
core::Error MalformedRequest() {
  return core::Error{core::Errc::kInvalidArgument, "malformed_request",
                     "the HTTP request could not be parsed", ""};
}

// Asks the handler for the response to a refused request; never throws.
Response SafeProtocolErrorResponse(Handler& handler, const core::Error& error) {
  try {
    return handler.HandleProtocolError(error);
  } catch (...) {
    spdlog::error("HandleProtocolError threw an exception");
  }
  Response fallback;
  fallback.status = 500;
  return fallback;
}

void LogConnectionEnd(std::string_view what, const beast::error_code& ec) {
  if (ec == asio::error::operation_aborted || ec == http::error::end_of_stream ||
      ec == asio::error::eof) {
    return;
  }
  spdlog::debug("connection closed during {}: {}", what, ec.message());
}

// ---------------------------------------------------------------------------------------------
// Connections

// Per-connection state reachable from other threads. All mutable state is touched only on the
// connection's strand; the public Request* functions are thread-safe and post to that strand.
// The verified client certificate is kept here (for the requests) and in the registry (for
// CloseConnections from other threads).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class Phase : std::uint8_t {
    kHandshake,  // TLS handshake
    kIdle,       // waiting for the first byte of the next request
    kReading,    // a request is arriving
    kHandling,   // the handler runs
    kWriting,    // the response is being written
    kClosing,    // lingering close
  };

  Connection(std::uint64_t id, asio::any_io_executor strand)
      : id_(id), strand_(std::move(strand)) {}
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::uint64_t id() const { return id_; }
  // On the strand.
  const std::shared_ptr<const PeerCertificate>& peer() const { return peer_; }
  void set_peer(std::shared_ptr<const PeerCertificate> peer) { peer_ = std::move(peer); }

  // Server shutdown: an idle connection closes at once, a busy one after its current response
  // (which carries Connection: close).
  void RequestStop() {
    asio::post(strand_, [self = shared_from_this()] { self->OnStop(); });
  }
  // Closes the connection at once, whatever it is doing.
  void RequestAbort() {
    asio::post(strand_, [self = shared_from_this()] { self->OnAbort(); });
  }
  // Any thread: shuts the TCP connection down in both directions at once (the peer reads EOF;
  // our own later reads and writes fail), even while the strand is busy in a handler, so that a
  // response still being computed never reaches the peer. The descriptor stays open until the
  // strand closes it (ForgetDescriptor first, under the same lock), so this never reaches a
  // descriptor number the kernel has handed to another connection.
  void ShutdownNow() {
    std::lock_guard lock(descriptor_mutex_);
    if (descriptor_ >= 0) ::shutdown(descriptor_, SHUT_RDWR);
  }

 protected:
  // On the strand: closes the socket; pending operations complete with an error.
  virtual void CloseTransport() = 0;
  void set_descriptor(int descriptor) {
    std::lock_guard lock(descriptor_mutex_);
    descriptor_ = descriptor;
  }
  // On the strand, right before the socket is closed.
  void ForgetDescriptor() {
    std::lock_guard lock(descriptor_mutex_);
    descriptor_ = -1;
  }

  Phase phase_ = Phase::kHandshake;
  bool stop_requested_ = false;
  bool aborted_ = false;

 private:
  void OnStop() {
    stop_requested_ = true;
    if (phase_ == Phase::kHandshake || phase_ == Phase::kIdle) CloseTransport();
  }
  void OnAbort() {
    aborted_ = true;
    CloseTransport();
  }

  const std::uint64_t id_;
  const asio::any_io_executor strand_;
  std::shared_ptr<const PeerCertificate> peer_;
  std::mutex descriptor_mutex_;
  int descriptor_ = -1;
};

class ConnectionRegistry {
 public:
  using PeerEntry = std::pair<std::shared_ptr<Connection>, std::shared_ptr<const PeerCertificate>>;

  void Add(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex_);
    connections_.emplace(connection->id(), Entry{connection, nullptr});
  }
  void SetPeer(std::uint64_t id, std::shared_ptr<const PeerCertificate> peer) {
    std::lock_guard lock(mutex_);
    const auto it = connections_.find(id);
    if (it != connections_.end()) it->second.peer = std::move(peer);
  }
  // Returns true when the registry is empty afterwards.
  bool Remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
    return connections_.empty();
  }
  std::vector<std::shared_ptr<Connection>> Snapshot() const {
    std::vector<std::shared_ptr<Connection>> out;
    std::lock_guard lock(mutex_);
    out.reserve(connections_.size());
    for (const auto& [id, entry] : connections_) {
      if (auto strong = entry.connection.lock()) out.push_back(std::move(strong));
    }
    return out;
  }
  // The live connections with a verified client certificate.
  std::vector<PeerEntry> PeerSnapshot() const {
    std::vector<PeerEntry> out;
    std::lock_guard lock(mutex_);
    for (const auto& [id, entry] : connections_) {
      if (!entry.peer) continue;
      if (auto strong = entry.connection.lock()) out.emplace_back(std::move(strong), entry.peer);
    }
    return out;
  }

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    std::shared_ptr<const PeerCertificate> peer;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> connections_;
};

// ---------------------------------------------------------------------------------------------
// ServerCore (Server::Impl): listeners, accept loops, thread pool, graceful shutdown

class ServerCore {
 public:
  struct Listener {
    ListenerOptions options;
    tcp::acceptor acceptor;
    uint16_t port = 0;
  };

  explicit ServerCore(ServerOptions opts);
  ~ServerCore();
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  void Run();
  void Stop() {
    asio::post(control, [this] { BeginShutdown(); });
  }
  bool stopping() const { return stopping_.load(); }
  bool destroying() const { return destroying_.load(); }
  // Listener order equals options order (one Listener per ListenerOptions); immutable after
  // construction, so no locking.
  std::vector<uint16_t> BoundPorts() const {
    std::vector<uint16_t> ports;
    ports.reserve(listeners_.size());
    for (const auto& listener : listeners_) ports.push_back(listener->port);
    return ports;
  }
  void OnConnectionGone(std::uint64_t id);

  bool client_auth_required() const { return client_auth_required_; }
  // On the connection's strand, during its handshake (verify callback) or right after it (a
  // resumed session). Verifies the client certificate against the current trust, records it on
  // the connection and in the registry, then asks ClientAuthOptions::accept. Returns an X509_V_*
  // code: X509_V_OK when the certificate is taken.
  int CheckClientCertificate(Connection& connection, X509* leaf, STACK_OF(X509) * untrusted,
                             int auth_level);
  void SetTrustedClientCas(const std::vector<std::string>& ca_pems) {
    client_trust_.Set(ClientTrust::Build(ca_pems));
  }
  std::size_t CloseConnections(const std::function<bool(const PeerCertificate&)>& match);

  const ServerOptions options;
  std::chrono::steady_clock::duration linger{};

 private:
  // SSL_CTX_set_cert_verify_callback: replaces OpenSSL's own chain verification.
  static int VerifyClientCallback(X509_STORE_CTX* ctx, void* arg);

  const bool client_auth_required_;
  ClientTrust client_trust_;  // used by handshakes (declared before tls_context and ioc)

 public:
  std::optional<ssl::context> tls_context;  // outlives every stream (declared before ioc)
  ConnectionRegistry registry;              // outlives coroutine frames (declared before ioc)

 private:
  void Start();
  void BeginShutdown();
  asio::awaitable<void> AcceptLoop(Listener& listener);
  void StartSession(Listener& listener, tcp::socket socket, const asio::any_io_executor& strand);
  void RunWorker();

  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::atomic<bool> destroying_{false};
  std::atomic<std::uint64_t> next_connection_id_{0};
  unsigned threads_ = 1;

 public:
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;  // acceptors, signals, grace timer

 private:
  std::vector<std::unique_ptr<Listener>> listeners_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
};

// A bare-bones completion for co_spawn: the one catch at each coroutine root.
struct CoroutineRoot {
  const char* what;
  void operator()(const std::exception_ptr& e) const {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("{} failed: {}", what, ex.what());
    } catch (...) {
      spdlog::error("{} failed with an unknown exception", what);
    }
  }
};

// One HTTP/1.1 connection, plain or TLS.
template <class Stream>
class Session final : public Connection {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(std::uint64_t id, ServerCore& server, const ListenerOptions& listener,
          tcp::socket&& socket, asio::any_io_executor strand, std::string remote_address)
      : Connection(id, std::move(strand)),
        server_(server),
        listener_(listener),
        stream_(MakeStream(server, std::move(socket))),
        watchdog_(Tcp().get_executor()),
        watchdog_period_(std::max<Clock::duration>(
            std::min<Clock::duration>(server.options.read_timeout, server.options.idle_timeout),
            std::chrono::milliseconds(10))),
        remote_address_(std::move(remote_address)) {
    set_descriptor(Tcp().native_handle());
    if constexpr (kTls) {
      // Lets the verify callback find this connection; the SSL object dies with stream_.
      SSL_set_ex_data(stream_.native_handle(), ConnectionExDataIndex(),
                      static_cast<Connection*>(this));
    }
  }

  // The connection's coroutine. The parameter keeps the session alive for the frame's lifetime.
  asio::awaitable<void> Serve(std::shared_ptr<Session> /*keep_alive*/);

 private:
  static Stream MakeStream(ServerCore& server, tcp::socket&& socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *server.tls_context);
    } else {
      return std::move(socket);
    }
  }

  // Runs when the connection's coroutine ends, however it ends.
  struct Finish {
    Session& session;
    ~Finish() { session.OnFinished(); }
  };
  void OnFinished() {
    if (!server_.destroying()) StopWatchdog();  // releases the watchdog's reference
    server_.OnConnectionGone(id());
  }

  tcp::socket& Tcp() { return beast::get_lowest_layer(stream_); }
  void CloseTransport() override {
    ForgetDescriptor();
    beast::error_code ec;
    Tcp().close(ec);
  }
  void LogEnd(std::string_view what, const beast::error_code& ec) const {
    if (timed_out_) {
      spdlog::debug("connection timed out during {}", what);
    } else {
      LogConnectionEnd(what, ec);
    }
  }

  // Timeouts. The watchdog timer never has to be cancelled on the hot path: it is armed at most
  // `watchdog_period_` (the shortest of read and idle timeout) ahead, so every later deadline of
  // now + read/idle timeout lies at or after its expiry; when it fires early it re-arms itself.
  void SetDeadline(Clock::duration timeout);
  void ClearDeadline() { deadline_ = Clock::time_point::max(); }
  void WaitWatchdog();
  void OnWatchdog(const beast::error_code& ec);
  void StopWatchdog() {
    finished_ = true;
    watchdog_.cancel();
  }
  bool ShouldStop() const { return stop_requested_ || aborted_ || server_.stopping(); }
  bool ClientCertificateAccepted();

  asio::awaitable<void> Loop();
  beast::error_code BeginRequest();
  asio::awaitable<beast::error_code> FinishRequest();
  Request TakeRequest();
  asio::awaitable<void> SendProtocolError(const beast::error_code& ec);
  http::response<http::string_body> ToBeastResponse(Response&& response, unsigned version,
                                                    bool head, bool& keep_alive) const;
  asio::awaitable<bool> Write(http::response<http::string_body>& response);
  asio::awaitable<void> GracefulClose(bool unread_request);
  template <class ReadStream>
  asio::awaitable<void> Drain(ReadStream& stream);

  ServerCore& server_;
  const ListenerOptions& listener_;
  Stream stream_;
  asio::steady_timer watchdog_;
  Clock::time_point deadline_ = Clock::time_point::max();
  const Clock::duration watchdog_period_;
  bool watchdog_armed_ = false;
  bool timed_out_ = false;
  bool finished_ = false;
  beast::flat_buffer buffer_;  // reused across the requests of this connection
  std::optional<http::request_parser<http::string_body>> parser_;
  const std::string remote_address_;
};

template <class Stream>
asio::awaitable<void> Session<Stream>::Serve(std::shared_ptr<Session> /*keep_alive*/) {
  const Finish finish{*this};
  co_await Loop();
}

template <class Stream>
void Session<Stream>::SetDeadline(Clock::duration timeout) {
  const Clock::time_point now = Clock::now();
  deadline_ = now + timeout;
  if (!watchdog_armed_) {
    watchdog_armed_ = true;
    watchdog_.expires_at(std::min(deadline_, now + watchdog_period_));
    WaitWatchdog();
  } else if (deadline_ < watchdog_.expiry()) {
    // Only for deadlines shorter than the period (lingering close). The pending wait completes
    // with operation_aborted and waits again with the new expiry.
    watchdog_.expires_at(deadline_);
  }
}

template <class Stream>
void Session<Stream>::WaitWatchdog() {
  watchdog_.async_wait([self = std::static_pointer_cast<Session>(shared_from_this())](
                           const beast::error_code& ec) { self->OnWatchdog(ec); });
}

template <class Stream>
void Session<Stream>::OnWatchdog(const beast::error_code& ec) {
  if (finished_) {
    watchdog_armed_ = false;
    return;
  }
  if (ec == asio::error::operation_aborted) {  // expiry moved earlier
    WaitWatchdog();
    return;
  }
  const Clock::time_point now = Clock::now();
  if (now >= deadline_) {
    watchdog_armed_ = false;
    timed_out_ = true;
    CloseTransport();
    return;
  }
  watchdog_.expires_at(std::min(deadline_, now + watchdog_period_));
  WaitWatchdog();
}

// After a successful handshake with client certificates required. A full handshake has checked
// the certificate in the verify callback already; an abbreviated one (a resumed session) has
// not, so it is checked here against the trust and `accept` of this moment. Refused: the
// connection is closed without a TLS alert and the session is removed from the cache (TLS 1.2;
// with TLS 1.3 the cache entry of the ticket used may remain, and each use of it is refused here
// again).
template <class Stream>
bool Session<Stream>::ClientCertificateAccepted() {
  if constexpr (kTls) {
    SSL* ssl = stream_.native_handle();
    if (SSL_session_reused(ssl) == 1) {
      X509* leaf = SSL_get0_peer_certificate(ssl);
      const int result = server_.CheckClientCertificate(*this, leaf, SSL_get_peer_cert_chain(ssl),
                                                        SSL_get_security_level(ssl));
      if (result != X509_V_OK) {
        spdlog::debug("resumed session refused: {}", X509_verify_cert_error_string(result));
        SSL_CTX_remove_session(SSL_get_SSL_CTX(ssl), SSL_get_session(ssl));
        return false;
      }
    }
    return peer() != nullptr;
  } else {
    return true;
  }
}

template <class Stream>
asio::awaitable<void> Session<Stream>::Loop() {
  const ServerOptions& options = server_.options;
  beast::error_code ec;

  if constexpr (kTls) {
    phase_ = Phase::kHandshake;
    if (ShouldStop()) co_return;
    SetDeadline(options.read_timeout);
    co_await stream_.async_handshake(ssl::stream_base::server,
                                     asio::redirect_error(use_awaitable, ec));
    if (ec) {
      LogEnd("TLS handshake", ec);
      co_return;
    }
    if (server_.client_auth_required() && !ClientCertificateAccepted()) co_return;
  }

  bool first_request = true;
  for (;;) {
    // Wait for the first byte of the next request (unless pipelined bytes are buffered).
    if (buffer_.size() == 0) {
      phase_ = Phase::kIdle;
      if (ShouldStop()) co_return;
      SetDeadline(first_request ? options.read_timeout : options.idle_timeout);
      const std::size_t n = co_await stream_.async_read_some(
          buffer_.prepare(std::max(kIdleReadSize, buffer_.capacity())),
          asio::redirect_error(use_awaitable, ec));
      if (ec) {
        LogEnd("wait for request", ec);
        co_return;
      }
      buffer_.commit(n);
    }
    first_request = false;

    phase_ = Phase::kReading;
    SetDeadline(options.read_timeout);
    ec = BeginRequest();
    if (!ec && !parser_->is_done()) ec = co_await FinishRequest();
    if (ec) {
      if (aborted_) co_return;
      if (IsHttpParseError(ec) && ec != http::error::end_of_stream &&
          ec != http::error::partial_message) {
        co_await SendProtocolError(ec);
      } else {
        LogEnd("read request", ec);
      }
      co_return;
    }
    ClearDeadline();  // the handler's time is not bounded here

    // Convert to the neutral request type.
    phase_ = Phase::kHandling;
    const http::request<http::string_body>& message = parser_->get();
    const unsigned version = message.version();
    const bool head = message.method() == http::verb::head;
    bool keep_alive = message.keep_alive();
    const Request request = TakeRequest();

    Response response;
    try {
      response = listener_.handler->Handle(request);
    } catch (...) {
      spdlog::error("request handler threw an exception");
      response = SafeProtocolErrorResponse(
          *listener_.handler, core::Error::Internal("unhandled exception in request handler"));
      keep_alive = false;
    }
    if (ShouldStop()) keep_alive = false;

    phase_ = Phase::kWriting;
    auto beast_response = ToBeastResponse(std::move(response), version, head, keep_alive);
    // Inline rather than through Write(): no coroutine frame per request on the hot path.
    SetDeadline(options.read_timeout);
    http::response_serializer<http::string_body> serializer{beast_response};
    co_await http::async_write(stream_, serializer, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      LogEnd("write response", ec);
      co_return;
    }
    if (!keep_alive) {
      co_await GracefulClose(/*unread_request=*/false);
      co_return;
    }
  }
}

// Fresh parser, then parses what is already buffered: usually the whole header (often the whole
// request) is, and then no trip through the executor and no coroutine frame is needed. A
// Content-Length over the limit fails at the header (body_limit), before any body byte is read
// and before a 100 Continue is sent.
template <class Stream>
beast::error_code Session<Stream>::BeginRequest() {
  const ServerOptions& options = server_.options;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(static_cast<std::uint64_t>(options.body_limit));

  beast::error_code ec;
  buffer_.consume(parser_->put(buffer_.data(), ec));
  if (ec == http::error::need_more) return {};
  if (ec || parser_->is_done() || buffer_.size() == 0) return ec;
  parser_->eager(true);
  buffer_.consume(parser_->put(buffer_.data(), ec));
  if (ec == http::error::need_more) return {};
  return ec;
}

// The rest of a request that BeginRequest could not parse from the buffer.
template <class Stream>
asio::awaitable<beast::error_code> Session<Stream>::FinishRequest() {
  beast::error_code ec;
  if (!parser_->is_header_done()) {
    co_await http::async_read_header(stream_, buffer_, *parser_,
                                     asio::redirect_error(use_awaitable, ec));
    if (ec || parser_->is_done()) co_return ec;
  }
  const auto& header = parser_->get();
  if (header.version() >= 11 && header.body().empty() && buffer_.size() == 0) {
    const auto expect = header[http::field::expect];
    if (!expect.empty() && EqualsIgnoreCase(expect, "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, header.version()};
      co_await http::async_write(stream_, proceed, asio::redirect_error(use_awaitable, ec));
      if (ec) co_return ec;
    }
  }
  parser_->eager(true);
  co_await http::async_read(stream_, buffer_, *parser_, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

// Moves the parsed request into the neutral type (the parser keeps its message until reset).
template <class Stream>
Request Session<Stream>::TakeRequest() {
  http::request<http::string_body>& message = parser_->get();
  Request request;
  request.method.assign(message.method_string());
  request.target.assign(message.target());
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    request.headers.push_back(Header{std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address_;
  request.tls = kTls;
  request.peer = peer();
  return request;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::SendProtocolError(const beast::error_code& ec) {
  parser_.reset();
  bool force_431 = false;
  core::Error error;
  if (ec == http::error::header_limit) {
    error = HeaderTooLarge();
    force_431 = true;
  } else if (ec == http::error::body_limit) {
    error = BodyTooLarge();
  } else {
    error = MalformedRequest();
  }
  spdlog::debug("refusing request: {}", error.code);
  Response response = SafeProtocolErrorResponse(*listener_.handler, error);
  if (force_431) response.status = 431;
  bool keep_alive = false;
  phase_ = Phase::kWriting;
  auto beast_response = ToBeastResponse(std::move(response), 11, false, keep_alive);
  if (!co_await Write(beast_response)) co_return;
  co_await GracefulClose(/*unread_request=*/true);
}

template <class Stream>
http::response<http::string_body> Session<Stream>::ToBeastResponse(Response&& response,
                                                                   unsigned version, bool head,
                                                                   bool& keep_alive) const {
  http::response<http::string_body> out;
  int status = response.status;
  if (status < 100 || status > 599) {
    spdlog::error("handler returned an invalid HTTP status {}", status);
    status = 500;
  }
  out.result(static_cast<unsigned>(status));
  out.version(version == 10 ? 10 : 11);
  bool has_date = false;
  for (auto& h : response.headers) {
    if (h.name.empty() || HasCrLfOrNul(h.name) || HasCrLfOrNul(h.value)) {
      spdlog::error("handler returned an invalid response header; dropped");
      continue;
    }
    if (EqualsIgnoreCase(h.name, "Content-Length") ||
        EqualsIgnoreCase(h.name, "Transfer-Encoding")) {
      continue;  // framing is ours
    }
    if (EqualsIgnoreCase(h.name, "Connection")) {
      if (HasToken(h.value, "close")) keep_alive = false;
      continue;
    }
    if (!has_date && EqualsIgnoreCase(h.name, "Date")) has_date = true;
    out.insert(h.name, h.value);
  }
  if (!has_date) out.set(http::field::date, HttpDate());

  const bool no_body = status < 200 || status == 204 || status == 304;
  if (no_body) {
    // Neither body nor Content-Length (RFC 9110 8.6).
  } else if (head) {
    out.content_length(response.body.size());
  } else {
    out.content_length(response.body.size());
    out.body() = std::move(response.body);
  }
  if (keep_alive) {
    out.keep_alive(true);  // adds "Connection: keep-alive" for HTTP/1.0 only
  } else {
    out.set(http::field::connection, "close");
  }
  return out;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::Write(http::response<http::string_body>& response) {
  beast::error_code ec;
  SetDeadline(server_.options.read_timeout);
  // The serializer lives in this frame (recycled by Asio) rather than being allocated by
  // async_write(message) per response. One async_write: header and body go out together.
  http::response_serializer<http::string_body> serializer{response};
  co_await http::async_write(stream_, serializer, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    LogEnd("write response", ec);
    co_return false;
  }
  co_return true;
}

// Lets the client read the last response before the connection goes. When the request was
// refused unread (`unread_request`), whatever the client is still sending is read and discarded
// first (bounded by `linger`), so that unread bytes do not make the kernel reset the connection
// under the response; OpenSSL 3 refuses application data once our close_notify is out, so for
// TLS the drain must come before the shutdown. Then TLS close_notify and a TCP half-close.
template <class Stream>
asio::awaitable<void> Session<Stream>::GracefulClose(bool unread_request) {
  phase_ = Phase::kClosing;
  if (aborted_) co_return;
  beast::error_code ec;
  SetDeadline(server_.linger);
  if constexpr (kTls) {
    if (unread_request) {
      co_await Drain(stream_);
      if (!Tcp().is_open()) co_return;  // linger expired
    }
    co_await stream_.async_shutdown(asio::redirect_error(use_awaitable, ec));
    if (ec && ec != asio::error::eof && ec != ssl::error::stream_truncated) {
      LogEnd("TLS shutdown", ec);
    }
    Tcp().shutdown(tcp::socket::shutdown_both, ec);
  } else {
    Tcp().shutdown(tcp::socket::shutdown_send, ec);
    if (!ec) co_await Drain(Tcp());
  }
  ClearDeadline();
  CloseTransport();
}

// Reads and discards until end of stream, an error or the expiry set by the caller.
template <class Stream>
template <class ReadStream>
asio::awaitable<void> Session<Stream>::Drain(ReadStream& stream) {
  beast::error_code ec;
  buffer_.clear();
  for (;;) {
    const std::size_t n = co_await stream.async_read_some(buffer_.prepare(kDrainReadSize),
                                                          asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    buffer_.commit(n);
    buffer_.consume(n);
  }
}

ServerCore::ServerCore(ServerOptions opts)
    : options(std::move(opts)),
      client_auth_required_(options.tls.client_auth.required),
      ioc(static_cast<int>(std::clamp<unsigned>(
          options.threads != 0 ? options.threads : std::thread::hardware_concurrency(), 1U,
          1024U))),
      control(asio::make_strand(ioc)),
      signals_(control),
      grace_timer_(control) {
  threads_ = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  if (threads_ == 0) threads_ = 1;
  linger = std::min<std::chrono::steady_clock::duration>(kMaxLinger, options.read_timeout);

  const bool any_tls = std::any_of(options.listeners.begin(), options.listeners.end(),
                                   [](const ListenerOptions& l) { return l.tls; });
  if (any_tls) {
    tls_context.emplace(MakeTlsContext(options.tls));
    try {
      client_trust_.Set(ClientTrust::Build(options.tls.client_auth.trusted_ca_pems));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("TLS: ") + e.what());
    }
    if (client_auth_required_) {
      if (ConnectionExDataIndex() < 0) {
        throw std::runtime_error("TLS: no SSL ex_data index: " + OpenSslErrors());
      }
      SSL_CTX* native = tls_context->native_handle();
      // No CA names in the CertificateRequest (SSL_CTX_set_client_CA_list): see server.hpp.
      SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
      SSL_CTX_set_cert_verify_callback(native, &ServerCore::VerifyClientCallback, this);
      if (options.tls.client_auth.trusted_ca_pems.empty()) {
        spdlog::warn(
            "client certificates required but no CA trusted yet: every TLS handshake "
            "fails until SetTrustedClientCas");
      }
    }
  }

  listeners_.reserve(options.listeners.size());
  for (const ListenerOptions& lo : options.listeners) {
    const std::string where = lo.address + " port " + std::to_string(lo.port);
    if (lo.handler == nullptr) throw std::runtime_error("listener " + where + " has no handler");
    std::string_view literal = lo.address;
    if (literal.size() >= 2 && literal.front() == '[' && literal.back() == ']') {
      literal = literal.substr(1, literal.size() - 2);
    }
    beast::error_code ec;
    const asio::ip::address address = asio::ip::make_address(literal, ec);
    if (ec) throw std::runtime_error("listener " + where + ": not an IP address literal");
    const tcp::endpoint endpoint{address, lo.port};

    auto listener = std::make_unique<Listener>(Listener{lo, tcp::acceptor(control), 0});
    tcp::acceptor& acceptor = listener->acceptor;
    const auto fail = [&where](std::string_view step, const beast::error_code& error) {
      return std::runtime_error("cannot listen on " + where + ": " + std::string(step) + ": " +
                                error.message());
    };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) throw fail("open", ec);
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) throw fail("SO_REUSEADDR", ec);
    if (address.is_v6()) {
      acceptor.set_option(asio::ip::v6_only(true), ec);
      if (ec) throw fail("IPV6_V6ONLY", ec);
    }
    acceptor.bind(endpoint, ec);
    if (ec) throw fail("bind", ec);
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw fail("listen", ec);
    listener->port = acceptor.local_endpoint(ec).port();
    if (ec) throw fail("local_endpoint", ec);
    listeners_.push_back(std::move(listener));
  }

  signals_.add(SIGINT);
  signals_.add(SIGTERM);
}

ServerCore::~ServerCore() {
  // Coroutine frames still owned by the io_context (only if Run() never finished) are destroyed
  // with it; they must not post any more work then.
  destroying_.store(true);
}

void ServerCore::Run() {
  if (running_.exchange(true)) throw std::logic_error("Server::Run called twice");
  asio::post(control, [this] { Start(); });
  std::vector<std::thread> workers;
  workers.reserve(threads_ - 1);
  for (unsigned i = 1; i < threads_; ++i) {
    try {
      workers.emplace_back([this] { RunWorker(); });
    } catch (const std::system_error& e) {
      spdlog::error("cannot start I/O thread {}: {}; continuing with {}", i, e.what(), i);
      break;
    }
  }
  RunWorker();
  for (auto& worker : workers) worker.join();
  spdlog::info("server stopped");
}

void ServerCore::RunWorker() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("uncaught exception in the I/O loop: {}", e.what());
    } catch (...) {
      spdlog::error("uncaught unknown exception in the I/O loop");
    }
  }
}

// On the control strand.
void ServerCore::Start() {
  if (stopping_.load()) return;
  for (auto& listener : listeners_) {
    asio::co_spawn(control, AcceptLoop(*listener), CoroutineRoot{"accept loop"});
  }
  signals_.async_wait([this](const beast::error_code& ec, int /*signal*/) {
    if (!ec) BeginShutdown();
  });
}

// On the control strand.
void ServerCore::BeginShutdown() {
  if (stopping_.exchange(true)) return;
  spdlog::info("server stopping");
  beast::error_code ec;
  signals_.cancel(ec);
  for (auto& listener : listeners_) listener->acceptor.close(ec);

  const auto connections = registry.Snapshot();
  for (const auto& connection : connections) connection->RequestStop();
  if (connections.empty()) return;
  grace_timer_.expires_after(options.shutdown_grace);
  grace_timer_.async_wait([this](const beast::error_code& error) {
    if (error) return;  // cancelled: every connection is gone
    const auto remaining = registry.Snapshot();
    if (remaining.empty()) return;
    spdlog::info("shutdown grace period over; closing {} connection(s)", remaining.size());
    for (const auto& connection : remaining) connection->RequestAbort();
  });
}

int ServerCore::VerifyClientCallback(X509_STORE_CTX* ctx, void* arg) {
  auto* server = static_cast<ServerCore*>(arg);
  int result = X509_V_ERR_UNSPECIFIED;
  const auto* ssl = static_cast<const SSL*>(
      X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* connection = ssl != nullptr
                         ? static_cast<Connection*>(SSL_get_ex_data(ssl, ConnectionExDataIndex()))
                         : nullptr;
  if (connection != nullptr) {
    try {
      result = server->CheckClientCertificate(
          *connection, X509_STORE_CTX_get0_cert(ctx), X509_STORE_CTX_get0_untrusted(ctx),
          X509_VERIFY_PARAM_get_auth_level(X509_STORE_CTX_get0_param(ctx)));
    } catch (...) {  // a C callback: nothing may escape
      result = X509_V_ERR_UNSPECIFIED;
    }
  }
  X509_STORE_CTX_set_error(ctx, result);
  if (result != X509_V_OK) {
    spdlog::debug("client certificate refused: {}", X509_verify_cert_error_string(result));
    return 0;
  }
  return 1;
}

int ServerCore::CheckClientCertificate(Connection& connection, X509* leaf,
                                       STACK_OF(X509) * untrusted, int auth_level) {
  const ClientTrust::StorePtr store = client_trust_.Get();
  const int verified = VerifyClientChain(store.get(), leaf, untrusted, auth_level);
  if (verified != X509_V_OK) return verified;
  std::shared_ptr<const PeerCertificate> peer = MakePeerCertificate(leaf);
  if (!peer) return X509_V_ERR_UNSPECIFIED;
  // Registered before `accept` runs: a revocation that `accept` did not see yet is seen by the
  // CloseConnections that follows it.
  registry.SetPeer(connection.id(), peer);
  connection.set_peer(peer);
  bool accepted = true;
  if (const auto& accept = options.tls.client_auth.accept) {
    try {
      accepted = accept(*peer);
    } catch (...) {
      spdlog::error("ClientAuthOptions::accept threw an exception; certificate refused");
      accepted = false;
    }
  }
  if (!accepted) {
    registry.SetPeer(connection.id(), nullptr);  // dying anyway; not one to count as closed
    connection.set_peer(nullptr);
    return X509_V_ERR_CERT_REVOKED;
  }
  return X509_V_OK;
}

std::size_t ServerCore::CloseConnections(const std::function<bool(const PeerCertificate&)>& match) {
  if (!match) return 0;
  std::size_t closed = 0;
  for (const auto& [connection, peer] : registry.PeerSnapshot()) {
    if (!match(*peer)) continue;
    connection->ShutdownNow();
    connection->RequestAbort();
    ++closed;
  }
  return closed;
}

void ServerCore::OnConnectionGone(std::uint64_t id) {
  const bool empty = registry.Remove(id);
  if (empty && stopping_.load() && !destroying_.load()) {
    asio::post(control, [this] { grace_timer_.cancel(); });
  }
}

asio::awaitable<void> ServerCore::AcceptLoop(Listener& listener) {
  for (;;) {
    beast::error_code ec;
    asio::any_io_executor strand = asio::make_strand(ioc);
    tcp::socket socket =
        co_await listener.acceptor.async_accept(strand, asio::redirect_error(use_awaitable, ec));
    if (stopping_.load()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted || !listener.acceptor.is_open()) co_return;
      spdlog::debug("accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec == asio::error::no_memory || ec == std::errc::too_many_files_open_in_system) {
        // Out of file descriptors or memory: retrying at once would spin.
        asio::steady_timer backoff(control, kAcceptBackoff);
        co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    StartSession(listener, std::move(socket), strand);
  }
}

// On the control strand (serialised with BeginShutdown, so a registered connection is always
// seen by the shutdown snapshot or sees stopping_ itself).
void ServerCore::StartSession(Listener& listener, tcp::socket socket,
                              const asio::any_io_executor& strand) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  std::string remote_address = peer.address().to_string();
  const std::uint64_t id = ++next_connection_id_;

  const auto launch = [&]<class Stream>(std::type_identity<Stream>) {
    auto session = std::make_shared<Session<Stream>>(id, *this, listener.options, std::move(socket),
                                                     strand, std::move(remote_address));
    registry.Add(session);
    asio::co_spawn(strand, session->Serve(session), CoroutineRoot{"connection"});
  };
  if (listener.options.tls) {
    launch(std::type_identity<TlsStream>{});
  } else {
    launch(std::type_identity<PlainStream>{});
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Server

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() = default;

std::vector<uint16_t> Server::BoundPorts() const { return impl_->BoundPorts(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

void Server::SetTrustedClientCas(std::vector<std::string> ca_pems) {
  impl_->SetTrustedClientCas(ca_pems);
}

std::size_t Server::CloseConnections(const std::function<bool(const PeerCertificate&)>& match) {
  return impl_->CloseConnections(match);
}

}  // namespace yorisoi::net
