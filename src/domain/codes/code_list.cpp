#include "domain/codes/code_list.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/error_codes.hpp"
#include "domain/codes/builtin_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxLabelChars = 200;
constexpr std::size_t kMaxGroupChars = 100;

// [a-z][a-z0-9_]*, at most kMaxCodeBytes: safe in URLs, SQL, file names and logs.
bool IsSnakeCase(std::string_view s) {
  if (s.empty() || s.size() > kMaxCodeBytes || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

core::Error Invalid(std::string field, std::string message, std::string_view code) {
  return core::Error::InvalidArgument(std::move(field), std::move(message), code);
}

bool IsRealDate(const core::Date& d) { return core::Date::IsValid(d.year, d.month, d.day); }

core::Status CheckEntry(const CodeEntry& e) {
  if (!IsSnakeCase(e.code)) {
    return Invalid("code", "must be snake_case ASCII of at most 64 bytes",
                   core::codes::kInvalidCode);
  }
  YS_RETURN_IF_ERROR(ValidateText("label", e.label, 1, kMaxLabelChars));
  if (!e.group.empty()) YS_RETURN_IF_ERROR(ValidateText("group", e.group, 1, kMaxGroupChars));
  if ((e.valid_from && !IsRealDate(*e.valid_from)) || (e.valid_to && !IsRealDate(*e.valid_to))) {
    return Invalid("valid_to", "validity bounds must be real dates", core::codes::kInvalidValidity);
  }
  if (e.valid_from && e.valid_to && *e.valid_to < *e.valid_from) {
    return Invalid("valid_to", "must not be before valid_from", core::codes::kInvalidValidity);
  }
  for (std::size_t i = 0; i < e.flags.size(); ++i) {
    if (!IsSnakeCase(e.flags[i]) ||
        std::find(e.flags.begin(), e.flags.begin() + static_cast<std::ptrdiff_t>(i), e.flags[i]) !=
            e.flags.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Invalid("flags", "flags must be unique snake_case ASCII", core::codes::kInvalidCode);
    }
  }
  return core::Ok();
}

bool CoversDate(const CodeEntry& e, core::Date on) {
  return (!e.valid_from || *e.valid_from <= on) && (!e.valid_to || on <= *e.valid_to);
}

}  // namespace

core::Result<CodeCatalog> CodeCatalog::Make(std::vector<CodeList> lists) {
  CodeCatalog catalog;
  catalog.index_.reserve(lists.size());
  for (const CodeList& list : lists) {
    if (!IsSnakeCase(list.name)) {
      return Invalid("name", "list names must be snake_case ASCII", core::codes::kInvalidCode);
    }
    if (std::count_if(lists.begin(), lists.end(),
                      [&](const CodeList& l) { return l.name == list.name; }) > 1) {
      return Invalid("name", "list " + list.name + " appears twice", core::codes::kDuplicateList);
    }
    YS_RETURN_IF_ERROR(ValidateText("label", list.label, 1, kMaxLabelChars));
    std::map<std::string, std::size_t, std::less<>> by_code;
    for (std::size_t i = 0; i < list.entries.size(); ++i) {
      const CodeEntry& e = list.entries[i];
      YS_RETURN_IF_ERROR(CheckEntry(e));
      // The parent must already be indexed: it comes earlier, which also rules out cycles.
      if (!e.parent.empty() && by_code.find(e.parent) == by_code.end()) {
        return Invalid("parent", "must name an earlier entry of list " + list.name,
                       core::codes::kUnknownParent);
      }
      if (!by_code.emplace(e.code, i).second) {
        return Invalid("code", "appears twice in list " + list.name, core::codes::kDuplicateCode);
      }
    }
    catalog.index_.push_back(std::move(by_code));
  }
  catalog.lists_ = std::move(lists);
  return catalog;
}

const CodeCatalog& CodeCatalog::BuiltIn() {
  static const CodeCatalog kBuiltIn = [] {
    core::Result<CodeCatalog> made = Make(codes_internal::BuiltInCodeLists());
    if (!made.ok()) {
      // Built-in data is part of the program: a broken invariant is a bug, not an input error.
      std::fprintf(stderr, "built-in code lists are invalid: field=%s code=%s: %s\n",
                   made.error().field.c_str(), made.error().code.c_str(),
                   made.error().message.c_str());
      std::abort();
    }
    return std::move(made).value();
  }();
  return kBuiltIn;
}

std::optional<std::size_t> CodeCatalog::ListIndex(std::string_view list) const {
  for (std::size_t i = 0; i < lists_.size(); ++i) {
    if (lists_[i].name == list) return i;
  }
  return std::nullopt;
}

const CodeEntry* CodeCatalog::EntryAt(std::size_t list_index, std::string_view code) const {
  const auto& by_code = index_[list_index];
  const auto it = by_code.find(code);
  return it == by_code.end() ? nullptr : &lists_[list_index].entries[it->second];
}

const CodeList* CodeCatalog::Find(std::string_view list) const {
  const auto i = ListIndex(list);
  return i ? &lists_[*i] : nullptr;
}

std::vector<std::string_view> CodeCatalog::ListNames() const {
  std::vector<std::string_view> names;
  names.reserve(lists_.size());
  for (const CodeList& list : lists_) names.emplace_back(list.name);
  return names;
}

const CodeEntry* CodeCatalog::FindEntry(std::string_view list, std::string_view code) const {
  const auto i = ListIndex(list);
  return i ? EntryAt(*i, code) : nullptr;
}

bool CodeCatalog::IsValidOn(std::string_view list, std::string_view code, core::Date on) const {
  const auto i = ListIndex(list);
  if (!i) return false;
  // Parents precede children (checked by Make), so this walk ends.
  for (const CodeEntry* e = EntryAt(*i, code); e != nullptr;) {
    if (!CoversDate(*e, on)) return false;
    if (e->parent.empty()) return true;
    e = EntryAt(*i, e->parent);
  }
  return false;
}

core::Status CodeCatalog::Validate(std::string_view list, std::string_view code, core::Date on,
                                   std::string_view field) const {
  const auto i = ListIndex(list);
  if (!i) return core::Error::Internal("validation against an unknown code list");
  if (EntryAt(*i, code) == nullptr) {
    return Invalid(std::string(field), "is not a code of list " + std::string(list),
                   core::codes::kUnknownCode);
  }
  if (!IsValidOn(list, code, on)) {
    return Invalid(std::string(field),
                   "is a code of list " + std::string(list) + " that is not valid on that date",
                   core::codes::kCodeNotValidOnDate);
  }
  return core::Ok();
}

bool CodeCatalog::IsDescendantOf(std::string_view list, std::string_view code,
                                 std::string_view ancestor) const {
  const auto i = ListIndex(list);
  if (!i) return false;
  const CodeEntry* e = EntryAt(*i, code);
  while (e != nullptr && !e->parent.empty()) {
    if (e->parent == ancestor) return true;
    e = EntryAt(*i, e->parent);
  }
  return false;
}

core::Result<CodeCatalog> CodeCatalog::WithTenantEntries(
    std::vector<std::pair<std::string, CodeEntry>> entries) const {
  std::vector<CodeList> lists = lists_;
  for (auto& item : entries) {
    // Plain references, not a structured binding: clang before 16 cannot capture those.
    const std::string& list_name = item.first;
    CodeEntry& entry = item.second;
    auto list = std::find_if(lists.begin(), lists.end(),
                             [&](const CodeList& l) { return l.name == list_name; });
    if (list == lists.end()) {
      return Invalid("list", "is not a known code list", core::codes::kUnknownList);
    }
    auto& items = list->entries;
    const auto same_code = [&](const CodeEntry& e) { return e.code == entry.code; };
    if (std::any_of(items.begin(), items.end(), same_code)) {
      return Invalid("code", "appears already in list " + list->name, core::codes::kDuplicateCode);
    }
    if (entry.parent.empty()) {
      items.push_back(std::move(entry));
      continue;
    }
    const auto parent = std::find_if(items.begin(), items.end(),
                                     [&](const CodeEntry& e) { return e.code == entry.parent; });
    if (parent == items.end()) {
      return Invalid("parent", "must name an entry of list " + list->name,
                     core::codes::kUnknownParent);
    }
    if (entry.group.empty()) entry.group = parent->group;
    // Skip the parent's subtree: the entries after it whose parent is the parent itself or an
    // entry already inside the subtree (children always follow their parents).
    std::vector<std::string_view> subtree = {parent->code};
    auto at = parent + 1;
    for (; at != items.end(); ++at) {
      if (std::find(subtree.begin(), subtree.end(), at->parent) == subtree.end()) break;
      subtree.push_back(at->code);
    }
    items.insert(at, std::move(entry));
  }
  // Make checks every merged entry (code format, label, dates, flags) and rebuilds the index.
  return Make(std::move(lists));
}

}  // namespace yorisoi::domain
