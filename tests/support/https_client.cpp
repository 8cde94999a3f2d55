#include "https_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace yorisoi::testing {
namespace {

bool IEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string OpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

// A socket BIO that writes with send(MSG_NOSIGNAL). OpenSSL's own socket BIO writes with write(),
// and a write to a connection whose server has gone (a test killed it, or it closed first)
// raises SIGPIPE, whose default action kills the whole test binary mid-run, leaving its
// temporary folders and server processes behind. With MSG_NOSIGNAL the write fails with EPIPE
// instead, SSL_write returns an error and Request()/SendRaw() throw, for every test that uses
// this client, without changing the signal disposition of the test process (or of the servers it
// starts, which inherit it).
int FdOf(BIO* b) { return static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(b))); }

bool ShouldRetry(ssize_t n) {
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
}

int NoSigpipeWrite(BIO* b, const char* data, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::send(FdOf(b), data, static_cast<std::size_t>(len), MSG_NOSIGNAL);
  if (ShouldRetry(n)) BIO_set_retry_write(b);
  return static_cast<int>(n);
}

int NoSigpipeRead(BIO* b, char* data, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::recv(FdOf(b), data, static_cast<std::size_t>(len), 0);
  if (ShouldRetry(n)) BIO_set_retry_read(b);
  return static_cast<int>(n);
}

long NoSigpipeCtrl(BIO* b, int cmd, long /*num*/, void* ptr) {
  switch (cmd) {
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_C_GET_FD:
      if (ptr != nullptr) *static_cast<int*>(ptr) = FdOf(b);
      return FdOf(b);
    default:
      return 0;
  }
}

int NoSigpipeCreate(BIO* b) {
  BIO_set_data(b, reinterpret_cast<void*>(intptr_t{-1}));
  BIO_set_init(b, 1);
  return 1;
}

int NoSigpipeDestroy(BIO* /*b*/) { return 1; }  // the fd belongs to the connection

const BIO_METHOD* NoSigpipeSocketMethod() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR,
                                 "socket, send(MSG_NOSIGNAL)");
    BIO_meth_set_write(m, NoSigpipeWrite);
    BIO_meth_set_read(m, NoSigpipeRead);
    BIO_meth_set_ctrl(m, NoSigpipeCtrl);
    BIO_meth_set_create(m, NoSigpipeCreate);
    BIO_meth_set_destroy(m, NoSigpipeDestroy);
    return m;
  }();
  return method;
}

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return "";
}

bool HttpResponse::HasHeader(const std::string& name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return IEquals(h.first, name); });
}

nlohmann::json HttpResponse::Json() const { return nlohmann::json::parse(body, nullptr, false); }

struct HttpsConnection::Impl {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  int fd = -1;
  std::string buffer;  // bytes read but not consumed
  ~Impl() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
    if (fd >= 0) ::close(fd);
  }
};

std::unique_ptr<HttpsConnection> HttpsConnection::Connect(const ClientOptions& o,
                                                          std::string* error) {
  std::unique_ptr<HttpsConnection> c(new HttpsConnection());
  c->impl_ = new Impl();
  auto& im = *c->impl_;
  auto fail = [&](const std::string& what) -> std::unique_ptr<HttpsConnection> {
    if (error) *error = what + (ERR_peek_error() ? ": " + OpenSslErrors() : std::string());
    return nullptr;
  };
  im.ctx = SSL_CTX_new(TLS_client_method());
  if (o.min_version) SSL_CTX_set_min_proto_version(im.ctx, o.min_version);
  if (o.max_version) SSL_CTX_set_max_proto_version(im.ctx, o.max_version);
  if (!o.cipher_list.empty()) SSL_CTX_set_cipher_list(im.ctx, o.cipher_list.c_str());
  if (!o.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(im.ctx, o.ca_file.c_str(), nullptr) != 1)
      return fail("load CA");
    SSL_CTX_set_verify(im.ctx, SSL_VERIFY_PEER, nullptr);
  }
  if (!o.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(im.ctx, o.cert_file.c_str()) != 1)
      return fail("load client certificate");
    if (SSL_CTX_use_PrivateKey_file(im.ctx, o.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      return fail("load client key");
  }
  im.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o.port);
  ::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
  if (::connect(im.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return fail("connect");
  int one = 1;
  ::setsockopt(im.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{10, 0};
  ::setsockopt(im.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  im.ssl = SSL_new(im.ctx);
  BIO* bio = BIO_new(NoSigpipeSocketMethod());
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(im.fd)));
  SSL_set_bio(im.ssl, bio, bio);  // the SSL owns the BIO from here
  SSL_set_tlsext_host_name(im.ssl, o.server_name.c_str());
  if (!o.ca_file.empty()) SSL_set1_host(im.ssl, o.server_name.c_str());
  if (SSL_connect(im.ssl) != 1) return fail("TLS handshake failed");
  return c;
}

HttpsConnection::~HttpsConnection() { delete impl_; }

std::string HttpsConnection::NegotiatedProtocol() const { return SSL_get_version(impl_->ssl); }

void HttpsConnection::WriteAll(const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    const int n = SSL_write(impl_->ssl, bytes.data() + off, static_cast<int>(bytes.size() - off));
    if (n <= 0) throw std::runtime_error("write failed: " + OpenSslErrors());
    off += static_cast<std::size_t>(n);
  }
}

HttpResponse HttpsConnection::ReadResponse() {
  auto& buf = impl_->buffer;
  auto fill = [&]() {
    char tmp[16384];
    const int n = SSL_read(impl_->ssl, tmp, sizeof tmp);
    if (n <= 0) throw std::runtime_error("connection closed while reading the response");
    buf.append(tmp, static_cast<std::size_t>(n));
  };
  std::size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) fill();
  HttpResponse r;
  const std::string head = buf.substr(0, end);
  buf.erase(0, end + 4);
  std::size_t pos = head.find("\r\n");
  const std::string status_line = head.substr(0, pos);
  r.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  while (pos != std::string::npos && pos < head.size()) {
    const std::size_t next = head.find("\r\n", pos + 2);
    const std::string line =
        head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers.emplace_back(line.substr(0, colon), value);
    }
    pos = next;
  }
  const std::string cl = r.Header("Content-Length");
  const std::size_t length = cl.empty() ? 0 : std::stoul(cl);
  while (buf.size() < length) fill();
  r.body = buf.substr(0, length);
  buf.erase(0, length);
  return r;
}

HttpResponse HttpsConnection::Request(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  WriteAll(req);
  return ReadResponse();
}

HttpResponse HttpsConnection::SendRaw(const std::string& bytes) {
  WriteAll(bytes);
  return ReadResponse();
}

bool HttpsConnection::PeerClosed(int timeout_ms) {
  pollfd p{impl_->fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char tmp[256];
  const int n = SSL_read(impl_->ssl, tmp, sizeof tmp);
  return n <= 0;
}

HttpResponse Call(const ClientOptions& options, const std::string& method,
                  const std::string& target, const nlohmann::json& body, const std::string& token) {
  std::string error;
  auto conn = HttpsConnection::Connect(options, &error);
  if (!conn) throw std::runtime_error(error);
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  std::string text;
  if (!body.is_null()) {
    headers.emplace_back("Content-Type", "application/json");
    text = body.dump();
  }
  return conn->Request(method, target, text, headers);
}

}  // namespace yorisoi::testing
