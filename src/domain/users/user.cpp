#include "domain/users/user.hpp"

#include <string>

#include "core/error_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {

core::Status ValidateUnitId(std::string_view id, std::string_view field) {
  const bool ok =
      !id.empty() && id.size() <= 32 &&
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos &&
      id[0] != '-';
  if (!ok) {
    return core::Error::InvalidArgument(std::string(field),
                                        "must be 1-32 characters of a-z, 0-9 and '-'",
                                        core::codes::kInvalidUnitId);
  }
  return core::Ok();
}

core::Status ValidateLogin(std::string_view login, std::string_view field) {
  const bool ok = login.size() >= 3 && login.size() <= 64 &&
                  login.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") ==
                      std::string_view::npos &&
                  ((login[0] >= 'a' && login[0] <= 'z') || (login[0] >= '0' && login[0] <= '9'));
  if (!ok) {
    return core::Error::InvalidArgument(
        std::string(field),
        "must be 3-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
        core::codes::kInvalidLogin);
  }
  return core::Ok();
}

core::Status ValidateUnit(const Unit& unit) {
  YS_RETURN_IF_ERROR(ValidateUnitId(unit.id));
  return ValidateText("name", unit.name, 1, 100);
}

}  // namespace yorisoi::domain
