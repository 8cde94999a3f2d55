// The audit log: who did what to which records, when, from where, with what result — ids only,
// never the personal data itself. Entries form a chain per tenant (each holds the hash of the one
// before), keyed with the tenant's audit-chain key (HMAC-SHA-256), so an edit, deletion or
// reordering is detectable by VerifyAuditChain even by someone who can rewrite the database.
// The store that keeps them is in audit_store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  std::string prev_hash;  // the previous entry's hash ("" for the first)
  std::string hash;       // hex digest of this entry's canonical encoding (incl. prev_hash)
  // How `hash` is made: kAuditChainKeyed for every entry written now; kAuditChainPlain only for
  // entries written before the chain was keyed (they precede the `audit.rekey` entry).
  int chain = 2;
};

// Chain version 1: plain SHA-256 (anyone can recompute it). Version 2: HMAC-SHA-256 under the
// tenant's audit-chain key.
inline constexpr int kAuditChainPlain = 1;
inline constexpr int kAuditChainKeyed = 2;
// The entry that moves a plain chain under the key: the first keyed entry after plain ones; its
// HMAC covers the plain head's hash (its prev_hash).
inline constexpr std::string_view kAuditRekeyAction = "audit.rekey";

// An entry ready to append (seq and hashes are the store's business).
AuditEntry MakeAuditEntry(const AuditActor& actor, core::TimePoint at, std::string action,
                          std::string target_kind, std::vector<std::string> target_ids,
                          std::string result = "ok", std::string detail = {});

// The canonical byte encoding that is hashed: the chain version, then every field,
// length-prefixed, in a fixed order.
std::string CanonicalAuditEncoding(const AuditEntry& entry);
// The entry's hash for its chain version: SHA-256 (version 1) or HMAC-SHA-256 under key
// (version 2), hex.
std::string ComputeAuditHash(const AuditEntry& entry, std::string_view key);

// The chain's head as recorded outside the database (app/ keeps these as MACed files under the
// tenant folder): the entry `seq` had `hash` when the checkpoint was taken. Truncating the newest
// entries leaves a valid shorter chain; a checkpoint is what shows they were there.
struct AuditCheckpoint {
  std::string name;  // how the checkpoint is named to the operator (its file name)
  int64_t seq = 0;   // 0: the log was empty
  std::string hash;
};

struct ChainVerification {
  int64_t checked = 0;
  std::optional<int64_t> first_broken_seq;  // set when the chain is broken
  // "hash_mismatch", "prev_hash_mismatch", "seq_gap", "targets_mismatch", "unknown_chain",
  // "unkeyed_after_keyed", "rekey_missing", "unkeyed_tail"; against a checkpoint:
  // "checkpoint_missing_entries" (the chain ends before the checkpoint's entry) or
  // "checkpoint_mismatch" (that entry's hash is not the checkpoint's)
  std::string reason;
  std::string checkpoint;   // the checkpoint's name, for the two checkpoint reasons
  int64_t checkpoints = 0;  // how many checkpoints the chain was checked against
  bool ok() const { return !first_broken_seq.has_value(); }
};

// Walks the whole chain: each entry's hash must match its content (under the store's chain key
// for version 2), each prev_hash the hash of the entry before, seq must count up by one from 1,
// and the target index must hold exactly each entry's target ids. Plain (version 1) entries may
// only come before the first keyed entry, which must then be `audit.rekey`; a chain whose newest
// entry is plain is broken there (a keyed chain rewritten as a plain one, keyed entries dropped).
// Then every checkpoint's entry must be in the chain with the checkpoint's hash: entries at or
// before a checkpoint that are gone break the chain at the first missing seq.
core::Result<ChainVerification> VerifyAuditChain(
    AuditStore& store, const std::vector<AuditCheckpoint>& checkpoints = {});

}  // namespace yorisoi::domain
