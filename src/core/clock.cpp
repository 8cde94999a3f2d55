#include "core/clock.hpp"

#include "core/date.hpp"
#include "core/error_codes.hpp"

namespace yorisoi::core {
namespace {

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): no locale, no libc time
// functions, so it is cheap on the request path.
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void Put(char*& p, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  p += width;
}

// The value of n ASCII digits at s[pos..pos+n); -1 when s is too short or one is not a digit.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::string FormatIso8601Utc(TimePoint t) {
  const int64_t ms = ToUnixMillis(t);
  int64_t secs = ms / 1000;
  int64_t rem = ms % 1000;
  if (rem < 0) {
    rem += 1000;
    secs -= 1;
  }
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    days -= 1;
  }
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  if (y < 0 || y > 9999) y = 0;  // out of range for the format; never produced by our clocks
  std::string out(24, '\0');
  char* p = out.data();
  Put(p, y, 4);
  *p++ = '-';
  Put(p, m, 2);
  *p++ = '-';
  Put(p, d, 2);
  *p++ = 'T';
  Put(p, sod / 3600, 2);
  *p++ = ':';
  Put(p, (sod / 60) % 60, 2);
  *p++ = ':';
  Put(p, sod % 60, 2);
  *p++ = '.';
  Put(p, rem, 3);
  *p = 'Z';
  return out;
}

Result<TimePoint> ParseIso8601(std::string_view text, std::string_view field) {
  const auto malformed = [&] {
    return Error::InvalidArgument(std::string(field),
                                  "must be a date-time written YYYY-MM-DDTHH:MM[:SS[.fff]] "
                                  "followed by Z or an offset +HH:MM/-HH:MM",
                                  codes::kInvalidDatetime);
  };
  const auto unreal = [&] {
    return Error::InvalidArgument(std::string(field), "is not a real date-time",
                                  codes::kInvalidDatetime);
  };
  // "YYYY-MM-DDTHH:MM": the part every form has.
  if (text.size() < 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':') {
    return malformed();
  }
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  const int hour = Digits(text, 11, 2);
  const int minute = Digits(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return malformed();
  std::size_t pos = 16;
  int second = 0;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == ':') {
    second = Digits(text, pos + 1, 2);
    if (second < 0) return malformed();
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      std::size_t digits = 0;
      int64_t scale = 100;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (++digits > 9) return malformed();
        millis += (text[pos] - '0') * scale;  // digits past the third add 0 (truncated)
        scale /= 10;
        ++pos;
      }
      if (digits == 0) return malformed();
    }
  }
  // The zone: "Z" or "+HH:MM" / "-HH:MM", and nothing after it.
  int64_t offset_minutes = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int oh = Digits(text, pos + 1, 2);
    const int om = Digits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || text[pos + 3] != ':') return malformed();
    if (oh > 23 || om > 59) return unreal();
    offset_minutes = (text[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return malformed();
  }
  if (pos != text.size()) return malformed();
  if (!Date::IsValid(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return unreal();
  }
  const int64_t days = Date{year, month, day}.DaysSinceEpoch();
  const int64_t local_seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  const int64_t ms = (local_seconds - offset_minutes * 60) * 1000 + millis;  // |ms| < 2^49
  if (!FitsTimePoint(ms)) {
    return Error::InvalidArgument(std::string(field),
                                  "is outside the supported range (years 1678 to 2261)",
                                  codes::kInvalidDatetime);
  }
  return FromUnixMillis(ms);
}

}  // namespace yorisoi::core
