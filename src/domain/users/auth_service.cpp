#include "domain/users/auth_service.hpp"

#include <algorithm>
#include <utility>

#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "domain/users/password_policy.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

core::Error InvalidCredentials() {
  return core::Error::Unauthenticated("the tenant, login or password is wrong",
                                      core::codes::kInvalidCredentials);
}

core::Error SessionEnded(const char* why) {
  return core::Error::Unauthenticated(why, core::codes::kSessionExpired);
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  });
  return out;
}

}  // namespace

AuthService::AuthService(Storage& storage, const core::Clock& clock, AuthConfig config)
    : storage_(storage),
      clock_(clock),
      config_(config),
      device_throttle_(config.device_max_failures, config.address_window),
      address_throttle_(config.address_max_failures, config.address_window) {
  auto h = crypto::HashPassword(crypto::RandomToken(16));
  if (h.ok()) dummy_hash_ = std::move(*h);
}

core::Result<std::shared_ptr<TenantDb>> AuthService::Db(std::string_view tenant_id) {
  return storage_.OpenTenant(tenant_id);
}

core::Result<LoginResult> AuthService::Login(std::string_view tenant_id, std::string_view login_in,
                                             std::string_view password,
                                             const std::string& remote_address,
                                             const DeviceIdentity* device) {
  YS_RETURN_IF_ERROR(ValidateTenantId(tenant_id, "tenant"));
  YS_RETURN_IF_ERROR(ValidateText("login", login_in, 1, 64));
  YS_RETURN_IF_ERROR(ValidateText("password", password, 1, kMaxPasswordLength));
  const std::string login = LowerAscii(login_in);
  const auto now = clock_.Now();
  // Each tablet is counted by its own certificate (the device id is the certificate's CN); without
  // a device the address stands for the client.
  const std::string client = device != nullptr ? "device:" + device->device_id : remote_address;
  if (!device_throttle_.Allow(client, now)) {
    if (device == nullptr) {
      return core::Error::TooManyRequests("too many failed sign-ins from this address",
                                          core::codes::kAddressThrottled);
    }
    return core::Error::TooManyRequests("too many failed sign-ins from this device",
                                        core::codes::kDeviceThrottled);
  }
  if (!address_throttle_.Allow(remote_address, now)) {
    return core::Error::TooManyRequests("too many failed sign-ins from this address",
                                        core::codes::kAddressThrottled);
  }
  auto record_failure = [&]() {
    device_throttle_.RecordFailure(client, now);
    address_throttle_.RecordFailure(remote_address, now);
  };
  auto fail = [&]() {
    record_failure();
    return InvalidCredentials();
  };
  const AuditActor anonymous{"", "", "", "", remote_address};
  auto user_actor = [&](const User& u) {
    return AuditActor{u.id, std::string(RoleName(u.role)), "", "", remote_address};
  };
  // A failed or refused sign-in is a security event: it gets its own durable entry
  // (AppendAuditEntry), even though nothing else changes.

  if (device != nullptr && device->tenant_id != tenant_id) {
    // Another ward's tablet: the same answer whether or not that tenant exists (and whatever the
    // password), throttled like a failed sign-in, and recorded in the device's own tenant.
    crypto::VerifyPassword(dummy_hash_, password);
    record_failure();
    AuditActor from_device = anonymous;
    from_device.device_id = device->device_id;
    auto own = Db(device->tenant_id);
    if (own.ok()) {
      YS_RETURN_IF_ERROR(
          AppendAuditEntry(**own, MakeAuditEntry(from_device, now, "auth.login", "", {}, "denied",
                                                 "device_not_of_tenant")));
    }
    return core::Error::Unauthenticated("this device is not enrolled with this tenant",
                                        core::codes::kDeviceNotOfTenant);
  }
  auto db = Db(tenant_id);
  if (!db.ok()) {
    if (db.error().errc != core::Errc::kNotFound) return std::move(db).error();
    crypto::VerifyPassword(dummy_hash_, password);
    return fail();
  }
  auto user = InTransaction(**db, TxMode::kRead,
                            [&](TenantTx& tx) { return tx.users().FindByLogin(login); });
  if (!user.ok()) {
    if (user.error().errc != core::Errc::kNotFound) return std::move(user).error();
    crypto::VerifyPassword(dummy_hash_, password);
    YS_RETURN_IF_ERROR(AppendAuditEntry(
        **db, MakeAuditEntry(anonymous, now, "auth.login", "", {}, "failed", "unknown_login")));
    return fail();
  }
  // Verified even when the account is locked, so that a locked account takes as long to answer
  // as any other; the result is not used then.
  const bool password_ok = crypto::VerifyPassword(user->password_hash, password);
  if (user->locked_until && *user->locked_until > now) {
    // Answered as a wrong password would be: a lock the answer showed would tell a guesser which
    // logins exist. Guesses during the lock neither count nor extend it.
    YS_RETURN_IF_ERROR(
        AppendAuditEntry(**db, MakeAuditEntry(user_actor(*user), now, "auth.login", "user",
                                              {user->id}, "denied", "account_locked")));
    return fail();
  }
  if (!password_ok || user->disabled) {
    if (!password_ok) {
      auto recorded = InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(User after, tx.users().RecordLoginFailure(
                                            user->id, config_.max_failures, now + config_.lockout));
        const bool locked_now = after.locked_until && *after.locked_until > now;
        auto entry =
            MakeAuditEntry(user_actor(*user), now, "auth.login", "user", {user->id}, "failed",
                           locked_now ? "wrong_password_locked" : "wrong_password");
        return tx.audit().Append(entry);
      });
      if (!recorded.ok()) return std::move(recorded).error();
    } else {
      YS_RETURN_IF_ERROR(
          AppendAuditEntry(**db, MakeAuditEntry(user_actor(*user), now, "auth.login", "user",
                                                {user->id}, "denied", "account_disabled")));
    }
    return fail();
  }

  Session session;
  session.id = crypto::NewId("ses");
  const std::string secret = crypto::RandomToken(32);
  session.token_hash = crypto::Sha256Hex(secret);
  session.user_id = user->id;
  session.device_id = device != nullptr ? device->device_id : "";
  session.remote_address = remote_address;
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + config_.absolute_timeout;
  auto created = InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    if (user->failed_logins > 0 || user->locked_until) {
      YS_RETURN_IF_ERROR(tx.users().ResetLoginFailures(user->id));
    }
    if (!session.device_id.empty()) {
      // The database decides, not only the server's registry (which may lag a revocation made
      // elsewhere by up to one poll).
      YS_ASSIGN_OR_RETURN(const Device d, tx.devices().FindById(session.device_id));
      if (!d.active()) {
        return core::Error::Unauthenticated("this device was revoked", core::codes::kDeviceRevoked);
      }
    }
    YS_RETURN_IF_ERROR(tx.sessions().Create(session));
    if (!session.device_id.empty()) {
      YS_RETURN_IF_ERROR(tx.devices().Touch(session.device_id, now, remote_address, user->id));
    }
    AuditActor actor = user_actor(*user);
    actor.session_id = session.id;
    actor.device_id = session.device_id;
    auto entry = MakeAuditEntry(actor, now, "auth.login", "session", {session.id});
    return tx.audit().Append(entry);
  });
  if (!created.ok()) return std::move(created).error();
  user->failed_logins = 0;
  user->locked_until.reset();
  LoginResult result;
  result.token = std::string(tenant_id) + "." + secret;
  result.principal =
      Principal{std::string(tenant_id), std::move(session), std::move(*user), remote_address};
  return result;
}

core::Result<Principal> AuthService::Authenticate(std::string_view token, std::string_view address,
                                                  std::string_view device_id) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 200) {
    return core::Error::Unauthenticated("no valid session token");
  }
  const std::string_view tenant_id = token.substr(0, dot);
  if (!ValidateTenantId(tenant_id).ok())
    return core::Error::Unauthenticated("no valid session token");
  auto db = Db(tenant_id);
  if (!db.ok()) {
    if (db.error().errc == core::Errc::kNotFound) {
      return core::Error::Unauthenticated("no valid session token");
    }
    return std::move(db).error();
  }
  const std::string hash = crypto::Sha256Hex(token.substr(dot + 1));
  const auto now = clock_.Now();
  Principal principal;
  principal.tenant_id = std::string(tenant_id);
  principal.address = std::string(address);
  bool expired = false;
  bool device_revoked = false;
  auto loaded = InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
    auto s = tx.sessions().FindByTokenHash(hash);
    if (!s.ok()) return std::move(s).error();
    principal.session = std::move(*s);
    if (principal.session.expires_at <= now ||
        principal.session.last_seen_at + config_.idle_timeout <= now) {
      expired = true;
      return core::Ok();
    }
    auto u = tx.users().FindById(principal.session.user_id);
    if (!u.ok()) return std::move(u).error();
    principal.user = std::move(*u);
    if (!principal.session.device_id.empty()) {
      auto d = tx.devices().FindById(principal.session.device_id);
      if (!d.ok() && d.error().errc != core::Errc::kNotFound) return std::move(d).error();
      device_revoked = !d.ok() || !d->active();
    }
    return core::Ok();
  });
  if (!loaded.ok()) {
    if (loaded.error().errc == core::Errc::kNotFound) {
      return core::Error::Unauthenticated("no valid session token");
    }
    return std::move(loaded).error();
  }
  if (principal.session.device_id != device_id) {
    // The token of a session opened on another device (or without one): refused, and kept for
    // the device it belongs to.
    AuditActor actor{principal.session.user_id, "", principal.session.id, std::string(device_id),
                     principal.address};
    YS_RETURN_IF_ERROR(AppendAuditEntry(
        **db, MakeAuditEntry(actor, now, "auth.session", "session", {principal.session.id},
                             "denied", "session_device_mismatch")));
    return core::Error::Unauthenticated("this session belongs to another device",
                                        core::codes::kSessionDeviceMismatch);
  }
  if (device_revoked && principal.session.device_id == device_id) {
    // A session made in the moment between a revocation and the registry's reload: ended now.
    (void)InTransaction(**db, TxMode::kWrite,
                        [&](TenantTx& tx) { return tx.sessions().Delete(principal.session.id); });
    return core::Error::Unauthenticated("this device was revoked", core::codes::kDeviceRevoked);
  }
  if (expired || principal.user.disabled) {
    (void)InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      YS_RETURN_IF_ERROR(tx.sessions().Delete(principal.session.id));
      AuditActor actor{principal.session.user_id, "", principal.session.id,
                       principal.session.device_id, principal.address};
      auto entry = MakeAuditEntry(actor, now, "auth.session_end", "session", {principal.session.id},
                                  "ok", expired ? "expired" : "account_disabled");
      return tx.audit().Append(entry);
    });
    return SessionEnded(expired ? "the session has expired" : "the account is disabled");
  }
  if (now - principal.session.last_seen_at >= config_.idle_timeout / 10) {
    YS_RETURN_IF_ERROR(InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      YS_RETURN_IF_ERROR(tx.sessions().Touch(principal.session.id, now));
      if (principal.session.device_id.empty()) return core::Ok();
      return tx.devices().Touch(principal.session.device_id, now, principal.address,
                                principal.user.id);
    }));
    principal.session.last_seen_at = now;
  }
  return principal;
}

core::Status AuthService::Logout(const Principal& principal) {
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  return InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.sessions().Delete(principal.session.id));
    auto entry = MakeAuditEntry(principal.Actor(), clock_.Now(), "auth.logout", "session",
                                {principal.session.id});
    return tx.audit().Append(entry);
  });
}

void AuthService::AuditDenied(const Principal& principal, std::string_view action_name) {
  auto db = Db(principal.tenant_id);
  if (!db.ok()) return;
  (void)AppendAuditEntry(**db, MakeAuditEntry(principal.Actor(), clock_.Now(), "authz.denied", "",
                                              {}, "denied", std::string(action_name)));
}

core::Status AuthService::ChangePassword(const Principal& principal,
                                         std::string_view current_password,
                                         std::string_view new_password) {
  YS_RETURN_IF_ERROR(ValidateText("current_password", current_password, 1, kMaxPasswordLength));
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(User user, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.users().FindById(principal.user.id);
                      }));
  // A stolen session must not become an unlimited password oracle: the account lock applies.
  if (user.locked_until && *user.locked_until > now) {
    YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) {
      auto entry = MakeAuditEntry(principal.Actor(), now, "auth.password_change", "user", {user.id},
                                  "denied", "account_locked");
      return tx.audit().Append(entry);
    }));
    return core::Error::TooManyRequests(
        "the account is locked after repeated failed attempts; try later or ask an admin",
        core::codes::kAccountLocked);
  }
  if (!crypto::VerifyPassword(user.password_hash, current_password)) {
    YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      YS_RETURN_IF_ERROR(
          tx.users().RecordLoginFailure(user.id, config_.max_failures, now + config_.lockout));
      auto entry = MakeAuditEntry(principal.Actor(), now, "auth.password_change", "user", {user.id},
                                  "failed", "wrong_password");
      return tx.audit().Append(entry);
    }));
    return core::Error::InvalidArgument("current_password", "does not match the current password",
                                        core::codes::kWrongPassword);
  }
  YS_RETURN_IF_ERROR(
      CheckPasswordPolicy(new_password, {user.login, principal.tenant_id}, "new_password"));
  if (new_password == current_password) {
    return core::Error::InvalidArgument("new_password", "must differ from the current password",
                                        core::codes::kPasswordUnchanged);
  }
  YS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(new_password));
  return InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.users().SetPassword(user.id, hash, false, now, user.version));
    auto ended = tx.sessions().DeleteForUser(user.id, principal.session.id);
    if (!ended.ok()) return std::move(ended).error();
    auto entry = MakeAuditEntry(principal.Actor(), now, "auth.password_change", "user", {user.id});
    return tx.audit().Append(entry);
  });
}

}  // namespace yorisoi::domain
