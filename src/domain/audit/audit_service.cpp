#include "domain/audit/audit_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/error_codes.hpp"
#include "domain/case_scope.hpp"

namespace yorisoi::domain {

core::Result<std::vector<AuditEntry>> AuditService::Query(const Principal& principal,
                                                          const AuditQuery& query) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_ASSIGN_OR_RETURN(auto entries, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.audit().Query(query);
                      }));
  std::vector<std::string> filters;
  if (query.user_id) filters.push_back("user");
  if (query.target_id) filters.push_back("record");
  if (query.action) filters.push_back("action");
  auto entry = MakeAuditEntry(principal.Actor(), clock_.Now(), "audit.read", "", {});
  // Which filters were used, not their values (a value may be a record id or a user id: those
  // are ids, but the filter combination is what an analysis needs).
  for (const auto& f : filters) entry.detail += (entry.detail.empty() ? "" : ",") + f;
  YS_RETURN_IF_ERROR(AppendAuditEntry(*db, std::move(entry)));
  return entries;
}

core::Result<ChainVerification> AuditService::Verify(
    std::string_view tenant_id, const std::vector<AuditCheckpoint>& checkpoints) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead,
                       [&](TenantTx& tx) { return VerifyAuditChain(tx.audit(), checkpoints); });
}

core::Result<AuditCheckpoint> AuditService::Head(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<AuditCheckpoint> {
    YS_ASSIGN_OR_RETURN(auto newest, tx.audit().Newest());
    AuditCheckpoint head;
    if (!newest) return head;
    if (newest->chain != kAuditChainKeyed ||
        ComputeAuditHash(*newest, tx.audit().chain_key()) != newest->hash) {
      return core::Error::Internal("the newest audit entry does not verify; run 'audit verify'");
    }
    head.seq = newest->seq;
    head.hash = newest->hash;
    return head;
  });
}

namespace {

// Every entry with from <= at < to, in seq order.
core::Result<std::vector<AuditEntry>> EntriesBetween(AuditStore& store, core::TimePoint from,
                                                     core::TimePoint to) {
  std::vector<AuditEntry> out;
  AuditQuery q;
  q.from = from;
  q.to = to;
  q.limit = 2000;
  for (;;) {
    YS_ASSIGN_OR_RETURN(auto page, store.Query(q));
    if (page.empty()) return out;
    q.after_seq = page.back().seq;
    const bool last = static_cast<int>(page.size()) < q.limit;
    std::move(page.begin(), page.end(), std::back_inserter(out));
    if (last) return out;
  }
}

core::TimePoint StartOfDayInJapan(core::Date d) {
  return core::FromUnixMillis((d.DaysSinceEpoch() * 86400 - 9 * 3600) * 1000);
}

}  // namespace

core::Result<AuditReport> AuditService::Report(const AuditActor& actor, std::string_view tenant_id,
                                               core::Date from, core::Date to,
                                               const AuditReportSettings& settings) {
  const int64_t days = to.DaysSinceEpoch() - from.DaysSinceEpoch() + 1;
  if (days < 1 || days > 366) {
    return core::Error::InvalidArgument("to", "must be on or after from, at most 366 days later",
                                        core::codes::kInvalidDate);
  }
  AuditReport report;
  report.tenant_id = std::string(tenant_id);
  report.from = from;
  report.to = to;
  report.settings = settings;
  report.generated_at = clock_.Now();
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
    const auto start = StartOfDayInJapan(from);
    const auto end = StartOfDayInJapan(to.AddDays(1));
    YS_ASSIGN_OR_RETURN(auto period, EntriesBetween(tx.audit(), start, end));
    YS_ASSIGN_OR_RETURN(
        auto baseline,
        EntriesBetween(tx.audit(), StartOfDayInJapan(from.AddDays(-settings.baseline_days)),
                       start));
    YS_ASSIGN_OR_RETURN(auto newest, tx.audit().Newest());
    if (newest) {
      report.head.seq = newest->seq;
      report.head.hash = newest->hash;
    }
    // Scope as it stands now: the user's units and the case's unit and workers.
    std::map<std::string, std::optional<User>> users;
    std::map<std::string, std::optional<CaseFile>> cases;
    AuditReportContext context;
    context.in_scope = [&](const std::string& user_id, const std::string& case_id) {
      auto u = users.find(user_id);
      if (u == users.end()) {
        auto found = tx.users().FindById(user_id);
        u = users.emplace(user_id, found.ok() ? std::optional<User>(*found) : std::nullopt).first;
      }
      auto c = cases.find(case_id);
      if (c == cases.end()) {
        auto found = tx.cases().FindById(case_id);
        c = cases.emplace(case_id, found.ok() ? std::optional<CaseFile>(*found) : std::nullopt)
                .first;
      }
      if (!u->second || !c->second) return false;
      Principal p;
      p.user = *u->second;
      return InOrdinaryScope(p, *c->second);
    };
    AnalyseAuditEntries(period, baseline, context, report);
    return core::Ok();
  }));
  auto entry = MakeAuditEntry(actor, clock_.Now(), "audit.report", "", {}, "ok",
                              "flags:" + std::to_string(report.flags.size()));
  YS_RETURN_IF_ERROR(AppendAuditEntry(*db, std::move(entry)));
  return report;
}

}  // namespace yorisoi::domain
