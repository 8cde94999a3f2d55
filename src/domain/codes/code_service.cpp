#include "domain/codes/code_service.hpp"

#include <algorithm>
#include <utility>

#include "core/error_codes.hpp"

namespace yorisoi::domain {
namespace {

std::string AuditId(std::string_view list, std::string_view code) {
  return std::string(list) + "/" + std::string(code);
}

std::vector<std::pair<std::string, CodeEntry>> Pairs(const std::vector<TenantCodeEntry>& entries) {
  std::vector<std::pair<std::string, CodeEntry>> pairs;
  pairs.reserve(entries.size());
  for (const auto& e : entries) pairs.emplace_back(e.list, e.entry);
  return pairs;
}

}  // namespace

std::shared_ptr<const CodeCatalog> CodeService::Merge(
    const std::vector<TenantCodeEntry>& entries) const {
  auto merged = built_in_.WithTenantEntries(Pairs(entries));
  if (merged.ok()) return std::make_shared<const CodeCatalog>(std::move(*merged));
  // Some entry no longer fits (a newer built-in list took its code, say): merge one by one and
  // leave out what does not fit, rather than refusing every request of the tenant.
  CodeCatalog catalog = built_in_;
  for (const auto& e : entries) {
    auto next = catalog.WithTenantEntries({{e.list, e.entry}});
    if (next.ok()) catalog = std::move(*next);
  }
  return std::make_shared<const CodeCatalog>(std::move(catalog));
}

core::Result<std::shared_ptr<const CodeCatalog>> CodeService::Catalog(std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_ASSIGN_OR_RETURN(auto tx, db->Begin(TxMode::kRead));
  YS_ASSIGN_OR_RETURN(const int64_t revision, tx->codes().Revision());
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(tenant_id);
    if (it != cache_.end() && it->second.revision == revision) return it->second.catalog;
  }
  // Rebuilt outside the lock; two threads may both rebuild after a change, which is harmless.
  YS_ASSIGN_OR_RETURN(const auto entries, tx->codes().List());
  auto catalog = Merge(entries);
  std::lock_guard lock(mu_);
  Cached& slot = cache_[std::string(tenant_id)];
  if (revision >= slot.revision) slot = Cached{revision, catalog};
  return catalog;
}

core::Result<TenantCodeEntry> CodeService::AddEntry(const AuditActor& actor,
                                                    std::string_view tenant_id, std::string list,
                                                    CodeEntry entry) {
  TenantCodeEntry added{std::move(list), std::move(entry), actor.user_id, clock_.Now()};
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    // Checked against what the tenant has now, in the transaction that adds it.
    // (Against the catalog as served: an older entry that no longer fits must not block new
    // ones.)
    YS_ASSIGN_OR_RETURN(const auto entries, tx.codes().List());
    auto merged = Merge(entries)->WithTenantEntries({{added.list, added.entry}});
    if (!merged.ok()) return std::move(merged).error();
    // The merge fills in the parent's group; store what the catalog will show.
    added.entry = *merged->FindEntry(added.list, added.entry.code);
    YS_RETURN_IF_ERROR(tx.codes().Add(added));
    auto audit = MakeAuditEntry(actor, added.created_at, "code.create", "code",
                                {AuditId(added.list, added.entry.code)});
    return tx.audit().Append(audit);
  }));
  return added;
}

core::Result<TenantCodeEntry> CodeService::SetValidTo(const AuditActor& actor,
                                                      std::string_view tenant_id,
                                                      std::string_view list, std::string_view code,
                                                      std::optional<core::Date> valid_to) {
  if (valid_to && !core::Date::IsValid(valid_to->year, valid_to->month, valid_to->day)) {
    return core::Error::InvalidArgument("valid_to", "must be a real date",
                                        core::codes::kInvalidValidity);
  }
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  TenantCodeEntry changed;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(auto entries, tx.codes().List());
    auto it = std::find_if(entries.begin(), entries.end(), [&](const TenantCodeEntry& e) {
      return e.list == list && e.entry.code == code;
    });
    if (it == entries.end()) {
      return core::Error::NotFound("no code of this tenant's own with that list and code");
    }
    if (valid_to && it->entry.valid_from && *valid_to < *it->entry.valid_from) {
      return core::Error::InvalidArgument("valid_to", "must not be before valid_from",
                                          core::codes::kInvalidValidity);
    }
    it->entry.valid_to = valid_to;
    changed = *it;
    YS_RETURN_IF_ERROR(tx.codes().SetValidTo(list, code, valid_to));
    auto audit = MakeAuditEntry(actor, clock_.Now(), "code.update", "code", {AuditId(list, code)});
    return tx.audit().Append(audit);
  }));
  return changed;
}

core::Result<std::vector<TenantCodeEntry>> CodeService::ListTenantEntries(
    std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(tenant_id));
  return InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) { return tx.codes().List(); });
}

}  // namespace yorisoi::domain
