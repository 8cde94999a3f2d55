#include "http/error_mapping.hpp"

#include "http/json_writer.hpp"

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

net::Response ErrorResponse(const core::Error& error) { return ErrorResponse(error, nullptr); }

net::Response ErrorResponse(const core::Error& error,
                            const std::function<void(JsonWriter&)>& more) {
  JsonWriter w;
  w.BeginObject().Key("error").BeginObject();
  w.Field("code", error.code.empty() ? core::ErrcName(error.errc) : std::string_view(error.code));
  // Internal and storage details (database hosts, ports, SQLSTATEs) stay in the server log; the
  // client gets a generic sentence.
  std::string_view message = error.message;
  if (error.errc == core::Errc::kInternal) message = "internal error";
  if (error.errc == core::Errc::kUnavailable) message = "temporarily unavailable; try again";
  w.Field("message", message);
  if (!error.field.empty()) w.Field("field", error.field);
  w.EndObject();
  if (more) more(w);
  w.EndObject();
  net::Response r;
  r.status = HttpStatus(error.errc);
  r.body = w.Take();
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  if (error.errc == core::Errc::kUnauthenticated) r.SetHeader("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace yorisoi::http
