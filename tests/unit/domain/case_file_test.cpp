#include "domain/cases/case_file.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

const core::TimePoint kNow = core::FromUnixMillis(1751360400000);  // 2025-07-01T09:00:00Z

CaseFile AbuseCase() {
  CaseFile c;
  c.number = "2025-00001";
  c.received_at = kNow - std::chrono::hours(3);
  c.unit_id = "sogo";
  c.consultation_type = {"abuse", {"physical", "psychological"}, true};
  c.referral_route = "school";
  c.yotaikyo_class = "protection_needed";
  c.household = "母と本児の二人世帯。\n母は夜勤あり。";
  return c;
}

void ExpectRefused(const CaseFile& c, const char* field, const char* code) {
  auto r = ValidateCase(c, CodeCatalog::BuiltIn(), kNow);
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, code)) << field;
  EXPECT_EQ(r.error().field, field);
}

TEST(CaseFileTest, AnAbuseCaseWithSubTypesIsValid) {
  EXPECT_TRUE(IsOk(ValidateCase(AbuseCase(), CodeCatalog::BuiltIn(), kNow)));
  CaseFile other = AbuseCase();
  other.consultation_type = {"upbringing_truancy", {}, false};
  EXPECT_TRUE(IsOk(ValidateCase(other, CodeCatalog::BuiltIn(), kNow)));
}

TEST(CaseFileTest, EveryRuleNamesItsField) {
  auto c = AbuseCase();
  c.received_at = kNow + std::chrono::minutes(1);
  ExpectRefused(c, "received_on", "in_future");
  c = AbuseCase();
  c.consultation_type.abuse_types.clear();
  c.consultation_type.witnessed_dv = false;
  ExpectRefused(c, "consultation_type.abuse_types", "required");
  c = AbuseCase();
  c.consultation_type = {"health", {"physical"}, false};
  ExpectRefused(c, "consultation_type.abuse_types", "invalid_for_type");
  c = AbuseCase();
  c.consultation_type = {"physical", {}, false};
  ExpectRefused(c, "consultation_type.code", "invalid_code");
  c = AbuseCase();
  c.consultation_type.abuse_types = {"physical", "health"};
  ExpectRefused(c, "consultation_type.abuse_types[1]", "invalid_code");
  c = AbuseCase();
  c.consultation_type.abuse_types = {"neglect", "neglect"};
  c.consultation_type.witnessed_dv = false;
  ExpectRefused(c, "consultation_type.abuse_types[0]", "duplicate");
  c = AbuseCase();
  c.consultation_type.abuse_types = {"physical"};
  ExpectRefused(c, "consultation_type.witnessed_dv", "invalid_for_type");
  c = AbuseCase();
  c.referral_route = "internet";
  ExpectRefused(c, "referral_route", "unknown_code");
  c = AbuseCase();
  c.status = "open";
  ExpectRefused(c, "status", "unknown_code");
  c = AbuseCase();
  c.unit_id = "";
  ExpectRefused(c, "unit_id", "required");
}

TEST(CaseFileTest, StatusFlowAndWhoMayEndACase) {
  const Role cw = Role::kCaseworker, sv = Role::kSupervisor;
  EXPECT_TRUE(IsOk(CheckStatusTransition("received", "investigating", cw)));
  EXPECT_TRUE(IsOk(CheckStatusTransition("received", "supporting", cw)));
  EXPECT_TRUE(IsOk(CheckStatusTransition("supporting", "investigating", cw)));
  EXPECT_TRUE(IsError(CheckStatusTransition("investigating", "received", sv),
                      Errc::kInvalidArgument, "invalid_transition"));
  EXPECT_TRUE(IsError(CheckStatusTransition("supporting", "closed", cw), Errc::kForbidden,
                      "supervisor_required"));
  EXPECT_TRUE(IsOk(CheckStatusTransition("supporting", "closed", sv)));
  EXPECT_TRUE(IsOk(CheckStatusTransition("investigating", "transferred", sv)));
  EXPECT_TRUE(IsError(CheckStatusTransition("closed", "supporting", cw), Errc::kForbidden));
  EXPECT_TRUE(IsOk(CheckStatusTransition("closed", "supporting", sv)));
  EXPECT_TRUE(IsError(CheckStatusTransition("closed", "transferred", sv), Errc::kInvalidArgument));
}

}  // namespace
}  // namespace yorisoi::domain
