// Internal to src/net: what other threads can reach of one connection (stop, abort, cut at
// once). Everything a connection does runs on its own strand; other threads only post to that
// strand. The HTTP session (http_session.cpp) derives from it. Asio only, no Beast.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "net/asio.hpp"
#include "net/http_types.hpp"

namespace yorisoi::net {

// Per-connection state reachable from other threads. All mutable state is touched only on the
// connection's strand; the public Request* functions are thread-safe and post to that strand.
// The verified client certificate is kept here (for the requests) and in the registry (for
// CloseConnections from other threads).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class Phase : std::uint8_t {
    kHandshake,  // TLS handshake
    kIdle,       // waiting for the first byte of the next request
    kReading,    // a request is arriving
    kHandling,   // the handler runs
    kWriting,    // the response is being written
    kClosing,    // lingering close
  };

  Connection(std::uint64_t id, asio::any_io_executor strand)
      : id_(id), strand_(std::move(strand)) {}
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::uint64_t id() const { return id_; }
  const asio::any_io_executor& strand() const { return strand_; }
  // On the strand.
  const std::shared_ptr<const PeerCertificate>& peer() const { return peer_; }
  void set_peer(std::shared_ptr<const PeerCertificate> peer) { peer_ = std::move(peer); }

  // Server shutdown: an idle connection closes at once, a busy one after its current response
  // (which carries Connection: close).
  void RequestStop() {
    asio::post(strand_, [self = shared_from_this()] { self->OnStop(); });
  }
  // Closes the connection at once, whatever it is doing.
  void RequestAbort() {
    asio::post(strand_, [self = shared_from_this()] { self->OnAbort(); });
  }
  // Any thread: shuts the TCP connection down in both directions at once (the peer reads EOF;
  // our own later reads and writes fail), even while the strand is busy in a handler, so that a
  // response still being computed never reaches the peer. The descriptor stays open until the
  // strand closes it (ForgetDescriptor first, under the same lock), so this never reaches a
  // descriptor number the kernel has handed to another connection.
  void ShutdownNow() {
    std::lock_guard lock(descriptor_mutex_);
    if (descriptor_ >= 0) ::shutdown(descriptor_, SHUT_RDWR);
  }

 protected:
  // On the strand: closes the socket; pending operations complete with an error.
  virtual void CloseTransport() = 0;
  void set_descriptor(int descriptor) {
    std::lock_guard lock(descriptor_mutex_);
    descriptor_ = descriptor;
  }
  // On the strand, right before the socket is closed.
  void ForgetDescriptor() {
    std::lock_guard lock(descriptor_mutex_);
    descriptor_ = -1;
  }

  Phase phase_ = Phase::kHandshake;
  bool stop_requested_ = false;
  bool aborted_ = false;

 private:
  void OnStop() {
    stop_requested_ = true;
    if (phase_ == Phase::kHandshake || phase_ == Phase::kIdle) CloseTransport();
  }
  void OnAbort() {
    aborted_ = true;
    CloseTransport();
  }

  const std::uint64_t id_;
  const asio::any_io_executor strand_;
  std::shared_ptr<const PeerCertificate> peer_;
  std::mutex descriptor_mutex_;
  int descriptor_ = -1;
};

}  // namespace yorisoi::net
