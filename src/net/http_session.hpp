// Internal to src/net: the HTTP/1.1 keep-alive session of one accepted connection, plain or
// TLS. This header is Asio only; http_session.cpp is the one file of the folder that includes
// Beast (it costs most of the folder's build time, so keep it the only one).
#pragma once

#include <cstdint>
#include <string>

#include "net/asio.hpp"
#include "net/server.hpp"

namespace yorisoi::net {

class ServerCore;

// On the control strand: registers the connection with server.registry and starts its
// coroutine on `strand`: the TLS handshake when listener.tls (with the client certificate
// checked through ServerCore::CheckClientCertificate), then request after request to
// listener.handler until the client, a timeout, a protocol error or the server ends it.
void StartHttpSession(ServerCore& server, std::uint64_t id, const ListenerOptions& listener,
                      tcp::socket socket, const asio::any_io_executor& strand,
                      std::string remote_address);

}  // namespace yorisoi::net
