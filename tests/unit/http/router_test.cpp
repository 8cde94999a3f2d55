#include "http/router.hpp"

#include <string>

#include <gtest/gtest.h>

namespace yorisoi::http {
namespace {

Route MakeRoute(std::string method, std::string pattern,
                std::optional<domain::Action> action = std::nullopt) {
  return Route{std::move(method), std::move(pattern), action,
               [](RequestContext&) -> core::Result<net::Response> { return net::Response{}; }};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(MakeRoute("POST", "/api/v1/session"));
    router_.Add(MakeRoute("GET", "/api/v1/users", domain::Action::kListUsers));
    router_.Add(MakeRoute("POST", "/api/v1/users", domain::Action::kManageUsers));
    router_.Add(MakeRoute("GET", "/api/v1/users/{id}", domain::Action::kListUsers));
    router_.Add(
        MakeRoute("POST", "/api/v1/users/{id}/password-reset", domain::Action::kManageUsers));
    router_.Add(MakeRoute("GET", "/api/v1/units/{unit}/users/{id}", domain::Action::kListUsers));
  }
  Router router_;
};

TEST_F(RouterTest, ExactMatch) {
  const auto m = router_.Find("GET", "/api/v1/users");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users");
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.route->action, domain::Action::kListUsers);
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterTest, MethodSelectsTheRoute) {
  const auto m = router_.Find("POST", "/api/v1/users");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->action, domain::Action::kManageUsers);
}

TEST_F(RouterTest, CapturesParams) {
  const auto m = router_.Find("GET", "/api/v1/users/usr_0123abcd");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "usr_0123abcd");

  const auto two = router_.Find("GET", "/api/v1/units/center-1/users/usr_9");
  ASSERT_NE(two.route, nullptr);
  net::Request req;
  RequestContext ctx{req, two.params, std::nullopt};
  EXPECT_EQ(ctx.Param("unit"), "center-1");
  EXPECT_EQ(ctx.Param("id"), "usr_9");
  EXPECT_EQ(ctx.Param("missing"), "");
}

TEST_F(RouterTest, ParamInTheMiddle) {
  const auto m = router_.Find("POST", "/api/v1/users/usr_1/password-reset");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/{id}/password-reset");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "usr_1");
}

TEST_F(RouterTest, KnownPathOtherMethodIs405) {
  const auto m = router_.Find("DELETE", "/api/v1/users/usr_1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  const auto get_session = router_.Find("GET", "/api/v1/session");
  EXPECT_EQ(get_session.route, nullptr);
  EXPECT_TRUE(get_session.path_known);
}

TEST_F(RouterTest, MethodIsCaseSensitive) {
  const auto m = router_.Find("get", "/api/v1/users");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
}

TEST_F(RouterTest, NoMatch) {
  for (const char* path :
       {"/", "", "/nope", "/api/v1", "/api/v1/userss", "/api/v2/users", "api/v1/users",
        "/api/v1/users/usr_1/password-reset/x", "/API/v1/users"}) {
    const auto m = router_.Find("GET", path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
  }
}

TEST_F(RouterTest, TrailingOrDoubleSlashIsNotMatched) {
  for (const char* path : {"/api/v1/users/", "/api/v1/session/", "/api/v1//users", "//api/v1/users",
                           "/api/v1/users//password-reset"}) {
    const auto get = router_.Find("GET", path);
    const auto post = router_.Find("POST", path);
    EXPECT_EQ(get.route, nullptr) << path;
    EXPECT_EQ(post.route, nullptr) << path;
    EXPECT_FALSE(get.path_known) << path;
  }
}

TEST_F(RouterTest, ParamLengthIsCapped) {
  EXPECT_NE(router_.Find("GET", "/api/v1/users/" + std::string(128, 'a')).route, nullptr);
  EXPECT_EQ(router_.Find("GET", "/api/v1/users/" + std::string(129, 'a')).route, nullptr);
}

TEST_F(RouterTest, ListsItsRoutes) {
  ASSERT_EQ(router_.routes().size(), 6u);
  EXPECT_EQ(router_.routes()[0].pattern, "/api/v1/session");
  EXPECT_FALSE(router_.routes()[0].action.has_value());
}

}  // namespace
}  // namespace yorisoi::http
