// The search indexer: puts the case file's search documents (cases/search.hpp) into the index off
// the writers' path. A write commits its record and its audit entry only; the indexer follows
// each tenant's audit log — every write is there, in the write's own transaction, with a seq and
// the ids of the records it touched — from a watermark kept in the tenant's database
// (SearchStore::Lag). Per batch, in ONE write transaction: the write entries after the
// watermark, the current state of each record they name (so a correction replaces the old text,
// and a note corrected by a later one is indexed empty: its text is no longer found), the
// documents put, the watermark advanced. A crash loses nothing: the watermark moves only with the
// documents, and a restarted indexer carries on from it.
//
// Why the audit log: it is already written, atomically with each write, and its seq order is the
// commit order (appends are serialised by the tenant's write lock up to the commit), so a
// watermark on seq never skips a write that commits later. A queue table of its own would cost
// every write another insert. Why not at group commit: that still indexes on the writers' path
// (the FTS5 flush delays every member of the group), and is backend-specific.
//
// Each tenant has a thread of its own that catches up when a write commits in this process
// (Notify: a note is searchable within milliseconds), and at least every `poll` (writes of other
// instances and of the command line). Several instances may run indexers on one database: the
// write transaction serialises them and the second finds nothing left to do.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/result.hpp"

namespace yorisoi::domain {

class Storage;   // domain/storage.hpp
class TenantDb;  // domain/storage.hpp

struct SearchIndexerOptions {
  // How often each tenant's indexer looks for writes it was not told of.
  std::chrono::milliseconds poll{250};
  // Audit entries (reads included) examined per transaction: bounds how long one batch holds the
  // tenant's write lock.
  int64_t max_entries = 2000;
  // Called (on an indexer thread) when a batch failed; it is retried at the next poll.
  std::function<void(std::string_view tenant_id, const core::Error&)> on_error;
};

class SearchIndexer {
 public:
  SearchIndexer(Storage& storage, SearchIndexerOptions options = {});
  // Stop()s.
  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  // Starts an indexer for every tenant now registered (and, at each poll, for tenants added
  // since), each catching up from its watermark at once.
  void Start();
  // Finishes the batch under way and stops every thread. What is left is indexed at the next
  // start.
  void Stop();
  // A write of the tenant committed: its indexer catches up now. Cheap; thread-safe.
  void Notify(std::string_view tenant_id);

  // Indexes everything logged in db's audit log up to now, in transactions of at most
  // max_entries entries. Answers the number of documents put. Synchronous: what the tenant
  // threads run, and what tests and the command line call.
  static core::Result<int64_t> CatchUp(TenantDb& db, int64_t max_entries = 2000);

  // `yorisoi search reindex`: forgets every document of the tenant, then puts the current
  // document of every record (the case, its people, consultations and notes; a corrected note
  // empty), `cases_per_tx` cases per write transaction, calling `progress` after each. Searches
  // meanwhile see a partial index; writes go on, and the indexer's watermark is left as it is
  // (whatever it indexes meanwhile is the records' current state too).
  struct ReindexProgress {
    int64_t cases_done = 0;
    int64_t cases_total = 0;
    int64_t documents = 0;
  };
  static core::Result<ReindexProgress> Reindex(
      TenantDb& db, const std::function<void(const ReindexProgress&)>& progress = {},
      int cases_per_tx = 200);

 private:
  struct Tenant;
  std::shared_ptr<Tenant> TenantFor(std::string_view tenant_id);  // started when new
  void RunTenant(Tenant& tenant);
  void Supervise();

  Storage& storage_;
  const SearchIndexerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;
  std::map<std::string, std::shared_ptr<Tenant>, std::less<>> tenants_;
  std::thread supervisor_;
};

}  // namespace yorisoi::domain
