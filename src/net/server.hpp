// The HTTPS (and plain-HTTP ops) server: Asio listeners, TLS, HTTP/1.1 keep-alive sessions on
// C++20 coroutines. Knows a Handler, nothing of the domain. No Boost type in this header: Boost
// stays inside the files of src/net (server.cpp says which file holds which role).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/http_types.hpp"

namespace yorisoi::net {

// Client certificates (mutual TLS: only enrolled devices talk to the server).
//
// The chain is verified by the server itself against the current trusted CAs (each of them is a
// trust anchor on its own, self-signed or not): signatures, validity dates of every certificate,
// CA:TRUE on the issuers and extendedKeyUsage clientAuth (when present) on the leaf. Only then
// is `accept` asked. A resumed TLS session (the server-side session cache) is checked again in
// full after its abbreviated handshake, against the trust and `accept` of that moment, so a
// revoked device cannot come back through a cached session.
//
// TLS 1.3: the client sends its certificate in its second flight and considers the handshake
// done at once, before the server has verified it. A refused client therefore usually sees the
// refusal (an alert or the closed connection) only on its first read or write, not in the
// handshake; with TLS 1.2 the handshake itself fails. Either way it never gets an HTTP answer.
//
// The CertificateRequest carries no list of acceptable CA names (that would tell anyone who
// connects which tenants the installation serves); clients offer whatever identity they have.
struct ClientAuthOptions {
  // true: the TLS handshake requires a client certificate that chains to one of the trusted CAs
  // (and is within its validity); false: no certificate is asked for (demo mode, ops listener).
  bool required = false;
  // Initial trust: each a PEM CA certificate (or several). Checked even when not required; one
  // that is not a CA certificate makes the Server constructor throw std::runtime_error.
  std::vector<std::string> trusted_ca_pems;
  // Called during the handshake with the verified leaf certificate; false refuses the handshake
  // (a revoked or unknown device). Must be fast and thread-safe (an in-memory lookup). Runs on
  // an I/O thread; an exception counts as false. Empty: every verified certificate is accepted.
  // It runs after the connection was registered under this certificate, so a device marked
  // revoked before CloseConnections is either refused here or closed by CloseConnections.
  std::function<bool(const PeerCertificate&)> accept;
};

struct TlsOptions {
  std::string certificate_chain_file;  // PEM: server certificate (+ intermediates)
  std::string private_key_file;        // PEM
  ClientAuthOptions client_auth;       // applies to every TLS listener
};

struct ListenerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 0;                  // 0 picks a free port; see Server::BoundPort
  bool tls = true;                    // false only for the loopback ops listener
  Handler* handler = nullptr;         // not owned; must outlive the server
};

struct ServerOptions {
  std::vector<ListenerOptions> listeners;
  TlsOptions tls;
  std::size_t header_limit = 16 * 1024;     // bytes of request line + headers
  std::size_t body_limit = 1024 * 1024;     // bytes of request body
  std::chrono::seconds read_timeout{30};    // a request must arrive whole within this
  std::chrono::seconds idle_timeout{75};    // keep-alive connection without a request
  std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long on shutdown
  unsigned threads = 0;                     // 0: one per hardware thread
};

class Server {
 public:
  // Binds every listener (throws std::runtime_error on failure: start-up is where exceptions go).
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port each listener is bound to, in the order given (useful with port 0).
  std::vector<uint16_t> BoundPorts() const;

  // Serves until SIGINT/SIGTERM or Stop(); then stops accepting, lets in-flight requests finish
  // within shutdown_grace, closes idle keep-alive connections and returns.
  void Run();
  // Thread-safe; may be called from any thread, also before Run().
  void Stop();

  // Replaces the trusted client CAs for handshakes from now on (a tenant was added). Thread-safe;
  // a handshake in progress uses the trust it started verifying with. Each string may hold one or
  // more PEM certificates, each of which must be a CA certificate. Throws std::invalid_argument
  // and changes nothing when one is not. Established connections are not re-checked (close them
  // with CloseConnections when trust is withdrawn).
  void SetTrustedClientCas(std::vector<std::string> ca_pems);
  // Closes every open TLS connection whose client certificate matches (a device was revoked):
  // in-flight requests are abandoned (their answer is never sent), idle keep-alive connections
  // closed; returns how many were closed. Thread-safe. Before returning it shuts each TCP
  // connection down (shutdown(2), so the device reads EOF at once even while a handler is still
  // working on its request) and posts the close of the socket to the connection's strand,
  // without waiting for it: it may be called from a Handler (even for the connection the
  // request came on). No TLS close_notify is sent; the client reads EOF or a reset.
  // `match` is called on the calling thread, outside any lock of the server. Connections still
  // in their handshake count once their certificate was verified; call it after `accept`
  // starts refusing the device (see ClientAuthOptions::accept).
  std::size_t CloseConnections(const std::function<bool(const PeerCertificate&)>& match);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yorisoi::net
