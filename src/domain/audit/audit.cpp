#include "domain/audit/audit.hpp"

#include "crypto/encoding.hpp"
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
  std::string out = "yorisoi-audit-v1;";
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

std::string ComputeAuditHash(const AuditEntry& e) {
  return crypto::Sha256Hex(CanonicalAuditEncoding(e));
}

core::Result<ChainVerification> VerifyAuditChain(AuditStore& store) {
  ChainVerification v;
  std::string prev;
  int64_t expected_seq = 1;
  YS_RETURN_IF_ERROR(store.ForEach([&](const AuditEntry& e) {
    auto broken = [&](const char* why) {
      v.first_broken_seq = e.seq;
      v.reason = why;
      return false;
    };
    if (e.seq != expected_seq) return broken("seq_gap");
    if (e.prev_hash != prev) return broken("prev_hash_mismatch");
    if (!crypto::ConstantTimeEquals(ComputeAuditHash(e), e.hash)) return broken("hash_mismatch");
    prev = e.hash;
    ++expected_seq;
    ++v.checked;
    return true;
  }));
  return v;
}

}  // namespace yorisoi::domain
