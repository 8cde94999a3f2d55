#include "backend_context.hpp"

#include <utility>

namespace yorisoi::conformance {

std::string Describe(const core::Error& e) {
  return std::string(core::ErrcName(e.errc)) + " code=" + e.code + " field=" + e.field +
         " message=" + e.message;
}

void StorageConformanceTest::SetUp() {
  context_ = GetParam().make_context();
  ASSERT_NE(context_, nullptr);
  auto made = context_->Make(audit_keys_);
  ASSERT_TRUE(IsOk(made));
  storage_ = std::move(*made);
}

void StorageConformanceTest::TearDown() {
  storage_.reset();
  context_.reset();
}

void StorageConformanceTest::Reopen() {
  storage_.reset();
  auto made = context_->Make(audit_keys_);
  ASSERT_TRUE(IsOk(made));
  storage_ = std::move(*made);
}

void StorageConformanceTest::Tamper(const std::string& tenant_id, const std::string& sql) {
  ASSERT_TRUE(IsOk(context_->Tamper(tenant_id, sql))) << sql;
}

void StorageConformanceTest::MustCreateTenant(const std::string& id, const std::string& name) {
  ASSERT_TRUE(IsOk(storage_->CreateTenant(domain::Tenant{id, name, At(0)})));
}

std::shared_ptr<domain::TenantDb> StorageConformanceTest::MustOpen(const std::string& tenant_id) {
  auto db = storage_->OpenTenant(tenant_id);
  EXPECT_TRUE(IsOk(db));
  return db.ok() ? *db : nullptr;
}

std::unique_ptr<domain::TenantTx> StorageConformanceTest::MustBegin(domain::TenantDb& db,
                                                                    domain::TxMode mode) {
  auto tx = db.Begin(mode);
  EXPECT_TRUE(IsOk(tx));
  return tx.ok() ? std::move(*tx) : nullptr;
}

domain::Unit StorageConformanceTest::MakeUnit(const std::string& id, const std::string& name) {
  return domain::Unit{id, name, At(1)};
}

domain::User StorageConformanceTest::MakeUser(const std::string& id, const std::string& login,
                                              std::vector<std::string> unit_ids) {
  domain::User u;
  u.id = id;
  u.login = login;
  u.name = "山田 太郎";
  u.role = domain::Role::kCaseworker;
  u.unit_ids = std::move(unit_ids);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  u.password_changed_at = At(2);
  u.created_at = At(2);
  u.updated_at = At(2);
  u.version = 1;
  return u;
}

domain::Session StorageConformanceTest::MakeSession(const std::string& id,
                                                    const std::string& user_id,
                                                    core::TimePoint last_seen,
                                                    core::TimePoint expires) {
  domain::Session s;
  s.id = id;
  s.token_hash = "hash-of-" + id;
  s.user_id = user_id;
  s.remote_address = "192.0.2.10";
  s.created_at = last_seen;
  s.last_seen_at = last_seen;
  s.expires_at = expires;
  return s;
}

}  // namespace yorisoi::conformance
