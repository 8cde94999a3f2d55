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
  // outside `allowed` ("unknown_field"). Depth and size limits guard the parser.
  static core::Result<JsonObject> Parse(const net::Request& request,
                                        std::initializer_list<std::string_view> allowed);
  static core::Result<JsonObject> ParseText(std::string_view body,
                                            std::initializer_list<std::string_view> allowed);

  bool Has(std::string_view field) const;
  // "required" when absent (or null), "invalid_type" when not a string.
  core::Result<std::string> String(std::string_view field) const;
  core::Result<std::optional<std::string>> OptionalString(std::string_view field) const;
  core::Result<std::vector<std::string>> StringArray(std::string_view field, bool required) const;
  core::Result<int64_t> Int(std::string_view field) const;

 private:
  explicit JsonObject(Json j) : j_(std::move(j)) {}
  Json j_;
};

net::Response JsonResponse(int status, std::string body);

}  // namespace yorisoi::http
