#include "domain/devices/device_service.hpp"

#include <optional>

#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "crypto/x509.hpp"
#include "domain/session_events.hpp"

namespace yorisoi::domain {
namespace {

core::Error NoSuchDevice() { return core::Error::NotFound("no such device"); }

}  // namespace

core::Result<Enrollment> DeviceService::Enroll(const AuditActor& actor, std::string_view tenant_id,
                                               std::string_view name, std::string_view kind) {
  YS_RETURN_IF_ERROR(ValidateDeviceName(name));
  YS_RETURN_IF_ERROR(ValidateDeviceKind(kind));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  {
    // A clear refusal before a certificate is made for nothing.
    auto taken = InTransaction(*db, TxMode::kRead,
                               [&](TenantTx& tx) { return tx.devices().FindByName(name); });
    if (taken.ok()) {
      return core::Error::Conflict("a device of this name is enrolled",
                                   core::codes::kDeviceNameTaken);
    }
    if (taken.error().errc != core::Errc::kNotFound) return std::move(taken).error();
  }
  Enrollment e;
  e.device.id = crypto::NewId("dev");
  e.device.name = std::string(name);
  e.device.kind = std::string(kind);
  YS_ASSIGN_OR_RETURN(e.certificate, authority_.Issue(tenant_id, e.device.id));
  e.device.fingerprint = e.certificate.fingerprint;
  e.device.serial = e.certificate.serial;
  e.device.not_after = e.certificate.not_after;
  e.pkcs12_password = crypto::RandomToken(18);
  YS_ASSIGN_OR_RETURN(
      e.pkcs12,
      crypto::ExportPkcs12(
          crypto::KeyAndCertificate{e.certificate.private_key_pem, e.certificate.certificate_pem},
          e.certificate.ca_certificate_pem, "Yorisoi " + e.device.name, e.pkcs12_password));
  e.pkcs12_base64 = crypto::Base64Encode(e.pkcs12);
  e.device.enrolled_by = actor.user_id;
  e.device.enrolled_at = clock_.Now();
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.devices().Create(e.device));
    auto entry =
        MakeAuditEntry(actor, e.device.enrolled_at, "device.enroll", "device", {e.device.id});
    return tx.audit().Append(entry);
  }));
  (void)storage_.notifier().Publish(topics::kDevicesChanged, tenant_id);
  return e;
}

core::Result<std::vector<Device>> DeviceService::List(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) { return tx.devices().List(); });
}

core::Result<Device> DeviceService::Find(std::string_view tenant_id, std::string_view id_or_name) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<Device> {
    auto by_id = tx.devices().FindById(id_or_name);
    if (by_id.ok() || by_id.error().errc != core::Errc::kNotFound) return by_id;
    return tx.devices().FindByName(id_or_name);
  });
}

core::Result<Device> DeviceService::Revoke(const AuditActor& actor, std::string_view tenant_id,
                                           std::string_view device_id, std::string_view reason) {
  YS_RETURN_IF_ERROR(ValidateRevokeReason(reason));
  if (!actor.device_id.empty() && actor.device_id == device_id) {
    // It would cut off the very connection asking; do it from another device.
    return core::Error::InvalidArgument("id", "revoke this device from another one",
                                        core::codes::kCurrentDevice);
  }
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  const auto now = clock_.Now();
  const std::string_view state =
      reason == "lost" || reason == "stolen" ? kDeviceLost : kDeviceRevoked;
  Device result;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    auto found = tx.devices().FindById(device_id);
    if (!found.ok()) {
      return found.error().errc == core::Errc::kNotFound ? NoSuchDevice() : found.error();
    }
    YS_RETURN_IF_ERROR(tx.devices().Revoke(device_id, state, now, actor.user_id, reason));
    YS_ASSIGN_OR_RETURN(const int ended, tx.sessions().DeleteForDevice(device_id));
    (void)ended;
    auto entry = MakeAuditEntry(actor, now, "device.revoke", "device", {std::string(device_id)},
                                "ok", std::string(reason));
    YS_RETURN_IF_ERROR(tx.audit().Append(entry));
    YS_ASSIGN_OR_RETURN(result, tx.devices().FindById(device_id));
    return core::Ok();
  }));
  // Every instance reloads its registry and cuts the device's connections. Committed already:
  // an instance that misses this notification still sees the revision move when it polls.
  PublishSessionEvent(storage_, SessionEvent::ForDevice(tenant_id, device_id));
  (void)storage_.notifier().Publish(topics::kDevicesChanged, tenant_id);
  return result;
}

core::Result<Device> DeviceService::ReportLost(const Principal& principal,
                                               std::string_view device_id) {
  YS_ASSIGN_OR_RETURN(Device d, Find(principal.tenant_id, device_id));
  if (d.id != device_id || d.last_user_id != principal.user.id) return NoSuchDevice();
  if (principal.session.device_id == d.id) {
    return core::Error::InvalidArgument("id", "report a lost tablet from another device",
                                        core::codes::kCurrentDevice);
  }
  return Revoke(principal.Actor(), principal.tenant_id, d.id, "lost");
}

core::Result<std::vector<Device>> DeviceService::ListOwn(const Principal& principal) {
  YS_ASSIGN_OR_RETURN(auto all, List(principal.tenant_id));
  std::vector<Device> own;
  for (auto& d : all) {
    if (d.last_user_id == principal.user.id) own.push_back(std::move(d));
  }
  return own;
}

core::Result<std::vector<std::string>> DeviceService::Refresh(DeviceRegistry& registry) {
  YS_ASSIGN_OR_RETURN(const auto tenants, storage_.tenants().List());
  std::vector<std::string> ended;
  std::optional<core::Error> first_failure;
  // Each tenant on its own: one that cannot be read must not hold back the others' revocations
  // (its own stay as last loaded; sessions are checked against the database as well).
  for (const auto& t : tenants) {
    auto one = [&]() -> core::Status {
      YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(t.id));
      YS_ASSIGN_OR_RETURN(auto tx, db->Begin(TxMode::kRead));
      YS_ASSIGN_OR_RETURN(const int64_t revision, tx->devices().Revision());
      if (revision == registry.Revision(t.id)) return core::Ok();
      YS_ASSIGN_OR_RETURN(const auto devices, tx->devices().List());
      for (auto& fp : registry.SetTenant(t.id, revision, devices)) ended.push_back(std::move(fp));
      return core::Ok();
    }();
    if (!one.ok() && !first_failure) first_failure = one.error();
  }
  if (first_failure && ended.empty()) return *first_failure;
  return ended;
}

}  // namespace yorisoi::domain
