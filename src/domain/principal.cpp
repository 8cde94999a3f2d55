#include "domain/principal.hpp"
#include "core/error_codes.hpp"

namespace yorisoi::domain {

AuditActor Principal::Actor() const {
  return AuditActor{user.id, std::string(RoleName(user.role)), session.id, session.device_id,
                    address};
}

core::Status Authorize(const Principal& principal, Action action) {
  if (principal.user.must_change_password && action != Action::kReadOwnAccount &&
      action != Action::kChangeOwnPassword) {
    return core::Error::Forbidden("the password must be changed first",
                                  core::codes::kPasswordChangeRequired);
  }
  if (!IsAllowed(principal.user.role, action)) {
    return core::Error::Forbidden("the role '" + std::string(RoleName(principal.user.role)) +
                                  "' may not " + std::string(ActionName(action)));
  }
  return core::Ok();
}

}  // namespace yorisoi::domain
