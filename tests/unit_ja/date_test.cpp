#include "core/date.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace yorisoi::core {
namespace {

Date MustParse(std::string_view iso) {
  Result<Date> d = Date::Parse(iso, "test");
  EXPECT_TRUE(d.ok()) << iso;
  return d.ok() ? *d : Date{};
}

void ExpectInvalid(std::string_view iso) {
  Result<Date> d = Date::Parse(iso, "birth_date");
  ASSERT_FALSE(d.ok()) << iso;
  EXPECT_EQ(d.error().errc, Errc::kInvalidArgument) << iso;
  EXPECT_EQ(d.error().code, "invalid_date") << iso;
  EXPECT_EQ(d.error().field, "birth_date") << iso;
  if (!iso.empty()) {
    EXPECT_EQ(d.error().message.find(iso), std::string::npos) << "message repeats the input";
  }
}

TEST(DateParseTest, ValidDate) {
  const Date d = MustParse("2025-07-01");
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.month, 7);
  EXPECT_EQ(d.day, 1);
  EXPECT_EQ(d.ToIso(), "2025-07-01");
}

TEST(DateParseTest, LeapDayOnlyInLeapYears) {
  EXPECT_EQ(MustParse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(MustParse("2000-02-29"), (Date{2000, 2, 29}));  // divisible by 400
  ExpectInvalid("2025-02-29");
  ExpectInvalid("1900-02-29");  // divisible by 100, not by 400
}

TEST(DateParseTest, OutOfRangeFields) {
  ExpectInvalid("2025-13-01");
  ExpectInvalid("2025-00-10");
  ExpectInvalid("2025-04-31");
  ExpectInvalid("2025-01-32");
  ExpectInvalid("2025-01-00");
  ExpectInvalid("0000-01-01");
  EXPECT_EQ(MustParse("0001-01-01"), (Date{1, 1, 1}));
  EXPECT_EQ(MustParse("9999-12-31"), (Date{9999, 12, 31}));
}

TEST(DateParseTest, StrictShape) {
  ExpectInvalid("2025-7-1");
  ExpectInvalid("2025-07-1");
  ExpectInvalid("2025-07-01x");
  ExpectInvalid("2025-07-01 ");
  ExpectInvalid(" 2025-07-01");
  ExpectInvalid("2025-07-01T00:00:00Z");
  ExpectInvalid("2025/07/01");
  ExpectInvalid("20250701");
  ExpectInvalid("+025-07-01");
  ExpectInvalid("2025-0a-01");
  ExpectInvalid("２０２５-07-01");  // full-width digits
  ExpectInvalid("");
  ExpectInvalid(std::string_view("2025-07-01\0", 11));
}

TEST(DateParseTest, FieldIsNamedInTheError) {
  Result<Date> d = Date::Parse("2025-02-30", "people.0.birth_date");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "people.0.birth_date");
}

TEST(DateTest, IsValid) {
  EXPECT_TRUE(Date::IsValid(2024, 2, 29));
  EXPECT_FALSE(Date::IsValid(2023, 2, 29));
  EXPECT_FALSE(Date::IsValid(2023, 4, 31));
  EXPECT_TRUE(Date::IsValid(2023, 12, 31));
  EXPECT_FALSE(Date::IsValid(2023, 0, 1));
  EXPECT_FALSE(Date::IsValid(10000, 1, 1));
  EXPECT_EQ(Date::DaysInMonth(2024, 2), 29);
  EXPECT_EQ(Date::DaysInMonth(2100, 2), 28);
  EXPECT_EQ(Date::DaysInMonth(2025, 13), 0);
}

TEST(DateTest, Ordering) {
  EXPECT_LT((Date{2024, 12, 31}), (Date{2025, 1, 1}));
  EXPECT_LT((Date{2025, 1, 31}), (Date{2025, 2, 1}));
  EXPECT_LT((Date{2025, 2, 1}), (Date{2025, 2, 2}));
  EXPECT_GT((Date{2025, 2, 2}), (Date{2025, 2, 1}));
  EXPECT_EQ((Date{2025, 2, 2}), (Date{2025, 2, 2}));
  EXPECT_NE((Date{2025, 2, 2}), (Date{2025, 3, 2}));
  EXPECT_LE((Date{2025, 2, 2}), (Date{2025, 2, 2}));
}

TEST(DateTest, DaysSinceEpochKnownValues) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{1969, 12, 31}).DaysSinceEpoch(), -1);
  EXPECT_EQ((Date{2000, 3, 1}).DaysSinceEpoch(), 11017);
  EXPECT_EQ((Date{2025, 7, 1}).DaysSinceEpoch(), 20270);
  EXPECT_EQ((Date{1873, 1, 1}).DaysSinceEpoch(), -35428);
  EXPECT_EQ((Date{1, 1, 1}).DaysSinceEpoch(), -719162);
  EXPECT_EQ(Date::FromDaysSinceEpoch(20270), (Date{2025, 7, 1}));
  EXPECT_EQ(Date::FromDaysSinceEpoch(-1), (Date{1969, 12, 31}));
}

TEST(DateTest, DayArithmeticRoundTrips) {
  // Every day from 1899-01-01 for ~250 years: consecutive, valid, and invertible.
  Date d{1899, 1, 1};
  int64_t n = d.DaysSinceEpoch();
  for (int i = 0; i < 250 * 366; ++i) {
    const Date next = d.AddDays(1);
    ASSERT_TRUE(Date::IsValid(next.year, next.month, next.day)) << next.ToIso();
    ASSERT_LT(d, next);
    ASSERT_EQ(next.DaysSinceEpoch(), n + 1) << next.ToIso();
    ASSERT_EQ(Date::FromDaysSinceEpoch(n + 1), next);
    ASSERT_EQ(MustParse(next.ToIso()), next);
    d = next;
    ++n;
  }
}

TEST(DateTest, AddDaysAcrossMonthYearAndLeapDay) {
  EXPECT_EQ((Date{2024, 2, 28}).AddDays(1), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2025, 2, 28}).AddDays(1), (Date{2025, 3, 1}));
  EXPECT_EQ((Date{2024, 12, 31}).AddDays(1), (Date{2025, 1, 1}));
  EXPECT_EQ((Date{2025, 3, 1}).AddDays(-1), (Date{2025, 2, 28}));
  EXPECT_EQ((Date{2024, 1, 1}).AddDays(366), (Date{2025, 1, 1}));
  EXPECT_EQ((Date{2025, 1, 1}).AddDays(-366), (Date{2024, 1, 1}));
  EXPECT_EQ((Date{2025, 7, 1}).AddDays(0), (Date{2025, 7, 1}));
}

TEST(DateTest, TodayInJapanIsUtcPlusNine) {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  // 2025-06-30T14:59:59.999Z is 23:59:59.999 in Tokyo; one millisecond later it is 1 July.
  const TimePoint before = FromUnixMillis(1751295599999);
  EXPECT_EQ(FormatIso8601Utc(before), "2025-06-30T14:59:59.999Z");
  EXPECT_EQ(Date::TodayInJapan(before), (Date{2025, 6, 30}));
  EXPECT_EQ(Date::TodayInJapan(before + milliseconds(1)), (Date{2025, 7, 1}));
  // Midnight UTC is 09:00 in Tokyo, the same day.
  EXPECT_EQ(Date::TodayInJapan(FromUnixMillis(0)), (Date{1970, 1, 1}));
  EXPECT_EQ(Date::TodayInJapan(FromUnixMillis(0) - hours(9)), (Date{1970, 1, 1}));
  EXPECT_EQ(Date::TodayInJapan(FromUnixMillis(-1) - hours(9)), (Date{1969, 12, 31}));
}

}  // namespace
}  // namespace yorisoi::core
