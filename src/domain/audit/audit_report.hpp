// The periodic analysis of a tenant's audit log (アクセスログの定期分析): summary counts of a
// period and the flagged patterns, each with the entries (seq numbers) behind it. Ids only: the
// report names users by id and entries by seq, never a person's data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/audit/audit.hpp"

namespace yorisoi::domain {

// The tenant's thresholds (documented in docs/operations.md; app/ reads them from
// tenants/<id>/audit-report.json, every key optional).
struct AuditReportSettings {
  // Working hours in Japan time: [work_start_hour, work_end_hour). Anything a signed-in user did
  // outside them is flagged `off_hours`.
  int work_start_hour = 7;
  int work_end_hour = 21;
  // `bulk_reads`: a user's record reads in the period, at least bulk_reads_min and more than
  // bulk_reads_factor times what their own history (the baseline_days before the period, scaled
  // to the period's length) predicts.
  int64_t bulk_reads_min = 50;
  double bulk_reads_factor = 3.0;
  int baseline_days = 30;
  // `failed_logins`: at least this many failed or refused sign-ins on one account, or from one
  // address (those not already counted for a flagged account).
  int64_t failed_logins_min = 5;
  // `exports`: every user with at least this many exports in the period.
  int64_t exports_min = 1;
};

struct AuditFlag {
  // bulk_reads, off_hours, out_of_scope, failed_logins, exports, break_glass (every grant,
  // `case.break_glass`, and every read made under one: detail "break_glass", the grant id among
  // the target ids; such reads are not also out_of_scope)
  std::string kind;
  std::string user_id;  // "" for a flag on an address
  std::string address;  // failed_logins from one address only
  int64_t count = 0;
  std::vector<int64_t> entries;  // seq numbers
};

struct AuditReport {
  std::string tenant_id;
  core::Date from;  // inclusive, Japan calendar days
  core::Date to;    // inclusive
  core::TimePoint generated_at;
  AuditCheckpoint head;  // the chain's head when the report was made
  AuditReportSettings settings;
  int64_t entries = 0;  // entries in the period
  int64_t sign_ins = 0;
  int64_t sign_in_failures = 0;
  int64_t exports = 0;
  int64_t device_actions = 0;
  int64_t reads = 0;  // reads of case records
  std::vector<AuditFlag> flags;
};

// What the analysis needs to know of the tenant beyond the log.
struct AuditReportContext {
  // Whether the user (by id) may see the case (by id) in the ordinary way (unit or assignment);
  // false for an unknown user or case.
  std::function<bool(const std::string& user_id, const std::string& case_id)> in_scope;
};

// The analysis itself, over the entries of the period (seq order) and of the baseline window
// before it. Pure: the same input gives the same report.
void AnalyseAuditEntries(const std::vector<AuditEntry>& period,
                         const std::vector<AuditEntry>& baseline, const AuditReportContext& context,
                         AuditReport& report);

// Whether an action reads case records (case.read, person.read, ...).
bool IsRecordRead(const AuditEntry& e);
// Whether the entry is a break-glass grant or a read made under one.
bool IsBreakGlass(const AuditEntry& e);

// JSON and HTML (Japanese) renderings.
std::string AuditReportJson(const AuditReport& report);
std::string AuditReportHtml(const AuditReport& report);

}  // namespace yorisoi::domain
