// What a storage backend offers the domain. A backend (storage/sqlite, storage/postgres) keeps a
// platform registry of tenants and one database per tenant; every tenant operation happens in a
// transaction on that tenant's own database, so a query can never see another tenant's rows.
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "core/result.hpp"
#include "domain/audit/audit_key.hpp"
#include "domain/audit/audit_store.hpp"
#include "domain/audit_writer.hpp"
#include "domain/cases/case_store.hpp"
#include "domain/codes/code_store.hpp"
#include "domain/devices/device_store.hpp"
#include "domain/notifier.hpp"
#include "domain/tenants/tenant_store.hpp"
#include "domain/users/user_store.hpp"

namespace yorisoi::domain {

enum class TxMode {
  kRead,   // a consistent snapshot; writes fail (kUnavailable or kInternal, never applied)
  kWrite,  // takes the tenant's write lock at once (no upgrade deadlocks)
};

// One transaction on one tenant's database. Not thread-safe: use from one thread. Destroying it
// without Commit() rolls back. The store references are valid for the transaction's lifetime.
class TenantTx {
 public:
  virtual ~TenantTx() = default;
  virtual UnitStore& units() = 0;
  virtual UserStore& users() = 0;
  virtual SessionStore& sessions() = 0;
  virtual AuditStore& audit() = 0;
  virtual CaseStore& cases() = 0;
  virtual PersonStore& people() = 0;
  virtual ConsultationStore& consultations() = 0;
  virtual NoteStore& notes() = 0;
  virtual PolicyStore& policies() = 0;
  virtual SearchStore& search() = 0;
  virtual CodeStore& codes() = 0;
  virtual DeviceStore& devices() = 0;
  virtual BreakGlassStore& break_glass() = 0;
  // Durable when it returns ok: an acknowledged write survives a crash or power loss.
  virtual core::Status Commit() = 0;
};

// A tenant's database. Thread-safe.
class TenantDb {
 public:
  virtual ~TenantDb() = default;
  virtual core::Result<std::unique_ptr<TenantTx>> Begin(TxMode mode) = 0;
};

// The backend as a whole. Thread-safe.
class Storage {
 public:
  virtual ~Storage() = default;
  virtual TenantStore& tenants() = 0;
  // Creates the tenant's own database (all migrations applied) and registers it. kConflict when
  // the tenant exists; nothing is left behind on failure.
  virtual core::Status CreateTenant(const Tenant& tenant) = 0;
  // The tenant's database, opened once and shared. kNotFound for an unknown tenant.
  virtual core::Result<std::shared_ptr<TenantDb>> OpenTenant(std::string_view tenant_id) = 0;
  // The channel between the instances that use this backend (valid as long as the Storage).
  virtual Notifier& notifier() = 0;
};

// Appends one audit entry in a transaction of its own: for reads and refused attempts, which
// change nothing else. (A write records its entry inside its own transaction instead.) While a
// DeferredAudit is current on the calling thread (a request served by the HTTP API), the entry
// goes to the tenant's audit writer and this returns at once: the request's answer waits for the
// entry's durability there, and answers 503 when its batch failed (audit_writer.hpp). Otherwise
// (the command line, tests) it commits before returning.
inline core::Status AppendAuditEntry(TenantDb& db, AuditEntry entry);

// Runs fn in a transaction of the given mode and commits when fn succeeds.
template <typename Fn>
auto InTransaction(TenantDb& db, TxMode mode, Fn&& fn) -> decltype(fn(std::declval<TenantTx&>())) {
  auto tx = db.Begin(mode);
  if (!tx.ok()) return std::move(tx).error();
  auto result = fn(**tx);
  if (!result.ok()) return result;
  YS_RETURN_IF_ERROR((*tx)->Commit());
  return result;
}

inline core::Status AppendAuditEntry(TenantDb& db, AuditEntry entry) {
  if (DeferredAudit* deferred = DeferredAudit::Current()) {
    deferred->Submit(db, std::move(entry));
    return core::Ok();
  }
  return InTransaction(db, TxMode::kWrite, [&](TenantTx& tx) { return tx.audit().Append(entry); });
}

// Called by the Storage when it opens a tenant's database, before anyone else uses it: unless
// the keyring records the chain as keyed, re-keys a plain chain (RekeyPlainChain), then records
// it as keyed. An empty chain (a new tenant) is keyed from its first entry. Idempotent across
// processes: the write transaction serialises them, and the second sees a keyed newest entry.
inline core::Status KeyAuditChain(TenantDb& db, AuditKeyring& keyring, std::string_view tenant_id,
                                  core::TimePoint now) {
  YS_ASSIGN_OR_RETURN(bool keyed, keyring.ChainKeyed(tenant_id));
  if (keyed) return core::Ok();
  YS_RETURN_IF_ERROR(InTransaction(db, TxMode::kWrite,
                                   [&](TenantTx& tx) { return RekeyPlainChain(tx.audit(), now); }));
  return keyring.MarkChainKeyed(tenant_id);
}

}  // namespace yorisoi::domain
