// The case file: cases, their people, 相談記録 (consultations), 経過記録 (notes) and 対応方針
// (policies). Handlers only turn JSON into domain values, call domain::CaseService (which scopes,
// validates and audits) and write the views. A stale PATCH answers 409 stale_version with
// "current", the record as it is now.
//   GET/POST  /api/v1/cases                          GET/PATCH /api/v1/cases/{id}
//   POST      /api/v1/cases/{id}/people              PATCH     /api/v1/people/{id}
//   GET/POST  /api/v1/cases/{id}/consultations       PATCH     /api/v1/consultations/{id}
//   GET/POST  /api/v1/cases/{id}/notes               GET/POST  /api/v1/cases/{id}/policies
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/users/user.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

core::Error Required(std::string_view field) {
  return core::Error::InvalidArgument(std::string(field), "is required", "required");
}

// ---------------------------------------------------------------------------------------------
// Query strings

constexpr int kMaxLimit = 200;
constexpr std::size_t kMaxCursor = 128;

// "after" (the `next` of the previous page) or "limit" (1..200).
core::Status ReadPageParam(std::string_view key, std::string_view value, std::string& after,
                           int& limit) {
  if (key == "after") {
    if (value.empty() || value.size() > kMaxCursor) {
      return core::Error::InvalidArgument("after", "must be the next cursor of the previous page",
                                          "invalid_cursor");
    }
    after = std::string(value);
    return core::Ok();
  }
  YS_ASSIGN_OR_RETURN(const int64_t v, QueryInt(value, "limit", 1, kMaxLimit,
                                                "must be a whole number from 1 to 200"));
  limit = static_cast<int>(v);
  return core::Ok();
}

core::Result<domain::RecordPage> ReadRecordPage(const net::Request& request) {
  YS_ASSIGN_OR_RETURN(auto params, ParseQuery(request.Query(), {"after", "limit"}));
  domain::RecordPage page;
  for (const auto& [key, value] : params) {
    YS_RETURN_IF_ERROR(ReadPageParam(key, value, page.after_id, page.limit));
  }
  return page;
}

// ---------------------------------------------------------------------------------------------
// Request bodies. A PATCH sets the members it carries and leaves the others; null is accepted
// only where the answer can hold null (birth_date, corrects, next_action_on).

template <typename T>
using Change = std::optional<T>;  // absent: leave as it is

// A member that may be left out but has no null.
core::Status NotNull(const JsonObject& body, std::string_view field) {
  if (body.Contains(field) && !body.Has(field)) {
    return core::Error::InvalidArgument(std::string(field), "must not be null", "invalid_type");
  }
  return core::Ok();
}

// A member that may be null: nullopt when absent, an empty inner value for null.
core::Result<Change<std::optional<std::string>>> NullableString(const JsonObject& body,
                                                                std::string_view field) {
  if (!body.Contains(field)) return Change<std::optional<std::string>>();
  if (!body.Has(field)) return std::make_optional(std::optional<std::string>());
  YS_ASSIGN_OR_RETURN(std::string v, body.String(field));
  return std::make_optional(std::optional<std::string>(std::move(v)));
}

core::Result<Change<std::optional<core::Date>>> NullableDate(const JsonObject& body,
                                                             std::string_view field) {
  YS_ASSIGN_OR_RETURN(auto text, NullableString(body, field));
  if (!text) return Change<std::optional<core::Date>>();
  if (!*text) return std::make_optional(std::optional<core::Date>());
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(**text, field));
  return std::make_optional(std::optional<core::Date>(d));
}

core::Result<Change<core::Date>> DateIfPresent(const JsonObject& body, std::string_view field) {
  YS_ASSIGN_OR_RETURN(auto text, body.StringIfPresent(field));
  if (!text) return Change<core::Date>();
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(*text, field));
  return std::make_optional(d);
}

core::Result<int64_t> ReadVersion(const JsonObject& body) {
  YS_ASSIGN_OR_RETURN(int64_t v, body.Int("version"));
  if (v < 1) {
    return core::Error::InvalidArgument("version", "must be the version answered with the record",
                                        "invalid_number");
  }
  return v;
}

bool IsStale(const core::Error& e) {
  return e.errc == core::Errc::kConflict && e.code == "stale_version";
}

// 409 stale_version with "current": the record as it is now (a fresh, audited read).
template <typename T, typename Write>
core::Result<net::Response> StaleAnswer(const core::Error& stale, core::Result<T> current,
                                        Write write) {
  if (!current.ok()) return std::move(current).error();
  return ErrorResponse(stale, [&](JsonWriter& w) {
    w.Key("current");
    write(w, *current);
  });
}

// --- Cases

struct CaseChange {
  Change<core::TimePoint> received_at;
  Change<std::string> unit_id, status, referral_route, yotaikyo_class, household;
  Change<domain::ConsultationType> consultation_type;
  Change<std::vector<std::string>> worker_ids;

  void ApplyTo(domain::CaseFile& c) const {
    if (received_at) c.received_at = *received_at;
    if (unit_id) c.unit_id = *unit_id;
    if (status) c.status = *status;
    if (consultation_type) c.consultation_type = *consultation_type;
    if (referral_route) c.referral_route = *referral_route;
    if (yotaikyo_class) c.yotaikyo_class = *yotaikyo_class;
    if (household) c.household = *household;
    if (worker_ids) c.worker_ids = *worker_ids;
  }
};

// The whole consultation_type object: code, abuse_types (default none), witnessed_dv (false).
core::Result<domain::ConsultationType> ReadConsultationType(const JsonObject& body) {
  YS_ASSIGN_OR_RETURN(JsonObject o,
                      body.Object("consultation_type", {"code", "abuse_types", "witnessed_dv"}));
  domain::ConsultationType t;
  YS_ASSIGN_OR_RETURN(t.code, o.String("code"));
  YS_ASSIGN_OR_RETURN(t.abuse_types, o.StringArray("abuse_types", false));
  if (o.Contains("witnessed_dv")) {
    YS_ASSIGN_OR_RETURN(t.witnessed_dv, o.Bool("witnessed_dv"));
  }
  return t;
}

core::Result<CaseChange> ReadCaseChange(const JsonObject& body) {
  CaseChange c;
  YS_ASSIGN_OR_RETURN(auto received, body.StringIfPresent("received_on"));
  if (received) {
    YS_ASSIGN_OR_RETURN(c.received_at, core::ParseIso8601(*received, "received_on"));
  }
  YS_ASSIGN_OR_RETURN(c.unit_id, body.StringIfPresent("unit_id"));
  YS_ASSIGN_OR_RETURN(c.status, body.StringIfPresent("status"));
  YS_RETURN_IF_ERROR(NotNull(body, "consultation_type"));
  if (body.Contains("consultation_type")) {
    YS_ASSIGN_OR_RETURN(c.consultation_type, ReadConsultationType(body));
  }
  YS_ASSIGN_OR_RETURN(c.referral_route, body.StringIfPresent("referral_route"));
  YS_ASSIGN_OR_RETURN(c.yotaikyo_class, body.StringIfPresent("yotaikyo_class"));
  YS_ASSIGN_OR_RETURN(c.household, body.StringIfPresent("household"));
  YS_RETURN_IF_ERROR(NotNull(body, "worker_ids"));
  if (body.Contains("worker_ids")) {
    YS_ASSIGN_OR_RETURN(c.worker_ids, body.StringArray("worker_ids", true));
  }
  return c;
}

// --- People

struct PersonText {
  std::string_view field;
  std::string domain::Person::*member;
};
// The text and code members of a person, as the JSON names them.
const PersonText kPersonText[] = {
    {"role", &domain::Person::role},
    {"name", &domain::Person::name},
    {"name_kana", &domain::Person::name_kana},
    {"sex", &domain::Person::sex},
    {"relationship", &domain::Person::relationship},
    {"address", &domain::Person::address},
    {"grade_override", &domain::Person::grade_override},
    {"workplace", &domain::Person::workplace},
    {"health", &domain::Person::health},
    {"clinic", &domain::Person::clinic},
    {"nationality", &domain::Person::nationality},
    {"residence_status", &domain::Person::residence_status},
};

struct PersonChange {
  std::vector<std::pair<std::string domain::Person::*, std::string>> text;
  Change<std::optional<core::Date>> birth_date;
  Change<std::pair<std::string, std::string>> school;  // kind, name

  void ApplyTo(domain::Person& p) const {
    for (const auto& [member, value] : text) p.*member = value;
    if (birth_date) p.birth_date = *birth_date;
    if (school) {
      p.affiliation_kind = school->first;
      p.affiliation_name = school->second;
    }
  }
};

core::Result<PersonChange> ReadPersonChange(const JsonObject& body) {
  PersonChange change;
  for (const PersonText& t : kPersonText) {
    YS_ASSIGN_OR_RETURN(auto value, body.StringIfPresent(t.field));
    if (value) change.text.emplace_back(t.member, std::move(*value));
  }
  YS_ASSIGN_OR_RETURN(change.birth_date, NullableDate(body, "birth_date"));
  YS_RETURN_IF_ERROR(NotNull(body, "school"));
  if (body.Contains("school")) {
    // The whole object: a member left out is empty.
    YS_ASSIGN_OR_RETURN(JsonObject school, body.Object("school", {"kind", "name"}));
    YS_ASSIGN_OR_RETURN(auto kind, school.StringIfPresent("kind"));
    YS_ASSIGN_OR_RETURN(auto name, school.StringIfPresent("name"));
    change.school.emplace(kind.value_or(""), name.value_or(""));
  }
  return change;
}

// --- Consultations

struct ConsultationChange {
  Change<core::Date> date;
  Change<std::string> type, method, content;

  void ApplyTo(domain::Consultation& c) const {
    if (date) c.date = *date;
    if (type) c.type = *type;
    if (method) c.method = *method;
    if (content) c.content = *content;
  }
};

core::Result<ConsultationChange> ReadConsultationChange(const JsonObject& body) {
  ConsultationChange c;
  YS_ASSIGN_OR_RETURN(c.date, DateIfPresent(body, "date"));
  YS_ASSIGN_OR_RETURN(c.type, body.StringIfPresent("type"));
  YS_ASSIGN_OR_RETURN(c.method, body.StringIfPresent("method"));
  YS_ASSIGN_OR_RETURN(c.content, body.StringIfPresent("content"));
  return c;
}

// ---------------------------------------------------------------------------------------------
// Answers

net::Response CaseViewResponse(int status, const domain::CaseView& view, core::Date today) {
  JsonWriter w;
  WriteCaseView(w, view, today);
  return JsonResponse(status, w.Take());
}

template <typename T, typename View>
net::Response One(int status, const T& record, View view) {
  JsonWriter w;
  view(w, record);
  return JsonResponse(status, w.Take());
}

}  // namespace

void AddCaseRoutes(Router& router, ApiServices& s) {
  // --- Cases

  router.Add(
      {"GET", "/api/v1/cases", Action::kReadCases,
       [&s](RequestContext& ctx) -> core::Result<net::Response> {
         YS_ASSIGN_OR_RETURN(auto params, ParseQuery(ctx.request.Query(),
                                                     {"q", "status", "unit", "after", "limit"}));
         domain::CaseListQuery query;
         std::string q;
         for (const auto& [key, value] : params) {
           if (key == "q") {
             q = value;
           } else if (key == "status") {
             query.status = value;  // checked against the code list by the service
           } else if (key == "unit") {
             YS_RETURN_IF_ERROR(domain::ValidateUnitId(value, "unit"));
             query.unit_id = value;
           } else {  // after, limit
             YS_RETURN_IF_ERROR(ReadPageParam(key, value, query.after_id, query.limit));
           }
         }
         YS_ASSIGN_OR_RETURN(auto page, s.cases.ListCases(*ctx.principal, std::move(query), q));
         return JsonResponse(200, PageJson(page, WriteCaseListItem));
       }});

  router.Add(
      {"POST", "/api/v1/cases", Action::kWriteCases,
       [&s](RequestContext& ctx) -> core::Result<net::Response> {
         YS_ASSIGN_OR_RETURN(
             auto body,
             JsonObject::Parse(ctx.request,
                               {"received_on", "unit_id", "consultation_type", "referral_route",
                                "yotaikyo_class", "household", "worker_ids"},
                               {"id", "number", "status", "version", "created_at", "updated_at",
                                "next_action", "people", "consultations", "notes", "policies"}));
         for (std::string_view field : {"received_on", "unit_id", "consultation_type"}) {
           if (!body.Has(field)) return Required(field);
         }
         YS_ASSIGN_OR_RETURN(std::string route, body.String("referral_route"));
         if (route.empty()) return Required("referral_route");
         YS_ASSIGN_OR_RETURN(CaseChange change, ReadCaseChange(body));
         domain::CaseFile input;
         change.ApplyTo(input);
         YS_ASSIGN_OR_RETURN(auto view, s.cases.CreateCase(*ctx.principal, std::move(input)));
         return CaseViewResponse(201, view, s.cases.Today());
       }});

  router.Add({"GET", "/api/v1/cases/{id}", Action::kReadCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto view, s.cases.GetCase(*ctx.principal, ctx.Param("id")));
                return CaseViewResponse(200, view, s.cases.Today());
              }});

  router.Add(
      {"PATCH", "/api/v1/cases/{id}", Action::kWriteCases,
       [&s](RequestContext& ctx) -> core::Result<net::Response> {
         YS_ASSIGN_OR_RETURN(
             auto body,
             JsonObject::Parse(ctx.request,
                               {"version", "received_on", "unit_id", "status", "consultation_type",
                                "referral_route", "yotaikyo_class", "household", "worker_ids"},
                               {"id", "number", "created_at", "updated_at", "next_action", "people",
                                "consultations", "notes", "policies"}));
         YS_ASSIGN_OR_RETURN(int64_t version, ReadVersion(body));
         YS_ASSIGN_OR_RETURN(CaseChange change, ReadCaseChange(body));
         const std::string_view id = ctx.Param("id");
         auto updated = s.cases.UpdateCase(*ctx.principal, id, version, [&](domain::CaseFile& c) {
           change.ApplyTo(c);
           return core::Ok();
         });
         const core::Date today = s.cases.Today();
         if (!updated.ok()) {
           if (!IsStale(updated.error())) return std::move(updated).error();
           return StaleAnswer(
               updated.error(), s.cases.GetCase(*ctx.principal, id),
               [today](JsonWriter& w, const domain::CaseView& v) { WriteCaseView(w, v, today); });
         }
         return CaseViewResponse(200, *updated, today);
       }});

  // --- People

  router.Add({"POST", "/api/v1/cases/{id}/people", Action::kWriteCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body,
                    JsonObject::Parse(
                        ctx.request,
                        {"role", "name", "name_kana", "sex", "relationship", "birth_date",
                         "address", "school", "grade_override", "workplace", "health", "clinic",
                         "nationality", "residence_status"},
                        {"id", "case_id", "age", "grade", "created_at", "updated_at", "version"}));
                YS_RETURN_IF_ERROR(body.String("role"));
                YS_ASSIGN_OR_RETURN(PersonChange change, ReadPersonChange(body));
                domain::Person input;
                change.ApplyTo(input);
                YS_ASSIGN_OR_RETURN(auto person, s.cases.AddPerson(*ctx.principal, ctx.Param("id"),
                                                                   std::move(input)));
                const core::Date today = s.cases.Today();
                return One(201, person, [today](JsonWriter& w, const domain::Person& p) {
                  WritePerson(w, p, today);
                });
              }});

  router.Add(
      {"PATCH", "/api/v1/people/{id}", Action::kWriteCases,
       [&s](RequestContext& ctx) -> core::Result<net::Response> {
         YS_ASSIGN_OR_RETURN(
             auto body,
             JsonObject::Parse(ctx.request,
                               {"version", "role", "name", "name_kana", "sex", "relationship",
                                "birth_date", "address", "school", "grade_override", "workplace",
                                "health", "clinic", "nationality", "residence_status"},
                               {"id", "case_id", "age", "grade", "created_at", "updated_at"}));
         YS_ASSIGN_OR_RETURN(int64_t version, ReadVersion(body));
         YS_ASSIGN_OR_RETURN(PersonChange change, ReadPersonChange(body));
         const std::string_view id = ctx.Param("id");
         auto updated = s.cases.UpdatePerson(*ctx.principal, id, version, [&](domain::Person& p) {
           change.ApplyTo(p);
           return core::Ok();
         });
         const core::Date today = s.cases.Today();
         const auto write = [today](JsonWriter& w, const domain::Person& p) {
           WritePerson(w, p, today);
         };
         if (!updated.ok()) {
           if (!IsStale(updated.error())) return std::move(updated).error();
           return StaleAnswer(updated.error(), s.cases.GetPerson(*ctx.principal, id), write);
         }
         return One(200, *updated, write);
       }});

  // --- Consultations (相談記録)

  router.Add({"GET", "/api/v1/cases/{id}/consultations", Action::kReadCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
                YS_ASSIGN_OR_RETURN(
                    auto list, s.cases.ListConsultations(*ctx.principal, ctx.Param("id"), page));
                return JsonResponse(200, PageJson(list, WriteConsultation));
              }});

  router.Add({"POST", "/api/v1/cases/{id}/consultations", Action::kWriteCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body, JsonObject::Parse(ctx.request, {"date", "type", "method", "content"},
                                                 {"id", "case_id", "author_id", "created_at",
                                                  "updated_at", "version"}));
                for (std::string_view field : {"date", "type", "method"}) {
                  YS_RETURN_IF_ERROR(body.String(field));
                }
                YS_ASSIGN_OR_RETURN(ConsultationChange change, ReadConsultationChange(body));
                domain::Consultation input;
                change.ApplyTo(input);
                YS_ASSIGN_OR_RETURN(
                    auto created,
                    s.cases.AddConsultation(*ctx.principal, ctx.Param("id"), std::move(input)));
                return One(201, created, WriteConsultation);
              }});

  router.Add({"PATCH", "/api/v1/consultations/{id}", Action::kWriteCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body,
                    JsonObject::Parse(ctx.request, {"version", "date", "type", "method", "content"},
                                      {"id", "case_id", "author_id", "created_at", "updated_at"}));
                YS_ASSIGN_OR_RETURN(int64_t version, ReadVersion(body));
                YS_ASSIGN_OR_RETURN(ConsultationChange change, ReadConsultationChange(body));
                const std::string_view id = ctx.Param("id");
                auto updated = s.cases.UpdateConsultation(*ctx.principal, id, version,
                                                          [&](domain::Consultation& c) {
                                                            change.ApplyTo(c);
                                                            return core::Ok();
                                                          });
                if (!updated.ok()) {
                  if (!IsStale(updated.error())) return std::move(updated).error();
                  return StaleAnswer(updated.error(), s.cases.GetConsultation(*ctx.principal, id),
                                     WriteConsultation);
                }
                return One(200, *updated, WriteConsultation);
              }});

  // --- Notes (経過記録): append-only

  router.Add({"GET", "/api/v1/cases/{id}/notes", Action::kReadCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
                YS_ASSIGN_OR_RETURN(auto list,
                                    s.cases.ListNotes(*ctx.principal, ctx.Param("id"), page));
                return JsonResponse(200, PageJson(list, WriteNote));
              }});

  router.Add({"POST", "/api/v1/cases/{id}/notes", Action::kWriteCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body, JsonObject::Parse(ctx.request, {"body", "corrects"},
                                                 {"id", "case_id", "at", "author_id", "version"}));
                YS_ASSIGN_OR_RETURN(std::string text, body.String("body"));
                YS_ASSIGN_OR_RETURN(auto corrects, NullableString(body, "corrects"));
                YS_ASSIGN_OR_RETURN(
                    auto note, s.cases.AddNote(*ctx.principal, ctx.Param("id"), std::move(text),
                                               corrects ? std::move(*corrects) : std::nullopt));
                return One(201, note, WriteNote);
              }});

  // --- Policies (対応方針): append-only, decided by a supervisor

  router.Add({"GET", "/api/v1/cases/{id}/policies", Action::kReadCases,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
                YS_ASSIGN_OR_RETURN(auto list,
                                    s.cases.ListPolicies(*ctx.principal, ctx.Param("id"), page));
                return JsonResponse(200, PageJson(list, WritePolicy));
              }});

  router.Add({"POST", "/api/v1/cases/{id}/policies", Action::kDecidePolicy,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body,
                    JsonObject::Parse(ctx.request, {"body", "next_action", "next_action_on"},
                                      {"id", "case_id", "decided_at", "decided_by", "version"}));
                domain::Policy input;
                YS_ASSIGN_OR_RETURN(input.body, body.String("body"));
                YS_ASSIGN_OR_RETURN(auto next_action, body.StringIfPresent("next_action"));
                input.next_action = next_action.value_or("");
                YS_ASSIGN_OR_RETURN(auto next_on, NullableDate(body, "next_action_on"));
                if (next_on) input.next_action_on = *next_on;
                YS_ASSIGN_OR_RETURN(auto policy, s.cases.AddPolicy(*ctx.principal, ctx.Param("id"),
                                                                   std::move(input)));
                return One(201, policy, WritePolicy);
              }});
}

}  // namespace yorisoi::http
