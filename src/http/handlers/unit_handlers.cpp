// GET/POST /api/v1/units
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

void AddUnitRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/units", domain::Action::kListUnits,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto units, s.users.ListUnits(ctx.principal->tenant_id));
                return JsonResponse(200, ItemsJson(units, WriteUnit));
              }});

  router.Add({"POST", "/api/v1/units", domain::Action::kManageUnits,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"id", "name"}));
                domain::Unit unit;
                YS_ASSIGN_OR_RETURN(unit.id, body.String("id"));
                YS_ASSIGN_OR_RETURN(unit.name, body.String("name"));
                YS_ASSIGN_OR_RETURN(auto created,
                                    s.users.CreateUnit(ctx.principal->Actor(),
                                                       ctx.principal->tenant_id, std::move(unit)));
                JsonWriter w;
                WriteUnit(w, created);
                return JsonResponse(201, w.Take());
              }});
}

}  // namespace yorisoi::http
