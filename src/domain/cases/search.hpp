// The search documents of the case file: what each record contributes to GET /cases?q=. Writers
// of records (CaseService, the dummy generator) put these in the same transaction as the record.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/cases/case_file.hpp"
#include "domain/cases/case_store.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"

namespace yorisoi::domain {

// The case number.
SearchDoc CaseSearchDoc(const CaseFile& c);
// 氏名, ふりがな, 生年月日 (ISO and compact digits), 住所, 所属 name, 勤務先.
SearchDoc PersonSearchDoc(const Person& p);
SearchDoc ConsultationSearchDoc(const Consultation& c);
SearchDoc NoteSearchDoc(const Note& n);

// Longest search text accepted, in code points.
inline constexpr std::size_t kMaxSearchQuery = 200;

// The query as the stores match it: ja::NormalizeForSearch (NFKC width folding, katakana to
// hiragana, spaces removed, lower case). Empty when nothing searchable is left.
std::string NormalizeSearchQuery(std::string_view q);

}  // namespace yorisoi::domain
