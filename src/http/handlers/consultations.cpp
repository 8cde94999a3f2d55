// 相談記録 (consultations) of a case. A stale PATCH answers 409 stale_version with "current".
//   GET/POST /api/v1/cases/{id}/consultations    PATCH /api/v1/consultations/{id}
#include <string>
#include <utility>

#include "core/date.hpp"
#include "domain/cases/case_service.hpp"
#include "http/handlers/case_file.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

struct ConsultationChange {
  Change<core::Date> date;
  Change<std::string> type, method, content;

  void ApplyTo(domain::Consultation& c) const {
    if (date) c.date = *date;
    if (type) c.type = *type;
    if (method) c.method = *method;
    if (content) c.content = *content;
  }
};

core::Result<ConsultationChange> ReadConsultationChange(const JsonObject& body) {
  ConsultationChange c;
  YS_ASSIGN_OR_RETURN(c.date, DateIfPresent(body, "date"));
  YS_ASSIGN_OR_RETURN(c.type, body.StringIfPresent("type"));
  YS_ASSIGN_OR_RETURN(c.method, body.StringIfPresent("method"));
  YS_ASSIGN_OR_RETURN(c.content, body.StringIfPresent("content"));
  return c;
}

// GET /api/v1/cases/{id}/consultations
core::Result<net::Response> ListConsultations(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
  YS_ASSIGN_OR_RETURN(auto list, s.cases.ListConsultations(*ctx.principal, ctx.Param("id"), page));
  return JsonResponse(200, PageJson(list, WriteConsultation));
}

// POST /api/v1/cases/{id}/consultations
core::Result<net::Response> AddConsultation(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(
      auto body,
      JsonObject::Parse(ctx.request, {"date", "type", "method", "content"},
                        {"id", "case_id", "author_id", "created_at", "updated_at", "version"}));
  for (std::string_view field : {"date", "type", "method"}) {
    YS_RETURN_IF_ERROR(body.String(field));
  }
  YS_ASSIGN_OR_RETURN(ConsultationChange change, ReadConsultationChange(body));
  domain::Consultation input;
  change.ApplyTo(input);
  YS_ASSIGN_OR_RETURN(auto created,
                      s.cases.AddConsultation(*ctx.principal, ctx.Param("id"), std::move(input)));
  return One(201, created, WriteConsultation);
}

// PATCH /api/v1/consultations/{id}
core::Result<net::Response> UpdateConsultation(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(
      auto body, JsonObject::Parse(ctx.request, {"version", "date", "type", "method", "content"},
                                   {"id", "case_id", "author_id", "created_at", "updated_at"}));
  YS_ASSIGN_OR_RETURN(int64_t version, ReadVersion(body));
  YS_ASSIGN_OR_RETURN(ConsultationChange change, ReadConsultationChange(body));
  const std::string_view id = ctx.Param("id");
  auto updated =
      s.cases.UpdateConsultation(*ctx.principal, id, version, [&](domain::Consultation& c) {
        change.ApplyTo(c);
        return core::Ok();
      });
  if (!updated.ok()) {
    if (!IsStale(updated.error())) return std::move(updated).error();
    return StaleAnswer(s, ctx, updated.error(), s.cases.GetConsultation(*ctx.principal, id),
                       WriteConsultation, "consultation.update", id, version,
                       [](const domain::Consultation& c) { return c.version; });
  }
  return One(200, *updated, WriteConsultation);
}

}  // namespace

void AddConsultationRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/cases/{id}/consultations", Action::kReadCaseFile,
              Bind(s, ListConsultations)});
  router.Add(
      {"POST", "/api/v1/cases/{id}/consultations", Action::kWriteCases, Bind(s, AddConsultation)});
  router.Add(
      {"PATCH", "/api/v1/consultations/{id}", Action::kWriteCases, Bind(s, UpdateConsultation)});
}

}  // namespace yorisoi::http
