// Reading and verifying a tenant's audit log.
#pragma once

#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/principal.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

class AuditService {
 public:
  AuditService(Storage& storage, const core::Clock& clock) : storage_(storage), clock_(clock) {}

  // Entries matching the query; the read itself is recorded ("audit.read"), since the log
  // says who touched which records.
  core::Result<std::vector<AuditEntry>> Query(const Principal& principal, const AuditQuery& query);

  // Checks the whole chain of a tenant (the `audit verify` command).
  core::Result<ChainVerification> Verify(std::string_view tenant_id);

 private:
  Storage& storage_;
  const core::Clock& clock_;
};

}  // namespace yorisoi::domain
