// GET /api/v1/settings: what the tablet app needs before sign-in (its idle lock, demo mode). No
// sign-in and no personal data.
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

void AddSettingsRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/settings", std::nullopt,
              [&s](RequestContext& /*ctx*/) -> core::Result<net::Response> {
                JsonWriter w;
                w.BeginObject()
                    .Field("idle_lock_seconds", static_cast<int64_t>(s.idle_lock.count()))
                    .Field("demo", s.demo_mode)
                    .EndObject();
                return JsonResponse(200, w.Take());
              }});
}

}  // namespace yorisoi::http
