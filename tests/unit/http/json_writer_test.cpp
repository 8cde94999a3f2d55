#include "http/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace yorisoi::http {
namespace {

TEST(JsonWriterTest, NestedObjectsArraysAndCommas) {
  JsonWriter w;
  w.BeginObject()
      .Field("id", "usr_1")
      .Field("n", int64_t{-42})
      .Field("ok", true)
      .Key("none")
      .Null()
      .StringArray("units", {"a", "b"})
      .Key("items")
      .BeginArray();
  w.BeginObject().Field("x", 1).EndObject();
  w.BeginObject().EndObject();
  w.EndArray().Key("empty").BeginArray().EndArray().EndObject();
  EXPECT_EQ(w.str(), R"({"id":"usr_1","n":-42,"ok":true,"none":null,"units":["a","b"],)"
                     R"("items":[{"x":1},{}],"empty":[]})");
  EXPECT_FALSE(nlohmann::json::parse(w.str(), nullptr, false).is_discarded());
}

TEST(JsonWriterTest, EscapesWhatJsonRequiresAndKeepsJapanese) {
  const std::string tricky = "新宿区 \"quoted\" back\\slash\nline\ttab\x01\x1f</script>";
  JsonWriter w;
  w.BeginObject().Field("t", tricky).EndObject();
  const auto parsed = nlohmann::json::parse(w.str(), nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << w.str();
  EXPECT_EQ(parsed["t"], tricky) << "round trip must be exact";
  EXPECT_NE(w.str().find("新宿区"), std::string::npos) << "UTF-8 is written as is";
  EXPECT_NE(w.str().find("\\u0001"), std::string::npos);
}

TEST(JsonWriterTest, Int64Extremes) {
  JsonWriter w;
  w.BeginArray().Int(INT64_MIN).Int(INT64_MAX).Int(0).EndArray();
  EXPECT_EQ(w.str(), "[-9223372036854775808,9223372036854775807,0]");
}

// Broke: invalid UTF-8 (say, in an error field) was passed through and made the body invalid JSON.
TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacter) {
  for (const std::string& bad : {std::string("a\xFF"
                                             "b"),
                                 std::string("\xC3"), std::string("\xED\xA0\x80"),
                                 std::string("\xF4\x90\x80\x80"), std::string("\xC0\xAF")}) {
    JsonWriter w;
    w.BeginArray().String(bad).EndArray();
    const auto parsed = nlohmann::json::parse(w.str(), nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << w.str();
    EXPECT_NE(parsed[0].get<std::string>().find("\uFFFD"), std::string::npos);
  }
  JsonWriter ok;
  ok.String("𠮷野家 ｶﾅ");  // 4-byte and half-width kana stay untouched
  EXPECT_EQ(ok.str(), "\"𠮷野家 ｶﾅ\"");
}

}  // namespace
}  // namespace yorisoi::http
