// Reading and verifying a tenant's audit log.
#pragma once

#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/audit/audit_report.hpp"
#include "domain/principal.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

class AuditService {
 public:
  AuditService(Storage& storage, const core::Clock& clock) : storage_(storage), clock_(clock) {}

  // Entries matching the query; the read itself is recorded ("audit.read"), since the log
  // says who touched which records.
  core::Result<std::vector<AuditEntry>> Query(const Principal& principal, const AuditQuery& query);

  // Checks the whole chain of a tenant, and it against the checkpoints (the `audit verify`
  // command).
  core::Result<ChainVerification> Verify(std::string_view tenant_id,
                                         const std::vector<AuditCheckpoint>& checkpoints = {});

  // The chain's head (seq and hash; seq 0 for an empty log), to be anchored as a checkpoint.
  // kInternal when the newest entry's own hash does not verify under the chain key (a checkpoint
  // must not bless an entry that was forged).
  core::Result<AuditCheckpoint> Head(std::string_view tenant_id);

  // The periodic analysis of the Japan calendar days from..to (inclusive) under the tenant's
  // settings; the report itself is recorded ("audit.report", with the number of flags) as
  // done by `actor`. kInvalidArgument when to is before from or the period exceeds 366 days.
  core::Result<AuditReport> Report(const AuditActor& actor, std::string_view tenant_id,
                                   core::Date from, core::Date to,
                                   const AuditReportSettings& settings);

 private:
  Storage& storage_;
  const core::Clock& clock_;
};

}  // namespace yorisoi::domain
