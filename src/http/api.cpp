#include "http/api.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/error_codes.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/web_assets.hpp"

namespace yorisoi::http {
namespace {

bool IsUnsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// A write authenticated by the cookie must show that it comes from this origin: an Origin header
// naming this host, or (a browser that sends no Origin) Sec-Fetch-Site: same-origin. Neither
// present is refused too: the cookie alone proves nothing about who made the request. When both
// are present both must agree.
bool IsSameOrigin(const net::Request& request) {
  const std::string_view origin = request.HeaderValue("Origin");
  const std::string_view fetch_site = request.HeaderValue("Sec-Fetch-Site");
  if (origin.empty() && fetch_site.empty()) return false;
  if (!fetch_site.empty() && fetch_site != "same-origin") return false;
  if (origin.empty()) return true;
  const std::string_view host = request.HeaderValue("Host");
  constexpr std::string_view kScheme = "https://";
  return !host.empty() && origin.substr(0, kScheme.size()) == kScheme &&
         origin.substr(kScheme.size()) == host;
}

// The method as a metrics label: a client cannot mint new series with invented methods.
std::string MethodLabel(std::string_view method) {
  for (std::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (method == known) return std::string(known);
  }
  return "OTHER";
}

net::Response MethodNotAllowed() {
  net::Response response = ErrorResponse(core::Error{core::Errc::kInvalidArgument,
                                                     std::string(core::codes::kMethodNotAllowed),
                                                     "this method is not allowed here", "method"});
  response.status = 405;
  return response;
}

// The API's own paths; everything else is the tablet web app.
bool IsApiPath(std::string_view path) {
  constexpr std::string_view kApi = "/api";
  return path.substr(0, kApi.size()) == kApi &&
         (path.size() == kApi.size() || path[kApi.size()] == '/');
}

// The embedded web app (web_assets.hpp): "/" is /index.html, an asset's exact path is that asset,
// any other path 404 (the app routes with #hashes, so there is no fallback page). GET and HEAD only
// (net/ leaves out the body of a HEAD answer). The gzip copy goes to clients that accept it.
net::Response WebResponse(const net::Request& request) {
  const std::string_view path = request.Path();
  const WebAsset* asset = FindWebAsset(path == "/" ? std::string_view("/index.html") : path);
  if (asset == nullptr) return ErrorResponse(core::Error::NotFound("no such resource"));
  if (request.method != "GET" && request.method != "HEAD") {
    net::Response response = MethodNotAllowed();
    response.SetHeader("Allow", "GET, HEAD");
    return response;
  }
  net::Response response;
  response.status = 200;
  response.SetHeader("Content-Type", std::string(asset->content_type));
  if (asset->gzip_body.empty()) {
    response.body = std::string(asset->body);
  } else {
    response.SetHeader("Vary", "Accept-Encoding");
    if (AcceptsGzip(request.HeaderValue("Accept-Encoding"))) {
      response.SetHeader("Content-Encoding", "gzip");
      response.body = std::string(asset->gzip_body);
    } else {
      response.body = std::string(asset->body);
    }
  }
  return response;
}

}  // namespace

void AddSecurityHeaders(net::Response& r) {
  // Handlers never set these, so they are appended without a lookup.
  static const std::vector<net::Header> kHeaders = {
      {"Cache-Control", "no-store"},
      {"Pragma", "no-cache"},
      {"Strict-Transport-Security", "max-age=63072000; includeSubDomains"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Permissions-Policy", "camera=(self), microphone=(), geolocation=()"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  r.headers.insert(r.headers.end(), kHeaders.begin(), kHeaders.end());
}

core::Result<std::optional<domain::DeviceIdentity>> RequestDevice(const ApiServices& services,
                                                                  const net::Request& request) {
  if (services.device_registry == nullptr) return std::optional<domain::DeviceIdentity>();
  // The handshake accepted the certificate, but the device may have been revoked since (its
  // connections are being closed): refuse rather than serve one more request.
  if (!request.peer) {
    return core::Error::Unauthenticated("an enrolled device is required",
                                        core::codes::kDeviceRequired);
  }
  auto device = services.device_registry->Find(request.peer->sha256_fingerprint);
  if (!device) {
    return core::Error::Unauthenticated("this device is not enrolled or was revoked",
                                        core::codes::kDeviceRevoked);
  }
  return device;
}

std::string_view ExtractToken(const net::Request& request, bool* from_cookie) {
  if (from_cookie) *from_cookie = false;
  const std::string_view auth = request.HeaderValue("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() &&
      net::EqualsIgnoreCase(auth.substr(0, kBearer.size()), kBearer)) {
    return auth.substr(kBearer.size());
  }
  std::string_view cookies = request.HeaderValue("Cookie");
  while (!cookies.empty()) {
    const auto semi = cookies.find(';');
    std::string_view item = cookies.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == kSessionCookie) {
      if (from_cookie) *from_cookie = true;
      return item.substr(eq + 1);
    }
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return {};
}

ApiHandler::ApiHandler(ApiServices services) : services_(services) {
  if (services_.worker_threads) pool_ = std::make_unique<WorkerPool>(*services_.worker_threads);
  AddSessionRoutes(router_, services_);
  AddUserRoutes(router_, services_);
  AddUnitRoutes(router_, services_);
  AddAuditRoutes(router_, services_);
  AddCodeRoutes(router_, services_);
  AddCaseRoutes(router_, services_);
  AddSettingsRoutes(router_, services_);
  AddDeviceRoutes(router_, services_);
  AddOpenApiRoutes(router_, services_);
}

core::Result<net::Response> ApiHandler::Dispatch(const net::Request& request, const Route& route,
                                                 RequestContext& ctx) {
  if (route.action) {
    bool from_cookie = false;
    const std::string_view token = ExtractToken(request, &from_cookie);
    if (token.empty()) return core::Error::Unauthenticated("sign-in required");
    if (from_cookie && IsUnsafe(request.method) && !IsSameOrigin(request)) {
      return core::Error::Forbidden("cross-origin request refused", core::codes::kCrossOrigin);
    }
    YS_ASSIGN_OR_RETURN(ctx.principal,
                        services_.auth.Authenticate(token, request.remote_address,
                                                    ctx.device ? ctx.device->device_id : ""));
    auto allowed = domain::Authorize(*ctx.principal, *route.action);
    if (!allowed.ok()) {
      services_.auth.AuditDenied(*ctx.principal, domain::ActionName(*route.action));
      return std::move(allowed).error();
    }
  }
  return route.handler(ctx);
}

net::Response ApiHandler::Handle(const net::Request& request) {
  const auto start = std::chrono::steady_clock::now();
  std::string route_label;
  net::Response response = Respond(request, route_label);
  services_.metrics.Observe(MethodLabel(request.method), route_label, response.status,
                            std::chrono::steady_clock::now() - start);
  return response;
}

void ApiHandler::HandleAsync(net::Request request, net::Completion done) {
  if (!pool_) {
    done(Handle(request));
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  pool_->Post([this, start, request = std::move(request), done = std::move(done)] {
    std::optional<domain::DeferredAudit> deferred;
    if (services_.audit_writer != nullptr) deferred.emplace(*services_.audit_writer);
    std::string route_label;
    net::Response response = Respond(request, route_label);
    auto finish = [this, start, method = MethodLabel(request.method), route_label,
                   done](net::Response answer) {
      services_.metrics.Observe(method, route_label, answer.status,
                                std::chrono::steady_clock::now() - start);
      done(std::move(answer));
    };
    if (!deferred) {
      finish(std::move(response));
      return;
    }
    // Nothing leaves before the request's audit entries are durable: not the data of a read
    // whose entry is missing, not a refusal whose trace is.
    deferred->OnDurable([finish, route_label, method = MethodLabel(request.method),
                         response = std::move(response)](const core::Status& durable) mutable {
      if (!durable.ok()) {
        spdlog::error("audit entry not written, answer withheld: route={} {} code={} detail={}",
                      method, route_label, durable.error().code, durable.error().message);
        response = ErrorResponse(core::Error::Unavailable("the audit log could not be written"));
        AddSecurityHeaders(response);
      }
      finish(std::move(response));
    });
  });
}

net::Response ApiHandler::Respond(const net::Request& request, std::string& route_label) {
  // Every answer, the app's files and public routes included, is for an active device only: a
  // revoked device's connection still open for a moment gets nothing more.
  auto device = RequestDevice(services_, request);
  if (!device.ok()) {
    net::Response refused = ErrorResponse(device.error());
    AddSecurityHeaders(refused);
    route_label = "device_refused";
    return refused;
  }
  if (!IsApiPath(request.Path())) {
    // Outside the router (and so outside the OpenAPI document); one metrics label for all.
    net::Response response = WebResponse(request);
    AddSecurityHeaders(response);
    route_label = "web";
    return response;
  }
  const auto match = router_.Find(request.method, request.Path());
  route_label = "unmatched";
  net::Response response;
  if (match.route == nullptr) {
    if (match.path_known) {
      response = MethodNotAllowed();
    } else {
      response = ErrorResponse(core::Error::NotFound("no such resource"));
    }
  } else {
    route_label = match.route->pattern;
    RequestContext ctx{request, match.params, std::nullopt, std::move(*device)};
    core::Result<net::Response> result = [&]() -> core::Result<net::Response> {
      try {
        return Dispatch(request, *match.route, ctx);
      } catch (const std::exception&) {
        // Exception text may quote data; log only where it happened.
        return core::Error::Internal("unhandled exception in handler");
      }
    }();
    if (result.ok()) {
      response = std::move(*result);
    } else {
      const auto& err = result.error();
      if (err.errc == core::Errc::kInternal || err.errc == core::Errc::kUnavailable) {
        spdlog::error("request failed: route={} {} code={} detail={}", request.method, route_label,
                      err.code, err.message);
      }
      response = ErrorResponse(err);
    }
  }
  AddSecurityHeaders(response);
  return response;
}

net::Response ApiHandler::HandleProtocolError(const core::Error& error) {
  net::Response response = ErrorResponse(error);
  AddSecurityHeaders(response);
  services_.metrics.Observe("-", "protocol_error", response.status, std::chrono::nanoseconds(0));
  return response;
}

}  // namespace yorisoi::http
