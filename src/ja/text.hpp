// Japanese text helpers for names and readings (ふりがな): search normalisation, kana conversion,
// and sorting in Japanese order. Backed by ICU (normaliser, transliterators, the "ja" collator);
// no conversion table is written by hand here.
//
// All functions take and return UTF-8. Ill-formed UTF-8 (stray or truncated sequences, overlongs,
// encoded surrogates) is never "repaired": the string functions return "", IsKanaReading returns
// false, and the collation functions order it as described below. None of them throws on input.
//
// Thread-safety: every function may be called concurrently from any thread. ICU objects are built
// once per process and cloned once per calling thread (no lock on the hot path).
#pragma once

#include <string>
#include <string_view>

namespace yorisoi::ja {

// The form under which names are stored for search and compared with search input, so that
// "ヤマダ　タロウ", "やまだたろう" and "ﾔﾏﾀﾞ ﾀﾛｳ" all give "やまだたろう". In order:
//   1. NFKC with case folding (ICU's NFKC_Casefold): half-width kana become full-width and
//      voiced marks join their kana ("ﾀﾞ" → "ダ"), full-width Latin and digits become ASCII,
//      Latin is lower-cased ("ＡＢＣ１２３" → "abc123"), default-ignorable characters such as
//      U+200B ZERO WIDTH SPACE disappear.
//   2. Katakana → hiragana (as ToHiragana: the prolonged sound mark ー is kept as ー).
//   3. Every White_Space character is removed (U+0020, U+3000 IDEOGRAPHIC SPACE, tabs, NBSP...).
// Kanji are left as they are (the reading is a separate field). Ill-formed UTF-8 → "".
std::string NormalizeForSearch(std::string_view utf8);

// Katakana (full- or half-width) → hiragana with ICU's "Katakana-Hiragana" transliterator, except
// that the prolonged sound mark stays ー ("コーヒー" → "こーひー"; ICU alone would guess a vowel,
// "こおひい", which is often wrong for names: "トーマ" is とうま). Half-width ｰ becomes ー. Small
// ヵ/ヶ become か/け (ICU's choice). Everything else is unchanged. Ill-formed UTF-8 → "".
std::string ToHiragana(std::string_view utf8);

// Hiragana → katakana with ICU's "Hiragana-Katakana" transliterator; half-width katakana also
// becomes full-width ("ﾀﾞ" → "ダ"). Everything else is unchanged. Ill-formed UTF-8 → "".
std::string ToKatakana(std::string_view utf8);

// True when the text, after NFKC (so half-width kana count), consists only of hiragana, katakana,
// ー (U+30FC), ・ (U+30FB), combining voiced/semi-voiced marks that NFKC could not join to their
// kana, and White_Space — and contains at least one hiragana or katakana letter. For validating
// the ふりがな field. Empty, blank, kanji, Latin, digits, punctuation, ill-formed UTF-8 → false.
bool IsKanaReading(std::string_view utf8);

// Three-way comparison in Japanese order (ICU collator for locale "ja", tertiary strength with
// canonical normalisation on): negative when a sorts before b, 0 when equal, positive after.
// Notable ICU behaviour, pinned by the tests: hiragana and katakana spelling the same reading
// compare EQUAL ("やまだ" == "ヤマダ"); a half-width spelling sorts right after the full-width one;
// voiced kana sort after unvoiced ("やまた" < "やまだ"); kanji sort after all kana.
// Ill-formed UTF-8 sorts before every well-formed string (even ""), and all ill-formed strings
// compare equal to each other.
int CompareJapanese(std::string_view a, std::string_view b);

// A binary sort key for storing in an index column: lowercase hexadecimal of ICU's sort key
// (without its terminating zero byte), so that for well-formed a and b
//   sign(CollationKey(a).compare(CollationKey(b))) == sign(CompareJapanese(a, b))
// under plain byte-wise comparison (std::string, SQL BINARY/"C" collation). Keys depend on the
// ICU and CLDR version: rebuild stored keys when ICU is upgraded. Ill-formed UTF-8 → "" (which
// sorts first, matching CompareJapanese); every well-formed string, "" included, has a non-empty
// key.
std::string CollationKey(std::string_view utf8);

}  // namespace yorisoi::ja
