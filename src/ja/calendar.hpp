// Japanese era dates (和暦) for forms and letters, from ICU's Japanese calendar
// (locale "ja_JP@calendar=japanese"): ICU owns the era table, including 令和 and any future era.
//
// Thread-safety: callable concurrently from any thread (one ICU formatter per thread).
#pragma once

#include <string>

#include "core/date.hpp"

namespace yorisoi::ja {

// The first day written in the Gregorian calendar in Japan (明治6年1月1日). Before it Japan used
// a lunisolar calendar, so an era date computed from a Gregorian date would be wrong.
inline constexpr core::Date kFirstGregorianDateInJapan{1873, 1, 1};

// "令和7年7月1日". The first year of an era is written 元年 ("令和元年5月1日"), as on official
// documents; months and days are not zero-padded. Era changes follow ICU: 2019-04-30 is
// 平成31年4月30日 and 2019-05-01 令和元年5月1日; 1989-01-07 昭和64年, 1989-01-08 平成元年;
// 1926-12-25 昭和元年. Dates before kFirstGregorianDateInJapan come back as ISO "YYYY-MM-DD";
// an invalid Date (see core::Date::IsValid) as "".
std::string FormatWareki(core::Date date);

// The compact form used in tables: era initial, year, month, day separated by dots —
// "R7.7.1", "H31.4.30", "S64.1.7", "R1.5.1" (year 1 is a plain 1 here). Same cut-offs as
// FormatWareki.
std::string FormatWarekiShort(core::Date date);

}  // namespace yorisoi::ja
