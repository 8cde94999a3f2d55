#include "ja/calendar.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace yorisoi::ja {
namespace {

using core::Date;

TEST(WarekiTest, OrdinaryDate) {
  EXPECT_EQ(FormatWareki(Date{2025, 7, 1}), "令和7年7月1日");
  EXPECT_EQ(FormatWareki(Date{2025, 12, 31}), "令和7年12月31日");
  EXPECT_EQ(FormatWareki(Date{2000, 2, 29}), "平成12年2月29日");
}

TEST(WarekiTest, HeiseiToReiwa) {
  EXPECT_EQ(FormatWareki(Date{2019, 4, 30}), "平成31年4月30日");
  EXPECT_EQ(FormatWareki(Date{2019, 5, 1}), "令和元年5月1日");
  EXPECT_EQ(FormatWareki(Date{2019, 12, 31}), "令和元年12月31日");
  EXPECT_EQ(FormatWareki(Date{2020, 1, 1}), "令和2年1月1日");
}

TEST(WarekiTest, ShowaToHeisei) {
  EXPECT_EQ(FormatWareki(Date{1989, 1, 7}), "昭和64年1月7日");
  EXPECT_EQ(FormatWareki(Date{1989, 1, 8}), "平成元年1月8日");
}

TEST(WarekiTest, TaishoToShowa) {
  EXPECT_EQ(FormatWareki(Date{1926, 12, 24}), "大正15年12月24日");
  EXPECT_EQ(FormatWareki(Date{1926, 12, 25}), "昭和元年12月25日");
  EXPECT_EQ(FormatWareki(Date{1927, 1, 1}), "昭和2年1月1日");
}

TEST(WarekiTest, MeijiToTaisho) {
  EXPECT_EQ(FormatWareki(Date{1912, 7, 29}), "明治45年7月29日");
  EXPECT_EQ(FormatWareki(Date{1912, 7, 30}), "大正元年7月30日");
}

TEST(WarekiTest, BeforeTheGregorianCalendarInJapanIsIso) {
  EXPECT_EQ(FormatWareki(Date{1873, 1, 1}), "明治6年1月1日");
  EXPECT_EQ(FormatWareki(Date{1872, 12, 31}), "1872-12-31");
  EXPECT_EQ(FormatWarekiShort(Date{1873, 1, 1}), "M6.1.1");
  EXPECT_EQ(FormatWarekiShort(Date{1872, 12, 31}), "1872-12-31");
}

TEST(WarekiTest, InvalidDateIsEmpty) {
  EXPECT_EQ(FormatWareki(Date{2025, 2, 29}), "");
  EXPECT_EQ(FormatWarekiShort(Date{2025, 13, 1}), "");
}

TEST(WarekiShortTest, EraInitials) {
  EXPECT_EQ(FormatWarekiShort(Date{2025, 7, 1}), "R7.7.1");
  EXPECT_EQ(FormatWarekiShort(Date{2019, 4, 30}), "H31.4.30");
  EXPECT_EQ(FormatWarekiShort(Date{2019, 5, 1}), "R1.5.1");
  EXPECT_EQ(FormatWarekiShort(Date{1989, 1, 7}), "S64.1.7");
  EXPECT_EQ(FormatWarekiShort(Date{1989, 1, 8}), "H1.1.8");
  EXPECT_EQ(FormatWarekiShort(Date{1926, 12, 24}), "T15.12.24");
  EXPECT_EQ(FormatWarekiShort(Date{1926, 12, 25}), "S1.12.25");
  EXPECT_EQ(FormatWarekiShort(Date{1912, 7, 29}), "M45.7.29");
}

// ICU objects are cloned per thread on first use: every new thread must get a working instance
// and the same answers. (This catches a broken per-thread set-up; proving the absence of data
// races needs ThreadSanitizer, which the debug preset does not run.)
TEST(WarekiConcurrencyTest, WorksFromManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([t, &failures] {
      const bool odd = t % 2 == 1;
      for (int i = 0; i < 300; ++i) {
        const std::string got = FormatWareki(odd ? Date{2019, 5, 1} : Date{1989, 1, 7});
        if (got != (odd ? "令和元年5月1日" : "昭和64年1月7日")) ++failures[t];
        if (FormatWarekiShort(odd ? Date{2025, 7, 1} : Date{2019, 4, 30}) !=
            (odd ? "R7.7.1" : "H31.4.30")) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace yorisoi::ja
