// What the case file needs from storage. Implemented per backend (storage/*/case_store.cpp) and
// covered by the conformance suite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"

namespace yorisoi::domain {

struct CaseListQuery {
  std::vector<std::string> unit_ids;  // only cases of these units ...
  std::string or_worker_id;           // ... or assigned to this user (empty: units only)
  std::optional<std::string> status;
  std::optional<std::string> unit_id;
  std::string after_id;  // cursor: cases ordered by received_at desc, id
  int limit = 50;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // kConflict "number_taken" when the number exists; kInvalidArgument when the unit is unknown.
  virtual core::Status Create(const CaseFile& c) = 0;
  virtual core::Result<CaseFile> FindById(std::string_view id) = 0;
  // Replaces every field and bumps version when expected_version is current, else kConflict
  // "stale_version" (the caller reads the current record to answer with it).
  virtual core::Status Update(const CaseFile& c, int64_t expected_version) = 0;
  // The next free number of a fiscal year, "YYYY-NNNNN" (e.g. 2025-00001); the counter advances
  // inside the transaction, so numbers are never reused or shared.
  virtual core::Result<std::string> NextNumber(int fiscal_year) = 0;
  virtual core::Result<std::vector<CaseFile>> List(const CaseListQuery& query) = 0;
};

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

}  // namespace yorisoi::domain
