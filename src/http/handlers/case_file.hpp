// The case file's resources, one file each, all served by domain::CaseService (which scopes,
// validates and audits): cases.cpp (the cases, their list and search), people.cpp,
// consultations.cpp (相談記録), notes.cpp (経過記録), policies.cpp (対応方針). Handlers only turn
// JSON into domain values, call the service and write the views. This header holds what they
// share: page parameters, PATCH members, the 409 stale_version answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.hpp"
#include "domain/cases/case_service.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

// AddCaseRoutes (handlers.hpp, cases.cpp) adds these, in this order, after the cases' own.
void AddPeopleRoutes(Router& router, ApiServices& services);        // people.cpp
void AddConsultationRoutes(Router& router, ApiServices& services);  // consultations.cpp
void AddNoteRoutes(Router& router, ApiServices& services);          // notes.cpp
void AddPolicyRoutes(Router& router, ApiServices& services);        // policies.cpp
void AddBreakGlassRoutes(Router& router, ApiServices& services);    // break_glass.cpp

// 400 required for a member that must be there.
core::Error Required(std::string_view field);

// --- Query strings

// "after" (the `next` of the previous page) or "limit" (1..200).
core::Status ReadPageParam(std::string_view key, std::string_view value, std::string& after,
                           int& limit);
// ?after=&limit= of a case's record list.
core::Result<domain::RecordPage> ReadRecordPage(const net::Request& request);

// --- Request bodies. A PATCH sets the members it carries and leaves the others; null is
// accepted only where the answer can hold null (birth_date, corrects, next_action_on).

template <typename T>
using Change = std::optional<T>;  // absent: leave as it is

// A member that may be left out but has no null.
core::Status NotNull(const JsonObject& body, std::string_view field);
// A member that may be null: nullopt when absent, an empty inner value for null.
core::Result<Change<std::optional<std::string>>> NullableString(const JsonObject& body,
                                                                std::string_view field);
core::Result<Change<std::optional<core::Date>>> NullableDate(const JsonObject& body,
                                                             std::string_view field);
core::Result<Change<core::Date>> DateIfPresent(const JsonObject& body, std::string_view field);
// The "version" of a PATCH: the version answered with the record.
core::Result<int64_t> ReadVersion(const JsonObject& body);

// --- Answers

bool IsStale(const core::Error& e);

// 409 stale_version with "current": the record as it is now (a fresh, audited read), and
// "changes": who saved it since the version the PATCH was based on (`sent_version`), newest first,
// from the audit log (`action`: "person.update" ...), for the app's three-way merge to name them.
template <typename T, typename Write, typename VersionOf>
core::Result<net::Response> StaleAnswer(ApiServices& s, RequestContext& ctx,
                                        const core::Error& stale, core::Result<T> current,
                                        Write write, std::string_view action, std::string_view id,
                                        int64_t sent_version, VersionOf version_of) {
  if (!current.ok()) return std::move(current).error();
  YS_ASSIGN_OR_RETURN(auto changes, s.cases.ChangesSince(*ctx.principal, action, id,
                                                         version_of(*current) - sent_version));
  return ErrorResponse(stale, [&](JsonWriter& w) {
    w.Key("current");
    write(w, *current);
    w.Key("changes").BeginArray();
    for (const auto& c : changes) {
      w.BeginObject()
          .Field("user_id", c.user_id)
          .Field("user_name", c.user_name)
          .Field("at", core::FormatIso8601Utc(c.at))
          .EndObject();
    }
    w.EndArray();
  });
}

// One record as the answer.
template <typename T, typename View>
net::Response One(int status, const T& record, View view) {
  JsonWriter w;
  view(w, record);
  return JsonResponse(status, w.Take());
}

}  // namespace yorisoi::http
