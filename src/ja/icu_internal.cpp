#include "ja/icu_internal.hpp"

#include <cstdint>
#include <limits>

#include <unicode/ustring.h>
#include <unicode/utypes.h>

namespace yorisoi::ja::internal {

std::optional<icu::UnicodeString> DecodeUtf8(std::string_view utf8) {
  if (utf8.empty()) return icu::UnicodeString();
  if (utf8.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) return std::nullopt;
  const auto src_len = static_cast<int32_t>(utf8.size());

  // Preflight: measures the UTF-16 length and rejects ill-formed input without substituting.
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8(nullptr, 0, &len, utf8.data(), src_len, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return std::nullopt;

  icu::UnicodeString out;
  char16_t* buf = out.getBuffer(len);
  if (buf == nullptr) return std::nullopt;
  status = U_ZERO_ERROR;
  u_strFromUTF8(buf, len, &len, utf8.data(), src_len, &status);
  out.releaseBuffer(U_SUCCESS(status) ? len : 0);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

std::string EncodeUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace yorisoi::ja::internal
