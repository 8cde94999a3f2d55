#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace yorisoi::http {

int HttpStatus(core::Errc errc) {
  switch (errc) {
    case core::Errc::kInvalidArgument:
      return 400;
    case core::Errc::kUnauthenticated:
      return 401;
    case core::Errc::kForbidden:
      return 403;
    case core::Errc::kNotFound:
      return 404;
    case core::Errc::kConflict:
      return 409;
    case core::Errc::kPayloadTooLarge:
      return 413;
    case core::Errc::kTooManyRequests:
      return 429;
    case core::Errc::kUnavailable:
      return 503;
    case core::Errc::kInternal:
      return 500;
  }
  return 500;
}

net::Response ErrorResponse(const core::Error& error) {
  nlohmann::json body;
  auto& e = body["error"];
  e["code"] = error.code.empty() ? std::string(core::ErrcName(error.errc)) : error.code;
  // Internal details stay in the server log; the client gets a generic sentence.
  e["message"] = error.errc == core::Errc::kInternal ? "internal error" : error.message;
  if (!error.field.empty()) e["field"] = error.field;
  net::Response r;
  r.status = HttpStatus(error.errc);
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  if (error.errc == core::Errc::kUnauthenticated) r.SetHeader("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace yorisoi::http
