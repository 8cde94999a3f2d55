#include "net/connection_registry.hpp"

namespace yorisoi::net {

void ConnectionRegistry::Add(std::uint64_t id, const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  connections_.emplace(id, Entry{connection, nullptr});
}

void ConnectionRegistry::SetPeer(std::uint64_t id, std::shared_ptr<const PeerCertificate> peer) {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  if (it != connections_.end()) it->second.peer = std::move(peer);
}

bool ConnectionRegistry::Remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  return connections_.empty();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Snapshot() const {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mutex_);
  out.reserve(connections_.size());
  for (const auto& [id, entry] : connections_) {
    if (auto strong = entry.connection.lock()) out.push_back(std::move(strong));
  }
  return out;
}

std::vector<ConnectionRegistry::PeerEntry> ConnectionRegistry::PeerSnapshot() const {
  std::vector<PeerEntry> out;
  std::lock_guard lock(mutex_);
  for (const auto& [id, entry] : connections_) {
    if (!entry.peer) continue;
    if (auto strong = entry.connection.lock()) out.emplace_back(std::move(strong), entry.peer);
  }
  return out;
}

}  // namespace yorisoi::net
