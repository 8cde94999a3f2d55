// GET/POST /api/v1/users, GET /api/v1/users/{id}, POST /api/v1/users/{id}/reset-password
#include "core/error_codes.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

void AddUserRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/users", domain::Action::kListUsers,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto users, s.users.ListUsers(ctx.principal->Actor(),
                                                                  ctx.principal->tenant_id));
                return JsonResponse(200, ItemsJson(users, WriteUser));
              }});

  router.Add({"POST", "/api/v1/users", domain::Action::kManageUsers,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body,
                    JsonObject::Parse(ctx.request, {"login", "name", "role", "unit_ids"}));
                domain::NewUser nu;
                YS_ASSIGN_OR_RETURN(nu.login, body.String("login"));
                YS_ASSIGN_OR_RETURN(nu.name, body.String("name"));
                YS_ASSIGN_OR_RETURN(std::string role, body.String("role"));
                auto parsed = domain::ParseRole(role);
                if (!parsed) {
                  return core::Error::InvalidArgument(
                      "role", "must be one of caseworker, supervisor, admin, auditor",
                      core::codes::kInvalidCode);
                }
                nu.role = *parsed;
                YS_ASSIGN_OR_RETURN(nu.unit_ids, body.StringArray("unit_ids", false));
                // The admin never chooses the first password: a random one is shown once and
                // must be changed at first sign-in.
                const std::string initial = s.users.NewTemporaryPassword();
                YS_ASSIGN_OR_RETURN(
                    auto user, s.users.CreateUser(ctx.principal->Actor(), ctx.principal->tenant_id,
                                                  std::move(nu), initial, true));
                JsonWriter w;
                w.BeginObject().Key("user");
                WriteUser(w, user);
                return JsonResponse(201, w.Field("temporary_password", initial).EndObject().Take());
              }});

  router.Add({"GET", "/api/v1/users/{id}", domain::Action::kListUsers,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto user, s.users.GetUser(ctx.principal->Actor(), ctx.principal->tenant_id,
                                               ctx.Param("id")));
                JsonWriter w;
                WriteUser(w, user);
                return JsonResponse(200, w.Take());
              }});

  router.Add({"POST", "/api/v1/users/{id}/reset-password", domain::Action::kManageUsers,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto reset, s.users.ResetPassword(ctx.principal->Actor(),
                                                      ctx.principal->tenant_id, ctx.Param("id")));
                JsonWriter w;
                w.BeginObject().Key("user");
                WriteUser(w, reset.user);
                return JsonResponse(
                    200,
                    w.Field("temporary_password", reset.temporary_password).EndObject().Take());
              }});
}

}  // namespace yorisoi::http
