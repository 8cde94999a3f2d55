// Each file of this folder adds the routes of one resource.
#pragma once

#include "http/api.hpp"
#include "http/json.hpp"
#include "http/router.hpp"

namespace yorisoi::http {

void AddSessionRoutes(Router& router, ApiServices& services);  // session_handlers.cpp
void AddUserRoutes(Router& router, ApiServices& services);     // user_handlers.cpp
void AddUnitRoutes(Router& router, ApiServices& services);     // unit_handlers.cpp

// JSON views shared by the handlers (views.cpp). Never include password hashes.
Json UserJson(const domain::User& user);
Json UnitJson(const domain::Unit& unit);

}  // namespace yorisoi::http
