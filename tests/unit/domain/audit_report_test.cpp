// The periodic analysis as a pure function: the rules the functional test (planted log on both
// backends) does not reach — failures from one address over many logins, exports, the working
// hours' edges, a baseline that makes many reads usual.
#include "domain/audit/audit_report.hpp"

#include <gtest/gtest.h>

namespace yorisoi::domain {
namespace {

// 2025-06-02 00:00 JST.
constexpr int64_t kDayStartMs = 1748790000000LL;
constexpr int64_t kHourMs = 3600LL * 1000;

AuditEntry Entry(int64_t seq, std::string user, int64_t at_ms, std::string action,
                 std::string result = "ok", std::string address = "192.0.2.1",
                 std::vector<std::string> targets = {}) {
  auto e = MakeAuditEntry(AuditActor{std::move(user), "caseworker", "", "", std::move(address)},
                          core::FromUnixMillis(at_ms), std::move(action), "", std::move(targets),
                          std::move(result));
  e.seq = seq;
  return e;
}

AuditReport Empty() {
  AuditReport r;
  r.from = core::Date::Parse("2025-06-02", "from").value();
  r.to = r.from;
  return r;
}

TEST(AuditReportTest, FailuresFromOneAddressOverManyLoginsAreFlaggedOnTheAddress) {
  std::vector<AuditEntry> period;
  // 6 failures for unknown logins and 1 on each of 3 accounts, all from one address.
  for (int i = 0; i < 6; ++i) {
    period.push_back(
        Entry(i + 1, "", kDayStartMs + 10 * kHourMs, "auth.login", "failed", "203.0.113.9"));
  }
  for (int i = 0; i < 3; ++i) {
    period.push_back(Entry(i + 7, "usr_" + std::to_string(i), kDayStartMs + 10 * kHourMs,
                           "auth.login", "failed", "203.0.113.9"));
  }
  auto r = Empty();
  AnalyseAuditEntries(period, {}, {}, r);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].kind, "failed_logins");
  EXPECT_EQ(r.flags[0].user_id, "");
  EXPECT_EQ(r.flags[0].address, "203.0.113.9");
  EXPECT_EQ(r.flags[0].count, 9);
  EXPECT_EQ(r.sign_in_failures, 9);
  EXPECT_EQ(r.sign_ins, 0);
}

TEST(AuditReportTest, FailuresBelowTheThresholdAndOnAFlaggedAccountAreNotFlaggedTwice) {
  std::vector<AuditEntry> period;
  for (int i = 0; i < 5; ++i) {
    period.push_back(Entry(i + 1, "usr_a", kDayStartMs + 10 * kHourMs, "auth.login", "failed"));
  }
  for (int i = 0; i < 4; ++i) {
    period.push_back(Entry(i + 6, "usr_b", kDayStartMs + 10 * kHourMs, "auth.login", "denied"));
  }
  auto r = Empty();
  AnalyseAuditEntries(period, {}, {}, r);
  // usr_a: 5 (the default minimum); usr_b: 4, and the address's remaining 4 are below it too.
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].user_id, "usr_a");
  EXPECT_EQ(r.flags[0].entries, (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST(AuditReportTest, ExportsAreFlaggedPerUser) {
  auto r = Empty();
  AnalyseAuditEntries({Entry(1, "usr_a", kDayStartMs + 11 * kHourMs, "export.create"),
                       Entry(2, "usr_a", kDayStartMs + 12 * kHourMs, "export.download"),
                       Entry(3, "usr_b", kDayStartMs + 12 * kHourMs, "export.create", "denied")},
                      {}, {}, r);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].kind, "exports");
  EXPECT_EQ(r.flags[0].user_id, "usr_a");
  EXPECT_EQ(r.flags[0].count, 2);
  EXPECT_EQ(r.exports, 2);
}

TEST(AuditReportTest, WorkingHoursAreJapanTimeWithAnExclusiveEnd) {
  auto r = Empty();
  r.settings.work_start_hour = 8;
  r.settings.work_end_hour = 18;
  AnalyseAuditEntries({Entry(1, "usr_a", kDayStartMs + 8 * kHourMs, "case.list"),
                       Entry(2, "usr_a", kDayStartMs + 18 * kHourMs - 1, "case.list"),
                       Entry(3, "usr_a", kDayStartMs + 18 * kHourMs, "case.list"),
                       Entry(4, "usr_a", kDayStartMs + 8 * kHourMs - 1, "case.list"),
                       // A refused sign-in at night is failed_logins' business, not off_hours.
                       Entry(5, "usr_b", kDayStartMs + 2 * kHourMs, "auth.login", "failed")},
                      {}, {}, r);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].kind, "off_hours");
  EXPECT_EQ(r.flags[0].entries, (std::vector<int64_t>{3, 4}));
}

// A grant and the reads under it (detail break_glass, the grant among the targets) are flagged
// break_glass and not also out_of_scope; a refused attempt outside scope stays out_of_scope, and
// a denied grant or a read merely labelled so without an ok result is neither.
TEST(AuditReportTest, BreakGlassGrantsAndTheReadsUnderThemAreFlaggedApartFromOutOfScope) {
  const int64_t at = kDayStartMs + 10 * kHourMs;
  auto under = [&](int64_t seq, std::string action, std::string result = "ok") {
    auto e = Entry(seq, "usr_s", at, std::move(action), std::move(result), "192.0.2.1",
                   {"cas_x", "bgl_1"});
    e.detail = "break_glass";
    return e;
  };
  AuditReportContext context;
  context.in_scope = [](const std::string&, const std::string&) { return false; };
  auto r = Empty();
  AnalyseAuditEntries({Entry(1, "usr_s", at, "case.read", "denied", "192.0.2.1", {"cas_x"}),
                       under(2, "case.break_glass"), under(3, "case.read"), under(4, "note.list"),
                       under(5, "case.break_glass", "denied"),
                       Entry(6, "usr_s", at, "case.read", "denied", "192.0.2.1", {"cas_x"})},
                      {}, context, r);
  ASSERT_EQ(r.flags.size(), 2u);
  EXPECT_EQ(r.flags[0].kind, "out_of_scope");
  EXPECT_EQ(r.flags[0].entries, (std::vector<int64_t>{1, 6}));
  EXPECT_EQ(r.flags[1].kind, "break_glass");
  EXPECT_EQ(r.flags[1].user_id, "usr_s");
  EXPECT_EQ(r.flags[1].entries, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_NE(AuditReportJson(r).find("\"break_glass\""), std::string::npos);
  EXPECT_NE(AuditReportHtml(r).find("緊急アクセス"), std::string::npos);
}

TEST(AuditReportTest, BulkReadsAreMeasuredAgainstTheUsersOwnBaselineScaledToThePeriod) {
  std::vector<AuditEntry> baseline, period;
  int64_t seq = 1;
  // 30 days of 10 reads a day for usr_heavy; nothing for usr_new.
  for (int d = 30; d >= 1; --d) {
    for (int i = 0; i < 10; ++i) {
      baseline.push_back(Entry(seq++, "usr_heavy", kDayStartMs - d * 24 * kHourMs + 10 * kHourMs,
                               "case.read", "ok", "192.0.2.1", {"cas_1"}));
    }
  }
  for (int i = 0; i < 60; ++i) {
    period.push_back(Entry(seq++, "usr_heavy", kDayStartMs + 10 * kHourMs, "case.read", "ok",
                           "192.0.2.1", {"cas_1"}));
  }
  for (int i = 0; i < 50; ++i) {
    period.push_back(Entry(seq++, "usr_new", kDayStartMs + 10 * kHourMs, "note.list", "ok",
                           "192.0.2.1", {"cas_1"}));
  }
  auto r = Empty();
  AuditReportContext context;
  context.in_scope = [](const std::string&, const std::string& case_id) {
    return case_id == "cas_1";
  };
  AnalyseAuditEntries(period, baseline, context, r);
  // usr_heavy: 60 in one day against 10 a day is 6x: flagged. usr_new: 50 with no history.
  ASSERT_EQ(r.flags.size(), 2u);
  EXPECT_EQ(r.flags[0].kind, "bulk_reads");
  EXPECT_EQ(r.flags[0].user_id, "usr_heavy");
  EXPECT_EQ(r.flags[1].user_id, "usr_new");
  EXPECT_EQ(r.reads, 110);
  // Over a 7-day period the same 60 are below 3x of 70 expected: not flagged.
  auto week = Empty();
  week.to = week.from.AddDays(6);
  AnalyseAuditEntries(period, baseline, context, week);
  ASSERT_EQ(week.flags.size(), 1u);
  EXPECT_EQ(week.flags[0].user_id, "usr_new");
}

TEST(AuditReportTest, TheRenderingsCarryIdsAndEscapeThem) {
  auto r = Empty();
  r.tenant_id = "t1";
  AuditFlag f;
  f.kind = "off_hours";
  f.user_id = "usr_<b>\"x\"";
  f.count = 1;
  f.entries = {7};
  r.flags.push_back(f);
  const std::string json = AuditReportJson(r);
  EXPECT_NE(json.find(R"("user_id":"usr_<b>\"x\"")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("entries":[7])"), std::string::npos) << json;
  const std::string html = AuditReportHtml(r);
  EXPECT_NE(html.find("usr_&lt;b&gt;&quot;x&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("業務時間外のアクセス"), std::string::npos);
}

}  // namespace
}  // namespace yorisoi::domain
