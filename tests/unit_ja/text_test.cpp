#include "ja/text.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace yorisoi::ja {
namespace {

// Ill-formed UTF-8 samples: stray continuation, truncated sequence, overlong '/', encoded
// surrogate U+D800, above U+10FFFF, a lone 0xFF after valid text.
const std::vector<std::string> kIllFormed = {
    "\x80", "\xE3\x81", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE3\x82\xA2\xFF",
};

TEST(NormalizeForSearchTest, NameSpellingsMeet) {
  const std::string expected = "やまだたろう";
  EXPECT_EQ(NormalizeForSearch("ヤマダ　タロウ"), expected);  // U+3000 between
  EXPECT_EQ(NormalizeForSearch("やまだたろう"), expected);
  EXPECT_EQ(NormalizeForSearch("ﾔﾏﾀﾞ ﾀﾛｳ"), expected);
  EXPECT_EQ(NormalizeForSearch("  ヤマダ\tタロウ\n"), expected);
  EXPECT_EQ(NormalizeForSearch("やま\u00A0だ\u2003たろう"), expected);  // NBSP, EM SPACE
}

TEST(NormalizeForSearchTest, HalfWidthKanaAndVoicedMarks) {
  EXPECT_EQ(NormalizeForSearch("ｶﾀｶﾅ"), "かたかな");
  EXPECT_EQ(NormalizeForSearch("ﾀﾞ"), "だ");
  EXPECT_EQ(NormalizeForSearch("ﾊﾟﾋﾟﾌﾟ"), "ぱぴぷ");
  EXPECT_EQ(NormalizeForSearch("ｳﾞｧｲｵﾘﾝ"), "ゔぁいおりん");
  // A spacing voiced mark (U+309B) as typed by old systems joins its kana.
  EXPECT_EQ(NormalizeForSearch("か゛"), "が");
  // A combining mark (U+3099) after a precomposable kana gives the precomposed one.
  EXPECT_EQ(NormalizeForSearch("カ\u3099"), "が");
}

TEST(NormalizeForSearchTest, LatinAndDigits) {
  EXPECT_EQ(NormalizeForSearch("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(NormalizeForSearch("Yamada Taro"), "yamadataro");
  EXPECT_EQ(NormalizeForSearch("ﾔﾏﾀﾞ Ｔａｒｏ ＪＲ"), "やまだtarojr");
  EXPECT_EQ(NormalizeForSearch("Straße"), "strasse");  // full case folding
}

TEST(NormalizeForSearchTest, KanjiKeptProlongedMarkKept) {
  EXPECT_EQ(NormalizeForSearch("山田　太郎"), "山田太郎");
  EXPECT_EQ(NormalizeForSearch("ユーコ"), "ゆーこ");
  EXPECT_EQ(NormalizeForSearch("ﾕｰｺ"), "ゆーこ");
  EXPECT_EQ(NormalizeForSearch("ゆーこ"), "ゆーこ");
  EXPECT_NE(NormalizeForSearch("ユーコ"), NormalizeForSearch("ゆうこ"));
}

TEST(NormalizeForSearchTest, InvisibleCharactersDropped) {
  EXPECT_EQ(NormalizeForSearch("やま\u200Bだ"), "やまだ");  // ZERO WIDTH SPACE
  EXPECT_EQ(NormalizeForSearch("やま\u00ADだ"), "やまだ");  // SOFT HYPHEN
}

TEST(NormalizeForSearchTest, Idempotent) {
  for (const char* s :
       {"ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "ＡＢＣ１２３", "か゛", "ヷ", "ﾕｰｺ", "山田 ﾀﾛｳ"}) {
    const std::string once = NormalizeForSearch(s);
    EXPECT_EQ(NormalizeForSearch(once), once) << s;
  }
}

TEST(NormalizeForSearchTest, EmptyAndIllFormed) {
  EXPECT_EQ(NormalizeForSearch(""), "");
  EXPECT_EQ(NormalizeForSearch(" \u3000 "), "");
  for (const std::string& bad : kIllFormed) EXPECT_EQ(NormalizeForSearch(bad), "");
}

TEST(KanaConversionTest, ToHiragana) {
  EXPECT_EQ(ToHiragana("カタカナ"), "かたかな");
  EXPECT_EQ(ToHiragana("ｶﾀｶﾅ"), "かたかな");
  EXPECT_EQ(ToHiragana("ﾀﾞ"), "だ");
  EXPECT_EQ(ToHiragana("ヤマダ　タロウ"), "やまだ　たろう");  // spaces are kept
  EXPECT_EQ(ToHiragana("コーヒー"), "こーひー");
  EXPECT_EQ(ToHiragana("ｺｰﾋｰ"), "こーひー");
  EXPECT_EQ(ToHiragana("ヴ"), "ゔ");
  EXPECT_EQ(ToHiragana("ヵヶ"), "かけ");  // ICU's choice for the small forms
  EXPECT_EQ(ToHiragana("山田 ＡＢＣ abc 123"), "山田 ＡＢＣ abc 123");
  EXPECT_EQ(ToHiragana("ひらがな"), "ひらがな");
  EXPECT_EQ(ToHiragana(""), "");
  for (const std::string& bad : kIllFormed) EXPECT_EQ(ToHiragana(bad), "");
}

TEST(KanaConversionTest, ToKatakana) {
  EXPECT_EQ(ToKatakana("ひらがな"), "ヒラガナ");
  EXPECT_EQ(ToKatakana("やまだ　たろう"), "ヤマダ　タロウ");
  EXPECT_EQ(ToKatakana("こーひー"), "コーヒー");
  EXPECT_EQ(ToKatakana("ゔ"), "ヴ");
  EXPECT_EQ(ToKatakana("ﾀﾞ"), "ダ");  // half-width becomes full-width
  EXPECT_EQ(ToKatakana("カタカナ"), "カタカナ");
  EXPECT_EQ(ToKatakana("山田 abc"), "山田 abc");
  EXPECT_EQ(ToKatakana(""), "");
  for (const std::string& bad : kIllFormed) EXPECT_EQ(ToKatakana(bad), "");
}

TEST(KanaConversionTest, RoundTrip) {
  for (const char* s : {"やまだたろう", "こーひー", "ぎゅうにゅう", "っぁぃぅぇぉゃゅょゎ"}) {
    EXPECT_EQ(ToHiragana(ToKatakana(s)), s);
  }
}

TEST(IsKanaReadingTest, Accepts) {
  EXPECT_TRUE(IsKanaReading("やまだ たろう"));
  EXPECT_TRUE(IsKanaReading("ヤマダ　タロウ"));
  EXPECT_TRUE(IsKanaReading("ﾔﾏﾀﾞ ﾀﾛｳ"));
  EXPECT_TRUE(IsKanaReading("ジョン・スミス"));
  EXPECT_TRUE(IsKanaReading("ｼﾞｮﾝ･ｽﾐｽ"));  // half-width middle dot
  EXPECT_TRUE(IsKanaReading("ユーコ"));
  EXPECT_TRUE(IsKanaReading("ゔぁ ヴァ ゝヽ"));
  EXPECT_TRUE(IsKanaReading("あ\u3099"));  // combining mark with no precomposed form
}

TEST(IsKanaReadingTest, Rejects) {
  EXPECT_FALSE(IsKanaReading(""));
  EXPECT_FALSE(IsKanaReading("   "));
  EXPECT_FALSE(IsKanaReading("ー・"));  // marks alone are not a reading
  EXPECT_FALSE(IsKanaReading("山田"));
  EXPECT_FALSE(IsKanaReading("やまだ 太郎"));
  EXPECT_FALSE(IsKanaReading("yamada"));
  EXPECT_FALSE(IsKanaReading("やまだ taro"));
  EXPECT_FALSE(IsKanaReading("ｙａｍａｄａ"));
  EXPECT_FALSE(IsKanaReading("やまだ1"));
  EXPECT_FALSE(IsKanaReading("やまだ。"));
  EXPECT_FALSE(IsKanaReading("やまだ々"));
  for (const std::string& bad : kIllFormed) EXPECT_FALSE(IsKanaReading(bad));
}

int Sign(int v) { return (v > 0) - (v < 0); }

TEST(CollationTest, GojuonOrder) {
  EXPECT_LT(CompareJapanese("あいだ", "いとう"), 0);
  EXPECT_LT(CompareJapanese("いとう", "かとう"), 0);
  EXPECT_LT(CompareJapanese("あいだ", "かとう"), 0);
  EXPECT_GT(CompareJapanese("かとう", "あいだ"), 0);
  EXPECT_LT(CompareJapanese("さとう", "すずき"), 0);
  EXPECT_LT(CompareJapanese("わだ", "ん"), 0);
  EXPECT_EQ(CompareJapanese("", ""), 0);
  EXPECT_LT(CompareJapanese("", "あ"), 0);
}

TEST(CollationTest, WhatIcuJaDoesWithScriptsAndMarks) {
  // Same reading in hiragana and katakana: equal at the ja collator's (tertiary) strength.
  EXPECT_EQ(CompareJapanese("やまだ", "ヤマダ"), 0);
  EXPECT_EQ(CollationKey("やまだ"), CollationKey("ヤマダ"));
  // Half-width katakana: right after the full-width spelling, before the next reading.
  EXPECT_LT(CompareJapanese("ヤマダ", "ﾔﾏﾀﾞ"), 0);
  EXPECT_LT(CompareJapanese("ﾔﾏﾀﾞ", "やまだあ"), 0);
  // Unvoiced before voiced; 清音 < 濁音 < 半濁音.
  EXPECT_LT(CompareJapanese("やまた", "やまだ"), 0);
  EXPECT_LT(CompareJapanese("は", "ば"), 0);
  EXPECT_LT(CompareJapanese("ば", "ぱ"), 0);
  EXPECT_LT(CompareJapanese("ばか", "はき"), 0);  // the difference is secondary only
  // Kanji after kana.
  EXPECT_GT(CompareJapanese("山田", "やまだ"), 0);
  // Canonically equivalent spellings are equal.
  EXPECT_EQ(CompareJapanese("が", "か\u3099"), 0);
}

TEST(CollationTest, IllFormedSortsFirst) {
  for (const std::string& bad : kIllFormed) {
    EXPECT_LT(CompareJapanese(bad, ""), 0);
    EXPECT_GT(CompareJapanese("あ", bad), 0);
    EXPECT_EQ(CompareJapanese(bad, kIllFormed[0]), 0);
    EXPECT_EQ(CollationKey(bad), "");
  }
  EXPECT_FALSE(CollationKey("").empty());
}

TEST(CollationTest, KeysAreLowercaseHexAndOrderLikeCompare) {
  const std::vector<std::string> names = {
      "かとう", "カトウ", "ｶﾄｳ",           "あいだ",       "いとう", "いどう", "山田",
      "やまだ", "ヤマダ", "やまだ たろう", "やまだたろう", "ＡＢＣ", "abc",    "ABC",
      "",       "ん",     "ゔぁ",          "ー",           "すずき", "鈴木",   "さとう",
      "サトウ", "佐藤",   "はやし",        "ばやし",       "ぱやし"};
  for (const std::string& n : names) {
    const std::string key = CollationKey(n);
    EXPECT_FALSE(key.empty()) << n;
    EXPECT_EQ(key.size() % 2, 0u) << n;
    EXPECT_TRUE(std::all_of(key.begin(), key.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    })) << n;
  }
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      EXPECT_EQ(Sign(CollationKey(a).compare(CollationKey(b))), Sign(CompareJapanese(a, b)))
          << a << " vs " << b;
      EXPECT_EQ(Sign(CompareJapanese(a, b)), -Sign(CompareJapanese(b, a))) << a << " vs " << b;
    }
  }
}

TEST(CollationTest, SortsAListOfNames) {
  std::vector<std::string> names = {"かとう", "イトウ", "あいだ", "さとう", "ｱｲｶﾜ", "あべ"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return CompareJapanese(a, b) < 0; });
  EXPECT_EQ(names,
            (std::vector<std::string>{"ｱｲｶﾜ", "あいだ", "あべ", "イトウ", "かとう", "さとう"}));
}

// ICU objects are cloned per thread on first use: every new thread must get a working instance
// and the same answers. (This catches a broken per-thread set-up; proving the absence of data
// races needs ThreadSanitizer, which the debug preset does not run.)
TEST(TextConcurrencyTest, WorksFromManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 200; ++i) {
        if (NormalizeForSearch("ﾔﾏﾀﾞ　ﾀﾛｳ") != "やまだたろう") ++failures[t];
        if (ToKatakana("やまだ") != "ヤマダ") ++failures[t];
        if (ToHiragana("コーヒー") != "こーひー") ++failures[t];
        if (CompareJapanese("あいだ", "いとう") >= 0) ++failures[t];
        if (CollationKey("やまだ") != CollationKey("ヤマダ")) ++failures[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace yorisoi::ja
