// Fictitious schools, nurseries and kindergartens of a ward, for dummy data, by 所属 kind (the
// `affiliation_kind` code list). Each name joins a local place word with an invented motif
// (区立落合けやき小学校, 都立戸山の森高等学校, 市谷ひばり保育園), so it sounds local but is never
// an existing school's exact name.
//
// Every ward has a fixed directory, the same for every seed (made from the ward's name), so that
// generated children share schools the way a real ward's children do.
//
// Thread-safety: the directories are built on first use and immutable afterwards.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "dummy/random.hpp"

namespace yorisoi::dummy {

// The directory of `affiliation_kind` in the tenant's ward (see WardFor). Empty for kinds without
// a named institution: not_enrolled (未就園), other, unknown, and codes that are not kinds.
std::span<const std::string> SchoolNames(std::string_view tenant_id,
                                         std::string_view affiliation_kind);

// A uniformly chosen name from SchoolNames; "" when that list is empty.
std::string_view PickSchool(Rng& rng, std::string_view tenant_id,
                            std::string_view affiliation_kind);

}  // namespace yorisoi::dummy
