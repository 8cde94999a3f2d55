#include "net/listener.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <boost/asio/ip/v6_only.hpp>

#include "net/server_core.hpp"

namespace yorisoi::net {
namespace {

// Back-off after a failed accept (e.g. EMFILE) so that the loop does not spin.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

}  // namespace

std::unique_ptr<Listener> Listen(const ListenerOptions& options, const ControlStrand& control) {
  const std::string where = options.address + " port " + std::to_string(options.port);
  if (options.handler == nullptr) throw std::runtime_error("listener " + where + " has no handler");
  std::string_view literal = options.address;
  if (literal.size() >= 2 && literal.front() == '[' && literal.back() == ']') {
    literal = literal.substr(1, literal.size() - 2);
  }
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(literal, ec);
  if (ec) throw std::runtime_error("listener " + where + ": not an IP address literal");
  const tcp::endpoint endpoint{address, options.port};

  auto listener = std::make_unique<Listener>(Listener{options, tcp::acceptor(control), 0});
  tcp::acceptor& acceptor = listener->acceptor;
  const auto fail = [&where](std::string_view step, const error_code& error) {
    return std::runtime_error("cannot listen on " + where + ": " + std::string(step) + ": " +
                              error.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw fail("open", ec);
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) throw fail("SO_REUSEADDR", ec);
  if (address.is_v6()) {
    acceptor.set_option(asio::ip::v6_only(true), ec);
    if (ec) throw fail("IPV6_V6ONLY", ec);
  }
  acceptor.bind(endpoint, ec);
  if (ec) throw fail("bind", ec);
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail("listen", ec);
  listener->port = acceptor.local_endpoint(ec).port();
  if (ec) throw fail("local_endpoint", ec);
  return listener;
}

asio::awaitable<void> AcceptLoop(ServerCore& server, Listener& listener) {
  for (;;) {
    error_code ec;
    asio::any_io_executor strand = asio::make_strand(server.ioc);
    tcp::socket socket =
        co_await listener.acceptor.async_accept(strand, asio::redirect_error(use_awaitable, ec));
    if (server.stopping()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted || !listener.acceptor.is_open()) co_return;
      spdlog::debug("accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec == asio::error::no_memory || ec == std::errc::too_many_files_open_in_system) {
        // Out of file descriptors or memory: retrying at once would spin.
        asio::steady_timer backoff(server.control, kAcceptBackoff);
        co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    server.StartSession(listener, std::move(socket), strand);
  }
}

}  // namespace yorisoi::net
