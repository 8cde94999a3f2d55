// The single mapping from the neutral error to HTTP: status code and the JSON error body
// {"error": {"code", "message", "field"?}}. Nothing else in the program picks an error status.
#pragma once

#include <functional>

#include "core/error.hpp"
#include "http/json_writer.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

int HttpStatus(core::Errc errc);
net::Response ErrorResponse(const core::Error& error);
// The same answer with more members after "error", written by `more` into the open top-level
// object: e.g. "current" (the record as it is now) beside a 409 stale_version.
net::Response ErrorResponse(const core::Error& error, const std::function<void(JsonWriter&)>& more);

}  // namespace yorisoi::http
