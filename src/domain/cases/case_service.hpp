// The case file as staff use it: open a case, read it with its people, change it with optimistic
// concurrency, add and change people. Who may see a case: caseworkers and supervisors of its unit
// and the workers assigned to it; to everyone else it does not exist (kNotFound, never
// kForbidden, so ids reveal nothing). Every read and write is audited; so is every attempt at a
// case or record the caller may not see ("denied", detail "out_of_scope" for another unit's or
// "not_found" for none, naming the id asked for). Both write the same entry and answer the same
// 404, so neither the answer nor its timing says which it was.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"
#include "domain/codes/code_service.hpp"
#include "domain/principal.hpp"
#include "domain/search_indexer.hpp"
#include "domain/storage.hpp"

namespace yorisoi::domain {

// 次の対応: what the case's newest 対応方針 (the one in force) says to do next. Derived when the
// case is read, never stored with the case.
struct NextAction {
  std::string text;              // Policy::next_action, not empty
  std::optional<core::Date> on;  // Policy::next_action_on
  std::string policy_id;         // the policy it comes from
};
// The next action of the newest of `policies` (newest first, as the PolicyStore lists them); none
// without a policy or when the newest names no next action (an older one is superseded by it).
std::optional<NextAction> NextActionOf(const std::vector<Policy>& policies);

// A case as GET /cases/{id} shows it: its people and the newest records (the full histories are
// paged through the record lists).
// One save of a record by someone, as the audit log has it (for a stale save's answer: who saved
// the record meanwhile, and when).
struct RecordChange {
  std::string user_id;
  std::string user_name;  // the account's display name; empty when the account is gone
  core::TimePoint at;
};

struct CaseView {
  CaseFile case_file;
  std::vector<Person> people;
  std::vector<Consultation> consultations;  // newest kCaseViewRecords
  std::vector<Note> notes;                  // newest kCaseViewRecords
  std::vector<Policy> policies;             // newest kCaseViewRecords; the first is in force
  std::optional<NextAction> next_action;    // NextActionOf(policies)
};

// A case as the case list shows it: the case file and its next action, read in one transaction.
// Which record of a case a search found it by: a person (names, birth date, address, school,
// workplace) before the case itself (its number), a consultation, a note.
struct SearchMatch {
  std::string kind;  // "person", "case", "consultation", "note"
  std::string record_id;
  std::string snippet;                         // SearchSnippet (cases/search.hpp)
  std::vector<std::pair<int, int>> highlight;  // empty when the match could not be placed
};

struct CaseListItem {
  CaseFile case_file;
  std::optional<NextAction> next_action;
  std::optional<SearchMatch> match;  // search results only
};
inline constexpr int kCaseViewRecords = 20;

// One page of a list, newest first; `next` is the cursor for the following page (empty: none).
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;
};

// A stale write: the caller's version was not current. `current` is the record as it is now.
struct StaleCase {
  CaseView current;
};

// How long a break-glass grant lasts unless the server is configured otherwise
// (CaseService::set_break_glass_duration; docs/operations.md).
inline constexpr std::chrono::seconds kBreakGlassDuration = std::chrono::minutes(30);
inline constexpr std::size_t kMaxBreakGlassReason = 500;  // code points

class CaseService {
 public:
  // Codes are checked against the tenant's catalog (the built-in lists and the ward's own).
  CaseService(Storage& storage, const core::Clock& clock, CodeService& codes)
      : storage_(storage), clock_(clock), codes_(codes) {}

  // Opens a case in one of the principal's units: assigns the number (per fiscal year of the
  // receiving day), status 受理, and the creator as first worker unless workers are given.
  core::Result<CaseView> CreateCase(const Principal& principal, CaseFile input);
  core::Result<CaseView> GetCase(const Principal& principal, std::string_view case_id);
  // Applies `change` to the current case when expected_version is current; validates the result
  // and the status transition. kConflict "stale_version" otherwise (then GetCase for the body).
  core::Result<CaseView> UpdateCase(const Principal& principal, std::string_view case_id,
                                    int64_t expected_version,
                                    const std::function<core::Status(CaseFile&)>& change);
  // The cases the principal may read, newest first. `q` (raw user text, may be empty) searches
  // names in kanji or kana, case numbers, birth dates, addresses, schools, consultation content
  // and notes; it is normalised here. kInvalidArgument "q" when it normalises to nothing. Each
  // item carries its next action, read in the same transaction as the list. Writes reach the
  // search index through the SearchIndexer, not in their own transaction: a record is found
  // once the indexer has caught up (well within a second when it is running).
  core::Result<Page<CaseListItem>> ListCases(const Principal& principal, CaseListQuery query,
                                             std::string_view q = {});

  core::Result<Person> AddPerson(const Principal& principal, std::string_view case_id,
                                 Person person);
  core::Result<Person> UpdatePerson(const Principal& principal, std::string_view person_id,
                                    int64_t expected_version,
                                    const std::function<core::Status(Person&)>& change);
  // One person, when the principal may access the person's case (kNotFound "no such person"
  // otherwise). Audited as person.read. Used to answer a stale PATCH with the current record.
  core::Result<Person> GetPerson(const Principal& principal, std::string_view person_id);

  // The last `count` saves of record `id` by `action` ("case.update", "person.update",
  // "consultation.update"), newest first, read from the audit log: who changed a record since
  // the version a stale save was based on (count = current version - that version). Call it
  // only after a read of the record that checked the principal's access (GetCase, GetPerson,
  // GetConsultation).
  core::Result<std::vector<RecordChange>> ChangesSince(const Principal& principal,
                                                       std::string_view action, std::string_view id,
                                                       int64_t count);

  // 相談記録. Type and method must be valid on the consultation's date; content may be empty
  // (a visit record is opened on the doorstep and saved as it is typed).
  core::Result<Consultation> AddConsultation(const Principal& principal, std::string_view case_id,
                                             Consultation input);
  core::Result<Consultation> GetConsultation(const Principal& principal,
                                             std::string_view consultation_id);
  core::Result<Consultation> UpdateConsultation(
      const Principal& principal, std::string_view consultation_id, int64_t expected_version,
      const std::function<core::Status(Consultation&)>& change);
  core::Result<Page<Consultation>> ListConsultations(const Principal& principal,
                                                     std::string_view case_id, RecordPage page);

  // 経過記録: appends a note written now by the principal. `corrects` names a note of the same
  // case (kInvalidArgument "corrects" otherwise); the corrected note stays as it was.
  core::Result<Note> AddNote(const Principal& principal, std::string_view case_id, std::string body,
                             std::optional<std::string> corrects);
  core::Result<Page<Note>> ListNotes(const Principal& principal, std::string_view case_id,
                                     RecordPage page);

  // 対応方針: decided now by the principal, who must be a supervisor (kForbidden
  // "supervisor_required" otherwise).
  core::Result<Policy> AddPolicy(const Principal& principal, std::string_view case_id,
                                 Policy input);
  core::Result<Page<Policy>> ListPolicies(const Principal& principal, std::string_view case_id,
                                          RecordPage page);

  // Break-glass: a supervisor or admin (kForbidden "supervisor_required" for any other role)
  // opens a case outside their ordinary scope by giving a reason (required, not blank, at most
  // kMaxBreakGlassReason code points; multi-line allowed). The grant lets them read the case,
  // its people and records (never write) until it expires; every such read is audited naming
  // the grant id, and the grant itself is the audit entry `case.break_glass` (case id, grant
  // id; the reason stays in the grant, as it may name people). kNotFound "no such case" when the
  // case does not exist.
  core::Result<BreakGlassGrant> BreakGlass(const Principal& principal, std::string_view case_id,
                                           std::string reason);
  // The grants on a case, newest first, for whoever may read the case in the ordinary way (its
  // unit, its workers): so the unit sees who broke the glass, when, why and until when.
  // Audited as `case.break_glass_list`.
  core::Result<std::vector<BreakGlassGrant>> ListBreakGlass(const Principal& principal,
                                                            std::string_view case_id);
  void set_break_glass_duration(std::chrono::seconds d) { break_glass_duration_ = d; }
  std::chrono::seconds break_glass_duration() const { return break_glass_duration_; }

  core::Date Today() const { return core::Date::TodayInJapan(clock_.Now()); }

  // Told of every committed write that changes search documents (may be null: then the records
  // are indexed by whichever indexer follows the tenant's log, at its next poll).
  void set_search_indexer(SearchIndexer* indexer) { indexer_ = indexer; }

 private:
  // After a write committed: its search documents are due.
  void Indexable(const Principal& principal) const;
  // The case when it exists and the principal may access it; kNotFound "no such case" otherwise.
  static core::Result<CaseFile> AccessibleCase(const Principal& principal, TenantTx& tx,
                                               std::string_view case_id);
  // For reads: as AccessibleCase, and a case out of the ordinary scope is also readable while
  // the principal holds an unexpired break-glass grant on it; then `grant_id` names it (it is
  // left empty otherwise).
  core::Result<CaseFile> ReadableCase(const Principal& principal, TenantTx& tx,
                                      std::string_view case_id, std::string& grant_id) const;
  // Whether the principal holds an unexpired grant on the case (its id in `grant_id`).
  core::Result<bool> HoldsGrant(const Principal& principal, TenantTx& tx, std::string_view case_id,
                                std::string& grant_id) const;
  // The case file with its people and newest records (one round trip on PostgreSQL).
  static core::Result<CaseView> ReadCaseView(TenantTx& tx, std::string_view case_id);
  // For a failed scoped call: a kNotFound (the record is missing or out of the principal's scope)
  // is audited as `action` "denied" naming `id` and returned as the plain kNotFound; any other
  // error is returned as it is.
  core::Error Refusal(const Principal& principal, TenantDb& db, core::Error error,
                      std::string_view action, std::string_view kind, std::string_view id) const;
  template <typename R>
  R Scoped(const Principal& principal, TenantDb& db, std::string_view action, std::string_view kind,
           std::string_view id, R result) const {
    if (result.ok()) return result;
    return Refusal(principal, db, std::move(result).error(), action, kind, id);
  }
  // One page of a case's records, newest first, audited as `action` with the case and record ids.
  template <typename T, typename Fetch>
  core::Result<Page<T>> ListRecords(const Principal& principal, std::string_view case_id,
                                    RecordPage page, std::string_view action, std::string_view kind,
                                    Fetch fetch);
  Storage& storage_;
  const core::Clock& clock_;
  CodeService& codes_;
  SearchIndexer* indexer_ = nullptr;
  std::chrono::seconds break_glass_duration_ = kBreakGlassDuration;
};

}  // namespace yorisoi::domain
