// Sign-in, sessions and passwords. A token is "<tenant id>.<secret>": the tenant part says which
// tenant database holds the session; only the SHA-256 of the secret is stored.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/devices/device_identity.hpp"
#include "domain/principal.hpp"
#include "domain/storage.hpp"
#include "domain/users/login_throttle.hpp"
#include "domain/users/session_cache.hpp"
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
  // The session cache (session_cache.hpp): an entry is read again from the database once it is
  // older than session_cache_ttl (the bound for a change no notification announced); at most
  // session_cache_capacity entries (0: no cache, every check reads the database).
  std::chrono::milliseconds session_cache_ttl{5000};
  std::size_t session_cache_capacity = 100000;
  // How often the server writes the queued last_seen_at updates (FlushTouches).
  std::chrono::milliseconds touch_flush_interval{500};
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
  // (queued at most every idle_timeout/10 and written by FlushTouches, so idle expiry is exact to
  // within that plus the flush interval).
  // A session is valid only from the device it was opened on (`device_id`, "" without devices):
  // a token replayed from elsewhere is kUnauthenticated "session_device_mismatch" (audited).
  // Answered from the session cache without a transaction while the entry is younger than
  // session_cache_ttl and neither expired nor idle by what this instance knows; an entry that
  // looks idle is decided by the database (another instance may have used the session).
  core::Result<Principal> Authenticate(std::string_view token, std::string_view address = {},
                                       std::string_view device_id = {});

  // Records a refused call (the role check said no) in the audit log: a security event.
  void AuditDenied(const Principal& principal, std::string_view action_name);

  core::Status Logout(const Principal& principal);

  // Checks the current password (a wrong one counts as a failed sign-in), applies the password
  // policy, and ends the account's other sessions.
  core::Status ChangePassword(const Principal& principal, std::string_view current_password,
                              std::string_view new_password);

  // The app's lock screen: the idle lock keeps the session, and the signed-in user proves to be
  // back with the password. A wrong one counts toward the account lockout as a failed sign-in
  // does (400 "wrong_password"; kTooManyRequests "account_locked" while locked); the right one
  // ends a run of failures. Audited as "auth.unlock" (ok, failed, denied).
  core::Status Unlock(const Principal& principal, std::string_view password);

  const AuthConfig& config() const { return config_; }

  // This instance's cache (registered with the Storage: PublishSessionEvent of any service
  // over the same Storage invalidates it at once).
  SessionCache& session_cache() { return cache_; }
  // A notification from the notifier: "sessions" invalidates its scope, "resync" everything.
  void OnNotification(std::string_view topic, std::string_view payload);

  // Writes the queued last_seen_at updates: one write transaction per tenant. The server calls
  // it every touch_flush_interval and once at shutdown; the destructor flushes what is left.
  core::Status FlushTouches();
  ~AuthService();
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

 private:
  struct PendingTouch {
    core::TimePoint at;
    std::string device_id;
    std::string address;
    std::string user_id;
  };
  core::Result<std::shared_ptr<TenantDb>> Db(std::string_view tenant_id);
  // The signed-in user's own password, checked for `action` (audited on failure, counted toward
  // the lockout); the user as stored when it matches.
  core::Result<User> CheckOwnPassword(const Principal& principal, std::string_view password,
                                      std::string_view action, std::string_view field);
  core::Result<Principal> AuthenticateFromDatabase(std::string_view tenant_id,
                                                   const std::string& key, const std::string& hash,
                                                   std::string_view address,
                                                   std::string_view device_id, core::TimePoint now);
  core::Error RefuseOtherDevice(TenantDb& db, const Principal& principal,
                                std::string_view device_id, core::TimePoint now);
  // Queues last_seen_at (and the device's last use) when the stored one is idle_timeout/10 old.
  // Returns the time queued, if it was.
  std::optional<core::TimePoint> MaybeTouch(const Principal& principal,
                                            core::TimePoint stored_last_seen, core::TimePoint now);
  std::optional<core::TimePoint> PendingTouchAt(const std::string& tenant_id,
                                                const std::string& session_id);
  void DropPendingTouch(const std::string& tenant_id, const std::string& session_id);
  // Ends a session found expired, disabled or of a revoked device (the database row is gone).
  void Forget(const std::string& key, const Principal& principal);
  Storage& storage_;
  const core::Clock& clock_;
  const AuthConfig config_;
  LoginThrottle device_throttle_;   // by device id (one certificate each), else by address
  LoginThrottle address_throttle_;  // by remote address
  std::string dummy_hash_;  // verified against when the account is unknown, to even out timing
  SessionCache cache_;
  std::mutex touch_mu_;
  // tenant id -> session id -> the newest queued use.
  std::map<std::string, std::map<std::string, PendingTouch>> pending_touches_;
};

}  // namespace yorisoi::domain
