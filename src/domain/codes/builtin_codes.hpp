// The built-in code lists, written out in builtin_codes.cpp. Private to src/domain/codes: use
// CodeCatalog::BuiltIn(), which checks them.
#pragma once

#include <vector>

#include "domain/codes/code_list.hpp"

namespace yorisoi::domain::codes_internal {

// Every list of domain-codes.md in the document's order, then person_role and nationality;
// unchecked.
std::vector<CodeList> BuiltInCodeLists();

}  // namespace yorisoi::domain::codes_internal
