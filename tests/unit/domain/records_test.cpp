// Every rule of the case records (records.hpp) and of the search documents (search.hpp).
#include "domain/cases/records.hpp"

#include <gtest/gtest.h>

#include "domain/cases/search.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

const core::Date kToday{2025, 7, 1};

Consultation ValidConsultation() {
  Consultation c;
  c.id = "con_1";
  c.case_id = "cas_1";
  c.date = kToday;
  c.type = "abuse";
  c.method = "home_visit";
  c.content = "家庭訪問。\n本児と面会。";
  return c;
}

void ExpectField(const core::Status& st, const std::string& field, const std::string& code) {
  ASSERT_TRUE(IsError(st, Errc::kInvalidArgument, code));
  EXPECT_EQ(st.error().field, field);
}

TEST(ValidateConsultationTest, AcceptsAValidRecordAndAnEmptyContent) {
  const auto& codes = CodeCatalog::BuiltIn();
  EXPECT_TRUE(IsOk(ValidateConsultation(ValidConsultation(), codes, kToday)));
  auto empty = ValidConsultation();
  empty.content.clear();
  EXPECT_TRUE(IsOk(ValidateConsultation(empty, codes, kToday)));
}

TEST(ValidateConsultationTest, EachRuleNamesItsField) {
  const auto& codes = CodeCatalog::BuiltIn();
  auto c = ValidConsultation();
  c.date = kToday.AddDays(1);
  ExpectField(ValidateConsultation(c, codes, kToday), "date", "in_future");
  c = ValidConsultation();
  c.type.clear();
  ExpectField(ValidateConsultation(c, codes, kToday), "type", "required");
  c = ValidConsultation();
  c.type = "no_such_type";
  ExpectField(ValidateConsultation(c, codes, kToday), "type", "unknown_code");
  c = ValidConsultation();
  c.type = "physical";  // an abuse sub-type, not a 中分類
  ExpectField(ValidateConsultation(c, codes, kToday), "type", "invalid_code");
  c = ValidConsultation();
  c.method.clear();
  ExpectField(ValidateConsultation(c, codes, kToday), "method", "required");
  c = ValidConsultation();
  c.method = "telepathy";
  ExpectField(ValidateConsultation(c, codes, kToday), "method", "unknown_code");
  c = ValidConsultation();
  c.content = std::string(kMaxConsultationContent + 1, 'a');
  ExpectField(ValidateConsultation(c, codes, kToday), "content", "too_long");
  c = ValidConsultation();
  c.content = "bad\x01control";
  EXPECT_TRUE(IsError(ValidateConsultation(c, codes, kToday), Errc::kInvalidArgument));
  c = ValidConsultation();
  c.content = "\xff\xfe";
  EXPECT_TRUE(IsError(ValidateConsultation(c, codes, kToday), Errc::kInvalidArgument));
}

TEST(ValidateNoteTest, BodyRequiredBoundedAndCorrectsNamesAnotherNote) {
  Note n;
  n.id = "not_1";
  n.body = "学校より連絡あり。";
  EXPECT_TRUE(IsOk(ValidateNote(n)));
  n.body.clear();
  ExpectField(ValidateNote(n), "body", "required");
  n.body = std::string(kMaxNoteBody + 1, 'a');
  ExpectField(ValidateNote(n), "body", "too_long");
  n.body = std::string(kMaxNoteBody, 'a');
  EXPECT_TRUE(IsOk(ValidateNote(n)));
  n.corrects = "";
  ExpectField(ValidateNote(n), "corrects", "required");
  n.corrects = "not_1";
  ExpectField(ValidateNote(n), "corrects", "invalid_ref");
  n.corrects = "not_0";
  EXPECT_TRUE(IsOk(ValidateNote(n)));
}

TEST(ValidatePolicyTest, BodyRequiredNextActionBoundedDueDateNotPast) {
  Policy p;
  p.body = "週1回の家庭訪問。";
  EXPECT_TRUE(IsOk(ValidatePolicy(p, kToday)));
  p.next_action_on = kToday;
  EXPECT_TRUE(IsOk(ValidatePolicy(p, kToday))) << "due today is fine";
  p.next_action_on = kToday.AddDays(-1);
  ExpectField(ValidatePolicy(p, kToday), "next_action_on", "in_past");
  p.next_action_on.reset();
  p.next_action = std::string(kMaxNextAction + 1, 'a');
  ExpectField(ValidatePolicy(p, kToday), "next_action", "too_long");
  p.next_action.clear();
  p.body.clear();
  ExpectField(ValidatePolicy(p, kToday), "body", "required");
  p.body = std::string(kMaxPolicyBody + 1, 'a');
  ExpectField(ValidatePolicy(p, kToday), "body", "too_long");
}

TEST(SearchDocTest, PeopleAreFoundByFoldedNamesDatesAndPlaces) {
  Person p;
  p.id = "per_1";
  p.case_id = "cas_1";
  p.name = "山田　花子";
  p.name_kana = "ヤマダ　ハナコ";
  p.birth_date = core::Date{2016, 4, 2};
  p.address = "東京都新宿区大久保２丁目";
  p.affiliation_name = "区立テスト小学校";
  const SearchDoc doc = PersonSearchDoc(p);
  EXPECT_EQ(doc.ref_id, "per_1");
  EXPECT_EQ(doc.case_id, "cas_1");
  for (std::string_view q : {"ヤマダ ハナコ", "やまだはなこ", "ﾔﾏﾀﾞ", "山田花子", "2016-04-02",
                             "20160402", "大久保2丁目", "テスト小学校"}) {
    const std::string needle = NormalizeSearchQuery(q);
    ASSERT_FALSE(needle.empty()) << q;
    EXPECT_NE(doc.text.find(needle), std::string::npos) << q;
  }
  EXPECT_EQ(doc.text.find(NormalizeSearchQuery("鈴木")), std::string::npos);
  // 氏名 and ふりがな are the first two lines, an empty reading an empty line (the stores tell a
  // name match by them).
  EXPECT_TRUE(doc.text.starts_with("山田花子\nやまだはなこ\n")) << doc.text;
  p.name_kana.clear();
  EXPECT_TRUE(PersonSearchDoc(p).text.starts_with("山田花子\n\n2016-04-02\n"))
      << PersonSearchDoc(p).text;
  EXPECT_EQ(NormalizeSearchQuery(" 　\t"), "");
}

}  // namespace
}  // namespace yorisoi::domain
