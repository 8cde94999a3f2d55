// Each file of this folder adds the routes of one resource.
#pragma once

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

// JSON views shared by the handlers (views.cpp), written without a DOM. Never include password
// hashes.
void WriteUser(JsonWriter& w, const domain::User& user);
void WriteUnit(JsonWriter& w, const domain::Unit& unit);
// {"items": [...], "next": null} from a list and a view.
template <typename T, typename View>
std::string ItemsJson(const std::vector<T>& items, View view) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : items) view(w, item);
  w.EndArray().Key("next").Null().EndObject();
  return w.Take();
}

}  // namespace yorisoi::http
