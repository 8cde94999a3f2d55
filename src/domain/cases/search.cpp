#include "domain/cases/search.hpp"

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

SearchDoc PersonSearchDoc(const Person& p) {
  SearchDoc doc{p.id, p.case_id, {}};
  AddField(doc.text, p.name);
  AddField(doc.text, p.name_kana);
  if (p.birth_date) {
    const std::string iso = p.birth_date->ToIso();  // 2015-04-02
    AddField(doc.text, iso);
    std::string compact;
    for (char ch : iso) {
      if (ch != '-') compact += ch;
    }
    AddField(doc.text, compact);  // 20150402
  }
  AddField(doc.text, p.address);
  AddField(doc.text, p.affiliation_name);
  AddField(doc.text, p.workplace);
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

std::string NormalizeSearchQuery(std::string_view q) { return ja::NormalizeForSearch(q); }

}  // namespace yorisoi::domain
