#include "domain/search_indexer.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "domain/cases/search.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {
namespace {

// The records whose documents a write entry changes: the ids it names of the kind its action is
// about ("note.create" → the note, and the note it corrects; "case.update" → the case, not the
// people a case view names too). Other actions (policies, users, ...) index nothing.
std::string_view IdPrefixOf(std::string_view action) {
  const std::string_view noun = action.substr(0, action.find('.'));
  if (noun == "case") return "cas_";
  if (noun == "person") return "per_";
  if (noun == "consultation") return "con_";
  if (noun == "note") return "not_";
  return {};
}

// A record's document from its lookup: nullopt when the record is gone (nothing to index).
template <typename Record, typename ToDoc>
core::Result<std::optional<SearchDoc>> DocOf(core::Result<Record> found, ToDoc to_doc) {
  if (!found.ok()) {
    if (found.error().errc == core::Errc::kNotFound) return std::optional<SearchDoc>();
    return std::move(found).error();
  }
  return std::optional(to_doc(*found));
}

// The record's current document; nullopt when the record is gone (nothing to index).
core::Result<std::optional<SearchDoc>> CurrentDoc(TenantTx& tx, const std::string& id) {
  if (id.starts_with("cas_")) return DocOf(tx.cases().FindById(id), CaseSearchDoc);
  if (id.starts_with("per_")) return DocOf(tx.people().FindById(id), PersonSearchDoc);
  if (id.starts_with("con_")) return DocOf(tx.consultations().FindById(id), ConsultationSearchDoc);
  YS_ASSIGN_OR_RETURN(auto doc, DocOf(tx.notes().FindById(id), NoteSearchDoc));
  // A corrected note stays in the case's history, but its text is corrected away: search must
  // not find the case by it.
  if (doc) {
    YS_ASSIGN_OR_RETURN(bool corrected, tx.notes().IsCorrected(id));
    if (corrected) doc->text.clear();
  }
  return doc;
}

}  // namespace

struct SearchIndexer::Tenant {
  Tenant(std::string i, std::shared_ptr<TenantDb> d) : id(std::move(i)), db(std::move(d)) {}
  const std::string id;
  const std::shared_ptr<TenantDb> db;
  std::mutex mu;
  std::condition_variable cv;
  bool notified = true;  // catch up at once when started
  bool stopping = false;
  std::thread thread;
};

SearchIndexer::SearchIndexer(Storage& storage, SearchIndexerOptions options)
    : storage_(storage), options_(std::move(options)) {}

SearchIndexer::~SearchIndexer() { Stop(); }

void SearchIndexer::Start() {
  {
    std::lock_guard lock(mu_);
    if (running_) return;
    running_ = true;
  }
  supervisor_ = std::thread(&SearchIndexer::Supervise, this);
}

void SearchIndexer::Stop() {
  std::map<std::string, std::shared_ptr<Tenant>, std::less<>> tenants;
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
    tenants.swap(tenants_);
  }
  cv_.notify_all();
  supervisor_.join();
  for (auto& [id, tenant] : tenants) {
    {
      std::lock_guard lock(tenant->mu);
      tenant->stopping = true;
    }
    tenant->cv.notify_one();
  }
  for (auto& [id, tenant] : tenants) tenant->thread.join();
}

void SearchIndexer::Notify(std::string_view tenant_id) {
  // Shared: a Stop() meanwhile does not free it under our feet.
  std::shared_ptr<Tenant> tenant;
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    auto it = tenants_.find(tenant_id);
    if (it != tenants_.end()) tenant = it->second;
  }
  if (tenant == nullptr) {
    tenant = TenantFor(tenant_id);
    if (tenant == nullptr) return;
  }
  {
    std::lock_guard lock(tenant->mu);
    tenant->notified = true;
  }
  tenant->cv.notify_one();
}

std::shared_ptr<SearchIndexer::Tenant> SearchIndexer::TenantFor(std::string_view tenant_id) {
  {
    std::lock_guard lock(mu_);
    auto it = tenants_.find(tenant_id);
    if (it != tenants_.end()) return it->second;
  }
  auto db = storage_.OpenTenant(tenant_id);  // opened once by the storage; not under mu_
  if (!db.ok()) {
    if (options_.on_error) options_.on_error(tenant_id, db.error());
    return nullptr;
  }
  std::lock_guard lock(mu_);
  if (!running_) return nullptr;
  auto& slot = tenants_[std::string(tenant_id)];
  if (!slot) {
    slot = std::make_shared<Tenant>(std::string(tenant_id), std::move(*db));
    slot->thread = std::thread(&SearchIndexer::RunTenant, this, std::ref(*slot));
  }
  return slot;
}

void SearchIndexer::Supervise() {
  std::unique_lock lock(mu_);
  while (running_) {
    lock.unlock();
    auto tenants = storage_.tenants().List();
    if (tenants.ok()) {
      for (const auto& t : *tenants) (void)TenantFor(t.id);
    } else if (options_.on_error) {
      options_.on_error("", tenants.error());
    }
    lock.lock();
    cv_.wait_for(lock, options_.poll, [&] { return !running_; });
  }
}

void SearchIndexer::RunTenant(Tenant& tenant) {
  for (;;) {
    {
      std::unique_lock lock(tenant.mu);
      tenant.cv.wait_for(lock, options_.poll, [&] { return tenant.stopping || tenant.notified; });
      if (tenant.stopping) return;
      tenant.notified = false;  // a write committing from now on wakes the next round
    }
    auto indexed = CatchUp(*tenant.db, options_.max_entries);
    if (!indexed.ok() && options_.on_error) options_.on_error(tenant.id, indexed.error());
  }
}

core::Result<int64_t> SearchIndexer::CatchUp(TenantDb& db, int64_t max_entries) {
  max_entries = std::max<int64_t>(max_entries, 1);
  int64_t put = 0;
  for (;;) {
    // A read first: a tenant with nothing to index costs one snapshot read of at most
    // max_entries log entries, never its write lock, and leaves the watermark where it is (so
    // reads alone change nothing in the database).
    struct Look {
      SearchIndexLag lag;
      int64_t through = 0;
      bool writes = false;
    };
    YS_ASSIGN_OR_RETURN(
        const Look look, InTransaction(db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<Look> {
          Look l;
          YS_ASSIGN_OR_RETURN(l.lag, tx.search().Lag());
          if (l.lag.indexed_through >= l.lag.newest_logged) return l;
          l.through = std::min(l.lag.newest_logged, l.lag.indexed_through + max_entries);
          YS_ASSIGN_OR_RETURN(const auto writes,
                              tx.search().LoggedWrites(l.lag.indexed_through, l.through));
          l.writes = !writes.empty();
          return l;
        }));
    if (look.lag.indexed_through >= look.lag.newest_logged) return put;
    // Nothing to index up to the head: done. A full window of reads alone is stepped over (so
    // the next look does not scan it again).
    if (!look.writes && look.through == look.lag.newest_logged) return put;
    bool more = false;
    YS_RETURN_IF_ERROR(InTransaction(db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      // Again under the write lock: another indexer (instance) may have done it meanwhile.
      YS_ASSIGN_OR_RETURN(const SearchIndexLag lag, tx.search().Lag());
      if (lag.indexed_through >= lag.newest_logged) return core::Ok();
      const int64_t through = std::min(lag.newest_logged, lag.indexed_through + max_entries);
      YS_ASSIGN_OR_RETURN(const auto writes,
                          tx.search().LoggedWrites(lag.indexed_through, through));
      // Each record once per batch, in its current state.
      std::vector<std::string> ids;
      std::set<std::string> seen_ids;
      for (const LoggedWrite& w : writes) {
        const std::string_view prefix = IdPrefixOf(w.action);
        if (prefix.empty()) continue;
        for (const std::string& id : w.target_ids) {
          if (id.starts_with(prefix) && seen_ids.insert(id).second) ids.push_back(id);
        }
      }
      int64_t batch = 0;
      for (const std::string& id : ids) {
        YS_ASSIGN_OR_RETURN(const auto doc, CurrentDoc(tx, id));
        if (!doc) continue;
        YS_RETURN_IF_ERROR(tx.search().Put(*doc));
        ++batch;
      }
      YS_RETURN_IF_ERROR(tx.search().SetIndexedThrough(through));
      put += batch;
      more = through < lag.newest_logged;
      return core::Ok();
    }));
    if (!more) return put;
  }
}

core::Result<SearchIndexer::ReindexProgress> SearchIndexer::Reindex(
    TenantDb& db, const std::function<void(const ReindexProgress&)>& progress, int cases_per_tx) {
  cases_per_tx = std::max(cases_per_tx, 1);
  ReindexProgress p;
  YS_RETURN_IF_ERROR(InTransaction(db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(p.cases_total, tx.search().CaseCount());
    return tx.search().Clear();
  }));
  if (progress) progress(p);
  std::string after;
  for (;;) {
    bool done = false;
    ReindexProgress next;  // p and `after` once this transaction committed
    std::string next_after;
    YS_RETURN_IF_ERROR(InTransaction(db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
      next = p;
      next_after = after;
      YS_ASSIGN_OR_RETURN(const auto case_ids, tx.search().CaseIds(after, cases_per_tx));
      done = case_ids.empty();
      for (const std::string& case_id : case_ids) {
        std::vector<std::string> ids{case_id};
        YS_ASSIGN_OR_RETURN(const auto people, tx.people().ListByCase(case_id));
        for (const Person& x : people) ids.push_back(x.id);
        constexpr int kPage = 500;
        for (RecordPage page{{}, kPage};;) {
          YS_ASSIGN_OR_RETURN(const auto cons, tx.consultations().ListByCase(case_id, page));
          for (const Consultation& x : cons) ids.push_back(x.id);
          if (static_cast<int>(cons.size()) < kPage) break;
          page.after_id = cons.back().id;
        }
        for (RecordPage page{{}, kPage};;) {
          YS_ASSIGN_OR_RETURN(const auto notes, tx.notes().ListByCase(case_id, page));
          for (const Note& x : notes) ids.push_back(x.id);
          if (static_cast<int>(notes.size()) < kPage) break;
          page.after_id = notes.back().id;
        }
        for (const std::string& id : ids) {
          YS_ASSIGN_OR_RETURN(const auto doc, CurrentDoc(tx, id));
          if (!doc) continue;
          YS_RETURN_IF_ERROR(tx.search().Put(*doc));
          ++next.documents;
        }
        ++next.cases_done;
        next_after = case_id;
      }
      return core::Ok();
    }));
    if (done) break;
    p = next;
    after = std::move(next_after);
    if (progress) progress(p);
  }
  return p;
}

}  // namespace yorisoi::domain
