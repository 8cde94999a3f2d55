#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "domain/validation.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite/stores.hpp"

namespace yorisoi::storage::sqlite {
namespace {

#define YS_CASE_COLUMNS                                                                       \
  "SELECT id, number, received_at, unit_id, status, consultation_type, abuse_types,"          \
  " witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version" \
  " FROM cases "
constexpr const char* kCaseById = YS_CASE_COLUMNS "WHERE id = ?";
#undef YS_CASE_COLUMNS

core::Status LoadWorkers(Connection& conn, domain::CaseFile& c) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn.Prepare("SELECT user_id FROM case_workers WHERE case_id = ? ORDER BY user_id"));
  st.Bind(1, c.id);
  YS_ASSIGN_OR_RETURN(c.worker_ids, st.Collect([](const Statement& s) { return s.Text(0); }));
  return core::Ok();
}

core::Status SaveWorkers(Connection& conn, const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("DELETE FROM case_workers WHERE case_id = ?"));
    YS_RETURN_IF_ERROR(st.Bind(1, c.id).Exec());
  }
  for (std::size_t i = 0; i < c.worker_ids.size(); ++i) {
    YS_ASSIGN_OR_RETURN(
        auto st, conn.Prepare("INSERT OR IGNORE INTO case_workers(case_id, user_id) VALUES (?,?)"));
    auto n = st.Bind(1, c.id).Bind(2, c.worker_ids[i]).Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kInvalidArgument) {
        return core::Error::InvalidArgument("worker_ids[" + std::to_string(i) + "]",
                                            "names no user of this tenant", "unknown_user");
      }
      return std::move(n).error();
    }
  }
  return core::Ok();
}

}  // namespace

core::Status SqliteCaseStore::Create(const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO cases(id, number, received_at, "
                                      "unit_id, status, consultation_type, abuse_types,"
                                      " witnessed_dv, referral_route, yotaikyo_class, "
                                      "household, created_at, updated_at, version, search_key)"
                                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                                      " (SELECT coalesce(max(search_key), 0) + 1"
                                      "  FROM cases))"));
    st.Bind(1, c.id);
    BindCaseFields(st, c, 2);
    st.Bind(12, core::ToUnixMillis(c.created_at))
        .Bind(13, core::ToUnixMillis(c.updated_at))
        .Bind(14, c.version);
    auto n = st.Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kConflict) {
        return core::Error::Conflict("the case number is taken", "number_taken");
      }
      if (n.error().errc == core::Errc::kInvalidArgument) {
        return core::Error::InvalidArgument("unit_id", "names no unit of this tenant",
                                            "unknown_unit");
      }
      return std::move(n).error();
    }
  }
  return SaveWorkers(conn_, c);
}

core::Result<domain::CaseFile> SqliteCaseStore::FindById(std::string_view id) {
  domain::CaseFile c;
  {
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kCaseById));
    st.Bind(1, id);
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return core::Error::NotFound("no such case");
    c = ReadCase(st);
  }
  YS_RETURN_IF_ERROR(LoadWorkers(conn_, c));
  return c;
}

core::Status SqliteCaseStore::Update(const domain::CaseFile& c, int64_t expected_version) {
  {
    YS_ASSIGN_OR_RETURN(
        auto st,
        conn_.Prepare(
            "UPDATE cases SET number = ?, received_at = ?, unit_id = ?, status = ?,"
            " consultation_type = ?, abuse_types = ?, witnessed_dv = ?, referral_route = ?,"
            " yotaikyo_class = ?, household = ?, updated_at = ?, version = version + 1"
            " WHERE id = ? AND version = ?"));
    BindCaseFields(st, c, 1);
    st.Bind(11, core::ToUnixMillis(c.updated_at)).Bind(12, c.id).Bind(13, expected_version);
    auto n = st.Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kInvalidArgument) {
        return core::Error::InvalidArgument("unit_id", "names no unit of this tenant",
                                            "unknown_unit");
      }
      return std::move(n).error();
    }
    if (*n == 0) {
      YS_RETURN_IF_ERROR(FindById(c.id));
      return core::Error::Conflict("the case was changed meanwhile", "stale_version");
    }
  }
  return SaveWorkers(conn_, c);
}

core::Result<std::string> SqliteCaseStore::NextNumber(int fiscal_year) {
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO case_numbers(fiscal_year, last) VALUES (?, 1)"
                                      " ON CONFLICT(fiscal_year) DO UPDATE SET last = last + 1"));
    YS_RETURN_IF_ERROR(st.Bind(1, int64_t{fiscal_year}).Exec());
  }
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT last FROM case_numbers WHERE fiscal_year = ?"));
  st.Bind(1, int64_t{fiscal_year});
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::Internal("case number counter missing");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%05lld", fiscal_year, static_cast<long long>(st.Int(0)));
  return std::string(buf);
}

namespace {

// Scope (units or assignment), optional filters and a keyset cursor; ?7 is the search filter of
// the FTS and LIKE variants. Three static texts, so each is prepared once per connection.
#define YS_CASE_LIST_HEAD                                                            \
  "SELECT c.id, c.number, c.received_at, c.unit_id, c.status, c.consultation_type,"  \
  " c.abuse_types, c.witnessed_dv, c.referral_route, c.yotaikyo_class, c.household," \
  " c.created_at, c.updated_at, c.version FROM cases c"                              \
  " WHERE (c.unit_id IN (SELECT value FROM json_each(?1))"                           \
  "        OR (?2 <> '' AND EXISTS (SELECT 1 FROM case_workers w"                    \
  "                                 WHERE w.case_id = c.id AND w.user_id = ?2)))"    \
  " AND (?3 IS NULL OR c.status = ?3)"                                               \
  " AND (?4 IS NULL OR c.unit_id = ?4)"                                              \
  " AND (?5 = '' OR (c.received_at, c.id) <"                                         \
  "      (SELECT x.received_at, x.id FROM cases x WHERE x.id = ?5"                   \
  "       AND (x.unit_id IN (SELECT value FROM json_each(?1))"                       \
  "            OR EXISTS (SELECT 1 FROM case_workers w"                              \
  "                       WHERE w.case_id = x.id AND w.user_id = ?2))))"
#define YS_CASE_LIST_TAIL " ORDER BY c.received_at DESC, c.id DESC LIMIT ?6"
constexpr const char* kListCases = YS_CASE_LIST_HEAD YS_CASE_LIST_TAIL;
// 3+ characters: the trigram index (the query is one quoted FTS5 phrase); a hit's rowid names
// its case (rowid >> 20 = cases.search_key, see migration 5).
constexpr const char* kSearchCasesFts = YS_CASE_LIST_HEAD
    " AND c.search_key IN (SELECT rowid >> 20 FROM search_fts WHERE search_fts MATCH "
    "?7)" YS_CASE_LIST_TAIL;
// 1-2 characters: trigrams cannot answer, so a substring scan of each case's documents, newest
// case first, which stops once a page is full (a common word is found in the newest cases).
constexpr const char* kSearchCasesLike = YS_CASE_LIST_HEAD
    " AND EXISTS (SELECT 1 FROM search_docs d WHERE d.rowid BETWEEN (c.search_key << 20)"
    "             AND (c.search_key << 20) + 1048575 AND d.text LIKE ?7 ESCAPE "
    "'\\')" YS_CASE_LIST_TAIL;
#undef YS_CASE_LIST_HEAD
#undef YS_CASE_LIST_TAIL

std::string FtsPhrase(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

}  // namespace

core::Result<std::vector<domain::CaseFile>> SqliteCaseStore::List(const domain::CaseListQuery& q) {
  const char* sql = kListCases;
  std::string filter;
  if (q.text) {
    if (domain::CodePointCount(*q.text) >= 3) {
      sql = kSearchCasesFts;
      filter = FtsPhrase(*q.text);
    } else {
      sql = kSearchCasesLike;
      filter = LikePattern(*q.text);
    }
  }
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(sql));
  st.Bind(1, ToJsonArray(q.unit_ids)).Bind(2, q.or_worker_id);
  if (q.status) {
    st.Bind(3, *q.status);
  } else {
    st.BindNull(3);
  }
  if (q.unit_id) {
    st.Bind(4, *q.unit_id);
  } else {
    st.BindNull(4);
  }
  st.Bind(5, q.after_id).Bind(6, int64_t{q.limit});
  if (q.text) st.Bind(7, filter);
  YS_ASSIGN_OR_RETURN(auto out, st.Collect(ReadCase));
  for (auto& c : out) YS_RETURN_IF_ERROR(LoadWorkers(conn_, c));
  return out;
}

// ---------------------------------------------------------------------------------------------

namespace {

#define YS_PERSON_COLUMNS                                                                        \
  "SELECT id, case_id, role, name, name_kana, sex, relationship, birth_date, address,"           \
  " affiliation_kind, affiliation_name, grade_override, workplace, health, clinic, nationality," \
  " residence_status, created_at, updated_at, version FROM people "
constexpr const char* kPersonById = YS_PERSON_COLUMNS "WHERE id = ?";
constexpr const char* kPeopleByCase = YS_PERSON_COLUMNS
    "WHERE case_id = ? ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'expectant_mother' THEN 1"
    " WHEN 'guardian' THEN 2 WHEN 'relative' THEN 3 ELSE 4 END, created_at, id";
#undef YS_PERSON_COLUMNS

}  // namespace

core::Status SqlitePersonStore::Create(const domain::Person& p) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "INSERT INTO people(id, case_id, role, name, name_kana, sex, relationship, birth_date,"
          " address, affiliation_kind, affiliation_name, grade_override, workplace, health, clinic,"
          " nationality, residence_status, created_at, updated_at, version)"
          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  st.Bind(1, p.id).Bind(2, p.case_id);
  BindPersonFields(st, p, 3);
  st.Bind(18, core::ToUnixMillis(p.created_at))
      .Bind(19, core::ToUnixMillis(p.updated_at))
      .Bind(20, p.version);
  auto n = st.Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kInvalidArgument)
      return core::Error::NotFound("no such case");
    return std::move(n).error();
  }
  return core::Ok();
}

core::Result<domain::Person> SqlitePersonStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPersonById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such person");
  return ReadPerson(st);
}

core::Result<std::vector<domain::Person>> SqlitePersonStore::ListByCase(std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPeopleByCase));
  st.Bind(1, case_id);
  return st.Collect(ReadPerson);
}

core::Status SqlitePersonStore::Update(const domain::Person& p, int64_t expected_version) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare(
                   "UPDATE people SET role = ?, name = ?, name_kana = ?, sex = ?, relationship = ?,"
                   " birth_date = ?, address = ?, affiliation_kind = ?, affiliation_name = ?,"
                   " grade_override = ?, workplace = ?, health = ?, clinic = ?, nationality = ?,"
                   " residence_status = ?, updated_at = ?, version = version + 1"
                   " WHERE id = ? AND version = ?"));
  BindPersonFields(st, p, 1);
  st.Bind(16, core::ToUnixMillis(p.updated_at)).Bind(17, p.id).Bind(18, expected_version);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) {
    YS_RETURN_IF_ERROR(FindById(p.id));
    return core::Error::Conflict("the person was changed meanwhile", "stale_version");
  }
  return core::Ok();
}

}  // namespace yorisoi::storage::sqlite
