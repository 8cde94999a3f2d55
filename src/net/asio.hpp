// Internal to src/net (Boost never leaves this folder): the Asio headers the network layer
// shares, without Beast, and the short names its files use. Parsing these costs about two
// seconds per translation unit; Beast, and the instantiation of the HTTP session, is what costs
// the better part of a minute, and only http_session.cpp pays it.
#pragma once

#include <utility>  // before any Boost header (Boost 1.74 + g++ 12)

// g++ 12 at -O2 reports a -Wnull-dereference inside Asio's epoll reactor (inlined
// scheduler::compensating_work_started) despite the system-header status; not our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#pragma GCC diagnostic pop

namespace yorisoi::net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using asio::use_awaitable;
// The control strand: acceptors, signals and the shutdown grace timer.
using ControlStrand = asio::strand<asio::io_context::executor_type>;

}  // namespace yorisoi::net
