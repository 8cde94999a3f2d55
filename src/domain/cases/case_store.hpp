// What the case file needs from storage. Implemented per backend (storage/*/case_store.cpp) and
// covered by the conformance suite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"

namespace yorisoi::domain {

struct CaseListQuery {
  std::vector<std::string> unit_ids;  // only cases of these units ...
  std::string or_worker_id;           // ... or assigned to this user (empty: units only)
  std::optional<std::string> status;
  std::optional<std::string> unit_id;
  // Search: only cases with a search document containing this text. Already normalised by the
  // caller (ja::NormalizeForSearch); the backend matches it as a plain substring.
  std::optional<std::string> text;
  // Search: which hits. kNames: cases with a person whose 氏名 or ふりがな holds the text (the
  // first two lines of a person document); kOthers: the other hits (found by the case number, a
  // consultation, a note, or a person's birth date, address, school or workplace only).
  enum class Tier { kAll, kNames, kOthers };
  Tier tier = Tier::kAll;
  std::string after_id;  // cursor: cases ordered by received_at desc, id desc (within the tier)
  int limit = 50;
};

// A page of records, newest first. `after_id` is the last id of the previous page (empty: first).
struct RecordPage {
  std::string after_id;
  int limit = 50;
};

// A case file with its people and the newest records of each kind, as the case view shows them.
struct CaseRecords {
  CaseFile case_file;
  std::vector<Person> people;
  std::vector<Consultation> consultations;  // newest first, at most `newest`
  std::vector<Note> notes;                  // newest first, at most `newest`
  std::vector<Policy> policies;             // newest first, at most `newest`
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // kConflict "number_taken" when the number exists; kInvalidArgument when the unit is unknown.
  virtual core::Status Create(const CaseFile& c) = 0;
  virtual core::Result<CaseFile> FindById(std::string_view id) = 0;
  // The case and its records, read together (on PostgreSQL: pipelined, one round trip).
  // kNotFound when there is no such case.
  virtual core::Result<CaseRecords> FindWithRecords(std::string_view id, int newest) = 0;
  // Replaces every field and bumps version when expected_version is current, else kConflict
  // "stale_version" (the caller reads the current record to answer with it).
  virtual core::Status Update(const CaseFile& c, int64_t expected_version) = 0;
  // The next free number of a fiscal year, "YYYY-NNNNN" (e.g. 2025-00001); the counter advances
  // inside the transaction, so numbers are never reused or shared.
  virtual core::Result<std::string> NextNumber(int fiscal_year) = 0;
  virtual core::Result<std::vector<CaseFile>> List(const CaseListQuery& query) = 0;
};

// The next number for a case, in the fiscal year (April–March, JST) of its receiving day: what
// every writer of new cases assigns (CaseService, the dummy loader).
core::Result<std::string> NextCaseNumber(CaseStore& store, const CaseFile& c);

class PersonStore {
 public:
  virtual ~PersonStore() = default;
  virtual core::Status Create(const Person& p) = 0;  // kNotFound when the case does not exist
  virtual core::Result<Person> FindById(std::string_view id) = 0;
  virtual core::Result<std::vector<Person>> ListByCase(
      std::string_view case_id) = 0;  // by role, then creation
  virtual core::Status Update(const Person& p,
                              int64_t expected_version) = 0;  // as CaseStore::Update
};

class ConsultationStore {
 public:
  virtual ~ConsultationStore() = default;
  virtual core::Status Create(const Consultation& c) = 0;  // kNotFound when the case does not exist
  virtual core::Result<Consultation> FindById(std::string_view id) = 0;
  // Newest first: by date desc, then created_at desc, id desc.
  virtual core::Result<std::vector<Consultation>> ListByCase(std::string_view case_id,
                                                             const RecordPage& page) = 0;
  virtual core::Status Update(const Consultation& c,
                              int64_t expected_version) = 0;  // as CaseStore::Update
};

// Append-only: there is no update and no delete (retention, a later issue, purges whole cases).
class NoteStore {
 public:
  virtual ~NoteStore() = default;
  virtual core::Status Append(const Note& n) = 0;  // kNotFound when the case does not exist
  virtual core::Result<Note> FindById(std::string_view id) = 0;
  // Newest first: by at desc, id desc.
  virtual core::Result<std::vector<Note>> ListByCase(std::string_view case_id,
                                                     const RecordPage& page) = 0;
  // Whether a later note corrects this one.
  virtual core::Result<bool> IsCorrected(std::string_view id) = 0;
};

class PolicyStore {
 public:
  virtual ~PolicyStore() = default;
  virtual core::Status Append(const Policy& p) = 0;  // kNotFound when the case does not exist
  // Newest first: by decided_at desc, id desc.
  virtual core::Result<std::vector<Policy>> ListByCase(std::string_view case_id,
                                                       const RecordPage& page) = 0;
};

// What search finds a case by. One document per record (the case itself, each person, each
// consultation, each note), its text already normalised by the domain (ja::NormalizeForSearch),
// so every backend matches plain substrings of normalised text.
struct SearchDoc {
  std::string ref_id;   // the record's id; Put replaces the document of the same ref_id
  std::string case_id;  // the case it belongs to (results are cases)
  std::string text;
};

// How far the search index has followed the audit log (the search indexer's watermark): every
// record named by a write entry with seq <= indexed_through has its current document indexed.
struct SearchIndexLag {
  int64_t indexed_through = 0;
  int64_t newest_logged = 0;  // the newest audit entry's seq (0: none)
};

// A write entry of the audit log as the search indexer reads it.
struct LoggedWrite {
  int64_t seq = 0;
  std::string action;
  std::vector<std::string> target_ids;
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;
  virtual core::Status Put(const SearchDoc& doc) = 0;
  virtual core::Result<SearchIndexLag> Lag() = 0;
  // Moves the watermark (kWrite transaction; the caller puts the documents in the same one).
  virtual core::Status SetIndexedThrough(int64_t seq) = 0;
  // The entries with after_seq < seq <= through_seq that change search documents — result "ok",
  // action case.create, case.update, person.create, person.update, consultation.create,
  // consultation.update or note.create — in seq order.
  virtual core::Result<std::vector<LoggedWrite>> LoggedWrites(int64_t after_seq,
                                                              int64_t through_seq) = 0;

  // For a rebuild (`search reindex`): forgets every document of the tenant (kWrite).
  virtual core::Status Clear() = 0;
  // The tenant's case ids after `after_id` (empty: from the first) in id order, at most `limit`.
  virtual core::Result<std::vector<std::string>> CaseIds(std::string_view after_id, int limit) = 0;
  virtual core::Result<int64_t> CaseCount() = 0;
  // The records (ref_ids) of a case whose documents contain `text` (normalised as a query).
  virtual core::Result<std::vector<std::string>> Matching(std::string_view case_id,
                                                          std::string_view text) = 0;
};

// Break-glass (issue 20 item 3): a supervisor or admin reads a case outside their ordinary scope
// for a limited time, having given a reason. The reason is kept here only (it may name people),
// never in the audit log, whose entries name the grant by id.
struct BreakGlassGrant {
  std::string id;  // "bgl_..."
  std::string case_id;
  std::string user_id;
  std::string reason;
  core::TimePoint granted_at;
  core::TimePoint expires_at;
};

// Append-only (migration 11): a grant is never changed; it simply expires.
class BreakGlassStore {
 public:
  virtual ~BreakGlassStore() = default;
  virtual core::Status Create(const BreakGlassGrant& g) = 0;  // kNotFound when no such case
  // The user's grant on the case in force at `now` (granted_at <= now < expires_at) that expires
  // last; none otherwise.
  virtual core::Result<std::optional<BreakGlassGrant>> Active(std::string_view case_id,
                                                              std::string_view user_id,
                                                              core::TimePoint now) = 0;
  // Every grant on the case, newest first (granted_at desc, id desc).
  virtual core::Result<std::vector<BreakGlassGrant>> ListByCase(std::string_view case_id) = 0;
};

}  // namespace yorisoi::domain
