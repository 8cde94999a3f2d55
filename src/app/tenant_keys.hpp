// A tenant's own key (tenants/<id>/tenant.key.sealed, sealed with the platform key and bound to
// the tenant id) and the keys derived from it for one purpose each.
#pragma once

#include <string>
#include <string_view>

#include "app/config.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_key.hpp"

namespace yorisoi::app {

// The tenant's key (32 bytes), unsealed with the platform key.
core::Result<std::string> UnsealTenantKey(const DataDir& dir, std::string_view tenant_id);

// The audit-chain keys of the data folder's tenants: each is a subkey of the tenant key
// (crypto::DeriveSubkey, context "auditlog"), so the database alone, without the key files,
// cannot forge the chain. A chain is recorded as keyed by the file
// tenants/<id>/audit-chain.keyed, outside the database.
class FileAuditKeyring final : public domain::AuditKeyring {
 public:
  explicit FileAuditKeyring(DataDir dir) : dir_(std::move(dir)) {}
  core::Result<std::string> ChainKey(std::string_view tenant_id) override;
  core::Result<bool> ChainKeyed(std::string_view tenant_id) override;
  core::Status MarkChainKeyed(std::string_view tenant_id) override;

  static constexpr std::string_view kContext = "auditlog";  // crypto_kdf: 8 characters
  static constexpr uint64_t kSubkeyId = 1;

 private:
  std::string MarkPath(std::string_view tenant_id) const;
  DataDir dir_;
};

}  // namespace yorisoi::app
