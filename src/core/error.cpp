#include "core/error.hpp"

#include <utility>

namespace yorisoi::core {

std::string_view ErrcName(Errc errc) {
  switch (errc) {
    case Errc::kInvalidArgument:
      return "invalid_argument";
    case Errc::kNotFound:
      return "not_found";
    case Errc::kConflict:
      return "conflict";
    case Errc::kUnauthenticated:
      return "unauthenticated";
    case Errc::kForbidden:
      return "forbidden";
    case Errc::kTooManyRequests:
      return "too_many_requests";
    case Errc::kPayloadTooLarge:
      return "payload_too_large";
    case Errc::kUnavailable:
      return "unavailable";
    case Errc::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::InvalidArgument(std::string field, std::string message, std::string code) {
  return Error{Errc::kInvalidArgument, std::move(code), std::move(message), std::move(field)};
}
Error Error::NotFound(std::string message) {
  return Error{Errc::kNotFound, "not_found", std::move(message), {}};
}
Error Error::Conflict(std::string message, std::string code) {
  return Error{Errc::kConflict, std::move(code), std::move(message), {}};
}
Error Error::Unauthenticated(std::string message, std::string code) {
  return Error{Errc::kUnauthenticated, std::move(code), std::move(message), {}};
}
Error Error::Forbidden(std::string message, std::string code) {
  return Error{Errc::kForbidden, std::move(code), std::move(message), {}};
}
Error Error::TooManyRequests(std::string message, std::string code) {
  return Error{Errc::kTooManyRequests, std::move(code), std::move(message), {}};
}
Error Error::Unavailable(std::string message) {
  return Error{Errc::kUnavailable, "unavailable", std::move(message), {}};
}
Error Error::Internal(std::string message) {
  return Error{Errc::kInternal, "internal", std::move(message), {}};
}

}  // namespace yorisoi::core
