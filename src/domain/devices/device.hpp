// Devices: the tablets (and export terminals) a ward has enrolled. Only an enrolled, active
// device talks to the server: its client certificate, issued by the tenant's device CA, is
// required in the TLS handshake (mTLS), every session is bound to the device it was opened on,
// and revoking a device cuts it off (open connections closed, sessions ended) within a second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace yorisoi::domain {

inline constexpr std::string_view kDeviceTablet = "tablet";
inline constexpr std::string_view kDeviceExportTerminal = "export-terminal";

inline constexpr std::string_view kDeviceActive = "active";
inline constexpr std::string_view kDeviceRevoked = "revoked";  // by an admin
inline constexpr std::string_view kDeviceLost = "lost";        // reported lost (admin or user)

struct Device {
  std::string id;           // "dev_" + random; the certificate's CN
  std::string name;         // the ward's label for it, e.g. "sogo-tablet-07"; never a person's name
  std::string kind;         // kDeviceTablet or kDeviceExportTerminal
  std::string fingerprint;  // lowercase hex SHA-256 of the certificate (DER)
  std::string serial;       // certificate serial, lowercase hex
  core::TimePoint not_after{};
  std::string enrolled_by;  // user id; "" from the command line
  core::TimePoint enrolled_at{};
  std::string state = std::string(kDeviceActive);
  std::optional<core::TimePoint> revoked_at;
  std::string revoked_by;     // user id; "" from the command line
  std::string revoke_reason;  // a reason code (kRevokeReasons)
  std::optional<core::TimePoint> last_seen_at;
  std::string last_seen_address;
  std::string last_user_id;
  int64_t version = 1;

  bool active() const { return state == kDeviceActive; }
};

// Why a device was revoked: codes, so the audit log holds no free text.
inline constexpr std::string_view kRevokeReasons[] = {"lost", "stolen", "retired", "compromised",
                                                      "other"};

// [A-Za-z0-9][A-Za-z0-9._-]{0,63}: safe in certificates, file names and logs.
core::Status ValidateDeviceName(std::string_view name, std::string_view field = "name");
core::Status ValidateDeviceKind(std::string_view kind, std::string_view field = "kind");
core::Status ValidateRevokeReason(std::string_view reason, std::string_view field = "reason");

}  // namespace yorisoi::domain
