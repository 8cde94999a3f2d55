// Internal to src/net: the open connections, for the shutdown (stop them all, abort the ones
// left after the grace period) and for CloseConnections (every connection of a revoked device
// certificate). Thread-safe; holds connections weakly (a session owns itself through its
// coroutine). No Boost.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/http_types.hpp"

namespace yorisoi::net {

class Connection;  // connection.hpp

class ConnectionRegistry {
 public:
  using PeerEntry = std::pair<std::shared_ptr<Connection>, std::shared_ptr<const PeerCertificate>>;

  void Add(std::uint64_t id, const std::shared_ptr<Connection>& connection);
  // Records the connection's verified client certificate (null: none, or no longer counted).
  void SetPeer(std::uint64_t id, std::shared_ptr<const PeerCertificate> peer);
  // Returns true when the registry is empty afterwards.
  bool Remove(std::uint64_t id);
  // The live connections.
  std::vector<std::shared_ptr<Connection>> Snapshot() const;
  // The live connections with a verified client certificate.
  std::vector<PeerEntry> PeerSnapshot() const;

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    std::shared_ptr<const PeerCertificate> peer;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> connections_;
};

}  // namespace yorisoi::net
