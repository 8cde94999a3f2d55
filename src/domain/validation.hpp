// Small validation helpers shared by the aggregates. Each failure names the field and the rule;
// none echoes the value (it may be personal data).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.hpp"

namespace yorisoi::domain {

// Number of Unicode code points in valid UTF-8 (invalid UTF-8 is rejected by ValidateText).
std::size_t CodePointCount(std::string_view utf8);

// Valid UTF-8, no control characters (tab/newline allowed when multiline), not blank (a non-empty
// text of only spaces of any width, Unicode White_Space: `blank`, even when the field is optional),
// length in code points within [min_len, max_len].
core::Status ValidateText(std::string_view field, std::string_view value, std::size_t min_len,
                          std::size_t max_len, bool multiline = false);

// True when `id` has the shape of a record id as crypto::NewId makes them: a lowercase prefix,
// '_', lowercase hex ("cas_0f3a..."), at most 80 characters. Says nothing of whether it exists.
bool LooksLikeRecordId(std::string_view id);

}  // namespace yorisoi::domain
