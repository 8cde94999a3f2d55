// CodeCatalog: Make's checks, Validate, validity dates, the hierarchy and tenant entries.
#include "domain/codes/code_list.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace yorisoi::domain {
namespace {

using core::Date;
using core::Errc;

constexpr Date kToday{2025, 7, 1};

const CodeCatalog& BuiltIn() { return CodeCatalog::BuiltIn(); }

::testing::AssertionResult IsError(const core::Status& s, Errc errc, std::string_view code,
                                   std::string_view field) {
  if (s.ok()) return ::testing::AssertionFailure() << "expected " << code << ", got ok";
  const core::Error& e = s.error();
  if (e.errc != errc || e.code != code || e.field != field) {
    return ::testing::AssertionFailure()
           << "expected " << code << " on " << field << ", got " << core::ErrcName(e.errc)
           << " code=" << e.code << " field=" << e.field << " message=" << e.message;
  }
  return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult IsError(const core::Result<T>& r, Errc errc, std::string_view code,
                                   std::string_view field) {
  if (r.ok()) return ::testing::AssertionFailure() << "expected " << code << ", got ok";
  return IsError(core::Status(r.error()), errc, code, field);
}

CodeEntry MakeEntry(std::string code, std::string label, std::string parent = {}) {
  CodeEntry e;
  e.code = std::move(code);
  e.label = std::move(label);
  e.parent = std::move(parent);
  return e;
}

// ---- Validate ----------------------------------------------------------------------------------

TEST(CodeCatalogTest, ValidateAcceptsKnownCodesAtEveryLevel) {
  EXPECT_TRUE(BuiltIn().Validate("consultation_type", "abuse", kToday, "consultation_type").ok());
  EXPECT_TRUE(BuiltIn().Validate("consultation_type", "physical", kToday, "type").ok());
  EXPECT_TRUE(BuiltIn().Validate("referral_route", "family_abuser", kToday, "route").ok());
  EXPECT_TRUE(BuiltIn().Validate("nationality", "vn", kToday, "nationality").ok());
}

TEST(CodeCatalogTest, ValidateRefusesAnUnknownCodeNamingTheFieldNotTheValue) {
  const core::Status s =
      BuiltIn().Validate("consultation_type", "Yamada Taro 090-1234", kToday, "people.0.sex");
  ASSERT_TRUE(IsError(s, Errc::kInvalidArgument, "unknown_code", "people.0.sex"));
  EXPECT_EQ(s.error().message.find("Yamada"), std::string::npos);
  EXPECT_NE(s.error().message.find("consultation_type"), std::string::npos);
  // A code of another list is not a code of this one; neither is "" nor a label.
  EXPECT_TRUE(IsError(BuiltIn().Validate("sex", "abuse", kToday, "sex"), Errc::kInvalidArgument,
                      "unknown_code", "sex"));
  EXPECT_TRUE(IsError(BuiltIn().Validate("sex", "", kToday, "sex"), Errc::kInvalidArgument,
                      "unknown_code", "sex"));
  EXPECT_TRUE(IsError(BuiltIn().Validate("sex", "男", kToday, "sex"), Errc::kInvalidArgument,
                      "unknown_code", "sex"));
  EXPECT_TRUE(IsError(BuiltIn().Validate("sex", "MALE", kToday, "sex"), Errc::kInvalidArgument,
                      "unknown_code", "sex"));
}

TEST(CodeCatalogTest, ValidateAgainstAnUnknownListIsABug) {
  const core::Status s = BuiltIn().Validate("no_such_list", "x", kToday, "f");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().errc, Errc::kInternal);
}

TEST(CodeCatalogTest, GinoJisshuEndsOn20270331) {
  for (const char* code : {"technical_intern_training", "technical_intern_training_1a",
                           "technical_intern_training_3b"}) {
    EXPECT_TRUE(
        BuiltIn().Validate("residence_status", code, Date{2027, 3, 31}, "residence_status").ok())
        << code;
    const core::Status s =
        BuiltIn().Validate("residence_status", code, Date{2027, 4, 1}, "residence_status");
    EXPECT_TRUE(IsError(s, Errc::kInvalidArgument, "code_not_valid_on_date", "residence_status"))
        << code;
    if (!s.ok()) {
      EXPECT_EQ(s.error().message.find(code), std::string::npos);
    }
  }
}

TEST(CodeCatalogTest, IkuseiShuroStartsOn20270401) {
  for (const char* code : {"employment_for_skill_development", "intra_company_transferee_2"}) {
    EXPECT_TRUE(IsError(BuiltIn().Validate("residence_status", code, Date{2027, 3, 31}, "rs"),
                        Errc::kInvalidArgument, "code_not_valid_on_date", "rs"))
        << code;
    EXPECT_TRUE(IsError(BuiltIn().Validate("residence_status", code, kToday, "rs"),
                        Errc::kInvalidArgument, "code_not_valid_on_date", "rs"))
        << code;
    EXPECT_TRUE(BuiltIn().Validate("residence_status", code, Date{2027, 4, 1}, "rs").ok()) << code;
    EXPECT_TRUE(BuiltIn().Validate("residence_status", code, Date{2040, 1, 1}, "rs").ok()) << code;
  }
  // The parent of 企業内転勤2号 is valid throughout.
  EXPECT_TRUE(
      BuiltIn().Validate("residence_status", "intra_company_transferee", kToday, "rs").ok());
}

// ---- IsDescendantOf ----------------------------------------------------------------------------

TEST(CodeCatalogTest, IsDescendantOf) {
  EXPECT_TRUE(BuiltIn().IsDescendantOf("consultation_type", "physical", "abuse"));
  EXPECT_TRUE(BuiltIn().IsDescendantOf("consultation_type", "psychological", "abuse"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("consultation_type", "abuse", "abuse"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("consultation_type", "abuse", "physical"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("consultation_type", "care_other", "abuse"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("consultation_type", "no_such_code", "abuse"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("referral_route", "physical", "abuse"));
  EXPECT_FALSE(BuiltIn().IsDescendantOf("no_such_list", "physical", "abuse"));
  EXPECT_TRUE(BuiltIn().IsDescendantOf("referral_route", "family_abuser", "family"));
}

// ---- Make --------------------------------------------------------------------------------------

CodeList SmallList() {
  CodeList list{"colour", "色", {}};
  list.entries.push_back(MakeEntry("red", "赤"));
  list.entries.push_back(MakeEntry("dark_red", "暗い赤", "red"));
  list.entries.push_back(MakeEntry("blue", "青"));
  return list;
}

TEST(CodeCatalogTest, MakeAcceptsAWellFormedList) {
  auto made = CodeCatalog::Make({SmallList()});
  ASSERT_TRUE(made.ok());
  EXPECT_NE(made->FindEntry("colour", "dark_red"), nullptr);
  EXPECT_EQ(made->FindEntry("colour", "green"), nullptr);
  EXPECT_EQ(made->FindEntry("other", "red"), nullptr);
}

TEST(CodeCatalogTest, MakeRefusesBrokenLists) {
  {
    CodeList l = SmallList();
    l.entries.push_back(MakeEntry("red", "また赤"));
    EXPECT_TRUE(IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "duplicate_code", "code"));
  }
  {
    CodeList l = SmallList();
    // The parent must come first: this also makes cycles impossible.
    l.entries.insert(l.entries.begin(), MakeEntry("pink", "桃", "red"));
    EXPECT_TRUE(
        IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "unknown_parent", "parent"));
  }
  {
    CodeList l = SmallList();
    l.entries.push_back(MakeEntry("self", "自分", "self"));
    EXPECT_TRUE(
        IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "unknown_parent", "parent"));
  }
  for (const char* bad : {"", "Red", "1red", "red-x", "red x", "赤"}) {
    CodeList l = SmallList();
    l.entries.push_back(MakeEntry(bad, "x"));
    EXPECT_TRUE(IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "invalid_code", "code"))
        << bad;
  }
  {
    CodeList l = SmallList();
    l.entries.push_back(MakeEntry("green", ""));
    EXPECT_FALSE(CodeCatalog::Make({l}).ok());
    l.entries.back().label = "\xE7\xB7";  // truncated UTF-8
    EXPECT_FALSE(CodeCatalog::Make({l}).ok());
    l.entries.back().label = "緑\n";
    EXPECT_FALSE(CodeCatalog::Make({l}).ok());
  }
  {
    CodeList l = SmallList();
    l.entries[0].valid_from = Date{2027, 4, 1};
    l.entries[0].valid_to = Date{2027, 3, 31};
    EXPECT_TRUE(
        IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "invalid_validity", "valid_to"));
    l.entries[0].valid_from = Date{2027, 2, 30};
    l.entries[0].valid_to = std::nullopt;
    EXPECT_TRUE(
        IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "invalid_validity", "valid_to"));
  }
  {
    CodeList l = SmallList();
    l.entries[0].flags = {"x", "x"};
    EXPECT_TRUE(IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "invalid_code", "flags"));
  }
  EXPECT_TRUE(IsError(CodeCatalog::Make({SmallList(), SmallList()}), Errc::kInvalidArgument,
                      "duplicate_list", "name"));
  {
    CodeList l = SmallList();
    l.name = "Colour";
    EXPECT_TRUE(IsError(CodeCatalog::Make({l}), Errc::kInvalidArgument, "invalid_code", "name"));
  }
}

TEST(CodeCatalogTest, AChildIsNotValidWhenItsParentIsNot) {
  CodeList l = SmallList();
  l.entries[0].valid_to = Date{2026, 12, 31};  // red ends; dark_red has no dates of its own
  auto made = CodeCatalog::Make({l});
  ASSERT_TRUE(made.ok());
  EXPECT_TRUE(made->IsValidOn("colour", "dark_red", Date{2026, 12, 31}));
  EXPECT_FALSE(made->IsValidOn("colour", "dark_red", Date{2027, 1, 1}));
  EXPECT_TRUE(IsError(made->Validate("colour", "dark_red", Date{2027, 1, 1}, "colour"),
                      Errc::kInvalidArgument, "code_not_valid_on_date", "colour"));
  EXPECT_TRUE(made->IsValidOn("colour", "blue", Date{2027, 1, 1}));
  EXPECT_FALSE(made->IsValidOn("colour", "green", kToday));
  EXPECT_FALSE(made->IsValidOn("nope", "red", kToday));
}

// ---- Tenant entries ----------------------------------------------------------------------------

TEST(CodeCatalogTest, TenantEntriesAreMergedUnderTheirParentAndValidated) {
  CodeEntry local = MakeEntry("neglect_medical", "医療ネグレクト（区独自）", "neglect");
  CodeEntry local_child =
      MakeEntry("neglect_medical_vaccination", "予防接種未接種", "neglect_medical");
  CodeEntry top = MakeEntry("ward_hotline", "区ホットライン");
  CodeEntry dated = MakeEntry("ward_pilot", "モデル事業（2026年度）");
  dated.valid_from = Date{2026, 4, 1};
  dated.valid_to = Date{2027, 3, 31};
  auto merged = BuiltIn().WithTenantEntries({{"consultation_type", local},
                                             {"consultation_type", local_child},
                                             {"referral_route", top},
                                             {"referral_route", dated}});
  ASSERT_TRUE(merged.ok()) << merged.error().code << " " << merged.error().field;

  // Placed after the parent's subtree, with the parent's group.
  const auto& entries = merged->Find("consultation_type")->entries;
  std::vector<std::string> codes;
  codes.reserve(entries.size());
  for (const CodeEntry& e : entries) codes.push_back(e.code);
  const std::vector<std::string> head(codes.begin(), codes.begin() + 8);
  EXPECT_EQ(head, (std::vector<std::string>{"abuse", "physical", "sexual", "psychological",
                                            "neglect", "neglect_medical",
                                            "neglect_medical_vaccination", "care_other"}));
  EXPECT_EQ(merged->FindEntry("consultation_type", "neglect_medical")->group, "養護相談");
  EXPECT_EQ(merged->Find("referral_route")->entries.back().code, "ward_pilot");

  EXPECT_TRUE(merged->Validate("consultation_type", "neglect_medical", kToday, "type").ok());
  EXPECT_TRUE(merged->IsDescendantOf("consultation_type", "neglect_medical_vaccination", "abuse"));
  EXPECT_TRUE(merged->Validate("referral_route", "ward_hotline", kToday, "route").ok());
  EXPECT_TRUE(IsError(merged->Validate("referral_route", "ward_pilot", kToday, "route"),
                      Errc::kInvalidArgument, "code_not_valid_on_date", "route"));
  EXPECT_TRUE(merged->Validate("referral_route", "ward_pilot", Date{2026, 4, 1}, "route").ok());
  // Built-in codes still work in the merged catalog, and the built-in catalog is unchanged.
  EXPECT_TRUE(merged->Validate("consultation_type", "physical", kToday, "type").ok());
  EXPECT_TRUE(IsError(BuiltIn().Validate("consultation_type", "neglect_medical", kToday, "type"),
                      Errc::kInvalidArgument, "unknown_code", "type"));
  EXPECT_EQ(merged->ListNames(), BuiltIn().ListNames());
}

TEST(CodeCatalogTest, TenantEntriesAreRefusedWhenBroken) {
  EXPECT_TRUE(IsError(BuiltIn().WithTenantEntries({{"no_such_list", MakeEntry("x", "x")}}),
                      Errc::kInvalidArgument, "unknown_list", "list"));
  EXPECT_TRUE(IsError(BuiltIn().WithTenantEntries({{"consultation_type", MakeEntry("abuse", "x")}}),
                      Errc::kInvalidArgument, "duplicate_code", "code"));
  EXPECT_TRUE(IsError(
      BuiltIn().WithTenantEntries({{"consultation_type", MakeEntry("x", "x", "no_such_parent")}}),
      Errc::kInvalidArgument, "unknown_parent", "parent"));
  EXPECT_TRUE(IsError(BuiltIn().WithTenantEntries({{"consultation_type", MakeEntry("X y", "x")}}),
                      Errc::kInvalidArgument, "invalid_code", "code"));
  EXPECT_FALSE(
      BuiltIn().WithTenantEntries({{"consultation_type", MakeEntry("ok_code", "\xFF")}}).ok());
  // Two tenant entries with the same code.
  EXPECT_TRUE(IsError(BuiltIn().WithTenantEntries({{"sex", MakeEntry("ward_x", "区X")},
                                                   {"sex", MakeEntry("ward_x", "区X")}}),
                      Errc::kInvalidArgument, "duplicate_code", "code"));
}

TEST(CodeCatalogTest, ATenantSubCodeEndsWithItsBuiltInParent) {
  auto merged = BuiltIn().WithTenantEntries(
      {{"residence_status", MakeEntry("technical_intern_training_local", "技能実習（区分不明）",
                                      "technical_intern_training")}});
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(
      merged
          ->Validate("residence_status", "technical_intern_training_local", Date{2027, 3, 31}, "rs")
          .ok());
  EXPECT_TRUE(IsError(merged->Validate("residence_status", "technical_intern_training_local",
                                       Date{2027, 4, 1}, "rs"),
                      Errc::kInvalidArgument, "code_not_valid_on_date", "rs"));
  EXPECT_EQ(merged->FindEntry("residence_status", "technical_intern_training_local")->group,
            "別表第一");
}

}  // namespace
}  // namespace yorisoi::domain
