#include "ja/calendar.hpp"

#include <memory>

#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>
#include <unicode/unistr.h>

#include "ja/icu_internal.hpp"

namespace yorisoi::ja {
namespace {

using internal::PerThread;

// A formatter over ICU's Japanese calendar. Dates are turned into UTC midnights, so the
// formatter works in GMT as well and the host's time zone never shifts a day.
std::unique_ptr<icu::SimpleDateFormat> MakeFormat(const char16_t* pattern,
                                                  const char16_t* number_override) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale("ja_JP@calendar=japanese");
  std::unique_ptr<icu::SimpleDateFormat> f;
  if (number_override != nullptr) {
    f = std::make_unique<icu::SimpleDateFormat>(
        icu::UnicodeString(pattern), icu::UnicodeString(number_override), locale, status);
  } else {
    f = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(pattern), locale, status);
  }
  if (U_FAILURE(status)) return nullptr;
  f->setTimeZone(*icu::TimeZone::getGMT());
  return f;
}

// G: era name (令和); y with the "jpanyear" numbering: 元 for year 1, ordinary digits otherwise.
std::unique_ptr<icu::SimpleDateFormat> MakeLongFormat() {
  return MakeFormat(u"Gy年M月d日", u"y=jpanyear");
}
// GGGGG: the narrow era name, its Latin initial in ja (R, H, S, T, M).
std::unique_ptr<icu::SimpleDateFormat> MakeShortFormat() {
  return MakeFormat(u"GGGGGy.M.d", nullptr);
}

template <std::unique_ptr<icu::SimpleDateFormat> (*Factory)()>
std::string Format(core::Date date) {
  if (!core::Date::IsValid(date.year, date.month, date.day)) return "";
  if (date < kFirstGregorianDateInJapan) return date.ToIso();
  icu::SimpleDateFormat* f = PerThread<icu::SimpleDateFormat, Factory>();
  if (f == nullptr) return date.ToIso();  // ICU data unusable: still a correct date
  const UDate millis = static_cast<UDate>(date.DaysSinceEpoch()) * U_MILLIS_PER_DAY;
  icu::UnicodeString out;
  f->format(millis, out);
  return internal::EncodeUtf8(out);
}

}  // namespace

std::string FormatWareki(core::Date date) { return Format<&MakeLongFormat>(date); }

std::string FormatWarekiShort(core::Date date) { return Format<&MakeShortFormat>(date); }

}  // namespace yorisoi::ja
