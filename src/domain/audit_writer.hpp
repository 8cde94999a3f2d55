// The audit writer: one writer per tenant database for the entries that are written in a
// transaction of their own (reads, refused attempts: AppendAuditEntry in domain/storage.hpp).
// Entries from many requests queue up; the tenant's writer thread takes what has queued, extends
// the hash chain (AuditStore::Append, one entry after the other) and commits them in ONE write
// transaction, so one fsync (one lock, one WAL flush on PostgreSQL) serves the whole batch. Each
// entry's callback runs once its batch is durable, or failed (then none of the batch is in the
// log). A write's own entry is not written here: it stays inside the write's transaction, atomic
// with the change.
//
// DeferredAudit is how a request uses it without holding a thread while it waits: while one is
// current on a thread, AppendAuditEntry hands the entry to the writer and returns at once; the
// request's answer is held back (DeferredAudit::OnDurable) until every entry it submitted is
// durable. Without a current DeferredAudit (the command line, unit tests) AppendAuditEntry
// commits synchronously as before.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"

namespace yorisoi::domain {

class TenantDb;  // domain/storage.hpp

// Called once, on the tenant's writer thread, when the entry's batch committed (ok) or failed.
// Must be quick: the next batch waits for it.
using AuditDurable = std::function<void(const core::Status&)>;

class AuditWriter {
 public:
  explicit AuditWriter(std::size_t max_batch = 512);
  // Writes everything submitted so far (callbacks included), then stops the writer threads.
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Queues the entry for `db`'s writer (started at the first entry for it). `db` must outlive
  // this writer (a Storage keeps its tenants' databases open as long as it lives). Thread-safe.
  void Submit(TenantDb& db, AuditEntry entry, AuditDurable durable);

 private:
  struct Tenant;
  static void Run(Tenant& tenant, std::size_t max_batch);

  const std::size_t max_batch_;
  std::mutex mu_;
  std::map<TenantDb*, std::unique_ptr<Tenant>> tenants_;
};

// The audit entries of one request (see the top of this file). Create it on the thread that runs
// the request's work, before that work; it is current on that thread until destroyed.
class DeferredAudit {
 public:
  explicit DeferredAudit(AuditWriter& writer);
  ~DeferredAudit();
  DeferredAudit(const DeferredAudit&) = delete;
  DeferredAudit& operator=(const DeferredAudit&) = delete;

  // The one current on this thread, or null.
  static DeferredAudit* Current();
  void Submit(TenantDb& db, AuditEntry entry);
  // Call once, after the request's work: `then` runs when every submitted entry's batch is done,
  // with ok when all are durable, else the first failure — at once, on this thread, when nothing
  // is pending; otherwise on a writer thread (so it must be quick).
  void OnDurable(std::function<void(const core::Status&)> then);

 private:
  struct State;
  AuditWriter& writer_;
  std::shared_ptr<State> state_;
  DeferredAudit* previous_;
};

}  // namespace yorisoi::domain
