// Internal to src/net: ServerCore (= Server::Impl), what ties the parts together: the thread
// pool, the listeners (listener.hpp), the TLS context (tls_context.hpp) and the client trust
// (client_trust.hpp), the open connections (connection_registry.hpp), the graceful shutdown, and
// the start of each connection's HTTP session (http_session.hpp). Asio only, no Beast.
#pragma once

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/asio.hpp"
#include "net/client_trust.hpp"
#include "net/connection_registry.hpp"
#include "net/server.hpp"

namespace yorisoi::net {

class Connection;
struct Listener;

class ServerCore {
 public:
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
  std::vector<uint16_t> BoundPorts() const;
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

  // On the control strand (serialised with BeginShutdown, so a registered connection is always
  // seen by the shutdown snapshot or sees stopping_ itself): an accepted connection of
  // `listener` on its own `strand` (AcceptLoop, listener.cpp).
  void StartSession(Listener& listener, tcp::socket socket, const asio::any_io_executor& strand);

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
  void RunWorker();

  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::atomic<bool> destroying_{false};
  std::atomic<std::uint64_t> next_connection_id_{0};
  unsigned threads_ = 1;

 public:
  asio::io_context ioc;
  ControlStrand control;  // acceptors, signals, grace timer

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

}  // namespace yorisoi::net
