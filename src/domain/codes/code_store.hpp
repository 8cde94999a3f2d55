// A tenant's own code-list entries (a ward's sub-codes of 相談種別, its own 経路, ...), kept in the
// tenant's database. Implemented per backend (storage/*/code_store.cpp) and covered by the
// conformance suite. The built-in lists live in code (builtin_codes.cpp); CodeService merges the
// two into the catalog a tenant's requests are checked against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/codes/code_list.hpp"

namespace yorisoi::domain {

struct TenantCodeEntry {
  std::string list;  // name of a built-in list, e.g. "consultation_type"
  CodeEntry entry;
  std::string created_by;  // user id; "" when added from the command line
  core::TimePoint created_at{};
};

class CodeStore {
 public:
  virtual ~CodeStore() = default;
  // Grows with every Add and SetValidTo (0 while the tenant has no entries of its own), so a
  // cached catalog knows it is current by comparing one number.
  virtual core::Result<int64_t> Revision() = 0;
  // Every entry, in the order added (a parent before its children).
  virtual core::Result<std::vector<TenantCodeEntry>> List() = 0;
  // kConflict "duplicate_code" when the list already holds the code.
  virtual core::Status Add(const TenantCodeEntry& entry) = 0;
  // Ends (or, with nullopt, reopens) an entry's validity. kNotFound when there is no such entry.
  virtual core::Status SetValidTo(std::string_view list, std::string_view code,
                                  std::optional<core::Date> valid_to) = 0;
};

}  // namespace yorisoi::domain
