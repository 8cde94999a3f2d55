// The OpenAPI 3.1 description of the HTTPS API, served at GET /api/v1/openapi.json
// (handlers/openapi_handlers.cpp).
//
// The document is written by hand in openapi.cpp (kOperations: one entry per route, plus the
// component schemas), not generated from the router: it says what the handlers accept and answer,
// which the route table cannot know. tests/unit_openapi checks that the router and the document
// list exactly the same (method, path) pairs, so a new route fails the tests until it is
// described there.
#pragma once

#include <string>

namespace yorisoi::http {

// The document as JSON text. Built on first use (thread-safe) and never changed afterwards.
const std::string& OpenApiDocument();

}  // namespace yorisoi::http
