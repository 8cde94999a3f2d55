// The minimum password rules (NIST SP 800-63B style: length over composition, no common or
// login-derived passwords).
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace yorisoi::domain {

constexpr std::size_t kMinPasswordLength = 12;
constexpr std::size_t kMaxPasswordLength = 128;

// kInvalidArgument naming `field` and the rule broken. Never echoes the password.
core::Status CheckPasswordPolicy(std::string_view password, std::string_view login,
                                 std::string_view field = "password");

}  // namespace yorisoi::domain
