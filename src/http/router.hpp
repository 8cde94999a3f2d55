// Routes: method + path pattern ("/api/v1/users/{id}") + what the caller must be allowed to do.
// The table is data, so the OpenAPI document and tests can list it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/devices/device_identity.hpp"
#include "domain/principal.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

struct RequestContext {
  const net::Request& request;
  std::vector<std::pair<std::string, std::string>> params;  // from {name} segments
  std::optional<domain::Principal> principal;               // set when the route needs sign-in
  // The enrolled device the request came from; nullopt without devices (demo, unit tests).
  // Looked up once per request by ApiHandler::Handle.
  std::optional<domain::DeviceIdentity> device{};

  std::string_view Param(std::string_view name) const;
};

using HandlerFn = std::function<core::Result<net::Response>(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;                   // also the metrics label
  std::optional<domain::Action> action;  // nullopt: no sign-in needed (login)
  HandlerFn handler;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;  // null: no route for this path and method
    bool path_known = false;       // the path exists with another method (answer 405)
    std::vector<std::pair<std::string, std::string>> params;
  };
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace yorisoi::http
