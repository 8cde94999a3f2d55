#include "app/test_commit_delay.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace yorisoi::app {
namespace {

class DelayedTx final : public domain::TenantTx {
 public:
  DelayedTx(std::unique_ptr<domain::TenantTx> inner, std::chrono::milliseconds delay)
      : inner_(std::move(inner)), delay_(delay) {}
  domain::UnitStore& units() override { return inner_->units(); }
  domain::UserStore& users() override { return inner_->users(); }
  domain::SessionStore& sessions() override { return inner_->sessions(); }
  domain::AuditStore& audit() override { return inner_->audit(); }
  domain::CaseStore& cases() override { return inner_->cases(); }
  domain::PersonStore& people() override { return inner_->people(); }
  domain::ConsultationStore& consultations() override { return inner_->consultations(); }
  domain::NoteStore& notes() override { return inner_->notes(); }
  domain::PolicyStore& policies() override { return inner_->policies(); }
  domain::SearchStore& search() override { return inner_->search(); }
  domain::CodeStore& codes() override { return inner_->codes(); }
  domain::DeviceStore& devices() override { return inner_->devices(); }
  domain::BreakGlassStore& break_glass() override { return inner_->break_glass(); }
  core::Status Commit() override {
    std::this_thread::sleep_for(delay_);
    return inner_->Commit();
  }

 private:
  std::unique_ptr<domain::TenantTx> inner_;
  std::chrono::milliseconds delay_;
};

class DelayedDb final : public domain::TenantDb {
 public:
  DelayedDb(std::shared_ptr<domain::TenantDb> inner, std::chrono::milliseconds delay)
      : inner_(std::move(inner)), delay_(delay) {}
  core::Result<std::unique_ptr<domain::TenantTx>> Begin(domain::TxMode mode) override {
    auto tx = inner_->Begin(mode);
    if (!tx.ok() || mode != domain::TxMode::kWrite) return tx;
    return std::unique_ptr<domain::TenantTx>(std::make_unique<DelayedTx>(std::move(*tx), delay_));
  }

 private:
  std::shared_ptr<domain::TenantDb> inner_;
  std::chrono::milliseconds delay_;
};

class DelayedStorage final : public domain::Storage {
 public:
  DelayedStorage(std::unique_ptr<domain::Storage> inner, std::string tenant,
                 std::chrono::milliseconds delay)
      : inner_(std::move(inner)), tenant_(std::move(tenant)), delay_(delay) {}
  domain::TenantStore& tenants() override { return inner_->tenants(); }
  core::Status CreateTenant(const domain::Tenant& tenant) override {
    return inner_->CreateTenant(tenant);
  }
  core::Result<std::shared_ptr<domain::TenantDb>> OpenTenant(std::string_view tenant_id) override {
    auto db = inner_->OpenTenant(tenant_id);
    if (!db.ok() || tenant_id != tenant_) return db;
    std::lock_guard lock(mu_);  // one wrapper, as the backend keeps one TenantDb per tenant
    if (!delayed_) delayed_ = std::make_shared<DelayedDb>(std::move(*db), delay_);
    return std::shared_ptr<domain::TenantDb>(delayed_);
  }
  domain::Notifier& notifier() override { return inner_->notifier(); }

 private:
  std::unique_ptr<domain::Storage> inner_;
  const std::string tenant_;
  const std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::shared_ptr<DelayedDb> delayed_;
};

}  // namespace

std::unique_ptr<domain::Storage> WithTestCommitDelay(std::unique_ptr<domain::Storage> storage) {
  const char* ms = std::getenv("YORISOI_TEST_COMMIT_DELAY_MS");
  const char* tenant = std::getenv("YORISOI_TEST_COMMIT_DELAY_TENANT");
  if (ms == nullptr || tenant == nullptr || *tenant == '\0') return storage;
  const long delay = std::strtol(ms, nullptr, 10);
  if (delay <= 0) return storage;
  spdlog::warn("TEST FAULT HOOK ON: commits of one tenant delayed by {} ms", delay);
  return std::make_unique<DelayedStorage>(std::move(storage), tenant,
                                          std::chrono::milliseconds(delay));
}

}  // namespace yorisoi::app
