// SqlConsultationStore, SqlNoteStore, SqlPolicyStore and SqlSearchStore (migration 4;
// storage/shared/stores.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include "core/date.hpp"

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/case_store_impl.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace record_sql {

// ---- consultations ----

#define YS_CONSULTATION_COLUMNS                                                         \
  "SELECT id, case_id, date, type, method, content, author_id, created_at, updated_at," \
  " version FROM consultations "
inline constexpr const char* kConsultationById = YS_CONSULTATION_COLUMNS "WHERE id = ?";
inline constexpr const char* kConsultationsByCase = YS_CONSULTATION_COLUMNS
    "WHERE case_id = ?1 AND (?2 = '' OR (date, created_at, id) <"
    " (SELECT date, created_at, id FROM consultations WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY date DESC, created_at DESC, id DESC LIMIT ?3";
#undef YS_CONSULTATION_COLUMNS

// ---- notes ----

#define YS_NOTE_COLUMNS "SELECT id, case_id, at, body, author_id, corrects FROM notes "
inline constexpr const char* kNoteById = YS_NOTE_COLUMNS "WHERE id = ?";
inline constexpr const char* kNotesByCase = YS_NOTE_COLUMNS
    "WHERE case_id = ?1 AND (?2 = '' OR (at, id) <"
    " (SELECT at, id FROM notes WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY at DESC, id DESC LIMIT ?3";
#undef YS_NOTE_COLUMNS

// ---- policies ----

inline constexpr const char* kPoliciesByCase =
    "SELECT id, case_id, decided_at, decided_by, body, next_action, next_action_on"
    " FROM policies WHERE case_id = ?1 AND (?2 = '' OR (decided_at, id) <"
    " (SELECT decided_at, id FROM policies WHERE id = ?2 AND case_id = ?1))"
    " ORDER BY decided_at DESC, id DESC LIMIT ?3";

// A cursor naming a row of another case (or none) matches nothing: the subquery is NULL and the
// row comparison with NULL is not true, so the page is empty rather than the whole case.

}  // namespace record_sql

template <typename Conn>
core::Status SqlConsultationStore<Conn>::Create(const domain::Consultation& c) {
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
  if (!n.ok()) return CaseGoneOnInsert(std::move(n).error());
  return core::Ok();
}

template <typename Conn>
core::Result<domain::Consultation> SqlConsultationStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(record_sql::kConsultationById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such consultation");
  return ReadConsultation(st);
}

template <typename Conn>
core::Result<std::vector<domain::Consultation>> SqlConsultationStore<Conn>::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(record_sql::kConsultationsByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadConsultation);
}

template <typename Conn>
core::Status SqlConsultationStore<Conn>::Update(const domain::Consultation& c,
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
    return core::Error::Conflict("the consultation record was changed meanwhile",
                                 core::codes::kStaleVersion);
  }
  return core::Ok();
}

template <typename Conn>
core::Status SqlNoteStore<Conn>::Append(const domain::Note& n) {
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
  if (!r.ok()) return CaseGoneOnInsert(std::move(r).error());
  return core::Ok();
}

template <typename Conn>
core::Result<domain::Note> SqlNoteStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(record_sql::kNoteById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such note");
  return ReadNote(st);
}

template <typename Conn>
core::Result<std::vector<domain::Note>> SqlNoteStore<Conn>::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(record_sql::kNotesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadNote);
}

template <typename Conn>
core::Result<bool> SqlNoteStore<Conn>::IsCorrected(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT 1 FROM notes WHERE corrects = ? LIMIT 1"));
  st.Bind(1, id);
  return st.Step();
}

template <typename Conn>
core::Status SqlPolicyStore<Conn>::Append(const domain::Policy& p) {
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
  if (!r.ok()) return CaseGoneOnInsert(std::move(r).error());
  return core::Ok();
}

template <typename Conn>
core::Result<std::vector<domain::Policy>> SqlPolicyStore<Conn>::ListByCase(
    std::string_view case_id, const domain::RecordPage& page) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(record_sql::kPoliciesByCase));
  st.Bind(1, case_id).Bind(2, page.after_id).Bind(3, int64_t{page.limit});
  return st.Collect(ReadPolicy);
}

// The case view's six reads, sent together (Conn::RunTogether: pipelined on PostgreSQL, one
// round trip; on SQLite each runs when it is stepped), then read in order.
template <typename Conn>
core::Result<domain::CaseRecords> SqlCaseStore<Conn>::FindWithRecords(std::string_view id,
                                                                      int newest) {
  YS_ASSIGN_OR_RETURN(auto case_row, conn_.Prepare(case_sql::kCaseById));
  YS_ASSIGN_OR_RETURN(auto workers, conn_.Prepare(case_sql::kWorkersByCase));
  YS_ASSIGN_OR_RETURN(auto people, conn_.Prepare(person_sql::kPeopleByCase));
  YS_ASSIGN_OR_RETURN(auto consultations, conn_.Prepare(record_sql::kConsultationsByCase));
  YS_ASSIGN_OR_RETURN(auto notes, conn_.Prepare(record_sql::kNotesByCase));
  YS_ASSIGN_OR_RETURN(auto policies, conn_.Prepare(record_sql::kPoliciesByCase));
  case_row.Bind(1, id);
  workers.Bind(1, id);
  people.Bind(1, id);
  for (auto* st : {&consultations, &notes, &policies}) {
    st->Bind(1, id).Bind(2, std::string_view()).Bind(3, int64_t{newest});
  }
  YS_RETURN_IF_ERROR(
      conn_.RunTogether({&case_row, &workers, &people, &consultations, &notes, &policies}));
  domain::CaseRecords r;
  YS_ASSIGN_OR_RETURN(bool found, case_row.Step());
  if (!found) return core::Error::NotFound("no such case");
  r.case_file = ReadCase(case_row);
  YS_ASSIGN_OR_RETURN(r.case_file.worker_ids,
                      workers.Collect([](const auto& s) { return s.Text(0); }));
  YS_ASSIGN_OR_RETURN(r.people, people.Collect(ReadPerson));
  YS_ASSIGN_OR_RETURN(r.consultations, consultations.Collect(ReadConsultation));
  YS_ASSIGN_OR_RETURN(r.notes, notes.Collect(ReadNote));
  YS_ASSIGN_OR_RETURN(r.policies, policies.Collect(ReadPolicy));
  return r;
}

template <typename Conn>
core::Status SqlSearchStore<Conn>::Put(const domain::SearchDoc& doc) {
  return PutSearchDoc(conn_, doc);  // the backend's hook
}

template <typename Conn>
core::Result<domain::SearchIndexLag> SqlSearchStore<Conn>::Lag() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT (SELECT indexed_through FROM search_index),"
                                             " (SELECT coalesce(max(seq), 0) FROM audit_log)"));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row || st.IsNull(0)) return core::Error::Internal("search index watermark missing");
  return domain::SearchIndexLag{st.Int(0), st.Int(1)};
}

template <typename Conn>
core::Status SqlSearchStore<Conn>::SetIndexedThrough(int64_t seq) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("UPDATE search_index SET indexed_through = ?"));
  YS_ASSIGN_OR_RETURN(int n, st.Bind(1, seq).Exec());
  if (n != 1) return core::Error::Internal("search index watermark missing");
  return core::Ok();
}

template <typename Conn>
core::Result<std::vector<domain::LoggedWrite>> SqlSearchStore<Conn>::LoggedWrites(
    int64_t after_seq, int64_t through_seq) {
  // A range of the primary key; the filter drops the reads, which are most of the log.
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("SELECT seq, action, target_ids FROM audit_log"
                             " WHERE seq > ? AND seq <= ? AND result = 'ok'"
                             " AND action IN ('case.create', 'case.update', 'person.create',"
                             " 'person.update', 'consultation.create', 'consultation.update',"
                             " 'note.create')"
                             " ORDER BY seq"));
  st.Bind(1, after_seq).Bind(2, through_seq);
  std::vector<domain::LoggedWrite> out;
  for (;;) {
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    domain::LoggedWrite w;
    w.seq = st.Int(0);
    w.action = st.Text(1);
    const nlohmann::json ids =
        nlohmann::json::parse(st.Text(2), nullptr, /*allow_exceptions=*/false);
    if (ids.is_array()) {
      for (const auto& id : ids) {
        if (id.is_string()) w.target_ids.push_back(id.get<std::string>());
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

template <typename Conn>
core::Status SqlSearchStore<Conn>::Clear() {
  return ClearSearchDocs(conn_);  // the backend's hook
}

template <typename Conn>
core::Result<std::vector<std::string>> SqlSearchStore<Conn>::CaseIds(std::string_view after_id,
                                                                     int limit) {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?"));
  st.Bind(1, after_id).Bind(2, int64_t{limit});
  return st.Collect([](const auto& s) { return s.Text(0); });
}

template <typename Conn>
core::Result<int64_t> SqlSearchStore<Conn>::CaseCount() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT count(*) FROM cases"));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::Internal("no count");
  return st.Int(0);
}

template <typename Conn>
core::Result<std::vector<std::string>> SqlSearchStore<Conn>::Matching(std::string_view case_id,
                                                                      std::string_view text) {
  // The case's few documents, by the case index; a plain substring test (LIKE with the
  // backslash as escape on both backends).
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT ref_id FROM search_docs WHERE case_id = ?"
                                             " AND text LIKE ? ESCAPE '\\' ORDER BY ref_id"));
  st.Bind(1, case_id).Bind(2, LikePattern(text));
  return st.Collect([](const auto& s) { return s.Text(0); });
}

}  // namespace yorisoi::storage::shared
