// The HTTPS API as a net::Handler: routing, sign-in, the role check, error mapping, security
// headers and metrics for every answer. Paths outside /api/ serve the embedded tablet web app
// (web_assets.hpp), outside the router.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/metrics.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/audit_writer.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/codes/code_service.hpp"
#include "domain/devices/device_service.hpp"
#include "domain/users/auth_service.hpp"
#include "domain/users/user_service.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

inline constexpr std::string_view kSessionCookie = "yorisoi_session";

struct ApiServices {
  domain::AuthService& auth;
  domain::UserService& users;
  domain::AuditService& audit;
  domain::CaseService& cases;
  domain::CodeService& codes;
  core::RequestMetrics& metrics;
  bool demo_mode = false;
  // The tablet app locks its screen after this long without input (GET /api/v1/settings).
  std::chrono::seconds idle_lock{300};
  // Devices: null where there are none (unit tests). `device_registry` is null in demo mode (no
  // client certificates); otherwise every request's certificate is looked up there.
  domain::DeviceService* devices = nullptr;
  const domain::DeviceRegistry* device_registry = nullptr;
  // Called after this process revoked a device: reload the registry and close its connections.
  std::function<void()> devices_changed{};
  // How requests wait (docs/architecture.md, "Threads"). With worker_threads set, HandleAsync
  // runs each request's work on a pool of that many threads of the handler's own (0: one per
  // hardware thread), never on the calling network thread; with an audit_writer too, the entries
  // of reads and refusals go to it and the answer leaves once they are durable (503 when their
  // batch failed), without a pool thread waiting for it. Unset (unit tests): HandleAsync answers
  // inline, as Handle does, and audit entries are committed synchronously.
  std::optional<unsigned> worker_threads{};
  domain::AuditWriter* audit_writer = nullptr;
  // The tenant's audit report thresholds (GET /api/v1/audit/report); unset: the defaults.
  std::function<core::Result<domain::AuditReportSettings>(std::string_view tenant_id)>
      audit_report_settings{};
};

// The enrolled device a request came from: nullopt without devices (demo mode, unit tests);
// kUnauthenticated when devices are required and the request's certificate is not an active
// device's any more.
core::Result<std::optional<domain::DeviceIdentity>> RequestDevice(const ApiServices& services,
                                                                  const net::Request& request);

class ApiHandler final : public net::Handler {
 public:
  explicit ApiHandler(ApiServices services);
  // The request's work on the pool, the answer through `done` (see ApiServices).
  void HandleAsync(net::Request request, net::Completion done) override;
  // The same, synchronously on the calling thread (tests, benchmarks).
  net::Response Handle(const net::Request& request) override;
  net::Response HandleProtocolError(const core::Error& error) override;
  const Router& router() const { return router_; }

 private:
  // The answer, security headers included; `route_label` is set for the metrics.
  net::Response Respond(const net::Request& request, std::string& route_label);
  core::Result<net::Response> Dispatch(const net::Request& request, const Route& route,
                                       RequestContext& ctx);
  ApiServices services_;
  Router router_;
  std::unique_ptr<WorkerPool> pool_;  // null: HandleAsync answers inline
};

// Headers every answer carries (no-store, HSTS, CSP, ...). Exposed for the ops listener.
void AddSecurityHeaders(net::Response& response);

// The session token from "Authorization: Bearer" or the session cookie; empty when none.
std::string_view ExtractToken(const net::Request& request, bool* from_cookie);

}  // namespace yorisoi::http
