// Break-glass on a case (issue 20 item 3): a supervisor or admin opens a case outside their
// scope with a reason, for a limited time; the case's own unit sees every grant.
//   POST /api/v1/cases/{id}/break-glass  {"reason"}  -> 201 the grant
//   GET  /api/v1/cases/{id}/break-glass              -> {"items": [grants], "next": null}
#include <string>
#include <utility>

#include "core/clock.hpp"
#include "domain/cases/case_service.hpp"
#include "http/handlers/case_file.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

void WriteGrant(JsonWriter& w, const domain::BreakGlassGrant& g) {
  w.BeginObject()
      .Field("id", g.id)
      .Field("case_id", g.case_id)
      .Field("user_id", g.user_id)
      .Field("reason", g.reason)
      .Field("granted_at", core::FormatIso8601Utc(g.granted_at))
      .Field("expires_at", core::FormatIso8601Utc(g.expires_at))
      .EndObject();
}

// POST /api/v1/cases/{id}/break-glass
core::Result<net::Response> BreakGlass(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto body,
                      JsonObject::Parse(ctx.request, {"reason"},
                                        {"id", "case_id", "user_id", "granted_at", "expires_at"}));
  YS_ASSIGN_OR_RETURN(auto reason, body.String("reason"));
  YS_ASSIGN_OR_RETURN(auto grant,
                      s.cases.BreakGlass(*ctx.principal, ctx.Param("id"), std::move(reason)));
  return One(201, grant, WriteGrant);
}

// GET /api/v1/cases/{id}/break-glass
core::Result<net::Response> ListBreakGlass(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto grants, s.cases.ListBreakGlass(*ctx.principal, ctx.Param("id")));
  return JsonResponse(200, ItemsJson(grants, WriteGrant));
}

}  // namespace

void AddBreakGlassRoutes(Router& router, ApiServices& s) {
  router.Add({"POST", "/api/v1/cases/{id}/break-glass", Action::kBreakGlass, Bind(s, BreakGlass)});
  router.Add(
      {"GET", "/api/v1/cases/{id}/break-glass", Action::kReadCases, Bind(s, ListBreakGlass)});
}

}  // namespace yorisoi::http
