// The key of each tenant's audit chain, and moving a chain written before keys under its key.
// app/ knows the keys (derived from the sealed tenant key) and hands an AuditKeyring to the
// Storage, which gives each tenant's key to that tenant's audit store; the domain never reads a
// key file.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

class AuditKeyring {
 public:
  virtual ~AuditKeyring() = default;
  // The tenant's audit-chain key (32 bytes).
  virtual core::Result<std::string> ChainKey(std::string_view tenant_id) = 0;
  // Whether the tenant's chain is known to be keyed: recorded outside the tenant's database, so
  // that whoever can rewrite the database cannot make a keyed chain look like one still waiting
  // for its `audit.rekey` (which would then commit to a forged plain chain).
  virtual core::Result<bool> ChainKeyed(std::string_view tenant_id) = 0;
  virtual core::Status MarkChainKeyed(std::string_view tenant_id) = 0;
};

// Called by the Storage when it opens a tenant's database, before anyone else uses it: unless
// the keyring records the chain as keyed, appends `audit.rekey` when the newest entry is plain
// (chain version 1; its keyed hash covers the plain head), then records the chain as keyed. An
// empty chain (a new tenant) is keyed from its first entry. Idempotent across processes: the
// write transaction serialises them, and the second sees a keyed newest entry.
core::Status KeyAuditChain(TenantDb& db, AuditKeyring& keyring, std::string_view tenant_id,
                           core::TimePoint now);

// Keys derived from one master key given at construction, "keyed" marks in memory: for tests
// and benchmarks, which have no data folder.
class MemoryAuditKeyring final : public AuditKeyring {
 public:
  explicit MemoryAuditKeyring(std::string master_key) : master_key_(std::move(master_key)) {}
  core::Result<std::string> ChainKey(std::string_view tenant_id) override;
  core::Result<bool> ChainKeyed(std::string_view tenant_id) override;
  core::Status MarkChainKeyed(std::string_view tenant_id) override;
  // Forgets the mark (a test's stand-in for a data folder from before keyed chains).
  void ForgetKeyed(std::string_view tenant_id);

 private:
  const std::string master_key_;
  std::mutex mu_;
  std::set<std::string, std::less<>> keyed_;
};

}  // namespace yorisoi::domain
