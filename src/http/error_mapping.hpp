// The single mapping from the neutral error to HTTP: status code and the JSON error body
// {"error": {"code", "message", "field"?}}. Nothing else in the program picks an error status.
#pragma once

#include "core/error.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

int HttpStatus(core::Errc errc);
net::Response ErrorResponse(const core::Error& error);

}  // namespace yorisoi::http
