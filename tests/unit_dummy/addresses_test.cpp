#include "dummy/addresses.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace yorisoi::dummy {
namespace {

const Town* TownOf(const Ward& ward, std::string_view rest) {
  const Town* best = nullptr;
  for (const Town& t : ward.towns) {  // the longest matching name (市谷 vs 市谷田町, 新宿 vs ...)
    if (rest.starts_with(t.name) && (best == nullptr || t.name.size() > best->name.size())) {
      best = &t;
    }
  }
  return best;
}

TEST(AddressesTest, ShinjukuHasItsRealTowns) {
  const Ward& ward = WardFor("shinjuku");
  EXPECT_EQ(ward.prefecture, "東京都");
  EXPECT_EQ(ward.name, "新宿区");
  EXPECT_GE(ward.towns.size(), 40u);
  std::set<std::string_view> names;
  for (const Town& t : ward.towns) {
    EXPECT_TRUE(names.insert(t.name).second) << t.name;
    EXPECT_GE(t.max_block, 1);
    EXPECT_GE(t.max_chome, 0);
    EXPECT_LE(t.max_chome, 8);
  }
  for (const char* town : {"西新宿", "高田馬場", "大久保", "百人町", "歌舞伎町", "四谷", "信濃町",
                           "神楽坂", "早稲田鶴巻町", "中落合", "北新宿"}) {
    EXPECT_TRUE(names.count(town)) << town;
  }
  EXPECT_EQ(ward.town_sampler.size(), ward.towns.size());
}

TEST(AddressesTest, OtherTenantsGetTheTestWard) {
  EXPECT_EQ(WardFor("minato").name, "テスト区");
  EXPECT_EQ(WardFor("").name, "テスト区");
  Rng rng(21);
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(MakeAddress(rng, WardFor("demo")).starts_with("東京都テスト区"));
  }
}

TEST(AddressesTest, AddressesAreWellFormed) {
  const Ward& ward = WardFor("shinjuku");
  Rng rng(22);
  std::set<std::string_view> towns_seen;
  int with_building = 0;
  constexpr int kCount = 5000;
  for (int i = 0; i < kCount; ++i) {
    const std::string a = MakeAddress(rng, ward);
    ASSERT_TRUE(a.starts_with("東京都新宿区")) << a;
    const std::string_view rest =
        std::string_view(a).substr(std::string_view("東京都新宿区").size());
    const Town* town = TownOf(ward, rest);
    ASSERT_NE(town, nullptr) << a;
    towns_seen.insert(town->name);
    const std::string_view after = rest.substr(town->name.size());
    if (town->max_chome > 0) {
      bool chome_ok = false;
      for (int c = 1; c <= town->max_chome; ++c) {
        if (after.starts_with(KanjiNumeral(c) + "丁目")) chome_ok = true;
      }
      EXPECT_TRUE(chome_ok) << a;
      EXPECT_NE(a.find("番"), std::string::npos) << a;
      EXPECT_NE(a.find("号"), std::string::npos) << a;
    } else {
      EXPECT_NE(a.find("番地"), std::string::npos) << a;
      EXPECT_EQ(a.find("丁目"), std::string::npos) << a;
    }
    if (a.find("\u3000") != std::string::npos) ++with_building;
    EXPECT_EQ(a.find("〒"), std::string::npos);
  }
  EXPECT_GE(towns_seen.size(), 40u);
  EXPECT_GT(with_building, kCount / 2);
  EXPECT_LT(with_building, kCount);
}

TEST(AddressesTest, Deterministic) {
  Rng a(23), b(23);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(MakeAddress(a, WardFor("shinjuku")), MakeAddress(b, WardFor("shinjuku")));
  }
  Rng c(24);
  EXPECT_FALSE(MakeBuildingName(c, WardFor("shinjuku")).empty());
}

TEST(AddressesTest, KanjiNumerals) {
  EXPECT_EQ(KanjiNumeral(1), "一");
  EXPECT_EQ(KanjiNumeral(8), "八");
  EXPECT_EQ(KanjiNumeral(10), "十");
  EXPECT_EQ(KanjiNumeral(12), "12");
}

}  // namespace
}  // namespace yorisoi::dummy
