#include "domain/cases/search.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <regex>

#include "ja/calendar.hpp"
#include "ja/text.hpp"

namespace yorisoi::domain {
namespace {

// Fields are joined by a newline, which normalisation never produces inside a field (white space
// is removed), so a match can span two fields only through that newline — and queries never
// contain one (they are normalised the same way).
void AddField(std::string& out, std::string_view value) {
  std::string normalised = ja::NormalizeForSearch(value);
  if (normalised.empty()) return;
  if (!out.empty()) out += '\n';
  out += normalised;
}

}  // namespace

SearchDoc CaseSearchDoc(const CaseFile& c) {
  SearchDoc doc{c.id, c.id, {}};
  AddField(doc.text, c.number);
  return doc;
}

std::vector<std::string> SearchFields(const Person& p) {
  std::vector<std::string> fields{p.name, p.name_kana};
  if (p.birth_date) {
    const std::string iso = p.birth_date->ToIso();  // 2015-04-02
    fields.push_back(iso);
    std::string compact;
    for (char ch : iso) {
      if (ch != '-') compact += ch;
    }
    fields.push_back(compact);  // 20150402
  }
  fields.push_back(p.address);
  fields.push_back(p.affiliation_name);
  fields.push_back(p.workplace);
  return fields;
}

SearchDoc PersonSearchDoc(const Person& p) {
  SearchDoc doc{p.id, p.case_id, {}};
  // 氏名 and ふりがな are always the first two lines (an empty reading an empty line): the stores
  // tell a name match (search's first tier) by where the text occurs.
  const std::vector<std::string> fields = SearchFields(p);
  doc.text = ja::NormalizeForSearch(fields[0]) + '\n' + ja::NormalizeForSearch(fields[1]);
  for (std::size_t i = 2; i < fields.size(); ++i) AddField(doc.text, fields[i]);
  return doc;
}

SearchDoc ConsultationSearchDoc(const Consultation& c) {
  SearchDoc doc{c.id, c.case_id, {}};
  AddField(doc.text, c.content);
  return doc;
}

SearchDoc NoteSearchDoc(const Note& n) {
  SearchDoc doc{n.id, n.case_id, {}};
  AddField(doc.text, n.body);
  return doc;
}

namespace {

// Whole numbers of the text at the given capture positions, or -1.
int Number(const std::string& s) {
  if (s.empty() || s.size() > 4) return -1;
  int v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return -1;
    v = v * 10 + (ch - '0');
  }
  return v;
}

std::string Compact(core::Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

// A normalised query that is a whole date (see NormalizeSearchQuery), as "YYYYMMDD"; nullopt
// otherwise. The era is resolved by ICU (ja::FormatWarekiShort): the Gregorian year whose
// compact 和暦 form is the one typed.
std::optional<std::string> DateQuery(const std::string& q) {
  // Multi-byte characters only as whole alternatives (std::regex works on bytes).
  static const std::regex kSeireki(
      R"(^(\d{4})(?:年|/|\.|-)(\d{1,2})(?:月|/|\.|-)(\d{1,2})(?:日)?$)");
  static const std::regex kWareki(
      R"(^(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日$)");
  static const std::regex kWarekiShort(R"(^([mtshr])(\d{1,2})\.(\d{1,2})\.(\d{1,2})$)");
  std::smatch m;
  if (std::regex_match(q, m, kSeireki)) {
    const int y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    if (!core::Date::IsValid(y, mo, d)) return std::nullopt;
    return Compact(core::Date{y, mo, d});
  }
  std::string initial;
  int year = -1, month = -1, day = -1;
  if (std::regex_match(q, m, kWareki)) {
    static const std::pair<const char*, const char*> kInitials[] = {
        {"明治", "M"}, {"大正", "T"}, {"昭和", "S"}, {"平成", "H"}, {"令和", "R"}};
    for (const auto& [era, letter] : kInitials) {
      if (m[1] == era) initial = letter;
    }
    year = m[2] == "元" ? 1 : Number(m[2]);
    month = Number(m[3]);
    day = Number(m[4]);
  } else if (std::regex_match(q, m, kWarekiShort)) {
    initial = std::string(1, static_cast<char>(m[1].str()[0] - 'a' + 'A'));
    year = Number(m[2]);
    month = Number(m[3]);
    day = Number(m[4]);
  } else {
    return std::nullopt;
  }
  if (year < 1 || month < 1 || day < 1) return std::nullopt;
  const std::string wanted =
      initial + std::to_string(year) + "." + std::to_string(month) + "." + std::to_string(day);
  for (int y = ja::kFirstGregorianDateInJapan.year; y <= 2200; ++y) {
    if (!core::Date::IsValid(y, month, day)) continue;
    const core::Date candidate{y, month, day};
    if (ja::FormatWarekiShort(candidate) == wanted) return Compact(candidate);
  }
  return std::nullopt;
}

// Attached to the code point before them: combining marks, (half-width) voiced marks, variation
// selectors. Normalisation may join them to it, so they are never split from it.
bool Attaches(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x3099 || cp == 0x309A || cp == 0xFF9E ||
         cp == 0xFF9F || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

// Decodes one code point of well-formed UTF-8 at i (advancing i).
char32_t Next(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  i += n;
  return cp;
}

int Utf16Length(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size();) n += Next(s, i) > 0xFFFF ? 2 : 1;
  return n;
}

}  // namespace

std::string NormalizeSearchQuery(std::string_view q) {
  std::string text = ja::NormalizeForSearch(q);
  if (auto date = DateQuery(text)) return *date;
  return text;
}

std::optional<SearchSnippet> SnippetOf(std::string_view original, std::string_view text,
                                       int context) {
  if (text.empty() || original.empty()) return std::nullopt;
  if (ja::NormalizeForSearch(original).find(text) == std::string::npos) return std::nullopt;
  // The field cut into units (a code point and what attaches to it), each normalised alone:
  // where the query lies in their concatenation names the units it came from.
  struct Unit {
    std::size_t begin, end;            // bytes of `original`
    std::size_t norm_begin, norm_end;  // bytes of `joined`
  };
  std::vector<Unit> units;
  std::string joined;
  std::map<std::string, std::string, std::less<>> cache;  // characters repeat
  for (std::size_t i = 0; i < original.size();) {
    const std::size_t begin = i;
    Next(original, i);
    while (i < original.size()) {
      std::size_t j = i;
      if (!Attaches(Next(original, j))) break;
      i = j;
    }
    const std::string_view unit = original.substr(begin, i - begin);
    auto it = cache.find(unit);
    if (it == cache.end()) {
      it = cache.emplace(std::string(unit), ja::NormalizeForSearch(unit)).first;
    }
    units.push_back({begin, i, joined.size(), joined.size() + it->second.size()});
    joined += it->second;
  }
  const std::size_t at = joined.find(text);
  if (at == std::string::npos) return std::nullopt;  // only whole-field normalisation joins it
  const std::size_t at_end = at + text.size();
  std::size_t first = 0;
  while (first < units.size() && units[first].norm_end <= at) ++first;
  std::size_t last = first;
  while (last + 1 < units.size() && units[last + 1].norm_begin < at_end) ++last;
  const auto ctx = static_cast<std::size_t>(std::max(context, 0));
  const std::size_t from = first > ctx ? first - ctx : 0;
  const std::size_t to = std::min(units.size() - 1, last + ctx);
  SearchSnippet out;
  if (from > 0) out.snippet = "…";
  const std::size_t base = out.snippet.size();
  out.snippet += original.substr(units[from].begin, units[to].end - units[from].begin);
  if (to + 1 < units.size()) out.snippet += "…";
  const std::string_view sv = out.snippet;
  const int start = Utf16Length(sv.substr(0, base + units[first].begin - units[from].begin));
  const int end = Utf16Length(sv.substr(0, base + units[last].end - units[from].begin));
  out.highlight.emplace_back(start, end);
  return out;
}

}  // namespace yorisoi::domain
