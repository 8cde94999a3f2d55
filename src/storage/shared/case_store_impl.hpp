// SqlCaseStore and SqlPersonStore (migration 3; storage/shared/stores.hpp). A case's insert, its
// number counter and its list (which searches) differ by backend: hooks CaseInsertSql,
// NextCaseCounter and CaseListStatement.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "core/error_codes.hpp"
#include "storage/rows.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {
namespace case_sql {

#define YS_CASE_COLUMNS                                                                       \
  "SELECT id, number, received_at, unit_id, status, consultation_type, abuse_types,"          \
  " witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version" \
  " FROM cases "
inline constexpr const char* kCaseById = YS_CASE_COLUMNS "WHERE id = ?";
inline constexpr const char* kWorkersByCase =
    "SELECT user_id FROM case_workers WHERE case_id = ? ORDER BY user_id";
#undef YS_CASE_COLUMNS

}  // namespace case_sql

template <typename Conn>
core::Status SqlCaseStore<Conn>::LoadWorkers(domain::CaseFile& c) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(case_sql::kWorkersByCase));
  st.Bind(1, c.id);
  YS_ASSIGN_OR_RETURN(c.worker_ids, st.Collect([](const auto& s) { return s.Text(0); }));
  return core::Ok();
}

template <typename Conn>
core::Status SqlCaseStore<Conn>::SaveWorkers(const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("DELETE FROM case_workers WHERE case_id = ?"));
    YS_RETURN_IF_ERROR(st.Bind(1, c.id).Exec());
  }
  for (std::size_t i = 0; i < c.worker_ids.size(); ++i) {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn_.Prepare("INSERT INTO case_workers(case_id, user_id) VALUES (?,?)"
                                      " ON CONFLICT DO NOTHING"));
    auto n = st.Bind(1, c.id).Bind(2, c.worker_ids[i]).Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kInvalidArgument) {
        return core::Error::InvalidArgument("worker_ids[" + std::to_string(i) + "]",
                                            "names no user of this tenant",
                                            core::codes::kUnknownUser);
      }
      return std::move(n).error();
    }
  }
  return core::Ok();
}

template <typename Conn>
core::Status SqlCaseStore<Conn>::Create(const domain::CaseFile& c) {
  {
    YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(CaseInsertSql(conn_)));  // the backend's hook
    st.Bind(1, c.id);
    BindCaseFields(st, c, 2);
    st.Bind(12, core::ToUnixMillis(c.created_at))
        .Bind(13, core::ToUnixMillis(c.updated_at))
        .Bind(14, c.version);
    auto n = st.Exec();
    if (!n.ok()) {
      if (n.error().errc == core::Errc::kConflict) {
        return core::Error::Conflict("the case number is taken", core::codes::kNumberTaken);
      }
      if (n.error().errc == core::Errc::kInvalidArgument) {
        return core::Error::InvalidArgument("unit_id", "names no unit of this tenant",
                                            core::codes::kUnknownUnit);
      }
      return std::move(n).error();
    }
  }
  return SaveWorkers(c);
}

template <typename Conn>
core::Result<domain::CaseFile> SqlCaseStore<Conn>::FindById(std::string_view id) {
  // The case and its workers together (one round trip on PostgreSQL): every access check of a
  // record of the case reads both.
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(case_sql::kCaseById));
  YS_ASSIGN_OR_RETURN(auto workers, conn_.Prepare(case_sql::kWorkersByCase));
  st.Bind(1, id);
  workers.Bind(1, id);
  YS_RETURN_IF_ERROR(conn_.RunTogether({&st, &workers}));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such case");
  domain::CaseFile c = ReadCase(st);
  YS_ASSIGN_OR_RETURN(c.worker_ids, workers.Collect([](const auto& s) { return s.Text(0); }));
  return c;
}

template <typename Conn>
core::Status SqlCaseStore<Conn>::Update(const domain::CaseFile& c, int64_t expected_version) {
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
                                            core::codes::kUnknownUnit);
      }
      return std::move(n).error();
    }
    if (*n == 0) {
      YS_RETURN_IF_ERROR(FindById(c.id));
      return core::Error::Conflict("the case was changed meanwhile", core::codes::kStaleVersion);
    }
  }
  return SaveWorkers(c);
}

template <typename Conn>
core::Result<std::string> SqlCaseStore<Conn>::NextNumber(int fiscal_year) {
  YS_ASSIGN_OR_RETURN(int64_t last, NextCaseCounter(conn_, fiscal_year));  // the backend's hook
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%05lld", fiscal_year, static_cast<long long>(last));
  return std::string(buf);
}

// The case list: the backend picks the statement (and how a search text is matched); every
// variant binds ?1..?6 alike, ?7 the filter when there is a text, and the walk ?8 as well (a
// tier's index statement: ?8 the plain text).
template <typename Conn>
core::Result<std::vector<domain::CaseFile>> SqlCaseStore<Conn>::List(
    const domain::CaseListQuery& q) {
  const CaseListSql choice = CaseListStatement(conn_, q.text, q.tier);  // the backend's hook
  auto run = [&](const char* sql, const std::string* filter,
                 std::optional<int64_t> walk) -> core::Result<std::vector<domain::CaseFile>> {
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
    if (filter != nullptr) st.Bind(7, *filter);
    if (walk) {
      st.Bind(8, *walk);
    } else if (q.text && q.tier != domain::CaseListQuery::Tier::kAll) {
      st.Bind(8, *q.text);  // the tier's test of a person document's name lines
    }
    return st.Collect(ReadCase);
  };
  std::vector<domain::CaseFile> out;
  bool answered = false;
  bool common = true;
  if (q.text && choice.probe_sql != nullptr) {
    YS_ASSIGN_OR_RETURN(auto probe, conn_.Prepare(choice.probe_sql));
    probe.Bind(1, choice.filter).Bind(2, kSearchProbeCap);
    YS_ASSIGN_OR_RETURN(bool row, probe.Step());
    common = row && probe.Int(0) >= kSearchProbeCap;
  }
  if (q.text && common && choice.walk_sql != nullptr) {
    YS_ASSIGN_OR_RETURN(out, run(choice.walk_sql, &choice.walk_filter, SearchWalkCases(q.limit)));
    answered = static_cast<int64_t>(out.size()) >= int64_t{q.limit};
  }
  if (!answered) {
    YS_ASSIGN_OR_RETURN(out, run(choice.sql, q.text ? &choice.filter : nullptr, std::nullopt));
  }
  for (auto& c : out) YS_RETURN_IF_ERROR(LoadWorkers(c));
  return out;
}

// ---------------------------------------------------------------------------------------------

namespace person_sql {

#define YS_PERSON_COLUMNS                                                                        \
  "SELECT id, case_id, role, name, name_kana, sex, relationship, birth_date, address,"           \
  " affiliation_kind, affiliation_name, grade_override, workplace, health, clinic, nationality," \
  " residence_status, created_at, updated_at, version FROM people "
inline constexpr const char* kPersonById = YS_PERSON_COLUMNS "WHERE id = ?";
inline constexpr const char* kPeopleByCase = YS_PERSON_COLUMNS
    "WHERE case_id = ? ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'expectant_mother' THEN 1"
    " WHEN 'guardian' THEN 2 WHEN 'relative' THEN 3 ELSE 4 END, created_at, id";
#undef YS_PERSON_COLUMNS

}  // namespace person_sql

template <typename Conn>
core::Status SqlPersonStore<Conn>::Create(const domain::Person& p) {
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

template <typename Conn>
core::Result<domain::Person> SqlPersonStore<Conn>::FindById(std::string_view id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(person_sql::kPersonById));
  st.Bind(1, id);
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::NotFound("no such person");
  return ReadPerson(st);
}

template <typename Conn>
core::Result<std::vector<domain::Person>> SqlPersonStore<Conn>::ListByCase(
    std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare(person_sql::kPeopleByCase));
  st.Bind(1, case_id);
  return st.Collect(ReadPerson);
}

template <typename Conn>
core::Status SqlPersonStore<Conn>::Update(const domain::Person& p, int64_t expected_version) {
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
    return core::Error::Conflict("the person was changed meanwhile", core::codes::kStaleVersion);
  }
  return core::Ok();
}

}  // namespace yorisoi::storage::shared
