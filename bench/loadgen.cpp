// loadgen: an HTTPS/1.1 load generator that presents a client (device) certificate, for the
// benchmarks in bench/ now that `yorisoi serve` requires mutual TLS (wrk cannot present one).
//
//   loadgen --url https://localhost:PORT --ca CA [--cert C --key K | --certs FILE]
//           [--connections 64] [--threads 2] [--seconds 15]
//           --mode get|list|note|search|me|static|mixed [--token T] [--ids FILE]
//           [--queries FILE] [--path /x] [--mix get=60,list=20,note=15,search=5]
//
// Like wrk: every connection is keep-alive and sends its requests back to back (one in flight),
// the TLS handshake is made once per connection, and the latency of a request is measured from
// its write to the end of its answer. Each thread runs an epoll loop over its share of the
// connections with non-blocking sockets. Requests still in flight at the end are not counted in
// requests/s; the percentiles include them at their age at the end (so slow endpoints are not
// flattered by leaving out the requests that did not finish in time).
//
// Several devices and users (bench/mixed.sh): --certs FILE has one line per device,
// "CERT KEY [TOKEN...]" (whitespace-separated; the tokens are sessions opened from that device,
// since a session is valid only from its own device). Connection i presents the certificate of
// line i mod L and the token (i div L) mod T of that line (--token when the line has none), so
// 200 connections over 20 lines are 10 connections per device.
//
// --mode mixed draws each request's kind by the --mix weights (default 60% case views, 20% case
// lists, 15% note writes, 5% searches): get = GET /api/v1/cases/{id} (--ids), list =
// GET /api/v1/cases?... (a few fixed first pages), note = POST /api/v1/cases/{id}/notes (--ids),
// search = GET /api/v1/cases?limit=50&q=... (--queries).
//
// Output (what bench/*.sh parse), one "key value" per line:
//   requests N / unfinished N / unfinished_max_ms / seconds S / Requests/sec: R / avg_ms
//   (completed) / p50_ms / p95_ms / p99_ms / max_ms /
//   body_bytes_avg (mean size of an answer's body) / non2xx N / status_XXX N for each non-2xx /
//   errors N (connections that failed or were closed without notice)
// and in mixed mode one line per kind, the same measures for that kind's requests alone:
//   kind NAME requests N rps R avg_ms A p50_ms X p95_ms X p99_ms X max_ms X unfinished N non2xx N
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

enum class Mode { kGet, kList, kNote, kSearch, kMe, kStatic, kMixed };

struct Options {
  std::string host = "localhost";
  std::string port = "443";
  std::string ca, cert, key, certs_file, token, ids_file, queries_file, path = "/";
  std::string mix = "get=60,list=20,note=15,search=5";
  int connections = 64;
  int threads = 2;
  double seconds = 15;
  Mode mode = Mode::kStatic;
};

[[noreturn]] void Die(const std::string& what) {
  std::string detail;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    detail += std::string("; ") + buf;
  }
  std::fprintf(stderr, "loadgen: %s%s\n", what.c_str(), detail.c_str());
  std::exit(1);
}

[[noreturn]] void Usage(const std::string& why) {
  std::fprintf(stderr,
               "loadgen: %s\nusage: loadgen --url https://HOST:PORT --ca CA [--cert C --key K | "
               "--certs FILE] [--connections N] [--threads N] [--seconds S] "
               "--mode get|list|note|search|me|static|mixed [--token T] [--ids FILE] "
               "[--queries FILE] [--path /x] [--mix get=60,list=20,note=15,search=5]\n",
               why.c_str());
  std::exit(2);
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  if (out.empty()) Die(path + " has no lines");
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A request without its Host and Authorization headers, which belong to the connection (its
// token): the request line, then `rest` (further headers, the blank line, the body).
struct Template {
  std::string line;
  std::string rest;
};

// The requests of one kind, prepared once; a connection's request is one of them plus its own
// Host and Authorization headers.
struct Kind {
  std::string name;
  unsigned weight = 1;
  std::vector<Template> requests;
};

struct Workload {
  std::vector<Kind> kinds;
  unsigned total_weight = 0;
};

Template Get(const std::string& target) { return {"GET " + target + " HTTP/1.1\r\n", "\r\n"}; }

Kind MakeKind(const std::string& name, const Options& o) {
  Kind k;
  k.name = name;
  if (name == "me") {
    k.requests.push_back(Get("/api/v1/me"));
  } else if (name == "static") {
    k.requests.push_back(Get(o.path));
  } else if (name == "get") {
    if (o.ids_file.empty()) Usage("get requests need --ids");
    for (const auto& id : Lines(o.ids_file)) k.requests.push_back(Get("/api/v1/cases/" + id));
  } else if (name == "list") {
    // First pages of the case list as a caseworker opens it: all, and by status.
    for (const char* q : {"limit=50", "limit=20", "limit=50&status=received",
                          "limit=50&status=investigating", "limit=50&status=supporting"}) {
      k.requests.push_back(Get(std::string("/api/v1/cases?") + q));
    }
  } else if (name == "search") {
    if (o.queries_file.empty()) Usage("search requests need --queries");
    for (const auto& q : Lines(o.queries_file)) {
      k.requests.push_back(Get("/api/v1/cases?limit=50&q=" + UrlEncode(q)));
    }
  } else if (name == "note") {
    if (o.ids_file.empty()) Usage("note requests need --ids");
    const std::string body =
        R"({"body":"ベンチマーク用のダミー経過記録。学校より連絡あり、本児は元気に登校している。"})";
    const std::string rest =
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    for (const auto& id : Lines(o.ids_file)) {
      k.requests.push_back({"POST /api/v1/cases/" + id + "/notes HTTP/1.1\r\n", rest});
    }
  } else {
    Usage("unknown kind " + name);
  }
  return k;
}

Workload Prepare(const Options& o) {
  Workload w;
  switch (o.mode) {
    case Mode::kMe:
      w.kinds.push_back(MakeKind("me", o));
      break;
    case Mode::kStatic:
      w.kinds.push_back(MakeKind("static", o));
      break;
    case Mode::kGet:
      w.kinds.push_back(MakeKind("get", o));
      break;
    case Mode::kList:
      w.kinds.push_back(MakeKind("list", o));
      break;
    case Mode::kSearch:
      w.kinds.push_back(MakeKind("search", o));
      break;
    case Mode::kNote:
      w.kinds.push_back(MakeKind("note", o));
      break;
    case Mode::kMixed: {
      // "get=60,list=20,...": a kind with weight 0 is left out.
      std::stringstream mix(o.mix);
      for (std::string item; std::getline(mix, item, ',');) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) Usage("--mix wants kind=weight,...");
        const int weight = std::atoi(item.c_str() + eq + 1);
        if (weight < 0) Usage("--mix weights are not negative");
        if (weight == 0) continue;
        Kind k = MakeKind(item.substr(0, eq), o);
        k.weight = static_cast<unsigned>(weight);
        w.kinds.push_back(std::move(k));
      }
      if (w.kinds.empty()) Usage("--mix has no kind");
      break;
    }
  }
  for (const auto& k : w.kinds) w.total_weight += k.weight;
  return w;
}

// An incremental HTTP/1.1 response parser that keeps only the status line and headers.
class ResponseParser {
 public:
  void Reset() {
    state_ = State::kHead;
    head_.clear();
    remaining_ = 0;
    line_.clear();
    status_ = 0;
    close_ = false;
    body_bytes_ = 0;
  }
  // Consumes bytes; returns how many were used (the rest belongs to the next answer), sets
  // *done when an answer is complete. Returns -1 on a malformed answer.
  long Feed(const char* p, std::size_t n, bool* done) {
    *done = false;
    std::size_t i = 0;
    while (i < n && !*done) {
      switch (state_) {
        case State::kHead: {
          const std::size_t before = head_.size();
          head_.append(p + i, n - i);
          const auto end = head_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
          if (end == std::string::npos) {
            if (head_.size() > 65536) return -1;
            return static_cast<long>(n);
          }
          i += end + 4 - before;
          head_.resize(end + 2);
          if (!ParseHead()) return -1;
          if (chunked_) {
            state_ = State::kChunkSize;
          } else if (remaining_ == 0) {
            *done = true;
          } else {
            state_ = State::kBody;
          }
          break;
        }
        case State::kBody: {
          const std::size_t take = std::min<std::size_t>(remaining_, n - i);
          i += take;
          remaining_ -= take;
          body_bytes_ += take;
          if (remaining_ == 0) *done = true;
          break;
        }
        case State::kChunkSize:
        case State::kTrailer: {
          const char c = p[i++];
          if (c != '\n') {
            line_ += c;
            break;
          }
          if (!line_.empty() && line_.back() == '\r') line_.pop_back();
          if (state_ == State::kTrailer) {
            if (line_.empty()) *done = true;
          } else {
            remaining_ = std::strtoull(line_.c_str(), nullptr, 16);
            state_ = remaining_ == 0 ? State::kTrailer : State::kChunkData;
          }
          line_.clear();
          break;
        }
        case State::kChunkData: {
          const std::size_t take = std::min<std::size_t>(remaining_, n - i);
          i += take;
          remaining_ -= take;
          body_bytes_ += take;
          if (remaining_ == 0) state_ = State::kChunkEnd;
          break;
        }
        case State::kChunkEnd:  // the CRLF after a chunk's data
          if (p[i++] == '\n') state_ = State::kChunkSize;
          break;
      }
    }
    return static_cast<long>(i);
  }
  int status() const { return status_; }
  std::size_t body_bytes() const { return body_bytes_; }
  bool close() const { return close_; }

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkEnd, kTrailer };
  bool ParseHead() {
    if (head_.compare(0, 5, "HTTP/") != 0) return false;
    const auto sp = head_.find(' ');
    if (sp == std::string::npos || sp + 4 > head_.size()) return false;
    status_ = std::atoi(head_.c_str() + sp + 1);
    remaining_ = 0;
    chunked_ = false;
    close_ = false;
    std::size_t pos = head_.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head_.size()) {
      const std::size_t next = head_.find("\r\n", pos + 2);
      std::string line = head_.substr(pos + 2, next - pos - 2);
      for (auto& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (line.rfind("content-length:", 0) == 0) {
        remaining_ = std::strtoull(line.c_str() + 15, nullptr, 10);
      } else if (line.rfind("transfer-encoding:", 0) == 0 &&
                 line.find("chunked") != std::string::npos) {
        chunked_ = true;
      } else if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos) {
        close_ = true;
      }
      pos = next;
    }
    if (status_ == 204 || status_ == 304 || (status_ >= 100 && status_ < 200)) remaining_ = 0;
    return true;
  }
  State state_ = State::kHead;
  std::string head_;
  std::string line_;
  std::size_t remaining_ = 0;
  int status_ = 0;
  std::size_t body_bytes_ = 0;
  bool chunked_ = false;
  bool close_ = false;
};

// The measures of one kind of request.
struct KindStats {
  std::vector<uint32_t> latency_us;     // one per completed request
  std::vector<uint32_t> unfinished_us;  // the age of each request still in flight at the end
  std::map<int, uint64_t> non2xx;       // status -> count
  uint64_t body_bytes = 0;              // of the completed answers
};

struct Stats {
  std::vector<KindStats> kinds;  // as Workload::kinds
  uint64_t errors = 0;
  std::string first_error;
};

enum class ConnState { kConnecting, kHandshake, kWriting, kReading, kIdle };

struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  SSL_CTX* ctx = nullptr;  // the device certificate it presents
  std::string auth;        // its Host and Authorization headers
  ConnState state = ConnState::kConnecting;
  std::string request;   // the one in flight
  std::size_t kind = 0;  // of the request in flight
  Clock::time_point sent;
  ResponseParser parser;
  uint32_t events = 0;  // current epoll interest
};

class Worker {
 public:
  Worker(const Options& o, const addrinfo* addr, const Workload& w,
         std::vector<Connection> connections, unsigned seed)
      : o_(o), addr_(addr), w_(w), conns_(std::move(connections)), rng_(seed) {
    stats_.kinds.resize(w.kinds.size());
    if (w.kinds.size() == 1) stats_.kinds[0].latency_us.reserve(1 << 20);
  }

  void Run(Clock::time_point start, Clock::time_point deadline) {
    deadline_ = deadline;
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) Die("epoll_create1");
    while (Clock::now() < start) std::this_thread::sleep_for(std::chrono::microseconds(100));
    for (auto& c : conns_) Open(c);
    std::vector<epoll_event> events(conns_.size() + 1);
    std::vector<char> buf(1 << 16);
    buf_ = buf.data();
    buf_size_ = buf.size();
    for (;;) {
      const auto now = Clock::now();
      if (now >= deadline) break;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      const int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(left.count()) + 1);
      if (n < 0 && errno != EINTR) Die("epoll_wait");
      for (int i = 0; i < n; ++i) {
        Step(conns_[events[static_cast<std::size_t>(i)].data.u64]);
      }
    }
    for (auto& c : conns_) {
      if (c.ssl != nullptr && (c.state == ConnState::kWriting || c.state == ConnState::kReading) &&
          c.sent < deadline) {
        stats_.kinds[c.kind].unfinished_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(deadline - c.sent).count()));
      }
      Close(c);
    }
    ::close(ep_);
  }

  Stats& stats() { return stats_; }

 private:
  void Fail(Connection& c, const std::string& what) {
    ++stats_.errors;
    if (stats_.first_error.empty()) {
      stats_.first_error = what;
      while (unsigned long e = ERR_get_error()) {
        char b[256];
        ERR_error_string_n(e, b, sizeof b);
        stats_.first_error += std::string(": ") + b;
      }
    }
    ERR_clear_error();
    Close(c);
    if (stats_.errors > 1000 && completed_ == 0) {
      Die("no request completed, 1000 connection errors; first: " + stats_.first_error);
    }
    Open(c);
  }

  void Close(Connection& c) {
    if (c.ssl != nullptr) {
      SSL_free(c.ssl);
      c.ssl = nullptr;
    }
    if (c.fd >= 0) {
      ::close(c.fd);  // also leaves the epoll set
      c.fd = -1;
    }
    c.events = 0;
  }

  std::size_t Index(const Connection& c) const {
    return static_cast<std::size_t>(&c - conns_.data());
  }

  void Want(Connection& c, uint32_t events) {
    if (c.events == events) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = Index(c);
    if (epoll_ctl(ep_, c.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev) != 0) {
      Die("epoll_ctl");
    }
    c.events = events;
  }

  void Open(Connection& c) {
    c.fd = ::socket(addr_->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) Die("socket");
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c.state = ConnState::kConnecting;
    if (::connect(c.fd, addr_->ai_addr, addr_->ai_addrlen) != 0 && errno != EINPROGRESS) {
      Die(std::string("connect: ") + std::strerror(errno));
    }
    Want(c, EPOLLOUT);
  }

  // Advances a connection as far as it goes without blocking.
  void Step(Connection& c) {
    for (;;) {
      switch (c.state) {
        case ConnState::kConnecting: {
          int err = 0;
          socklen_t len = sizeof err;
          ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
          if (err == EINPROGRESS) return;
          if (err != 0) return Fail(c, std::string("connect: ") + std::strerror(err));
          c.ssl = SSL_new(c.ctx);
          SSL_set_fd(c.ssl, c.fd);
          // SSL_set_tlsext_host_name, without the macro's old-style cast.
          SSL_ctrl(c.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(o_.host.c_str()));
          if (!o_.ca.empty()) SSL_set1_host(c.ssl, o_.host.c_str());
          c.state = ConnState::kHandshake;
          break;
        }
        case ConnState::kHandshake: {
          const int r = SSL_connect(c.ssl);
          if (r != 1) {
            const int e = SSL_get_error(c.ssl, r);
            if (e == SSL_ERROR_WANT_READ) return Want(c, EPOLLIN);
            if (e == SSL_ERROR_WANT_WRITE) return Want(c, EPOLLOUT);
            return Fail(c, "TLS handshake");
          }
          NextRequest(c);
          break;
        }
        case ConnState::kWriting: {
          const int r = SSL_write(c.ssl, c.request.data(), static_cast<int>(c.request.size()));
          if (r <= 0) {
            const int e = SSL_get_error(c.ssl, r);
            if (e == SSL_ERROR_WANT_READ) return Want(c, EPOLLIN);
            if (e == SSL_ERROR_WANT_WRITE) return Want(c, EPOLLOUT);
            return Fail(c, "write");
          }
          // The answer cannot be in OpenSSL's buffer yet: wait for the socket.
          c.state = ConnState::kReading;
          c.parser.Reset();
          return Want(c, EPOLLIN);
        }
        case ConnState::kReading: {
          const int r = SSL_read(c.ssl, buf_, static_cast<int>(buf_size_));
          if (r <= 0) {
            const int e = SSL_get_error(c.ssl, r);
            if (e == SSL_ERROR_WANT_READ) return Want(c, EPOLLIN);
            if (e == SSL_ERROR_WANT_WRITE) return Want(c, EPOLLOUT);
            return Fail(c, e == SSL_ERROR_ZERO_RETURN ? "closed by the server" : "read");
          }
          bool done = false;
          const long used = c.parser.Feed(buf_, static_cast<std::size_t>(r), &done);
          if (used < 0) return Fail(c, "malformed answer");
          if (!done) break;
          if (used != r) return Fail(c, "bytes after the answer (nothing was pipelined)");
          const auto us =
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.sent);
          KindStats& ks = stats_.kinds[c.kind];
          ks.latency_us.push_back(static_cast<uint32_t>(us.count()));
          ++completed_;
          ks.body_bytes += c.parser.body_bytes();
          const int status = c.parser.status();
          if (status < 200 || status > 299) ++ks.non2xx[status];
          if (c.parser.close()) {
            Close(c);
            Open(c);
            return;
          }
          NextRequest(c);
          break;
        }
        case ConnState::kIdle:
          return;
      }
    }
  }

  std::size_t DrawKind() {
    if (w_.kinds.size() == 1) return 0;
    auto r = static_cast<unsigned>(rng_() % w_.total_weight);
    for (std::size_t k = 0;; ++k) {
      if (r < w_.kinds[k].weight) return k;
      r -= w_.kinds[k].weight;
    }
  }

  void NextRequest(Connection& c) {
    c.sent = Clock::now();
    if (c.sent >= deadline_) {  // no new request after the end
      c.state = ConnState::kIdle;
      return;
    }
    c.kind = DrawKind();
    const auto& rs = w_.kinds[c.kind].requests;
    const Template& t = rs.size() == 1 ? rs[0] : rs[rng_() % rs.size()];
    c.request.assign(t.line);
    c.request += c.auth;
    c.request += t.rest;
    c.state = ConnState::kWriting;
  }

  const Options& o_;
  const addrinfo* addr_;
  const Workload& w_;
  std::vector<Connection> conns_;
  std::mt19937_64 rng_;
  Stats stats_;
  uint64_t completed_ = 0;
  Clock::time_point deadline_;
  int ep_ = -1;
  char* buf_ = nullptr;
  std::size_t buf_size_ = 0;
};

Options Parse(int argc, char** argv) {
  Options o;
  std::string url;
  bool have_mode = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--url") {
      url = value();
    } else if (a == "--ca") {
      o.ca = value();
    } else if (a == "--cert") {
      o.cert = value();
    } else if (a == "--key") {
      o.key = value();
    } else if (a == "--certs") {
      o.certs_file = value();
    } else if (a == "--token") {
      o.token = value();
    } else if (a == "--ids") {
      o.ids_file = value();
    } else if (a == "--queries") {
      o.queries_file = value();
    } else if (a == "--path") {
      o.path = value();
    } else if (a == "--mix") {
      o.mix = value();
    } else if (a == "--connections" || a == "-c") {
      o.connections = std::atoi(value().c_str());
    } else if (a == "--threads" || a == "-t") {
      o.threads = std::atoi(value().c_str());
    } else if (a == "--seconds" || a == "-d") {
      o.seconds = std::atof(value().c_str());
    } else if (a == "--mode") {
      const std::string m = value();
      have_mode = true;
      if (m == "get") {
        o.mode = Mode::kGet;
      } else if (m == "list") {
        o.mode = Mode::kList;
      } else if (m == "note") {
        o.mode = Mode::kNote;
      } else if (m == "search") {
        o.mode = Mode::kSearch;
      } else if (m == "me") {
        o.mode = Mode::kMe;
      } else if (m == "static") {
        o.mode = Mode::kStatic;
      } else if (m == "mixed") {
        o.mode = Mode::kMixed;
      } else {
        Usage("unknown mode " + m);
      }
    } else if (a == "--help" || a == "-h") {
      Usage("help");
    } else {
      Usage("unknown argument " + a);
    }
  }
  if (!have_mode) Usage("--mode is required");
  if (url.rfind("https://", 0) != 0) Usage("--url must be https://HOST:PORT");
  std::string rest = url.substr(8);
  if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    o.host = rest.substr(0, colon);
    o.port = rest.substr(colon + 1);
  } else {
    o.host = rest;
  }
  if (o.cert.empty() != o.key.empty()) Usage("--cert and --key go together");
  if (!o.cert.empty() && !o.certs_file.empty()) Usage("--cert or --certs, not both");
  if (o.connections < 1 || o.threads < 1 || o.seconds <= 0) Usage("bad numbers");
  if (o.threads > o.connections) o.threads = o.connections;
  return o;
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  if (rank >= sorted.size()) rank = sorted.size() - 1;
  return sorted[rank] / 1000.0;
}

// A device: its TLS context (certificate and key) and the sessions opened from it.
struct Identity {
  SSL_CTX* ctx = nullptr;
  std::vector<std::string> tokens;
};

SSL_CTX* NewContext(const Options& o, const std::string& cert, const std::string& key) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) Die("SSL_CTX_new");
  if (!o.ca.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, o.ca.c_str(), nullptr) != 1) Die("load " + o.ca);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  }
  if (!cert.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1) Die("load " + cert);
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
      Die("load " + key);
    }
  }
  // Read whole socket buffers rather than a record header and then its body: half the read
  // calls for large answers.
  SSL_CTX_set_read_ahead(ctx, 1);
  return ctx;
}

std::vector<Identity> Identities(const Options& o) {
  std::vector<Identity> out;
  if (o.certs_file.empty()) {
    out.push_back({NewContext(o, o.cert, o.key), {}});
  } else {
    for (const auto& line : Lines(o.certs_file)) {
      std::istringstream fields(line);
      std::string cert, key;
      if (!(fields >> cert >> key)) Die(o.certs_file + ": a line is not \"CERT KEY [TOKEN...]\"");
      Identity id{NewContext(o, cert, key), {}};
      for (std::string token; fields >> token;) id.tokens.push_back(token);
      out.push_back(std::move(id));
    }
  }
  for (auto& id : out) {
    if (id.tokens.empty()) id.tokens.push_back(o.token);  // "" sends no Authorization header
  }
  return out;
}

// The measures of a set of requests (all of a run, or one kind's).
struct Summary {
  std::size_t completed = 0, unfinished = 0;
  double rps = 0, avg_ms = 0, p50 = 0, p95 = 0, p99 = 0, max_ms = 0, unfinished_max_ms = 0;
  double body_bytes_avg = 0;
  uint64_t bad = 0;
  std::map<int, uint64_t> non2xx;
};

Summary Summarize(const std::vector<const KindStats*>& parts, double elapsed) {
  Summary s;
  std::vector<uint32_t> all, unfinished;
  uint64_t body_bytes = 0;
  for (const KindStats* k : parts) {
    all.insert(all.end(), k->latency_us.begin(), k->latency_us.end());
    unfinished.insert(unfinished.end(), k->unfinished_us.begin(), k->unfinished_us.end());
    body_bytes += k->body_bytes;
    for (const auto& [status, count] : k->non2xx) {
      s.non2xx[status] += count;
      s.bad += count;
    }
  }
  s.completed = all.size();
  s.unfinished = unfinished.size();
  double sum = 0;
  for (auto v : all) sum += v;
  s.rps = static_cast<double>(s.completed) / elapsed;
  s.avg_ms = s.completed == 0 ? 0.0 : sum / static_cast<double>(s.completed) / 1000;
  // Percentiles count the requests still unanswered at the end too, at their age then (a lower
  // bound): dropping them would flatter an endpoint slower than the time left (wrk drops them).
  std::sort(unfinished.begin(), unfinished.end());
  s.unfinished_max_ms = unfinished.empty() ? 0.0 : unfinished.back() / 1000.0;
  all.insert(all.end(), unfinished.begin(), unfinished.end());
  std::sort(all.begin(), all.end());
  s.p50 = Percentile(all, 50);
  s.p95 = Percentile(all, 95);
  s.p99 = Percentile(all, 99);
  s.max_ms = all.empty() ? 0.0 : all.back() / 1000.0;
  s.body_bytes_avg =
      all.empty() ? 0.0 : static_cast<double>(body_bytes) / static_cast<double>(all.size());
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  const Workload workload = Prepare(o);

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addr = nullptr;
  if (const int e = getaddrinfo(o.host.c_str(), o.port.c_str(), &hints, &addr); e != 0) {
    Die(std::string("resolve ") + o.host + ": " + gai_strerror(e));
  }
  // localhost: IPv4 first (the servers listen on 127.0.0.1).
  const addrinfo* chosen = addr;
  for (const addrinfo* a = addr; a != nullptr; a = a->ai_next) {
    if (a->ai_family == AF_INET) {
      chosen = a;
      break;
    }
  }

  // Connection i: device i mod L, that device's token (i div L) mod T.
  const std::vector<Identity> identities = Identities(o);
  const std::string host = "Host: " + o.host + ":" + o.port + "\r\n";
  std::vector<std::unique_ptr<Worker>> workers;
  int next = 0;
  for (int t = 0; t < o.threads; ++t) {
    const int n = o.connections / o.threads + (t < o.connections % o.threads ? 1 : 0);
    std::vector<Connection> conns(static_cast<std::size_t>(n));
    for (auto& c : conns) {
      const auto i = static_cast<std::size_t>(next++);
      const Identity& id = identities[i % identities.size()];
      const std::string& token = id.tokens[(i / identities.size()) % id.tokens.size()];
      c.ctx = id.ctx;
      c.auth = host + (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n");
    }
    workers.push_back(std::make_unique<Worker>(o, chosen, workload, std::move(conns),
                                               std::random_device{}() + static_cast<unsigned>(t)));
  }
  const auto start = Clock::now() + std::chrono::milliseconds(20);
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w, start, deadline] { w->Run(start, deadline); });
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(deadline - start).count();

  uint64_t errors = 0;
  std::string first_error;
  std::vector<const KindStats*> everything;
  std::vector<std::vector<const KindStats*>> by_kind(workload.kinds.size());
  for (auto& w : workers) {
    auto& s = w->stats();
    for (std::size_t k = 0; k < s.kinds.size(); ++k) {
      everything.push_back(&s.kinds[k]);
      by_kind[k].push_back(&s.kinds[k]);
    }
    errors += s.errors;
    if (first_error.empty()) first_error = s.first_error;
  }
  const Summary s = Summarize(everything, elapsed);
  std::printf("requests %zu\n", s.completed);
  std::printf("unfinished %zu\n", s.unfinished);
  std::printf("unfinished_max_ms %.2f\n", s.unfinished_max_ms);
  std::printf("seconds %.2f\n", elapsed);
  std::printf("Requests/sec: %.2f\n", s.rps);
  std::printf("avg_ms %.2f\n", s.avg_ms);
  std::printf("p50_ms %.2f\n", s.p50);
  std::printf("p95_ms %.2f\n", s.p95);
  std::printf("p99_ms %.2f\n", s.p99);
  std::printf("max_ms %.2f\n", s.max_ms);
  std::printf("body_bytes_avg %.0f\n", s.body_bytes_avg);
  std::printf("non2xx %llu\n", static_cast<unsigned long long>(s.bad));
  for (const auto& [status, count] : s.non2xx) {
    std::printf("status_%d %llu\n", status, static_cast<unsigned long long>(count));
  }
  std::printf("errors %llu\n", static_cast<unsigned long long>(errors));
  if (!first_error.empty()) std::printf("first_error %s\n", first_error.c_str());
  if (o.mode == Mode::kMixed) {
    for (std::size_t k = 0; k < workload.kinds.size(); ++k) {
      const Summary ks = Summarize(by_kind[k], elapsed);
      std::printf(
          "kind %s requests %zu rps %.2f avg_ms %.2f p50_ms %.2f p95_ms %.2f p99_ms %.2f "
          "max_ms %.2f unfinished %zu non2xx %llu\n",
          workload.kinds[k].name.c_str(), ks.completed, ks.rps, ks.avg_ms, ks.p50, ks.p95, ks.p99,
          ks.max_ms, ks.unfinished, static_cast<unsigned long long>(ks.bad));
    }
  }
  freeaddrinfo(addr);
  for (const auto& id : identities) SSL_CTX_free(id.ctx);
  return s.completed == 0 ? 1 : 0;
}
