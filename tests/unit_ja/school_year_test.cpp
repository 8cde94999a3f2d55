#include "ja/school_year.hpp"

#include <gtest/gtest.h>

namespace yorisoi::ja {
namespace {

using core::Date;
using Stage = SchoolGrade::Stage;

TEST(FiscalYearTest, AprilToMarch) {
  EXPECT_EQ(FiscalYear(Date{2025, 4, 1}), 2025);
  EXPECT_EQ(FiscalYear(Date{2025, 12, 31}), 2025);
  EXPECT_EQ(FiscalYear(Date{2026, 1, 1}), 2025);
  EXPECT_EQ(FiscalYear(Date{2026, 3, 31}), 2025);
  EXPECT_EQ(FiscalYear(Date{2026, 4, 1}), 2026);
  EXPECT_EQ(FiscalYear(Date{2025, 3, 31}), 2024);
}

TEST(AgeOnTest, AroundTheBirthday) {
  const Date birth{2015, 7, 10};
  EXPECT_EQ(AgeOn(birth, birth), 0);
  EXPECT_EQ(AgeOn(birth, Date{2025, 7, 9}), 9);    // the day before
  EXPECT_EQ(AgeOn(birth, Date{2025, 7, 10}), 10);  // the day of
  EXPECT_EQ(AgeOn(birth, Date{2025, 7, 11}), 10);
  EXPECT_EQ(AgeOn(birth, Date{2025, 6, 30}), 9);
  EXPECT_EQ(AgeOn(birth, Date{2025, 12, 31}), 10);
  EXPECT_EQ(AgeOn(birth, Date{2016, 7, 9}), 0);
}

TEST(AgeOnTest, LeapDayBirth) {
  const Date birth{2016, 2, 29};
  EXPECT_EQ(AgeOn(birth, Date{2017, 2, 28}), 0);
  EXPECT_EQ(AgeOn(birth, Date{2017, 3, 1}), 1);
  EXPECT_EQ(AgeOn(birth, Date{2020, 2, 28}), 3);
  EXPECT_EQ(AgeOn(birth, Date{2020, 2, 29}), 4);
  EXPECT_EQ(AgeOn(birth, Date{2025, 2, 28}), 8);
  EXPECT_EQ(AgeOn(birth, Date{2025, 3, 1}), 9);
}

TEST(AgeOnTest, RefusesOnBeforeBirthOrInvalidDates) {
  EXPECT_EQ(AgeOn(Date{2020, 5, 5}, Date{2020, 5, 4}), -1);
  EXPECT_EQ(AgeOn(Date{2020, 2, 30}, Date{2025, 1, 1}), -1);
  EXPECT_EQ(AgeOn(Date{2020, 1, 1}, Date{2025, 13, 1}), -1);
}

TEST(ElementaryEntryTest, FirstAndSecondOfApril) {
  EXPECT_EQ(ElementaryEntryFiscalYear(Date{2018, 4, 1}), 2024);
  EXPECT_EQ(ElementaryEntryFiscalYear(Date{2018, 4, 2}), 2025);
  EXPECT_EQ(ElementaryEntryFiscalYear(Date{2019, 3, 31}), 2025);
  EXPECT_EQ(ElementaryEntryFiscalYear(Date{2019, 4, 1}), 2025);
  EXPECT_EQ(ElementaryEntryFiscalYear(Date{2019, 1, 1}), 2025);
}

// 1 April births join the older cohort.
TEST(GradeOnTest, FirstOfAprilVersusSecond) {
  const Date april1{2018, 4, 1};
  const Date april2{2018, 4, 2};
  EXPECT_EQ(GradeOn(april1, Date{2024, 4, 1}), (SchoolGrade{Stage::kElementary, 1, "小学1年"}));
  EXPECT_EQ(GradeOn(april2, Date{2024, 4, 1}), (SchoolGrade{Stage::kPreschool, 0, "年長"}));
  EXPECT_EQ(GradeOn(april1, Date{2025, 4, 1}), (SchoolGrade{Stage::kElementary, 2, "小学2年"}));
  EXPECT_EQ(GradeOn(april2, Date{2025, 4, 1}), (SchoolGrade{Stage::kElementary, 1, "小学1年"}));
  // The day before the school year starts, both are still one step lower.
  EXPECT_EQ(GradeOn(april1, Date{2024, 3, 31}).label_ja, "年長");
  EXPECT_EQ(GradeOn(april2, Date{2025, 3, 31}).label_ja, "年長");
}

TEST(GradeOnTest, LeapDayBirth) {
  const Date birth{2016, 2, 29};  // cohort born 2 April 2015 .. 1 April 2016: 小1 in April 2022
  EXPECT_EQ(GradeOn(birth, Date{2022, 3, 31}), (SchoolGrade{Stage::kPreschool, 0, "年長"}));
  EXPECT_EQ(GradeOn(birth, Date{2022, 4, 1}), (SchoolGrade{Stage::kElementary, 1, "小学1年"}));
  EXPECT_EQ(GradeOn(birth, Date{2025, 7, 1}), (SchoolGrade{Stage::kElementary, 4, "小学4年"}));
}

TEST(GradeOnTest, PreschoolLabels) {
  const Date birth{2020, 6, 15};  // 小1 in April 2027
  EXPECT_EQ(GradeOn(birth, Date{2020, 6, 15}), (SchoolGrade{Stage::kPreschool, -6, "未就園"}));
  EXPECT_EQ(GradeOn(birth, Date{2023, 4, 1}), (SchoolGrade{Stage::kPreschool, -3, "未就園"}));
  EXPECT_EQ(GradeOn(birth, Date{2024, 3, 31}), (SchoolGrade{Stage::kPreschool, -3, "未就園"}));
  EXPECT_EQ(GradeOn(birth, Date{2024, 4, 1}), (SchoolGrade{Stage::kPreschool, -2, "年少"}));
  EXPECT_EQ(GradeOn(birth, Date{2025, 4, 1}), (SchoolGrade{Stage::kPreschool, -1, "年中"}));
  EXPECT_EQ(GradeOn(birth, Date{2026, 4, 1}), (SchoolGrade{Stage::kPreschool, 0, "年長"}));
  EXPECT_EQ(GradeOn(birth, Date{2027, 3, 31}), (SchoolGrade{Stage::kPreschool, 0, "年長"}));
  EXPECT_EQ(GradeOn(birth, Date{2027, 4, 1}), (SchoolGrade{Stage::kElementary, 1, "小学1年"}));
}

TEST(GradeOnTest, ElementaryToJuniorHighToHighSchool) {
  const Date birth{2012, 9, 3};  // 小1 in April 2019
  EXPECT_EQ(GradeOn(birth, Date{2021, 10, 1}), (SchoolGrade{Stage::kElementary, 3, "小学3年"}));
  EXPECT_EQ(GradeOn(birth, Date{2025, 3, 31}), (SchoolGrade{Stage::kElementary, 6, "小学6年"}));
  EXPECT_EQ(GradeOn(birth, Date{2025, 4, 1}), (SchoolGrade{Stage::kJuniorHigh, 1, "中学1年"}));
  EXPECT_EQ(GradeOn(birth, Date{2028, 3, 31}), (SchoolGrade{Stage::kJuniorHigh, 3, "中学3年"}));
  EXPECT_EQ(GradeOn(birth, Date{2028, 4, 1}), (SchoolGrade{Stage::kHighSchool, 1, "高校1年"}));
  EXPECT_EQ(GradeOn(birth, Date{2029, 4, 1}), (SchoolGrade{Stage::kHighSchool, 2, "高校2年"}));
  EXPECT_EQ(GradeOn(birth, Date{2031, 3, 31}), (SchoolGrade{Stage::kHighSchool, 3, "高校3年"}));
  EXPECT_EQ(GradeOn(birth, Date{2031, 4, 1}), (SchoolGrade{Stage::kBeyond, 1, "高校卒業以上"}));
  EXPECT_EQ(GradeOn(birth, Date{2040, 1, 1}), (SchoolGrade{Stage::kBeyond, 9, "高校卒業以上"}));
}

TEST(GradeOnTest, NoGradeBeforeBirthOrForInvalidDates) {
  EXPECT_EQ(GradeOn(Date{2025, 7, 1}, Date{2025, 6, 30}).label_ja, "");
  EXPECT_EQ(GradeOn(Date{2025, 2, 29}, Date{2025, 6, 30}).label_ja, "");
  EXPECT_EQ(GradeOn(Date{2015, 2, 28}, Date{2025, 0, 30}).label_ja, "");
}

}  // namespace
}  // namespace yorisoi::ja
