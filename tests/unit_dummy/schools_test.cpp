#include "dummy/schools.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "dummy/addresses.hpp"

namespace yorisoi::dummy {
namespace {

struct KindSuffix {
  const char* kind;
  std::vector<const char*> suffixes;
};

const std::vector<KindSuffix>& Kinds() {
  static const std::vector<KindSuffix> kinds = {
      {"nursery", {"保育園"}},
      {"certified_childcare_center", {"こども園", "学園"}},
      {"kindergarten", {"幼稚園"}},
      {"elementary_school", {"小学校", "初等部"}},
      {"junior_high_school", {"中学校"}},
      {"compulsory_education_school", {"学園"}},
      {"high_school", {"高等学校"}},
      {"special_needs_school", {"特別支援学校"}},
  };
  return kinds;
}

// Existing schools of 新宿区 and the 都立 high schools there (a sample): the generator must
// never produce them.
const char* const kRealNames[] = {
    "区立落合第一小学校", "区立落合第二小学校", "区立戸山小学校",       "区立大久保小学校",
    "区立四谷小学校",     "区立早稲田小学校",   "区立柏木小学校",       "区立天神小学校",
    "区立津久戸小学校",   "区立鶴巻小学校",     "区立牛込仲之小学校",   "区立市谷小学校",
    "区立富久小学校",     "区立花園小学校",     "区立東戸山小学校",     "区立戸塚第一小学校",
    "区立西新宿小学校",   "区立淀橋第四小学校", "区立新宿中学校",       "区立牛込第一中学校",
    "区立四谷中学校",     "区立西早稲田中学校", "区立落合中学校",       "区立西新宿中学校",
    "都立戸山高等学校",   "都立新宿高等学校",   "都立新宿山吹高等学校",
};

TEST(SchoolsTest, EveryKindHasDistinctFittingNames) {
  for (const char* tenant : {"shinjuku", "other"}) {
    const Ward& ward = WardFor(tenant);
    for (const auto& k : Kinds()) {
      const auto names = SchoolNames(tenant, k.kind);
      ASSERT_FALSE(names.empty()) << k.kind;
      std::set<std::string> distinct(names.begin(), names.end());
      EXPECT_EQ(distinct.size(), names.size()) << k.kind;
      for (const std::string& n : names) {
        bool suffix = false;
        for (const char* s : k.suffixes) suffix = suffix || n.ends_with(s);
        EXPECT_TRUE(suffix) << n;
        bool local = false;
        for (const auto place : ward.place_words) local = local || n.find(place) != n.npos;
        EXPECT_TRUE(local) << n;
        for (const char* real : kRealNames) EXPECT_NE(n, real);
      }
    }
  }
  EXPECT_NE(SchoolNames("shinjuku", "elementary_school")[0],
            SchoolNames("other", "elementary_school")[0]);
}

TEST(SchoolsTest, KindsWithoutAnInstitution) {
  EXPECT_TRUE(SchoolNames("shinjuku", "not_enrolled").empty());
  EXPECT_TRUE(SchoolNames("shinjuku", "other").empty());
  EXPECT_TRUE(SchoolNames("shinjuku", "unknown").empty());
  EXPECT_TRUE(SchoolNames("shinjuku", "no_such_kind").empty());
  Rng rng(31);
  EXPECT_EQ(PickSchool(rng, "shinjuku", "not_enrolled"), "");
}

TEST(SchoolsTest, PickIsDeterministicAndFromTheDirectory) {
  Rng a(32), b(32);
  const auto names = SchoolNames("shinjuku", "elementary_school");
  const std::set<std::string> directory(names.begin(), names.end());
  for (int i = 0; i < 100; ++i) {
    const auto x = PickSchool(a, "shinjuku", "elementary_school");
    EXPECT_EQ(x, PickSchool(b, "shinjuku", "elementary_school"));
    EXPECT_TRUE(directory.count(std::string(x)));
  }
}

}  // namespace
}  // namespace yorisoi::dummy
