#include "http/query.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::http {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

TEST(QueryTest, DecodesKnownParametersInOrder) {
  auto r = ParseQuery("user=usr_1&action=user.read&record=a%2Fb+c&&flag",
                      {"user", "action", "record", "flag"});
  ASSERT_TRUE(IsOk(r));
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0], (std::pair<std::string, std::string>{"user", "usr_1"}));
  EXPECT_EQ((*r)[2].second, "a/b c");
  EXPECT_EQ((*r)[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_TRUE(IsOk(ParseQuery("", {"on"})));
  auto bad_escape = ParseQuery("on=%zz%4", {"on"});
  ASSERT_TRUE(IsOk(bad_escape));
  EXPECT_EQ((*bad_escape)[0].second, "%zz%4") << "kept as typed";
}

TEST(QueryTest, UnknownAndRepeatedParametersAreRefused) {
  auto unknown = ParseQuery("on=2025-07-01&name=x", {"on"});
  ASSERT_TRUE(IsError(unknown, Errc::kInvalidArgument, "unknown_parameter"));
  EXPECT_EQ(unknown.error().field, "name");
  auto odd = ParseQuery("%3Cscript%3E=1", {"on"});
  ASSERT_TRUE(IsError(odd, Errc::kInvalidArgument, "unknown_parameter"));
  EXPECT_EQ(odd.error().field, "query") << "only plain names are echoed";
  auto twice = ParseQuery("user=a&user=b", {"user"});
  ASSERT_TRUE(IsError(twice, Errc::kInvalidArgument, "duplicate_parameter"));
  EXPECT_EQ(twice.error().field, "user");
}

}  // namespace
}  // namespace yorisoi::http
