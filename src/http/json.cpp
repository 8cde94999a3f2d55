#include "http/json.hpp"

#include <algorithm>

namespace yorisoi::http {
namespace {

constexpr std::size_t kMaxDepth = 32;

core::Error TypeError(std::string_view field, const char* expected) {
  return core::Error::InvalidArgument(std::string(field), std::string("must be ") + expected,
                                      "invalid_type");
}

bool IsJsonContentType(std::string_view ct) {
  const auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return net::EqualsIgnoreCase(media, "application/json");
}

}  // namespace

core::Result<JsonObject> JsonObject::Parse(const net::Request& request,
                                           std::initializer_list<std::string_view> allowed) {
  if (!IsJsonContentType(request.HeaderValue("Content-Type"))) {
    return core::Error::InvalidArgument("Content-Type", "must be application/json",
                                        "unsupported_media_type");
  }
  return ParseText(request.body, allowed);
}

core::Result<JsonObject> JsonObject::ParseText(std::string_view body,
                                               std::initializer_list<std::string_view> allowed) {
  bool too_deep = false;
  std::string duplicate;
  // Keys seen in each open object, innermost last: a repeated key is refused, not "last wins".
  std::vector<std::vector<std::string>> keys;
  // The callback caps nesting so a hostile body cannot exhaust the stack.
  Json::parser_callback_t cb = [&](int d, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys.emplace_back();
        [[fallthrough]];
      case Json::parse_event_t::array_start:
        if (static_cast<std::size_t>(d) + 1 > kMaxDepth) too_deep = true;
        break;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!keys.empty() && parsed.is_string()) {
          const auto& k = parsed.get_ref<const std::string&>();
          auto& seen = keys.back();
          if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
            if (duplicate.empty()) duplicate = k.size() > 64 ? k.substr(0, 64) : k;
          } else {
            seen.push_back(k);
          }
        }
        break;
      default:
        break;
    }
    return !too_deep && duplicate.empty();
  };
  Json j = Json::parse(body.begin(), body.end(), cb, /*allow_exceptions=*/false);
  if (too_deep) {
    return core::Error::InvalidArgument("body", "is nested too deeply", "malformed_json");
  }
  if (!duplicate.empty()) {
    return core::Error::InvalidArgument(duplicate, "appears more than once", "duplicate_field");
  }
  if (j.is_discarded()) {
    return core::Error::InvalidArgument("body", "is not valid JSON", "malformed_json");
  }
  if (!j.is_object()) {
    return core::Error::InvalidArgument("body", "must be a JSON object", "invalid_type");
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return core::Error::InvalidArgument(key.size() > 64 ? key.substr(0, 64) : key,
                                          "is not a known field", "unknown_field");
    }
  }
  return JsonObject(std::move(j));
}

bool JsonObject::Has(std::string_view field) const {
  auto it = j_.find(field);
  return it != j_.end() && !it->is_null();
}

core::Result<std::string> JsonObject::String(std::string_view field) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) {
    return core::Error::InvalidArgument(std::string(field), "is required", "required");
  }
  if (!it->is_string()) return TypeError(field, "a string");
  return it->get<std::string>();
}

core::Result<std::optional<std::string>> JsonObject::OptionalString(std::string_view field) const {
  if (!Has(field)) return std::optional<std::string>();
  YS_ASSIGN_OR_RETURN(std::string s, String(field));
  return std::optional<std::string>(std::move(s));
}

core::Result<std::vector<std::string>> JsonObject::StringArray(std::string_view field,
                                                               bool required) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) {
    if (required)
      return core::Error::InvalidArgument(std::string(field), "is required", "required");
    return std::vector<std::string>();
  }
  if (!it->is_array()) return TypeError(field, "an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_string()) {
      return TypeError(std::string(field) + "[" + std::to_string(i) + "]", "a string");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

core::Result<int64_t> JsonObject::Int(std::string_view field) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) {
    return core::Error::InvalidArgument(std::string(field), "is required", "required");
  }
  if (!it->is_number_integer()) return TypeError(field, "an integer");
  return it->get<int64_t>();
}

net::Response JsonResponse(int status, std::string body) {
  net::Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  return r;
}

}  // namespace yorisoi::http
