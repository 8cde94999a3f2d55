#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "storage/postgres/stores.hpp"
#include "storage/rows.hpp"

namespace yorisoi::storage::postgres {
namespace {

#define YS_CASE_COLUMNS                                                                       \
  "SELECT id, number, received_at, unit_id, status, consultation_type, abuse_types,"          \
  " witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version" \
  " FROM cases "
constexpr const char* kCaseById = YS_CASE_COLUMNS "WHERE id = $1";
#undef YS_CASE_COLUMNS

core::Status LoadWorkers(Connection& conn, domain::CaseFile& c) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn.Prepare("SELECT user_id FROM case_workers WHERE case_id = $1 ORDER BY user_id"));
  st.Bind(1, c.id);
  YS_ASSIGN_OR_RETURN(c.worker_ids, st.Collect([](const Statement& s) { return s.Text(0); }));
  return core::Ok();
}

core::Status SaveWorkers(Connection& conn, const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("DELETE FROM case_workers WHERE case_id = $1"));
    YS_RETURN_IF_ERROR(st.Bind(1, c.id).Exec());
  }
  for (std::size_t i = 0; i < c.worker_ids.size(); ++i) {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn.Prepare("INSERT INTO case_workers(case_id, user_id) VALUES ($1,$2)"
                                     " ON CONFLICT DO NOTHING"));
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

core::Status PostgresCaseStore::Create(const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO cases(id, number, received_at, "
                                      "unit_id, status, consultation_type, abuse_types,"
                                      " witnessed_dv, referral_route, yotaikyo_class, "
                                      "household, created_at, updated_at, version)"
                                      " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)"));
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

core::Result<domain::CaseFile> PostgresCaseStore::FindById(std::string_view id) {
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

core::Status PostgresCaseStore::Update(const domain::CaseFile& c, int64_t expected_version) {
  {
    YS_ASSIGN_OR_RETURN(
        auto st,
        conn_.Prepare(
            "UPDATE cases SET number = $1, received_at = $2, unit_id = $3, status = $4,"
            " consultation_type = $5, abuse_types = $6, witnessed_dv = $7, referral_route = $8,"
            " yotaikyo_class = $9, household = $10, updated_at = $11, version = version + 1"
            " WHERE id = $12 AND version = $13"));
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

core::Result<std::string> PostgresCaseStore::NextNumber(int fiscal_year) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("INSERT INTO case_numbers(fiscal_year, last) VALUES ($1, 1)"
                             " ON CONFLICT(fiscal_year) DO UPDATE SET last = case_numbers.last + 1"
                             " RETURNING last"));
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
  " WHERE (c.unit_id IN (SELECT jsonb_array_elements_text($1::jsonb))"               \
  "        OR ($2::text <> '' AND EXISTS (SELECT 1 FROM case_workers w"              \
  "                                 WHERE w.case_id = c.id AND w.user_id = $2)))"    \
  " AND ($3::text IS NULL OR c.status = $3)"                                         \
  " AND ($4::text IS NULL OR c.unit_id = $4)"                                        \
  " AND ($5::text = '' OR (c.received_at, c.id) <"                                   \
  "      (SELECT x.received_at, x.id FROM cases x WHERE x.id = $5"                   \
  "       AND (x.unit_id IN (SELECT jsonb_array_elements_text($1::jsonb))"           \
  "            OR EXISTS (SELECT 1 FROM case_workers w"                              \
  "                       WHERE w.case_id = x.id AND w.user_id = $2))))"
#define YS_CASE_LIST_TAIL " ORDER BY c.received_at DESC, c.id DESC LIMIT $6::bigint"
constexpr const char* kListCases = YS_CASE_LIST_HEAD YS_CASE_LIST_TAIL;
// Search: the case has a document containing the text. pg_trgm's GIN index answers LIKE for 3+
// characters; shorter texts scan each case's documents, newest case first, which stops once a
// page is full. One statement for both: the planner picks.
constexpr const char* kSearchCases = YS_CASE_LIST_HEAD
    " AND EXISTS (SELECT 1 FROM search_docs d WHERE d.case_id = c.id"
    "             AND d.text LIKE $7::text)" YS_CASE_LIST_TAIL;
#undef YS_CASE_LIST_HEAD
#undef YS_CASE_LIST_TAIL

std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';  // LIKE's default escape
    out += ch;
  }
  out += '%';
  return out;
}

}  // namespace

core::Result<std::vector<domain::CaseFile>> PostgresCaseStore::List(
    const domain::CaseListQuery& q) {
  const char* sql = kListCases;
  std::string filter;
  if (q.text) {
    sql = kSearchCases;
    filter = LikePattern(*q.text);
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
constexpr const char* kPersonById = YS_PERSON_COLUMNS "WHERE id = $1";
constexpr const char* kPeopleByCase = YS_PERSON_COLUMNS
    "WHERE case_id = $1 ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'expectant_mother' THEN 1"
    " WHEN 'guardian' THEN 2 WHEN 'relative' THEN 3 ELSE 4 END, created_at, id";
#undef YS_PERSON_COLUMNS

}  // namespace

core::Status PostgresPersonStore::Create(const domain::Person& p) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "INSERT INTO people(id, case_id, role, name, name_kana, sex, relationship, birth_date,"
          " address, affiliation_kind, affiliation_name, grade_override, workplace, health, clinic,"
          " nationality, residence_status, created_at, updated_at, version)"
          " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)"));
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

core::Result<domain::Person> PostgresPersonStore::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPersonById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such person");
  return ReadPerson(st);
}

core::Result<std::vector<domain::Person>> PostgresPersonStore::ListByCase(
    std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(kPeopleByCase));
  st.Bind(1, case_id);
  return st.Collect(ReadPerson);
}

core::Status PostgresPersonStore::Update(const domain::Person& p, int64_t expected_version) {
  YS_ASSIGN_OR_RETURN(
      auto st,
      conn_.Prepare(
          "UPDATE people SET role = $1, name = $2, name_kana = $3, sex = $4, relationship = $5,"
          " birth_date = $6, address = $7, affiliation_kind = $8, affiliation_name = $9,"
          " grade_override = $10, workplace = $11, health = $12, clinic = $13, nationality = $14,"
          " residence_status = $15, updated_at = $16, version = version + 1"
          " WHERE id = $17 AND version = $18"));
  BindPersonFields(st, p, 1);
  st.Bind(16, core::ToUnixMillis(p.updated_at)).Bind(17, p.id).Bind(18, expected_version);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) {
    YS_RETURN_IF_ERROR(FindById(p.id));
    return core::Error::Conflict("the person was changed meanwhile", "stale_version");
  }
  return core::Ok();
}

}  // namespace yorisoi::storage::postgres
