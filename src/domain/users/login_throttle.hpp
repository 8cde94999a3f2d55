// Per-address limit on failed sign-ins, in memory. It complements the per-account lockout: one
// address guessing across many accounts is slowed without locking them all. Each server instance
// counts on its own (several instances multiply the limit; the account lockout is shared).
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace yorisoi::domain {

class LoginThrottle {
 public:
  LoginThrottle(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // True when the address may try to sign in now. Thread-safe.
  bool Allow(const std::string& address, core::TimePoint now);
  void RecordFailure(const std::string& address, core::TimePoint now);

 private:
  void Prune(std::deque<core::TimePoint>& q, core::TimePoint now) const;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<core::TimePoint>> failures_;
};

}  // namespace yorisoi::domain
