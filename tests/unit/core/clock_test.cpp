#include "core/clock.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace yorisoi::core {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int64_t k20250701T093000_123Z = 1751362200123;

TEST(Iso8601Test, Epoch) {
  EXPECT_EQ(FormatIso8601Utc(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(Iso8601Test, MillisecondsAndUtc) {
  EXPECT_EQ(FormatIso8601Utc(FromUnixMillis(k20250701T093000_123Z)), "2025-07-01T09:30:00.123Z");
}

TEST(Iso8601Test, LeapDayAndEndOfYear) {
  EXPECT_EQ(FormatIso8601Utc(FromUnixMillis(1709164800000)), "2024-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Utc(FromUnixMillis(1735689599999)), "2024-12-31T23:59:59.999Z");
}

TEST(Iso8601Test, BeforeTheEpochRoundsDown) {
  EXPECT_EQ(FormatIso8601Utc(FromUnixMillis(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(Iso8601Test, SubMillisecondPartIsTruncated) {
  const TimePoint t = FromUnixMillis(k20250701T093000_123Z) + std::chrono::microseconds(999);
  EXPECT_EQ(FormatIso8601Utc(t), "2025-07-01T09:30:00.123Z");
}

TEST(UnixMillisTest, RoundTrip) {
  EXPECT_EQ(ToUnixMillis(FromUnixMillis(k20250701T093000_123Z)), k20250701T093000_123Z);
  EXPECT_EQ(ToUnixMillis(FromUnixMillis(-5)), -5);
}

TEST(ManualClockTest, StandsStillUntilAdvanced) {
  ManualClock clock(FromUnixMillis(k20250701T093000_123Z));
  EXPECT_EQ(ToUnixMillis(clock.Now()), k20250701T093000_123Z);
  EXPECT_EQ(clock.Now(), clock.Now());
  clock.Advance(minutes(15));
  EXPECT_EQ(clock.Now(), FromUnixMillis(k20250701T093000_123Z) + minutes(15));
  clock.Advance(milliseconds(1));
  clock.Advance(hours(12));
  EXPECT_EQ(FormatIso8601Utc(clock.Now()), "2025-07-01T21:45:00.124Z");
}

TEST(SystemClockTest, IsNearTheRealTime) {
  SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const auto t = clock.Now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, t);
  EXPECT_LE(t, after);
}

}  // namespace
}  // namespace yorisoi::core
