// The built-in lists against domain-codes.md and interface.md: every list present, well formed,
// and saying what the documents say.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "domain/codes/builtin_codes.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

constexpr core::Date kToday{2025, 7, 1};
constexpr core::Date kLastGinoJisshuDay{2027, 3, 31};
constexpr core::Date kFirstIkuseiShuroDay{2027, 4, 1};

constexpr std::string_view kListNames[] = {"consultation_type",
                                           "referral_route",
                                           "main_abuser",
                                           "consultation_method",
                                           "relationship",
                                           "sex",
                                           "affiliation_kind",
                                           "residence_status",
                                           "case_status",
                                           "yotaikyo_class",
                                           "safety_confirmation_method",
                                           "injury_type",
                                           "person_role",
                                           "nationality"};

const CodeCatalog& Catalog() { return CodeCatalog::BuiltIn(); }

std::vector<std::string> Codes(std::string_view list) {
  std::vector<std::string> codes;
  const CodeList* l = Catalog().Find(list);
  if (l == nullptr) return codes;
  for (const CodeEntry& e : l->entries) codes.push_back(e.code);
  return codes;
}

std::vector<std::string> Labels(std::string_view list) {
  std::vector<std::string> labels;
  const CodeList* l = Catalog().Find(list);
  if (l == nullptr) return labels;
  for (const CodeEntry& e : l->entries) labels.push_back(e.label);
  return labels;
}

const CodeEntry& Entry(std::string_view list, std::string_view code) {
  const CodeEntry* e = Catalog().FindEntry(list, code);
  if (e == nullptr) {
    ADD_FAILURE() << list << "/" << code << " missing";
    static const CodeEntry kNone;
    return kNone;
  }
  return *e;
}

TEST(BuiltInCodesTest, PassesTheCatalogChecks) {
  auto made = CodeCatalog::Make(codes_internal::BuiltInCodeLists());
  ASSERT_TRUE(made.ok()) << made.error().field << " " << made.error().code << " "
                         << made.error().message;
}

TEST(BuiltInCodesTest, EveryListIsPresentAndNonEmpty) {
  const auto names = Catalog().ListNames();
  ASSERT_EQ(names.size(), std::size(kListNames));
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], kListNames[i]);
  for (std::string_view name : kListNames) {
    const CodeList* list = Catalog().Find(name);
    ASSERT_NE(list, nullptr) << name;
    EXPECT_EQ(list->name, name);
    EXPECT_FALSE(list->label.empty()) << name;
    EXPECT_FALSE(list->entries.empty()) << name;
  }
  EXPECT_EQ(Catalog().Find("no_such_list"), nullptr);
}

TEST(BuiltInCodesTest, CodesAreUniqueSnakeCaseWithinEachList) {
  for (const CodeList& list : Catalog().lists()) {
    std::set<std::string> seen;
    for (const CodeEntry& e : list.entries) {
      EXPECT_TRUE(seen.insert(e.code).second) << list.name << "/" << e.code << " twice";
      ASSERT_FALSE(e.code.empty()) << list.name;
      EXPECT_TRUE(e.code.front() >= 'a' && e.code.front() <= 'z') << e.code;
      EXPECT_TRUE(std::all_of(
          e.code.begin(), e.code.end(),
          [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
          << list.name << "/" << e.code;
    }
  }
}

TEST(BuiltInCodesTest, EveryParentExistsEarlierInTheSameList) {
  for (const CodeList& list : Catalog().lists()) {
    std::set<std::string> earlier;
    for (const CodeEntry& e : list.entries) {
      if (!e.parent.empty()) {
        EXPECT_TRUE(earlier.count(e.parent)) << list.name << "/" << e.code << " → " << e.parent;
        EXPECT_TRUE(Catalog().IsDescendantOf(list.name, e.code, e.parent));
      }
      earlier.insert(e.code);
    }
  }
}

TEST(BuiltInCodesTest, LabelsAndGroupsAreValidUtf8AndNonEmpty) {
  for (const CodeList& list : Catalog().lists()) {
    EXPECT_TRUE(ValidateText("label", list.label, 1, 200).ok()) << list.name;
    for (const CodeEntry& e : list.entries) {
      EXPECT_TRUE(ValidateText("label", e.label, 1, 200).ok()) << list.name << "/" << e.code;
      if (!e.group.empty()) {
        EXPECT_TRUE(ValidateText("group", e.group, 1, 100).ok()) << list.name << "/" << e.code;
      }
      // Not ASCII: every label is Japanese.
      EXPECT_TRUE(std::any_of(e.label.begin(), e.label.end(),
                              [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
          << list.name << "/" << e.code;
    }
  }
}

TEST(BuiltInCodesTest, ValidityBoundsAreOrdered) {
  for (const CodeList& list : Catalog().lists()) {
    for (const CodeEntry& e : list.entries) {
      if (e.valid_from && e.valid_to) {
        EXPECT_LE(*e.valid_from, *e.valid_to) << e.code;
      }
    }
  }
}

TEST(BuiltInCodesTest, ConsultationTypeFollowsTheDocument) {
  EXPECT_EQ(Codes("consultation_type"), (std::vector<std::string>{"abuse",
                                                                  "physical",
                                                                  "sexual",
                                                                  "psychological",
                                                                  "neglect",
                                                                  "care_other",
                                                                  "health",
                                                                  "disability_physical",
                                                                  "disability_sensory",
                                                                  "disability_speech",
                                                                  "disability_severe",
                                                                  "disability_intellectual",
                                                                  "disability_developmental",
                                                                  "delinquency_prone",
                                                                  "delinquency_offense",
                                                                  "upbringing_behavior",
                                                                  "upbringing_truancy",
                                                                  "upbringing_aptitude",
                                                                  "upbringing_parenting",
                                                                  "other"}));
  EXPECT_EQ(Entry("consultation_type", "abuse").label, "児童虐待相談");
  EXPECT_EQ(Entry("consultation_type", "abuse").group, "養護相談");
  EXPECT_EQ(Entry("consultation_type", "care_other").group, "養護相談");
  EXPECT_EQ(Entry("consultation_type", "health").group, "保健相談");
  EXPECT_EQ(Entry("consultation_type", "disability_developmental").group, "障害相談");
  EXPECT_EQ(Entry("consultation_type", "delinquency_offense").group, "非行相談");
  EXPECT_EQ(Entry("consultation_type", "upbringing_truancy").group, "育成相談");
  EXPECT_EQ(Entry("consultation_type", "other").group, "その他");
  for (const char* sub : {"physical", "sexual", "psychological", "neglect"}) {
    EXPECT_EQ(Entry("consultation_type", sub).parent, "abuse") << sub;
    EXPECT_EQ(Entry("consultation_type", sub).group, "養護相談") << sub;
  }
  EXPECT_EQ(Entry("consultation_type", "psychological").flags,
            std::vector<std::string>{"witnessed_dv"});
  EXPECT_TRUE(Entry("consultation_type", "physical").flags.empty());
}

TEST(BuiltInCodesTest, ReferralRouteSplitsFamily) {
  const auto codes = Codes("referral_route");
  EXPECT_EQ(codes.size(), 20u);  // 18 routes, 家族 split in two
  EXPECT_EQ(codes.front(), "family");
  EXPECT_EQ(codes.back(), "other");
  EXPECT_EQ(Entry("referral_route", "family_abuser").parent, "family");
  EXPECT_EQ(Entry("referral_route", "family_non_abuser").parent, "family");
  const auto labels = Labels("referral_route");
  for (const char* label : {"親戚", "近隣・知人", "児童本人", "児童委員", "警察等", "福祉事務所",
                            "保健センター", "市町村その他", "保育所", "児童福祉施設", "幼稚園",
                            "学校", "教育委員会", "医療機関", "保健所", "児童相談所", "その他"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), label), labels.end()) << label;
  }
}

TEST(BuiltInCodesTest, SmallListsFollowTheDocument) {
  EXPECT_EQ(Labels("main_abuser"), (std::vector<std::string>{"実父", "実父以外の父親", "実母",
                                                             "実母以外の母親", "その他"}));
  EXPECT_EQ(Labels("consultation_method"),
            (std::vector<std::string>{"訪問", "来所", "電話", "関係機関訪問", "所属訪問", "会議",
                                      "その他"}));
  EXPECT_EQ(Labels("sex"), (std::vector<std::string>{"男", "女", "その他", "不明"}));
  EXPECT_EQ(
      Labels("affiliation_kind"),
      (std::vector<std::string>{"未就園", "保育所", "認定こども園", "幼稚園", "小学校", "中学校",
                                "義務教育学校", "高等学校", "特別支援学校", "その他", "不明"}));
  EXPECT_EQ(Codes("case_status"),
            (std::vector<std::string>{"received", "investigating", "supporting", "closed",
                                      "transferred"}));
  EXPECT_EQ(Labels("case_status"),
            (std::vector<std::string>{"受理", "調査", "支援中", "終結", "移管"}));
  EXPECT_EQ(Entry("case_status", "closed").flags, std::vector<std::string>{"terminal"});
  EXPECT_EQ(Entry("case_status", "transferred").flags, std::vector<std::string>{"terminal"});
  EXPECT_EQ(Labels("yotaikyo_class"),
            (std::vector<std::string>{"要保護児童", "要支援児童", "特定妊婦"}));
  EXPECT_EQ(Labels("safety_confirmation_method"),
            (std::vector<std::string>{"目視", "関係機関による確認", "未確認"}));
  const auto injuries = Labels("injury_type");
  for (const char* label : {"あざ", "傷", "やけど", "その他"}) {
    EXPECT_NE(std::find(injuries.begin(), injuries.end(), label), injuries.end()) << label;
  }
}

TEST(BuiltInCodesTest, RelationshipHasEveryKindAndTheFetusFather) {
  const auto labels = Labels("relationship");
  EXPECT_EQ(labels.size(), 20u);
  for (const char* label :
       {"本人", "実父",         "実母",         "養父", "養母",   "継父",    "継母",
        "祖父", "祖母",         "兄",           "姉",   "弟",     "妹",      "おじ",
        "おば", "母の交際相手", "父の交際相手", "里親", "その他", "胎児の父"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), label), labels.end()) << label;
  }
  EXPECT_EQ(Entry("relationship", "fetus_father").label, "胎児の父");
}

TEST(BuiltInCodesTest, PersonRoleCodesAreThoseOfTheInterface) {
  EXPECT_EQ(Codes("person_role"), (std::vector<std::string>{"consulter", "child", "guardian",
                                                            "relative", "expectant_mother"}));
}

TEST(BuiltInCodesTest, NationalityIsAShortIsoStyleList) {
  EXPECT_EQ(Codes("nationality"),
            (std::vector<std::string>{
                "jp", "cn", "vn", "kr", "ph", "br", "np",     "id",    "mm",      "us",       "th",
                "tw", "pe", "in", "lk", "bd", "pk", "chosen", "other", "unknown", "stateless"}));
  EXPECT_EQ(Entry("nationality", "chosen").label, "朝鮮");
  EXPECT_EQ(Entry("nationality", "jp").label, "日本");
  EXPECT_EQ(Entry("nationality", "stateless").label, "無国籍");
}

// Top-level entries of 別表第一 and 別表第二 valid on a date: the statuses of the 入管法.
std::vector<std::string> StatusesOn(core::Date on) {
  std::vector<std::string> statuses;
  for (const CodeEntry& e : Catalog().Find("residence_status")->entries) {
    if (e.parent.empty() && (e.group == "別表第一" || e.group == "別表第二") &&
        Catalog().IsValidOn("residence_status", e.code, on)) {
      statuses.push_back(e.code);
    }
  }
  return statuses;
}

TEST(BuiltInCodesTest, ResidenceStatusHas29StatusesBeforeAndAfterTheChange) {
  const auto before = StatusesOn(kLastGinoJisshuDay);
  const auto after = StatusesOn(kFirstIkuseiShuroDay);
  EXPECT_EQ(before.size(), 29u);
  EXPECT_EQ(after.size(), 29u);
  EXPECT_NE(std::find(before.begin(), before.end(), "technical_intern_training"), before.end());
  EXPECT_EQ(std::find(after.begin(), after.end(), "technical_intern_training"), after.end());
  EXPECT_NE(std::find(after.begin(), after.end(), "employment_for_skill_development"), after.end());
  EXPECT_EQ(std::count_if(Catalog().Find("residence_status")->entries.begin(),
                          Catalog().Find("residence_status")->entries.end(),
                          [](const CodeEntry& e) { return e.group == "別表第二"; }),
            4);
}

TEST(BuiltInCodesTest, ResidenceStatusSubCategories) {
  const auto children_of = [](std::string_view parent) {
    std::vector<std::string> labels;
    for (const CodeEntry& e : Catalog().Find("residence_status")->entries) {
      if (e.parent == parent) labels.push_back(e.label);
    }
    return labels;
  };
  EXPECT_EQ(children_of("highly_skilled_professional"),
            (std::vector<std::string>{"高度専門職1号イ", "高度専門職1号ロ", "高度専門職1号ハ",
                                      "高度専門職2号"}));
  EXPECT_EQ(children_of("specified_skilled_worker"),
            (std::vector<std::string>{"特定技能1号", "特定技能2号"}));
  EXPECT_EQ(children_of("technical_intern_training"),
            (std::vector<std::string>{"技能実習1号イ", "技能実習1号ロ", "技能実習2号イ",
                                      "技能実習2号ロ", "技能実習3号イ", "技能実習3号ロ"}));
  EXPECT_EQ(children_of("intra_company_transferee"), std::vector<std::string>{"企業内転勤2号"});
  for (const CodeEntry& e : Catalog().Find("residence_status")->entries) {
    if (e.code.rfind("technical_intern_training", 0) == 0) {
      EXPECT_EQ(e.valid_to, kLastGinoJisshuDay) << e.code;
      EXPECT_FALSE(e.valid_from) << e.code;
    }
  }
  EXPECT_EQ(Entry("residence_status", "employment_for_skill_development").valid_from,
            kFirstIkuseiShuroDay);
  EXPECT_EQ(Entry("residence_status", "intra_company_transferee_2").valid_from,
            kFirstIkuseiShuroDay);
  EXPECT_FALSE(Entry("residence_status", "intra_company_transferee").valid_from);
}

TEST(BuiltInCodesTest, ResidenceStatusHasTheNonStatusValues) {
  std::vector<std::string> others;
  for (const CodeEntry& e : Catalog().Find("residence_status")->entries) {
    if (e.group == "在留資格以外") others.push_back(e.label);
  }
  EXPECT_EQ(others,
            (std::vector<std::string>{"特別永住者", "日本国籍（該当なし）", "日米地位協定該当者",
                                      "在留資格なし", "仮放免", "申請中", "不明"}));
  EXPECT_TRUE(Catalog().Validate("residence_status", "japanese_national", kToday, "x").ok());
}

TEST(BuiltInCodesTest, EveryEntryIsValidTodayExceptThoseThatStartLater) {
  for (const CodeList& list : Catalog().lists()) {
    for (const CodeEntry& e : list.entries) {
      const bool starts_later = e.valid_from && kToday < *e.valid_from;
      EXPECT_EQ(Catalog().IsValidOn(list.name, e.code, kToday), !starts_later)
          << list.name << "/" << e.code;
    }
  }
}

}  // namespace
}  // namespace yorisoi::domain
