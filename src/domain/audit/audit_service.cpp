#include "domain/audit/audit_service.hpp"

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

core::Result<ChainVerification> AuditService::Verify(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead,
                       [&](TenantTx& tx) { return VerifyAuditChain(tx.audit()); });
}

}  // namespace yorisoi::domain
