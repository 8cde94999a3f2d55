// 経過記録 (notes) of a case: append-only; a correction is a new note naming the one it corrects.
//   GET/POST /api/v1/cases/{id}/notes
#include <optional>
#include <string>
#include <utility>

#include "domain/cases/case_service.hpp"
#include "http/handlers/case_file.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

// GET /api/v1/cases/{id}/notes
core::Result<net::Response> ListNotes(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
  YS_ASSIGN_OR_RETURN(auto list, s.cases.ListNotes(*ctx.principal, ctx.Param("id"), page));
  return JsonResponse(200, PageJson(list, WriteNote));
}

// POST /api/v1/cases/{id}/notes
core::Result<net::Response> AddNote(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto body,
                      JsonObject::Parse(ctx.request, {"body", "corrects"},
                                        {"id", "case_id", "at", "author_id", "version"}));
  YS_ASSIGN_OR_RETURN(std::string text, body.String("body"));
  YS_ASSIGN_OR_RETURN(auto corrects, NullableString(body, "corrects"));
  YS_ASSIGN_OR_RETURN(auto note, s.cases.AddNote(*ctx.principal, ctx.Param("id"), std::move(text),
                                                 corrects ? std::move(*corrects) : std::nullopt));
  return One(201, note, WriteNote);
}

}  // namespace

void AddNoteRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/cases/{id}/notes", Action::kReadCaseFile, Bind(s, ListNotes)});
  router.Add({"POST", "/api/v1/cases/{id}/notes", Action::kWriteCases, Bind(s, AddNote)});
}

}  // namespace yorisoi::http
