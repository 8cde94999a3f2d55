// Sign-in, sessions and passwords. A token is "<tenant id>.<secret>": the tenant part says which
// tenant database holds the session; only the SHA-256 of the secret is stored.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/devices/device_identity.hpp"
#include "domain/principal.hpp"
#include "domain/storage.hpp"
#include "domain/users/login_throttle.hpp"
#include "domain/users/user.hpp"

namespace yorisoi::domain {

struct AuthConfig {
  std::chrono::seconds idle_timeout{15 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
  int max_failures = 5;  // per account, then locked
  std::chrono::seconds lockout{15 * 60};
  // Failed sign-ins within address_window, per device certificate (per remote address when the
  // request has no device, as in demo mode) and per remote address. Every tablet has its own
  // certificate, so the device limit is the tight one; the address limit only stops a spray
  // from many devices and must leave room for a whole office of tablets behind one address.
  int device_max_failures = 20;
  int address_max_failures = 200;
  std::chrono::seconds address_window{15 * 60};
};

struct LoginResult {
  std::string token;  // shown to the client once
  Principal principal;
};

class AuthService {
 public:
  AuthService(Storage& storage, const core::Clock& clock, AuthConfig config);

  // kUnauthenticated "invalid_credentials" for an unknown tenant, login, wrong password, or a
  // locked or disabled account (the same answer and similar timing for each: a password hash is
  // verified on every path, so the answer never tells which logins exist or are locked; the app
  // states the lockout rule beside the one message); kTooManyRequests "device_throttled" or
  // "address_throttled" (LoginThrottle); kInvalidArgument for malformed fields.
  //
  // `device`: the enrolled device the request came from (mTLS), or null without devices (demo).
  // A device of another tenant is refused before the password is looked at: kUnauthenticated
  // "device_not_of_tenant", recorded in the tenant's audit log. The session is bound to the
  // device, and the device records its last use.
  core::Result<LoginResult> Login(std::string_view tenant_id, std::string_view login,
                                  std::string_view password, const std::string& remote_address,
                                  const DeviceIdentity* device = nullptr);

  // kUnauthenticated for an unknown, expired, idle or disabled session. Keeps last_seen_at fresh
  // (written at most every idle_timeout/10, so idle expiry is exact to within that).
  // A session is valid only from the device it was opened on (`device_id`, "" without devices):
  // a token replayed from elsewhere is kUnauthenticated "session_device_mismatch" (audited).
  core::Result<Principal> Authenticate(std::string_view token, std::string_view address = {},
                                       std::string_view device_id = {});

  // Records a refused call (the role check said no) in the audit log: a security event.
  void AuditDenied(const Principal& principal, std::string_view action_name);

  core::Status Logout(const Principal& principal);

  // Checks the current password (a wrong one counts as a failed sign-in), applies the password
  // policy, and ends the account's other sessions.
  core::Status ChangePassword(const Principal& principal, std::string_view current_password,
                              std::string_view new_password);

  const AuthConfig& config() const { return config_; }

 private:
  core::Result<std::shared_ptr<TenantDb>> Db(std::string_view tenant_id);
  Storage& storage_;
  const core::Clock& clock_;
  const AuthConfig config_;
  LoginThrottle device_throttle_;   // by device id (one certificate each), else by address
  LoginThrottle address_throttle_;  // by remote address
  std::string dummy_hash_;  // verified against when the account is unknown, to even out timing
};

}  // namespace yorisoi::domain
