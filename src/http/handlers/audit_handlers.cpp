// GET /api/v1/audit?user=&record=&action=&from=&to=&after=&limit= (auditors and admins)
// GET /api/v1/audit/report?from=&to= (auditors and admins): the periodic analysis

#include "core/date.hpp"
#include "core/error_codes.hpp"
#include "http/handlers/handlers.hpp"
#include "http/query.hpp"

#include <optional>

#include "domain/audit/audit_report.hpp"

namespace yorisoi::http {
namespace {

core::Result<core::TimePoint> StartOfDayJst(std::string_view text, std::string_view field) {
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(text, field));
  // Dates are the ward's calendar days (JST, UTC+9).
  const int64_t ms = (d.DaysSinceEpoch() * 86400 - 9 * 3600) * 1000;
  // The whole day must fit a TimePoint ("to" adds 24 hours).
  if (!core::FitsTimePoint(ms) || !core::FitsTimePoint(ms + 86'400'000)) {
    return core::Error::InvalidArgument(std::string(field),
                                        "is outside the supported range (years 1678 to 2261)",
                                        core::codes::kInvalidDate);
  }
  return core::FromUnixMillis(ms);
}

void WriteEntry(JsonWriter& w, const domain::AuditEntry& e) {
  w.BeginObject()
      .Field("seq", e.seq)
      .Field("at", core::FormatIso8601Utc(e.at))
      .Field("user_id", e.actor.user_id)
      .Field("role", e.actor.role)
      .Field("session_id", e.actor.session_id)
      .Field("device_id", e.actor.device_id)
      .Field("address", e.actor.address)
      .Field("action", e.action)
      .Field("target_kind", e.target_kind)
      .StringArray("target_ids", e.target_ids)
      .Field("result", e.result)
      .Field("detail", e.detail)
      .Field("hash", e.hash)
      .EndObject();
}

}  // namespace

void AddAuditRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/audit/report", domain::Action::kReadAudit,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto params, ParseQuery(ctx.request.Query(), {"from", "to"}));
                std::optional<core::Date> from, to;
                for (const auto& [key, value] : params) {
                  YS_ASSIGN_OR_RETURN(auto d, core::Date::Parse(value, key));
                  (key == "from" ? from : to) = d;
                }
                if (!from) {
                  return core::Error::InvalidArgument("from", "is required",
                                                      core::codes::kRequired);
                }
                if (!to) {
                  return core::Error::InvalidArgument("to", "is required", core::codes::kRequired);
                }
                domain::AuditReportSettings settings;
                if (s.audit_report_settings) {
                  YS_ASSIGN_OR_RETURN(settings, s.audit_report_settings(ctx.principal->tenant_id));
                }
                YS_ASSIGN_OR_RETURN(auto report,
                                    s.audit.Report(ctx.principal->Actor(), ctx.principal->tenant_id,
                                                   *from, *to, settings));
                return JsonResponse(200, domain::AuditReportJson(report));
              }});

  router.Add({"GET", "/api/v1/audit", domain::Action::kReadAudit,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                domain::AuditQuery q;
                YS_ASSIGN_OR_RETURN(
                    auto params, ParseQuery(ctx.request.Query(), {"user", "record", "action",
                                                                  "from", "to", "after", "limit"}));
                for (const auto& [key, value] : params) {
                  if (key == "user") {
                    q.user_id = value;
                  } else if (key == "record") {
                    q.target_id = value;
                  } else if (key == "action") {
                    q.action = value;
                  } else if (key == "from") {
                    YS_ASSIGN_OR_RETURN(q.from, StartOfDayJst(value, "from"));
                  } else if (key == "to") {
                    YS_ASSIGN_OR_RETURN(auto t, StartOfDayJst(value, "to"));
                    q.to = t + std::chrono::hours(24);  // "to" is inclusive of that day
                  } else if (key == "after") {
                    // A sequence number here; ParseQuery checked the cursor's shape.
                    auto seq = QueryInt(value, key, 0, INT64_MAX, "must be a sequence number");
                    if (!seq.ok()) {
                      return core::Error::InvalidArgument(
                          key, "must be the next cursor of the previous page",
                          core::codes::kInvalidCursor);
                    }
                    q.after_seq = *seq;
                  } else {  // limit
                    YS_ASSIGN_OR_RETURN(const int64_t limit,
                                        QueryInt(value, key, 1, 500, "must be 1-500"));
                    q.limit = static_cast<int>(limit);
                  }
                }
                YS_ASSIGN_OR_RETURN(auto entries, s.audit.Query(*ctx.principal, q));
                JsonWriter w;
                w.BeginObject().Key("items").BeginArray();
                for (const auto& e : entries) WriteEntry(w, e);
                w.EndArray().Key("next");
                if (static_cast<int>(entries.size()) == q.limit) {
                  w.String(std::to_string(entries.back().seq));
                } else {
                  w.Null();
                }
                return JsonResponse(200, w.EndObject().Take());
              }});
}

}  // namespace yorisoi::http
