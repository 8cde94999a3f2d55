// The records kept on a case beside its people: 相談記録 (consultation records, editable with
// optimistic concurrency while the visit is written), 経過記録 (progress notes, append-only: a
// correction is a new note naming the one it corrects, and both stay), and 対応方針 (response
// policy decisions, append-only: a newer decision supersedes the older, which stays). Bodies are
// personal data: they never appear in logs or errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/codes/code_list.hpp"

namespace yorisoi::domain {

// 相談記録: one contact with the family (a visit, a call, a visit to the office ...).
struct Consultation {
  std::string id;  // "con_" + random
  std::string case_id;
  core::Date date;      // 相談日 (not in the future)
  std::string type;     // consultation_type code (中分類), valid on `date`
  std::string method;   // consultation_method code, valid on `date`
  std::string content;  // 内容 (free text, may be long)
  std::string author_id;
  core::TimePoint created_at;
  core::TimePoint updated_at;
  int64_t version = 1;
};

// 経過記録: one progress note. Never changed once written.
struct Note {
  std::string id;  // "not_" + random
  std::string case_id;
  core::TimePoint at;  // when it was written (server time)
  std::string body;
  std::string author_id;
  std::optional<std::string> corrects;  // the note of the same case this one corrects
  int64_t version = 1;                  // always 1: notes are never changed
};

// 対応方針: a response policy decided for the case, by a supervisor.
struct Policy {
  std::string id;  // "pol_" + random
  std::string case_id;
  core::TimePoint decided_at;
  std::string decided_by;                    // the supervisor's user id
  std::string body;                          // the policy as decided
  std::string next_action;                   // 次の対応 (may be empty)
  std::optional<core::Date> next_action_on;  // when it is due (may be absent)
  int64_t version = 1;                       // always 1: decisions are never changed
};

// Limits in code points.
inline constexpr std::size_t kMaxConsultationContent = 20000;
inline constexpr std::size_t kMaxNoteBody = 10000;
inline constexpr std::size_t kMaxPolicyBody = 4000;
inline constexpr std::size_t kMaxNextAction = 400;

// Field rules (each failure names the field: "date", "type", "method", "content", "body",
// "corrects", "next_action", "next_action_on"). `today` is the ward's day of the write.
core::Status ValidateConsultation(const Consultation& c, const CodeCatalog& codes,
                                  core::Date today);
core::Status ValidateNote(const Note& n);
core::Status ValidatePolicy(const Policy& p, core::Date today);

}  // namespace yorisoi::domain
