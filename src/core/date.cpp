#include "core/date.hpp"

#include <cassert>
#include <cstdio>

#include "core/error_codes.hpp"

namespace yorisoi::core {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kJstOffsetMillis = 9 * 3'600'000;
constexpr int64_t kMaxAbsDays = 100'000'000'000;  // see FromDaysSinceEpoch

// Floor division for a positive divisor (C++ `/` truncates toward zero).
int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

// Reads n ASCII digits at s[pos..pos+n); -1 when any of them is not a digit.
int ReadDigits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

bool Date::IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int Date::DaysInMonth(int year, int month) {
  switch (month) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12:
      return 31;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    case 2:
      return IsLeapYear(year) ? 29 : 28;
    default:
      return 0;
  }
}

bool Date::IsValid(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

Result<Date> Date::Parse(std::string_view iso, std::string_view field) {
  const auto error = [&](const char* message) {
    return Error::InvalidArgument(std::string(field), message, codes::kInvalidDate);
  };
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return error("must be a date written YYYY-MM-DD");
  }
  const int year = ReadDigits(iso, 0, 4);
  const int month = ReadDigits(iso, 5, 2);
  const int day = ReadDigits(iso, 8, 2);
  if (year < 0 || month < 0 || day < 0) return error("must be a date written YYYY-MM-DD");
  if (!IsValid(year, month, day)) return error("is not a real calendar date");
  return Date{year, month, day};
}

std::string Date::ToIso() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil (public domain): shifts the year to start in March so that
// the leap day is the last day of the year, then counts whole 400-year eras.
int64_t Date::DaysSinceEpoch() const {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = month > 2 ? month - 3 : month + 9;       // [0, 11], March = 0
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(int64_t days) {
  assert(days >= -kMaxAbsDays && days <= kMaxAbsDays);
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::AddDays(int64_t days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }

Date Date::TodayInJapan(TimePoint now) {
  return FromDaysSinceEpoch(FloorDiv(ToUnixMillis(now) + kJstOffsetMillis, kMillisPerDay));
}

}  // namespace yorisoi::core
