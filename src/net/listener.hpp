// Internal to src/net: one listening socket and its accept loop. Asio only, no Beast.
#pragma once

#include <cstdint>
#include <memory>

#include "net/asio.hpp"
#include "net/server.hpp"

namespace yorisoi::net {

class ServerCore;

struct Listener {
  ListenerOptions options;
  tcp::acceptor acceptor;
  uint16_t port = 0;  // the bound port (options.port may be 0)
};

// Binds options.address (an IPv4 or IPv6 literal, optionally in brackets; an IPv6 listener is
// IPv6 only) and port, and listens, with the acceptor on `control`. Throws std::runtime_error
// naming the address and the step that failed.
std::unique_ptr<Listener> Listen(const ListenerOptions& options, const ControlStrand& control);

// On the control strand: accepts until the acceptor is closed or the server stops. Each
// connection gets a strand of its own and goes to ServerCore::StartSession.
asio::awaitable<void> AcceptLoop(ServerCore& server, Listener& listener);

}  // namespace yorisoi::net
