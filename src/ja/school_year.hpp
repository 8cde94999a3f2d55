// Japanese school-year (学年) rules, derived from a birth date. Pure arithmetic over core::Date;
// no ICU, no time zone (pass a date in Japan, e.g. core::Date::TodayInJapan).
//
// The rule (学校教育法 第17条, with 年齢計算ニ関スル法律): the school and fiscal year runs from 1
// April to 31 March. A child enters 小学校1年 on the first 1 April after reaching age 6, and the
// law counts a year of age as reached at the end of the day before the birthday. Hence:
//   a child born 2 April Y .. 1 April Y+1 enters 小学1年 in April Y+7;
//   a 1 April birthday joins the OLDER cohort (born 2018-04-01 → 小1 from April 2024), a 2 April
//   birthday the younger one (born 2018-04-02 → 小1 from April 2025).
// GradeOn assumes the usual path — 小1–6, 中1–3, 高1–3 with no repeated or skipped year; 留年,
// 飛び級, 就学猶予 and other overrides are the caller's business.
//
// Thread-safety: all functions are pure.
#pragma once

#include <string>

#include "core/date.hpp"

namespace yorisoi::ja {

// The fiscal / school year (年度) containing `date`: April–March, named after the year in which it
// starts. 2025-04-01 → 2025, 2026-03-31 → 2025.
int FiscalYear(core::Date date);

// Age in completed years on `on`, counting the birthday itself as the day the year completes.
// Someone born on 29 February completes a year on 1 March in non-leap years. -1 when on < birth
// or either date is invalid. (The legal age used for school entry is handled inside GradeOn.)
int AgeOn(core::Date birth, core::Date on);

// The fiscal year in which a child born on `birth` enters 小学1年 (April of that year).
int ElementaryEntryFiscalYear(core::Date birth);

struct SchoolGrade {
  enum class Stage { kPreschool, kElementary, kJuniorHigh, kHighSchool, kBeyond };
  Stage stage = Stage::kPreschool;
  // 1-based within kElementary (1..6), kJuniorHigh (1..3), kHighSchool (1..3); for kBeyond the
  // count of school years since 高3 (1 = the year after). For kPreschool, years before 小1:
  // 0 = 年長 (the year before elementary), -1 = 年中, -2 = 年少, -3 and lower = younger still.
  int year = 0;
  // "小学3年", "中学1年", "高校2年", "年長", "年中", "年少", "未就園" (year <= -3), "高校卒業以上".
  // Empty when there is no grade (on < birth, or an invalid date): stage and year then mean
  // nothing.
  std::string label_ja;

  friend bool operator==(const SchoolGrade&, const SchoolGrade&) = default;
};

// The 学年 on `on` of a child born on `birth`, by the rule above.
SchoolGrade GradeOn(core::Date birth, core::Date on);

}  // namespace yorisoi::ja
