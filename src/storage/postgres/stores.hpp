// The PostgreSQL implementations of the domain's store interfaces. Each store works on the one
// connection of the transaction it belongs to.
#pragma once

#include "domain/storage.hpp"
#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

class PostgresTenantStore final : public domain::TenantStore {
 public:
  explicit PostgresTenantStore(ConnectionPool& pool) : pool_(pool) {}
  core::Status Create(const domain::Tenant& tenant) override;
  core::Result<domain::Tenant> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Tenant>> List() override;

 private:
  ConnectionPool& pool_;
};

class PostgresUnitStore final : public domain::UnitStore {
 public:
  explicit PostgresUnitStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::Unit& unit) override;
  core::Result<domain::Unit> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Unit>> List() override;

 private:
  Connection& conn_;
};

class PostgresUserStore final : public domain::UserStore {
 public:
  explicit PostgresUserStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::User& user) override;
  core::Result<domain::User> FindById(std::string_view id) override;
  core::Result<domain::User> FindByLogin(std::string_view login) override;
  core::Result<std::vector<domain::User>> List() override;
  core::Result<domain::User> RecordLoginFailure(std::string_view id, int max_failures,
                                                core::TimePoint lock_until) override;
  core::Status ResetLoginFailures(std::string_view id) override;
  core::Status SetPassword(std::string_view id, std::string_view password_hash, bool must_change,
                           core::TimePoint now, int64_t expected_version) override;

 private:
  core::Status LoadUnits(domain::User& user);
  Connection& conn_;
};

class PostgresSessionStore final : public domain::SessionStore {
 public:
  explicit PostgresSessionStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::Session& session) override;
  core::Result<domain::Session> FindByTokenHash(std::string_view token_hash) override;
  core::Status Touch(std::string_view id, core::TimePoint last_seen_at) override;
  core::Status Delete(std::string_view id) override;
  core::Result<int> DeleteForUser(std::string_view user_id,
                                  std::string_view keep_session_id) override;
  core::Result<int> DeleteForDevice(std::string_view device_id) override;
  core::Result<int> DeleteExpired(core::TimePoint idle_cutoff, core::TimePoint now) override;

 private:
  Connection& conn_;
};

class PostgresAuditStore final : public domain::AuditStore {
 public:
  explicit PostgresAuditStore(Connection& conn) : conn_(conn) {}
  core::Status Append(domain::AuditEntry& entry) override;
  core::Result<std::vector<domain::AuditEntry>> Query(const domain::AuditQuery& query) override;
  core::Status ForEach(const std::function<bool(const domain::AuditEntry&)>& fn) override;

 private:
  Connection& conn_;
};

class PostgresCaseStore final : public domain::CaseStore {
 public:
  explicit PostgresCaseStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::CaseFile& c) override;
  core::Result<domain::CaseFile> FindById(std::string_view id) override;
  core::Status Update(const domain::CaseFile& c, int64_t expected_version) override;
  core::Result<std::string> NextNumber(int fiscal_year) override;
  core::Result<std::vector<domain::CaseFile>> List(const domain::CaseListQuery& query) override;

 private:
  Connection& conn_;
};

class PostgresPersonStore final : public domain::PersonStore {
 public:
  explicit PostgresPersonStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::Person& p) override;
  core::Result<domain::Person> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Person>> ListByCase(std::string_view case_id) override;
  core::Status Update(const domain::Person& p, int64_t expected_version) override;

 private:
  Connection& conn_;
};

class PostgresConsultationStore final : public domain::ConsultationStore {
 public:
  explicit PostgresConsultationStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::Consultation& c) override;
  core::Result<domain::Consultation> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Consultation>> ListByCase(
      std::string_view case_id, const domain::RecordPage& page) override;
  core::Status Update(const domain::Consultation& c, int64_t expected_version) override;

 private:
  Connection& conn_;
};

class PostgresNoteStore final : public domain::NoteStore {
 public:
  explicit PostgresNoteStore(Connection& conn) : conn_(conn) {}
  core::Status Append(const domain::Note& n) override;
  core::Result<domain::Note> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Note>> ListByCase(std::string_view case_id,
                                                     const domain::RecordPage& page) override;

 private:
  Connection& conn_;
};

class PostgresPolicyStore final : public domain::PolicyStore {
 public:
  explicit PostgresPolicyStore(Connection& conn) : conn_(conn) {}
  core::Status Append(const domain::Policy& p) override;
  core::Result<std::vector<domain::Policy>> ListByCase(std::string_view case_id,
                                                       const domain::RecordPage& page) override;

 private:
  Connection& conn_;
};

class PostgresSearchStore final : public domain::SearchStore {
 public:
  explicit PostgresSearchStore(Connection& conn) : conn_(conn) {}
  core::Status Put(const domain::SearchDoc& doc) override;

 private:
  Connection& conn_;
};

class PostgresCodeStore final : public domain::CodeStore {
 public:
  explicit PostgresCodeStore(Connection& conn) : conn_(conn) {}
  core::Result<int64_t> Revision() override;
  core::Result<std::vector<domain::TenantCodeEntry>> List() override;
  core::Status Add(const domain::TenantCodeEntry& entry) override;
  core::Status SetValidTo(std::string_view list, std::string_view code,
                          std::optional<core::Date> valid_to) override;

 private:
  Connection& conn_;
};

class PostgresDeviceStore final : public domain::DeviceStore {
 public:
  explicit PostgresDeviceStore(Connection& conn) : conn_(conn) {}
  core::Status Create(const domain::Device& device) override;
  core::Result<domain::Device> FindById(std::string_view id) override;
  core::Result<domain::Device> FindByName(std::string_view name) override;
  core::Result<std::vector<domain::Device>> List() override;
  core::Status Revoke(std::string_view id, std::string_view state, core::TimePoint at,
                      std::string_view by, std::string_view reason) override;
  core::Status Touch(std::string_view id, core::TimePoint at, std::string_view address,
                     std::string_view user_id) override;
  core::Result<int64_t> Revision() override;

 private:
  Connection& conn_;
};

}  // namespace yorisoi::storage::postgres
