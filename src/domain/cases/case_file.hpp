// A case (ケース): the consultation as the ward handles it. Its people are Person records; its
// consultations, progress notes and 対応方針 follow in their own files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/users/role.hpp"

namespace yorisoi::domain {

// 相談種別: the 中分類 code (consultation_type list; its group is the 大分類), and for 児童虐待相談
// the abuse sub-types (children of `abuse`, several may apply) with the 面前DV marker.
struct ConsultationType {
  std::string code;
  std::vector<std::string> abuse_types;
  bool witnessed_dv = false;
};

struct CaseFile {
  std::string id;               // "cas_" + random
  std::string number;           // the ward's case number, unique per tenant
  core::TimePoint received_at;  // 受理日時 (the 48-hour clock starts here)
  std::string unit_id;
  std::string status = "received";  // case_status code
  ConsultationType consultation_type;
  std::string referral_route;  // referral_route code
  std::string yotaikyo_class;  // yotaikyo_class code, empty when not registered
  std::string household;       // 世帯の状況 (free text)
  std::vector<std::string> worker_ids;
  core::TimePoint created_at;
  core::TimePoint updated_at;
  int64_t version = 1;
};

// Field rules: unit, consultation type and referral route required; codes known and valid on the
// receiving day, abuse sub-types only for `abuse` and at least one of them, 面前DV only with
// psychological abuse, received_at not in the future, text lengths. `now` is the time of the
// write. The one validation of a case: a create checks the new case, an update the current case
// with the change applied.
core::Status ValidateCase(const CaseFile& c, const CodeCatalog& codes, core::TimePoint now);

// The status flow 受理 → 調査 → 支援中 → 終結, with 移管 ending it from any open state:
// forward steps may skip (受理 → 支援中), 支援中 → 調査 reopens an investigation, nothing returns
// to 受理. Closing, transferring and reopening a closed case are a supervisor's decision.
core::Status CheckStatusTransition(std::string_view from, std::string_view to, Role role);

}  // namespace yorisoi::domain
