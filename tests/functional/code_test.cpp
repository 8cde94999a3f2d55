// A ward's own code entries over HTTPS against the real binary: added by the ward admin (API) or
// from the command line while the server runs, usable at once in that ward only, refused
// elsewhere, ended by date, audited. Dummy data only.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

std::vector<std::string> CodesOf(const json& list) {
  std::vector<std::string> codes;
  for (const auto& e : list) codes.push_back(e.at("code").get<std::string>());
  return codes;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

json CaseBody(const std::string& route, const std::string& received_on) {
  return {{"received_on", received_on},
          {"unit_id", "center"},
          {"consultation_type", {{"code", "upbringing_parenting"}}},
          {"referral_route", route}};
}

class WardCodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_.Start();
    for (const char* key : {"tenant-a/admin", "tenant-a/caseworker", "tenant-a/auditor",
                            "tenant-b/admin", "tenant-b/caseworker"}) {
      const std::string k = key;
      const auto slash = k.find('/');
      tokens_[k] = w_.Login(w_.account(k.substr(0, slash), k.substr(slash + 1)));
    }
  }
  void TearDown() override { EXPECT_EQ(w_.server().Stop(), 0); }

  HttpResponse Call(const std::string& method, const std::string& target, const json& body,
                    const std::string& who) {
    return w_.Call(method, target, body, tokens_.at(who));
  }
  std::vector<std::string> Codes(const std::string& who, const std::string& list,
                                 const std::string& query = "") {
    auto r = Call("GET", "/api/v1/codes" + query, nullptr, who);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? CodesOf(r.Json().at(list)) : std::vector<std::string>{};
  }
  std::string OwnRows(const std::string& tenant) {
    return w_.Sql(tenant, "SELECT count(*) FROM code_entries;");
  }

  World w_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(WardCodesTest, AWardsOwnCodeIsUsableInThatWardOnly) {
  const json pilot = {{"list", "referral_route"},
                      {"code", "ward_pilot"},
                      {"label", "区モデル事業（見守り訪問）"},
                      {"valid_from", "2025-04-01"}};
  // Only the ward admin adds codes.
  for (const char* who : {"tenant-a/caseworker", "tenant-a/auditor"}) {
    EXPECT_EQ(Call("POST", "/api/v1/codes", pilot, who).status, 403) << who;
  }
  // Bad input: 400 naming the field and the rule; nothing written.
  struct Bad {
    json body;
    std::string field, code;
  };
  const std::vector<Bad> bad = {
      {{{"list", "no_such_list"}, {"code", "ward_x"}, {"label", "x"}}, "list", "unknown_list"},
      {{{"list", "referral_route"}, {"code", "family"}, {"label", "家族"}},
       "code",
       "duplicate_code"},
      {{{"list", "referral_route"}, {"code", "Ward-X"}, {"label", "x"}}, "code", "invalid_code"},
      {{{"list", "referral_route"}, {"code", "ward_x"}}, "label", "required"},
      {{{"list", "referral_route"}, {"code", "ward_x"}, {"label", "x"}, {"parent", "nowhere"}},
       "parent",
       "unknown_parent"},
      {{{"list", "referral_route"}, {"code", "ward_x"}, {"label", "x"}, {"valid_to", "2025-02-30"}},
       "valid_to",
       "invalid_date"},
      {{{"list", "referral_route"},
        {"code", "ward_x"},
        {"label", "x"},
        {"valid_from", "2025-04-01"},
        {"valid_to", "2025-03-31"}},
       "valid_to",
       "invalid_validity"},
      {{{"list", "referral_route"}, {"code", "ward_x"}, {"label", "x"}, {"colour", "red"}},
       "colour",
       "unknown_field"},
      // Broke: null was taken for an empty array where the schema says array.
      {{{"list", "referral_route"}, {"code", "ward_x"}, {"label", "x"}, {"flags", nullptr}},
       "flags",
       "invalid_type"},
  };
  for (const auto& b : bad) {
    auto r = Call("POST", "/api/v1/codes", b.body, "tenant-a/admin");
    EXPECT_EQ(r.status, 400) << b.body.dump() << ": " << r.body;
    const json e = r.Json().value("error", json::object());
    EXPECT_EQ(e.value("field", ""), b.field) << b.body.dump();
    EXPECT_EQ(e.value("code", ""), b.code) << b.body.dump();
  }
  EXPECT_EQ(OwnRows("tenant-a"), "0\n");

  auto added = Call("POST", "/api/v1/codes", pilot, "tenant-a/admin");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json()["list"], "referral_route");
  EXPECT_EQ(added.Json()["entry"]["code"], "ward_pilot");
  EXPECT_EQ(added.Json()["entry"]["valid_from"], "2025-04-01");
  EXPECT_EQ(Call("POST", "/api/v1/codes", pilot, "tenant-a/admin").status, 400);

  // Listed for every role of the ward, not in the other ward.
  EXPECT_TRUE(Has(Codes("tenant-a/caseworker", "referral_route"), "ward_pilot"));
  EXPECT_TRUE(Has(Codes("tenant-a/auditor", "referral_route"), "ward_pilot"));
  EXPECT_FALSE(Has(Codes("tenant-a/caseworker", "referral_route", "?on=2025-03-31"), "ward_pilot"));
  EXPECT_FALSE(Has(Codes("tenant-b/caseworker", "referral_route"), "ward_pilot"));

  // A case of the ward may use it; the other ward's may not.
  auto here = Call("POST", "/api/v1/cases", CaseBody("ward_pilot", "2025-07-01T10:00:00+09:00"),
                   "tenant-a/caseworker");
  EXPECT_EQ(here.status, 201) << here.body;
  auto there = Call("POST", "/api/v1/cases", CaseBody("ward_pilot", "2025-07-01T10:00:00+09:00"),
                    "tenant-b/caseworker");
  EXPECT_EQ(there.status, 400) << there.body;
  EXPECT_EQ(there.Json()["error"]["field"], "referral_route");
  EXPECT_EQ(there.Json()["error"]["code"], "unknown_code");
  EXPECT_EQ(w_.Sql("tenant-b", "SELECT count(*) FROM cases;"), "0\n");

  // Ended: no longer valid after the date; built-in and other wards' codes cannot be ended.
  auto ended = Call("PATCH", "/api/v1/codes/referral_route/ward_pilot",
                    {{"valid_to", "2025-07-31"}}, "tenant-a/admin");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.Json()["entry"]["valid_to"], "2025-07-31");
  auto late = Call("POST", "/api/v1/cases", CaseBody("ward_pilot", "2025-08-01T09:00:00+09:00"),
                   "tenant-a/caseworker");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_EQ(late.Json()["error"]["code"], "code_not_valid_on_date");
  EXPECT_EQ(Call("PATCH", "/api/v1/codes/referral_route/family", {{"valid_to", "2025-07-31"}},
                 "tenant-a/admin")
                .status,
            404);
  EXPECT_EQ(Call("PATCH", "/api/v1/codes/referral_route/ward_pilot", {{"valid_to", "2025-07-31"}},
                 "tenant-b/admin")
                .status,
            404);
  EXPECT_EQ(
      Call("PATCH", "/api/v1/codes/referral_route/ward_pilot", json::object(), "tenant-a/admin")
          .status,
      400);
  EXPECT_EQ(Call("PATCH", "/api/v1/codes/referral_route/ward_pilot", {{"valid_to", nullptr}},
                 "tenant-a/admin")
                .status,
            200);
}

TEST_F(WardCodesTest, ACodeAddedFromTheCommandLineWorksOnTheRunningServerAtOnce) {
  // The server has served the catalog before the command runs (so it holds a cached one).
  EXPECT_FALSE(Has(Codes("tenant-a/caseworker", "consultation_method"), "ward_line"));
  RunOk({"codes", "add", "--data", w_.data(), "--tenant", "tenant-a", "--list",
         "consultation_method", "--code", "ward_line", "--label", "SNS相談（区独自）"});
  EXPECT_TRUE(Has(Codes("tenant-a/caseworker", "consultation_method"), "ward_line"));
  EXPECT_FALSE(Has(Codes("tenant-b/caseworker", "consultation_method"), "ward_line"));

  auto c = Call("POST", "/api/v1/cases", CaseBody("family", "2025-07-01T10:00:00+09:00"),
                "tenant-a/caseworker");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string id = c.Json()["id"];
  auto visit = Call("POST", "/api/v1/cases/" + id + "/consultations",
                    {{"date", "2025-07-02"},
                     {"type", "upbringing_parenting"},
                     {"method", "ward_line"},
                     {"content", "SNSで相談を受けた（ダミー）。"}},
                    "tenant-a/caseworker");
  EXPECT_EQ(visit.status, 201) << visit.body;

  std::string out;
  RunOk({"codes", "list", "--data", w_.data(), "--tenant", "tenant-a"}, "", &out);
  EXPECT_NE(out.find("consultation_method\tward_line\tSNS相談（区独自）"), std::string::npos)
      << out;
  auto refused = RunYorisoi({"codes", "add", "--data", w_.data(), "--tenant", "tenant-a", "--list",
                             "consultation_method", "--code", "ward_line", "--label", "二度目"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("field: code"), std::string::npos) << refused.err;

  // Both ways are in the audit log, naming list/code.
  auto audit = Call("GET", "/api/v1/audit?action=code.create", nullptr, "tenant-a/auditor");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json items = audit.Json()["items"];
  ASSERT_EQ(items.size(), 1u) << audit.body;
  EXPECT_EQ(items[0]["target_ids"], json::array({"consultation_method/ward_line"}));
  EXPECT_EQ(items[0]["address"], "cli");
}

}  // namespace
}  // namespace yorisoi::testing
