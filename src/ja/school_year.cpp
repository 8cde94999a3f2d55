#include "ja/school_year.hpp"

namespace yorisoi::ja {
namespace {

constexpr int kFirstMonthOfSchoolYear = 4;  // April
constexpr int kElementaryYears = 6;
constexpr int kJuniorHighYears = 3;
constexpr int kHighSchoolYears = 3;
constexpr int kEntryAge = 6;

bool Valid(core::Date d) { return core::Date::IsValid(d.year, d.month, d.day); }

}  // namespace

int FiscalYear(core::Date date) {
  return date.month >= kFirstMonthOfSchoolYear ? date.year : date.year - 1;
}

int AgeOn(core::Date birth, core::Date on) {
  if (!Valid(birth) || !Valid(on) || on < birth) return -1;
  int age = on.year - birth.year;
  // Before the birthday in this calendar year. For a 29 February birth in a non-leap year,
  // (2, 28) is still before (2, 29), so the year completes on 1 March.
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

int ElementaryEntryFiscalYear(core::Date birth) {
  // Legal age n is reached at the end of the day before the n-th birthday, so the child counts
  // as born, for this purpose, one day earlier: 1 April falls into the previous fiscal year.
  return FiscalYear(birth.AddDays(-1)) + 1 + kEntryAge;
}

SchoolGrade GradeOn(core::Date birth, core::Date on) {
  if (!Valid(birth) || !Valid(on) || on < birth) return {};
  // n = 1 in the school year of 小1, 0 in 年長, 7 in 中1, 13 in the year after 高3, ...
  const int n = FiscalYear(on) - ElementaryEntryFiscalYear(birth) + 1;
  constexpr int kJuniorHighStart = kElementaryYears;                     // 6
  constexpr int kHighSchoolStart = kJuniorHighStart + kJuniorHighYears;  // 9
  constexpr int kBeyondStart = kHighSchoolStart + kHighSchoolYears;      // 12
  using Stage = SchoolGrade::Stage;
  if (n <= 0) {
    const char* label = n == 0 ? "年長" : n == -1 ? "年中" : n == -2 ? "年少" : "未就園";
    return {Stage::kPreschool, n, label};
  }
  if (n <= kJuniorHighStart) return {Stage::kElementary, n, "小学" + std::to_string(n) + "年"};
  if (n <= kHighSchoolStart) {
    const int y = n - kJuniorHighStart;
    return {Stage::kJuniorHigh, y, "中学" + std::to_string(y) + "年"};
  }
  if (n <= kBeyondStart) {
    const int y = n - kHighSchoolStart;
    return {Stage::kHighSchool, y, "高校" + std::to_string(y) + "年"};
  }
  return {Stage::kBeyond, n - kBeyondStart, "高校卒業以上"};
}

}  // namespace yorisoi::ja
