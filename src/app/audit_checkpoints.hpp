// The audit chain's head anchored outside the database: checkpoint files under
// tenants/<id>/audit-checkpoints/, each naming the head's seq and hash at a moment, MACed
// (HMAC-SHA-256) with a subkey of the tenant key of its own (context "auditckp", not the chain
// key), so that whoever can rewrite the database or the folder cannot make one up. `audit verify`
// checks the chain against every checkpoint: entries at or before one that are gone break it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/audit/audit_report.hpp"

namespace yorisoi::app {

struct WrittenCheckpoint {
  std::string file;  // the file name (in the tenant's audit-checkpoints folder)
  domain::AuditCheckpoint head;
};

inline constexpr std::string_view kCheckpointKeyContext = "auditckp";  // crypto_kdf: 8 chars
inline constexpr std::string_view kCheckpointFolder = "audit-checkpoints";

// Writes a checkpoint of `head` (taken at `at`) for the tenant: a new file, never an existing one.
core::Result<WrittenCheckpoint> WriteAuditCheckpoint(const DataDir& dir, std::string_view tenant_id,
                                                     const domain::AuditCheckpoint& head,
                                                     core::TimePoint at);

// Every checkpoint of the tenant, oldest file name first, each named by its file name. A file
// that is not exactly what WriteAuditCheckpoint writes under this tenant's key (one byte changed,
// another tenant's, a bad MAC) fails the whole read (kInternal) naming the file.
core::Result<std::vector<domain::AuditCheckpoint>> ReadAuditCheckpoints(const DataDir& dir,
                                                                        std::string_view tenant_id);

// The tenant's audit report thresholds: tenants/<id>/audit-report.json when present (every key
// of domain::AuditReportSettings optional, unknown keys refused), else the defaults.
core::Result<domain::AuditReportSettings> LoadAuditReportSettings(const DataDir& dir,
                                                                  std::string_view tenant_id);

}  // namespace yorisoi::app
