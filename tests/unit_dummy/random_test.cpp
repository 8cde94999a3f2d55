#include "dummy/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

namespace yorisoi::dummy {
namespace {

// xoshiro256** seeded through SplitMix64, as published by its authors; the values were computed
// with an independent implementation. If they change, every generated data set changes.
TEST(RngTest, KnownAnswers) {
  Rng zero(0);
  EXPECT_EQ(zero.Next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(zero.Next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(zero.Next(), 0x1a5f849d4933e6e0ULL);
  Rng answer(42);
  EXPECT_EQ(answer.Next(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(answer.Next(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(answer.Next(), 0xae17533239e499a1ULL);
  EXPECT_EQ(HashLabel("names"), 0x62c0cbfaf11a98b6ULL);
  EXPECT_EQ(HashLabel(""), 0xf52a15e9a9b5e89bULL);
}

TEST(RngTest, SameSeedSameStreamDifferentSeedDifferent) {
  Rng a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs = differs || x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, UniformStaysInRangeAndCoversIt) {
  Rng rng(1);
  std::array<int, 6> counts{};
  constexpr int kDraws = 60000;
  for (int i = 0; i < kDraws; ++i) {
    const int v = rng.Uniform(1, 6);
    ASSERT_GE(v, 1);
    ASSERT_LE(v, 6);
    ++counts[static_cast<std::size_t>(v - 1)];
  }
  for (const int c : counts) {
    EXPECT_GT(c, kDraws / 6 * 95 / 100);
    EXPECT_LT(c, kDraws / 6 * 105 / 100);
  }
  EXPECT_EQ(rng.Uniform(5, 5), 5);
  EXPECT_EQ(rng.Uniform(-3, -3), -3);
  for (int i = 0; i < 1000; ++i) {
    const int v = rng.Uniform(-2, 2);
    EXPECT_GE(v, -2);
    EXPECT_LE(v, 2);
  }
  // The whole 64-bit range and its edges do not overflow.
  (void)rng.Uniform64(INT64_MIN, INT64_MAX);
  EXPECT_EQ(rng.Uniform64(INT64_MAX, INT64_MAX), INT64_MAX);
  EXPECT_EQ(rng.Uniform64(INT64_MIN, INT64_MIN), INT64_MIN);
}

TEST(RngTest, RealAndChance) {
  Rng rng(2);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) {
    const double r = rng.Real();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    if (rng.Chance(0.3)) ++hits;
    EXPECT_FALSE(rng.Chance(0.0));
    EXPECT_TRUE(rng.Chance(1.0));
  }
  EXPECT_GT(hits, 29000);
  EXPECT_LT(hits, 31000);
}

TEST(RngTest, ForkIsIndependentAndDoesNotAdvance) {
  Rng parent(3);
  Rng reference(3);
  Rng names = parent.Fork("names");
  Rng names_again = parent.Fork("names");
  Rng address = parent.Fork("address");
  EXPECT_EQ(parent.Next(), reference.Next());  // forking did not advance the parent
  bool differs = false;
  for (int i = 0; i < 50; ++i) {
    const uint64_t n = names.Next();
    EXPECT_EQ(n, names_again.Next());
    differs = differs || n != address.Next();
  }
  EXPECT_TRUE(differs);
  // A fork after the parent moved on is another stream.
  EXPECT_NE(parent.Fork("names").Next(), Rng(3).Fork("names").Next());
}

TEST(RngTest, PickCoversEveryElement) {
  Rng rng(4);
  constexpr std::string_view kItems[] = {"a", "b", "c", "d"};
  std::set<std::string_view> seen;
  for (int i = 0; i < 200; ++i) seen.insert(rng.Pick(kItems));
  EXPECT_EQ(seen.size(), 4u);
  const std::vector<int> v = {9};
  EXPECT_EQ(rng.Pick(v), 9);
}

TEST(RngTest, WeightedFollowsWeights) {
  Rng rng(5);
  constexpr WeightedItem<char> kItems[] = {{'a', 1}, {'b', 0}, {'c', 3}};
  int a = 0, c = 0;
  for (int i = 0; i < 40000; ++i) {
    const char x = rng.Weighted(kItems);
    ASSERT_NE(x, 'b');
    (x == 'a' ? a : c)++;
  }
  EXPECT_GT(a, 9500);
  EXPECT_LT(a, 10500);
  EXPECT_EQ(a + c, 40000);

  const std::array<uint32_t, 4> weights = {0, 2, 0, 2};
  std::array<int, 4> idx{};
  for (int i = 0; i < 10000; ++i) ++idx[rng.WeightedIndex(weights)];
  EXPECT_EQ(idx[0], 0);
  EXPECT_EQ(idx[2], 0);
  EXPECT_GT(idx[1], 4700);
  EXPECT_GT(idx[3], 4700);

  const WeightedTable table(weights);
  EXPECT_EQ(table.size(), 4u);
  std::array<int, 4> tab{};
  for (int i = 0; i < 10000; ++i) ++tab[table.Sample(rng)];
  EXPECT_EQ(tab[0], 0);
  EXPECT_EQ(tab[2], 0);
  EXPECT_GT(tab[1], 4700);
  EXPECT_GT(tab[3], 4700);
}

}  // namespace
}  // namespace yorisoi::dummy
