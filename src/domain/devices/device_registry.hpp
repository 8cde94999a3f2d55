// The active devices of every tenant, in memory, by certificate fingerprint: what the TLS
// handshake asks ("may this certificate talk to us?") and what a request's device is. Kept in
// step with the databases by DeviceService::Refresh (a poller, and at once after a revocation
// made by this process).
//
// Thread-safe: lookups take a shared lock and copy one small struct.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/devices/device.hpp"
#include "domain/devices/device_identity.hpp"

namespace yorisoi::domain {

class DeviceRegistry {
 public:
  // nullopt for a certificate that is not an active device's.
  std::optional<DeviceIdentity> Find(std::string_view fingerprint) const;

  // The revision last loaded for a tenant; -1 when never loaded.
  int64_t Revision(std::string_view tenant_id) const;

  // Replaces a tenant's active devices. Returns the fingerprints that were active and are not
  // any more (their connections are to be closed).
  std::vector<std::string> SetTenant(const std::string& tenant_id, int64_t revision,
                                     const std::vector<Device>& devices);

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, DeviceIdentity, std::less<>> by_fingerprint_;
  std::map<std::string, int64_t, std::less<>> revisions_;
};

}  // namespace yorisoi::domain
