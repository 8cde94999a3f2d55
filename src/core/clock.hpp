// Time source. Services take a Clock so that tests can move time without sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace yorisoi::core {

using TimePoint = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_ms_(ToUnixMillis(start)) {}
  TimePoint Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Advance(Millis d) { now_ms_ += d.count(); }

  static int64_t ToUnixMillis(TimePoint t) {
    return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
  }
  static TimePoint FromUnixMillis(int64_t ms) { return TimePoint(Millis(ms)); }

 private:
  std::atomic<int64_t> now_ms_;
};

inline int64_t ToUnixMillis(TimePoint t) { return ManualClock::ToUnixMillis(t); }
inline TimePoint FromUnixMillis(int64_t ms) { return ManualClock::FromUnixMillis(ms); }

// "2025-07-01T09:30:00.123Z" (UTC, millisecond precision).
std::string FormatIso8601Utc(TimePoint t);

}  // namespace yorisoi::core
