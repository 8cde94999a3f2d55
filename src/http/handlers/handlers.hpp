// Each file of this folder adds the routes of one resource.
#pragma once

#include <string>
#include <vector>

#include "http/api.hpp"
#include "http/json.hpp"
#include "http/json_writer.hpp"
#include "http/router.hpp"

namespace yorisoi::http {

void AddSessionRoutes(Router& router, ApiServices& services);  // session_handlers.cpp
void AddUserRoutes(Router& router, ApiServices& services);     // user_handlers.cpp
void AddUnitRoutes(Router& router, ApiServices& services);     // unit_handlers.cpp
void AddAuditRoutes(Router& router, ApiServices& services);    // audit_handlers.cpp
void AddCodeRoutes(Router& router, ApiServices& services);     // code_handlers.cpp
void AddOpenApiRoutes(Router& router, ApiServices& services);  // openapi_handlers.cpp
// The case file: cases.cpp, then people.cpp, consultations.cpp, notes.cpp, policies.cpp.
void AddCaseRoutes(Router& router, ApiServices& services);      // cases.cpp (case_file.hpp)
void AddSettingsRoutes(Router& router, ApiServices& services);  // settings_handlers.cpp
void AddDeviceRoutes(Router& router, ApiServices& services);    // device_handlers.cpp

// A route's handler written as a named function of the services and the request:
//   router.Add({"GET", "/api/v1/cases", Action::kReadCases, Bind(s, ListCases)});
using ServiceHandler = core::Result<net::Response> (*)(ApiServices&, RequestContext&);
inline HandlerFn Bind(ApiServices& services, ServiceHandler handler) {
  return [&services, handler](RequestContext& ctx) { return handler(services, ctx); };
}

// JSON views shared by the handlers (views.cpp), written without a DOM. Never include password
// hashes.
void WriteUser(JsonWriter& w, const domain::User& user);
void WriteUnit(JsonWriter& w, const domain::Unit& unit);
void WriteDevice(JsonWriter& w, const domain::Device& device);
// The case file. Person views carry the derived age and 学年 as of `today` (the ward's day). A
// list item is the case without people and records; both carry the case's next action.
void WriteCaseListItem(JsonWriter& w, const domain::CaseListItem& item);
void WriteCaseView(JsonWriter& w, const domain::CaseView& view, core::Date today);
void WritePerson(JsonWriter& w, const domain::Person& person, core::Date today);
void WriteConsultation(JsonWriter& w, const domain::Consultation& consultation);
void WriteNote(JsonWriter& w, const domain::Note& note);
void WritePolicy(JsonWriter& w, const domain::Policy& policy);
// {"items": [...], "next": null} from a list and a view.
template <typename T, typename View>
std::string ItemsJson(const std::vector<T>& items, View view) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : items) view(w, item);
  w.EndArray().Key("next").Null().EndObject();
  return w.Take();
}
// {"items": [...], "next": cursor-or-null} from a page of the case service.
template <typename T, typename View>
std::string PageJson(const domain::Page<T>& page, View view) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : page.items) view(w, item);
  w.EndArray().Key("next");
  if (page.next.empty()) {
    w.Null();
  } else {
    w.String(page.next);
  }
  w.EndObject();
  return w.Take();
}

}  // namespace yorisoi::http
