#include "http/query.hpp"

#include <algorithm>
#include <charconv>

#include "core/error_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::http {
namespace {

std::string Decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int v = 0;
      const auto r = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
      if (r.ec == std::errc() && r.ptr == in.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += in[i] == '+' ? ' ' : in[i];
  }
  return out;
}

bool IsPlainName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

core::Status CheckCursor(std::string_view value, std::string_view field) {
  const bool seq =
      !value.empty() && value.size() <= 18 &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  // A search's cursor names its tier before the record id ("name." or "text.", CaseService).
  std::string_view id = value;
  for (std::string_view tier : {"name.", "text."}) {
    if (id.starts_with(tier)) id.remove_prefix(tier.size());
  }
  if (seq || domain::LooksLikeRecordId(id)) return core::Ok();
  return core::Error::InvalidArgument(std::string(field),
                                      "must be the next cursor of the previous page",
                                      core::codes::kInvalidCursor);
}

core::Result<QueryParams> ParseQuery(std::string_view query,
                                     std::initializer_list<std::string_view> allowed) {
  QueryParams out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const std::string name = Decode(item.substr(0, eq));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return core::Error::InvalidArgument(IsPlainName(name) ? name : std::string("query"),
                                          "is not a known query parameter",
                                          core::codes::kUnknownParameter);
    }
    if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == name; })) {
      return core::Error::InvalidArgument(name, "may be given only once",
                                          core::codes::kDuplicateParameter);
    }
    std::string value = eq == std::string_view::npos ? std::string() : Decode(item.substr(eq + 1));
    if (name == kCursorParameter) YS_RETURN_IF_ERROR(CheckCursor(value, name));
    out.emplace_back(name, std::move(value));
  }
  return out;
}

core::Result<int64_t> QueryInt(std::string_view value, std::string_view field, int64_t min,
                               int64_t max, std::string_view rule) {
  int64_t v = 0;
  const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (r.ec != std::errc() || r.ptr != value.data() + value.size() || v < min || v > max) {
    return core::Error::InvalidArgument(std::string(field), std::string(rule),
                                        core::codes::kInvalidNumber);
  }
  return v;
}

}  // namespace yorisoi::http
