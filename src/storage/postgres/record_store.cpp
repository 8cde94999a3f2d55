// Consultations, progress notes, policies and the search documents (migration 4).
#include "core/date.hpp"
#include "storage/postgres/stores.hpp"
#include "storage/rows.hpp"

namespace yorisoi::storage::postgres {
namespace {

// A foreign-key failure on insert: the case is gone (the service checked it in the same
// transaction, so this only happens to direct store callers).
core::Status MapInsertError(core::Error e) {
  if (e.errc == core::Errc::kInvalidArgument) return core::Error::NotFound("no such case");
  return e;
}

// ---- consultations ----

#define YS_CONSULTATION_COLUMNS                                                         \
  "SELECT id, case_id, date, type, method, content, author_id, created_at, updated_at," \
  " version FROM consultations "
constexpr const char* kConsultationById = YS_CONSULTATION_COLUMNS "WHERE id = $1";
constexpr const char* kConsultationsByCase = YS_CONSULTATION_COLUMNS
    "WHERE case_id = $1 AND ($2 = '' OR (date, created_at, id) <"
    " (SELECT date, created_at, id FROM consultations WHERE id = $2 AND case_id = $1))"
    " ORDER BY date DESC, created_at DESC, id DESC LIMIT $3";
#undef YS_CONSULTATION_COLUMNS

// ---- notes ----

#define YS_NOTE_COLUMNS "SELECT id, case_id, at, body, author_id, corrects FROM notes "
constexpr const char* kNoteById = YS_NOTE_COLUMNS "WHERE id = $1";
constexpr const char* kNotesByCase = YS_NOTE_COLUMNS
    "WHERE case_id = $1 AND ($2 = '' OR (at, id) <"
    " (SELECT at, id FROM notes WHERE id = $2 AND case_id = $1))"
    " ORDER BY at DESC, id DESC LIMIT $3";
#undef YS_NOTE_COLUMNS

// ---- policies ----

constexpr const char* kPoliciesByCase =
    "SELECT id, case_id, decided_at, decided_by, body, next_action, next_action_on"
    " FROM policies WHERE case_id = $1 AND ($2 = '' OR (decided_at, id) <"
    " (SELECT decided_at, id FROM policies WHERE id = $2 AND case_id = $1))"
    " ORDER BY decided_at DESC, id DESC LIMIT $3";

// A cursor naming a row of another case (or none) matches nothing: the subquery is NULL and the
// row comparison with NULL is not true, so the page is empty rather than the whole case.

}  // namespace

core::Status PostgresConsultationStore::Create(const domain::Consultation& c) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO consultations(id, case_id, date, type, method,"
                                    " content, author_id, created_at, updated_at, version)"
                                    " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"));
  st.Bind(1, c.id)
      .Bind(2, c.case_id)
      .Bind(3, c.date.ToIso())
      .Bind(4, c.type)
      .Bind(5, c.method)
      .Bind(6, c.content)
      .Bind(7, c.author_id)
      .Bind(8, core::ToUnixMillis(c.created_at))
      .Bind(9, core::ToUnixMillis(c.updated_at))
      .Bind(10, c.version);
  auto n = st.Exec();
  if (!n.ok()) return MapInsertError(std::move(n).error());
  return core::Ok();
}

core::Result<domain::Consultation> PostgresConsultationStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kConsultationById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such consultation");
  return ReadConsultation(st);
}

core::Result<std::vector<domain::Consultation>> PostgresConsultationStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kConsultationsByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadConsultation);
}

core::Status PostgresConsultationStore::Update(const domain::Consultation& c,
                                               int64_t expected_version) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("UPDATE consultations SET date = $1, type = $2,"
                                             " method = $3, content = $4, updated_at = $5,"
                                             " version = version + 1"
                                             " WHERE id = $6 AND version = $7"));
  st.Bind(1, c.date.ToIso())
      .Bind(2, c.type)
      .Bind(3, c.method)
      .Bind(4, c.content)
      .Bind(5, core::ToUnixMillis(c.updated_at))
      .Bind(6, c.id)
      .Bind(7, expected_version);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) {
    YS_RETURN_IF_ERROR(FindById(c.id));
    return core::Error::Conflict("the consultation record was changed meanwhile", "stale_version");
  }
  return core::Ok();
}

core::Status PostgresNoteStore::Append(const domain::Note& n) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO notes(id, case_id, at, body, author_id, corrects)"
                                    " VALUES ($1,$2,$3,$4,$5,$6)"));
  st.Bind(1, n.id)
      .Bind(2, n.case_id)
      .Bind(3, core::ToUnixMillis(n.at))
      .Bind(4, n.body)
      .Bind(5, n.author_id);
  if (n.corrects) {
    st.Bind(6, *n.corrects);
  } else {
    st.BindNull(6);
  }
  auto r = st.Exec();
  if (!r.ok()) return MapInsertError(std::move(r).error());
  return core::Ok();
}

core::Result<domain::Note> PostgresNoteStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kNoteById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such note");
  return ReadNote(st);
}

core::Result<std::vector<domain::Note>> PostgresNoteStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kNotesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadNote);
}

core::Status PostgresPolicyStore::Append(const domain::Policy& p) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO policies(id, case_id, decided_at,"
                                             " decided_by, body, next_action, next_action_on)"
                                             " VALUES ($1,$2,$3,$4,$5,$6,$7)"));
  st.Bind(1, p.id)
      .Bind(2, p.case_id)
      .Bind(3, core::ToUnixMillis(p.decided_at))
      .Bind(4, p.decided_by)
      .Bind(5, p.body)
      .Bind(6, p.next_action);
  BindDate(st, 7, p.next_action_on);
  auto r = st.Exec();
  if (!r.ok()) return MapInsertError(std::move(r).error());
  return core::Ok();
}

core::Result<std::vector<domain::Policy>> PostgresPolicyStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPoliciesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadPolicy);
}

core::Status PostgresSearchStore::Put(const domain::SearchDoc& doc) {
  // The trigram index follows the row by itself; an unchanged text is not rewritten.
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO search_docs(ref_id, case_id, text)"
                                             " VALUES ($1,$2,$3) ON CONFLICT (ref_id) DO UPDATE"
                                             " SET text = excluded.text"
                                             " WHERE search_docs.text <> excluded.text"));
  auto r = st.Bind(1, doc.ref_id).Bind(2, doc.case_id).Bind(3, doc.text).Exec();
  if (!r.ok()) return MapInsertError(std::move(r).error());
  return core::Ok();
}

}  // namespace yorisoi::storage::postgres
