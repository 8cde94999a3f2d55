#include "domain/audit/audit.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include "crypto/encoding.hpp"
#include "crypto/mac.hpp"
#include "domain/audit/audit_store.hpp"

namespace yorisoi::domain {
namespace {

void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

AuditEntry MakeAuditEntry(const AuditActor& actor, core::TimePoint at, std::string action,
                          std::string target_kind, std::vector<std::string> target_ids,
                          std::string result, std::string detail) {
  AuditEntry e;
  e.at = at;
  e.actor = actor;
  e.action = std::move(action);
  e.target_kind = std::move(target_kind);
  e.target_ids = std::move(target_ids);
  e.result = std::move(result);
  e.detail = std::move(detail);
  return e;
}

std::string CanonicalAuditEncoding(const AuditEntry& e) {
  // The version is the first thing hashed: an entry cannot be re-labelled as another version
  // without changing its hash.
  std::string out = "yorisoi-audit-v" + std::to_string(e.chain) + ";";
  Put(out, std::to_string(e.seq));
  Put(out, std::to_string(core::ToUnixMillis(e.at)));
  Put(out, e.actor.user_id);
  Put(out, e.actor.role);
  Put(out, e.actor.session_id);
  Put(out, e.actor.device_id);
  Put(out, e.actor.address);
  Put(out, e.action);
  Put(out, e.target_kind);
  Put(out, std::to_string(e.target_ids.size()));
  for (const auto& id : e.target_ids) Put(out, id);
  Put(out, e.result);
  Put(out, e.detail);
  Put(out, e.prev_hash);
  return out;
}

std::string ComputeAuditHash(const AuditEntry& e, std::string_view key) {
  if (e.chain == kAuditChainPlain) return crypto::Sha256Hex(CanonicalAuditEncoding(e));
  return crypto::HmacSha256Hex(key, CanonicalAuditEncoding(e));
}

core::Result<ChainVerification> VerifyAuditChain(AuditStore& store,
                                                 const std::vector<AuditCheckpoint>& checkpoints) {
  const std::string key(store.chain_key());
  if (key.empty()) return core::Error::Internal("the audit store has no chain key");
  ChainVerification v;
  // The checkpoints by the seq they name (several may name the same entry).
  std::multimap<int64_t, const AuditCheckpoint*> anchors;
  for (const auto& c : checkpoints) {
    if (c.seq > 0) anchors.emplace(c.seq, &c);
  }
  auto broken = [&](int64_t seq, const char* why) {
    v.first_broken_seq = seq;
    v.reason = why;
    if (v.reason.rfind("checkpoint_", 0) != 0) v.checkpoint.clear();
    v.checked = std::max<int64_t>(0, std::min(v.checked, seq - 1));
  };

  // The target index is compared in batches (one query per batch, by seq), in seq order, so the
  // first broken entry is still the one named.
  std::vector<std::pair<int64_t, std::vector<std::string>>> pending;
  auto check_targets = [&]() -> core::Result<bool> {
    if (pending.empty()) return true;
    YS_ASSIGN_OR_RETURN(auto rows,
                        store.IndexedTargets(pending.front().first - 1, pending.back().first));
    size_t r = 0;
    for (const auto& [seq, ids] : pending) {
      std::vector<std::string> indexed;
      while (r < rows.size() && rows[r].first == seq) indexed.push_back(rows[r++].second);
      std::sort(indexed.begin(), indexed.end());  // by byte, whatever the database's collation
      if (indexed != ids) {
        broken(seq, "targets_mismatch");
        return false;
      }
    }
    pending.clear();
    return true;
  };

  std::map<int64_t, std::string> anchored_hashes;  // of the entries that checkpoints name
  std::string prev;
  int64_t expected_seq = 1;
  bool seen_plain = false;
  bool seen_keyed = false;
  int last_chain = 0;
  std::optional<core::Error> failure;
  YS_RETURN_IF_ERROR(store.ForEach([&](const AuditEntry& e) {
    const char* why = nullptr;
    if (e.seq != expected_seq) {
      why = "seq_gap";
    } else if (e.prev_hash != prev) {
      why = "prev_hash_mismatch";
    } else if (e.chain != kAuditChainPlain && e.chain != kAuditChainKeyed) {
      why = "unknown_chain";
    } else if (!crypto::ConstantTimeEquals(ComputeAuditHash(e, key), e.hash)) {
      why = "hash_mismatch";
    } else if (e.chain == kAuditChainPlain && seen_keyed) {
      why = "unkeyed_after_keyed";
    } else if (e.chain == kAuditChainKeyed && !seen_keyed && seen_plain &&
               e.action != kAuditRekeyAction) {
      why = "rekey_missing";
    }
    if (why != nullptr) {
      auto earlier = check_targets();  // an earlier entry's targets break first
      if (!earlier.ok()) {
        failure = std::move(earlier).error();
      } else if (*earlier) {
        broken(e.seq, why);
      }
      return false;
    }
    if (anchors.count(e.seq) > 0) anchored_hashes.emplace(e.seq, e.hash);
    seen_plain = seen_plain || e.chain == kAuditChainPlain;
    seen_keyed = seen_keyed || e.chain == kAuditChainKeyed;
    last_chain = e.chain;
    prev = e.hash;
    ++expected_seq;
    ++v.checked;
    std::vector<std::string> ids = e.target_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    pending.emplace_back(e.seq, std::move(ids));
    if (pending.size() >= 1000) {
      auto ok = check_targets();
      if (!ok.ok()) {
        failure = std::move(ok).error();
        return false;
      }
      return *ok;
    }
    return true;
  }));
  if (failure) return *failure;
  if (!v.ok()) return v;
  YS_ASSIGN_OR_RETURN(bool targets_ok, check_targets());
  if (!targets_ok) return v;
  const int64_t last_seq = expected_seq - 1;
  // Index rows that name no entry of the chain.
  for (auto [after, through] : {std::pair<int64_t, int64_t>{last_seq, INT64_MAX},
                                std::pair<int64_t, int64_t>{INT64_MIN, 0}}) {
    YS_ASSIGN_OR_RETURN(auto stray, store.IndexedTargets(after, through));
    if (!stray.empty()) {
      broken(stray.front().first, "targets_mismatch");
      return v;
    }
  }
  // A plain newest entry: the chain was never moved under the key, or was rewritten as a plain
  // one with its keyed entries dropped. Either way nothing in it is protected by the key.
  if (last_chain == kAuditChainPlain) {
    broken(last_seq, "unkeyed_tail");
    return v;
  }
  // The chain holds together by itself; now against the checkpoints, oldest entry first.
  for (const auto& [seq, hash] : anchored_hashes) {
    auto [lo, hi] = anchors.equal_range(seq);
    for (auto it = lo; it != hi; ++it) {
      if (it->second->hash != hash) {
        broken(seq, "checkpoint_mismatch");
        v.checkpoint = it->second->name;
        return v;
      }
    }
  }
  // A checkpoint beyond the chain's end: entries it saw are gone (the newest one that is named,
  // since it is the latest word on how long the chain was).
  if (!anchors.empty() && anchors.rbegin()->first > last_seq) {
    v.checkpoint = anchors.rbegin()->second->name;
    broken(last_seq + 1, "checkpoint_missing_entries");
    return v;
  }
  v.checkpoints = static_cast<int64_t>(checkpoints.size());
  return v;
}

}  // namespace yorisoi::domain
