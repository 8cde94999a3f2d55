// The stores both backends share: one implementation of each domain store interface, written
// once against a backend's Connection (or, for the tenant registry, its ConnectionPool). Their
// SQL uses SQLite's placeholders ("?", "?NNN"), which the PostgreSQL connection translates into
// "$N" when it prepares a statement, and only SQL both databases read alike.
//
// Where a backend's SQL or mechanism really differs, the shared store calls a hook: a function
// the backend defines in its own namespace, found by argument-dependent lookup on its
// Connection type (storage/<backend>/stores.cpp):
//
//   const char* CaseInsertSql(const Connection&);  // INSERT INTO cases with the 14 columns
//                                                  // bound as BindCaseFields + id/times/version
//   core::Result<int64_t> NextCaseCounter(Connection&, int fiscal_year);
//   CaseListSql CaseListStatement(const Connection&, const std::optional<std::string>& text,
//                                 domain::CaseListQuery::Tier tier);
//   core::Status PutSearchDoc(Connection&, const domain::SearchDoc& doc);
//   core::Status ClearSearchDocs(Connection&);  // every document and index entry of the tenant
//
// The member definitions are in the *_impl.hpp files beside this one. Only each backend's
// stores.cpp includes them and instantiates every store once (YS_SHARED_STORES); every other
// file sees the declarations below and the backend's `extern template` (its stores.hpp), so the
// bodies are compiled once per backend, as when each backend had its own copy.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/storage.hpp"

namespace yorisoi::storage::shared {

// What a backend's CaseListStatement answers: the statement of a case list (with ?7 the search
// filter when the query has a text) and the value bound to ?7. A search of one tier
// (CaseListQuery::Tier) also binds the plain text to ?8 of `sql` (the walk has it in ?7).
struct CaseListSql {
  const char* sql;  // static storage: statement caches are keyed by its address
  std::string filter;
  // Searches: a statement tried first that walks only the newest ?8 cases in scope (after the
  // cursor), newest first, checking each one's documents (?7 = walk_filter). When it fills the
  // page, that page is the answer (every newer case in scope was checked): a common word is
  // answered from a few hundred cases, never from its whole hit list. Otherwise `sql` answers
  // from the index. Null for a plain list.
  const char* walk_sql = nullptr;
  std::string walk_filter;
  // Searches: asked before the walk, how many documents the index holds for ?1 (= filter), up to
  // ?2 (SearchProbeCap). Fewer: the word is rare and the index answers at once (the walk would
  // check hundreds of cases for nothing); as many: the walk goes first.
  const char* probe_sql = nullptr;
};

inline constexpr int64_t kSearchProbeCap = 500;

// How many of the newest cases in scope a search walks before it asks the index: the page size
// times ten, within [200, 2000].
inline int64_t SearchWalkCases(int limit) {
  return std::clamp<int64_t>(int64_t{limit} * 10, 200, 2000);
}

// A LIKE pattern matching text anywhere, with % _ and \ escaped by a backslash.
inline std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

// A foreign-key failure on inserting a record of a case: the case is gone (the service checked it
// in the same transaction, so this only happens to direct store callers).
inline core::Status CaseGoneOnInsert(core::Error e) {
  if (e.errc == core::Errc::kInvalidArgument) return core::Error::NotFound("no such case");
  return e;
}

template <typename Pool>
class SqlTenantStore final : public domain::TenantStore {
 public:
  explicit SqlTenantStore(Pool& pool) : pool_(pool) {}
  core::Status Create(const domain::Tenant& tenant) override;
  core::Result<domain::Tenant> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Tenant>> List() override;

 private:
  Pool& pool_;
};

template <typename Conn>
class SqlUnitStore final : public domain::UnitStore {
 public:
  explicit SqlUnitStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::Unit& unit) override;
  core::Result<domain::Unit> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Unit>> List() override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlUserStore final : public domain::UserStore {
 public:
  explicit SqlUserStore(Conn& conn) : conn_(conn) {}
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
  Conn& conn_;
};

template <typename Conn>
class SqlSessionStore final : public domain::SessionStore {
 public:
  explicit SqlSessionStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::Session& session) override;
  core::Result<domain::Session> FindByTokenHash(std::string_view token_hash) override;
  core::Status Touch(std::string_view id, core::TimePoint last_seen_at) override;
  core::Status Delete(std::string_view id) override;
  core::Result<int> DeleteForUser(std::string_view user_id,
                                  std::string_view keep_session_id) override;
  core::Result<int> DeleteForDevice(std::string_view device_id) override;
  core::Result<int> DeleteExpired(core::TimePoint idle_cutoff, core::TimePoint now) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlAuditStore final : public domain::AuditStore {
 public:
  // chain_key: the tenant's audit-chain key (domain/audit/audit_key.hpp), held by its TenantDb.
  SqlAuditStore(Conn& conn, std::string_view chain_key) : conn_(conn), chain_key_(chain_key) {}
  core::Status Append(domain::AuditEntry& entry) override;
  core::Result<std::vector<domain::AuditEntry>> Query(const domain::AuditQuery& query) override;
  core::Result<std::optional<domain::AuditEntry>> Newest() override;
  core::Status ForEach(const std::function<bool(const domain::AuditEntry&)>& fn) override;
  core::Result<std::vector<std::pair<int64_t, std::string>>> IndexedTargets(
      int64_t after_seq, int64_t through_seq) override;
  std::string_view chain_key() const override { return chain_key_; }

 private:
  Conn& conn_;
  std::string_view chain_key_;
};

template <typename Conn>
class SqlCaseStore final : public domain::CaseStore {
 public:
  explicit SqlCaseStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::CaseFile& c) override;
  core::Result<domain::CaseFile> FindById(std::string_view id) override;
  core::Result<domain::CaseRecords> FindWithRecords(std::string_view id, int newest) override;
  core::Status Update(const domain::CaseFile& c, int64_t expected_version) override;
  core::Result<std::string> NextNumber(int fiscal_year) override;
  core::Result<std::vector<domain::CaseFile>> List(const domain::CaseListQuery& query) override;

 private:
  core::Status LoadWorkers(domain::CaseFile& c);
  core::Status SaveWorkers(const domain::CaseFile& c);
  Conn& conn_;
};

template <typename Conn>
class SqlPersonStore final : public domain::PersonStore {
 public:
  explicit SqlPersonStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::Person& p) override;
  core::Result<domain::Person> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Person>> ListByCase(std::string_view case_id) override;
  core::Status Update(const domain::Person& p, int64_t expected_version) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlConsultationStore final : public domain::ConsultationStore {
 public:
  explicit SqlConsultationStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::Consultation& c) override;
  core::Result<domain::Consultation> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Consultation>> ListByCase(
      std::string_view case_id, const domain::RecordPage& page) override;
  core::Status Update(const domain::Consultation& c, int64_t expected_version) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlNoteStore final : public domain::NoteStore {
 public:
  explicit SqlNoteStore(Conn& conn) : conn_(conn) {}
  core::Status Append(const domain::Note& n) override;
  core::Result<domain::Note> FindById(std::string_view id) override;
  core::Result<std::vector<domain::Note>> ListByCase(std::string_view case_id,
                                                     const domain::RecordPage& page) override;
  core::Result<bool> IsCorrected(std::string_view id) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlPolicyStore final : public domain::PolicyStore {
 public:
  explicit SqlPolicyStore(Conn& conn) : conn_(conn) {}
  core::Status Append(const domain::Policy& p) override;
  core::Result<std::vector<domain::Policy>> ListByCase(std::string_view case_id,
                                                       const domain::RecordPage& page) override;

 private:
  Conn& conn_;
};

// The search documents: all backend (PutSearchDoc), as each indexes text its own way; the
// indexer's watermark (search_index, migration 9) and its reading of the audit log are shared.
template <typename Conn>
class SqlSearchStore final : public domain::SearchStore {
 public:
  explicit SqlSearchStore(Conn& conn) : conn_(conn) {}
  core::Status Put(const domain::SearchDoc& doc) override;
  core::Result<domain::SearchIndexLag> Lag() override;
  core::Status SetIndexedThrough(int64_t seq) override;
  core::Result<std::vector<domain::LoggedWrite>> LoggedWrites(int64_t after_seq,
                                                              int64_t through_seq) override;
  core::Status Clear() override;
  core::Result<std::vector<std::string>> CaseIds(std::string_view after_id, int limit) override;
  core::Result<int64_t> CaseCount() override;
  core::Result<std::vector<std::string>> Matching(std::string_view case_id,
                                                  std::string_view text) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlCodeStore final : public domain::CodeStore {
 public:
  explicit SqlCodeStore(Conn& conn) : conn_(conn) {}
  core::Result<int64_t> Revision() override;
  core::Result<std::vector<domain::TenantCodeEntry>> List() override;
  core::Status Add(const domain::TenantCodeEntry& entry) override;
  core::Status SetValidTo(std::string_view list, std::string_view code,
                          std::optional<core::Date> valid_to) override;

 private:
  Conn& conn_;
};

template <typename Conn>
class SqlDeviceStore final : public domain::DeviceStore {
 public:
  explicit SqlDeviceStore(Conn& conn) : conn_(conn) {}
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
  Conn& conn_;
};

template <typename Conn>
class SqlBreakGlassStore final : public domain::BreakGlassStore {
 public:
  explicit SqlBreakGlassStore(Conn& conn) : conn_(conn) {}
  core::Status Create(const domain::BreakGlassGrant& g) override;
  core::Result<std::optional<domain::BreakGlassGrant>> Active(std::string_view case_id,
                                                              std::string_view user_id,
                                                              core::TimePoint now) override;
  core::Result<std::vector<domain::BreakGlassGrant>> ListByCase(std::string_view case_id) override;

 private:
  Conn& conn_;
};

// The stores of one tenant transaction, all on its connection. How the transaction ends
// (Commit, and the rollback when it is destroyed without one) is the backend's subclass's.
template <typename Conn>
class SqlTenantTx : public domain::TenantTx {
 public:
  // audit_key: the tenant's audit-chain key; it must outlive the transaction (its TenantDb).
  SqlTenantTx(Conn& conn, std::string_view audit_key)
      : units_(conn),
        users_(conn),
        sessions_(conn),
        audit_(conn, audit_key),
        cases_(conn),
        people_(conn),
        consultations_(conn),
        notes_(conn),
        policies_(conn),
        search_(conn),
        codes_(conn),
        devices_(conn),
        break_glass_(conn) {}
  domain::UnitStore& units() override { return units_; }
  domain::UserStore& users() override { return users_; }
  domain::SessionStore& sessions() override { return sessions_; }
  domain::AuditStore& audit() override { return audit_; }
  domain::CaseStore& cases() override { return cases_; }
  domain::PersonStore& people() override { return people_; }
  domain::ConsultationStore& consultations() override { return consultations_; }
  domain::NoteStore& notes() override { return notes_; }
  domain::PolicyStore& policies() override { return policies_; }
  domain::SearchStore& search() override { return search_; }
  domain::CodeStore& codes() override { return codes_; }
  domain::DeviceStore& devices() override { return devices_; }
  domain::BreakGlassStore& break_glass() override { return break_glass_; }

 private:
  SqlUnitStore<Conn> units_;
  SqlUserStore<Conn> users_;
  SqlSessionStore<Conn> sessions_;
  SqlAuditStore<Conn> audit_;
  SqlCaseStore<Conn> cases_;
  SqlPersonStore<Conn> people_;
  SqlConsultationStore<Conn> consultations_;
  SqlNoteStore<Conn> notes_;
  SqlPolicyStore<Conn> policies_;
  SqlSearchStore<Conn> search_;
  SqlCodeStore<Conn> codes_;
  SqlDeviceStore<Conn> devices_;
  SqlBreakGlassStore<Conn> break_glass_;
};

}  // namespace yorisoi::storage::shared

// Every shared store on one backend's Connection and ConnectionPool: `extern template` in the
// backend's stores.hpp (nobody else instantiates them), `template` in its stores.cpp (the one
// place their bodies are compiled for that backend). Use at global namespace scope.
#define YS_SHARED_STORES(kind, Conn, Pool)                           \
  kind class ::yorisoi::storage::shared::SqlTenantStore<Pool>;       \
  kind class ::yorisoi::storage::shared::SqlUnitStore<Conn>;         \
  kind class ::yorisoi::storage::shared::SqlUserStore<Conn>;         \
  kind class ::yorisoi::storage::shared::SqlSessionStore<Conn>;      \
  kind class ::yorisoi::storage::shared::SqlAuditStore<Conn>;        \
  kind class ::yorisoi::storage::shared::SqlCaseStore<Conn>;         \
  kind class ::yorisoi::storage::shared::SqlPersonStore<Conn>;       \
  kind class ::yorisoi::storage::shared::SqlConsultationStore<Conn>; \
  kind class ::yorisoi::storage::shared::SqlNoteStore<Conn>;         \
  kind class ::yorisoi::storage::shared::SqlPolicyStore<Conn>;       \
  kind class ::yorisoi::storage::shared::SqlSearchStore<Conn>;       \
  kind class ::yorisoi::storage::shared::SqlCodeStore<Conn>;         \
  kind class ::yorisoi::storage::shared::SqlDeviceStore<Conn>;       \
  kind class ::yorisoi::storage::shared::SqlBreakGlassStore<Conn>
