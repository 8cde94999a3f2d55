// Plain request/response values that cross the boundary between the network layer (Beast, TLS)
// and the http layer (router, handlers). No Boost type appears here, so that only src/net pays
// Beast's compile time.
#pragma once

#include <cstdint>
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

// What the network layer calls. Implementations must be thread-safe: Handle runs concurrently on
// the server's worker threads. Handle may block briefly (database work); it must not throw.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Response Handle(const Request& request) = 0;
  // Builds the answer for a request the network layer refused before routing (malformed HTTP,
  // header or body over the limit). Goes through the same error mapping as handler errors.
  virtual Response HandleProtocolError(const core::Error& error) = 0;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace yorisoi::net
