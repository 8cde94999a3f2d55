// The HTTPS (and plain-HTTP ops) server: Asio listeners, TLS, HTTP/1.1 keep-alive sessions on
// C++20 coroutines. Knows a Handler, nothing of the domain. Boost stays inside server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/http_types.hpp"

namespace yorisoi::net {

struct TlsOptions {
  std::string certificate_chain_file;  // PEM: server certificate (+ intermediates)
  std::string private_key_file;        // PEM
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yorisoi::net
