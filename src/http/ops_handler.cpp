#include "http/ops_handler.hpp"

#include "core/error_codes.hpp"
#include "http/api.hpp"
#include "http/error_mapping.hpp"

namespace yorisoi::http {

net::Response OpsHandler::Handle(const net::Request& request) {
  net::Response r;
  const auto path = request.Path();
  if (request.method != "GET") {
    r = ErrorResponse(core::Error{core::Errc::kInvalidArgument,
                                  std::string(core::codes::kMethodNotAllowed),
                                  "only GET is served here", "method"});
    r.status = 405;
  } else if (path == "/healthz") {
    const bool ok = health_();
    r.status = ok ? 200 : 503;
    r.body = ok ? "ok\n" : "storage unavailable\n";
    r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  } else if (path == "/metrics") {
    r.body = metrics_.RenderPrometheus();
    r.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  } else {
    r = ErrorResponse(core::Error::NotFound("no such resource"));
  }
  AddSecurityHeaders(r);
  return r;
}

net::Response OpsHandler::HandleProtocolError(const core::Error& error) {
  net::Response r = ErrorResponse(error);
  AddSecurityHeaders(r);
  return r;
}

}  // namespace yorisoi::http
