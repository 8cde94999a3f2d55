// Cases: the list and its search, one case file as a whole, a new case, a change.
//   GET/POST  /api/v1/cases                          GET/PATCH /api/v1/cases/{id}
// A stale PATCH answers 409 stale_version with "current", the case as it is now. AddCaseRoutes
// then adds the routes of the case's records (case_file.hpp).
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/users/user.hpp"
#include "http/handlers/case_file.hpp"
#include "http/query.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

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

net::Response CaseViewResponse(int status, const domain::CaseView& view, core::Date today) {
  JsonWriter w;
  WriteCaseView(w, view, today);
  return JsonResponse(status, w.Take());
}

// GET /api/v1/cases: the caller's cases, narrowed by status and unit, searched with q.
core::Result<net::Response> ListCases(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto params,
                      ParseQuery(ctx.request.Query(), {"q", "status", "unit", "after", "limit"}));
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
}

// POST /api/v1/cases
core::Result<net::Response> CreateCase(ApiServices& s, RequestContext& ctx) {
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
}

// GET /api/v1/cases/{id}
core::Result<net::Response> GetCase(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto view, s.cases.GetCase(*ctx.principal, ctx.Param("id")));
  return CaseViewResponse(200, view, s.cases.Today());
}

// PATCH /api/v1/cases/{id}
core::Result<net::Response> UpdateCase(ApiServices& s, RequestContext& ctx) {
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
        s, ctx, updated.error(), s.cases.GetCase(*ctx.principal, id),
        [today](JsonWriter& w, const domain::CaseView& v) { WriteCaseView(w, v, today); },
        "case.update", id, version, [](const domain::CaseView& v) { return v.case_file.version; });
  }
  return CaseViewResponse(200, *updated, today);
}

}  // namespace

void AddCaseRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/cases", Action::kReadCases, Bind(s, ListCases)});
  router.Add({"POST", "/api/v1/cases", Action::kWriteCases, Bind(s, CreateCase)});
  router.Add({"GET", "/api/v1/cases/{id}", Action::kReadCaseFile, Bind(s, GetCase)});
  router.Add({"PATCH", "/api/v1/cases/{id}", Action::kWriteCases, Bind(s, UpdateCase)});

  AddPeopleRoutes(router, s);
  AddConsultationRoutes(router, s);
  AddNoteRoutes(router, s);
  AddPolicyRoutes(router, s);
  AddBreakGlassRoutes(router, s);
}

}  // namespace yorisoi::http
