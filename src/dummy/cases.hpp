// Whole fictitious cases (ケース) for demos, tests and benchmarks: a CaseFile with its people (a
// family from MakeFamily, or a 特定妊婦), 相談記録, 経過記録 and 対応方針, as a ward's
// 子ども家庭支援 センター would keep them. Every text is assembled from templates with the family's
// invented details (ages, 学年, school, work, nationality) — no real person, record or event is
// meant.
//
// The records are consistent with each other and with the domain rules: every record passes
// ValidateCase / ValidatePerson / ValidateConsultation / ValidateNote / ValidatePolicy as of the
// `now` given; the case is received within the last `history_days` and never before its child
// was born; consultations, notes and policies come after the receipt, in chronological order,
// and no later than `now`; the status follows the age of the case (fresh cases are 受理/調査,
// old ones mostly 終結); abuse sub-types and 面前DV follow the household (面前DV needs a couple).
//
// Deterministic: the same Rng state, tenant, `now`, staff and options give the same case (ids
// included when options.new_id is empty).
//
// Thread-safety: MakeCase only reads immutable tables; use one Rng per thread.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"
#include "dummy/random.hpp"

namespace yorisoi::dummy {

// The staff of one unit that cases can be given to.
struct UnitStaff {
  std::string unit_id;
  std::vector<std::string> caseworker_ids;  // caseworkers of the unit
  std::vector<std::string> supervisor_ids;  // supervisors of the unit
};

struct CaseOptions {
  int notes_per_case = 5;   // 経過記録 per case (0 allowed)
  int history_days = 1095;  // cases are received within this many days before `now`
  // When set, the case is received on this JST day (clamped into the history window and not
  // before the child's birth); the time of day is drawn. Lets a writer spread N cases evenly so
  // that case numbers follow the receiving order.
  std::optional<core::Date> received_on;
  // Makes record ids ("cas", "per", "con", "not", "pol" → "cas_..."). Empty: deterministic ids
  // drawn from the case's own stream (unique enough for tests, not for a shared database).
  std::function<std::string(std::string_view prefix)> new_id;
};

struct DummyCase {
  domain::CaseFile case_file;  // number is empty: the writer assigns it (CaseStore::NextNumber)
  std::vector<domain::Person> people;
  std::vector<domain::Consultation> consultations;  // by date
  std::vector<domain::Note> notes;                  // by time; corrections name an earlier note
  std::vector<domain::Policy> policies;             // by decision time
};

// One case in the tenant's ward (WardFor), received on a day in the history window, given to a
// unit drawn from `units` and written by its staff: workers and authors are the unit's
// caseworkers (or, failing those, any caseworker or supervisor in `units`), policies are decided
// by a supervisor of the unit (any supervisor in `units` otherwise; no policies when there is no
// supervisor at all). Preconditions: `units` is not empty and has at least one caseworker or
// supervisor somewhere. Draws exactly one number from `rng`.
DummyCase MakeCase(Rng& rng, std::string_view tenant_id, core::TimePoint now,
                   std::span<const UnitStaff> units, const CaseOptions& options = {});

}  // namespace yorisoi::dummy
