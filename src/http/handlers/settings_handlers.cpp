// GET /api/v1/settings: what the tablet app needs before sign-in (its idle lock, demo mode, the
// lockout rule it states beside a refused sign-in, which never says whether an account is
// locked). No sign-in and no personal data.
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

void AddSettingsRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/settings", std::nullopt,
              [&s](RequestContext& /*ctx*/) -> core::Result<net::Response> {
                JsonWriter w;
                w.BeginObject()
                    .Field("idle_lock_seconds", static_cast<int64_t>(s.idle_lock.count()))
                    .Field("demo", s.demo_mode)
                    .Field("max_failed_logins", static_cast<int64_t>(s.auth.config().max_failures))
                    .Field("lockout_seconds", static_cast<int64_t>(s.auth.config().lockout.count()))
                    .EndObject();
                return JsonResponse(200, w.Take());
              }});
}

}  // namespace yorisoi::http
