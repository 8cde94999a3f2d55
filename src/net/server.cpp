// HTTPS / HTTP server: ServerCore (= Server::Impl) and the Server facade. The parts live in
// files of their own, by role:
//   * tls_context.cpp          the TLS context (versions, suites, session cache, certificate)
//   * client_trust.cpp         client certificates: the trusted CAs, the chain check, the peer
//   * connection.hpp           what other threads can reach of one connection
//   * connection_registry.cpp  the open connections (shutdown, CloseConnections)
//   * http_session.cpp         the HTTP/1.1 keep-alive loop (the only Beast file)
//   * listener.cpp             binding a listener and its accept loop
// This file: the thread pool, graceful shutdown, and the client-certificate check that joins the
// trust, the registry and ClientAuthOptions::accept. Asio only, no Beast.
//
// Logging: never request data (bodies, targets, header values, peer addresses). Connection-level
// failures go to debug only.
#include "net/server.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "net/connection.hpp"
#include "net/http_session.hpp"
#include "net/listener.hpp"
#include "net/openssl_errors.hpp"
#include "net/server_core.hpp"
#include "net/tls_context.hpp"

namespace yorisoi::net {
namespace {

// Upper bound for the lingering close after an error response / Connection: close (TLS
// close_notify exchange, draining what the client is still sending so that the kernel does not
// answer with RST before the client has read our response).
constexpr std::chrono::seconds kMaxLinger{3};

}  // namespace

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
  for (const ListenerOptions& lo : options.listeners) listeners_.push_back(Listen(lo, control));

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
    asio::co_spawn(control, AcceptLoop(*this, *listener), CoroutineRoot{"accept loop"});
  }
  signals_.async_wait([this](const error_code& ec, int /*signal*/) {
    if (!ec) BeginShutdown();
  });
}

// On the control strand.
void ServerCore::BeginShutdown() {
  if (stopping_.exchange(true)) return;
  spdlog::info("server stopping");
  error_code ec;
  signals_.cancel(ec);
  for (auto& listener : listeners_) listener->acceptor.close(ec);

  const auto connections = registry.Snapshot();
  for (const auto& connection : connections) connection->RequestStop();
  if (connections.empty()) return;
  grace_timer_.expires_after(options.shutdown_grace);
  grace_timer_.async_wait([this](const error_code& error) {
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

std::vector<uint16_t> ServerCore::BoundPorts() const {
  std::vector<uint16_t> ports;
  ports.reserve(listeners_.size());
  for (const auto& listener : listeners_) ports.push_back(listener->port);
  return ports;
}

void ServerCore::StartSession(Listener& listener, tcp::socket socket,
                              const asio::any_io_executor& strand) {
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  std::string remote_address = peer.address().to_string();
  const std::uint64_t id = ++next_connection_id_;
  StartHttpSession(*this, id, listener.options, std::move(socket), strand,
                   std::move(remote_address));
}

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
