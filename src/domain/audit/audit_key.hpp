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
#include "domain/audit/audit_store.hpp"

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

// Appends `audit.rekey` when the newest entry is plain (chain version 1): its keyed hash covers
// the plain head. Nothing for an empty chain or a keyed newest entry. Run in a kWrite
// transaction (KeyAuditChain in storage.hpp, which the Storage calls when it opens a tenant).
core::Status RekeyPlainChain(AuditStore& store, core::TimePoint now);

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
