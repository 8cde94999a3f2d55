#include "dummy/people.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>
#include <string>

#include "domain/codes/code_list.hpp"
#include "dummy/schools.hpp"
#include "ja/school_year.hpp"
#include "ja/text.hpp"

namespace yorisoi::dummy {
namespace {

using domain::CodeCatalog;

using core::Date;

constexpr Date kToday{2026, 6, 15};

bool SamePerson(const DummyPerson& a, const DummyPerson& b) {
  return a.role == b.role && a.relationship == b.relationship && a.name == b.name &&
         a.name_kana == b.name_kana && a.sex == b.sex && a.birth_date == b.birth_date &&
         a.nationality == b.nationality && a.residence_status == b.residence_status &&
         a.address == b.address && a.affiliation_kind == b.affiliation_kind &&
         a.affiliation_name == b.affiliation_name && a.grade == b.grade &&
         a.workplace == b.workplace && a.health == b.health && a.clinic == b.clinic;
}

bool SameFamily(const DummyFamily& a, const DummyFamily& b) {
  if (a.structure != b.structure || a.principal != b.principal || a.foreign != b.foreign ||
      a.members.size() != b.members.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    if (!SamePerson(a.members[i], b.members[i])) return false;
  }
  return true;
}

int CountSpaces(const std::string& s) {
  int n = 0;
  for (std::size_t pos = s.find("\u3000"); pos != std::string::npos;
       pos = s.find("\u3000", pos + 1)) {
    ++n;
  }
  return n;
}

void ExpectValid(std::string_view list, const std::string& code, Date on) {
  const auto status = CodeCatalog::BuiltIn().Validate(list, code, on, list);
  EXPECT_TRUE(status.ok()) << list << "=" << code;
}

TEST(BirthDateForAgeTest, GivesExactlyThatAge) {
  Rng rng(41);
  for (const Date on :
       {Date{2024, 2, 29}, Date{2025, 3, 1}, Date{2026, 12, 31}, Date{2026, 1, 1}}) {
    for (int age = 0; age <= 80; ++age) {
      for (int i = 0; i < 20; ++i) {
        const Date b = BirthDateForAge(rng, on, age);
        ASSERT_TRUE(Date::IsValid(b.year, b.month, b.day));
        ASSERT_EQ(ja::AgeOn(b, on), age) << b.ToIso() << " " << on.ToIso();
      }
    }
  }
}

TEST(MakeFamilyTest, SameSeedSameFamiliesOtherSeedOthers) {
  Rng a(1234), b(1234), c(1235);
  int differ = 0;
  for (int i = 0; i < 300; ++i) {
    const DummyFamily fa = MakeFamily(a, "shinjuku", kToday);
    const DummyFamily fb = MakeFamily(b, "shinjuku", kToday);
    const DummyFamily fc = MakeFamily(c, "shinjuku", kToday);
    ASSERT_TRUE(SameFamily(fa, fb)) << i;
    if (!SameFamily(fa, fc)) ++differ;
  }
  EXPECT_EQ(differ, 300);
}

TEST(MakeFamilyTest, DrawsExactlyOneNumberFromTheCallersStream) {
  Rng rng(77);
  Rng reference(77);
  (void)MakeFamily(rng, "shinjuku", kToday);
  (void)reference.Next();
  EXPECT_EQ(rng.Next(), reference.Next());
  (void)MakeExpectantMother(rng, "shinjuku", kToday);
  (void)reference.Next();
  EXPECT_EQ(rng.Next(), reference.Next());
}

// The properties every generated family must have, over 10,000 families.
TEST(MakeFamilyTest, TenThousandFamiliesAreConsistent) {
  Rng rng(20260615);
  const auto& catalog = CodeCatalog::BuiltIn();
  std::array<int, 18> principal_ages{};
  std::array<int, 18> child_ages{};
  std::map<FamilyStructure, int> structures;
  std::set<std::string> nationalities;
  int foreign = 0;
  int nine_year_olds = 0;
  int children_total = 0;
  int shared_name = 0;
  std::set<std::string> child_kinds;
  constexpr int kFamilies = 10000;
  for (int f = 0; f < kFamilies; ++f) {
    const DummyFamily family = MakeFamily(rng, "shinjuku", kToday);
    ++structures[family.structure];
    ASSERT_FALSE(family.members.empty());
    ASSERT_LT(family.principal, family.members.size());
    const DummyPerson& self = family.members[family.principal];
    EXPECT_EQ(self.role, "child");
    EXPECT_EQ(self.relationship, "self");
    const int self_age = ja::AgeOn(self.birth_date, kToday);
    ASSERT_GE(self_age, 0);
    ASSERT_LE(self_age, 17);
    ++principal_ages[static_cast<std::size_t>(self_age)];

    int selves = 0, guardians = 0;
    bool any_foreign = false;
    const std::string address = family.members.front().address;
    EXPECT_NE(address.find("新宿区"), std::string::npos) << address;
    const std::string self_family = self.name.substr(0, self.name.find("\u3000"));
    for (const DummyPerson& p : family.members) {
      // Codes.
      ExpectValid("person_role", p.role, kToday);
      ExpectValid("relationship", p.relationship, kToday);
      ExpectValid("sex", p.sex, kToday);
      ExpectValid("nationality", p.nationality, kToday);
      ExpectValid("residence_status", p.residence_status, kToday);
      if (p.nationality == "jp") {
        EXPECT_EQ(p.residence_status, "japanese_national");
      } else {
        any_foreign = true;
        nationalities.insert(p.nationality);
        EXPECT_NE(p.residence_status, "japanese_national") << p.name;
        EXPECT_TRUE(catalog.IsValidOn("residence_status", p.residence_status, kToday));
      }
      // Names: family + U+3000 + given, the reading likewise and in kana.
      EXPECT_TRUE(ja::IsKanaReading(p.name_kana)) << p.name << " " << p.name_kana;
      EXPECT_GE(CountSpaces(p.name), 1) << p.name;
      EXPECT_EQ(CountSpaces(p.name), CountSpaces(p.name_kana)) << p.name << " " << p.name_kana;
      EXPECT_EQ(p.address, address);
      EXPECT_FALSE(p.health.empty());
      if (p.relationship == "self") ++selves;
      if (p.role == "guardian") ++guardians;

      if (p.role == "child") {
        ++children_total;
        const int age = ja::AgeOn(p.birth_date, kToday);
        ASSERT_GE(age, 0);
        ASSERT_LE(age, 17);
        ++child_ages[static_cast<std::size_t>(age)];
        if (p.name.substr(0, p.name.find("\u3000")) == self_family) ++shared_name;
        // 所属 and 学年 follow the birth date.
        const ja::SchoolGrade g = ja::GradeOn(p.birth_date, kToday);
        if (g.year <= -3 && (p.affiliation_kind == "nursery" ||
                             p.affiliation_kind == "certified_childcare_center")) {
          // Nurseries group the under-threes by age on 1 April.
          const int age_on_april_first = ja::AgeOn(p.birth_date, Date{2026, 4, 1});
          EXPECT_EQ(p.grade, std::to_string(std::max(0, age_on_april_first)) + "歳児クラス")
              << p.birth_date.ToIso();
        } else {
          EXPECT_EQ(p.grade, g.label_ja);
        }
        ExpectValid("affiliation_kind", p.affiliation_kind, kToday);
        child_kinds.insert(p.affiliation_kind);
        using Stage = ja::SchoolGrade::Stage;
        const std::string& k = p.affiliation_kind;
        switch (g.stage) {
          case Stage::kPreschool:
            EXPECT_TRUE(k == "not_enrolled" || k == "nursery" || k == "kindergarten" ||
                        k == "certified_childcare_center" || k == "special_needs_school")
                << k;
            if (g.year <= -3) {
              EXPECT_NE(k, "kindergarten");
            }
            break;
          case Stage::kElementary:
            EXPECT_TRUE(k == "elementary_school" || k == "special_needs_school" ||
                        k == "compulsory_education_school")
                << k;
            break;
          case Stage::kJuniorHigh:
            EXPECT_TRUE(k == "junior_high_school" || k == "special_needs_school" ||
                        k == "compulsory_education_school")
                << k;
            break;
          case Stage::kHighSchool:
            EXPECT_TRUE(k == "high_school" || k == "special_needs_school" || k == "other") << k;
            break;
          case Stage::kBeyond:
            ADD_FAILURE() << "a child beyond high school";
        }
        if (age == 9) {
          ++nine_year_olds;
          EXPECT_TRUE(p.grade == "小学3年" || p.grade == "小学4年") << p.grade;
        }
        const bool named = k != "not_enrolled" && k != "other";
        EXPECT_EQ(!p.affiliation_name.empty(), named) << k << " " << p.affiliation_name;
        if (named) {
          const auto dir = SchoolNames("shinjuku", k);
          EXPECT_NE(std::find(dir.begin(), dir.end(), p.affiliation_name), dir.end());
        }
      } else {
        EXPECT_TRUE(p.affiliation_kind.empty());
        EXPECT_TRUE(p.grade.empty());
        EXPECT_FALSE(p.workplace.empty()) << p.name;
        EXPECT_GE(ja::AgeOn(p.birth_date, kToday), 16) << p.relationship;  // teenage mothers occur
      }
    }
    EXPECT_EQ(selves, 1);
    EXPECT_GE(guardians, 1);
    EXPECT_LE(guardians, 2);
    EXPECT_EQ(family.foreign, any_foreign);
    if (any_foreign) ++foreign;

    // Parents (every guardian, and grandparents) are at least 15 years older than each child.
    for (const DummyPerson& adult : family.members) {
      const bool elder = adult.role == "guardian" || adult.relationship == "grandmother" ||
                         adult.relationship == "grandfather";
      if (!elder) continue;
      for (const DummyPerson& child : family.members) {
        if (child.role != "child") continue;
        EXPECT_GE(ja::AgeOn(adult.birth_date, child.birth_date), 15)
            << adult.relationship << " " << adult.birth_date.ToIso() << " "
            << child.birth_date.ToIso();
      }
    }
  }
  for (int age = 0; age <= 17; ++age) {
    EXPECT_GT(principal_ages[static_cast<std::size_t>(age)], kFamilies / 18 / 2) << age;
    EXPECT_GT(child_ages[static_cast<std::size_t>(age)], 0) << age;
  }
  EXPECT_EQ(structures.size(), 8u);  // every structure occurs
  EXPECT_GT(structures[FamilyStructure::kSingleMother],
            structures[FamilyStructure::kSingleFather] * 2);
  EXPECT_GT(foreign, kFamilies * 6 / 100);
  EXPECT_LT(foreign, kFamilies * 14 / 100);
  EXPECT_GE(nationalities.size(), 12u);
  EXPECT_GT(nine_year_olds, 100);
  EXPECT_GT(children_total, kFamilies * 3 / 2);
  EXPECT_GT(shared_name, children_total * 8 / 10);  // siblings share the family name
  for (const char* kind :
       {"not_enrolled", "nursery", "kindergarten", "certified_childcare_center",
        "elementary_school", "junior_high_school", "high_school", "special_needs_school"}) {
    EXPECT_TRUE(child_kinds.count(kind)) << kind;
  }
}

TEST(MakeFamilyTest, ForeignFamiliesHaveValidStatuses) {
  Rng rng(99);
  int foreign_families = 0;
  for (int f = 0; f < 3000; ++f) {
    const DummyFamily family = MakeFamily(rng, "shinjuku", kToday);
    if (!family.foreign) continue;
    ++foreign_families;
    for (const DummyPerson& p : family.members) {
      if (p.nationality == "jp") continue;
      EXPECT_TRUE(CodeCatalog::BuiltIn().IsValidOn("residence_status", p.residence_status, kToday));
      const auto* entry = CodeCatalog::BuiltIn().FindEntry("nationality", p.nationality);
      ASSERT_NE(entry, nullptr);
      // A katakana name reads letter for letter.
      if (p.nationality != "cn" && p.nationality != "kr") {
        EXPECT_EQ(ja::ToHiragana(p.name), p.name_kana) << p.name;
      }
    }
  }
  EXPECT_GT(foreign_families, 150);
}

TEST(MakeFamilyTest, OtherTenantsLiveInTheTestWard) {
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    const DummyFamily family = MakeFamily(rng, "demo", kToday);
    for (const auto& p : family.members) {
      EXPECT_NE(p.address.find("テスト区"), std::string::npos) << p.address;
      if (!p.affiliation_name.empty()) {
        const auto dir = SchoolNames("demo", p.affiliation_kind);
        EXPECT_NE(std::find(dir.begin(), dir.end(), p.affiliation_name), dir.end());
      }
    }
  }
}

TEST(MakeFamilyTest, AnyDateGivesValidCodes) {
  // Before and after the 2027-04-01 change of the residence-status list.
  for (const Date today : {Date{2027, 3, 31}, Date{2027, 4, 1}, Date{2030, 1, 1}}) {
    Rng rng(static_cast<uint64_t>(today.DaysSinceEpoch()));
    for (int i = 0; i < 500; ++i) {
      const DummyFamily family = MakeFamily(rng, "shinjuku", today);
      for (const auto& p : family.members) {
        ExpectValid("residence_status", p.residence_status, today);
        EXPECT_EQ(p.grade.empty(), p.role != "child");
      }
      const DummyPerson m = MakeExpectantMother(rng, "shinjuku", today);
      ExpectValid("residence_status", m.residence_status, today);
    }
  }
}

TEST(MakeExpectantMotherTest, Properties) {
  Rng rng(8);
  std::array<int, 46> ages{};
  int foreign = 0, interns = 0, school_age = 0;
  for (int i = 0; i < 3000; ++i) {
    const DummyPerson p = MakeExpectantMother(rng, "shinjuku", kToday);
    EXPECT_EQ(p.role, "expectant_mother");
    EXPECT_EQ(p.relationship, "self");
    EXPECT_EQ(p.sex, "female");
    const int age = ja::AgeOn(p.birth_date, kToday);
    ASSERT_GE(age, 15);
    ASSERT_LE(age, 45);
    ++ages[static_cast<std::size_t>(age)];
    EXPECT_TRUE(p.health.starts_with("妊娠")) << p.health;
    EXPECT_TRUE(ja::IsKanaReading(p.name_kana));
    EXPECT_NE(p.address.find("新宿区"), std::string::npos);
    ExpectValid("nationality", p.nationality, kToday);
    ExpectValid("residence_status", p.residence_status, kToday);
    if (p.nationality != "jp") ++foreign;
    if (p.residence_status.starts_with("technical_intern_training")) ++interns;
    if (!p.affiliation_kind.empty()) {
      ++school_age;
      ExpectValid("affiliation_kind", p.affiliation_kind, kToday);
      EXPECT_EQ(p.grade, ja::GradeOn(p.birth_date, kToday).label_ja);
    } else {
      EXPECT_FALSE(p.workplace.empty());
    }
  }
  EXPECT_GT(ages[15], 0);
  EXPECT_GT(ages[45], 0);
  EXPECT_GT(foreign, 200);
  EXPECT_GT(interns, 50);
  EXPECT_GT(school_age, 100);
}

TEST(FamilyStructureTest, Labels) {
  EXPECT_EQ(FamilyStructureLabel(FamilyStructure::kSingleMother), "母子世帯");
  EXPECT_EQ(FamilyStructureLabel(FamilyStructure::kGrandparents), "祖父母が養育");
}

}  // namespace
}  // namespace yorisoi::dummy
