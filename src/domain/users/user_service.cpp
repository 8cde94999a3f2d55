#include "domain/users/user_service.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/error_codes.hpp"
#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "domain/session_events.hpp"
#include "domain/users/password_policy.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {

core::Status UserService::AuditRead(TenantDb& db, const AuditActor& actor, std::string action,
                                    std::string target_kind, std::vector<std::string> ids) {
  return AppendAuditEntry(db, MakeAuditEntry(actor, clock_.Now(), std::move(action),
                                             std::move(target_kind), std::move(ids)));
}

core::Result<Unit> UserService::CreateUnit(const AuditActor& actor, std::string_view tenant_id,
                                           Unit unit) {
  unit.created_at = clock_.Now();
  YS_RETURN_IF_ERROR(ValidateUnit(unit));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.units().Create(unit));
    auto entry = MakeAuditEntry(actor, unit.created_at, "unit.create", "unit", {unit.id});
    return tx.audit().Append(entry);
  }));
  return unit;
}

core::Result<std::vector<Unit>> UserService::ListUnits(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) { return tx.units().List(); });
}

core::Result<User> UserService::CreateUser(const AuditActor& actor, std::string_view tenant_id,
                                           NewUser in, std::string_view password,
                                           bool must_change_password) {
  YS_RETURN_IF_ERROR(ValidateLogin(in.login));
  YS_RETURN_IF_ERROR(ValidateText("name", in.name, 1, 100));
  const bool needs_unit = in.role == Role::kCaseworker || in.role == Role::kSupervisor;
  if (needs_unit && in.unit_ids.empty()) {
    return core::Error::InvalidArgument("unit_ids", "caseworkers and supervisors need a unit",
                                        core::codes::kRequired);
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < in.unit_ids.size(); ++i) {
    const std::string field = "unit_ids[" + std::to_string(i) + "]";
    YS_RETURN_IF_ERROR(ValidateUnitId(in.unit_ids[i], field));
    if (!seen.insert(in.unit_ids[i]).second) {
      return core::Error::InvalidArgument(field, "is listed twice", core::codes::kDuplicate);
    }
  }
  YS_RETURN_IF_ERROR(CheckPasswordPolicy(password, {in.login, tenant_id}));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  const auto now = clock_.Now();
  User user;
  user.id = crypto::NewId("usr");
  user.login = std::move(in.login);
  user.name = std::move(in.name);
  user.role = in.role;
  user.unit_ids = std::move(in.unit_ids);
  user.password_hash = std::move(hash);
  user.must_change_password = must_change_password;
  user.password_changed_at = now;
  user.created_at = now;
  user.updated_at = now;
  user.version = 1;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    for (std::size_t i = 0; i < user.unit_ids.size(); ++i) {
      auto unit = tx.units().FindById(user.unit_ids[i]);
      if (!unit.ok()) {
        if (unit.error().errc != core::Errc::kNotFound) return std::move(unit).error();
        return core::Error::InvalidArgument("unit_ids[" + std::to_string(i) + "]",
                                            "names no unit of this tenant",
                                            core::codes::kUnknownUnit);
      }
    }
    YS_RETURN_IF_ERROR(tx.users().Create(user));
    auto entry = MakeAuditEntry(actor, now, "user.create", "user", {user.id});
    return tx.audit().Append(entry);
  }));
  return user;
}

core::Result<std::vector<User>> UserService::ListUsers(const AuditActor& actor,
                                                       std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_ASSIGN_OR_RETURN(auto users, InTransaction(*db, TxMode::kRead,
                                                [&](TenantTx& tx) { return tx.users().List(); }));
  std::vector<std::string> ids;
  for (const auto& u : users) ids.push_back(u.id);
  YS_RETURN_IF_ERROR(AuditRead(*db, actor, "user.list", "user", std::move(ids)));
  return users;
}

core::Result<User> UserService::GetUser(const AuditActor& actor, std::string_view tenant_id,
                                        std::string_view user_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_ASSIGN_OR_RETURN(User user, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.users().FindById(user_id);
                      }));
  YS_RETURN_IF_ERROR(AuditRead(*db, actor, "user.read", "user", {user.id}));
  return user;
}

core::Status UserService::SetPassword(const AuditActor& actor, std::string_view tenant_id,
                                      std::string_view user_id, std::string_view password,
                                      bool must_change) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_ASSIGN_OR_RETURN(User user, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.users().FindById(user_id);
                      }));
  YS_RETURN_IF_ERROR(CheckPasswordPolicy(password, {user.login, tenant_id}));
  YS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    const auto now = clock_.Now();
    YS_RETURN_IF_ERROR(tx.users().SetPassword(user.id, hash, must_change, now, user.version));
    auto entry = MakeAuditEntry(actor, now, "user.set_password", "user", {user.id});
    return tx.audit().Append(entry);
  }));
  // Sessions stay, but their account changed (must_change_password): read again.
  PublishSessionEvent(storage_, SessionEvent::ForUser(tenant_id, user.id));
  return core::Ok();
}

std::string UserService::NewTemporaryPassword() {
  // 18 random bytes in base64url: 24 characters, well over the policy minimum.
  return crypto::RandomToken(18);
}

core::Result<PasswordReset> UserService::ResetPassword(const AuditActor& actor,
                                                       std::string_view tenant_id,
                                                       std::string_view user_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  std::string temporary = NewTemporaryPassword();
  YS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(temporary));
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(
      PasswordReset reset,
      InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Result<PasswordReset> {
        YS_ASSIGN_OR_RETURN(User user, tx.users().FindById(user_id));
        YS_RETURN_IF_ERROR(tx.users().SetPassword(user.id, hash, true, now, user.version));
        auto ended = tx.sessions().DeleteForUser(user.id);
        if (!ended.ok()) return std::move(ended).error();
        YS_ASSIGN_OR_RETURN(User updated, tx.users().FindById(user_id));
        auto entry = MakeAuditEntry(actor, now, "user.reset_password", "user", {user.id});
        YS_RETURN_IF_ERROR(tx.audit().Append(entry));
        return PasswordReset{std::move(updated), temporary};
      }));
  // Every session of the account ended: refused by every instance from now on.
  PublishSessionEvent(storage_, SessionEvent::ForUser(tenant_id, reset.user.id));
  return reset;
}

}  // namespace yorisoi::domain
