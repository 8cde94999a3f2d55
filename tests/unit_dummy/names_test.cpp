#include "dummy/names.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

#include "domain/codes/code_list.hpp"
#include "ja/text.hpp"

namespace yorisoi::dummy {
namespace {

using domain::CodeCatalog;

std::set<std::pair<std::string, std::string>> Distinct(std::span<const NameEntry> entries) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : entries) out.emplace(e.written, e.reading);
  return out;
}

bool IsHiragana(const std::string& s) { return ja::ToHiragana(s) == s && ja::IsKanaReading(s); }

TEST(NamesTest, JapaneseTablesAreLargeEnoughAndDistinct) {
  EXPECT_GE(Distinct(JapaneseFamilyNames()).size(), 150u);
  EXPECT_EQ(Distinct(JapaneseFamilyNames()).size(), JapaneseFamilyNames().size());
  for (const Sex sex : {Sex::kMale, Sex::kFemale}) {
    EXPECT_GE(Distinct(JapaneseGivenNames(sex, NameEra::kChild)).size(), 100u);
    EXPECT_GE(Distinct(JapaneseGivenNames(sex, NameEra::kAdult)).size(), 60u);
  }
}

TEST(NamesTest, JapaneseReadingsAreHiragana) {
  auto check = [](std::span<const NameEntry> entries) {
    for (const auto& e : entries) {
      EXPECT_TRUE(IsHiragana(e.reading)) << e.written << " / " << e.reading;
      EXPECT_FALSE(e.written.empty());
      EXPECT_GT(e.weight, 0u);
    }
  };
  check(JapaneseFamilyNames());
  for (const Sex sex : {Sex::kMale, Sex::kFemale}) {
    check(JapaneseGivenNames(sex, NameEra::kChild));
    check(JapaneseGivenNames(sex, NameEra::kAdult));
  }
  // A few readings checked by hand.
  std::map<std::string, std::string> family;
  for (const auto& e : JapaneseFamilyNames()) family[e.written] = e.reading;
  EXPECT_EQ(family["佐藤"], "さとう");
  EXPECT_EQ(family["鈴木"], "すずき");
  EXPECT_EQ(family["高橋"], "たかはし");
  EXPECT_EQ(family["長谷川"], "はせがわ");
  EXPECT_EQ(family["五十嵐"], "いがらし");
}

TEST(NamesTest, FamilyNamesFollowFrequency) {
  Rng rng(11);
  std::map<std::string, int> counts;
  for (int i = 0; i < 50000; ++i) ++counts[MakeName(rng, "jp", Sex::kMale, 1985).family];
  EXPECT_GT(counts["佐藤"], counts["広瀬"] * 5);
  EXPECT_GT(counts.size(), 150u);
}

TEST(NamesTest, EraPicksTheGenerationsNames) {
  EXPECT_EQ(EraForBirthYear(2010), NameEra::kChild);
  EXPECT_EQ(EraForBirthYear(1975), NameEra::kAdult);
  Rng rng(12);
  std::set<std::string> child_names;
  for (const auto& e : JapaneseGivenNames(Sex::kFemale, NameEra::kChild)) {
    child_names.insert(e.written);
  }
  for (int i = 0; i < 200; ++i) {
    EXPECT_TRUE(child_names.count(MakeName(rng, "jp", Sex::kFemale, 2015).given));
  }
}

TEST(NamesTest, ForeignSetsCoverTheNationalities) {
  const auto& catalog = CodeCatalog::BuiltIn();
  std::set<std::string> codes;
  for (const auto& set : ForeignNameSets()) {
    codes.insert(set.nationality);
    EXPECT_TRUE(catalog.IsValidOn("nationality", set.nationality, core::Date{2026, 1, 1}));
    EXPECT_GE(Distinct(set.family).size(), 15u) << set.nationality;
    EXPECT_GE(Distinct(set.male).size(), 15u) << set.nationality;
    EXPECT_GE(Distinct(set.female).size(), 15u) << set.nationality;
    EXPECT_EQ(set.kanji, set.nationality == "cn" || set.nationality == "kr");
    for (const auto* list : {&set.family, &set.male, &set.female}) {
      for (const auto& e : *list) {
        EXPECT_TRUE(IsHiragana(e.reading)) << set.nationality << " " << e.written;
        if (set.kanji) {
          EXPECT_FALSE(ja::IsKanaReading(e.written)) << e.written;
        } else {
          // Katakana as written; the reading is the same letters in hiragana (checked with ICU).
          EXPECT_TRUE(ja::IsKanaReading(e.written)) << e.written;
          EXPECT_EQ(ja::ToKatakana(e.written), e.written) << e.written;
          EXPECT_EQ(ja::ToHiragana(e.written), e.reading) << e.written;
        }
      }
    }
  }
  for (const char* code :
       {"cn", "vn", "ph", "br", "np", "kr", "id", "mm", "us", "th", "pe", "in", "lk", "bd", "pk"}) {
    EXPECT_TRUE(codes.count(code)) << code;
    ASSERT_NE(ForeignNamesFor(code), nullptr);
    EXPECT_EQ(ForeignNamesFor(code)->nationality, code);
  }
  EXPECT_EQ(ForeignNamesFor("jp"), nullptr);
  EXPECT_EQ(ForeignNamesFor("xx"), nullptr);
}

TEST(NamesTest, KoreanAndChineseReadings) {
  std::map<std::string, std::string> kr, cn;
  for (const auto& e : ForeignNamesFor("kr")->family) kr[e.written] = e.reading;
  for (const auto& e : ForeignNamesFor("cn")->family) cn[e.written] = e.reading;
  EXPECT_EQ(kr["金"], "きむ");
  EXPECT_EQ(kr["朴"], "ぱく");
  EXPECT_EQ(cn["王"], "おう");
  EXPECT_EQ(cn["陳"], "ちん");
}

TEST(NamesTest, FullNamesUseAFullWidthSpace) {
  PersonName n{"山田", "花子", "やまだ", "はなこ"};
  EXPECT_EQ(n.Full(), "山田\u3000花子");
  EXPECT_EQ(n.FullKana(), "やまだ\u3000はなこ");
  Rng rng(13);
  const PersonName vn = MakeName(rng, "vn", Sex::kMale, 1990);
  EXPECT_EQ(vn.Full(), vn.family + "\u3000" + vn.given);
  EXPECT_TRUE(ja::IsKanaReading(vn.FullKana()));
}

TEST(NamesTest, KatakanaToHiragana) {
  EXPECT_EQ(KatakanaToHiragana("ヴァン\u3000ナム"), "ゔぁん\u3000なむ");
  EXPECT_EQ(KatakanaToHiragana("メアリー"), "めありー");
  EXPECT_EQ(KatakanaToHiragana("山田ヶ"), "山田ゖ");
  EXPECT_EQ(KatakanaToHiragana("abc"), "abc");
  EXPECT_EQ(KatakanaToHiragana(""), "");
}

TEST(NamesTest, NeverAFamousName) {
  EXPECT_TRUE(IsFamousName("木村", "拓哉"));
  EXPECT_FALSE(IsFamousName("木村", "花子"));
  Rng rng(14);
  for (int i = 0; i < 20000; ++i) {
    const Sex sex = i % 2 ? Sex::kMale : Sex::kFemale;
    const PersonName n = MakeName(rng, "jp", sex, 1960 + i % 60);
    ASSERT_FALSE(IsFamousName(n.family, n.given)) << n.Full();
    // 翼 is in the table and 本田 too; together they are never drawn.
    PersonName fixed{"本田", "", "ほんだ", ""};
    DrawGivenName(rng, "jp", Sex::kMale, 1990, fixed);
    ASSERT_NE(fixed.given, "翼");
  }
}

TEST(NamesTest, DrawFamilyNameKeepsTheGivenName) {
  Rng rng(15);
  PersonName n{"山田", "花子", "やまだ", "はなこ"};
  DrawFamilyName(rng, "ph", n);
  EXPECT_EQ(n.given, "花子");
  EXPECT_TRUE(ja::IsKanaReading(n.family));
  EXPECT_EQ(SexCode(Sex::kMale), "male");
  EXPECT_EQ(SexCode(Sex::kFemale), "female");
}

}  // namespace
}  // namespace yorisoi::dummy
