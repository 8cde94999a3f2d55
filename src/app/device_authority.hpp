// Each tenant's device CA, kept in the tenant's folder: the certificate in the clear
// (device-ca.crt.pem) and the private key sealed with the tenant's key (device-ca.key.sealed),
// itself sealed with the platform key. Created by `tenant add` (and on first use for a tenant
// made before devices existed).
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "crypto/x509.hpp"
#include "domain/devices/device_service.hpp"

namespace yorisoi::app {

class FileDeviceAuthority final : public domain::DeviceAuthority {
 public:
  explicit FileDeviceAuthority(DataDir dir) : dir_(std::move(dir)) {}

  // Creates the tenant's CA unless it exists.
  core::Status EnsureCa(std::string_view tenant_id);
  // The CA certificate (PEM), created when missing.
  core::Result<std::string> CaCertificate(std::string_view tenant_id);
  // The CA certificate only when the CA is complete (certificate and sealed key); kNotFound
  // otherwise. What the server uses: it never creates a CA (a `tenant add` may be doing so).
  core::Result<std::string> ExistingCaCertificate(std::string_view tenant_id) const;

  core::Result<domain::IssuedCertificate> Issue(std::string_view tenant_id,
                                                std::string_view device_id) override;

  // The tenant's CA with its key unsealed (for issuing; tests make odd certificates with it).
  core::Result<crypto::KeyAndCertificate> Ca(std::string_view tenant_id);

  static constexpr int kCaDays = 20 * 365;
  static constexpr int kDeviceDays = 2 * 365;  // tablets are replaced within their lease

 private:
  std::string CertPath(std::string_view tenant_id) const;
  std::string SealedKeyPath(std::string_view tenant_id) const;
  core::Result<std::string> TenantKey(std::string_view tenant_id) const;

  DataDir dir_;
  std::mutex mu_;  // one CA creation at a time in this process (a lock file across processes)
};

}  // namespace yorisoi::app
