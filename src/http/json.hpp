// Strict JSON request bodies and JSON responses. A body must be one object with only the allowed
// fields, each of the expected type; every refusal names the field and the rule.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

using Json = nlohmann::json;

class JsonObject {
 public:
  // Checks Content-Type (application/json), parses, requires an object, and refuses any field
  // outside `allowed` ("unknown_field"). A field of `read_only` (one the answer carries but a
  // client may not set, such as "id" or "version" on a create) is refused as "read_only". Depth
  // and size limits guard the parser.
  static core::Result<JsonObject> Parse(const net::Request& request,
                                        std::initializer_list<std::string_view> allowed,
                                        std::initializer_list<std::string_view> read_only = {});
  static core::Result<JsonObject> ParseText(std::string_view body,
                                            std::initializer_list<std::string_view> allowed,
                                            std::initializer_list<std::string_view> read_only = {});

  // Present and not null.
  bool Has(std::string_view field) const;
  // Present, null or not (a PATCH may set a nullable field to null).
  bool Contains(std::string_view field) const;
  // "required" when absent (or null), "invalid_type" when not a string.
  core::Result<std::string> String(std::string_view field) const;
  // Absent or null: nullopt.
  core::Result<std::optional<std::string>> OptionalString(std::string_view field) const;
  // Absent: nullopt; null is refused ("invalid_type"), for fields that may be left out but have
  // no null (a PATCH sets a field or leaves it alone).
  core::Result<std::optional<std::string>> StringIfPresent(std::string_view field) const;
  // Absent: "required", or empty when not required; null or not an array: "invalid_type" (null
  // counts as absent only when required, to say "required").
  core::Result<std::vector<std::string>> StringArray(std::string_view field, bool required) const;
  core::Result<int64_t> Int(std::string_view field) const;
  // "required" when absent (or null), "invalid_type" when not true/false.
  core::Result<bool> Bool(std::string_view field) const;
  // A nested object with only the `allowed` fields, as Parse checks the body. Errors inside it
  // name the field with its path ("consultation_type.code").
  core::Result<JsonObject> Object(std::string_view field,
                                  std::initializer_list<std::string_view> allowed) const;

 private:
  JsonObject(Json j, std::string prefix) : j_(std::move(j)), prefix_(std::move(prefix)) {}
  std::string Name(std::string_view field) const { return prefix_ + std::string(field); }
  core::Error TypeError(std::string_view field, const char* expected) const;
  core::Error Required(std::string_view field) const;
  Json j_;
  std::string prefix_;  // "" for the body, "outer." for a nested object
};

net::Response JsonResponse(int status, std::string body);

}  // namespace yorisoi::http
