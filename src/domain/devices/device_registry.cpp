#include "domain/devices/device_registry.hpp"

#include <mutex>

namespace yorisoi::domain {

std::optional<DeviceIdentity> DeviceRegistry::Find(std::string_view fingerprint) const {
  std::shared_lock lock(mu_);
  auto it = by_fingerprint_.find(fingerprint);
  if (it == by_fingerprint_.end()) return std::nullopt;
  return it->second;
}

int64_t DeviceRegistry::Revision(std::string_view tenant_id) const {
  std::shared_lock lock(mu_);
  auto it = revisions_.find(tenant_id);
  return it == revisions_.end() ? -1 : it->second;
}

std::vector<std::string> DeviceRegistry::SetTenant(const std::string& tenant_id, int64_t revision,
                                                   const std::vector<Device>& devices) {
  std::unique_lock lock(mu_);
  std::map<std::string, DeviceIdentity, std::less<>> next;
  for (auto& [fp, identity] : by_fingerprint_) {
    if (identity.tenant_id != tenant_id) next.emplace(fp, identity);
  }
  std::map<std::string, bool, std::less<>> now_active;
  for (const auto& d : devices) {
    if (!d.active()) continue;
    next.emplace(d.fingerprint, DeviceIdentity{tenant_id, d.id, d.kind});
    now_active.emplace(d.fingerprint, true);
  }
  std::vector<std::string> ended;
  for (const auto& [fp, identity] : by_fingerprint_) {
    if (identity.tenant_id == tenant_id && !now_active.count(fp)) ended.push_back(fp);
  }
  by_fingerprint_ = std::move(next);
  revisions_[tenant_id] = revision;
  return ended;
}

}  // namespace yorisoi::domain
