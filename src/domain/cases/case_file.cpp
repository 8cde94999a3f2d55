#include "domain/cases/case_file.hpp"

#include <algorithm>

#include "core/date.hpp"
#include "core/error_codes.hpp"
#include "domain/cases/case_store.hpp"
#include "domain/validation.hpp"
#include "ja/school_year.hpp"

namespace yorisoi::domain {
namespace {

int Rank(std::string_view status) {
  if (status == "received") return 0;
  if (status == "investigating") return 1;
  if (status == "supporting") return 2;
  return 3;  // closed, transferred
}

bool IsTerminal(std::string_view status) { return status == "closed" || status == "transferred"; }

}  // namespace

core::Status ValidateCase(const CaseFile& c, const CodeCatalog& codes, core::TimePoint now) {
  if (c.received_at > now) {
    return core::Error::InvalidArgument("received_on", "must not be in the future",
                                        core::codes::kInFuture);
  }
  const core::Date received_day = core::Date::TodayInJapan(c.received_at);
  if (c.unit_id.empty())
    return core::Error::InvalidArgument("unit_id", "is required", core::codes::kRequired);
  YS_RETURN_IF_ERROR(codes.Validate("case_status", c.status, received_day, "status"));
  const auto& type = c.consultation_type;
  if (type.code.empty()) {
    return core::Error::InvalidArgument("consultation_type.code", "is required",
                                        core::codes::kRequired);
  }
  YS_RETURN_IF_ERROR(
      codes.Validate("consultation_type", type.code, received_day, "consultation_type.code"));
  const CodeEntry* entry = codes.FindEntry("consultation_type", type.code);
  if (entry != nullptr && !entry->parent.empty()) {
    return core::Error::InvalidArgument("consultation_type.code",
                                        "must be a 中分類 code; sub-types go in abuse_types",
                                        core::codes::kInvalidCode);
  }
  if (type.code == "abuse" && type.abuse_types.empty()) {
    return core::Error::InvalidArgument("consultation_type.abuse_types",
                                        "name at least one type of abuse", core::codes::kRequired);
  }
  if (type.code != "abuse" && !type.abuse_types.empty()) {
    return core::Error::InvalidArgument("consultation_type.abuse_types",
                                        "apply only to 児童虐待相談 (abuse)",
                                        core::codes::kInvalidForType);
  }
  for (std::size_t i = 0; i < type.abuse_types.size(); ++i) {
    const std::string field = "consultation_type.abuse_types[" + std::to_string(i) + "]";
    YS_RETURN_IF_ERROR(
        codes.Validate("consultation_type", type.abuse_types[i], received_day, field));
    if (!codes.IsDescendantOf("consultation_type", type.abuse_types[i], "abuse")) {
      return core::Error::InvalidArgument(field, "is not a type of abuse",
                                          core::codes::kInvalidCode);
    }
    if (std::count(type.abuse_types.begin(), type.abuse_types.end(), type.abuse_types[i]) > 1) {
      return core::Error::InvalidArgument(field, "is listed twice", core::codes::kDuplicate);
    }
  }
  if (type.witnessed_dv && std::find(type.abuse_types.begin(), type.abuse_types.end(),
                                     "psychological") == type.abuse_types.end()) {
    return core::Error::InvalidArgument("consultation_type.witnessed_dv",
                                        "面前DV is recorded with psychological abuse",
                                        core::codes::kInvalidForType);
  }
  // Required on every write, not only when a case is opened: a PATCH must not clear it.
  if (c.referral_route.empty()) {
    return core::Error::InvalidArgument("referral_route", "is required", core::codes::kRequired);
  }
  YS_RETURN_IF_ERROR(
      codes.Validate("referral_route", c.referral_route, received_day, "referral_route"));
  if (!c.yotaikyo_class.empty()) {
    YS_RETURN_IF_ERROR(
        codes.Validate("yotaikyo_class", c.yotaikyo_class, received_day, "yotaikyo_class"));
  }
  YS_RETURN_IF_ERROR(ValidateText("household", c.household, 0, 4000, /*multiline=*/true));
  YS_RETURN_IF_ERROR(ValidateText("number", c.number, 0, 32));
  return core::Ok();
}

core::Result<std::string> NextCaseNumber(CaseStore& store, const CaseFile& c) {
  return store.NextNumber(ja::FiscalYear(core::Date::TodayInJapan(c.received_at)));
}

core::Status CheckStatusTransition(std::string_view from, std::string_view to, Role role) {
  if (from == to) return core::Ok();
  const bool supervisor = role == Role::kSupervisor;
  if (to == "received") {
    return core::Error::InvalidArgument("status", "a case never returns to 受理",
                                        core::codes::kInvalidTransition);
  }
  if (IsTerminal(from)) {
    if (IsTerminal(to)) {
      return core::Error::InvalidArgument("status", "the case is already ended",
                                          core::codes::kInvalidTransition);
    }
    if (!supervisor) {
      return core::Error::Forbidden("reopening an ended case is a supervisor's decision",
                                    core::codes::kSupervisorRequired);
    }
    return core::Ok();
  }
  if (IsTerminal(to)) {
    if (!supervisor) {
      return core::Error::Forbidden("closing or transferring a case is a supervisor's decision",
                                    core::codes::kSupervisorRequired);
    }
    return core::Ok();
  }
  // Between open states: forward, or back from 支援中 to 調査.
  if (Rank(to) > Rank(from) || (from == "supporting" && to == "investigating")) return core::Ok();
  return core::Error::InvalidArgument("status", "this status change is not allowed",
                                      core::codes::kInvalidTransition);
}

}  // namespace yorisoi::domain
