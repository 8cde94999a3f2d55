#include "domain/tenants/tenant.hpp"

#include <string>

#include "core/error_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {

core::Status ValidateTenantId(std::string_view id, std::string_view field) {
  const bool shape_ok =
      id.size() >= 2 && id.size() <= 32 && id[0] >= 'a' && id[0] <= 'z' &&
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
  if (!shape_ok) {
    return core::Error::InvalidArgument(
        std::string(field), "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter",
        core::codes::kInvalidTenantId);
  }
  return core::Ok();
}

core::Status ValidateTenant(const Tenant& tenant) {
  YS_RETURN_IF_ERROR(ValidateTenantId(tenant.id, "id"));
  return ValidateText("name", tenant.name, 1, 100);
}

}  // namespace yorisoi::domain
