// The one neutral error type of Yorisoi. Every layer reports expected failures as an Error value
// inside a Result; only the http layer turns an Errc into a status code (http/error_mapping.cpp).
#pragma once

#include <string>
#include <string_view>

#include "core/error_codes.hpp"

namespace yorisoi::core {

// Closed set of outcomes. Adding a value means adding it to the one HTTP mapping too.
enum class Errc {
  kInvalidArgument,  // the caller sent something that breaks a rule (names the field)
  kNotFound,         // does not exist, or exists but the caller may not know that it does
  kConflict,         // stale version, duplicate key
  kUnauthenticated,  // no valid session or wrong credentials
  kForbidden,        // signed in, but the role or scope does not allow it
  kTooManyRequests,  // lockout or rate limit
  kPayloadTooLarge,  // body over the limit
  kUnavailable,      // a dependency is down or busy; retrying may help
  kInternal,         // a bug or an invariant broken; never caused by input
};

std::string_view ErrcName(Errc errc);

// Messages and fields must never carry personal data: name the field and the rule, not the value.
struct Error {
  Errc errc = Errc::kInternal;
  std::string code;     // stable machine code from core/error_codes.hpp; defaults to ErrcName
  std::string message;  // a sentence for developers and logs (English, no personal data)
  std::string field;    // the JSON field at fault, dotted path for nested ones; may be empty

  // The code is always one of core/error_codes.hpp's constants (ctest core.error_codes).
  static Error InvalidArgument(std::string field, std::string message,
                               std::string_view code = codes::kInvalidArgument);
  static Error NotFound(std::string message = "not found");
  static Error Conflict(std::string message, std::string_view code = codes::kConflict);
  static Error Unauthenticated(std::string message,
                               std::string_view code = codes::kUnauthenticated);
  static Error Forbidden(std::string message, std::string_view code = codes::kForbidden);
  static Error TooManyRequests(std::string message,
                               std::string_view code = codes::kTooManyRequests);
  static Error Unavailable(std::string message);
  static Error Internal(std::string message);

  // Whether this error carries that sub-code: `error.Is(codes::kStaleVersion)`.
  bool Is(std::string_view sub_code) const { return code == sub_code; }
};

}  // namespace yorisoi::core
