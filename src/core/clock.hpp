// Time source. Services take a Clock so that tests can move time without sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

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

// True when FromUnixMillis(ms) is defined: a TimePoint counts nanoseconds in 64 bits, so it spans
// only about 1677-09-21 to 2262-04-11. Check input-derived values before converting them.
inline bool FitsTimePoint(int64_t ms) {
  constexpr int64_t kMax =
      std::chrono::duration_cast<Millis>(TimePoint::max().time_since_epoch()).count();
  constexpr int64_t kMin =
      std::chrono::duration_cast<Millis>(TimePoint::min().time_since_epoch()).count();
  return ms >= kMin && ms <= kMax;
}

// "2025-07-01T09:30:00.123Z" (UTC, millisecond precision).
std::string FormatIso8601Utc(TimePoint t);

// An ISO 8601 date-time as clients send it: "YYYY-MM-DDTHH:MM", optionally ":SS" and then a
// decimal fraction of 1-9 digits after '.', followed by "Z" or an offset "+HH:MM" / "-HH:MM".
// Only real times: a real calendar date in years 0001-9999, hours 00-23, minutes and seconds
// 00-59 (no leap second), offsets up to 23:59, and within what a TimePoint holds (FitsTimePoint:
// about 1678 to 2261). Fractions below a millisecond are truncated.
// Anything else is Error::InvalidArgument(field, ..., codes::kInvalidDatetime); the message never
// repeats the input.
Result<TimePoint> ParseIso8601(std::string_view text, std::string_view field);

}  // namespace yorisoi::core
