// A small HTTPS/1.1 client over OpenSSL for the functional tests: real TLS against the real
// server, with control over protocol versions and the client (device) certificate.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace yorisoi::testing {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string ca_file;  // trust anchor for the server certificate
  int min_version = 0;  // TLS1_2_VERSION etc.; 0 = library default
  int max_version = 0;
  std::string cipher_list;  // for TLS <= 1.2; empty = default
  std::string server_name = "localhost";
  // The device certificate (PEM, leaf first) and its key; empty: none is presented.
  std::string cert_file;
  std::string key_file;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(const std::string& name) const;  // case-insensitive; "" when absent
  bool HasHeader(const std::string& name) const;
  nlohmann::json Json() const;  // discarded value when the body is not JSON
};

class HttpsConnection {
 public:
  // Connects and completes the TLS handshake. Returns nullptr and sets *error on failure.
  static std::unique_ptr<HttpsConnection> Connect(const ClientOptions& options, std::string* error);
  ~HttpsConnection();

  // Sends one request on this (keep-alive) connection and reads the whole answer.
  // Throws std::runtime_error when the connection fails.
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Sends bytes as they are and reads one answer (for malformed requests).
  HttpResponse SendRaw(const std::string& bytes);
  // True when the server has closed the connection (reads EOF within timeout_ms).
  bool PeerClosed(int timeout_ms);
  std::string NegotiatedProtocol() const;

 private:
  HttpsConnection() = default;
  HttpResponse ReadResponse();
  void WriteAll(const std::string& bytes);
  struct Impl;
  Impl* impl_ = nullptr;
};

// A JSON request on a fresh connection. token: Bearer token, or empty.
HttpResponse Call(const ClientOptions& options, const std::string& method,
                  const std::string& target, const nlohmann::json& body = nullptr,
                  const std::string& token = "");

}  // namespace yorisoi::testing
