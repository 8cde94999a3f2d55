// The audit log: who did what to which records, when, from where, with what result — ids only,
// never the personal data itself. Entries form a hash chain per tenant (each holds the hash of
// the one before), so any edit, deletion or reordering is detectable by VerifyAuditChain. The
// store that keeps them is in audit_store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace yorisoi::domain {

class AuditStore;  // audit_store.hpp

// Who is acting and from where; carried from the request into every service call that audits.
struct AuditActor {
  std::string user_id;     // empty when unknown (a failed sign-in for an unknown login)
  std::string role;        // "caseworker", ..., or "" / "cli"
  std::string session_id;  // empty outside a session
  std::string device_id;   // empty until devices are enrolled
  std::string address;     // remote IP, or "cli"
};

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... per tenant; assigned by the store
  core::TimePoint at;
  AuditActor actor;
  std::string action;       // dotted verb, e.g. "auth.login", "user.create", "user.read"
  std::string target_kind;  // "user", "unit", "session", ... ; empty when none
  std::vector<std::string> target_ids;
  std::string result;     // "ok", "denied" or "failed"
  std::string detail;     // a machine code (e.g. "invalid_credentials"); never personal data
  std::string prev_hash;  // hex SHA-256 of the previous entry ("" for the first)
  std::string hash;       // hex SHA-256 of this entry's canonical encoding (incl. prev_hash)
};

// An entry ready to append (seq and hashes are the store's business).
AuditEntry MakeAuditEntry(const AuditActor& actor, core::TimePoint at, std::string action,
                          std::string target_kind, std::vector<std::string> target_ids,
                          std::string result = "ok", std::string detail = {});

// The canonical byte encoding that is hashed: every field, length-prefixed, in a fixed order.
std::string CanonicalAuditEncoding(const AuditEntry& entry);
std::string ComputeAuditHash(const AuditEntry& entry);

struct ChainVerification {
  int64_t checked = 0;
  std::optional<int64_t> first_broken_seq;  // set when the chain is broken
  std::string reason;                       // "hash_mismatch", "prev_hash_mismatch", "seq_gap"
  bool ok() const { return !first_broken_seq.has_value(); }
};

// Walks the whole chain: each entry's hash must match its content, each prev_hash the hash of
// the entry before, and seq must count up by one from 1.
core::Result<ChainVerification> VerifyAuditChain(AuditStore& store);

}  // namespace yorisoi::domain
