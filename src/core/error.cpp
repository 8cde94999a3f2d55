#include "core/error.hpp"

#include <utility>

namespace yorisoi::core {

std::string_view ErrcName(Errc errc) {
  switch (errc) {
    case Errc::kInvalidArgument:
      return codes::kInvalidArgument;
    case Errc::kNotFound:
      return codes::kNotFound;
    case Errc::kConflict:
      return codes::kConflict;
    case Errc::kUnauthenticated:
      return codes::kUnauthenticated;
    case Errc::kForbidden:
      return codes::kForbidden;
    case Errc::kTooManyRequests:
      return codes::kTooManyRequests;
    case Errc::kPayloadTooLarge:
      return codes::kPayloadTooLarge;
    case Errc::kUnavailable:
      return codes::kUnavailable;
    case Errc::kInternal:
      return codes::kInternal;
  }
  return codes::kInternal;
}

Error Error::InvalidArgument(std::string field, std::string message, std::string_view code) {
  return Error{Errc::kInvalidArgument, std::string(code), std::move(message), std::move(field)};
}
Error Error::NotFound(std::string message) {
  return Error{Errc::kNotFound, std::string(codes::kNotFound), std::move(message), {}};
}
Error Error::Conflict(std::string message, std::string_view code) {
  return Error{Errc::kConflict, std::string(code), std::move(message), {}};
}
Error Error::Unauthenticated(std::string message, std::string_view code) {
  return Error{Errc::kUnauthenticated, std::string(code), std::move(message), {}};
}
Error Error::Forbidden(std::string message, std::string_view code) {
  return Error{Errc::kForbidden, std::string(code), std::move(message), {}};
}
Error Error::TooManyRequests(std::string message, std::string_view code) {
  return Error{Errc::kTooManyRequests, std::string(code), std::move(message), {}};
}
Error Error::Unavailable(std::string message) {
  return Error{Errc::kUnavailable, std::string(codes::kUnavailable), std::move(message), {}};
}
Error Error::Internal(std::string message) {
  return Error{Errc::kInternal, std::string(codes::kInternal), std::move(message), {}};
}

}  // namespace yorisoi::core
