// The password rules (NIST SP 800-63B style: length over composition; no common, patterned or
// context-derived passwords). Each refusal names the field and the rule broken with a stable code:
//   password_too_short         fewer than kMinPasswordLength characters (code points)
//   too_long, invalid_utf8, control_character   (ValidateText)
//   password_repeated          one short piece over and over ("abcabcabcabc", "ああああ...") or
//                              mostly one character repeated ("aaaaaaaaaaab")
//   password_sequence          mostly runs of consecutive letters or digits ("abcdefghijkl",
//                              "1234567890123", "0987654321ab")
//   password_keyboard_pattern  mostly walks along neighbouring keys, rows or columns
//                              ("qwertyuiop12", "1qaz2wsx3edc", "zaq1xsw2cde3")
//   password_pattern           mostly years and such pieces together
//   password_contains_login    the login ID, in any case
//   password_contains_tenant   the tenant id, in any case (ids of 2-3 characters: when it is the
//                              whole password but digits and symbols around it)
//   password_contains_product  the product's name (yorisoi, よりそい, 寄り添い, ...), in any case
//   password_common            a common password (CommonPasswordsText(): the list of
//                              @zxcvbn-ts/language-common, scripts/update-common-passwords.sh),
//                              in any case, as a whole or with only digits and symbols around it
//                              ("Password123!")
// "Mostly": all but at most kMaxUncoveredByPatterns characters belong to such runs (each of 3 or
// more characters; a year 1900-2099 counts as one).
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace yorisoi::domain {

constexpr std::size_t kMinPasswordLength = 12;
constexpr std::size_t kMaxPasswordLength = 128;
constexpr std::size_t kMaxUncoveredByPatterns = 3;

// What a password must not be built from.
struct PasswordContext {
  std::string_view login;      // the account's login ID; empty: no login rule
  std::string_view tenant_id;  // the account's tenant; empty: no tenant rule
};

// kInvalidArgument naming `field` and the rule broken. Never echoes the password.
core::Status CheckPasswordPolicy(std::string_view password, PasswordContext context,
                                 std::string_view field = "password");

// True when `password` (any case) is on the embedded list of common passwords.
bool IsCommonPassword(std::string_view password);

// The embedded list (users/common_passwords.txt: "# " comment lines, then one lower-case entry a
// line), generated at build time by cmake/EmbedText.cmake.
std::string_view CommonPasswordsText();

}  // namespace yorisoi::domain
