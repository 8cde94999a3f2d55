// GET /api/v1/codes: every code list, for pickers.
//
// The answer depends only on the catalog and the optional `on` date, not on the caller, so it is
// written once when the routes are added and served from memory. Validity is piecewise constant
// between the catalog's boundary dates (every valid_from and every day after a valid_to), so one
// text per interval covers every possible `on`: the cache is small and bounded, whatever dates
// clients send.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/codes/code_list.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

namespace yorisoi::http {

// One entry: {"code","label","parent"?,"group"?,"valid_from"?,"valid_to"?,"flags"?}; the
// optional members are left out when empty.
void WriteCodeEntry(JsonWriter& w, const domain::CodeEntry& e) {
  w.BeginObject().Field("code", e.code).Field("label", e.label);
  if (!e.parent.empty()) w.Field("parent", e.parent);
  if (!e.group.empty()) w.Field("group", e.group);
  if (e.valid_from) w.Field("valid_from", e.valid_from->ToIso());
  if (e.valid_to) w.Field("valid_to", e.valid_to->ToIso());
  if (!e.flags.empty()) w.StringArray("flags", e.flags);
  w.EndObject();
}

// The body of GET /api/v1/codes: {"<list name>": [entry, ...], ...} for every list of the catalog,
// lists and entries in catalog order. With `on`, only the entries valid on that date (an entry
// whose parent is not valid is not valid either, so every parent sent is also in the answer).
std::string CodesJson(const domain::CodeCatalog& catalog, std::optional<core::Date> on) {
  JsonWriter w;
  w.BeginObject();
  for (const domain::CodeList& list : catalog.lists()) {
    w.Key(list.name).BeginArray();
    for (const domain::CodeEntry& e : list.entries) {
      if (on && !catalog.IsValidOn(list.name, e.code, *on)) continue;
      WriteCodeEntry(w, e);
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

namespace {

// Every answer of GET /api/v1/codes for one catalog, written in advance. Immutable, so shared by
// all worker threads without a lock.
class CodesJsonCache {
 public:
  explicit CodesJsonCache(const domain::CodeCatalog& catalog)
      : unfiltered_(CodesJson(catalog, std::nullopt)) {
    for (const domain::CodeList& list : catalog.lists()) {
      for (const domain::CodeEntry& e : list.entries) {
        if (e.valid_from) boundaries_.push_back(*e.valid_from);
        if (e.valid_to) boundaries_.push_back(e.valid_to->AddDays(1));
      }
    }
    std::sort(boundaries_.begin(), boundaries_.end());
    boundaries_.erase(std::unique(boundaries_.begin(), boundaries_.end()), boundaries_.end());
    // Interval 0 is before the first boundary; interval i (i >= 1) starts on boundaries_[i - 1].
    by_interval_.reserve(boundaries_.size() + 1);
    by_interval_.push_back(
        CodesJson(catalog, boundaries_.empty() ? core::Date{} : boundaries_.front().AddDays(-1)));
    for (const core::Date& start : boundaries_) by_interval_.push_back(CodesJson(catalog, start));
  }

  const std::string& Get(std::optional<core::Date> on) const {
    if (!on) return unfiltered_;
    const auto interval = std::upper_bound(boundaries_.begin(), boundaries_.end(), *on);
    return by_interval_[static_cast<std::size_t>(interval - boundaries_.begin())];
  }

 private:
  std::string unfiltered_;
  std::vector<core::Date> boundaries_;    // sorted, unique
  std::vector<std::string> by_interval_;  // boundaries_.size() + 1 texts
};

// The query of GET /api/v1/codes: nothing, or `on=YYYY-MM-DD` once. Any other parameter is
// refused, like an unknown field of a JSON body.
core::Result<std::optional<core::Date>> ParseCodesQuery(std::string_view query) {
  YS_ASSIGN_OR_RETURN(auto params, ParseQuery(query, {"on"}));
  std::optional<core::Date> on;
  for (const auto& [name, value] : params) {
    YS_ASSIGN_OR_RETURN(on, core::Date::Parse(value, "on"));
  }
  return on;
}

}  // namespace

// The route over a given catalog; AddCodeRoutes serves the built-in one. (A per-tenant catalog
// will key the cache by tenant.)
void AddCodeRoutes(Router& router, const domain::CodeCatalog& catalog) {
  auto cache = std::make_shared<const CodesJsonCache>(catalog);
  router.Add({"GET", "/api/v1/codes", domain::Action::kReadCodes,
              [cache](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto on, ParseCodesQuery(ctx.request.Query()));
                return JsonResponse(200, cache->Get(on));
              }});
}

void AddCodeRoutes(Router& router, ApiServices& /*services*/) {
  AddCodeRoutes(router, domain::CodeCatalog::BuiltIn());
}

}  // namespace yorisoi::http
