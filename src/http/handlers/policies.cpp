// 対応方針 (policies) of a case: append-only, decided by a supervisor.
//   GET/POST /api/v1/cases/{id}/policies
#include <string>
#include <utility>

#include "domain/cases/case_service.hpp"
#include "http/handlers/case_file.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

// GET /api/v1/cases/{id}/policies
core::Result<net::Response> ListPolicies(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto page, ReadRecordPage(ctx.request));
  YS_ASSIGN_OR_RETURN(auto list, s.cases.ListPolicies(*ctx.principal, ctx.Param("id"), page));
  return JsonResponse(200, PageJson(list, WritePolicy));
}

// POST /api/v1/cases/{id}/policies
core::Result<net::Response> DecidePolicy(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(auto body,
                      JsonObject::Parse(ctx.request, {"body", "next_action", "next_action_on"},
                                        {"id", "case_id", "decided_at", "decided_by", "version"}));
  domain::Policy input;
  YS_ASSIGN_OR_RETURN(input.body, body.String("body"));
  YS_ASSIGN_OR_RETURN(auto next_action, body.StringIfPresent("next_action"));
  input.next_action = next_action.value_or("");
  YS_ASSIGN_OR_RETURN(auto next_on, NullableDate(body, "next_action_on"));
  if (next_on) input.next_action_on = *next_on;
  YS_ASSIGN_OR_RETURN(auto policy,
                      s.cases.AddPolicy(*ctx.principal, ctx.Param("id"), std::move(input)));
  return One(201, policy, WritePolicy);
}

}  // namespace

void AddPolicyRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/cases/{id}/policies", Action::kReadCaseFile, Bind(s, ListPolicies)});
  router.Add({"POST", "/api/v1/cases/{id}/policies", Action::kDecidePolicy, Bind(s, DecidePolicy)});
}

}  // namespace yorisoi::http
