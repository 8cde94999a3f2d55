// Consultations, progress notes, policies and the search documents (migration 4).
#include "core/date.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite/stores.hpp"

namespace yorisoi::storage::sqlite {
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
constexpr const char* kConsultationById = YS_CONSULTATION_COLUMNS "WHERE id = ?";
constexpr const char* kConsultationsByCase = YS_CONSULTATION_COLUMNS
    "WHERE case_id = ?1 AND (?2 = '' OR (date, created_at, id) <"
    " (SELECT date, created_at, id FROM consultations WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY date DESC, created_at DESC, id DESC LIMIT ?3";
#undef YS_CONSULTATION_COLUMNS

// ---- notes ----

#define YS_NOTE_COLUMNS "SELECT id, case_id, at, body, author_id, corrects FROM notes "
constexpr const char* kNoteById = YS_NOTE_COLUMNS "WHERE id = ?";
constexpr const char* kNotesByCase = YS_NOTE_COLUMNS
    "WHERE case_id = ?1 AND (?2 = '' OR (at, id) <"
    " (SELECT at, id FROM notes WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY at DESC, id DESC LIMIT ?3";
#undef YS_NOTE_COLUMNS

// ---- policies ----

constexpr const char* kPoliciesByCase =
    "SELECT id, case_id, decided_at, decided_by, body, next_action, next_action_on"
    " FROM policies WHERE case_id = ?1 AND (?2 = '' OR (decided_at, id) <"
    " (SELECT decided_at, id FROM policies WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY decided_at DESC, id DESC LIMIT ?3";

// A cursor naming a row of another case (or none) matches nothing: the subquery is NULL and the
// row comparison with NULL is not true, so the page is empty rather than the whole case.

}  // namespace

core::Status SqliteConsultationStore::Create(const domain::Consultation& c) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO consultations(id, case_id, date, type, method,"
                                    " content, author_id, created_at, updated_at, version)"
                                    " VALUES (?,?,?,?,?,?,?,?,?,?)"));
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

core::Result<domain::Consultation> SqliteConsultationStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kConsultationById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such consultation");
  return ReadConsultation(st);
}

core::Result<std::vector<domain::Consultation>> SqliteConsultationStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kConsultationsByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadConsultation);
}

core::Status SqliteConsultationStore::Update(const domain::Consultation& c,
                                             int64_t expected_version) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("UPDATE consultations SET date = ?, type = ?,"
                                             " method = ?, content = ?, updated_at = ?,"
                                             " version = version + 1"
                                             " WHERE id = ? AND version = ?"));
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

core::Status SqliteNoteStore::Append(const domain::Note& n) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("INSERT INTO notes(id, case_id, at, body, author_id, corrects)"
                                    " VALUES (?,?,?,?,?,?)"));
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

core::Result<domain::Note> SqliteNoteStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kNoteById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such note");
  return ReadNote(st);
}

core::Result<std::vector<domain::Note>> SqliteNoteStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kNotesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadNote);
}

core::Status SqlitePolicyStore::Append(const domain::Policy& p) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO policies(id, case_id, decided_at,"
                                             " decided_by, body, next_action, next_action_on)"
                                             " VALUES (?,?,?,?,?,?,?)"));
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

core::Result<std::vector<domain::Policy>> SqlitePolicyStore::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPoliciesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadPolicy);
}

core::Status SqliteSearchStore::Put(const domain::SearchDoc& doc) {
  std::optional<int64_t> rowid;
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("SELECT rowid, text FROM search_docs WHERE ref_id = ?"));
    st.Bind(1, doc.ref_id);
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) {
      if (st.Text(1) == doc.text) return core::Ok();
      rowid = st.Int(0);
      // External content: the index forgets the old text only when told what it was.
      YS_ASSIGN_OR_RETURN(auto del, conn_.Prepare("INSERT INTO search_fts(search_fts, rowid, text)"
                                                  " VALUES ('delete', ?, ?)"));
      YS_RETURN_IF_ERROR(del.Bind(1, *rowid).Bind(2, st.Text(1)).Exec());
    }
  }
  if (rowid) {
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("UPDATE search_docs SET text = ? WHERE rowid = ?"));
    YS_RETURN_IF_ERROR(st.Bind(1, doc.text).Bind(2, *rowid).Exec());
  } else {
    // The next number in the case's block of rowids (migration 5).
    YS_ASSIGN_OR_RETURN(
        auto next, conn_.Prepare("SELECT (SELECT coalesce(max(d.rowid) + 1,"
                                 "                        (c.search_key << 20) + 1)"
                                 "        FROM search_docs d WHERE d.rowid BETWEEN"
                                 "        (c.search_key << 20) AND (c.search_key << 20) + 1048575),"
                                 "       c.search_key FROM cases c WHERE c.id = ?"));
    next.Bind(1, doc.case_id);
    YS_ASSIGN_OR_RETURN(bool found, next.Step());
    if (!found) return core::Error::NotFound("no such case");
    const int64_t candidate = next.Int(0);
    if (candidate > (next.Int(1) << 20) + 1048575) {
      return core::Error::Internal("search documents of one case exhausted");
    }
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO search_docs(rowid, ref_id, case_id,"
                                               " text) VALUES (?,?,?,?)"));
    auto r =
        st.Bind(1, candidate).Bind(2, doc.ref_id).Bind(3, doc.case_id).Bind(4, doc.text).Exec();
    if (!r.ok()) return MapInsertError(std::move(r).error());
    rowid = candidate;
  }
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("INSERT INTO search_fts(rowid, text) VALUES (?, ?)"));
  YS_RETURN_IF_ERROR(st.Bind(1, *rowid).Bind(2, doc.text).Exec());
  return core::Ok();
}

}  // namespace yorisoi::storage::sqlite
