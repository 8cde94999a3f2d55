#include "http/json.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::http {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

net::Request JsonRequest(std::string body, std::string content_type = "application/json") {
  net::Request r;
  r.method = "POST";
  r.target = "/api/v1/users";
  if (!content_type.empty()) r.headers.push_back({"Content-Type", std::move(content_type)});
  r.body = std::move(body);
  return r;
}

std::string Nested(int containers) {
  // {"a": [[...]]} with `containers` objects and arrays in all.
  return R"({"a":)" + std::string(static_cast<std::size_t>(containers - 1), '[') +
         std::string(static_cast<std::size_t>(containers - 1), ']') + "}";
}

TEST(JsonObjectTest, ParsesAnAllowedObject) {
  auto o =
      JsonObject::ParseText(R"({"login":"tanaka","name":"田中 一郎","unit_ids":["a","b"],"n":3})",
                            {"login", "name", "unit_ids", "n", "role"});
  ASSERT_TRUE(IsOk(o));
  EXPECT_TRUE(o->Has("login"));
  EXPECT_FALSE(o->Has("role"));
  auto login = o->String("login");
  ASSERT_TRUE(IsOk(login));
  EXPECT_EQ(*login, "tanaka");
  auto name = o->String("name");
  ASSERT_TRUE(IsOk(name));
  EXPECT_EQ(*name, "田中 一郎");
  auto units = o->StringArray("unit_ids", true);
  ASSERT_TRUE(IsOk(units));
  EXPECT_EQ(*units, (std::vector<std::string>{"a", "b"}));
  auto n = o->Int("n");
  ASSERT_TRUE(IsOk(n));
  EXPECT_EQ(*n, 3);
}

TEST(JsonObjectTest, UnknownFieldIsNamed) {
  auto o = JsonObject::ParseText(R"({"login":"tanaka","is_admin":true})", {"login"});
  ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "unknown_field"));
  EXPECT_EQ(o.error().field, "is_admin");
}

TEST(JsonObjectTest, VeryLongUnknownFieldNameIsCut) {
  const std::string key(1000, 'k');
  auto o = JsonObject::ParseText("{\"" + key + "\":1}", {"login"});
  ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "unknown_field"));
  EXPECT_EQ(o.error().field, std::string(64, 'k'));
}

TEST(JsonObjectTest, WrongTypeIsNamed) {
  auto o = JsonObject::ParseText(R"({"login":42,"unit_ids":["a",7],"n":"3","f":1.5,"s":"x"})",
                                 {"login", "unit_ids", "n", "f", "s"});
  ASSERT_TRUE(IsOk(o));
  auto login = o->String("login");
  ASSERT_TRUE(IsError(login, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(login.error().field, "login");
  auto units = o->StringArray("unit_ids", true);
  ASSERT_TRUE(IsError(units, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(units.error().field, "unit_ids[1]");
  auto not_array = o->StringArray("s", false);
  ASSERT_TRUE(IsError(not_array, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(not_array.error().field, "s");
  auto n = o->Int("n");
  ASSERT_TRUE(IsError(n, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(n.error().field, "n");
  auto f = o->Int("f");
  ASSERT_TRUE(IsError(f, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(f.error().field, "f");
  auto opt = o->OptionalString("login");
  ASSERT_TRUE(IsError(opt, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(opt.error().field, "login");
}

TEST(JsonObjectTest, MissingOrNullIsRequired) {
  auto o = JsonObject::ParseText(R"({"name":null})", {"login", "name", "unit_ids", "n"});
  ASSERT_TRUE(IsOk(o));
  EXPECT_FALSE(o->Has("name"));
  for (const char* field : {"login", "name"}) {
    auto s = o->String(field);
    ASSERT_TRUE(IsError(s, Errc::kInvalidArgument, "required")) << field;
    EXPECT_EQ(s.error().field, field);
  }
  auto n = o->Int("n");
  ASSERT_TRUE(IsError(n, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(n.error().field, "n");
  auto required_units = o->StringArray("unit_ids", true);
  ASSERT_TRUE(IsError(required_units, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(required_units.error().field, "unit_ids");
  auto optional_units = o->StringArray("unit_ids", false);
  ASSERT_TRUE(IsOk(optional_units));
  EXPECT_TRUE(optional_units->empty());
  auto absent = o->OptionalString("login");
  ASSERT_TRUE(IsOk(absent));
  EXPECT_FALSE(absent->has_value());
  auto null = o->OptionalString("name");
  ASSERT_TRUE(IsOk(null));
  EXPECT_FALSE(null->has_value());
}

TEST(JsonObjectTest, MalformedJson) {
  for (const char* body :
       {"", "{", R"({"login":})", R"({"login":"x",})", "{'login':'x'}", R"({"login":"x"} trailing)",
        "\xEF\xBB\xBF{}x", "{\"login\":\"\xFF\"}" /* invalid UTF-8 */}) {
    auto o = JsonObject::ParseText(body, {"login"});
    ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "malformed_json")) << body;
    EXPECT_EQ(o.error().field, "body");
  }
}

TEST(JsonObjectTest, NonObjectIsRefused) {
  for (const char* body : {"[]", R"(["login"])", R"("login")", "1", "null", "true"}) {
    auto o = JsonObject::ParseText(body, {"login"});
    ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "invalid_type")) << body;
    EXPECT_EQ(o.error().field, "body");
  }
}

TEST(JsonObjectTest, NestingIsCapped) {
  EXPECT_TRUE(IsOk(JsonObject::ParseText(Nested(32), {"a"})));
  auto deep = JsonObject::ParseText(Nested(33), {"a"});
  ASSERT_TRUE(IsError(deep, Errc::kInvalidArgument, "malformed_json"));
  EXPECT_EQ(deep.error().field, "body");
  // A hostile body far deeper than the stack would allow for a recursive parser.
  auto hostile = JsonObject::ParseText(Nested(100000), {"a"});
  EXPECT_TRUE(IsError(hostile, Errc::kInvalidArgument, "malformed_json"));
}

TEST(JsonObjectTest, ContentTypeMustBeJson) {
  const char* body = R"({"login":"tanaka"})";
  for (const char* ct : {"application/json", "application/json; charset=utf-8", "Application/JSON",
                         "application/json ;charset=UTF-8"}) {
    EXPECT_TRUE(IsOk(JsonObject::Parse(JsonRequest(body, ct), {"login"}))) << ct;
  }
  for (const char* ct : {"", "text/plain", "application/x-www-form-urlencoded", "application/jsonp",
                         "multipart/form-data; boundary=x", "text/json"}) {
    auto o = JsonObject::Parse(JsonRequest(body, ct), {"login"});
    ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "unsupported_media_type")) << ct;
    EXPECT_EQ(o.error().field, "Content-Type");
  }
}

TEST(JsonObjectTest, ContentTypeHeaderNameIsCaseInsensitive) {
  net::Request r = JsonRequest(R"({"login":"x"})", "");
  r.headers.push_back({"content-type", "application/json"});
  EXPECT_TRUE(IsOk(JsonObject::Parse(r, {"login"})));
}

TEST(JsonObjectTest, ParseChecksTheBodyToo) {
  auto unknown = JsonObject::Parse(JsonRequest(R"({"x":1})"), {"login"});
  ASSERT_TRUE(IsError(unknown, Errc::kInvalidArgument, "unknown_field"));
  EXPECT_EQ(unknown.error().field, "x");
  EXPECT_TRUE(IsError(JsonObject::Parse(JsonRequest("{"), {"login"}), Errc::kInvalidArgument,
                      "malformed_json"));
}

TEST(JsonResponseTest, StatusBodyAndContentType) {
  const net::Response r = JsonResponse(201, R"({"id":"usr_1","name":"新宿区"})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.HeaderValue("Content-Type"), "application/json; charset=utf-8");
  const Json back = Json::parse(r.body);
  EXPECT_EQ(back.at("id"), "usr_1");
  EXPECT_EQ(back.at("name"), "新宿区");
}

// Broke: a repeated key silently replaced the first ("last one wins"), so a body could carry a
// different value from what a reviewer or a log saw.
TEST(JsonObjectTest, DuplicateFieldIsRefusedNamingIt) {
  auto r = JsonObject::Parse(JsonRequest(R"({"role":"caseworker","role":"admin"})"), {"role"});
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "duplicate_field"));
  EXPECT_EQ(r.error().field, "role");
  // The same key in different objects is fine.
  EXPECT_TRUE(IsOk(JsonObject::Parse(JsonRequest(R"({"a":{"x":1},"b":{"x":2}})"), {"a", "b"})));
}

TEST(JsonObjectTest, ReadOnlyFieldIsRefusedAsSuch) {
  auto o = JsonObject::ParseText(R"({"name":"x","version":3})", {"name"}, {"id", "version"});
  ASSERT_TRUE(IsError(o, Errc::kInvalidArgument, "read_only"));
  EXPECT_EQ(o.error().field, "version");
  // Fields outside both lists stay unknown.
  auto unknown = JsonObject::ParseText(R"({"colour":1})", {"name"}, {"id"});
  ASSERT_TRUE(IsError(unknown, Errc::kInvalidArgument, "unknown_field"));
  EXPECT_EQ(unknown.error().field, "colour");
  EXPECT_TRUE(IsOk(JsonObject::ParseText(R"({"name":"x"})", {"name"}, {"id"})));
}

TEST(JsonObjectTest, ContainsSeesNullHasDoesNot) {
  auto o = JsonObject::ParseText(R"({"a":null,"b":1})", {"a", "b", "c"});
  ASSERT_TRUE(IsOk(o));
  EXPECT_TRUE(o->Contains("a"));
  EXPECT_FALSE(o->Has("a"));
  EXPECT_TRUE(o->Contains("b"));
  EXPECT_FALSE(o->Contains("c"));
}

TEST(JsonObjectTest, StringIfPresentRefusesNull) {
  auto o = JsonObject::ParseText(R"({"a":"x","n":null,"i":1})", {"a", "n", "i", "absent"});
  ASSERT_TRUE(IsOk(o));
  auto a = o->StringIfPresent("a");
  ASSERT_TRUE(IsOk(a));
  EXPECT_EQ(*a, std::optional<std::string>("x"));
  auto absent = o->StringIfPresent("absent");
  ASSERT_TRUE(IsOk(absent));
  EXPECT_FALSE(absent->has_value());
  for (const char* field : {"n", "i"}) {
    auto r = o->StringIfPresent(field);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_type")) << field;
    EXPECT_EQ(r.error().field, field);
  }
}

TEST(JsonObjectTest, Bool) {
  auto o = JsonObject::ParseText(R"({"t":true,"f":false,"n":1,"s":"true","z":null})",
                                 {"t", "f", "n", "s", "z", "absent"});
  ASSERT_TRUE(IsOk(o));
  auto t = o->Bool("t");
  ASSERT_TRUE(IsOk(t));
  EXPECT_TRUE(*t);
  auto f = o->Bool("f");
  ASSERT_TRUE(IsOk(f));
  EXPECT_FALSE(*f);
  for (const char* field : {"n", "s"}) {
    auto r = o->Bool(field);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "invalid_type")) << field;
    EXPECT_EQ(r.error().field, field);
  }
  for (const char* field : {"z", "absent"}) {
    auto r = o->Bool(field);
    ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "required")) << field;
    EXPECT_EQ(r.error().field, field);
  }
}

TEST(JsonObjectTest, NestedObjectNamesFieldsWithTheirPath) {
  auto o = JsonObject::ParseText(
      R"({"type":{"code":"abuse","abuse_types":["physical",3],"dv":1},"bad":{"x":1},"s":"x"})",
      {"type", "bad", "s"});
  ASSERT_TRUE(IsOk(o));
  auto unknown = o->Object("type", {"code", "abuse_types"});
  ASSERT_TRUE(IsError(unknown, Errc::kInvalidArgument, "unknown_field"));
  EXPECT_EQ(unknown.error().field, "type.dv");

  auto type = o->Object("type", {"code", "abuse_types", "dv"});
  ASSERT_TRUE(IsOk(type));
  auto code = type->String("code");
  ASSERT_TRUE(IsOk(code));
  EXPECT_EQ(*code, "abuse");
  auto list = type->StringArray("abuse_types", true);
  ASSERT_TRUE(IsError(list, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(list.error().field, "type.abuse_types[1]");
  auto dv = type->Bool("dv");
  ASSERT_TRUE(IsError(dv, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(dv.error().field, "type.dv");
  auto missing = type->String("missing");
  ASSERT_TRUE(IsError(missing, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(missing.error().field, "type.missing");

  auto not_object = o->Object("s", {"x"});
  ASSERT_TRUE(IsError(not_object, Errc::kInvalidArgument, "invalid_type"));
  EXPECT_EQ(not_object.error().field, "s");
  auto absent = o->Object("absent", {"x"});
  ASSERT_TRUE(IsError(absent, Errc::kInvalidArgument, "required"));
  EXPECT_EQ(absent.error().field, "absent");
}

}  // namespace
}  // namespace yorisoi::http
