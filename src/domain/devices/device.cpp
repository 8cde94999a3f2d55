#include "domain/devices/device.hpp"

#include <algorithm>

#include "core/error_codes.hpp"

namespace yorisoi::domain {

core::Status ValidateDeviceName(std::string_view name, std::string_view field) {
  const auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  const bool first_ok = !name.empty() && ok_char(name.front()) && name.front() != '.' &&
                        name.front() != '_' && name.front() != '-';
  if (name.empty())
    return core::Error::InvalidArgument(std::string(field), "is required", core::codes::kRequired);
  if (name.rfind("dev_", 0) == 0) {
    // Commands find a device by id or name: a name must never look like an id.
    return core::Error::InvalidArgument(std::string(field), "must not start with dev_",
                                        core::codes::kInvalidFormat);
  }
  if (name.size() > 64 || !first_ok || !std::all_of(name.begin(), name.end(), ok_char)) {
    return core::Error::InvalidArgument(
        std::string(field),
        "must be 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit",
        core::codes::kInvalidFormat);
  }
  return core::Ok();
}

core::Status ValidateDeviceKind(std::string_view kind, std::string_view field) {
  if (kind == kDeviceTablet || kind == kDeviceExportTerminal) return core::Ok();
  return core::Error::InvalidArgument(std::string(field), "must be tablet or export-terminal",
                                      core::codes::kInvalidValue);
}

core::Status ValidateRevokeReason(std::string_view reason, std::string_view field) {
  for (std::string_view r : kRevokeReasons) {
    if (reason == r) return core::Ok();
  }
  return core::Error::InvalidArgument(std::string(field),
                                      "must be lost, stolen, retired, compromised or other",
                                      core::codes::kInvalidValue);
}

}  // namespace yorisoi::domain
