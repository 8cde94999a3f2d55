#include "domain/cases/records.hpp"

#include "core/error_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {

core::Status ValidateConsultation(const Consultation& c, const CodeCatalog& codes,
                                  core::Date today) {
  if (today < c.date) {
    return core::Error::InvalidArgument("date", "must not be in the future",
                                        core::codes::kInFuture);
  }
  if (c.type.empty())
    return core::Error::InvalidArgument("type", "is required", core::codes::kRequired);
  YS_RETURN_IF_ERROR(codes.Validate("consultation_type", c.type, c.date, "type"));
  const CodeEntry* entry = codes.FindEntry("consultation_type", c.type);
  if (entry != nullptr && !entry->parent.empty()) {
    return core::Error::InvalidArgument("type", "must be a 中分類 code", core::codes::kInvalidCode);
  }
  if (c.method.empty())
    return core::Error::InvalidArgument("method", "is required", core::codes::kRequired);
  YS_RETURN_IF_ERROR(codes.Validate("consultation_method", c.method, c.date, "method"));
  return ValidateText("content", c.content, 0, kMaxConsultationContent, /*multiline=*/true);
}

core::Status ValidateNote(const Note& n) {
  YS_RETURN_IF_ERROR(ValidateText("body", n.body, 1, kMaxNoteBody, /*multiline=*/true));
  if (n.corrects && n.corrects->empty()) {
    return core::Error::InvalidArgument("corrects", "must name a note or be null",
                                        core::codes::kRequired);
  }
  if (n.corrects && n.corrects == n.id) {
    return core::Error::InvalidArgument("corrects", "a note cannot correct itself",
                                        core::codes::kInvalidRef);
  }
  return core::Ok();
}

core::Status ValidatePolicy(const Policy& p, core::Date today) {
  YS_RETURN_IF_ERROR(ValidateText("body", p.body, 1, kMaxPolicyBody, /*multiline=*/true));
  YS_RETURN_IF_ERROR(
      ValidateText("next_action", p.next_action, 0, kMaxNextAction, /*multiline=*/true));
  if (p.next_action_on && *p.next_action_on < today) {
    return core::Error::InvalidArgument("next_action_on", "must not be in the past",
                                        core::codes::kInPast);
  }
  return core::Ok();
}

}  // namespace yorisoi::domain
