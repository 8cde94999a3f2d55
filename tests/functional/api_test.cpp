// The real `yorisoi serve` over HTTPS: sign-in, sessions, roles, tenant walls, headers, bad input.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // High per-device and per-address limits so the many deliberate failures here do not
    // throttle the tablet or 127.0.0.1; the throttle has its own tests with their own servers.
    world_ = new World(json{{"session",
                             {{"device_max_failed_logins", 1000},
                              {"address_max_failed_logins", 1000},
                              {"idle_lock_seconds", 240}}}});
    world_->AddAccount("tenant-a", "locked.user", "caseworker");
    world_->AddAccount("tenant-a", "changer", "caseworker");
    world_->AddAccount("tenant-a", "resettee", "caseworker");
    world_->AddAccount("tenant-a", "logout.user", "caseworker");
    world_->AddAccount("tenant-a", "weak.pw", "caseworker");
    world_->AddAccount("tenant-a", "unlocker", "caseworker");
    world_->AddAccount("tenant-a", "unlock.guesser", "caseworker");
    world_->Start();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(world_->server().Stop(), 0) << "graceful shutdown must exit 0";
    delete world_;
  }
  static World& w() { return *world_; }
  static World* world_;
};
World* ApiTest::world_ = nullptr;

TEST_F(ApiTest, LoginSucceedsAndSetsAStrictSessionCookie) {
  const auto& a = w().account("tenant-a", "caseworker");
  auto r = w().Call("POST", "/api/v1/login",
                    {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.Json();
  EXPECT_FALSE(body["token"].get<std::string>().empty());
  EXPECT_EQ(body["user"]["id"], a.id);
  EXPECT_EQ(body["user"]["role"], "caseworker");
  EXPECT_EQ(body["user"]["unit_ids"], json::array({"center"}));
  EXPECT_FALSE(body["user"].contains("password_hash"));
  const std::string cookie = r.Header("Set-Cookie");
  EXPECT_NE(cookie.find("yorisoi_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Max-Age"), std::string::npos) << "must stay a session cookie";

  // The cookie alone authenticates as well as the Bearer token.
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  auto me =
      conn->Request("GET", "/api/v1/me", "", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"]["id"], a.id);
}

TEST_F(ApiTest, FailedSignInsLookTheSame) {
  const auto& a = w().account("tenant-a", "supervisor");
  for (const json& attempt :
       {json{{"tenant", "tenant-a"}, {"login", a.login}, {"password", "wrong-password-123"}},
        json{{"tenant", "tenant-a"}, {"login", "nobody"}, {"password", a.password}}}) {
    auto r = w().Call("POST", "/api/v1/login", attempt);
    EXPECT_EQ(r.status, 401) << attempt.dump();
    EXPECT_EQ(r.Json()["error"]["code"], "invalid_credentials");
    EXPECT_FALSE(r.HasHeader("Set-Cookie"));
  }
  // From a tenant-a tablet, any other tenant — existing or not — gets one answer too: the tablet
  // is not of that tenant (device_test.cpp covers it in full).
  for (const char* tenant : {"no-such-tenant", "tenant-b"}) {
    auto r = testing::Call(w().Client("tenant-a"), "POST", "/api/v1/login",
                           {{"tenant", tenant}, {"login", a.login}, {"password", a.password}}, "");
    EXPECT_EQ(r.status, 401) << tenant;
    EXPECT_EQ(r.Json()["error"]["code"], "device_not_of_tenant") << tenant;
  }
  // The right password still works afterwards (fewer than 5 failures on this account).
  EXPECT_FALSE(w().Login(a).empty());
}

// Broke: a locked account answered 429 account_locked and any other failure 401, so the answer
// told an attacker which logins exist. Now the lock answers as a wrong password does, and the app
// states the rule (GET /settings) beside the one message.
TEST_F(ApiTest, ALockedAccountAnswersExactlyAsAWrongPassword) {
  const auto& a = w().account("tenant-a", "locked.user");
  for (int i = 0; i < 5; ++i) {
    auto r = w().Call("POST", "/api/v1/login",
                      {{"tenant", a.tenant}, {"login", a.login}, {"password", "not-the-password"}});
    ASSERT_EQ(r.status, 401) << "attempt " << i;
  }
  auto locked = w().Call("POST", "/api/v1/login",
                         {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  auto nobody = w().Call("POST", "/api/v1/login",
                         {{"tenant", a.tenant}, {"login", "no.such.user"}, {"password", "x"}});
  EXPECT_EQ(locked.status, 401) << locked.body;
  EXPECT_EQ(locked.Json()["error"]["code"], "invalid_credentials");
  EXPECT_EQ(locked.body, nobody.body) << "the same answer as for a login that does not exist";
  EXPECT_EQ(locked.Header("WWW-Authenticate"), nobody.Header("WWW-Authenticate"));
  EXPECT_FALSE(locked.HasHeader("Set-Cookie"));
  // The rule the app states instead.
  const json settings = w().Call("GET", "/api/v1/settings").Json();
  EXPECT_EQ(settings.value("max_failed_logins", json()), 5) << settings.dump();
  EXPECT_EQ(settings.value("lockout_seconds", json()), 900);

  // An admin sees the lock, and a reset lifts it.
  const std::string admin = w().Login(w().account("tenant-a", "admin"));
  auto user = w().Call("GET", "/api/v1/users/" + a.id, nullptr, admin);
  ASSERT_EQ(user.status, 200);
  EXPECT_FALSE(user.Json()["locked_until"].is_null());
  auto reset = w().Call("POST", "/api/v1/users/" + a.id + "/reset-password", nullptr, admin);
  ASSERT_EQ(reset.status, 200) << reset.body;
  auto again = w().Call(
      "POST", "/api/v1/login",
      {{"tenant", a.tenant}, {"login", a.login}, {"password", reset.Json()["temporary_password"]}});
  EXPECT_EQ(again.status, 200) << again.body;
}

// The app's idle lock keeps the session; the user's own password unlocks it. Audited.
TEST_F(ApiTest, UnlockChecksThePasswordOfTheSessionsOwnAccount) {
  const auto& a = w().account("tenant-a", "unlocker");
  const std::string token = w().Login(a);
  auto wrong =
      w().Call("POST", "/api/v1/session/unlock", {{"password", "not-the-password-1"}}, token);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.Json()["error"]["code"], "wrong_password");
  EXPECT_EQ(wrong.Json()["error"]["field"], "password");
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, token).status, 200) << "the session stays";
  // Another account's password does not unlock this session.
  auto other = w().Call("POST", "/api/v1/session/unlock",
                        {{"password", w().account("tenant-a", "caseworker").password}}, token);
  EXPECT_EQ(other.status, 400) << other.body;
  auto ok = w().Call("POST", "/api/v1/session/unlock", {{"password", a.password}}, token);
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(w().Call("POST", "/api/v1/session/unlock", {{"password", a.password}}).status, 401)
      << "only a live session can be unlocked";

  const std::string auditor = w().Login(w().account("tenant-a", "auditor"));
  auto audit = w().Call("GET", "/api/v1/audit?action=auth.unlock&user=" + a.id + "&limit=50",
                        nullptr, auditor);
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json entries = audit.Json()["items"];
  std::vector<std::string> results;
  for (const auto& e : entries) results.push_back(e["result"]);
  EXPECT_EQ(results, (std::vector<std::string>{"failed", "failed", "ok"}));
}

// Guessing on a locked tablet counts toward the account lockout, as guessing at sign-in does.
TEST_F(ApiTest, UnlockFailuresLockTheAccountLikeFailedSignIns) {
  const auto& a = w().account("tenant-a", "unlock.guesser");
  const std::string token = w().Login(a);
  for (int i = 0; i < 5; ++i) {
    auto r = w().Call("POST", "/api/v1/session/unlock",
                      {{"password", "guess-" + std::to_string(i)}}, token);
    ASSERT_EQ(r.status, 400) << "attempt " << i << ": " << r.body;
  }
  auto locked = w().Call("POST", "/api/v1/session/unlock", {{"password", a.password}}, token);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.Json()["error"]["code"], "account_locked");
  auto login = w().Call("POST", "/api/v1/login",
                        {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  EXPECT_EQ(login.status, 401) << "the account is locked for sign-in too";
}

TEST_F(ApiTest, LogoutKillsTheTokenAndClearsTheSite) {
  const auto& a = w().account("tenant-a", "logout.user");
  const std::string token = w().Login(a);
  ASSERT_EQ(w().Call("GET", "/api/v1/me", nullptr, token).status, 200);
  auto out = w().Call("POST", "/api/v1/logout", nullptr, token);
  EXPECT_EQ(out.status, 204);
  // Not "cache" (see the logout handler): nothing of ours is in the HTTP cache (no-store), and
  // Chromium's clearing of it stalls the tab's next requests.
  EXPECT_EQ(out.Header("Clear-Site-Data"), "\"cookies\", \"storage\"");
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto me = w().Call("GET", "/api/v1/me", nullptr, token);
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(w().Call("POST", "/api/v1/logout", nullptr, token).status, 401);
}

TEST_F(ApiTest, RequestsWithoutAValidTokenAre401) {
  EXPECT_EQ(w().Call("GET", "/api/v1/me").status, 401);
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, "garbage").status, 401);
  EXPECT_EQ(
      w().Call("GET", "/api/v1/me", nullptr, "tenant-a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
          .status,
      401);
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, "no-such.AAAA").status, 401);
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, "../../etc.passwd").status, 401);
}

// Each role's allowed and forbidden calls, as a table.
TEST_F(ApiTest, EachRoleGetsExactlyItsCalls) {
  struct Row {
    std::string method, target;
    json body;
    std::map<std::string, int> expected;  // role -> status
  };
  const std::string someone = w().account("tenant-a", "caseworker").id;
  int unit_seq = 0;
  auto rows = [&]() {
    return std::vector<Row>{
        {"GET",
         "/api/v1/me",
         nullptr,
         {{"caseworker", 200}, {"supervisor", 200}, {"admin", 200}, {"auditor", 200}}},
        {"GET",
         "/api/v1/units",
         nullptr,
         {{"caseworker", 200}, {"supervisor", 200}, {"admin", 200}, {"auditor", 200}}},
        {"POST",
         "/api/v1/units",
         json{{"id", "u" + std::to_string(++unit_seq)}, {"name", "新センター"}},
         {{"caseworker", 403}, {"supervisor", 403}, {"admin", 201}, {"auditor", 403}}},
        {"GET",
         "/api/v1/users",
         nullptr,
         {{"caseworker", 403}, {"supervisor", 403}, {"admin", 200}, {"auditor", 200}}},
        {"GET",
         "/api/v1/users/" + someone,
         nullptr,
         {{"caseworker", 403}, {"supervisor", 403}, {"admin", 200}, {"auditor", 200}}},
        {"POST",
         "/api/v1/users",
         json{{"login", "new" + std::to_string(++unit_seq)},
              {"name", "新人（テスト）"},
              {"role", "auditor"}},
         {{"caseworker", 403}, {"supervisor", 403}, {"admin", 201}, {"auditor", 403}}},
    };
  };
  for (const std::string role : {"caseworker", "supervisor", "admin", "auditor"}) {
    const std::string token = w().Login(w().account("tenant-a", role));
    for (const auto& row : rows()) {
      auto r = w().Call(row.method, row.target, row.body, token);
      EXPECT_EQ(r.status, row.expected.at(role))
          << role << " " << row.method << " " << row.target << ": " << r.body;
      if (r.status == 403) EXPECT_EQ(r.Json()["error"]["code"], "forbidden");
    }
  }
}

TEST_F(ApiTest, AnotherTenantsIdsAreNotFoundNotForbidden) {
  const std::string admin_a = w().Login(w().account("tenant-a", "admin"));
  const std::string auditor_a = w().Login(w().account("tenant-a", "auditor"));
  for (const auto& [key, acct] : w().accounts()) {
    if (acct.tenant != "tenant-b") continue;
    auto r = w().Call("GET", "/api/v1/users/" + acct.id, nullptr, admin_a);
    EXPECT_EQ(r.status, 404) << key;
    EXPECT_EQ(w().Call("GET", "/api/v1/users/" + acct.id, nullptr, auditor_a).status, 404) << key;
    auto reset = w().Call("POST", "/api/v1/users/" + acct.id + "/reset-password", nullptr, admin_a);
    EXPECT_EQ(reset.status, 404) << key;
  }
  // tenant-b's list holds none of tenant-a's users and vice versa.
  auto list = w().Call("GET", "/api/v1/users", nullptr, admin_a);
  ASSERT_EQ(list.status, 200);
  const auto listed = list.Json();
  for (const auto& u : listed["items"]) {
    EXPECT_NE(w().account("tenant-b", "admin").id, u["id"]);
  }
  // The B admin's password does not open tenant A.
  const auto& b = w().account("tenant-b", "admin");
  EXPECT_EQ(w().Call("POST", "/api/v1/login",
                     {{"tenant", "tenant-a"}, {"login", b.login}, {"password", b.password}})
                .status,
            401);
}

TEST_F(ApiTest, PasswordChangeChecksTheOldOneAndThePolicy) {
  auto& a = w().account("tenant-a", "changer");
  const std::string token = w().Login(a);
  const std::string other = w().Login(a);  // a second session, ended by the change
  auto wrong = w().Call(
      "POST", "/api/v1/me/password",
      {{"current_password", "nope-nope-nope"}, {"new_password", "a-fine-new-password-77"}}, token);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.Json()["error"]["field"], "current_password");
  auto weak = w().Call("POST", "/api/v1/me/password",
                       {{"current_password", a.password}, {"new_password", "short"}}, token);
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.Json()["error"]["field"], "new_password");
  auto ok = w().Call("POST", "/api/v1/me/password",
                     {{"current_password", a.password}, {"new_password", "a-fine-new-password-77"}},
                     token);
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, token).status, 200)
      << "the session that changed it stays";
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, other).status, 401) << "other sessions end";
  EXPECT_EQ(w().Call("POST", "/api/v1/login",
                     {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}})
                .status,
            401);
  a.password = "a-fine-new-password-77";
  EXPECT_FALSE(w().Login(a).empty());
}

TEST_F(ApiTest, AdminResetForcesAPasswordChange) {
  auto& a = w().account("tenant-a", "resettee");
  const std::string old_token = w().Login(a);
  const std::string admin = w().Login(w().account("tenant-a", "admin"));
  auto reset = w().Call("POST", "/api/v1/users/" + a.id + "/reset-password", nullptr, admin);
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.Json()["user"]["must_change_password"], true);
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, old_token).status, 401) << "reset ends sessions";
  const std::string temp = reset.Json()["temporary_password"];
  auto login = w().Call("POST", "/api/v1/login",
                        {{"tenant", a.tenant}, {"login", a.login}, {"password", temp}});
  ASSERT_EQ(login.status, 200);
  const std::string token = login.Json()["token"];
  auto blocked = w().Call("GET", "/api/v1/units", nullptr, token);
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.Json()["error"]["code"], "password_change_required");
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, token).status, 200);
  ASSERT_EQ(w().Call("POST", "/api/v1/me/password",
                     {{"current_password", temp}, {"new_password", "a-brand-new-secret-42"}}, token)
                .status,
            204);
  EXPECT_EQ(w().Call("GET", "/api/v1/units", nullptr, token).status, 200);
  a.password = "a-brand-new-secret-42";
}

TEST_F(ApiTest, EveryAnswerIsNoStoreWithSecurityHeaders) {
  const std::string token = w().Login(w().account("tenant-a", "admin"));
  std::vector<HttpResponse> answers = {
      w().Call("GET", "/api/v1/me", nullptr, token),
      w().Call("GET", "/api/v1/me"),
      w().Call("GET", "/api/v1/nothing-here"),
      w().Call("DELETE", "/api/v1/me", nullptr, token),
      w().Call("POST", "/api/v1/login", json{{"bogus", 1}}),
      w().Call("POST", "/api/v1/logout", nullptr, w().Login(w().account("tenant-a", "auditor"))),
  };
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  answers.push_back(conn->Request("POST", "/api/v1/login", std::string(2 * 1024 * 1024, 'x'),
                                  {{"Content-Type", "application/json"}}));
  auto conn2 = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn2) << err;
  answers.push_back(conn2->SendRaw("GARBAGE\r\n\r\n"));
  for (const auto& r : answers) {
    SCOPED_TRACE(std::to_string(r.status) + " " + r.body);
    EXPECT_EQ(r.Header("Cache-Control"), "no-store");
    EXPECT_NE(r.Header("Strict-Transport-Security").find("max-age="), std::string::npos);
    EXPECT_NE(r.Header("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer");
  }
  EXPECT_EQ(answers[2].status, 404);
  EXPECT_EQ(answers[3].status, 405);
  EXPECT_EQ(answers[6].status, 413);
  EXPECT_EQ(answers[7].status, 400);
}

// The tablet web app (the built app or the placeholder page: both have /index.html) and the
// settings it reads before anyone signs in.
TEST_F(ApiTest, TheWebAppAndItsSettingsNeedNoSignIn) {
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  const HttpResponse page = conn->Request("GET", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html"), std::string::npos) << page.body;
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  EXPECT_NE(page.Header("Content-Security-Policy").find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(page.Header("Content-Security-Policy").find("unsafe"), std::string::npos);
  EXPECT_FALSE(page.HasHeader("Set-Cookie"));
  // Compressed for a client that asks, on the same connection.
  const HttpResponse gzipped =
      conn->Request("GET", "/index.html", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gzipped.status, 200);
  EXPECT_EQ(gzipped.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(gzipped.body.substr(0, 2), "\x1f\x8b");
  EXPECT_EQ(conn->Request("GET", "/no-such-page").status, 404);
  EXPECT_EQ(conn->Request("POST", "/", "{}", {{"Content-Type", "application/json"}}).status, 405);

  const HttpResponse settings = w().Call("GET", "/api/v1/settings");
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.Json(), (json{{"idle_lock_seconds", 240},
                                   {"demo", false},
                                   {"max_failed_logins", 5},
                                   {"lockout_seconds", 900}}));
  EXPECT_EQ(settings.Header("Cache-Control"), "no-store");
}

// Bad input: a 4xx naming the field and the rule, and nothing written.
TEST_F(ApiTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  const std::string admin = w().Login(w().account("tenant-a", "admin"));
  auto count_users = [&]() {
    return w().Call("GET", "/api/v1/users", nullptr, admin).Json()["items"].size();
  };
  auto count_units = [&]() {
    return w().Call("GET", "/api/v1/units", nullptr, admin).Json()["items"].size();
  };
  const auto users_before = count_users();
  const auto units_before = count_units();
  struct Case {
    std::string target;
    std::string raw;  // sent as is
    std::string field;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"/api/v1/users", "{", "body", "malformed_json"},
      {"/api/v1/users", "[1,2]", "body", "invalid_type"},
      {"/api/v1/users", "\"text\"", "body", "invalid_type"},
      {"/api/v1/users", R"({"login":5,"name":"x","role":"auditor"})", "login", "invalid_type"},
      {"/api/v1/users", R"({"login":"ok.login","name":["x"],"role":"auditor"})", "name",
       "invalid_type"},
      {"/api/v1/users", R"({"login":"ok.login","name":"x","role":"auditor","is_admin":true})",
       "is_admin", "unknown_field"},
      {"/api/v1/users", R"({"name":"x","role":"auditor"})", "login", "required"},
      {"/api/v1/users", R"({"login":"ok.login","name":"x","role":"root"})", "role", "invalid_code"},
      {"/api/v1/users", R"({"login":"Bad Login!","name":"x","role":"auditor"})", "login",
       "invalid_login"},
      {"/api/v1/users", R"({"login":"ok.login","name":"","role":"auditor"})", "name", "required"},
      {"/api/v1/users", R"({"login":"ok.login","name":"a\u0007b","role":"auditor"})", "name",
       "control_character"},
      {"/api/v1/users", R"({"login":"ok.login","name":"x","role":"caseworker"})", "unit_ids",
       "required"},
      {"/api/v1/users",
       R"({"login":"ok.login","name":"x","role":"caseworker","unit_ids":"center"})", "unit_ids",
       "invalid_type"},
      {"/api/v1/users", R"({"login":"ok.login","name":"x","role":"caseworker","unit_ids":[7]})",
       "unit_ids[0]", "invalid_type"},
      {"/api/v1/users",
       R"({"login":"ok.login","name":"x","role":"caseworker","unit_ids":["nowhere"]})",
       "unit_ids[0]", "unknown_unit"},
      {"/api/v1/users", R"({"login":"admin","name":"x","role":"auditor"})", "", "login_taken"},
      {"/api/v1/units", R"({"id":"UPPER","name":"x"})", "id", "invalid_unit_id"},
      {"/api/v1/units", R"({"id":"center","name":"dup"})", "", "unit_exists"},
      {"/api/v1/units",
       R"({"id":"ok-unit","name":"<script>alert(1)</script>)" + std::string(200, 'x') + R"("})",
       "name", "too_long"},
  };
  for (const auto& c : cases) {
    std::string err;
    auto conn = HttpsConnection::Connect(w().Client(), &err);
    ASSERT_TRUE(conn) << err;
    auto r =
        conn->Request("POST", c.target, c.raw,
                      {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
    SCOPED_TRACE(c.raw);
    EXPECT_GE(r.status, 400);
    EXPECT_LT(r.status, 500);
    EXPECT_EQ(r.Json()["error"]["code"], c.code) << r.body;
    if (!c.field.empty()) EXPECT_EQ(r.Json()["error"]["field"], c.field) << r.body;
  }
  // Wrong Content-Type is refused before parsing.
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  auto r = conn->Request("POST", "/api/v1/units", R"({"id":"x1","name":"x"})",
                         {{"Authorization", "Bearer " + admin}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["field"], "Content-Type");
  EXPECT_EQ(count_users(), users_before);
  EXPECT_EQ(count_units(), units_before);
}

TEST_F(ApiTest, CrossOriginCookieWritesAreRefused) {
  const auto& a = w().account("tenant-a", "admin");
  auto login = w().Call("POST", "/api/v1/login",
                        {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  const std::string cookie =
      login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';'));
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  auto r = conn->Request("POST", "/api/v1/units", R"({"id":"evil","name":"x"})",
                         {{"Cookie", cookie},
                          {"Origin", "https://evil.example"},
                          {"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Json()["error"]["code"], "cross_origin");
}

// Broke: a cookie-authenticated write without an Origin header passed the cross-origin check.
TEST_F(ApiTest, CookieWritesMustShowTheyComeFromThisOrigin) {
  const auto& a = w().account("tenant-a", "admin");
  auto login = w().Call("POST", "/api/v1/login",
                        {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
  const std::string cookie =
      login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';'));
  auto post = [&](const std::string& unit,
                  std::vector<std::pair<std::string, std::string>> headers) {
    std::string err;
    auto conn = HttpsConnection::Connect(w().Client(), &err);
    if (!conn) throw std::runtime_error(err);
    headers.emplace_back("Content-Type", "application/json");
    return conn->Request("POST", "/api/v1/units", R"({"id":")" + unit + R"(","name":"x"})",
                         headers);
  };
  for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"Cookie", cookie}},
           {{"Cookie", cookie}, {"Sec-Fetch-Site", "cross-site"}},
           {{"Cookie", cookie}, {"Sec-Fetch-Site", "same-site"}},
           {{"Cookie", cookie}, {"Origin", "null"}},
           {{"Cookie", cookie}, {"Origin", "https://localhost"}, {"Sec-Fetch-Site", "cross-site"}},
       }) {
    auto r = post("csrf-refused", headers);
    EXPECT_EQ(r.status, 403) << headers.size() << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "cross_origin");
  }
  // The browser's own requests show one or the other.
  EXPECT_EQ(post("csrf-origin", {{"Cookie", cookie}, {"Origin", "https://localhost"}}).status, 201);
  EXPECT_EQ(post("csrf-fetch-site", {{"Cookie", cookie}, {"Sec-Fetch-Site", "same-origin"}}).status,
            201);
  // A Bearer token is not sent by a browser on its own: no origin needed.
  const std::string token = login.Json()["token"];
  EXPECT_EQ(post("csrf-bearer", {{"Authorization", "Bearer " + token}}).status, 201);
  const std::string units = w().Call("GET", "/api/v1/units", nullptr, token).body;
  EXPECT_EQ(units.find("csrf-refused"), std::string::npos) << "no refused write happened";
}

// Broke: the audit list's cursor was refused as invalid_number, the case lists' only when empty or
// too long: every paged list now says invalid_cursor, naming `after`.
TEST_F(ApiTest, TheAuditListRefusesWhatIsNoCursor) {
  const std::string auditor = w().Login(w().account("tenant-a", "auditor"));
  for (const char* after : {"%00", "abc", "-1", "1%200", "cas_zz"}) {
    auto r = w().Call("GET", std::string("/api/v1/audit?after=") + after, nullptr, auditor);
    EXPECT_EQ(r.status, 400) << after << ": " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "invalid_cursor") << after;
    EXPECT_EQ(r.Json()["error"]["field"], "after") << after;
  }
  EXPECT_EQ(w().Call("GET", "/api/v1/audit?after=0&limit=1", nullptr, auditor).status, 200);
}

// Broke: weak passwords of the probe were accepted.
TEST_F(ApiTest, WeakPasswordsAreRefusedNamingTheRule) {
  const auto& a = w().account("tenant-a", "weak.pw");
  const std::string token = w().Login(a);
  const std::vector<std::pair<std::string, std::string>> weak = {
      {"abcabcabcabc", "password_repeated"},         {"123412341234", "password_repeated"},
      {"qwertyqwerty", "password_repeated"},         {"Password123!", "password_common"},
      {"Tenant-A2024!", "password_contains_tenant"}, {"yorisoi12345", "password_contains_product"},
      {"1qaz2wsx3edc", "password_keyboard_pattern"}, {"abcdefg-1234567", "password_sequence"},
  };
  for (const auto& [password, code] : weak) {
    auto r = w().Call("POST", "/api/v1/me/password",
                      {{"current_password", a.password}, {"new_password", password}}, token);
    EXPECT_EQ(r.status, 400) << password << ": " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], "new_password") << password;
    EXPECT_EQ(r.Json()["error"]["code"], code) << password;
    EXPECT_EQ(r.body.find(password), std::string::npos) << "never echoed";
  }
  EXPECT_EQ(w().Call("GET", "/api/v1/me", nullptr, token).status, 200) << "nothing changed";
}

TEST_F(ApiTest, KeepAliveServesManyRequestsOnOneConnection) {
  const std::string token = w().Login(w().account("tenant-a", "caseworker"));
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  for (int i = 0; i < 50; ++i) {
    auto r = conn->Request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(r.status, 200) << i;
  }
}

// RFC 9112 6.1: a Transfer-Encoding whose last coding is not chunked leaves the body length
// unknown. It used to be read as "no body", the connection kept, and the body parsed as the next
// request (request smuggling): here the second GET was answered too.
TEST_F(ApiTest, ATransferEncodingNotEndingInChunkedIs400AndClosesTheConnection) {
  const std::string smuggled = "GET /api/v1/settings HTTP/1.1\r\nHost: localhost\r\n\r\n";
  const std::vector<std::string> codings = {"identity", "gzip", "xchunked", "chunked, identity",
                                            "chunked, chunked"};
  std::vector<std::unique_ptr<HttpsConnection>> connections;
  for (const std::string& coding : codings) {
    SCOPED_TRACE(coding);
    std::string err;
    auto conn = HttpsConnection::Connect(w().Client(), &err);
    ASSERT_TRUE(conn) << err;
    const HttpResponse r = conn->SendRaw(
        "GET /api/v1/settings HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: " + coding +
        "\r\n\r\n" + smuggled);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json()["error"]["code"], "malformed_request");
    EXPECT_EQ(r.Header("Connection"), "close");
    connections.push_back(std::move(conn));
  }
  // Closed without an answer to the smuggled request (after the lingering close, <= 3 s).
  for (std::size_t i = 0; i < connections.size(); ++i) {
    EXPECT_TRUE(connections[i]->PeerClosed(10000)) << codings[i];
  }
  // A body in chunks is still read as one.
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  const HttpResponse chunked = conn->SendRaw(
      "GET /api/v1/settings HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n");
  EXPECT_EQ(chunked.status, 200);
  EXPECT_EQ(conn->Request("GET", "/api/v1/settings").status, 200);
}

// RFC 9112 3.2: exactly one Host in HTTP/1.1 (at most one in HTTP/1.0), or 400. Both used to be
// served.
TEST_F(ApiTest, ARequestWithTwoHostsOrNoneIs400) {
  const std::vector<std::string> requests = {
      "GET /api/v1/settings HTTP/1.1\r\n\r\n",
      "GET /api/v1/settings HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
      "GET /api/v1/settings HTTP/1.1\r\nHost: localhost\r\nhost: localhost\r\n\r\n",
      "GET /api/v1/settings HTTP/1.0\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
  };
  for (const std::string& request : requests) {
    SCOPED_TRACE(request);
    std::string err;
    auto conn = HttpsConnection::Connect(w().Client(), &err);
    ASSERT_TRUE(conn) << err;
    const HttpResponse r = conn->SendRaw(request);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json()["error"]["code"], "malformed_request");
    EXPECT_EQ(r.Header("Connection"), "close");
  }
  // HTTP/1.0 may leave Host out.
  std::string err;
  auto conn = HttpsConnection::Connect(w().Client(), &err);
  ASSERT_TRUE(conn) << err;
  EXPECT_EQ(conn->SendRaw("GET /api/v1/settings HTTP/1.0\r\n\r\n").status, 200);
}

TEST_F(ApiTest, OpsListenerServesHealthAndMetrics) {
  // Plain HTTP on loopback: talk to it with a raw socket.
  auto get = [&](const std::string& path) {
    const std::string cmd =
        "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(w().server().ops_port()) + "; printf 'GET " +
        path + " HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' >&3; cat <&3";
    std::string out;
    FILE* p = ::popen(("bash -c \"" + cmd + "\"").c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
  };
  (void)w().Call("GET", "/api/v1/me");   // at least one 401 on record
  (void)w().Call("BREW", "/api/v1/me");  // an invented method must not mint a metrics series
  const std::string health = get("/healthz");
  EXPECT_NE(health.find("200 OK"), std::string::npos) << health;
  EXPECT_NE(health.find("Cache-Control: no-store"), std::string::npos);
  const std::string metrics = get("/metrics");
  EXPECT_NE(metrics.find("# TYPE yorisoi_http_requests_total counter"), std::string::npos);
  EXPECT_NE(
      metrics.find(R"(yorisoi_http_requests_total{method="GET",route="/api/v1/me",status="401"})"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("yorisoi_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_EQ(metrics.find("BREW"), std::string::npos);
  EXPECT_NE(metrics.find(R"(method="OTHER")"), std::string::npos);
}

TEST_F(ApiTest, TheServerLogHoldsNoPersonalData) {
  const std::string log = w().server().Log();
  for (const auto& [key, a] : w().accounts()) {
    EXPECT_EQ(log.find(a.password), std::string::npos) << key;
    EXPECT_EQ(log.find(a.name), std::string::npos) << key;
  }
}

TEST_F(ApiTest, TheAuditLogRecordsSignInsReadsDenialsAndAdminActs) {
  const auto& admin = w().account("tenant-a", "admin");
  const auto& worker = w().account("tenant-a", "caseworker");
  // A failed sign-in, a denied call, a staff read and an admin act.
  ASSERT_EQ(
      w().Call("POST", "/api/v1/login",
               {{"tenant", "tenant-a"}, {"login", worker.login}, {"password", "wrong-wrong-wrong"}})
          .status,
      401);
  const std::string worker_token = w().Login(worker);
  ASSERT_EQ(w().Call("GET", "/api/v1/users", nullptr, worker_token).status, 403);
  const std::string admin_token = w().Login(admin);
  ASSERT_EQ(w().Call("GET", "/api/v1/users/" + worker.id, nullptr, admin_token).status, 200);
  ASSERT_EQ(w().Call("POST", "/api/v1/units", {{"id", "audited"}, {"name", "監査対象センター"}},
                     admin_token)
                .status,
            201);

  const std::string auditor = w().Login(w().account("tenant-a", "auditor"));
  auto find = [&](const std::string& query) {
    auto r = w().Call("GET", "/api/v1/audit?" + query, nullptr, auditor);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["items"];
  };
  bool failed_login = false, ok_login = false;
  for (const auto& e : find("action=auth.login&user=" + worker.id + "&limit=500")) {
    EXPECT_EQ(e["address"], "127.0.0.1");
    if (e["result"] == "failed" && e["detail"] == "wrong_password") failed_login = true;
    if (e["result"] == "ok") ok_login = true;
  }
  EXPECT_TRUE(failed_login);
  EXPECT_TRUE(ok_login);
  bool denied = false;
  for (const auto& e : find("action=authz.denied&user=" + worker.id)) {
    denied = denied || (e["detail"] == "list_users" && e["role"] == "caseworker");
  }
  EXPECT_TRUE(denied);
  bool read = false;
  for (const auto& e : find("record=" + worker.id + "&action=user.read")) {
    read = read || (e["user_id"] == admin.id && e["target_ids"] == json::array({worker.id}));
  }
  EXPECT_TRUE(read) << "who read which staff record";
  EXPECT_EQ(find("action=unit.create&record=audited").size(), 1u);
  // Bad filters are refused naming the parameter.
  auto bad = w().Call("GET", "/api/v1/audit?from=2025-13-01", nullptr, auditor);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["field"], "from");
  auto unknown = w().Call("GET", "/api/v1/audit?name=x", nullptr, auditor);
  EXPECT_EQ(unknown.Json()["error"]["field"], "name");
  // The log holds ids, never names or passwords.
  const std::string everything = w().Call("GET", "/api/v1/audit?limit=500", nullptr, auditor).body;
  for (const auto& [key, a] : w().accounts()) {
    EXPECT_EQ(everything.find(a.name), std::string::npos) << key;
    EXPECT_EQ(everything.find(a.password), std::string::npos) << key;
  }
  EXPECT_EQ(everything.find("wrong-wrong-wrong"), std::string::npos);
  EXPECT_EQ(everything.find("監査対象センター"), std::string::npos);
}

}  // namespace
}  // namespace yorisoi::testing
