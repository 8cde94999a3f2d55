#include "ja/text.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "ja/icu_internal.hpp"

namespace yorisoi::ja {
namespace {

using internal::DecodeUtf8;
using internal::EncodeUtf8;
using internal::PerThread;

constexpr char16_t kProlongedSoundMark = u'\u30FC';  // ー
constexpr UChar32 kKatakanaMiddleDot = 0x30FB;       // ・

std::unique_ptr<icu::Transliterator> MakeTransliterator(const char16_t* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

std::unique_ptr<icu::Transliterator> MakeKatakanaToHiragana() {
  return MakeTransliterator(u"Katakana-Hiragana");
}
std::unique_ptr<icu::Transliterator> MakeHiraganaToKatakana() {
  return MakeTransliterator(u"Hiragana-Katakana");
}
// Only U+FF70 HALFWIDTH KATAKANA-HIRAGANA PROLONGED SOUND MARK → ー; the leading [set] is a
// global filter, so nothing else is touched.
std::unique_ptr<icu::Transliterator> MakeProlongedMarkWidener() {
  return MakeTransliterator(u"[\\uFF70] Halfwidth-Fullwidth");
}

std::unique_ptr<icu::Collator> MakeJapaneseCollator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("ja"), status));
  if (U_FAILURE(status) || c == nullptr) return nullptr;
  // Canonically equivalent strings (precomposed が vs か + U+3099) must compare equal even when
  // they are not in FCD form.
  c->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
  if (U_FAILURE(status)) return nullptr;
  return c;
}

icu::Collator* JapaneseCollator() { return PerThread<icu::Collator, &MakeJapaneseCollator>(); }

// ICU's Katakana-Hiragana rules replace ー after a kana with a guessed vowel (コーヒー → こおひい).
// Readings of names must keep what was written, so the text is transliterated in segments that
// end at each ー: the rule that rewrites ー then never sees one.
bool KatakanaToHiraganaKeepingProlongedMark(icu::UnicodeString& text) {
  icu::Transliterator* widen = PerThread<icu::Transliterator, &MakeProlongedMarkWidener>();
  icu::Transliterator* to_hiragana = PerThread<icu::Transliterator, &MakeKatakanaToHiragana>();
  if (widen == nullptr || to_hiragana == nullptr) return false;
  widen->transliterate(text);
  int32_t start = 0;
  while (start < text.length()) {
    int32_t limit = text.indexOf(kProlongedSoundMark, start);
    if (limit < 0) limit = text.length();
    if (limit > start) {
      limit = to_hiragana->transliterate(text, start, limit);  // returns the segment's new end
      if (limit < 0) return false;
    }
    start = limit + 1;
  }
  return true;
}

const icu::Normalizer2* Nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

std::optional<icu::UnicodeString> Normalize(const icu::Normalizer2* n,
                                            const icu::UnicodeString& text) {
  if (n == nullptr) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(text, status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

int Sign(int v) { return (v > 0) - (v < 0); }

std::string Hex(const uint8_t* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0F]);
  }
  return out;
}

}  // namespace

std::string NormalizeForSearch(std::string_view utf8) {
  const std::optional<icu::UnicodeString> text = DecodeUtf8(utf8);
  if (!text) return "";
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return "";
  std::optional<icu::UnicodeString> folded = Normalize(nfkc_cf, *text);
  if (!folded || !KatakanaToHiraganaKeepingProlongedMark(*folded)) return "";

  icu::UnicodeString compact;
  for (int32_t i = 0; i < folded->length(); i = folded->moveIndex32(i, 1)) {
    const UChar32 c = folded->char32At(i);
    if (!u_isUWhiteSpace(c)) compact.append(c);
  }
  // Removing spaces can bring a voiced mark next to its kana ("か゛" is "か \u3099" after NFKC);
  // a last NFC joins them ("が"), and keeps the result in one canonical form.
  status = U_ZERO_ERROR;
  const std::optional<icu::UnicodeString> out =
      Normalize(icu::Normalizer2::getNFCInstance(status), compact);
  if (U_FAILURE(status) || !out) return "";
  return EncodeUtf8(*out);
}

std::string ToHiragana(std::string_view utf8) {
  std::optional<icu::UnicodeString> text = DecodeUtf8(utf8);
  if (!text || !KatakanaToHiraganaKeepingProlongedMark(*text)) return "";
  return EncodeUtf8(*text);
}

std::string ToKatakana(std::string_view utf8) {
  std::optional<icu::UnicodeString> text = DecodeUtf8(utf8);
  icu::Transliterator* to_katakana = PerThread<icu::Transliterator, &MakeHiraganaToKatakana>();
  if (!text || to_katakana == nullptr) return "";
  to_katakana->transliterate(*text);
  return EncodeUtf8(*text);
}

bool IsKanaReading(std::string_view utf8) {
  const std::optional<icu::UnicodeString> text = DecodeUtf8(utf8);
  if (!text) return false;
  const std::optional<icu::UnicodeString> norm = Normalize(Nfkc(), *text);
  if (!norm) return false;
  bool has_kana = false;
  for (int32_t i = 0; i < norm->length(); i = norm->moveIndex32(i, 1)) {
    const UChar32 c = norm->char32At(i);
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return false;
    if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) {
      has_kana = true;
    } else if (c == kProlongedSoundMark || c == kKatakanaMiddleDot || u_isUWhiteSpace(c)) {
      // allowed, but not enough on its own
    } else if (script == USCRIPT_INHERITED && uscript_hasScript(c, USCRIPT_HIRAGANA)) {
      // U+3099/U+309A combining voiced marks left over where no precomposed kana exists
    } else {
      return false;
    }
  }
  return has_kana;
}

int CompareJapanese(std::string_view a, std::string_view b) {
  const std::optional<icu::UnicodeString> ta = DecodeUtf8(a);
  const std::optional<icu::UnicodeString> tb = DecodeUtf8(b);
  if (!ta || !tb) return (ta ? 1 : 0) - (tb ? 1 : 0);  // ill-formed sorts first
  icu::Collator* collator = JapaneseCollator();
  if (collator != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult r = collator->compare(*ta, *tb, status);
    if (U_SUCCESS(status)) return static_cast<int>(r);
  }
  return Sign(a.compare(b));  // ICU unusable: byte order, as CollationKey falls back to
}

std::string CollationKey(std::string_view utf8) {
  const std::optional<icu::UnicodeString> text = DecodeUtf8(utf8);
  if (!text) return "";
  const icu::Collator* collator = JapaneseCollator();
  if (collator != nullptr) {
    const int32_t needed = collator->getSortKey(*text, nullptr, 0);
    if (needed > 0) {
      std::vector<uint8_t> key(static_cast<size_t>(needed));
      const int32_t written = collator->getSortKey(*text, key.data(), needed);
      if (written == needed) {
        // The key ends with one 0x00 byte; it carries no order, and dropping it keeps the
        // prefix property that makes byte-wise comparison of keys match the collator.
        const size_t n = key.back() == 0 ? key.size() - 1 : key.size();
        return Hex(key.data(), n);
      }
    }
  }
  // ICU unusable (its data missing): keys in UTF-8 byte order, consistent with CompareJapanese's
  // fallback; the "u" keeps the key of "" non-empty, above the key of ill-formed input.
  return "u" + Hex(reinterpret_cast<const uint8_t*>(utf8.data()), utf8.size());
}

}  // namespace yorisoi::ja
