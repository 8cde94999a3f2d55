// Plain request/response values that cross the boundary between the network layer (Beast, TLS)
// and the http layer (router, handlers). No Boost type appears here, so that only src/net pays
// Beast's compile time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace yorisoi::net {

struct Header {
  std::string name;  // as received / as to be sent; lookups are case-insensitive
  std::string value;
};

// The verified client certificate of the connection a request came on. The fields are computed
// exactly as crypto::InspectCertificate computes them, so a stored fingerprint compares equal.
struct PeerCertificate {
  std::string sha256_fingerprint;  // lowercase hex SHA-256 of the DER certificate
  std::string serial_hex;          // lowercase hex, big-endian, no leading zero bytes
  std::string common_name;         // first CN of the subject (UTF-8), empty when absent
  std::string organization;        // first O of the subject (UTF-8), empty when absent
};

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // raw request target: path plus optional "?query"
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;  // peer IP, no port
  bool tls = false;            // arrived over TLS
  // The connection's verified client certificate; null when the connection has none (plain
  // HTTP, or client certificates not required). Shared by every request of the connection.
  std::shared_ptr<const PeerCertificate> peer;

  std::string_view Path() const;
  std::string_view Query() const;  // without the '?', empty when absent
  // First header with this name (case-insensitive), or empty.
  std::string_view HeaderValue(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::string_view HeaderValue(std::string_view name) const;
};

// Delivers a request's answer to the network layer. Call it exactly once, from any thread; it
// only posts the answer to the connection's strand (cheap, never blocks). Copyable.
using Completion = std::function<void(Response)>;

// What the network layer calls. Implementations must be thread-safe: requests of different
// connections arrive concurrently on the server's network threads.
//
// The network threads must never wait: HandleAsync is called on one of them and must return
// promptly (no database work, no lock held for long), handing anything that can wait to a thread
// of its own (a pool) and calling `done` when the answer is ready. The connection's coroutine is
// suspended meanwhile and holds no thread. The default HandleAsync answers inline with Handle,
// for handlers that never wait (the ops listener, tests).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void HandleAsync(Request request, Completion done);
  // The synchronous form: the answer on the calling thread. Must not throw.
  virtual Response Handle(const Request& request) = 0;
  // Builds the answer for a request the network layer refused before routing (malformed HTTP,
  // header or body over the limit). Goes through the same error mapping as handler errors.
  // Inline on a network thread: must not wait.
  virtual Response HandleProtocolError(const core::Error& error) = 0;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace yorisoi::net
