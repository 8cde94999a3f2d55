// GET /api/v1/codes: every code list of the caller's tenant (built-in lists and the ward's own
// entries), for pickers. POST /api/v1/codes and PATCH /api/v1/codes/{list}/{code}: a ward admin
// adds entries of the ward's own and ends their validity.
//
// The answer of GET depends only on the tenant's catalog and the optional `on` date, so it is
// written once per catalog and served from memory. Validity is piecewise constant between the
// catalog's boundary dates (every valid_from and every day after a valid_to), so one text per
// interval covers every possible `on`: the cache is small and bounded, whatever dates clients
// send.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error_codes.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/codes/code_service.hpp"
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

// The JSON texts of each tenant's current catalog. A catalog is immutable, so its texts are
// built once and kept while CodeService hands out the same catalog.
class TenantCodesJson {
 public:
  std::shared_ptr<const CodesJsonCache> For(const std::string& tenant_id,
                                            const std::shared_ptr<const domain::CodeCatalog>& c) {
    {
      std::lock_guard lock(mu_);
      auto it = by_tenant_.find(tenant_id);
      if (it != by_tenant_.end() && it->second.catalog == c) return it->second.texts;
    }
    auto texts = std::make_shared<const CodesJsonCache>(*c);
    std::lock_guard lock(mu_);
    by_tenant_[tenant_id] = Slot{c, texts};
    return texts;
  }

 private:
  struct Slot {
    std::shared_ptr<const domain::CodeCatalog> catalog;
    std::shared_ptr<const CodesJsonCache> texts;
  };
  std::mutex mu_;
  std::map<std::string, Slot, std::less<>> by_tenant_;
};

core::Result<std::optional<core::Date>> OptionalDate(const JsonObject& body,
                                                     std::string_view field) {
  YS_ASSIGN_OR_RETURN(auto text, body.OptionalString(field));
  if (!text) return std::optional<core::Date>();
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(*text, field));
  return std::optional<core::Date>(d);
}

void WriteTenantCodeEntry(JsonWriter& w, const domain::TenantCodeEntry& e) {
  w.BeginObject().Field("list", e.list).Key("entry");
  WriteCodeEntry(w, e.entry);
  w.Field("created_at", core::FormatIso8601Utc(e.created_at));
  w.EndObject();
}

}  // namespace

// GET /api/v1/codes over a source of catalogs (the caller's tenant's, in production; a fixed
// one in the unit tests). The texts are cached per tenant while the source answers the same
// catalog.
using CatalogSource =
    std::function<core::Result<std::shared_ptr<const domain::CodeCatalog>>(const RequestContext&)>;
void AddCodeListRoute(Router& router, CatalogSource source) {
  auto texts = std::make_shared<TenantCodesJson>();
  router.Add(
      {"GET", "/api/v1/codes", domain::Action::kReadCodes,
       [source = std::move(source), texts](RequestContext& ctx) -> core::Result<net::Response> {
         YS_ASSIGN_OR_RETURN(auto on, ParseCodesQuery(ctx.request.Query()));
         YS_ASSIGN_OR_RETURN(auto catalog, source(ctx));
         const std::string tenant = ctx.principal ? ctx.principal->tenant_id : "";
         return JsonResponse(200, texts->For(tenant, catalog)->Get(on));
       }});
}

void AddCodeRoutes(Router& router, ApiServices& s) {
  AddCodeListRoute(router, [&s](const RequestContext& ctx) {
    return s.codes.Catalog(ctx.principal->tenant_id);
  });

  router.Add({"POST", "/api/v1/codes", domain::Action::kManageCodes,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(
                    auto body,
                    JsonObject::Parse(ctx.request, {"list", "code", "label", "parent", "group",
                                                    "valid_from", "valid_to", "flags"}));
                YS_ASSIGN_OR_RETURN(std::string list, body.String("list"));
                domain::CodeEntry entry;
                YS_ASSIGN_OR_RETURN(entry.code, body.String("code"));
                YS_ASSIGN_OR_RETURN(entry.label, body.String("label"));
                YS_ASSIGN_OR_RETURN(auto parent, body.OptionalString("parent"));
                entry.parent = parent.value_or("");
                YS_ASSIGN_OR_RETURN(auto group, body.OptionalString("group"));
                entry.group = group.value_or("");
                YS_ASSIGN_OR_RETURN(entry.valid_from, OptionalDate(body, "valid_from"));
                YS_ASSIGN_OR_RETURN(entry.valid_to, OptionalDate(body, "valid_to"));
                YS_ASSIGN_OR_RETURN(entry.flags, body.StringArray("flags", false));
                YS_ASSIGN_OR_RETURN(
                    auto added, s.codes.AddEntry(ctx.principal->Actor(), ctx.principal->tenant_id,
                                                 std::move(list), std::move(entry)));
                JsonWriter w;
                WriteTenantCodeEntry(w, added);
                return JsonResponse(201, w.Take());
              }});

  router.Add({"PATCH", "/api/v1/codes/{list}/{code}", domain::Action::kManageCodes,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"valid_to"}));
                if (!body.Contains("valid_to")) {
                  return core::Error::InvalidArgument("valid_to", "is required (null reopens)",
                                                      core::codes::kRequired);
                }
                YS_ASSIGN_OR_RETURN(auto valid_to, OptionalDate(body, "valid_to"));
                YS_ASSIGN_OR_RETURN(
                    auto changed,
                    s.codes.SetValidTo(ctx.principal->Actor(), ctx.principal->tenant_id,
                                       ctx.Param("list"), ctx.Param("code"), valid_to));
                JsonWriter w;
                WriteTenantCodeEntry(w, changed);
                return JsonResponse(200, w.Take());
              }});
}

}  // namespace yorisoi::http
