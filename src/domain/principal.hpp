// Who is calling (a signed-in account on a session) and the one check of what it may do. Its own
// header so that every service folder (audit, devices, cases, ...) can take a Principal without
// including users/auth_service.hpp, which would loop back through the users folder.
#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/users/role.hpp"
#include "domain/users/user.hpp"

namespace yorisoi::domain {

// Who is calling: the session and the account behind it, as loaded when the token was checked.
struct Principal {
  std::string tenant_id;
  Session session;
  User user;
  std::string address;  // where this request came from (may differ from session.remote_address)

  // The audit actor for what this principal does.
  AuditActor Actor() const;
};

// kForbidden unless the principal's role may do action; an account that must change its
// password may only read itself and change the password. The one place roles are enforced.
core::Status Authorize(const Principal& principal, Action action);

}  // namespace yorisoi::domain
