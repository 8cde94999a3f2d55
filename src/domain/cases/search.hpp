// The search documents of the case file: what each record contributes to GET /cases?q=. Writers
// of records (CaseService, the dummy generator) put these in the same transaction as the record.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/cases/case_file.hpp"
#include "domain/cases/case_store.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"

namespace yorisoi::domain {

// The case number.
SearchDoc CaseSearchDoc(const CaseFile& c);
// 氏名, ふりがな, 生年月日 (ISO and compact digits), 住所, 所属 name, 勤務先; one per line, the
// first two lines always 氏名 and ふりがな (even when empty), so that a name match is a match that
// starts before the second newline.
SearchDoc PersonSearchDoc(const Person& p);
SearchDoc ConsultationSearchDoc(const Consultation& c);
SearchDoc NoteSearchDoc(const Note& n);

// Longest search text accepted, in code points.
inline constexpr std::size_t kMaxSearchQuery = 200;

// The query as the stores match it: ja::NormalizeForSearch (NFKC width folding, katakana to
// hiragana, spaces removed, lower case). Empty when nothing searchable is left.
// A birth date typed as a whole query — 和暦 "令和6年4月1日", "令和元年5月1日", "R6.4.1",
// "r06.04.01", or 西暦 "2024年4月1日", "2024/4/1" (any width) — becomes the compact digits the
// person documents hold ("20240401"), so it finds the child; anything else is as above.
std::string NormalizeSearchQuery(std::string_view q);

// A search hit's record: which kind matched and a short piece of its text (as written) around
// the first match, with the matched part's [start, end) in UTF-16 code units of `snippet` (what
// a browser's String.slice takes).
struct SearchSnippet {
  std::string snippet;
  std::vector<std::pair<int, int>> highlight;
};
// Where the normalised query `text` occurs in `original` (one field as written): nullopt when it
// does not (after normalisation). `context`: code points kept on each side; a cut is marked "…".
std::optional<SearchSnippet> SnippetOf(std::string_view original, std::string_view text,
                                       int context = 20);
// The fields of a record that its search document holds, as written (SnippetOf looks in each).
std::vector<std::string> SearchFields(const Person& p);

}  // namespace yorisoi::domain
