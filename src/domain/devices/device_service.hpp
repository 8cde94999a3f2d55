// Enrolling, listing and revoking devices; keeping the registry in step.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/devices/device.hpp"
#include "domain/devices/device_registry.hpp"
#include "domain/principal.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

// A device certificate and its key, as issued.
struct IssuedCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
  std::string ca_certificate_pem;  // the tenant's device CA
  std::string fingerprint;         // lowercase hex SHA-256 of the certificate (DER)
  std::string serial;
  core::TimePoint not_after{};
};

// The tenant's device CA (implemented by the app: it holds the sealed CA keys).
class DeviceAuthority {
 public:
  virtual ~DeviceAuthority() = default;
  // A client certificate for device `device_id` of `tenant_id` (CN = device id, O = tenant id).
  virtual core::Result<IssuedCertificate> Issue(std::string_view tenant_id,
                                                std::string_view device_id) = 0;
};

struct Enrollment {
  Device device;
  IssuedCertificate certificate;  // the private key leaves the server once, here
  std::string pkcs12;             // key + certificate + CA, for MDM (DER)
  std::string pkcs12_base64;      // the same, base64 (padded), for JSON
  std::string pkcs12_password;    // random; shown once to whoever enrolled the device
};

class DeviceService {
 public:
  DeviceService(Storage& storage, const core::Clock& clock, DeviceAuthority& authority)
      : storage_(storage), clock_(clock), authority_(authority) {}

  // Issues a certificate and records the device ("device.enroll" in the audit log).
  core::Result<Enrollment> Enroll(const AuditActor& actor, std::string_view tenant_id,
                                  std::string_view name, std::string_view kind);
  core::Result<std::vector<Device>> List(std::string_view tenant_id);
  // By id or, failing that, by name (the command line names devices).
  core::Result<Device> Find(std::string_view tenant_id, std::string_view id_or_name);

  // Revokes (admin: state revoked, or lost when the reason is lost/stolen) and ends the device's
  // sessions, in one transaction with the audit entry "device.revoke" (detail: the reason).
  // The caller then refreshes the registry and closes the device's connections.
  core::Result<Device> Revoke(const AuditActor& actor, std::string_view tenant_id,
                              std::string_view device_id, std::string_view reason);

  // A user reports a tablet they used as lost, from another device: the device's last user
  // only, never the device the request comes from. kNotFound otherwise.
  core::Result<Device> ReportLost(const Principal& principal, std::string_view device_id);
  // The devices whose last user is the principal (for reporting one lost).
  core::Result<std::vector<Device>> ListOwn(const Principal& principal);

  // Loads the active devices of every tenant whose device revision moved since the last call
  // into the registry. Returns the fingerprints of devices that stopped being active.
  core::Result<std::vector<std::string>> Refresh(DeviceRegistry& registry);

 private:
  Storage& storage_;
  const core::Clock& clock_;
  DeviceAuthority& authority_;
};

}  // namespace yorisoi::domain
