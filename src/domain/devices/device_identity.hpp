// The enrolled device a request came from, as the TLS handshake's client certificate named it
// (DeviceRegistry::Find): what a session is bound to. Its own header so that sign-in and the http
// layer can carry it without the registry.
#pragma once

#include <string>

namespace yorisoi::domain {

struct DeviceIdentity {
  std::string tenant_id;
  std::string device_id;
  std::string kind;
};

}  // namespace yorisoi::domain
