#include "domain/audit/audit_key.hpp"

#include <optional>

#include "crypto/encoding.hpp"
#include "crypto/mac.hpp"

namespace yorisoi::domain {

core::Status RekeyPlainChain(AuditStore& store, core::TimePoint now) {
  // Once per tenant (the keyring's mark prevents a second time), so walking the log is fine.
  std::optional<AuditEntry> newest;
  YS_RETURN_IF_ERROR(store.ForEach([&](const AuditEntry& e) {
    newest = e;
    return true;
  }));
  if (!newest || newest->chain != kAuditChainPlain) return core::Ok();
  AuditActor system;
  system.role = "system";
  system.address = "local";
  auto rekey = MakeAuditEntry(system, now, std::string(kAuditRekeyAction), "", {}, "ok",
                              "plain_head:" + std::to_string(newest->seq));
  return store.Append(rekey);
}

core::Result<std::string> MemoryAuditKeyring::ChainKey(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(std::string tenant_key, crypto::DeriveSubkey(master_key_, "ystenant", 1));
  // Not how app/ derives it (from the sealed tenant key); just a distinct key per tenant.
  return crypto::HexDecode(crypto::HmacSha256Hex(tenant_key, tenant_id)).value();
}

core::Result<bool> MemoryAuditKeyring::ChainKeyed(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  return keyed_.count(tenant_id) > 0;
}

core::Status MemoryAuditKeyring::MarkChainKeyed(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  keyed_.emplace(tenant_id);
  return core::Ok();
}

void MemoryAuditKeyring::ForgetKeyed(std::string_view tenant_id) {
  std::lock_guard lock(mu_);
  auto it = keyed_.find(tenant_id);
  if (it != keyed_.end()) keyed_.erase(it);
}

}  // namespace yorisoi::domain
