// The platform registry of tenants. Implemented per backend and covered by the conformance suite.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/tenants/tenant.hpp"

namespace yorisoi::domain {

// Platform-level registry of tenants (the platform database). Holds no personal data.
class TenantStore {
 public:
  virtual ~TenantStore() = default;
  // kConflict when the id exists.
  virtual core::Status Create(const Tenant& tenant) = 0;
  // kNotFound when absent.
  virtual core::Result<Tenant> FindById(std::string_view id) = 0;
  virtual core::Result<std::vector<Tenant>> List() = 0;
};

}  // namespace yorisoi::domain
