// Query strings, as strictly as JSON bodies: only the parameters a route knows, each at most once.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace yorisoi::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // in request order

// The cursor of every paged list: the `next` of the previous page, a record id ("cas_0f3a...")
// or a sequence number (digits); a search's names its tier first ("name.cas_0f3a...").
inline constexpr std::string_view kCursorParameter = "after";
// kInvalidArgument "invalid_cursor" naming `field` unless `value` has the shape of a cursor.
core::Status CheckCursor(std::string_view value, std::string_view field = kCursorParameter);

// Splits "a=1&b=x%20y" into decoded name/value pairs ('+' is a space). kInvalidArgument
// "unknown_parameter" for a name outside `allowed` (the error names it only when it is a plain
// identifier, so the error body stays clean), "duplicate_parameter" for a repeated name,
// "invalid_cursor" for an `after` (kCursorParameter) that is no cursor — so every paged list
// checks its cursor here.
core::Result<QueryParams> ParseQuery(std::string_view query,
                                     std::initializer_list<std::string_view> allowed);

// A whole number from `min` to `max` (decimal digits, nothing else); otherwise kInvalidArgument
// "invalid_number" naming `field`, with `rule` as the message (e.g. "must be 1-500").
core::Result<int64_t> QueryInt(std::string_view value, std::string_view field, int64_t min,
                               int64_t max, std::string_view rule);

}  // namespace yorisoi::http
