#include "domain/users/password_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A few of the most common long passwords; the length rule already rules out the short ones.
constexpr std::array<std::string_view, 12> kCommon = {
    "123456789012", "1234567890123", "password1234", "passwordpassword",
    "qwertyuiopas", "111111111111",  "000000000000", "abcdefghijkl",
    "iloveyou1234", "administrator", "qwerty123456", "password123456"};

// True when the text is one character (of any UTF-8 length) over and over.
bool IsOneCharacterRepeated(std::string_view s) {
  if (s.empty()) return false;
  const auto lead = static_cast<unsigned char>(s[0]);
  const std::size_t k = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (s.size() % k != 0) return false;
  for (std::size_t i = k; i < s.size(); i += k) {
    if (s.compare(i, k, s.substr(0, k)) != 0) return false;
  }
  return true;
}

}  // namespace

core::Status CheckPasswordPolicy(std::string_view password, std::string_view login,
                                 std::string_view field) {
  const std::string f(field);
  YS_RETURN_IF_ERROR(ValidateText(field, password, 0, kMaxPasswordLength));
  if (CodePointCount(password) < kMinPasswordLength) {
    return core::Error::InvalidArgument(
        f, "must be at least " + std::to_string(kMinPasswordLength) + " characters",
        "password_too_short");
  }
  if (IsOneCharacterRepeated(password)) {
    return core::Error::InvalidArgument(f, "must not repeat a single character",
                                        "password_too_weak");
  }
  const std::string lower = Lower(password);
  if (!login.empty() && lower.find(Lower(login)) != std::string::npos) {
    return core::Error::InvalidArgument(f, "must not contain the login ID", "password_too_weak");
  }
  for (auto common : kCommon) {
    if (lower == common) {
      return core::Error::InvalidArgument(f, "is too common", "password_too_weak");
    }
  }
  return core::Ok();
}

}  // namespace yorisoi::domain
