// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API (openapi.cpp). No sign-in: it
// describes the API, not anyone's data. ApiHandler adds no-store and the security headers as for
// every answer.
#include "http/handlers/handlers.hpp"
#include "http/openapi.hpp"

namespace yorisoi::http {

void AddOpenApiRoutes(Router& router, ApiServices& /*services*/) {
  // Built here, when the routes are added, so a broken document fails at start-up, not on the
  // first request; the text is immutable afterwards, so the workers share it without a lock.
  const std::string& document = OpenApiDocument();
  router.Add({"GET", "/api/v1/openapi.json", std::nullopt,
              [&document](RequestContext& /*ctx*/) -> core::Result<net::Response> {
                return JsonResponse(200, std::string(document));
              }});
}

}  // namespace yorisoi::http
