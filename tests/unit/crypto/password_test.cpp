#include "crypto/password.hpp"

#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::crypto {
namespace {

using testing_support::IsOk;

// One hash for the whole suite: argon2id at the interactive level costs ~0.1 s.
class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto h = HashPassword("correct horse battery staple");
    ASSERT_TRUE(IsOk(h));
    hash_ = new std::string(*h);
  }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(hash_, nullptr); }
  static const std::string& hash() { return *hash_; }

 private:
  static std::string* hash_;
};
std::string* PasswordTest::hash_ = nullptr;

TEST_F(PasswordTest, EncodedAsArgon2id) {
  EXPECT_EQ(hash().rfind("$argon2id$v=19$", 0), 0u) << hash();
  EXPECT_EQ(hash().find("correct"), std::string::npos);
}

TEST_F(PasswordTest, VerifiesTheRightPassword) {
  EXPECT_TRUE(VerifyPassword(hash(), "correct horse battery staple"));
}

TEST_F(PasswordTest, RefusesAWrongPassword) {
  EXPECT_FALSE(VerifyPassword(hash(), "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(hash(), "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash(), ""));
}

TEST_F(PasswordTest, MalformedHashIsFalseNotACrash) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$", "x"));
  EXPECT_FALSE(VerifyPassword("not a hash at all", "x"));
  EXPECT_FALSE(VerifyPassword(hash().substr(0, hash().size() / 2), "correct horse battery staple"));
  // A different algorithm prefix is refused even when the rest is valid.
  std::string argon2i = hash();
  argon2i.replace(0, 10, "$argon2i$");
  EXPECT_FALSE(VerifyPassword(argon2i, "correct horse battery staple"));
}

TEST_F(PasswordTest, TamperedHashDoesNotVerify) {
  std::string tampered = hash();
  char& last = tampered[tampered.size() - 2];
  last = last == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(tampered, "correct horse battery staple"));
}

TEST_F(PasswordTest, NoRehashAtTheSameCostRehashAtAnother) {
  EXPECT_FALSE(PasswordNeedsRehash(hash()));
  const PasswordHashCost stronger{PasswordHashCost::Interactive().ops_limit + 1,
                                  PasswordHashCost::Interactive().mem_limit};
  EXPECT_TRUE(PasswordNeedsRehash(hash(), stronger));
}

TEST(PasswordSaltTest, SamePasswordHashesDifferently) {
  // A cheap cost keeps this fast; the salt makes the two encodings differ.
  const PasswordHashCost cheap{1, 8192};
  auto a = HashPassword("same password here", cheap);
  auto b = HashPassword("same password here", cheap);
  ASSERT_TRUE(IsOk(a));
  ASSERT_TRUE(IsOk(b));
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, "same password here"));
  EXPECT_TRUE(VerifyPassword(*b, "same password here"));
}

}  // namespace
}  // namespace yorisoi::crypto
