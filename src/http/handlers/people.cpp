// The people of a case, with the derived age and 学年 (as of the ward's day) in the
// answer. A stale PATCH answers 409 stale_version with "current".
//   POST /api/v1/cases/{id}/people    PATCH /api/v1/people/{id}
#include <string>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "domain/cases/case_service.hpp"
#include "http/handlers/case_file.hpp"

namespace yorisoi::http {
namespace {

using domain::Action;

struct PersonText {
  std::string_view field;
  std::string domain::Person::*member;
};
// The text and code members of a person, as the JSON names them.
const PersonText kPersonText[] = {
    {"role", &domain::Person::role},
    {"name", &domain::Person::name},
    {"name_kana", &domain::Person::name_kana},
    {"sex", &domain::Person::sex},
    {"relationship", &domain::Person::relationship},
    {"address", &domain::Person::address},
    {"grade_override", &domain::Person::grade_override},
    {"workplace", &domain::Person::workplace},
    {"health", &domain::Person::health},
    {"clinic", &domain::Person::clinic},
    {"nationality", &domain::Person::nationality},
    {"residence_status", &domain::Person::residence_status},
};

struct PersonChange {
  std::vector<std::pair<std::string domain::Person::*, std::string>> text;
  Change<std::optional<core::Date>> birth_date;
  Change<std::pair<std::string, std::string>> school;  // kind, name

  void ApplyTo(domain::Person& p) const {
    for (const auto& [member, value] : text) p.*member = value;
    if (birth_date) p.birth_date = *birth_date;
    if (school) {
      p.affiliation_kind = school->first;
      p.affiliation_name = school->second;
    }
  }
};

core::Result<PersonChange> ReadPersonChange(const JsonObject& body) {
  PersonChange change;
  for (const PersonText& t : kPersonText) {
    YS_ASSIGN_OR_RETURN(auto value, body.StringIfPresent(t.field));
    if (value) change.text.emplace_back(t.member, std::move(*value));
  }
  YS_ASSIGN_OR_RETURN(change.birth_date, NullableDate(body, "birth_date"));
  YS_RETURN_IF_ERROR(NotNull(body, "school"));
  if (body.Contains("school")) {
    // The whole object: a member left out is empty.
    YS_ASSIGN_OR_RETURN(JsonObject school, body.Object("school", {"kind", "name"}));
    YS_ASSIGN_OR_RETURN(auto kind, school.StringIfPresent("kind"));
    YS_ASSIGN_OR_RETURN(auto name, school.StringIfPresent("name"));
    change.school.emplace(kind.value_or(""), name.value_or(""));
  }
  return change;
}

// POST /api/v1/cases/{id}/people
core::Result<net::Response> AddPerson(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(
      auto body,
      JsonObject::Parse(
          ctx.request,
          {"role", "name", "name_kana", "sex", "relationship", "birth_date", "address", "school",
           "grade_override", "workplace", "health", "clinic", "nationality", "residence_status"},
          {"id", "case_id", "age", "grade", "created_at", "updated_at", "version"}));
  YS_RETURN_IF_ERROR(body.String("role"));
  YS_ASSIGN_OR_RETURN(PersonChange change, ReadPersonChange(body));
  domain::Person input;
  change.ApplyTo(input);
  YS_ASSIGN_OR_RETURN(auto person,
                      s.cases.AddPerson(*ctx.principal, ctx.Param("id"), std::move(input)));
  const core::Date today = s.cases.Today();
  return One(201, person,
             [today](JsonWriter& w, const domain::Person& p) { WritePerson(w, p, today); });
}

// PATCH /api/v1/people/{id}
core::Result<net::Response> UpdatePerson(ApiServices& s, RequestContext& ctx) {
  YS_ASSIGN_OR_RETURN(
      auto body,
      JsonObject::Parse(ctx.request,
                        {"version", "role", "name", "name_kana", "sex", "relationship",
                         "birth_date", "address", "school", "grade_override", "workplace", "health",
                         "clinic", "nationality", "residence_status"},
                        {"id", "case_id", "age", "grade", "created_at", "updated_at"}));
  YS_ASSIGN_OR_RETURN(int64_t version, ReadVersion(body));
  YS_ASSIGN_OR_RETURN(PersonChange change, ReadPersonChange(body));
  const std::string_view id = ctx.Param("id");
  auto updated = s.cases.UpdatePerson(*ctx.principal, id, version, [&](domain::Person& p) {
    change.ApplyTo(p);
    return core::Ok();
  });
  const core::Date today = s.cases.Today();
  const auto write = [today](JsonWriter& w, const domain::Person& p) { WritePerson(w, p, today); };
  if (!updated.ok()) {
    if (!IsStale(updated.error())) return std::move(updated).error();
    return StaleAnswer(s, ctx, updated.error(), s.cases.GetPerson(*ctx.principal, id), write,
                       "person.update", id, version,
                       [](const domain::Person& p) { return p.version; });
  }
  return One(200, *updated, write);
}

}  // namespace

void AddPeopleRoutes(Router& router, ApiServices& s) {
  router.Add({"POST", "/api/v1/cases/{id}/people", Action::kWriteCases, Bind(s, AddPerson)});
  router.Add({"PATCH", "/api/v1/people/{id}", Action::kWriteCases, Bind(s, UpdatePerson)});
}

}  // namespace yorisoi::http
