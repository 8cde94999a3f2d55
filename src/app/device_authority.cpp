#include "app/device_authority.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "app/tenant_keys.hpp"
#include "crypto/secret_box.hpp"
#include "crypto/x509.hpp"

namespace yorisoi::app {
namespace {

// What a sealed CA key is bound to: it opens only as this tenant's device CA key.
std::string SealContext(std::string_view tenant_id) {
  return "device-ca:" + std::string(tenant_id);
}

}  // namespace

std::string FileDeviceAuthority::CertPath(std::string_view tenant_id) const {
  return dir_.TenantDir(tenant_id) + "/device-ca.crt.pem";
}

std::string FileDeviceAuthority::SealedKeyPath(std::string_view tenant_id) const {
  return dir_.TenantDir(tenant_id) + "/device-ca.key.sealed";
}

core::Result<std::string> FileDeviceAuthority::TenantKey(std::string_view tenant_id) const {
  return UnsealTenantKey(dir_, tenant_id);
}

core::Result<std::string> FileDeviceAuthority::ExistingCaCertificate(
    std::string_view tenant_id) const {
  std::error_code ec;
  if (!std::filesystem::exists(SealedKeyPath(tenant_id), ec) ||
      !std::filesystem::exists(CertPath(tenant_id), ec)) {
    return core::Error::NotFound("the tenant has no device CA yet");
  }
  return ReadFile(CertPath(tenant_id));
}

core::Status FileDeviceAuthority::EnsureCa(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  // Across processes (two commands at once): an exclusive lock on a file of the tenant folder.
  const std::string lock_path = dir_.TenantDir(tenant_id) + "/device-ca.lock";
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock_fd < 0) return core::Error::Unavailable("cannot lock the tenant's device CA");
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing releases the flock
  } unlock{lock_fd};
  if (::flock(lock_fd, LOCK_EX) != 0) {
    return core::Error::Unavailable("cannot lock the tenant's device CA");
  }
  std::error_code ec;
  const bool has_cert = std::filesystem::exists(CertPath(tenant_id), ec);
  const bool has_key = std::filesystem::exists(SealedKeyPath(tenant_id), ec);
  if (has_cert && has_key) return core::Ok();
  if (has_cert != has_key) {
    // Never replace half a CA silently: every tablet enrolled under it would be orphaned.
    return core::Error::Internal(
        "the tenant's device CA is incomplete (certificate or sealed key missing); restore it "
        "from the backup");
  }
  YS_ASSIGN_OR_RETURN(std::string tenant_key_bytes, TenantKey(tenant_id));
  YS_ASSIGN_OR_RETURN(auto tenant_key, crypto::SecretKey::FromBytes(tenant_key_bytes));
  YS_ASSIGN_OR_RETURN(auto ca, crypto::CreateCertificateAuthority(
                                   "Yorisoi device CA " + std::string(tenant_id), kCaDays));
  // The key first: a certificate without its key would look like a complete CA.
  YS_RETURN_IF_ERROR(WritePrivateFile(SealedKeyPath(tenant_id),
                                      tenant_key.Seal(ca.private_key_pem, SealContext(tenant_id))));
  return WritePrivateFile(CertPath(tenant_id), ca.certificate_pem);
}

core::Result<std::string> FileDeviceAuthority::CaCertificate(std::string_view tenant_id) {
  YS_RETURN_IF_ERROR(EnsureCa(tenant_id));
  return ReadFile(CertPath(tenant_id));
}

core::Result<crypto::KeyAndCertificate> FileDeviceAuthority::Ca(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(std::string ca_pem, CaCertificate(tenant_id));
  YS_ASSIGN_OR_RETURN(std::string tenant_key_bytes, TenantKey(tenant_id));
  YS_ASSIGN_OR_RETURN(auto tenant_key, crypto::SecretKey::FromBytes(tenant_key_bytes));
  YS_ASSIGN_OR_RETURN(std::string sealed, ReadFile(SealedKeyPath(tenant_id)));
  YS_ASSIGN_OR_RETURN(std::string ca_key, tenant_key.Open(sealed, SealContext(tenant_id)));
  return crypto::KeyAndCertificate{std::move(ca_key), std::move(ca_pem)};
}

core::Result<domain::IssuedCertificate> FileDeviceAuthority::Issue(std::string_view tenant_id,
                                                                   std::string_view device_id) {
  YS_ASSIGN_OR_RETURN(const crypto::KeyAndCertificate ca, Ca(tenant_id));
  const std::string& ca_pem = ca.certificate_pem;
  YS_ASSIGN_OR_RETURN(
      auto leaf, crypto::IssueClientCertificate(ca, std::string(device_id), std::string(tenant_id),
                                                kDeviceDays));
  YS_ASSIGN_OR_RETURN(auto info, crypto::InspectCertificate(leaf.certificate_pem));
  domain::IssuedCertificate issued;
  issued.certificate_pem = std::move(leaf.certificate_pem);
  issued.private_key_pem = std::move(leaf.private_key_pem);
  issued.ca_certificate_pem = ca_pem;
  issued.fingerprint = info.sha256_fingerprint;
  issued.serial = info.serial_hex;
  issued.not_after = info.not_after;
  return issued;
}

}  // namespace yorisoi::app
