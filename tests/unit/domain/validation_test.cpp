#include "domain/validation.hpp"

#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("新宿区"), 3u);              // 9 bytes
  EXPECT_EQ(CodePointCount("子ども総合センター"), 9u);  // 27 bytes
  EXPECT_EQ(CodePointCount("é"), 1u);                   // 2 bytes
  EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80"), 1u);    // U+1F600, 4 bytes
  EXPECT_EQ(CodePointCount("a新b"), 3u);
}

TEST(ValidateTextTest, JapaneseLengthIsInCodePoints) {
  EXPECT_TRUE(IsOk(ValidateText("name", "新宿区", 1, 3)));
  EXPECT_TRUE(IsOk(ValidateText("name", "新宿区", 3, 3)));
  auto too_long = ValidateText("name", "新宿区", 1, 2);
  ASSERT_TRUE(IsError(too_long, Errc::kInvalidArgument, "too_long"));
  EXPECT_EQ(too_long.error().field, "name");
  auto too_short = ValidateText("name", "新宿区", 4, 10);
  ASSERT_TRUE(IsError(too_short, Errc::kInvalidArgument, "too_short"));
  EXPECT_EQ(too_short.error().field, "name");
}

TEST(ValidateTextTest, EmptyIsRequiredWhenMinIsOne) {
  auto r = ValidateText("title", "", 1, 100);
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(r.error().field, "title");
  EXPECT_TRUE(IsOk(ValidateText("note", "", 0, 100)));
}

TEST(ValidateTextTest, RejectsInvalidUtf8) {
  const char* invalid[] = {
      "\xFF",              // never valid
      "abc\x80",           // lone continuation byte
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, 3 bytes
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xE6\x96",          // truncated 新
      "\xF0\x9F\x98",      // truncated 4-byte
  };
  for (const char* s : invalid) {
    auto r = ValidateText("name", s, 0, 100);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_utf8")) << testing::PrintToString(s);
    EXPECT_EQ(r.error().field, "name");
  }
}

TEST(ValidateTextTest, RejectsControlCharacters) {
  const std::string controls[] = {std::string("a\0b", 3),       "a\x01", "a\x1B[31m", "a\x7F",
                                  "a\xC2\x85" /* U+0085 NEL */, "a\nb",  "a\tb",      "a\rb"};
  for (const auto& s : controls) {
    auto r = ValidateText("name", s, 0, 100);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "control_character"))
        << testing::PrintToString(s);
    EXPECT_EQ(r.error().field, "name");
  }
}

TEST(ValidateTextTest, MultilineAllowsTabNewlineCarriageReturnOnly) {
  EXPECT_TRUE(IsOk(ValidateText("note", "一行目\n二行目\r\n\t字下げ", 0, 100, true)));
  EXPECT_TRUE(IsError(ValidateText("note", "a\x01", 0, 100, true), Errc::kInvalidArgument,
                      "control_character"));
  EXPECT_TRUE(IsError(ValidateText("note", "a\x7F", 0, 100, true), Errc::kInvalidArgument,
                      "control_character"));
}

TEST(ValidateTextTest, AllowsOrdinaryTextAndEmoji) {
  EXPECT_TRUE(IsOk(ValidateText("name", "山田 太郎", 1, 100)));
  EXPECT_TRUE(IsOk(ValidateText("name", "Zoë \xF0\x9F\x98\x80", 1, 100)));
  EXPECT_TRUE(IsOk(ValidateText("name",
                                "a\xC2\xA0"
                                "b",
                                1, 100)));                      // U+00A0 is not a control
  EXPECT_TRUE(IsOk(ValidateText("name", "　山田　", 1, 100)));  // spaces around a name are text
}

// Issue 15: a name of one full-width space 「　」 was accepted as a required 氏名.
TEST(ValidateTextTest, BlankOnlyTextIsRefusedNamingTheField) {
  const std::string blanks[] = {
      " ",
      "   ",
      "\xE3\x80\x80",              // U+3000 ideographic space 「　」
      "\xE3\x80\x80\xE3\x80\x80",  // two of them
      "\xC2\xA0",                  // U+00A0 NBSP
      "\xE2\x80\x83",              // U+2003 em space
      "\xE2\x80\x8B",              // U+200B zero width space
      "\xE2\x80\xAF",              // U+202F narrow NBSP
      "\xEF\xBB\xBF",              // U+FEFF
      " \xE3\x80\x80\xC2\xA0",     // mixed widths
  };
  for (const auto& s : blanks) {
    for (const std::size_t min_len : {std::size_t{0}, std::size_t{1}}) {
      auto r = ValidateText("name", s, min_len, 100);
      ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "blank")) << testing::PrintToString(s);
      EXPECT_EQ(r.error().field, "name");
    }
  }
  // Multiline text of tabs and line breaks alone is blank too.
  EXPECT_TRUE(IsError(ValidateText("body", "\n\t\r\n \xE3\x80\x80", 1, 100, /*multiline=*/true),
                      Errc::kInvalidArgument, "blank"));
  // A tab in single-line text stays a control character (checked first).
  EXPECT_TRUE(
      IsError(ValidateText("name", "\t", 1, 100), Errc::kInvalidArgument, "control_character"));
  // Empty optional text is still fine; empty required text is still `required`.
  EXPECT_TRUE(IsOk(ValidateText("name", "", 0, 100)));
  EXPECT_TRUE(IsError(ValidateText("name", "", 1, 100), Errc::kInvalidArgument, "required"));
}

TEST(ValidateTextTest, ErrorsDoNotEchoTheValue) {
  auto r = ValidateText("name", "秘密の名前", 1, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("秘密"), std::string::npos);
}

}  // namespace
}  // namespace yorisoi::domain
