#include "domain/users/password_policy.hpp"

#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

TEST(PasswordPolicyTest, AcceptsALongUnusualPassword) {
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("correct horse battery", "tanaka")));
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("kx7-Qp2!mZ4w", "tanaka")));  // exactly 12
}

TEST(PasswordPolicyTest, TooShort) {
  for (const char* p : {"", "short", "kx7-Qp2!mZ4"}) {  // 0, 5, 11 characters
    auto r = CheckPasswordPolicy(p, "tanaka");
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "password_too_short")) << p;
    EXPECT_EQ(r.error().field, "password");
  }
}

TEST(PasswordPolicyTest, LengthIsCountedInCodePoints) {
  // 12 characters but 36 bytes: long enough. 11 characters (33 bytes): too short.
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("春はあけぼのやうやう白く", "tanaka")));
  EXPECT_TRUE(IsError(CheckPasswordPolicy("春はあけぼのやうやう白", "tanaka"),
                      Errc::kInvalidArgument, "password_too_short"));
}

TEST(PasswordPolicyTest, TooLong) {
  EXPECT_TRUE(IsOk(CheckPasswordPolicy(std::string(127, 'a') + "b", "tanaka")));  // 128
  auto r = CheckPasswordPolicy(std::string(128, 'a') + "b", "tanaka");            // 129
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "too_long"));
  EXPECT_EQ(r.error().field, "password");
}

TEST(PasswordPolicyTest, RepeatedSingleCharacter) {
  auto r = CheckPasswordPolicy("aaaaaaaaaaaaaaaa", "tanaka");
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "password_too_weak"));
  EXPECT_EQ(r.error().field, "password");
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("aaaaaaaaaaaaaaab", "tanaka")));
}

TEST(PasswordPolicyTest, ContainsTheLoginInAnyCase) {
  for (const char* p : {"tanaka-password", "my-TANAKA-secret", "xxTaNaKaxxxxxx"}) {
    auto r = CheckPasswordPolicy(p, "tanaka");
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "password_too_weak")) << p;
    EXPECT_EQ(r.error().field, "password");
  }
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("tanaka-password", "")));  // no login: no login rule
}

TEST(PasswordPolicyTest, CommonPasswordsInAnyCase) {
  for (const char* p : {"password1234", "Password1234", "QWERTY123456", "administrator"}) {
    auto r = CheckPasswordPolicy(p, "tanaka");
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "password_too_weak")) << p;
    EXPECT_EQ(r.error().field, "password");
  }
}

TEST(PasswordPolicyTest, InvalidTextIsRefused) {
  EXPECT_TRUE(IsError(CheckPasswordPolicy("abcdefghijk\x01mn", "tanaka"), Errc::kInvalidArgument,
                      "control_character"));
  EXPECT_TRUE(IsError(CheckPasswordPolicy("abcdefghijkl\xFF", "tanaka"), Errc::kInvalidArgument,
                      "invalid_utf8"));
}

TEST(PasswordPolicyTest, ReportsTheGivenFieldName) {
  auto r = CheckPasswordPolicy("short", "tanaka", "new_password");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "new_password");
  auto weak = CheckPasswordPolicy("tanaka-tanaka", "tanaka", "new_password");
  ASSERT_TRUE(IsError(weak, Errc::kInvalidArgument, "password_too_weak"));
  EXPECT_EQ(weak.error().field, "new_password");
}

TEST(PasswordPolicyTest, NeverEchoesThePassword) {
  auto r = CheckPasswordPolicy("tanaka-secret-word", "tanaka");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("secret-word"), std::string::npos);
}

// Broke: the repeated-character rule compared bytes, so one Japanese character repeated passed.
TEST(PasswordPolicyTest, RepeatedMultibyteCharacterIsRefused) {
  auto r = CheckPasswordPolicy("ああああああああああああ", "tanaka");
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "password_too_weak"));
  EXPECT_EQ(r.error().field, "password");
  EXPECT_TRUE(IsOk(CheckPasswordPolicy("あいあいあいあいあいあい", "tanaka")));
}

}  // namespace
}  // namespace yorisoi::domain
