// A tenant is one municipality (e.g. "shinjuku", 新宿区) with its own database, keys and device CA.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace yorisoi::domain {

struct Tenant {
  std::string id;    // [a-z][a-z0-9-]{1,31}: appears in file names and tokens, never personal
  std::string name;  // 新宿区
  core::TimePoint created_at;
};

// kInvalidArgument naming `field` when id is not a valid tenant id.
core::Status ValidateTenantId(std::string_view id, std::string_view field = "tenant");
core::Status ValidateTenant(const Tenant& tenant);

}  // namespace yorisoi::domain
