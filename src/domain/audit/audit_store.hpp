// Where the audit log is kept: one keyed, hash-chained log per tenant database. Implemented per
// backend and covered by the conformance suite.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"

namespace yorisoi::domain {

struct AuditQuery {
  std::optional<std::string> user_id;
  std::optional<std::string> target_id;
  std::optional<std::string> action;
  std::optional<core::TimePoint> from;  // inclusive
  std::optional<core::TimePoint> to;    // exclusive
  int64_t after_seq = 0;                // cursor: entries with seq > after_seq
  int limit = 100;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Assigns seq and prev_hash from the newest entry and computes the keyed hash (chain version
  // 2); must run in a kWrite transaction (which serialises appends, keeping the chain linear).
  virtual core::Status Append(AuditEntry& entry) = 0;
  // Entries matching the query in seq order.
  virtual core::Result<std::vector<AuditEntry>> Query(const AuditQuery& query) = 0;
  // The newest entry (the chain's head), or nullopt when the log is empty.
  virtual core::Result<std::optional<AuditEntry>> Newest() = 0;
  // Every entry in seq order; stops early when fn returns false.
  virtual core::Status ForEach(const std::function<bool(const AuditEntry&)>& fn) = 0;
  // The rows of the target index (what `Query` by target_id reads) of the entries with
  // after_seq < seq <= through_seq, as (seq, target_id) in that order.
  virtual core::Result<std::vector<std::pair<int64_t, std::string>>> IndexedTargets(
      int64_t after_seq, int64_t through_seq) = 0;
  // The tenant's audit-chain key that Append hashes with (given to the Storage by app/).
  virtual std::string_view chain_key() const = 0;
};

}  // namespace yorisoi::domain
