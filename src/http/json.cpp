#include "http/json.hpp"

#include <algorithm>

#include "core/error_codes.hpp"

namespace yorisoi::http {
namespace {

constexpr std::size_t kMaxDepth = 32;

bool IsJsonContentType(std::string_view ct) {
  const auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return net::EqualsIgnoreCase(media, "application/json");
}

// Refuses members outside `allowed`: "read_only" for those of `read_only`, else "unknown_field".
core::Status CheckMembers(const Json& j, const std::string& prefix,
                          std::initializer_list<std::string_view> allowed,
                          std::initializer_list<std::string_view> read_only) {
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (std::find(read_only.begin(), read_only.end(), key) != read_only.end()) {
      return core::Error::InvalidArgument(prefix + key, "is read-only", core::codes::kReadOnly);
    }
    return core::Error::InvalidArgument(prefix + (key.size() > 64 ? key.substr(0, 64) : key),
                                        "is not a known field", core::codes::kUnknownField);
  }
  return core::Ok();
}

}  // namespace

core::Error JsonObject::TypeError(std::string_view field, const char* expected) const {
  return core::Error::InvalidArgument(Name(field), std::string("must be ") + expected,
                                      core::codes::kInvalidType);
}

core::Error JsonObject::Required(std::string_view field) const {
  return core::Error::InvalidArgument(Name(field), "is required", core::codes::kRequired);
}

core::Result<JsonObject> JsonObject::Parse(const net::Request& request,
                                           std::initializer_list<std::string_view> allowed,
                                           std::initializer_list<std::string_view> read_only) {
  if (!IsJsonContentType(request.HeaderValue("Content-Type"))) {
    return core::Error::InvalidArgument("Content-Type", "must be application/json",
                                        core::codes::kUnsupportedMediaType);
  }
  return ParseText(request.body, allowed, read_only);
}

core::Result<JsonObject> JsonObject::ParseText(std::string_view body,
                                               std::initializer_list<std::string_view> allowed,
                                               std::initializer_list<std::string_view> read_only) {
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
    return core::Error::InvalidArgument("body", "is nested too deeply",
                                        core::codes::kMalformedJson);
  }
  if (!duplicate.empty()) {
    return core::Error::InvalidArgument(duplicate, "appears more than once",
                                        core::codes::kDuplicateField);
  }
  if (j.is_discarded()) {
    return core::Error::InvalidArgument("body", "is not valid JSON", core::codes::kMalformedJson);
  }
  if (!j.is_object()) {
    return core::Error::InvalidArgument("body", "must be a JSON object", core::codes::kInvalidType);
  }
  YS_RETURN_IF_ERROR(CheckMembers(j, "", allowed, read_only));
  return JsonObject(std::move(j), "");
}

bool JsonObject::Has(std::string_view field) const {
  auto it = j_.find(field);
  return it != j_.end() && !it->is_null();
}

bool JsonObject::Contains(std::string_view field) const { return j_.find(field) != j_.end(); }

core::Result<std::string> JsonObject::String(std::string_view field) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return Required(field);
  if (!it->is_string()) return TypeError(field, "a string");
  return it->get<std::string>();
}

core::Result<std::optional<std::string>> JsonObject::OptionalString(std::string_view field) const {
  if (!Has(field)) return std::optional<std::string>();
  YS_ASSIGN_OR_RETURN(std::string s, String(field));
  return std::optional<std::string>(std::move(s));
}

core::Result<std::optional<std::string>> JsonObject::StringIfPresent(std::string_view field) const {
  auto it = j_.find(field);
  if (it == j_.end()) return std::optional<std::string>();
  if (!it->is_string()) return TypeError(field, "a string");
  return std::optional<std::string>(it->get<std::string>());
}

core::Result<std::vector<std::string>> JsonObject::StringArray(std::string_view field,
                                                               bool required) const {
  auto it = j_.find(field);
  if (it == j_.end() || (required && it->is_null())) {
    if (required) return Required(field);
    return std::vector<std::string>();
  }
  // An optional array may be left out, but null is not an array.
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
  if (it == j_.end() || it->is_null()) return Required(field);
  if (!it->is_number_integer()) return TypeError(field, "an integer");
  return it->get<int64_t>();
}

core::Result<bool> JsonObject::Bool(std::string_view field) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return Required(field);
  if (!it->is_boolean()) return TypeError(field, "true or false");
  return it->get<bool>();
}

core::Result<JsonObject> JsonObject::Object(std::string_view field,
                                            std::initializer_list<std::string_view> allowed) const {
  auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return Required(field);
  if (!it->is_object()) return TypeError(field, "an object");
  const std::string prefix = Name(field) + ".";
  YS_RETURN_IF_ERROR(CheckMembers(*it, prefix, allowed, {}));
  return JsonObject(*it, prefix);
}

net::Response JsonResponse(int status, std::string body) {
  net::Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  return r;
}

}  // namespace yorisoi::http
