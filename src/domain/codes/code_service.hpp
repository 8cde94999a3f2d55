// The code lists as each tenant sees them: the built-in lists of domain-codes.md with the
// tenant's own entries merged in (a ward's sub-codes, its own 相談経路, ...). Every code a request
// of that tenant carries is checked against this catalog.
//
// Thread-safety: all functions may be called concurrently. Catalogs are immutable and shared.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/codes/code_store.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

class CodeService {
 public:
  CodeService(Storage& storage, const core::Clock& clock, const CodeCatalog& built_in)
      : storage_(storage), clock_(clock), built_in_(built_in) {}

  // The tenant's catalog. Cached per tenant; each call reads the store's revision (one indexed
  // row) to know whether the cache is current, because entries may be added by another process
  // (the command line, a second server instance). The pointer stays valid after the cache moves
  // on. An entry that no longer fits (a later built-in list took its code) is left out of the
  // catalog; ListTenantEntries still shows it.
  core::Result<std::shared_ptr<const CodeCatalog>> Catalog(std::string_view tenant_id);

  // Adds an entry of the tenant's own to a built-in list. Refusals are kInvalidArgument naming
  // the field, as CodeCatalog::WithTenantEntries ("unknown_list", "duplicate_code",
  // "unknown_parent", "invalid_code", ...). Recorded in the audit log ("code.create", ids
  // "list/code") in the same transaction.
  core::Result<TenantCodeEntry> AddEntry(const AuditActor& actor, std::string_view tenant_id,
                                         std::string list, CodeEntry entry);

  // Ends (valid_to) or reopens (nullopt) the validity of one of the tenant's own entries.
  // kNotFound for a code that is not the tenant's own (built-in codes are the same in every
  // ward and change only with the product); kInvalidArgument "invalid_validity" when valid_to
  // is before valid_from. Audited as "code.update".
  core::Result<TenantCodeEntry> SetValidTo(const AuditActor& actor, std::string_view tenant_id,
                                           std::string_view list, std::string_view code,
                                           std::optional<core::Date> valid_to);

  // The tenant's own entries, in the order added. Code lists hold no personal data: not
  // audited, like GET /codes.
  core::Result<std::vector<TenantCodeEntry>> ListTenantEntries(std::string_view tenant_id);

 private:
  struct Cached {
    int64_t revision = -1;
    std::shared_ptr<const CodeCatalog> catalog;
  };
  std::shared_ptr<const CodeCatalog> Merge(const std::vector<TenantCodeEntry>& entries) const;

  Storage& storage_;
  const core::Clock& clock_;
  const CodeCatalog& built_in_;
  std::mutex mu_;
  std::map<std::string, Cached, std::less<>> cache_;  // by tenant id
};

}  // namespace yorisoi::domain
