// The case file as staff use it: open a case, read it with its people, change it with optimistic
// concurrency, add and change people. Who may see a case: caseworkers and supervisors of its unit
// and the workers assigned to it; to everyone else it does not exist (kNotFound, never
// kForbidden, so ids reveal nothing). Every read and write is audited.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/storage.hpp"
#include "domain/users/auth_service.hpp"

namespace yorisoi::domain {

struct CaseView {
  CaseFile case_file;
  std::vector<Person> people;
};

// A stale write: the caller's version was not current. `current` is the record as it is now.
struct StaleCase {
  CaseView current;
};

class CaseService {
 public:
  CaseService(Storage& storage, const core::Clock& clock, const CodeCatalog& codes)
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
  core::Result<std::vector<CaseFile>> ListCases(const Principal& principal, CaseListQuery query);

  core::Result<Person> AddPerson(const Principal& principal, std::string_view case_id,
                                 Person person);
  core::Result<Person> UpdatePerson(const Principal& principal, std::string_view person_id,
                                    int64_t expected_version,
                                    const std::function<core::Status(Person&)>& change);

  core::Date Today() const { return core::Date::TodayInJapan(clock_.Now()); }

 private:
  static bool MayAccess(const Principal& principal, const CaseFile& c);
  Storage& storage_;
  const core::Clock& clock_;
  const CodeCatalog& codes_;
};

}  // namespace yorisoi::domain
