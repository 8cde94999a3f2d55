#include "domain/audit/audit.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/audit/audit_store.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

// An in-memory log with the store's chaining rules, so that tampering can be simulated.
class MemoryAuditStore final : public AuditStore {
 public:
  core::Status Append(AuditEntry& e) override {
    e.seq = static_cast<int64_t>(entries.size()) + 1;
    e.prev_hash = entries.empty() ? "" : entries.back().hash;
    e.hash = ComputeAuditHash(e);
    entries.push_back(e);
    return core::Ok();
  }
  core::Result<std::vector<AuditEntry>> Query(const AuditQuery&) override { return entries; }
  core::Status ForEach(const std::function<bool(const AuditEntry&)>& fn) override {
    for (const auto& e : entries) {
      if (!fn(e)) break;
    }
    return core::Ok();
  }
  std::vector<AuditEntry> entries;
};

MemoryAuditStore Filled(int n) {
  MemoryAuditStore store;
  for (int i = 0; i < n; ++i) {
    auto e = MakeAuditEntry(AuditActor{"usr_1", "admin", "ses_1", "", "192.0.2.1"},
                            core::FromUnixMillis(1000 * i), "user.read", "user",
                            {"usr_" + std::to_string(i)});
    EXPECT_TRUE(store.Append(e).ok());
  }
  return store;
}

TEST(AuditChainTest, IntactChainVerifies) {
  auto store = Filled(5);
  auto v = VerifyAuditChain(store);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
  EXPECT_EQ(v->checked, 5);
}

TEST(AuditChainTest, EditedFieldIsFoundAtThatEntry) {
  for (int field = 0; field < 5; ++field) {
    auto store = Filled(5);
    auto& e = store.entries[2];
    switch (field) {
      case 0:
        e.actor.user_id = "usr_someone_else";
        break;
      case 1:
        e.target_ids.push_back("usr_hidden");
        break;
      case 2:
        e.at = core::FromUnixMillis(123);
        break;
      case 3:
        e.result = "failed";
        break;
      default:
        e.action = "user.list";
        break;
    }
    auto v = VerifyAuditChain(store);
    ASSERT_TRUE(v.ok());
    ASSERT_FALSE(v->ok()) << field;
    EXPECT_EQ(*v->first_broken_seq, 3) << field;
    EXPECT_EQ(v->reason, "hash_mismatch");
    EXPECT_EQ(v->checked, 2);
  }
}

TEST(AuditChainTest, RewrittenEntryWithFreshHashBreaksTheNextLink) {
  auto store = Filled(5);
  store.entries[1].detail = "edited";
  store.entries[1].hash = ComputeAuditHash(store.entries[1]);  // a careful forger
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "prev_hash_mismatch");
}

TEST(AuditChainTest, DeletedEntryIsASeqGap) {
  auto store = Filled(5);
  store.entries.erase(store.entries.begin() + 1);
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "seq_gap");
}

TEST(AuditChainTest, EncodingSeparatesFieldsUnambiguously) {
  // "ab"+"c" and "a"+"bc" must not hash alike.
  auto a = MakeAuditEntry(AuditActor{"ab", "c", "", "", ""}, core::FromUnixMillis(0), "x", "", {});
  auto b = MakeAuditEntry(AuditActor{"a", "bc", "", "", ""}, core::FromUnixMillis(0), "x", "", {});
  EXPECT_NE(ComputeAuditHash(a), ComputeAuditHash(b));
  auto c = MakeAuditEntry(AuditActor{}, core::FromUnixMillis(0), "x", "user", {"a", "b"});
  auto d = MakeAuditEntry(AuditActor{}, core::FromUnixMillis(0), "x", "user", {"ab"});
  EXPECT_NE(ComputeAuditHash(c), ComputeAuditHash(d));
}

}  // namespace
}  // namespace yorisoi::domain
