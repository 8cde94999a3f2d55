#include "domain/cases/person.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Date;
using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

const Date kToday{2025, 7, 1};

Person Child() {
  Person p;
  p.role = "child";
  p.name = "山田　陽翔";
  p.name_kana = "やまだ　はると";
  p.sex = "male";
  p.relationship = "self";
  p.birth_date = Date{2016, 5, 10};
  p.address = "東京都新宿区大久保二丁目1番1号";
  p.affiliation_kind = "elementary_school";
  p.affiliation_name = "区立テスト小学校";
  p.nationality = "jp";
  p.residence_status = "japanese_national";
  p.health = "喘息あり\n通院中";
  return p;
}

void ExpectRefused(const Person& p, const char* field, const char* code) {
  auto r = ValidatePerson(p, CodeCatalog::BuiltIn(), kToday);
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, code)) << field;
  EXPECT_EQ(r.error().field, field);
}

TEST(PersonTest, AFullChildRecordIsValid) {
  EXPECT_TRUE(IsOk(ValidatePerson(Child(), CodeCatalog::BuiltIn(), kToday)));
}

TEST(PersonTest, EveryRuleNamesItsField) {
  {
    auto p = Child();
    p.role = "";
    ExpectRefused(p, "role", "required");
  }
  {
    auto p = Child();
    p.role = "neighbour";
    ExpectRefused(p, "role", "unknown_code");
  }
  {
    auto p = Child();
    p.name_kana = "山田はると";
    ExpectRefused(p, "name_kana", "kana_only");
  }
  {
    auto p = Child();
    p.sex = "m";
    ExpectRefused(p, "sex", "unknown_code");
  }
  {
    auto p = Child();
    p.birth_date = Date{2025, 7, 2};
    ExpectRefused(p, "birth_date", "in_future");
  }
  {
    auto p = Child();
    p.birth_date = Date{2007, 7, 1};  // 18 today
    ExpectRefused(p, "birth_date", "not_a_child");
  }
  {
    auto p = Child();
    p.affiliation_kind = "school";
    ExpectRefused(p, "school.kind", "unknown_code");
  }
  {
    auto p = Child();
    p.residence_status = "permanent_resident";
    ExpectRefused(p, "residence_status", "not_applicable");
  }
  {
    auto p = Child();
    p.address = std::string(201, 'x');
    ExpectRefused(p, "address", "too_long");
  }
  {
    auto p = Child();
    p.name = "山田\x01";
    ExpectRefused(p, "name", "control_character");
  }
  {
    auto p = Child();
    p.role = "expectant_mother";
    p.relationship = "biological_mother";
    ExpectRefused(p, "relationship", "invalid_for_role");
  }
}

TEST(PersonTest, ResidenceStatusFollowsItsValidityDates) {
  auto p = Child();
  p.nationality = "vn";
  p.residence_status = "technical_intern_training_1a";
  EXPECT_TRUE(IsOk(ValidatePerson(p, CodeCatalog::BuiltIn(), Date{2027, 3, 31})));
  auto r = ValidatePerson(p, CodeCatalog::BuiltIn(), Date{2027, 4, 1});
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "code_not_valid_on_date"));
  EXPECT_EQ(r.error().field, "residence_status");
}

TEST(PersonTest, AgeAndGradeAreDerivedAndTheGradeCanBeOverridden) {
  auto p = Child();
  p.birth_date = Date{2016, 4, 1};  // joins the older cohort: 小学4年 in FY2025
  auto d = DerivePerson(p, kToday);
  ASSERT_TRUE(d.age.has_value());
  EXPECT_EQ(*d.age, 9);
  EXPECT_EQ(d.grade_label, "小学4年");
  EXPECT_FALSE(d.grade_overridden);
  p.birth_date = Date{2016, 4, 2};
  EXPECT_EQ(DerivePerson(p, kToday).grade_label, "小学3年");
  p.grade_override = "小学2年";  // 就学猶予
  d = DerivePerson(p, kToday);
  EXPECT_EQ(d.grade_label, "小学2年");
  EXPECT_TRUE(d.grade_overridden);
  Person adult;
  adult.role = "guardian";
  adult.birth_date = Date{1990, 7, 2};
  d = DerivePerson(adult, kToday);
  EXPECT_EQ(*d.age, 34);
  EXPECT_EQ(d.grade_label, "") << "guardians have no 学年";
}

}  // namespace
}  // namespace yorisoi::domain
