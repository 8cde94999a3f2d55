#include "domain/users/login_throttle.hpp"

namespace yorisoi::domain {

void LoginThrottle::Prune(std::deque<core::TimePoint>& q, core::TimePoint now) const {
  while (!q.empty() && q.front() + window_ <= now) q.pop_front();
}

bool LoginThrottle::Allow(const std::string& address, core::TimePoint now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return true;
  Prune(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return true;
  }
  return static_cast<int>(it->second.size()) < max_failures_;
}

void LoginThrottle::RecordFailure(const std::string& address, core::TimePoint now) {
  std::lock_guard lock(mu_);
  // Bound memory under a spray of addresses: drop stale entries when the map grows large.
  if (failures_.size() > 100000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& q = failures_[address];
  Prune(q, now);
  q.push_back(now);
}

}  // namespace yorisoi::domain
