#include "domain/validation.hpp"

#include <string>

#include "core/error_codes.hpp"

namespace yorisoi::domain {
namespace {

// Decodes one code point; returns bytes consumed or 0 on invalid UTF-8 (overlongs, surrogates
// and values above U+10FFFF are invalid).
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    const int c1 = cont(1);
    if (c1 < 0) return 0;
    cp = static_cast<char32_t>(((b0 & 0x1F) << 6) | c1);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const int c1 = cont(1), c2 = cont(2);
    if (c1 < 0 || c2 < 0) return 0;
    cp = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return 0;
    cp = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

// Unicode White_Space (PropList.txt), plus the invisible format characters that show as nothing
// (zero width space, word joiner, BOM): a text of only these reads as empty on screen.
bool IsBlankCodePoint(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

std::size_t CodePointCount(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(utf8, i, cp);
    i += len == 0 ? 1 : len;
    ++n;
  }
  return n;
}

core::Status ValidateText(std::string_view field, std::string_view value, std::size_t min_len,
                          std::size_t max_len, bool multiline) {
  std::size_t n = 0;
  bool blank = true;
  for (std::size_t i = 0; i < value.size();) {
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(value, i, cp);
    if (len == 0) {
      return core::Error::InvalidArgument(std::string(field), "must be valid UTF-8",
                                          core::codes::kInvalidUtf8);
    }
    const bool allowed_ws = multiline && (cp == '\n' || cp == '\t' || cp == '\r');
    if ((cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) && !allowed_ws) {
      return core::Error::InvalidArgument(std::string(field), "must not contain control characters",
                                          core::codes::kControlCharacter);
    }
    blank = blank && IsBlankCodePoint(cp);
    i += len;
    ++n;
  }
  if (n > 0 && blank) {
    // Spaces alone (ASCII, 全角 U+3000, NBSP, ...) are no name, title or text: refused whether or
    // not the field is required, since an empty optional field is sent as "".
    return core::Error::InvalidArgument(std::string(field), "must not be blank (spaces only)",
                                        core::codes::kBlank);
  }
  if (n < min_len) {
    return core::Error::InvalidArgument(
        std::string(field),
        min_len == 1 ? "is required"
                     : "must be at least " + std::to_string(min_len) + " characters",
        min_len == 1 ? core::codes::kRequired : core::codes::kTooShort);
  }
  if (n > max_len) {
    return core::Error::InvalidArgument(
        std::string(field), "must be at most " + std::to_string(max_len) + " characters",
        core::codes::kTooLong);
  }
  return core::Ok();
}

bool LooksLikeRecordId(std::string_view id) {
  const auto sep = id.find('_');
  if (sep == std::string_view::npos || sep == 0 || sep > 16 || sep + 1 == id.size() ||
      id.size() > 80) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = i < sep   ? (c >= 'a' && c <= 'z')
                    : i > sep ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                              : true;
    if (!ok) return false;
  }
  return true;
}

}  // namespace yorisoi::domain
