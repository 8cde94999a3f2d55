#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace yorisoi::http {
namespace {

using core::Errc;
using core::Error;
using Json = nlohmann::json;

TEST(HttpStatusTest, EveryErrc) {
  const std::pair<Errc, int> table[] = {
      {Errc::kInvalidArgument, 400}, {Errc::kUnauthenticated, 401}, {Errc::kForbidden, 403},
      {Errc::kNotFound, 404},        {Errc::kConflict, 409},        {Errc::kPayloadTooLarge, 413},
      {Errc::kTooManyRequests, 429}, {Errc::kInternal, 500},        {Errc::kUnavailable, 503},
  };
  // Errc::kInternal is the last enumerator: the table names all of them.
  ASSERT_EQ(std::size(table), static_cast<std::size_t>(Errc::kInternal) + 1);
  for (const auto& [errc, status] : table) {
    EXPECT_EQ(HttpStatus(errc), status) << core::ErrcName(errc);
    EXPECT_EQ(ErrorResponse(Error{errc, "c", "m", {}}).status, status) << core::ErrcName(errc);
  }
}

TEST(ErrorResponseTest, BodyCarriesCodeMessageAndField) {
  const net::Response r =
      ErrorResponse(Error::InvalidArgument("unit_ids[1]", "is listed twice", "duplicate"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.HeaderValue("Content-Type"), "application/json; charset=utf-8");
  const Json body = Json::parse(r.body);
  ASSERT_TRUE(body.contains("error"));
  EXPECT_EQ(body["error"]["code"], "duplicate");
  EXPECT_EQ(body["error"]["message"], "is listed twice");
  EXPECT_EQ(body["error"]["field"], "unit_ids[1]");
  EXPECT_EQ(body.size(), 1u);
}

TEST(ErrorResponseTest, NoFieldWhenEmpty) {
  const Json body = Json::parse(ErrorResponse(Error::Conflict("taken", "login_taken")).body);
  EXPECT_EQ(body["error"]["code"], "login_taken");
  EXPECT_FALSE(body["error"].contains("field"));
}

TEST(ErrorResponseTest, EmptyCodeFallsBackToTheErrcName) {
  const Json body = Json::parse(ErrorResponse(Error{Errc::kConflict, "", "m", {}}).body);
  EXPECT_EQ(body["error"]["code"], "conflict");
}

TEST(ErrorResponseTest, InternalMessageIsHidden) {
  const net::Response r =
      ErrorResponse(Error::Internal("sqlite: step: disk I/O error (table users)"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("users"), std::string::npos) << r.body;
  const Json body = Json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(body["error"]["message"], "internal error");
}

// Broke: a PostgreSQL failover answered 503 with libpq's text, naming database hosts and ports.
TEST(ErrorResponseTest, UnavailableMessageIsHidden) {
  const net::Response r = ErrorResponse(Error::Unavailable(
      "postgres: connect: connection to server at \"10.0.0.5\", port 5432 failed"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("10.0.0.5"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("postgres"), std::string::npos) << r.body;
  const Json body = Json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "unavailable");
  EXPECT_EQ(body["error"]["message"], "temporarily unavailable; try again");
}

TEST(ErrorResponseTest, UnauthenticatedAsksForBearer) {
  EXPECT_EQ(ErrorResponse(Error::Unauthenticated("no")).HeaderValue("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(ErrorResponse(Error::Forbidden("no")).HeaderValue("WWW-Authenticate"), "");
}

TEST(ErrorResponseTest, InvalidUtf8InAMessageDoesNotThrow) {
  net::Response r;
  EXPECT_NO_THROW(r = ErrorResponse(Error::InvalidArgument("f\xFF", "bad \xFF")));
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(Json::parse(r.body, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace yorisoi::http
