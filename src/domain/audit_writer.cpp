#include "domain/audit_writer.hpp"

#include <utility>
#include <vector>

#include "domain/storage.hpp"

namespace yorisoi::domain {

struct AuditWriter::Tenant {
  explicit Tenant(TenantDb& d) : db(d) {}
  TenantDb& db;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<AuditEntry, AuditDurable>> queue;
  bool stopping = false;
  std::thread thread;
};

AuditWriter::AuditWriter(std::size_t max_batch) : max_batch_(max_batch == 0 ? 1 : max_batch) {}

AuditWriter::~AuditWriter() {
  std::map<TenantDb*, std::unique_ptr<Tenant>> tenants;
  {
    std::lock_guard lock(mu_);
    tenants.swap(tenants_);
  }
  for (auto& [db, tenant] : tenants) {
    {
      std::lock_guard lock(tenant->mu);
      tenant->stopping = true;
    }
    tenant->cv.notify_one();
  }
  for (auto& [db, tenant] : tenants) tenant->thread.join();
}

void AuditWriter::Submit(TenantDb& db, AuditEntry entry, AuditDurable durable) {
  Tenant* tenant = nullptr;
  {
    std::lock_guard lock(mu_);
    auto& slot = tenants_[&db];
    if (!slot) {
      slot = std::make_unique<Tenant>(db);
      slot->thread = std::thread(&AuditWriter::Run, std::ref(*slot), max_batch_);
    }
    tenant = slot.get();
  }
  {
    std::lock_guard lock(tenant->mu);
    tenant->queue.emplace_back(std::move(entry), std::move(durable));
  }
  tenant->cv.notify_one();
}

// The tenant's writer thread: one transaction per batch of whatever has queued meanwhile (while
// a batch commits, the next one gathers), until stopped with an empty queue.
void AuditWriter::Run(Tenant& tenant, std::size_t max_batch) {
  std::vector<std::pair<AuditEntry, AuditDurable>> batch;
  for (;;) {
    {
      std::unique_lock lock(tenant.mu);
      tenant.cv.wait(lock, [&] { return tenant.stopping || !tenant.queue.empty(); });
      if (tenant.queue.empty()) return;  // stopping, and everything written
      while (!tenant.queue.empty() && batch.size() < max_batch) {
        batch.push_back(std::move(tenant.queue.front()));
        tenant.queue.pop_front();
      }
    }
    const core::Status status =
        InTransaction(tenant.db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
          for (auto& item : batch) YS_RETURN_IF_ERROR(tx.audit().Append(item.first));
          return core::Ok();
        });
    for (auto& item : batch) {
      if (item.second) item.second(status);
    }
    batch.clear();
  }
}

struct DeferredAudit::State {
  std::mutex mu;
  std::size_t pending = 0;
  core::Status status = core::Ok();
  std::function<void(const core::Status&)> then;  // set by OnDurable
  bool sealed = false;

  // With mu held: the continuation to run now, if the request is complete.
  std::function<void(const core::Status&)> TakeIfComplete() {
    if (!sealed || pending != 0 || !then) return {};
    return std::exchange(then, {});
  }
};

namespace {
thread_local DeferredAudit* current_deferred = nullptr;
}  // namespace

DeferredAudit::DeferredAudit(AuditWriter& writer)
    : writer_(writer), state_(std::make_shared<State>()), previous_(current_deferred) {
  current_deferred = this;
}

DeferredAudit::~DeferredAudit() { current_deferred = previous_; }

DeferredAudit* DeferredAudit::Current() { return current_deferred; }

void DeferredAudit::Submit(TenantDb& db, AuditEntry entry) {
  {
    std::lock_guard lock(state_->mu);
    ++state_->pending;
  }
  writer_.Submit(db, std::move(entry), [state = state_](const core::Status& status) {
    std::function<void(const core::Status&)> then;
    core::Status result;
    {
      std::lock_guard lock(state->mu);
      if (!status.ok() && state->status.ok()) state->status = status;
      --state->pending;
      then = state->TakeIfComplete();
      result = state->status;
    }
    if (then) then(result);
  });
}

void DeferredAudit::OnDurable(std::function<void(const core::Status&)> then) {
  core::Status result;
  {
    std::lock_guard lock(state_->mu);
    state_->then = std::move(then);
    state_->sealed = true;
    then = state_->TakeIfComplete();
    result = state_->status;
  }
  if (then) then(result);
}

}  // namespace yorisoi::domain
