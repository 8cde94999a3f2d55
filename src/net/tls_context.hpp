// Internal to src/net: the server's TLS context. Needs Asio's SSL context only, no Beast.
#pragma once

#include <utility>  // before any Boost header (Boost 1.74 + g++ 12)

#include <boost/asio/ssl/context.hpp>

#include "net/server.hpp"

namespace yorisoi::net {

// TLS 1.2 and 1.3 only, ECDHE + AEAD suites, server cipher preference, no renegotiation, no
// compression, no session tickets (resumption through the server-side cache only), and the
// certificate chain and key of `tls`. Client certificates are set up by ServerCore
// (client_trust.hpp). Throws std::runtime_error naming what failed.
boost::asio::ssl::context MakeTlsContext(const TlsOptions& tls);

}  // namespace yorisoi::net
