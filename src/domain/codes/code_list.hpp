// The code lists of domain-codes.md (相談種別, 相談経路, 続柄, 在留資格, ...) as data: each entry
// has a stable ASCII code (what is stored and sent), a Japanese label (what is shown), an optional
// parent within the same list, and optional validity dates, because the lists change over time
// (技能実習 ends 2027-03-31, 育成就労 starts 2027-04-01) and a ward may add its own sub-codes.
//
// Every code a request carries is checked with CodeCatalog::Validate against the date the record
// is about (受理日, 相談日, ...), never against "today" implicitly.
//
// Thread-safety: a CodeCatalog is immutable after construction; its const functions may be called
// concurrently. BuiltIn() is built once, on first use, and lives until exit.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"

namespace yorisoi::domain {

struct CodeEntry {
  std::string code;    // stable, snake_case ASCII ([a-z][a-z0-9_]*), unique within its list
  std::string label;   // Japanese, shown to people
  std::string parent;  // code of the parent entry in the same list; "" at the top level
  // Inclusive bounds; nullopt means unbounded on that side. An entry is valid on a date only when
  // it and every one of its ancestors are (see CodeCatalog::IsValidOn).
  std::optional<core::Date> valid_from;
  std::optional<core::Date> valid_to;
  std::string group;  // grouping label for pickers, e.g. 大分類 "養護相談", "別表第一"
  std::vector<std::string> flags;  // snake_case markers, e.g. "witnessed_dv" (面前DV)
};

struct CodeList {
  std::string name;                // snake_case, e.g. "consultation_type"; the JSON key
  std::string label;               // Japanese, e.g. "相談種別"
  std::vector<CodeEntry> entries;  // in display order; a parent always precedes its children
};

class CodeCatalog {
 public:
  // Checks the invariants and builds the lookup index. Refusals are kInvalidArgument naming the
  // offending field ("name", "code", "label", "parent", "valid_to", "group", "flags") with codes
  // "invalid_code", "duplicate_code", "duplicate_list", "unknown_parent", "invalid_validity":
  //   - list names and codes are snake_case ASCII, at most 64 bytes, unique (codes per list);
  //   - labels (and groups, when given) are valid UTF-8 without control characters, non-empty;
  //   - a parent names an entry of the same list that comes earlier (so no cycles);
  //   - valid_from <= valid_to when both are given, and both are real dates.
  static core::Result<CodeCatalog> Make(std::vector<CodeList> lists);

  // Every list of domain-codes.md (builtin_codes.cpp). Aborts at first use if the built-in data
  // breaks the invariants above (a bug the unit tests catch first).
  static const CodeCatalog& BuiltIn();

  // nullptr when there is no such list. The pointer lives as long as this catalog.
  const CodeList* Find(std::string_view list) const;
  // In catalog order; the views live as long as this catalog.
  std::vector<std::string_view> ListNames() const;
  const std::vector<CodeList>& lists() const { return lists_; }

  // nullptr when the list or the code is unknown.
  const CodeEntry* FindEntry(std::string_view list, std::string_view code) const;

  // True when the code exists in the list and it and all its ancestors are valid on `on`.
  bool IsValidOn(std::string_view list, std::string_view code, core::Date on) const;

  // The one check for a code sent by a client:
  //   - not a code of the list       → kInvalidArgument "unknown_code", naming `field`;
  //   - outside its validity on `on` → kInvalidArgument "code_not_valid_on_date", naming `field`.
  // The message names the list, never the value. An unknown *list* is a programming error:
  // kInternal.
  core::Status Validate(std::string_view list, std::string_view code, core::Date on,
                        std::string_view field) const;

  // True when `ancestor` is a strict ancestor of `code` (its parent, its parent's parent, ...).
  // False for unknown lists or codes, and when code == ancestor.
  bool IsDescendantOf(std::string_view list, std::string_view code,
                      std::string_view ancestor) const;

  // A copy of this catalog with a tenant's own entries merged in: each pair is (list name,
  // entry). An entry with a parent is placed after its parent's last descendant (so pickers show
  // it under the parent) and inherits the parent's group when it has none; a top-level entry is
  // appended to its list. Entries are added in the given order, so one may be the parent of a
  // later one. Refusals as Make, plus "unknown_list" (field "list") and "duplicate_code" when a
  // code collides with a built-in one. This catalog is unchanged.
  core::Result<CodeCatalog> WithTenantEntries(
      std::vector<std::pair<std::string, CodeEntry>> entries) const;

 private:
  CodeCatalog() = default;
  std::optional<std::size_t> ListIndex(std::string_view list) const;
  const CodeEntry* EntryAt(std::size_t list_index, std::string_view code) const;

  std::vector<CodeList> lists_;
  // Per list (same index as lists_): code → index into that list's entries.
  std::vector<std::map<std::string, std::size_t, std::less<>>> index_;
};

}  // namespace yorisoi::domain
