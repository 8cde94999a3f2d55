// Devices: GET/POST /api/v1/devices and POST /api/v1/devices/{id}/revoke for ward admins;
// GET /api/v1/me/devices and POST /api/v1/me/devices/{id}/lost for a user reporting their own
// tablet lost from another device.
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {
namespace {

core::Result<domain::DeviceService*> Devices(ApiServices& s) {
  if (s.devices == nullptr) return core::Error::Unavailable("devices are not available here");
  return s.devices;
}

void Changed(ApiServices& s) {
  if (s.devices_changed) s.devices_changed();
}

}  // namespace

void AddDeviceRoutes(Router& router, ApiServices& s) {
  router.Add({"GET", "/api/v1/devices", domain::Action::kManageDevices,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto* devices, Devices(s));
                YS_ASSIGN_OR_RETURN(auto list, devices->List(ctx.principal->tenant_id));
                return JsonResponse(200, ItemsJson(list, WriteDevice));
              }});

  router.Add({"POST", "/api/v1/devices", domain::Action::kManageDevices,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto* devices, Devices(s));
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"name", "kind"}));
                YS_ASSIGN_OR_RETURN(std::string name, body.String("name"));
                YS_ASSIGN_OR_RETURN(std::string kind, body.String("kind"));
                YS_ASSIGN_OR_RETURN(
                    auto enrolled,
                    devices->Enroll(ctx.principal->Actor(), ctx.principal->tenant_id, name, kind));
                Changed(s);  // accepted at once, not only at the next poll
                JsonWriter w;
                w.BeginObject().Key("device");
                WriteDevice(w, enrolled.device);
                // The key leaves the server once, inside a password-protected PKCS#12 for MDM.
                w.Field("pkcs12_base64", enrolled.pkcs12_base64)
                    .Field("pkcs12_password", enrolled.pkcs12_password)
                    .Field("ca_certificate_pem", enrolled.certificate.ca_certificate_pem)
                    .EndObject();
                return JsonResponse(201, w.Take());
              }});

  router.Add({"POST", "/api/v1/devices/{id}/revoke", domain::Action::kManageDevices,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto* devices, Devices(s));
                YS_ASSIGN_OR_RETURN(auto body, JsonObject::Parse(ctx.request, {"reason"}));
                YS_ASSIGN_OR_RETURN(std::string reason, body.String("reason"));
                YS_ASSIGN_OR_RETURN(
                    auto revoked, devices->Revoke(ctx.principal->Actor(), ctx.principal->tenant_id,
                                                  ctx.Param("id"), reason));
                Changed(s);
                JsonWriter w;
                WriteDevice(w, revoked);
                return JsonResponse(200, w.Take());
              }});

  router.Add({"GET", "/api/v1/me/devices", domain::Action::kReadOwnAccount,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto* devices, Devices(s));
                YS_ASSIGN_OR_RETURN(auto own, devices->ListOwn(*ctx.principal));
                return JsonResponse(200, ItemsJson(own, WriteDevice));
              }});

  router.Add({"POST", "/api/v1/me/devices/{id}/lost", domain::Action::kReadOwnAccount,
              [&s](RequestContext& ctx) -> core::Result<net::Response> {
                YS_ASSIGN_OR_RETURN(auto* devices, Devices(s));
                YS_ASSIGN_OR_RETURN(auto lost,
                                    devices->ReportLost(*ctx.principal, ctx.Param("id")));
                Changed(s);
                JsonWriter w;
                WriteDevice(w, lost);
                return JsonResponse(200, w.Take());
              }});
}

}  // namespace yorisoi::http
