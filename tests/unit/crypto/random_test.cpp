#include "crypto/random.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"

namespace yorisoi::crypto {
namespace {

TEST(RandomTest, InitCryptoIsIdempotent) {
  InitCrypto();
  InitCrypto();
  EXPECT_EQ(RandomBytes(16).size(), 16u);
}

TEST(RandomTest, RandomBytesLengthAndVariety) {
  EXPECT_EQ(RandomBytes(0).size(), 0u);
  EXPECT_EQ(RandomBytes(33).size(), 33u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomTest, NewIdShape) {
  const std::string id = NewId("usr");
  ASSERT_EQ(id.size(), 4u + 24u) << id;
  EXPECT_EQ(id.substr(0, 4), "usr_");
  const std::string hex = id.substr(4);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_TRUE(HexDecode(hex).has_value());
}

TEST(RandomTest, NewIdsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewId("ses"));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomTest, RandomTokenShape) {
  const std::string t = RandomToken();  // 32 bytes -> 43 base64url characters
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << t;
  const auto raw = Base64UrlDecode(t);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->size(), 32u);
  EXPECT_EQ(RandomToken(18).size(), 24u);
}

TEST(RandomTest, RandomTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomToken());
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace yorisoi::crypto
