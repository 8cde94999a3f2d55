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
    "123456789012", "1234567890123", "password1234", "passwordpassword", "qwertyuiopas",
    "111111111111", "000000000000",  "abcdefghijkl", "iloveyou1234",     "administrator",
    "qwerty123456", "password123456"};

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
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
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
