// The HTTP/1.1 keep-alive loop of one connection (plain or TLS) on Boost.Beast with C++20
// coroutines: the only Beast translation unit of src/net.
//
// Logging: never request data (bodies, targets, header values, peer addresses). Connection-level
// failures go to debug only.
#include "net/http_session.hpp"

// g++ 12 at -O2 reports a -Wnull-dereference inside Asio's epoll reactor (inlined
// scheduler::compensating_work_started) despite the system-header status; not our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "core/error_codes.hpp"
#include "net/client_trust.hpp"
#include "net/connection.hpp"
#include "net/request_framing.hpp"
#include "net/server_core.hpp"

namespace yorisoi::net {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

using Clock = std::chrono::steady_clock;
// Raw sockets, not beast::tcp_stream: timeouts come from one lazily re-armed timer per
// connection (Session::SetDeadline) instead of a timer wait and cancel around every read/write.
using PlainStream = tcp::socket;
using TlsStream = beast::ssl_stream<tcp::socket>;

// Read size while waiting for the next request (the buffer keeps any larger capacity it grew),
// and while draining a refused request.
constexpr std::size_t kIdleReadSize = 4 * 1024;
constexpr std::size_t kDrainReadSize = 16 * 1024;

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
  bool found = false;
  ForEachListItem(value,
                  [&](std::string_view item) { found = found || EqualsIgnoreCase(item, token); });
  return found;
}

bool IsHttpParseError(const beast::error_code& ec) {
  static const auto& category = beast::error_code(http::error::bad_target).category();
  return ec.category() == category;
}

core::Error HeaderTooLarge() {
  return core::Error{core::Errc::kInvalidArgument, std::string(core::codes::kHeaderTooLarge),
                     "request header exceeds the limit", ""};
}
core::Error BodyTooLarge() {
  return core::Error{core::Errc::kPayloadTooLarge, std::string(core::codes::kBodyTooLarge),
                     "request body exceeds the limit", "body"};
}
core::Error MalformedRequest() {
  return core::Error{core::Errc::kInvalidArgument, std::string(core::codes::kMalformedRequest),
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

// Hands `request` to the handler and completes with its answer on `strand`: the calling
// coroutine is suspended meanwhile and holds no thread. The handler may answer inline or from
// any thread; the answer is always posted to the strand, which is kept from running out of work
// until it arrives (so the io_context does not stop under a request in flight). A handler that
// throws instead of answering gets a 500 that closes the connection.
template <class CompletionToken>
auto AsyncHandle(Handler& handler, Request request, const asio::any_io_executor& strand,
                 CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void(Response)>(
      [](auto completion, Handler* target, Request req, const asio::any_io_executor& on) {
        using CompletionHandler = decltype(completion);
        struct State {
          State(CompletionHandler&& h, asio::any_io_executor e)
              : handler(std::move(h)), work(std::move(e)) {}
          CompletionHandler handler;
          asio::any_io_executor work;  // the strand, with outstanding work tracked
          std::atomic<bool> answered{false};
        };
        auto state = std::make_shared<State>(
            std::move(completion), asio::prefer(on, asio::execution::outstanding_work.tracked));
        auto answer = [state](Response response) {
          if (state->answered.exchange(true)) return;
          const asio::any_io_executor work = state->work;
          asio::post(work, [state, response = std::move(response)]() mutable {
            std::move(state->handler)(std::move(response));
          });
        };
        try {
          target->HandleAsync(std::move(req), answer);
        } catch (...) {
          spdlog::error("request handler threw an exception");
          Response failed = SafeProtocolErrorResponse(
              *target, core::Error::Internal("unhandled exception in request handler"));
          failed.SetHeader("Connection", "close");
          answer(std::move(failed));
        }
      },
      token, &handler, std::move(request), strand);
}

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
    Response response =
        co_await AsyncHandle(*listener_.handler, TakeRequest(), strand(), use_awaitable);
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
// and before a 100 Continue is sent; so does a header CheckRequestHeader refuses (framing, Host).
template <class Stream>
beast::error_code Session<Stream>::BeginRequest() {
  const ServerOptions& options = server_.options;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(static_cast<std::uint64_t>(options.body_limit));

  beast::error_code ec;
  buffer_.consume(parser_->put(buffer_.data(), ec));
  if (ec == http::error::need_more) return {};  // FinishRequest reads (and checks) the header
  if (ec) return ec;
  ec = CheckRequestHeader(*parser_);
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
    if (!ec) ec = CheckRequestHeader(*parser_);
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

}  // namespace

void StartHttpSession(ServerCore& server, std::uint64_t id, const ListenerOptions& listener,
                      tcp::socket socket, const asio::any_io_executor& strand,
                      std::string remote_address) {
  const auto launch = [&]<class Stream>(std::type_identity<Stream>) {
    auto session = std::make_shared<Session<Stream>>(id, server, listener, std::move(socket),
                                                     strand, std::move(remote_address));
    server.registry.Add(id, session);
    asio::co_spawn(strand, session->Serve(session), CoroutineRoot{"connection"});
  };
  if (listener.tls) {
    launch(std::type_identity<TlsStream>{});
  } else {
    launch(std::type_identity<PlainStream>{});
  }
}

}  // namespace yorisoi::net
