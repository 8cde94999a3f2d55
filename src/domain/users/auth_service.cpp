#include "domain/users/auth_service.hpp"

#include <algorithm>
#include <utility>

#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "domain/notifier.hpp"
#include "domain/session_events.hpp"
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
      address_throttle_(config.address_max_failures, config.address_window),
      cache_(config.session_cache_capacity, storage) {
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
      bool locked_now = false;
      auto recorded = InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(User after, tx.users().RecordLoginFailure(
                                            user->id, config_.max_failures, now + config_.lockout));
        locked_now = after.locked_until && *after.locked_until > now;
        auto entry =
            MakeAuditEntry(user_actor(*user), now, "auth.login", "user", {user->id}, "failed",
                           locked_now ? "wrong_password_locked" : "wrong_password");
        return tx.audit().Append(entry);
      });
      if (!recorded.ok()) return std::move(recorded).error();
      // The account record changed (its lock): cached sign-ins of it are read again.
      if (locked_now) {
        PublishSessionEvent(storage_, SessionEvent::ForUser(tenant_id, user->id));
      }
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
  const uint64_t epoch = cache_.Epoch();
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
  // Known good now (the device was checked in the transaction): the first checks need no read.
  cache_.Put(SessionCache::Key(tenant_id, session.token_hash),
             SessionCache::Entry{std::string(tenant_id), session, *user, now, now}, epoch);
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
  const std::string hash = crypto::Sha256Hex(token.substr(dot + 1));
  const std::string key = SessionCache::Key(tenant_id, hash);
  const auto now = clock_.Now();
  if (auto hit = cache_.Find(key)) {
    // Within its time to live and neither expired nor idle by this instance's knowledge: answered
    // from memory. Otherwise the database decides (and may know of another instance's use).
    if (now - hit->validated_at < config_.session_cache_ttl && hit->session.expires_at > now &&
        hit->session.last_seen_at + config_.idle_timeout > now) {
      Principal principal{hit->tenant_id, std::move(hit->session), std::move(hit->user),
                          std::string(address)};
      if (principal.session.device_id != device_id) {
        YS_ASSIGN_OR_RETURN(auto db, Db(tenant_id));
        return RefuseOtherDevice(*db, principal, device_id, now);
      }
      const auto queued = MaybeTouch(principal, hit->stored_last_seen, now);
      cache_.Seen(key, now, queued);
      principal.session.last_seen_at = now;
      return principal;
    }
  }
  return AuthenticateFromDatabase(tenant_id, key, hash, address, device_id, now);
}

core::Error AuthService::RefuseOtherDevice(TenantDb& db, const Principal& principal,
                                           std::string_view device_id, core::TimePoint now) {
  // The token of a session opened on another device (or without one): refused, and kept for
  // the device it belongs to.
  AuditActor actor{principal.session.user_id, "", principal.session.id, std::string(device_id),
                   principal.address};
  auto audited = AppendAuditEntry(
      db, MakeAuditEntry(actor, now, "auth.session", "session", {principal.session.id}, "denied",
                         "session_device_mismatch"));
  if (!audited.ok()) return std::move(audited).error();
  return core::Error::Unauthenticated("this session belongs to another device",
                                      core::codes::kSessionDeviceMismatch);
}

core::Result<Principal> AuthService::AuthenticateFromDatabase(
    std::string_view tenant_id, const std::string& key, const std::string& hash,
    std::string_view address, std::string_view device_id, core::TimePoint now) {
  auto db = Db(tenant_id);
  if (!db.ok()) {
    if (db.error().errc == core::Errc::kNotFound) {
      return core::Error::Unauthenticated("no valid session token");
    }
    return std::move(db).error();
  }
  // Read before the transaction: an invalidation from here on keeps what is read out of the cache.
  const uint64_t epoch = cache_.Epoch();
  Principal principal;
  principal.tenant_id = std::string(tenant_id);
  principal.address = std::string(address);
  bool expired = false;
  bool device_revoked = false;
  core::TimePoint stored_last_seen{};
  auto loaded = InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
    auto s = tx.sessions().FindByTokenHash(hash);
    if (!s.ok()) return std::move(s).error();
    principal.session = std::move(*s);
    // This instance's own uses that are queued but not written yet count as well.
    if (auto pending = PendingTouchAt(principal.tenant_id, principal.session.id);
        pending && *pending > principal.session.last_seen_at) {
      principal.session.last_seen_at = *pending;
    }
    stored_last_seen = principal.session.last_seen_at;
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
      cache_.Erase(key);
      return core::Error::Unauthenticated("no valid session token");
    }
    return std::move(loaded).error();
  }
  if (principal.session.device_id != device_id) {
    return RefuseOtherDevice(**db, principal, device_id, now);
  }
  if (device_revoked && principal.session.device_id == device_id) {
    // A session made in the moment between a revocation and the registry's reload: ended now.
    (void)InTransaction(**db, TxMode::kWrite,
                        [&](TenantTx& tx) { return tx.sessions().Delete(principal.session.id); });
    Forget(key, principal);
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
    Forget(key, principal);
    return SessionEnded(expired ? "the session has expired" : "the account is disabled");
  }
  const auto queued = MaybeTouch(principal, stored_last_seen, now);
  principal.session.last_seen_at = now;
  SessionCache::Entry entry{principal.tenant_id, principal.session, principal.user, now,
                            queued.value_or(stored_last_seen)};
  cache_.Put(key, std::move(entry), epoch);
  return principal;
}

std::optional<core::TimePoint> AuthService::MaybeTouch(const Principal& principal,
                                                       core::TimePoint stored_last_seen,
                                                       core::TimePoint now) {
  if (now - stored_last_seen < config_.idle_timeout / 10) return std::nullopt;
  std::lock_guard lock(touch_mu_);
  PendingTouch& t = pending_touches_[principal.tenant_id][principal.session.id];
  if (t.at < now) {
    t = PendingTouch{now, principal.session.device_id, principal.address, principal.user.id};
  }
  return now;
}

std::optional<core::TimePoint> AuthService::PendingTouchAt(const std::string& tenant_id,
                                                           const std::string& session_id) {
  std::lock_guard lock(touch_mu_);
  auto tenant = pending_touches_.find(tenant_id);
  if (tenant == pending_touches_.end()) return std::nullopt;
  auto it = tenant->second.find(session_id);
  if (it == tenant->second.end()) return std::nullopt;
  return it->second.at;
}

void AuthService::DropPendingTouch(const std::string& tenant_id, const std::string& session_id) {
  std::lock_guard lock(touch_mu_);
  auto tenant = pending_touches_.find(tenant_id);
  if (tenant != pending_touches_.end()) tenant->second.erase(session_id);
}

void AuthService::Forget(const std::string& key, const Principal& principal) {
  DropPendingTouch(principal.tenant_id, principal.session.id);
  cache_.Erase(key);
  // Other instances may still hold it (this one decided with what the database said).
  PublishSessionEvent(storage_,
                      SessionEvent::ForSession(principal.tenant_id, principal.session.id));
}

core::Status AuthService::FlushTouches() {
  std::map<std::string, std::map<std::string, PendingTouch>> batch;
  {
    std::lock_guard lock(touch_mu_);
    batch.swap(pending_touches_);
  }
  std::optional<core::Error> first_failure;
  for (auto& [tenant_id, touches] : batch) {
    if (touches.empty()) continue;
    auto written = [&]() -> core::Status {
      YS_ASSIGN_OR_RETURN(auto db, Db(tenant_id));
      return InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        for (const auto& [session_id, t] : touches) {
          // A session ended meanwhile is simply gone (kNotFound changes nothing).
          auto s = tx.sessions().Touch(session_id, t.at);
          if (!s.ok() && s.error().errc != core::Errc::kNotFound) return s;
          if (t.device_id.empty()) continue;
          auto d = tx.devices().Touch(t.device_id, t.at, t.address, t.user_id);
          if (!d.ok() && d.error().errc != core::Errc::kNotFound) return d;
        }
        return core::Ok();
      });
    }();
    if (written.ok()) continue;
    if (!first_failure) first_failure = written.error();
    if (written.error().errc == core::Errc::kNotFound) continue;  // the tenant is gone
    // Queued again for the next flush, unless a newer use was queued meanwhile.
    std::lock_guard lock(touch_mu_);
    auto& queue = pending_touches_[tenant_id];
    for (auto& [session_id, t] : touches) {
      auto [it, inserted] = queue.emplace(session_id, t);
      if (!inserted && it->second.at < t.at) it->second = std::move(t);
    }
  }
  if (first_failure) return *first_failure;
  return core::Ok();
}

AuthService::~AuthService() { (void)FlushTouches(); }

void AuthService::OnNotification(std::string_view topic, std::string_view payload) {
  if (topic == topics::kResync) {
    cache_.Clear();
    return;
  }
  if (topic != topics::kSessionsChanged) return;
  if (auto event = SessionEvent::Parse(payload)) {
    cache_.Invalidate(*event);
  } else {
    cache_.Clear();  // not understood: the safe answer
  }
}

core::Status AuthService::Logout(const Principal& principal) {
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.sessions().Delete(principal.session.id));
    auto entry = MakeAuditEntry(principal.Actor(), clock_.Now(), "auth.logout", "session",
                                {principal.session.id});
    return tx.audit().Append(entry);
  }));
  DropPendingTouch(principal.tenant_id, principal.session.id);
  PublishSessionEvent(storage_,
                      SessionEvent::ForSession(principal.tenant_id, principal.session.id));
  return core::Ok();
}

void AuthService::AuditDenied(const Principal& principal, std::string_view action_name) {
  auto db = Db(principal.tenant_id);
  if (!db.ok()) return;
  (void)AppendAuditEntry(**db, MakeAuditEntry(principal.Actor(), clock_.Now(), "authz.denied", "",
                                              {}, "denied", std::string(action_name)));
}

core::Result<User> AuthService::CheckOwnPassword(const Principal& principal,
                                                 std::string_view password, std::string_view action,
                                                 std::string_view field) {
  YS_RETURN_IF_ERROR(ValidateText(field, password, 1, kMaxPasswordLength));
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(User user, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.users().FindById(principal.user.id);
                      }));
  // A stolen session must not become an unlimited password oracle: the account lock applies.
  if (user.locked_until && *user.locked_until > now) {
    YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) {
      auto entry = MakeAuditEntry(principal.Actor(), now, std::string(action), "user", {user.id},
                                  "denied", "account_locked");
      return tx.audit().Append(entry);
    }));
    return core::Error::TooManyRequests(
        "the account is locked after repeated failed attempts; try later or ask an admin",
        core::codes::kAccountLocked);
  }
  if (!crypto::VerifyPassword(user.password_hash, password)) {
    bool locked_now = false;
    YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      YS_ASSIGN_OR_RETURN(User after, tx.users().RecordLoginFailure(user.id, config_.max_failures,
                                                                    now + config_.lockout));
      locked_now = after.locked_until && *after.locked_until > now;
      auto entry =
          MakeAuditEntry(principal.Actor(), now, std::string(action), "user", {user.id}, "failed",
                         locked_now ? "wrong_password_locked" : "wrong_password");
      return tx.audit().Append(entry);
    }));
    if (locked_now) {
      PublishSessionEvent(storage_, SessionEvent::ForUser(principal.tenant_id, user.id));
    }
    return core::Error::InvalidArgument(std::string(field), "does not match the current password",
                                        core::codes::kWrongPassword);
  }
  return user;
}

core::Status AuthService::Unlock(const Principal& principal, std::string_view password) {
  YS_ASSIGN_OR_RETURN(User user, CheckOwnPassword(principal, password, "auth.unlock", "password"));
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  const auto now = clock_.Now();
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    // The right password ends a run of failures, as a sign-in does.
    if (user.failed_logins > 0) YS_RETURN_IF_ERROR(tx.users().ResetLoginFailures(user.id));
    auto entry =
        MakeAuditEntry(principal.Actor(), now, "auth.unlock", "session", {principal.session.id});
    return tx.audit().Append(entry);
  }));
  if (user.failed_logins > 0) {
    PublishSessionEvent(storage_, SessionEvent::ForUser(principal.tenant_id, user.id));
  }
  return core::Ok();
}

core::Status AuthService::ChangePassword(const Principal& principal,
                                         std::string_view current_password,
                                         std::string_view new_password) {
  YS_ASSIGN_OR_RETURN(User user, CheckOwnPassword(principal, current_password,
                                                  "auth.password_change", "current_password"));
  YS_ASSIGN_OR_RETURN(auto db, Db(principal.tenant_id));
  const auto now = clock_.Now();
  YS_RETURN_IF_ERROR(
      CheckPasswordPolicy(new_password, {user.login, principal.tenant_id}, "new_password"));
  if (new_password == current_password) {
    return core::Error::InvalidArgument("new_password", "must differ from the current password",
                                        core::codes::kPasswordUnchanged);
  }
  YS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(new_password));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.users().SetPassword(user.id, hash, false, now, user.version));
    auto ended = tx.sessions().DeleteForUser(user.id, principal.session.id);
    if (!ended.ok()) return std::move(ended).error();
    auto entry = MakeAuditEntry(principal.Actor(), now, "auth.password_change", "user", {user.id});
    return tx.audit().Append(entry);
  }));
  // The other sessions ended, and the kept one's account changed (must_change_password).
  PublishSessionEvent(storage_, SessionEvent::ForUser(principal.tenant_id, user.id));
  return core::Ok();
}

}  // namespace yorisoi::domain
