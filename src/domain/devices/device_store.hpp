// Where a tenant's enrolled devices are kept. Implemented per backend and covered by the
// conformance suite.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/devices/device.hpp"

namespace yorisoi::domain {

class DeviceStore {
 public:
  virtual ~DeviceStore() = default;
  // kConflict "device_name_taken" when the tenant has a device of that name.
  virtual core::Status Create(const Device& device) = 0;
  virtual core::Result<Device> FindById(std::string_view id) = 0;
  virtual core::Result<Device> FindByName(std::string_view name) = 0;
  virtual core::Result<std::vector<Device>> List() = 0;  // by name
  // Ends an active device: state kDeviceRevoked or kDeviceLost. kNotFound for an unknown id,
  // kConflict "not_active" when it is not active any more.
  virtual core::Status Revoke(std::string_view id, std::string_view state, core::TimePoint at,
                              std::string_view by, std::string_view reason) = 0;
  // Last use: when, from where, by whom. Not counted in Revision().
  virtual core::Status Touch(std::string_view id, core::TimePoint at, std::string_view address,
                             std::string_view user_id) = 0;
  // Grows with every Create and Revoke (0 without devices): a poller reloads the active devices
  // only when it moved.
  virtual core::Result<int64_t> Revision() = 0;
};

}  // namespace yorisoi::domain
