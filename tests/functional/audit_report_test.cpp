// Issue 20: the periodic analysis of the audit log. A log generated with planted anomalies — bulk
// reads beyond the reader's own baseline, a 3 a.m. sign-in, reads of another unit's cases, 10
// failed sign-ins on one account — among ordinary work (including a heavy reader whose history is
// just as heavy) gives a report that flags each of them and nothing else, from the command line
// (JSON and Japanese HTML) and from GET /api/v1/audit/report, on both backends. The planted
// entries are appended through the storage of the installation itself, so the chain stays valid.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "app/installation.hpp"
#include "crypto/random.hpp"
#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

// 2025-06-02 (Mon) .. 2025-06-06 (Fri), Japan time; the baseline is the 30 days before.
constexpr const char* kFrom = "2025-06-02";
constexpr const char* kTo = "2025-06-06";
// 2025-06-02 00:00 JST in Unix milliseconds.
constexpr int64_t kPeriodStartMs = 1748790000000LL;
constexpr int64_t kHourMs = 3600LL * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

using FlagKey = std::tuple<std::string, std::string, std::vector<int64_t>>;

std::set<FlagKey> FlagsOf(const json& report) {
  std::set<FlagKey> out;
  for (const auto& f : report.at("flags")) {
    EXPECT_EQ(f.at("count").get<size_t>(), f.at("entries").size());
    out.emplace(f.at("kind"), f.at("user_id"), f.at("entries").get<std::vector<int64_t>>());
  }
  return out;
}

class AuditReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    World& w = *world_;
    // Cases of the "center" unit (made before the other unit has staff: the generator gives
    // cases to the units with staff), then a caseworker of the other unit.
    auto dummy = RunYorisoi({"dummy", "--data", w.data(), "--tenant", "tenant-a", "--cases", "3",
                             "--seed", "5", "--notes-per-case", "1"});
    ASSERT_EQ(dummy.exit_code, 0) << dummy.err;
    w.AddAccount("tenant-a", "branchworker", "caseworker", "branch");
    std::vector<std::string> cases;
    {
      std::istringstream ids(
          w.Sql("tenant-a", "SELECT id FROM cases WHERE unit_id = 'center' ORDER BY id;"));
      for (std::string id; std::getline(ids, id);) {
        if (!id.empty()) cases.push_back(id);
      }
    }
    ASSERT_EQ(cases.size(), 3u);
    Plant(w, cases);
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }

  // Appends the generated log through the installation's own storage (the server is not
  // running: one process per SQLite data folder).
  static void Plant(World& w, const std::vector<std::string>& cases) {
    auto inst = app::Installation::Open(w.data());
    ASSERT_TRUE(inst.ok()) << inst.error().message;
    auto db = (*inst)->storage().OpenTenant("tenant-a");
    ASSERT_TRUE(db.ok());
    const auto& cw = w.account("tenant-a", "caseworker");
    const auto& sv = w.account("tenant-a", "supervisor");
    const auto& admin = w.account("tenant-a", "admin");
    const auto& auditor = w.account("tenant-a", "auditor");
    const auto& branch = w.account("tenant-a", "branchworker");
    auto actor = [](const Account& a, const std::string& address = "192.0.2.10") {
      return domain::AuditActor{a.id, a.role, "ses_planted", "dev_planted", address};
    };
    auto st = domain::InTransaction(**db, domain::TxMode::kWrite, [&](domain::TenantTx& tx) {
      auto put = [&](domain::AuditActor who, int64_t at_ms, std::string action,
                     std::vector<std::string> targets, std::string result = "ok",
                     std::string detail = "") -> int64_t {
        auto e = domain::MakeAuditEntry(who, core::FromUnixMillis(at_ms), std::move(action),
                                        targets.empty() ? "" : "case", std::move(targets),
                                        std::move(result), std::move(detail));
        EXPECT_TRUE(tx.audit().Append(e).ok());
        return e.seq;
      };
      // Working hours: 10:00 JST plus a few minutes.
      auto work = [](int64_t day_start_ms, int i) {
        return day_start_ms + 10 * kHourMs + static_cast<int64_t>(i) * 60'000;
      };
      // The baseline: 30 days before the period. The caseworker reads 1 record a day, the
      // supervisor 12.
      for (int d = 30; d >= 1; --d) {
        const int64_t day = kPeriodStartMs - d * kDayMs;
        put(actor(cw), work(day, 0), "auth.login", {});
        put(actor(cw), work(day, 1), "case.read", {cases[static_cast<size_t>(d) % 3]});
        put(actor(sv), work(day, 0), "auth.login", {});
        for (int i = 0; i < 12; ++i) {
          put(actor(sv), work(day, i + 1), "case.read", {cases[static_cast<size_t>(i) % 3]});
        }
      }
      // The period (5 days).
      for (int d = 0; d < 5; ++d) {
        const int64_t day = kPeriodStartMs + d * kDayMs;
        put(actor(cw), work(day, 0), "auth.login", {});
        ++sign_ins_;
        put(actor(sv), work(day, 0), "auth.login", {});
        ++sign_ins_;
        // The supervisor reads 12 a day as always: 60 in all, over the minimum but their usual.
        for (int i = 0; i < 12; ++i) {
          put(actor(sv), work(day, i + 1), "person.read", {cases[static_cast<size_t>(i) % 3]});
          ++reads_;
        }
        // The caseworker reads 24 a day: 120, far beyond 1 a day.
        for (int i = 0; i < 24; ++i) {
          bulk_.push_back(
              put(actor(cw), work(day, i + 1), "case.read", {cases[static_cast<size_t>(i) % 3]}));
          ++reads_;
        }
        // Device actions during the day by the admin.
        put(actor(admin), work(day, 50), "device.enroll", {});
        ++device_actions_;
      }
      // A sign-in at 03:00 JST on the third day.
      night_.push_back(
          put(actor(admin), kPeriodStartMs + 2 * kDayMs + 3 * kHourMs, "auth.login", {}));
      ++sign_ins_;
      // The branch caseworker reads two of the center's cases, and is refused a third time.
      const int64_t day4 = kPeriodStartMs + 3 * kDayMs;
      put(actor(branch), work(day4, 0), "auth.login", {});
      ++sign_ins_;
      foreign_.push_back(put(actor(branch), work(day4, 1), "case.read", {cases[0], "per_x"}));
      foreign_.push_back(put(actor(branch), work(day4, 2), "consultation.read", {cases[1]}));
      foreign_.push_back(
          put(actor(branch), work(day4, 3), "case.read", {cases[2]}, "denied", "out_of_scope"));
      reads_ += 2;
      // 10 failed sign-ins on the auditor's account from one address.
      for (int i = 0; i < 10; ++i) {
        failures_.push_back(put(actor(auditor, "198.51.100.7"), work(day4, 10 + i), "auth.login",
                                {}, "failed", "wrong_password"));
      }
      // Outside the period: a night sign-in the day after (not in this report).
      put(actor(cw), kPeriodStartMs + 5 * kDayMs + 2 * kHourMs, "auth.login", {});
      return core::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  static std::set<FlagKey> Expected() {
    World& w = *world_;
    return {{"bulk_reads", w.account("tenant-a", "caseworker").id, bulk_},
            {"off_hours", w.account("tenant-a", "admin").id, night_},
            {"out_of_scope", w.account("tenant-a", "branchworker").id, foreign_},
            {"failed_logins", w.account("tenant-a", "auditor").id, failures_}};
  }

  static void ExpectReport(const json& r) {
    EXPECT_EQ(FlagsOf(r), Expected()) << r.dump(1);
    const auto& s = r.at("summary");
    EXPECT_EQ(s.at("sign_ins"), sign_ins_);
    EXPECT_EQ(s.at("sign_in_failures"), 10);
    EXPECT_EQ(s.at("reads"), reads_);
    EXPECT_EQ(s.at("device_actions"), device_actions_);
    EXPECT_EQ(s.at("exports"), 0);
    EXPECT_EQ(r.at("from"), kFrom);
    EXPECT_EQ(r.at("to"), kTo);
    // Ids only: no display name or login of anyone.
    const std::string text = r.dump();
    for (const auto& [key, a] : world_->accounts()) {
      EXPECT_EQ(text.find(a.name), std::string::npos) << key;
      EXPECT_EQ(text.find("\"" + a.login + "\""), std::string::npos) << key;
    }
  }

  static World* world_;
  static inline std::vector<int64_t> bulk_, night_, foreign_, failures_;
  static inline int64_t sign_ins_ = 0, reads_ = 0, device_actions_ = 0;
};

World* AuditReportTest::world_ = nullptr;

TEST_F(AuditReportTest, TheCommandFlagsEachPlantedAnomalyAndNothingElse) {
  World& w = *world_;
  TempDir out;
  const std::string file = out.path() + "/report.json";
  const std::string before = w.Sql("tenant-a",
                                   "SELECT count(*) FROM audit_log WHERE action = "
                                   "'audit.report';");
  auto r = RunYorisoi({"audit", "report", "--data", w.data(), "--tenant", "tenant-a", "--from",
                       kFrom, "--to", kTo, "--format", "json", "--out", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(ReadAll(file));
  ExpectReport(report);
  EXPECT_GT(report.at("head").at("seq").get<int64_t>(), failures_.back());
  // Making the report is itself recorded.
  EXPECT_EQ(std::stoll(w.Sql("tenant-a",
                             "SELECT count(*) FROM audit_log WHERE action = "
                             "'audit.report';")),
            std::stoll(before) + 1);
  // A shorter period leaves out what happened outside it.
  auto day1 = RunYorisoi({"audit", "report", "--data", w.data(), "--tenant", "tenant-a", "--from",
                          kFrom, "--to", kFrom});
  ASSERT_EQ(day1.exit_code, 0) << day1.err;
  std::set<std::string> kinds;
  const json day1_report = json::parse(day1.out);
  for (const auto& f : day1_report.at("flags")) kinds.insert(f.at("kind"));
  EXPECT_EQ(kinds, std::set<std::string>{}) << day1.out;
  // The chain stays intact.
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
}

TEST_F(AuditReportTest, TheHtmlReportIsInJapaneseWithIdsOnly) {
  World& w = *world_;
  TempDir out;
  const std::string file = out.path() + "/report.html";
  auto r = RunYorisoi({"audit", "report", "--data", w.data(), "--tenant", "tenant-a", "--from",
                       kFrom, "--to", kTo, "--format", "html", "--out", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = ReadAll(file);
  EXPECT_NE(html.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(html.find("アクセスログ定期分析報告書"), std::string::npos);
  for (const char* label : {"大量閲覧", "業務時間外", "担当外ケース", "サインインの連続失敗"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
  EXPECT_NE(html.find(w.account("tenant-a", "branchworker").id), std::string::npos);
  for (const auto& [key, a] : w.accounts()) {
    EXPECT_EQ(html.find(a.name), std::string::npos) << key;
  }
  EXPECT_EQ(RunYorisoi({"audit", "report", "--data", w.data(), "--tenant", "tenant-a", "--format",
                        "pdf", "--out", out.path() + "/r.pdf"})
                .exit_code,
            2);
}

TEST_F(AuditReportTest, TheEndpointAnswersAuditorsAndAdminsOnly) {
  World& w = *world_;
  w.Start();
  const std::string query = std::string("/api/v1/audit/report?from=") + kFrom + "&to=" + kTo;
  for (const std::string role : {"auditor", "admin"}) {
    auto r = w.Call("GET", query, nullptr, w.Login(w.account("tenant-a", role)));
    ASSERT_EQ(r.status, 200) << role << ": " << r.body;
    ExpectReport(r.Json());
  }
  for (const std::string role : {"caseworker", "supervisor"}) {
    EXPECT_EQ(w.Call("GET", query, nullptr, w.Login(w.account("tenant-a", role))).status, 403)
        << role;
  }
  const std::string auditor = w.Login(w.account("tenant-a", "auditor"));
  auto missing = w.Call("GET", "/api/v1/audit/report?from=2025-06-02", nullptr, auditor);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json()["error"]["field"], "to");
  auto reversed =
      w.Call("GET", "/api/v1/audit/report?from=2025-06-06&to=2025-06-02", nullptr, auditor);
  EXPECT_EQ(reversed.status, 400);
  // Another tenant's auditor sees only their own (empty) period.
  auto other = w.Call("GET", query, nullptr, w.Login(w.account("tenant-b", "auditor")));
  ASSERT_EQ(other.status, 200);
  EXPECT_TRUE(other.Json()["flags"].empty()) << other.body;
  EXPECT_EQ(other.Json()["summary"]["entries"], 0);
  ASSERT_EQ(w.server().Stop(), 0);
}

}  // namespace
}  // namespace yorisoi::testing
