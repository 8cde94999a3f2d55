#include "domain/users/session_cache.hpp"

#include <map>
#include <utility>

namespace yorisoi::domain {
namespace {

constexpr std::string_view kUserWord = "user";
constexpr std::string_view kSessionWord = "session";
constexpr std::string_view kDeviceWord = "device";

bool PlainId(std::string_view s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
             std::string_view::npos;
}

// The caches of this process, by the Storage they belong to.
struct Caches {
  std::mutex mu;
  std::multimap<const Storage*, SessionCache*> by_storage;
};
Caches& AllCaches() {
  static Caches* caches = new Caches();  // never destroyed: caches may outlive static teardown
  return *caches;
}

}  // namespace

SessionCache::SessionCache(std::size_t capacity, const Storage& storage)
    : capacity_(capacity), storage_(&storage) {
  Caches& all = AllCaches();
  std::lock_guard lock(all.mu);
  all.by_storage.emplace(storage_, this);
}

SessionCache::~SessionCache() {
  Caches& all = AllCaches();
  std::lock_guard lock(all.mu);
  auto [first, last] = all.by_storage.equal_range(storage_);
  for (auto it = first; it != last; ++it) {
    if (it->second == this) {
      all.by_storage.erase(it);
      break;
    }
  }
}

SessionEvent SessionEvent::ForTenant(std::string_view tenant_id) {
  return SessionEvent{Kind::kTenant, std::string(tenant_id), ""};
}
SessionEvent SessionEvent::ForUser(std::string_view tenant_id, std::string_view user_id) {
  return SessionEvent{Kind::kUser, std::string(tenant_id), std::string(user_id)};
}
SessionEvent SessionEvent::ForSession(std::string_view tenant_id, std::string_view session_id) {
  return SessionEvent{Kind::kSession, std::string(tenant_id), std::string(session_id)};
}
SessionEvent SessionEvent::ForDevice(std::string_view tenant_id, std::string_view device_id) {
  return SessionEvent{Kind::kDevice, std::string(tenant_id), std::string(device_id)};
}

std::string SessionEvent::Payload() const {
  switch (kind) {
    case Kind::kTenant:
      return tenant_id;
    case Kind::kUser:
      return tenant_id + " " + std::string(kUserWord) + " " + id;
    case Kind::kSession:
      return tenant_id + " " + std::string(kSessionWord) + " " + id;
    case Kind::kDevice:
      return tenant_id + " " + std::string(kDeviceWord) + " " + id;
  }
  return tenant_id;
}

std::optional<SessionEvent> SessionEvent::Parse(std::string_view payload) {
  const auto first = payload.find(' ');
  const std::string_view tenant = payload.substr(0, first);
  if (!PlainId(tenant)) return std::nullopt;
  if (first == std::string_view::npos) return ForTenant(tenant);
  const std::string_view rest = payload.substr(first + 1);
  const auto second = rest.find(' ');
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view word = rest.substr(0, second);
  const std::string_view id = rest.substr(second + 1);
  if (!PlainId(id)) return std::nullopt;
  if (word == kUserWord) return ForUser(tenant, id);
  if (word == kSessionWord) return ForSession(tenant, id);
  if (word == kDeviceWord) return ForDevice(tenant, id);
  return std::nullopt;
}

std::string SessionCache::Key(std::string_view tenant_id, std::string_view token_hash) {
  std::string key;
  key.reserve(tenant_id.size() + 1 + token_hash.size());
  key.append(tenant_id).append(".").append(token_hash);
  return key;
}

uint64_t SessionCache::Epoch() const {
  std::lock_guard lock(mu_);
  return epoch_;
}

std::optional<SessionCache::Entry> SessionCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void SessionCache::Put(const std::string& key, Entry entry, uint64_t epoch) {
  if (capacity_ == 0) return;
  entry.user.password_hash.clear();
  std::lock_guard lock(mu_);
  if (epoch != epoch_) return;
  auto it = index_.find(key);
  if (it != index_.end()) {
    it->second->second = std::move(entry);
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(key, std::move(entry));
  index_.emplace(key, lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

void SessionCache::Seen(const std::string& key, core::TimePoint at,
                        std::optional<core::TimePoint> stored) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return;
  Entry& e = it->second->second;
  if (e.session.last_seen_at < at) e.session.last_seen_at = at;
  if (stored && e.stored_last_seen < *stored) e.stored_last_seen = *stored;
}

void SessionCache::Erase(const std::string& key) {
  std::lock_guard lock(mu_);
  ++epoch_;
  auto it = index_.find(key);
  if (it == index_.end()) return;
  lru_.erase(it->second);
  index_.erase(it);
}

void SessionCache::Invalidate(const SessionEvent& event) {
  std::lock_guard lock(mu_);
  ++epoch_;
  // A linear pass: events are rare (a logout, a reset, a revocation) next to sign-in checks.
  for (auto it = lru_.begin(); it != lru_.end();) {
    const Entry& e = it->second;
    bool drop = e.tenant_id == event.tenant_id;
    if (drop) {
      switch (event.kind) {
        case SessionEvent::Kind::kTenant:
          break;
        case SessionEvent::Kind::kUser:
          drop = e.session.user_id == event.id;
          break;
        case SessionEvent::Kind::kSession:
          drop = e.session.id == event.id;
          break;
        case SessionEvent::Kind::kDevice:
          drop = e.session.device_id == event.id;
          break;
      }
    }
    if (drop) {
      index_.erase(it->first);
      it = lru_.erase(it);
    } else {
      ++it;
    }
  }
}

void SessionCache::Clear() {
  std::lock_guard lock(mu_);
  ++epoch_;
  index_.clear();
  lru_.clear();
}

std::size_t SessionCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

void SessionCache::InvalidateAll(const Storage& storage, const SessionEvent& event) {
  Caches& all = AllCaches();
  std::lock_guard lock(all.mu);
  auto [first, last] = all.by_storage.equal_range(&storage);
  for (auto it = first; it != last; ++it) it->second->Invalidate(event);
}

}  // namespace yorisoi::domain
