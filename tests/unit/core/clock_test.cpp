#include "core/clock.hpp"

#include <chrono>
#include <string>

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

// ParseIso8601: what clients may send for a date-time.
int64_t ParsedMillis(std::string_view text) {
  auto r = ParseIso8601(text, "received_on");
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? ToUnixMillis(*r) : INT64_MIN;
}

void ExpectRefused(std::string_view text) {
  auto r = ParseIso8601(text, "received_on");
  ASSERT_FALSE(r.ok()) << text << " was accepted";
  EXPECT_EQ(r.error().errc, Errc::kInvalidArgument) << text;
  EXPECT_EQ(r.error().code, "invalid_datetime") << text;
  EXPECT_EQ(r.error().field, "received_on") << text;
  // The message names the rule, never the value.
  if (!text.empty()) {
    EXPECT_EQ(r.error().message.find(std::string(text)), std::string::npos) << text;
  }
}

TEST(ParseIso8601Test, UtcWithMillisecondsRoundTrips) {
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.123Z"), k20250701T093000_123Z);
  for (int64_t ms : {int64_t{0}, k20250701T093000_123Z, int64_t{1709164800000},
                     int64_t{1735689599999}, int64_t{-1}}) {
    const std::string text = FormatIso8601Utc(FromUnixMillis(ms));
    EXPECT_EQ(ParsedMillis(text), ms) << text;
  }
}

TEST(ParseIso8601Test, SecondsAndFractionAreOptional) {
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30Z"), k20250701T093000_123Z - 123);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00Z"), k20250701T093000_123Z - 123);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.1Z"), k20250701T093000_123Z - 23);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.12Z"), k20250701T093000_123Z - 3);
  // Digits below the millisecond are truncated, as FormatIso8601Utc truncates.
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.123999Z"), k20250701T093000_123Z);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.123456789Z"), k20250701T093000_123Z);
}

TEST(ParseIso8601Test, OffsetsAreAppliedToGiveUtc) {
  // 18:30 in Japan is 09:30 UTC.
  EXPECT_EQ(ParsedMillis("2025-07-01T18:30:00.123+09:00"), k20250701T093000_123Z);
  EXPECT_EQ(ParsedMillis("2025-07-01T04:00:00.123-05:30"), k20250701T093000_123Z);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.123+00:00"), k20250701T093000_123Z);
  EXPECT_EQ(ParsedMillis("2025-07-01T09:30:00.123-00:00"), k20250701T093000_123Z);
  // Crossing the day and the year.
  EXPECT_EQ(ParsedMillis("2025-01-01T08:59:59.999+09:00"), 1735689599999);
}

TEST(ParseIso8601Test, LeapDays) {
  EXPECT_EQ(ParsedMillis("2024-02-29T00:00Z"), 1709164800000);
  EXPECT_EQ(ParsedMillis("2000-02-29T00:00Z"), 951782400000);
  ExpectRefused("2025-02-29T00:00Z");
  ExpectRefused("1900-02-29T00:00Z");
}

TEST(ParseIso8601Test, RefusesUnrealDatesAndTimes) {
  for (const char* text :
       {"2025-13-01T00:00Z", "2025-00-10T00:00Z", "2025-04-31T00:00Z", "2025-07-00T00:00Z",
        "0000-07-01T00:00Z", "2025-07-01T24:00Z", "2025-07-01T23:60Z", "2025-07-01T23:59:60Z",
        "2025-07-01T12:00+24:00", "2025-07-01T12:00+09:60"}) {
    ExpectRefused(text);
  }
}

// Broke: a real date far ahead ("2999-01-01T00:00Z") overflowed the nanosecond TimePoint
// (undefined behaviour) instead of being refused.
TEST(ParseIso8601Test, RefusesTimesATimePointCannotHold) {
  for (const char* text : {"2999-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2262-04-12T00:00Z",
                           "1677-09-21T00:00Z", "0001-01-01T00:00Z"}) {
    ExpectRefused(text);
  }
  EXPECT_EQ(ParsedMillis("2262-04-11T00:00Z"), 9223286400000);
  EXPECT_EQ(ParsedMillis("1677-09-22T00:00Z"), -9223286400000);
  EXPECT_TRUE(FitsTimePoint(0));
  EXPECT_TRUE(FitsTimePoint(9223286400000));
  EXPECT_FALSE(FitsTimePoint(INT64_MAX));
  EXPECT_FALSE(FitsTimePoint(INT64_MIN));
}

TEST(ParseIso8601Test, RefusesOtherForms) {
  for (const char* text : {
           "",
           "2025-07-01",                       // a date alone
           "2025-07-01T09:30",                 // no zone
           "2025-07-01T09:30:00",              // no zone
           "2025-07-01 09:30Z",                // space for T
           "2025-07-01t09:30Z",                // lower case t
           "2025-07-01T09:30z",                // lower case z
           "2025-7-01T09:30Z",                 // short month
           "25-07-01T09:30Z",                  // short year
           "+2025-07-01T09:30Z",               // signed year
           "2025-07-01T9:30Z",                 // short hour
           "2025-07-01T09:30:0Z",              // short second
           "2025-07-01T09Z",                   // no minutes
           "2025-07-01T09:30.5Z",              // fraction without seconds
           "2025-07-01T09:30:00.Z",            // empty fraction
           "2025-07-01T09:30:00,5Z",           // comma fraction
           "2025-07-01T09:30:00.1234567890Z",  // ten fraction digits
           "2025-07-01T09:30:00+0900",         // offset without colon
           "2025-07-01T09:30:00+09",           // offset without minutes
           "2025-07-01T09:30:00+9:00",         // short offset hour
           "2025-07-01T09:30:00Z ",            // trailing space
           " 2025-07-01T09:30:00Z",            // leading space
           "2025-07-01T09:30:00ZZ",            // trailing garbage
           "2025-07-01T09:30:00+09:00Z",       // two zones
           "２０２５-07-01T09:30Z",            // full-width digits
       }) {
    ExpectRefused(text);
  }
  // An embedded NUL is not the end of the text.
  ExpectRefused(std::string_view("2025-07-01T09:30Z\0", 18));
  ExpectRefused(std::string_view("2025-07-01T09:30:00\0Z", 21));
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
