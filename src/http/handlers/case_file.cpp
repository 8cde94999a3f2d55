// What the case file's handlers share (case_file.hpp).
#include "http/handlers/case_file.hpp"

#include "core/error_codes.hpp"
#include "http/query.hpp"

namespace yorisoi::http {
namespace {

constexpr int kMaxLimit = 200;
constexpr std::size_t kMaxCursor = 128;

}  // namespace

core::Error Required(std::string_view field) {
  return core::Error::InvalidArgument(std::string(field), "is required", core::codes::kRequired);
}

core::Status ReadPageParam(std::string_view key, std::string_view value, std::string& after,
                           int& limit) {
  if (key == "after") {
    if (value.empty() || value.size() > kMaxCursor) {
      return core::Error::InvalidArgument("after", "must be the next cursor of the previous page",
                                          core::codes::kInvalidCursor);
    }
    after = std::string(value);
    return core::Ok();
  }
  YS_ASSIGN_OR_RETURN(const int64_t v, QueryInt(value, "limit", 1, kMaxLimit,
                                                "must be a whole number from 1 to 200"));
  limit = static_cast<int>(v);
  return core::Ok();
}

core::Result<domain::RecordPage> ReadRecordPage(const net::Request& request) {
  YS_ASSIGN_OR_RETURN(auto params, ParseQuery(request.Query(), {"after", "limit"}));
  domain::RecordPage page;
  for (const auto& [key, value] : params) {
    YS_RETURN_IF_ERROR(ReadPageParam(key, value, page.after_id, page.limit));
  }
  return page;
}

core::Status NotNull(const JsonObject& body, std::string_view field) {
  if (body.Contains(field) && !body.Has(field)) {
    return core::Error::InvalidArgument(std::string(field), "must not be null",
                                        core::codes::kInvalidType);
  }
  return core::Ok();
}

core::Result<Change<std::optional<std::string>>> NullableString(const JsonObject& body,
                                                                std::string_view field) {
  if (!body.Contains(field)) return Change<std::optional<std::string>>();
  if (!body.Has(field)) return std::make_optional(std::optional<std::string>());
  YS_ASSIGN_OR_RETURN(std::string v, body.String(field));
  return std::make_optional(std::optional<std::string>(std::move(v)));
}

core::Result<Change<std::optional<core::Date>>> NullableDate(const JsonObject& body,
                                                             std::string_view field) {
  YS_ASSIGN_OR_RETURN(auto text, NullableString(body, field));
  if (!text) return Change<std::optional<core::Date>>();
  if (!*text) return std::make_optional(std::optional<core::Date>());
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(**text, field));
  return std::make_optional(std::optional<core::Date>(d));
}

core::Result<Change<core::Date>> DateIfPresent(const JsonObject& body, std::string_view field) {
  YS_ASSIGN_OR_RETURN(auto text, body.StringIfPresent(field));
  if (!text) return Change<core::Date>();
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(*text, field));
  return std::make_optional(d);
}

core::Result<int64_t> ReadVersion(const JsonObject& body) {
  YS_ASSIGN_OR_RETURN(int64_t v, body.Int("version"));
  if (v < 1) {
    return core::Error::InvalidArgument("version", "must be the version answered with the record",
                                        core::codes::kInvalidNumber);
  }
  return v;
}

bool IsStale(const core::Error& e) {
  return e.errc == core::Errc::kConflict && e.Is(core::codes::kStaleVersion);
}

}  // namespace yorisoi::http
