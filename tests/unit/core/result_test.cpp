#include "core/result.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_support.hpp"

namespace yorisoi::core {
namespace {

using testing_support::IsError;
using testing_support::IsOk;

TEST(ResultTest, HoldsAValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
}

TEST(ResultTest, ArrowReachesTheValue) {
  Result<std::string> r = std::string("新宿区");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 9u);  // three 3-byte code points
}

TEST(ResultTest, HoldsAnError) {
  Result<int> r = Error::NotFound("no such case");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().errc, Errc::kNotFound);
  EXPECT_EQ(r.error().message, "no such case");
}

TEST(ResultTest, UnexpectedWrapsAnError) {
  Result<std::string> r = Unexpected(Error::Conflict("stale", "stale_version"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().errc, Errc::kConflict);
  EXPECT_EQ(r.error().code, "stale_version");
}

TEST(ResultTest, MovesOutAMoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, MovesOutTheError) {
  Result<int> r = Error::Forbidden("no", "scope");
  Error e = std::move(r).error();
  EXPECT_EQ(e.errc, Errc::kForbidden);
  EXPECT_EQ(e.code, "scope");
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(static_cast<bool>(s));
  EXPECT_TRUE(Ok().ok());
}

TEST(StatusTest, HoldsAnError) {
  Status s = Error::Unavailable("db busy");
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(static_cast<bool>(s));
  EXPECT_EQ(s.error().errc, Errc::kUnavailable);
  EXPECT_EQ(s.error().message, "db busy");
  Status u = Unexpected(Error::Internal("bug"));
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(std::move(u).error().errc, Errc::kInternal);
}

// --- propagation macros ---------------------------------------------------------------------

Result<int> Parse(bool ok) {
  if (!ok) return Error::InvalidArgument("count", "must be a number", "invalid_type");
  return 5;
}

int g_after_assign = 0;  // counts how often the code after the macro ran

Result<int> Doubled(bool ok) {
  YS_ASSIGN_OR_RETURN(int v, Parse(ok));
  ++g_after_assign;
  return v * 2;
}

Result<std::string> TwoAssignsOnOneFunction(bool first_ok, bool second_ok) {
  // Two uses in one scope must not clash (the temporary is named after the line).
  YS_ASSIGN_OR_RETURN(int a, Parse(first_ok));
  YS_ASSIGN_OR_RETURN(int b, Parse(second_ok));
  return std::to_string(a + b);
}

Status Check(bool ok) {
  if (!ok) return Error::Forbidden("the role may not", "forbidden");
  return Ok();
}

int g_after_return_if = 0;

Status Guarded(bool ok) {
  YS_RETURN_IF_ERROR(Check(ok));
  ++g_after_return_if;
  return Ok();
}

// YS_RETURN_IF_ERROR also takes a Result<T> and discards its value.
Result<std::string> GuardedByValue(bool ok) {
  YS_RETURN_IF_ERROR(Parse(ok));
  return std::string("ran");
}

TEST(ResultMacrosTest, AssignOrReturnAssignsTheValue) {
  g_after_assign = 0;
  Result<int> r = Doubled(true);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(*r, 10);
  EXPECT_EQ(g_after_assign, 1);
}

TEST(ResultMacrosTest, AssignOrReturnPropagatesTheErrorUnchanged) {
  g_after_assign = 0;
  Result<int> r = Doubled(false);
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(r.error().field, "count");
  EXPECT_EQ(r.error().message, "must be a number");
  EXPECT_EQ(g_after_assign, 0) << "code after a failed YS_ASSIGN_OR_RETURN ran";
}

TEST(ResultMacrosTest, AssignOrReturnTwiceInOneScope) {
  Result<std::string> ok = TwoAssignsOnOneFunction(true, true);
  ASSERT_TRUE(IsOk(ok));
  EXPECT_EQ(*ok, "10");
  EXPECT_TRUE(IsError(TwoAssignsOnOneFunction(true, false), Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(TwoAssignsOnOneFunction(false, true), Errc::kInvalidArgument));
}

TEST(ResultMacrosTest, ReturnIfErrorContinuesOnOk) {
  g_after_return_if = 0;
  EXPECT_TRUE(IsOk(Guarded(true)));
  EXPECT_EQ(g_after_return_if, 1);
}

TEST(ResultMacrosTest, ReturnIfErrorPropagatesTheError) {
  g_after_return_if = 0;
  Status s = Guarded(false);
  ASSERT_TRUE(IsError(s, Errc::kForbidden, "forbidden"));
  EXPECT_EQ(s.error().message, "the role may not");
  EXPECT_EQ(g_after_return_if, 0) << "code after a failed YS_RETURN_IF_ERROR ran";
}

TEST(ResultMacrosTest, ReturnIfErrorAcceptsAResultWithAValue) {
  Result<std::string> ok = GuardedByValue(true);
  ASSERT_TRUE(IsOk(ok));
  EXPECT_EQ(*ok, "ran");
  EXPECT_TRUE(IsError(GuardedByValue(false), Errc::kInvalidArgument, "invalid_type"));
}

// --- Error ------------------------------------------------------------------------------------

TEST(ErrorTest, ErrcNamesAreStable) {
  EXPECT_EQ(ErrcName(Errc::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrcName(Errc::kNotFound), "not_found");
  EXPECT_EQ(ErrcName(Errc::kConflict), "conflict");
  EXPECT_EQ(ErrcName(Errc::kUnauthenticated), "unauthenticated");
  EXPECT_EQ(ErrcName(Errc::kForbidden), "forbidden");
  EXPECT_EQ(ErrcName(Errc::kTooManyRequests), "too_many_requests");
  EXPECT_EQ(ErrcName(Errc::kPayloadTooLarge), "payload_too_large");
  EXPECT_EQ(ErrcName(Errc::kUnavailable), "unavailable");
  EXPECT_EQ(ErrcName(Errc::kInternal), "internal");
}

TEST(ErrorTest, FactoriesSetErrcCodeAndField) {
  const Error inv = Error::InvalidArgument("name", "is required");
  EXPECT_EQ(inv.errc, Errc::kInvalidArgument);
  EXPECT_EQ(inv.code, "invalid_argument");
  EXPECT_EQ(inv.field, "name");
  EXPECT_EQ(inv.message, "is required");
  EXPECT_EQ(Error::InvalidArgument("f", "m", "too_long").code, "too_long");

  const Error nf = Error::NotFound();
  EXPECT_EQ(nf.errc, Errc::kNotFound);
  EXPECT_EQ(nf.code, "not_found");
  EXPECT_EQ(nf.message, "not found");
  EXPECT_TRUE(nf.field.empty());

  EXPECT_EQ(Error::Conflict("m").code, "conflict");
  EXPECT_EQ(Error::Conflict("m").errc, Errc::kConflict);
  EXPECT_EQ(Error::Unauthenticated("m").code, "unauthenticated");
  EXPECT_EQ(Error::Unauthenticated("m").errc, Errc::kUnauthenticated);
  EXPECT_EQ(Error::Forbidden("m").code, "forbidden");
  EXPECT_EQ(Error::Forbidden("m").errc, Errc::kForbidden);
  EXPECT_EQ(Error::TooManyRequests("m").code, "too_many_requests");
  EXPECT_EQ(Error::TooManyRequests("m").errc, Errc::kTooManyRequests);
  EXPECT_EQ(Error::Unavailable("m").code, "unavailable");
  EXPECT_EQ(Error::Unavailable("m").errc, Errc::kUnavailable);
  EXPECT_EQ(Error::Internal("m").code, "internal");
  EXPECT_EQ(Error::Internal("m").errc, Errc::kInternal);
}

}  // namespace
}  // namespace yorisoi::core
