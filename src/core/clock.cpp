#include "core/clock.hpp"

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

}  // namespace yorisoi::core
