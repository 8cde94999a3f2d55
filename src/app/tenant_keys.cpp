#include "app/tenant_keys.hpp"

#include <filesystem>

#include "crypto/mac.hpp"
#include "crypto/secret_box.hpp"

namespace yorisoi::app {

core::Result<std::string> UnsealTenantKey(const DataDir& dir, std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(std::string platform_bytes, ReadFile(dir.PlatformKeyPath()));
  YS_ASSIGN_OR_RETURN(auto platform_key, crypto::SecretKey::FromBytes(platform_bytes));
  YS_ASSIGN_OR_RETURN(std::string sealed,
                      ReadFile(dir.TenantDir(tenant_id) + "/tenant.key.sealed"));
  return platform_key.Open(sealed, tenant_id);
}

core::Result<std::string> FileAuditKeyring::ChainKey(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(std::string tenant_key, UnsealTenantKey(dir_, tenant_id));
  return crypto::DeriveSubkey(tenant_key, kContext, kSubkeyId);
}

std::string FileAuditKeyring::MarkPath(std::string_view tenant_id) const {
  return dir_.TenantDir(tenant_id) + "/audit-chain.keyed";
}

core::Result<bool> FileAuditKeyring::ChainKeyed(std::string_view tenant_id) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(MarkPath(tenant_id), ec);
  if (ec) return core::Error::Unavailable("cannot read the tenant folder");
  return exists;
}

core::Status FileAuditKeyring::MarkChainKeyed(std::string_view tenant_id) {
  std::error_code ec;
  if (std::filesystem::exists(MarkPath(tenant_id), ec)) return core::Ok();
  auto written = WritePrivateFile(MarkPath(tenant_id), "keyed\n");
  // Another process marking it at the same moment is as good.
  if (!written.ok() && std::filesystem::exists(MarkPath(tenant_id), ec)) return core::Ok();
  return written;
}

}  // namespace yorisoi::app
