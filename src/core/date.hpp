// A civil (calendar) date without time or zone: birth dates, 受理日, school-year arithmetic.
// Proleptic Gregorian calendar. A Date is a plain value; it does not check itself — use Parse for
// input and IsValid for numbers from elsewhere. Functions below that take a Date assume it is
// valid unless they say otherwise.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace yorisoi::core {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth(year, month)

  // Strict ISO 8601 calendar date "YYYY-MM-DD": exactly ten characters, ASCII digits, a real
  // date (leap years included), year 0001..9999. Anything else is
  // Error::InvalidArgument(field, ..., codes::kInvalidDate); the message never repeats the input.
  static Result<Date> Parse(std::string_view iso, std::string_view field);

  // True for a real Gregorian date in years 1..9999 (the range "YYYY-MM-DD" can write).
  static bool IsValid(int year, int month, int day);
  static bool IsLeapYear(int year);
  // 28..31; 0 when month is not 1..12.
  static int DaysInMonth(int year, int month);

  // "YYYY-MM-DD", zero-padded. For a valid Date, Parse(ToIso()) gives the same Date.
  std::string ToIso() const;

  // Days since 1970-01-01 (negative before). Exact for any year that fits in an int.
  int64_t DaysSinceEpoch() const;
  // Inverse of DaysSinceEpoch. Precondition: |days| <= 10^11 (years far beyond any use; keeps
  // the arithmetic free of overflow).
  static Date FromDaysSinceEpoch(int64_t days);
  // The date `days` later (earlier when negative). Same precondition as FromDaysSinceEpoch.
  Date AddDays(int64_t days) const;

  // The calendar date in Japan at `now`. Japan Standard Time is UTC+9 all year (no DST), so no
  // time-zone database is consulted.
  static Date TodayInJapan(TimePoint now);

  // Chronological order (year, then month, then day).
  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
};

}  // namespace yorisoi::core
