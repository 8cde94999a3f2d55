// POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me, POST /api/v1/me/password,
// POST /api/v1/session/unlock
#include <chrono>

#include "core/clock.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {
namespace {

std::string SessionCookie(std::string_view token) {
  // No Max-Age/Expires: a browser session cookie, never written as a persistent cookie.
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/api; HttpOnly; Secure; SameSite=Strict";
}

std::string ExpiredCookie() {
  return std::string(kSessionCookie) + "=; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
}

void WriteSession(JsonWriter& w, const domain::Principal& p, const domain::AuthConfig& config,
                  bool demo) {
  w.BeginObject()
      .Field("id", p.session.id)
      .Field("tenant", p.tenant_id)
      .Field("created_at", core::FormatIso8601Utc(p.session.created_at))
      .Field("expires_at", core::FormatIso8601Utc(p.session.expires_at))
      .Field("idle_timeout_seconds", static_cast<int64_t>(config.idle_timeout.count()))
      .Field("demo", demo)
      .EndObject();
}

}  // namespace

void AddSessionRoutes(Router& router, ApiServices& s) {
  router.Add({"POST", "/api/v1/login", std::nullopt,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body, JsonObject::Parse(ctx.request, {"tenant", "login", "password"}));
                YS_ASSIGN_OR_RETURN(std::string tenant, body.String("tenant"));
                YS_ASSIGN_OR_RETURN(std::string login, body.String("login"));
                YS_ASSIGN_OR_RETURN(std::string password, body.String("password"));
                YS_ASSIGN_OR_RETURN(
                    auto result, s.auth.Login(tenant, login, password, ctx.request.remote_address,
                                              ctx.device ? &*ctx.device : nullptr));
                JsonWriter w;
                w.BeginObject().Field("token", result.token).Key("user");
                WriteUser(w, result.principal.user);
                w.Key("session");
                WriteSession(w, result.principal, s.auth.config(), s.demo_mode);
                auto r = JsonResponse(200, w.EndObject().Take());
                r.SetHeader("Set-Cookie", SessionCookie(result.token));
                return r;
              }});

  router.Add({"POST", "/api/v1/logout", domain::Action::kReadOwnAccount,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_RETURN_IF_ERROR(s.auth.Logout(*ctx.principal));
                net::Response r;
                r.status = 204;
                r.SetHeader("Set-Cookie", ExpiredCookie());
                // Not "cache": every answer is no-store, so the HTTP cache holds nothing of ours,
                // and Chromium's clearing of it can stall the tab's requests for seconds to
                // minutes on a busy disk (crbug.com/40233601) — the next sign-in would hang.
                r.SetHeader("Clear-Site-Data", "\"cookies\", \"storage\"");
                return r;
              }});

  router.Add({"GET", "/api/v1/me", domain::Action::kReadOwnAccount,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                JsonWriter w;
                w.BeginObject().Key("user");
                WriteUser(w, ctx.principal->user);
                w.Key("session");
                WriteSession(w, *ctx.principal, s.auth.config(), s.demo_mode);
                return JsonResponse(200, w.EndObject().Take());
              }});

  // The app's lock screen: the session stays while the screen is locked; the password unlocks.
  router.Add({"POST", "/api/v1/session/unlock", domain::Action::kReadOwnAccount,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"password"}));
                YS_ASSIGN_OR_RETURN(std::string password, body.String("password"));
                YS_RETURN_IF_ERROR(s.auth.Unlock(*ctx.principal, password));
                net::Response r;
                r.status = 204;
                return r;
              }});

  router.Add({"POST", "/api/v1/me/password", domain::Action::kChangeOwnPassword,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"current_password",
                                                                               "new_password"}));
                YS_ASSIGN_OR_RETURN(std::string current, body.String("current_password"));
                YS_ASSIGN_OR_RETURN(std::string next, body.String("new_password"));
                YS_RETURN_IF_ERROR(s.auth.ChangePassword(*ctx.principal, current, next));
                net::Response r;
                r.status = 204;
                return r;
              }});
}

}  // namespace yorisoi::http
