// The ordinary scope of a case: who may work on it without a break-glass grant. A root header of
// the domain (above the folders' types, below every service) because two services judge by it:
// CaseService for every case access, and the audit report's `out_of_scope` flag.
#pragma once

#include <algorithm>

#include "domain/cases/case_file.hpp"
#include "domain/principal.hpp"

namespace yorisoi::domain {

// A caseworker or supervisor of the case's unit, or one of the case's workers.
inline bool InOrdinaryScope(const Principal& principal, const CaseFile& c) {
  const auto& u = principal.user;
  if (u.role != Role::kCaseworker && u.role != Role::kSupervisor) return false;
  if (std::find(u.unit_ids.begin(), u.unit_ids.end(), c.unit_id) != u.unit_ids.end()) return true;
  return std::find(c.worker_ids.begin(), c.worker_ids.end(), u.id) != c.worker_ids.end();
}

}  // namespace yorisoi::domain
