// The storage conformance suite: one set of tests, written once against the domain's interfaces
// (domain::Storage, TenantDb, TenantTx and the *Store classes), run against every backend.
//
// Shape (after SOCI's tests/test-context.h): a backend contributes a BackendContext and one
// INSTANTIATE_TEST_SUITE_P line in its own file (sqlite_context.cpp today; postgres_context.cpp
// next, creating a scratch database per test). The tests never name a backend.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_key.hpp"
#include "domain/storage.hpp"

namespace yorisoi::core {
inline void PrintTo(Errc errc, std::ostream* os) { *os << ErrcName(errc); }
}  // namespace yorisoi::core

namespace yorisoi::conformance {

// Everything one test needs from a backend. A context is created before each test and destroyed
// after it; it owns the backend's data for that test (a temporary folder, a scratch database) and
// removes it when destroyed. Each new context starts empty.
class BackendContext {
 public:
  virtual ~BackendContext() = default;
  // A Storage over this context's data, with these audit-chain keys. Called again after the
  // previous Storage was destroyed, it must see everything that Storage committed (the "reopen"
  // tests rely on it).
  virtual core::Result<std::unique_ptr<domain::Storage>> Make(
      std::shared_ptr<domain::AuditKeyring> audit_keys) = 0;
  // Runs SQL on a tenant's database directly, as someone with database access but no key would
  // (the tamper tests). The statements must read the same on every backend.
  virtual core::Status Tamper(const std::string& tenant_id, const std::string& sql) = 0;
};

struct Backend {
  std::string name;  // test name suffix: letters and digits only
  std::function<std::unique_ptr<BackendContext>()> make_context;
};

inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }
inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

std::string Describe(const core::Error& e);

template <typename R>
::testing::AssertionResult IsOk(const R& r) {
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected ok, got " << Describe(r.error());
}

template <typename R>
::testing::AssertionResult IsError(const R& r, core::Errc errc, std::string_view code = {}) {
  if (r.ok()) {
    return ::testing::AssertionFailure() << "expected " << core::ErrcName(errc) << ", got ok";
  }
  if (r.error().errc != errc || (!code.empty() && r.error().code != code)) {
    return ::testing::AssertionFailure()
           << "expected " << core::ErrcName(errc) << " " << code << ", got " << Describe(r.error());
  }
  return ::testing::AssertionSuccess();
}

class StorageConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  domain::Storage& storage() { return *storage_; }
  // Destroys the Storage and makes a new one over the same data.
  void Reopen();
  // See BackendContext::Tamper; fails the test when the SQL fails.
  void Tamper(const std::string& tenant_id, const std::string& sql);
  domain::MemoryAuditKeyring& audit_keys() { return *audit_keys_; }

  // Creates a tenant (its own database included) or fails the test.
  void MustCreateTenant(const std::string& id, const std::string& name = "新宿区");
  std::shared_ptr<domain::TenantDb> MustOpen(const std::string& tenant_id);
  std::unique_ptr<domain::TenantTx> MustBegin(domain::TenantDb& db, domain::TxMode mode);

  // Runs fn in a write transaction and commits; fails the test when anything fails.
  template <typename Fn>
  void Write(domain::TenantDb& db, Fn&& fn) {
    auto tx = MustBegin(db, domain::TxMode::kWrite);
    if (!tx) return;
    fn(*tx);
    EXPECT_TRUE(IsOk(tx->Commit()));
  }

  // Runs fn in a write transaction that is then dropped (rolled back): for a statement that is
  // expected to fail. A failed statement fails its transaction — on PostgreSQL every later
  // statement of it fails too — so a store's refusal is tried in a transaction of its own.
  template <typename Fn>
  void Refused(domain::TenantDb& db, Fn&& fn) {
    auto tx = MustBegin(db, domain::TxMode::kWrite);
    if (!tx) return;
    fn(*tx);
  }

  // Times with millisecond precision: what every backend stores exactly.
  static core::TimePoint At(int64_t seconds_after_start) {
    return core::FromUnixMillis(kStartMillis + seconds_after_start * 1000);
  }
  static constexpr int64_t kStartMillis = 1751328000123;  // 2025-07-01T00:00:00.123Z

  static domain::Unit MakeUnit(const std::string& id,
                               const std::string& name = "子ども総合センター");
  static domain::User MakeUser(const std::string& id, const std::string& login,
                               std::vector<std::string> unit_ids = {});
  static domain::Session MakeSession(const std::string& id, const std::string& user_id,
                                     core::TimePoint last_seen, core::TimePoint expires);

 private:
  std::shared_ptr<domain::MemoryAuditKeyring> audit_keys_ =
      std::make_shared<domain::MemoryAuditKeyring>(std::string(32, 'c'));
  std::unique_ptr<BackendContext> context_;
  std::unique_ptr<domain::Storage> storage_;
};

}  // namespace yorisoi::conformance
