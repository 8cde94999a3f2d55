// Break-glass over HTTPS against the real `yorisoi serve`, on both backends (issue 20 item 3): a
// supervisor of another unit sees a case as nothing (404), gives a reason, reads the case and its
// records for a limited time (session.break_glass_seconds, 4 s here) and then sees nothing again;
// a caseworker may not break the glass; a blank reason is refused naming the field; the case's
// own unit sees the grant; the audit report flags the grant and the reads under it as
// break_glass, not out_of_scope. All texts are fictitious.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <set>
#include <string>
#include <thread>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

constexpr int kGrantSeconds = 4;

std::string TodayInJapan() {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 9 * 3600;
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::set<int64_t> Seqs(const std::string& lines) {
  std::set<int64_t> out;
  std::size_t pos = 0;
  while (pos < lines.size()) {
    const auto end = lines.find('\n', pos);
    const std::string line = lines.substr(pos, end == std::string::npos ? end : end - pos);
    if (!line.empty()) out.insert(std::stoll(line));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

TEST(BreakGlass, AReasonedTimedReadOutsideScopeSeenByTheUnitAndFlaggedInTheReport) {
  World w(json{{"session", {{"break_glass_seconds", kGrantSeconds}}}});
  w.AddAccount("tenant-a", "branchsv", "supervisor", "branch");
  w.AddAccount("tenant-a", "branchcw", "caseworker", "branch");
  w.Start();
  const std::string cw = w.Login(w.account("tenant-a", "caseworker"));  // unit "center"
  const std::string sv = w.Login(w.account("tenant-a", "branchsv"));
  const std::string other_cw = w.Login(w.account("tenant-a", "branchcw"));
  const std::string sv_id = w.account("tenant-a", "branchsv").id;

  auto opened = w.Call("POST", "/api/v1/cases",
                       {{"received_on", "2025-07-01T10:30:00+09:00"},
                        {"unit_id", "center"},
                        {"consultation_type", {{"code", "upbringing_parenting"}}},
                        {"referral_route", "family"}},
                       cw);
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string case_id = opened.Json()["id"];
  const std::string path = "/api/v1/cases/" + case_id;
  ASSERT_EQ(w.Call("POST", path + "/notes", {{"body", "家庭訪問の予定を調整"}}, cw).status, 201);

  // Outside scope: exactly as a case that does not exist.
  auto hidden = w.Call("GET", path, nullptr, sv);
  auto missing = w.Call("GET", "/api/v1/cases/cas_00000000000000000000000000000000", nullptr, sv);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(hidden.body, missing.body);
  EXPECT_EQ(w.Call("GET", path + "/notes", nullptr, sv).status, 404);

  // A caseworker may not break the glass, whatever the reason.
  auto refused = w.Call("POST", path + "/break-glass", {{"reason", "緊急の安全確認"}}, other_cw);
  EXPECT_EQ(refused.status, 403) << refused.body;
  // The reason is required, not blank, at most 500 characters.
  for (const json& body : {json{{"reason", "　 "}}, json{{"reason", ""}}, json::object(),
                           json{{"reason", std::string(501, 'x')}}}) {
    auto bad = w.Call("POST", path + "/break-glass", body, sv);
    EXPECT_EQ(bad.status, 400) << body.dump() << ": " << bad.body;
    EXPECT_EQ(bad.Json()["error"]["field"], "reason") << bad.body;
  }
  // No case, no grant.
  EXPECT_EQ(w.Call("POST", "/api/v1/cases/cas_00000000000000000000000000000000/break-glass",
                   {{"reason", "緊急の安全確認"}}, sv)
                .status,
            404);
  EXPECT_EQ(w.Call("GET", path, nullptr, sv).status, 404) << "refusals granted nothing";

  const std::string reason = "夜間に警察から児童の所在確認の照会があったため";
  auto granted = w.Call("POST", path + "/break-glass", {{"reason", reason}}, sv);
  const auto granted_at = std::chrono::steady_clock::now();
  ASSERT_EQ(granted.status, 201) << granted.body;
  const json grant = granted.Json();
  const std::string grant_id = grant.value("id", "");
  EXPECT_EQ(grant.value("case_id", ""), case_id);
  EXPECT_EQ(grant.value("user_id", ""), sv_id);
  EXPECT_EQ(grant.value("reason", ""), reason);
  EXPECT_TRUE(grant.contains("expires_at")) << granted.body;
  EXPECT_NE(grant.value("expires_at", ""), grant.value("granted_at", ""));

  // Under the grant: the case and its records read; writes stay out of scope.
  auto read = w.Call("GET", path, nullptr, sv);
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json().value("id", ""), case_id);
  auto notes = w.Call("GET", path + "/notes", nullptr, sv);
  EXPECT_EQ(notes.status, 200) << notes.body;
  EXPECT_EQ(w.Call("POST", path + "/notes", {{"body", "追記"}}, sv).status, 404);
  // The grant is its holder's alone.
  EXPECT_EQ(w.Call("GET", path, nullptr, other_cw).status, 404);

  // An admin reads no case file in the ordinary way; with a reason, for a time, they may.
  const std::string admin = w.Login(w.account("tenant-a", "admin"));
  auto admin_hidden = w.Call("GET", path, nullptr, admin);
  EXPECT_EQ(admin_hidden.status, 404);
  EXPECT_EQ(admin_hidden.body, missing.body);
  auto admin_grant =
      w.Call("POST", path + "/break-glass", {{"reason", "監査対応のため記録の所在を確認"}}, admin);
  ASSERT_EQ(admin_grant.status, 201) << admin_grant.body;
  const std::string admin_grant_id = admin_grant.Json().value("id", "");
  EXPECT_EQ(w.Call("GET", path, nullptr, admin).status, 200);
  EXPECT_EQ(w.Call("GET", path + "/policies", nullptr, admin).status, 200);
  EXPECT_EQ(w.Call("PATCH", path, {{"version", 1}, {"household", "変更"}}, admin).status, 403);

  // The case's unit sees the grants, newest first: who, when, why, until when.
  auto seen = w.Call("GET", path + "/break-glass", nullptr, cw);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.Json()["items"].size(), 2u) << seen.body;
  EXPECT_EQ(seen.Json()["items"][0].value("id", ""), admin_grant_id);
  const json listed = seen.Json()["items"][1];
  EXPECT_EQ(listed.value("id", ""), grant_id);
  EXPECT_EQ(listed.value("user_id", ""), sv_id);
  EXPECT_EQ(listed.value("reason", ""), reason);
  EXPECT_EQ(listed.value("expires_at", ""), grant.value("expires_at", ""));
  EXPECT_EQ(listed.value("granted_at", ""), grant.value("granted_at", ""));
  // ... and nobody outside the unit does (the grant does not extend to the list of grants).
  EXPECT_EQ(w.Call("GET", path + "/break-glass", nullptr, other_cw).status, 404);

  // Every read under the grant is audited naming the grant; the grant itself is an entry.
  const std::set<int64_t> under =
      Seqs(w.Sql("tenant-a",
                 "SELECT a.seq FROM audit_log a JOIN audit_targets t ON t.seq = a.seq"
                 " WHERE t.target_id = '" +
                     grant_id + "' ORDER BY a.seq;"));
  const std::string actions =
      w.Sql("tenant-a",
            "SELECT a.action || ' ' || a.detail FROM audit_log a JOIN audit_targets t"
            " ON t.seq = a.seq WHERE t.target_id = '" +
                grant_id + "' ORDER BY a.seq;");
  EXPECT_EQ(actions,
            "case.break_glass break_glass\ncase.read break_glass\nnote.list break_glass\n"
            "case.break_glass_list \n")
      << "the grant, the two reads under it and the unit's look at the grants";

  // Expired: nothing again.
  std::this_thread::sleep_until(granted_at + std::chrono::seconds(kGrantSeconds + 1));
  auto expired = w.Call("GET", path, nullptr, sv);
  EXPECT_EQ(expired.status, 404);
  EXPECT_EQ(expired.body, missing.body);
  EXPECT_EQ(w.Call("GET", path + "/notes", nullptr, sv).status, 404);

  // The report: the grant and the reads under it flagged break_glass, none of them out_of_scope.
  const std::string today = TodayInJapan();
  auto report = w.Call("GET", "/api/v1/audit/report?from=" + today + "&to=" + today, nullptr,
                       w.Login(w.account("tenant-a", "auditor")));
  ASSERT_EQ(report.status, 200) << report.body;
  std::set<int64_t> flagged_bg, flagged_oos;
  const json flags = report.Json()["flags"];
  for (const auto& f : flags) {
    if (f.value("user_id", "") != sv_id) continue;
    for (const auto& seq : f["entries"]) {
      if (f["kind"] == "break_glass") flagged_bg.insert(seq.get<int64_t>());
      if (f["kind"] == "out_of_scope") flagged_oos.insert(seq.get<int64_t>());
    }
  }
  std::set<int64_t> under_grant;  // the grant and the reads, not the unit's look at the list
  const std::set<int64_t> by_sv = Seqs(
      w.Sql("tenant-a", "SELECT seq FROM audit_log WHERE detail = 'break_glass' AND user_id = '" +
                            sv_id + "' ORDER BY seq;"));
  for (auto s : under) {
    if (by_sv.count(s) != 0) under_grant.insert(s);
  }
  EXPECT_EQ(under_grant.size(), 3u);
  EXPECT_EQ(flagged_bg, under_grant) << report.body;
  for (auto s : under_grant) EXPECT_EQ(flagged_oos.count(s), 0u) << "seq " << s;
  // The refused attempts before and after the grant are still out_of_scope.
  EXPECT_FALSE(flagged_oos.empty()) << report.body;
  EXPECT_EQ(w.server().Stop(), 0);
}

}  // namespace
}  // namespace yorisoi::testing
