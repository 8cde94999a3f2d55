// GET /api/v1/codes: the JSON view and the route (query parsing, the per-date cache). Sign-in and
// the role check are ApiHandler's; the lead's functional test covers them over HTTPS.
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/codes/code_list.hpp"
#include "domain/users/role.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

// Defined in src/http/handlers/code_handlers.cpp; declared here because handlers.hpp is shared
// and declares only AddCodeRoutes(Router&, ApiServices&).
std::string CodesJson(const domain::CodeCatalog& catalog, std::optional<core::Date> on);
using CatalogSource =
    std::function<core::Result<std::shared_ptr<const domain::CodeCatalog>>(const RequestContext&)>;
void AddCodeListRoute(Router& router, CatalogSource source);

namespace {

using core::Date;
using nlohmann::json;

const domain::CodeCatalog& BuiltIn() { return domain::CodeCatalog::BuiltIn(); }

std::vector<std::string> CodesOf(const json& list) {
  std::vector<std::string> codes;
  for (const json& e : list) codes.push_back(e.at("code").get<std::string>());
  return codes;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(CodesJsonTest, ParsesAndHasEveryListWithEveryEntryInOrder) {
  const json body = json::parse(CodesJson(BuiltIn(), std::nullopt));
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), BuiltIn().lists().size());
  for (const domain::CodeList& list : BuiltIn().lists()) {
    ASSERT_TRUE(body.contains(list.name)) << list.name;
    const json& items = body.at(list.name);
    ASSERT_TRUE(items.is_array()) << list.name;
    ASSERT_EQ(items.size(), list.entries.size()) << list.name;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const domain::CodeEntry& e = list.entries[i];
      const json& item = items[i];
      EXPECT_EQ(item.at("code"), e.code);
      EXPECT_EQ(item.at("label"), e.label);
      // Optional members appear exactly when set.
      EXPECT_EQ(item.contains("parent"), !e.parent.empty()) << e.code;
      EXPECT_EQ(item.contains("group"), !e.group.empty()) << e.code;
      EXPECT_EQ(item.contains("valid_from"), e.valid_from.has_value()) << e.code;
      EXPECT_EQ(item.contains("valid_to"), e.valid_to.has_value()) << e.code;
      EXPECT_EQ(item.contains("flags"), !e.flags.empty()) << e.code;
      for (const auto& [key, value] : item.items()) {
        EXPECT_TRUE(key == "code" || key == "label" || key == "parent" || key == "group" ||
                    key == "valid_from" || key == "valid_to" || key == "flags")
            << key;
        (void)value;
      }
    }
  }
}

TEST(CodesJsonTest, EntriesCarryTheirMembers) {
  const json body = json::parse(CodesJson(BuiltIn(), std::nullopt));
  const json& types = body.at("consultation_type");
  EXPECT_EQ(types[0], (json{{"code", "abuse"}, {"label", "児童虐待相談"}, {"group", "養護相談"}}));
  EXPECT_EQ(types[1], (json{{"code", "physical"},
                            {"label", "身体的虐待"},
                            {"parent", "abuse"},
                            {"group", "養護相談"}}));
  EXPECT_EQ(types[3].at("flags"), (json{"witnessed_dv"}));
  bool found = false;
  for (const json& e : body.at("residence_status")) {
    if (e.at("code") == "technical_intern_training_1a") {
      found = true;
      EXPECT_EQ(e.at("valid_to"), "2027-03-31");
      EXPECT_EQ(e.at("parent"), "technical_intern_training");
      EXPECT_EQ(e.at("label"), "技能実習1号イ");
    }
    if (e.at("code") == "employment_for_skill_development") {
      EXPECT_EQ(e.at("valid_from"), "2027-04-01");
    }
  }
  EXPECT_TRUE(found);
}

TEST(CodesJsonTest, OnFiltersByValidity) {
  const json before = json::parse(CodesJson(BuiltIn(), Date{2027, 3, 31}));
  const json after = json::parse(CodesJson(BuiltIn(), Date{2027, 4, 1}));
  const auto b = CodesOf(before.at("residence_status"));
  const auto a = CodesOf(after.at("residence_status"));
  EXPECT_TRUE(Contains(b, "technical_intern_training"));
  EXPECT_TRUE(Contains(b, "technical_intern_training_2b"));
  EXPECT_FALSE(Contains(b, "employment_for_skill_development"));
  EXPECT_FALSE(Contains(b, "intra_company_transferee_2"));
  EXPECT_FALSE(Contains(a, "technical_intern_training"));
  EXPECT_FALSE(Contains(a, "technical_intern_training_2b"));
  EXPECT_TRUE(Contains(a, "employment_for_skill_development"));
  EXPECT_TRUE(Contains(a, "intra_company_transferee_2"));
  // Lists without dates are whole, and every list is there even when filtered.
  EXPECT_EQ(before.size(), BuiltIn().lists().size());
  EXPECT_EQ(after.at("consultation_type").size(),
            BuiltIn().Find("consultation_type")->entries.size());
  // Every parent sent is in the answer too.
  for (const json* body : {&before, &after}) {
    for (const auto& [name, items] : body->items()) {
      const auto codes = CodesOf(items);
      for (const json& e : items) {
        if (e.contains("parent")) {
          EXPECT_TRUE(Contains(codes, e.at("parent").get<std::string>())) << name;
        }
      }
    }
  }
}

// ---- The route ---------------------------------------------------------------------------------

class CodesRouteTest : public ::testing::Test {
 protected:
  void Use(const domain::CodeCatalog& catalog) {
    router_ = Router();
    auto shared = std::make_shared<const domain::CodeCatalog>(catalog);
    AddCodeListRoute(
        router_,
        [shared](const RequestContext&)
            -> core::Result<std::shared_ptr<const domain::CodeCatalog>> { return shared; });
  }

  core::Result<net::Response> Get(std::string target) {
    request_.method = "GET";
    request_.target = std::move(target);
    const auto match = router_.Find("GET", request_.Path());
    if (match.route == nullptr) return core::Error::NotFound("no route");
    RequestContext ctx{request_, match.params, std::nullopt};
    return match.route->handler(ctx);
  }

  void ExpectError(const std::string& target, std::string_view code, std::string_view field) {
    const auto r = Get(target);
    ASSERT_FALSE(r.ok()) << target;
    EXPECT_EQ(r.error().errc, core::Errc::kInvalidArgument) << target;
    EXPECT_EQ(r.error().code, code) << target;
    EXPECT_EQ(r.error().field, field) << target;
  }

  void SetUp() override { Use(BuiltIn()); }

  Router router_;
  net::Request request_;
};

TEST_F(CodesRouteTest, IsSignedInAndOpenToEveryRole) {
  const auto match = router_.Find("GET", "/api/v1/codes");
  ASSERT_NE(match.route, nullptr);
  ASSERT_TRUE(match.route->action.has_value());
  EXPECT_EQ(*match.route->action, domain::Action::kReadCodes);
  EXPECT_EQ(domain::ActionName(domain::Action::kReadCodes), "read_codes");
  for (auto role : {domain::Role::kCaseworker, domain::Role::kSupervisor, domain::Role::kAdmin,
                    domain::Role::kAuditor}) {
    EXPECT_TRUE(domain::IsAllowed(role, domain::Action::kReadCodes));
  }
}

TEST_F(CodesRouteTest, AnswersEveryListAsJson) {
  const auto r = Get("/api/v1/codes");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->HeaderValue("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r->body, CodesJson(BuiltIn(), std::nullopt));
  const json body = json::parse(r->body);
  for (std::string_view name : BuiltIn().ListNames()) {
    EXPECT_TRUE(body.contains(std::string(name))) << name;
  }
  // An empty query is no query.
  const auto empty = Get("/api/v1/codes?");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->body, r->body);
}

TEST_F(CodesRouteTest, TheCachedAnswerForADateIsTheFilteredList) {
  std::vector<Date> dates = {Date{1, 1, 1}, Date{1970, 1, 1}, Date{2025, 7, 1}, Date{9999, 12, 31}};
  for (Date d = Date{2027, 3, 25}; d <= Date{2027, 4, 5}; d = d.AddDays(1)) dates.push_back(d);
  for (const Date& d : dates) {
    const auto r = Get("/api/v1/codes?on=" + d.ToIso());
    ASSERT_TRUE(r.ok()) << d.ToIso();
    EXPECT_EQ(r->body, CodesJson(BuiltIn(), d)) << d.ToIso();
  }
  EXPECT_NE(Get("/api/v1/codes?on=2027-03-31")->body, Get("/api/v1/codes?on=2027-04-01")->body);
}

TEST_F(CodesRouteTest, TheCacheFollowsEveryBoundaryOfATenantCatalog) {
  domain::CodeEntry pilot;
  pilot.code = "ward_pilot";
  pilot.label = "モデル事業";
  pilot.valid_from = Date{2026, 4, 1};
  pilot.valid_to = Date{2026, 9, 30};
  domain::CodeEntry pilot_child;
  pilot_child.code = "ward_pilot_phone";
  pilot_child.label = "モデル事業（電話）";
  pilot_child.parent = "ward_pilot";
  pilot_child.valid_to = Date{2026, 6, 30};
  auto merged =
      BuiltIn().WithTenantEntries({{"referral_route", pilot}, {"referral_route", pilot_child}});
  ASSERT_TRUE(merged.ok());
  Use(*merged);
  for (const Date& d : {Date{2026, 3, 31}, Date{2026, 4, 1}, Date{2026, 6, 30}, Date{2026, 7, 1},
                        Date{2026, 9, 30}, Date{2026, 10, 1}, Date{2027, 4, 1}}) {
    const auto r = Get("/api/v1/codes?on=" + d.ToIso());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body, CodesJson(*merged, d)) << d.ToIso();
  }
  const auto routes =
      CodesOf(json::parse(Get("/api/v1/codes?on=2026-07-01")->body).at("referral_route"));
  EXPECT_TRUE(Contains(routes, "ward_pilot"));
  EXPECT_FALSE(Contains(routes, "ward_pilot_phone"));
}

TEST_F(CodesRouteTest, ABadDateIsRefusedNamingOn) {
  for (const char* target : {"/api/v1/codes?on=", "/api/v1/codes?on", "/api/v1/codes?on=2027-13-01",
                             "/api/v1/codes?on=2027-02-29", "/api/v1/codes?on=27-04-01",
                             "/api/v1/codes?on=2027%2D13%2D01", "/api/v1/codes?on=today"}) {
    ExpectError(target, "invalid_date", "on");
  }
  // Query values are percent-decoded like every query of the API (http/query.cpp).
  EXPECT_TRUE(Get("/api/v1/codes?on=2027%2D04%2D01").ok());
  ExpectError("/api/v1/codes?on=2027-04-01&on=2027-04-02", "duplicate_parameter", "on");
}

TEST_F(CodesRouteTest, UnknownParametersAreRefused) {
  ExpectError("/api/v1/codes?list=sex", "unknown_parameter", "list");
  ExpectError("/api/v1/codes?on=2027-04-01&x=1", "unknown_parameter", "x");
  ExpectError("/api/v1/codes?%E5%90%8D=1", "unknown_parameter", "query");
}

}  // namespace
}  // namespace yorisoi::http
