#include "domain/audit/audit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "crypto/encoding.hpp"
#include "crypto/mac.hpp"
#include "domain/audit/audit_store.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

const std::string kKey(32, 'K');

// An in-memory log with the store's chaining rules, so that tampering can be simulated; the
// target index is kept as the stores keep audit_targets (one row per distinct id).
class MemoryAuditStore final : public AuditStore {
 public:
  core::Status Append(AuditEntry& e) override {
    e.seq = static_cast<int64_t>(entries.size()) + 1;
    e.prev_hash = entries.empty() ? "" : entries.back().hash;
    e.chain = kAuditChainKeyed;
    e.hash = ComputeAuditHash(e, kKey);
    entries.push_back(e);
    for (const auto& id : e.target_ids) index.emplace(e.seq, id);
    return core::Ok();
  }
  // An entry as the store wrote it before the chain was keyed (plain SHA-256).
  void AppendPlain(AuditEntry e) {
    e.seq = static_cast<int64_t>(entries.size()) + 1;
    e.prev_hash = entries.empty() ? "" : entries.back().hash;
    e.chain = kAuditChainPlain;
    e.hash = ComputeAuditHash(e, "");
    entries.push_back(e);
    for (const auto& id : e.target_ids) index.emplace(e.seq, id);
  }
  core::Result<std::vector<std::pair<int64_t, std::string>>> IndexedTargets(
      int64_t after, int64_t through) override {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& row : index) {
      if (row.first > after && row.first <= through) out.push_back(row);
    }
    return out;
  }
  std::string_view chain_key() const override { return kKey; }
  std::set<std::pair<int64_t, std::string>> index;
  core::Result<std::vector<AuditEntry>> Query(const AuditQuery&) override { return entries; }
  // The newest entries deleted, with their index rows (a shorter chain that holds together).
  void Truncate(size_t n) {
    entries.resize(n);
    std::erase_if(index, [n](const auto& row) { return row.first > static_cast<int64_t>(n); });
  }
  core::Result<std::optional<AuditEntry>> Newest() override {
    if (entries.empty()) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(entries.back());
  }
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

TEST(AuditChainTest, ChecksEveryCheckpoint) {
  auto store = Filled(6);
  const std::vector<AuditCheckpoint> checkpoints = {{"a.json", 2, store.entries[1].hash},
                                                    {"b.json", 6, store.entries[5].hash},
                                                    {"c.json", 0, ""}};
  auto v = VerifyAuditChain(store, checkpoints);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->reason;
  EXPECT_EQ(v->checkpoints, 3);
}

TEST(AuditChainTest, TruncatedNewestEntriesFailAgainstTheLastCheckpoint) {
  auto store = Filled(6);
  const std::vector<AuditCheckpoint> checkpoints = {{"a.json", 2, store.entries[1].hash},
                                                    {"b.json", 5, store.entries[4].hash}};
  // Without checkpoints a shorter chain is still a valid chain.
  store.Truncate(4);
  ASSERT_TRUE(VerifyAuditChain(store)->ok());
  auto v = VerifyAuditChain(store, checkpoints);
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(v->reason, "checkpoint_missing_entries");
  EXPECT_EQ(v->checkpoint, "b.json");
  EXPECT_EQ(*v->first_broken_seq, 5);
  EXPECT_EQ(v->checked, 4);
  // Cut back to the last checkpoint's entry: that one is still there, so it verifies.
  auto full = Filled(6);
  full.Truncate(5);
  EXPECT_TRUE(VerifyAuditChain(full, {{"b.json", 5, full.entries[4].hash}})->ok());
}

TEST(AuditChainTest, ACheckpointWithAnotherHashFailsAtItsEntry) {
  auto store = Filled(4);
  auto v = VerifyAuditChain(store, {{"x.json", 3, store.entries[2].hash + "0"}});
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(v->reason, "checkpoint_mismatch");
  EXPECT_EQ(v->checkpoint, "x.json");
  EXPECT_EQ(*v->first_broken_seq, 3);
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
  store.entries[1].hash = ComputeAuditHash(store.entries[1], kKey);  // a forger with the key
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
  EXPECT_NE(ComputeAuditHash(a, kKey), ComputeAuditHash(b, kKey));
  auto c = MakeAuditEntry(AuditActor{}, core::FromUnixMillis(0), "x", "user", {"a", "b"});
  auto d = MakeAuditEntry(AuditActor{}, core::FromUnixMillis(0), "x", "user", {"ab"});
  EXPECT_NE(ComputeAuditHash(c, kKey), ComputeAuditHash(d, kKey));
}

AuditEntry Plain(int i, std::vector<std::string> ids = {}) {
  return MakeAuditEntry(AuditActor{"usr_1", "admin", "ses_1", "", "192.0.2.1"},
                        core::FromUnixMillis(1000 * i), "user.read", "user", std::move(ids));
}

// Rewrites entries from index `from` on with plain SHA-256 hashes linked forward: what someone
// with database access but without the key can compute.
void RehashForwardPlain(MemoryAuditStore& store, std::size_t from, int chain,
                        std::size_t until = SIZE_MAX) {
  for (std::size_t i = from; i < std::min(until, store.entries.size()); ++i) {
    auto& e = store.entries[i];
    e.prev_hash = i == 0 ? "" : store.entries[i - 1].hash;
    e.chain = chain;
    e.hash = crypto::Sha256Hex(CanonicalAuditEncoding(e));
  }
}

TEST(AuditChainTest, KeyedHashIsHmacSha256UnderTheKeyOfTheVersionedEncoding) {
  auto e = Plain(1, {"usr_2"});
  e.seq = 1;
  EXPECT_EQ(ComputeAuditHash(e, kKey), crypto::HmacSha256Hex(kKey, CanonicalAuditEncoding(e)));
  EXPECT_EQ(CanonicalAuditEncoding(e).rfind("yorisoi-audit-v2;", 0), 0u);
  EXPECT_NE(ComputeAuditHash(e, kKey), ComputeAuditHash(e, std::string(32, 'L')));
  EXPECT_NE(ComputeAuditHash(e, kKey), crypto::Sha256Hex(CanonicalAuditEncoding(e)));
  auto plain = e;
  plain.chain = kAuditChainPlain;
  EXPECT_EQ(CanonicalAuditEncoding(plain).rfind("yorisoi-audit-v1;", 0), 0u);
  EXPECT_EQ(ComputeAuditHash(plain, kKey), crypto::Sha256Hex(CanonicalAuditEncoding(plain)));
}

TEST(AuditChainTest, SubkeysDependOnContextIdAndMasterKey) {
  const std::string master(32, 'm');
  auto a = crypto::DeriveSubkey(master, "auditlog", 1);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_EQ(*a, *crypto::DeriveSubkey(master, "auditlog", 1));
  EXPECT_NE(*a, *crypto::DeriveSubkey(master, "auditlog", 2));
  EXPECT_NE(*a, *crypto::DeriveSubkey(master, "backupky", 1));
  EXPECT_NE(*a, *crypto::DeriveSubkey(std::string(32, 'n'), "auditlog", 1));
  EXPECT_NE(*a, master);
  EXPECT_FALSE(crypto::DeriveSubkey(std::string(31, 'm'), "auditlog", 1).ok());
  EXPECT_FALSE(crypto::DeriveSubkey(master, "audit", 1).ok());
}

// The attack of issue 13, in the domain: edit an entry and re-hash forward without the key.
TEST(AuditChainTest, ForwardRehashWithoutTheKeyIsFound) {
  for (int chain : {kAuditChainKeyed, kAuditChainPlain}) {
    auto store = Filled(5);
    store.entries[2].actor.user_id = "usr_nobody";
    RehashForwardPlain(store, 2, chain);
    auto v = VerifyAuditChain(store);
    ASSERT_TRUE(v.ok());
    ASSERT_FALSE(v->ok()) << chain;
    EXPECT_EQ(*v->first_broken_seq, 3) << chain;
    EXPECT_EQ(v->reason, chain == kAuditChainKeyed ? "hash_mismatch" : "unkeyed_after_keyed");
  }
}

TEST(AuditChainTest, PlainChainRekeyedVerifies) {
  MemoryAuditStore store;
  for (int i = 0; i < 3; ++i) store.AppendPlain(Plain(i, {"usr_" + std::to_string(i)}));
  auto rekey = MakeAuditEntry(AuditActor{}, core::FromUnixMillis(5000),
                              std::string(kAuditRekeyAction), "", {});
  ASSERT_TRUE(store.Append(rekey).ok());
  EXPECT_EQ(rekey.prev_hash, store.entries[2].hash);  // commits to the plain head
  auto next = Plain(6, {"usr_9"});
  ASSERT_TRUE(store.Append(next).ok());
  auto v = VerifyAuditChain(store);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->reason;
  EXPECT_EQ(v->checked, 5);

  // A plain entry edited before the rekey breaks the link the keyed rekey entry holds.
  auto edited = store;
  edited.entries[1].detail = "edited";
  // Re-hashed up to the plain head; the keyed entries after it cannot be re-made without the key.
  RehashForwardPlain(edited, 1, kAuditChainPlain, 3);
  v = VerifyAuditChain(edited);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 4);
  EXPECT_EQ(v->reason, "prev_hash_mismatch");
}

TEST(AuditChainTest, PlainChainWithoutRekeyIsBrokenAtItsTail) {
  MemoryAuditStore store;
  for (int i = 0; i < 3; ++i) store.AppendPlain(Plain(i));
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "unkeyed_tail");

  // The downgrade: a keyed chain rewritten as a plain one, its keyed entries dropped.
  auto keyed = Filled(4);
  RehashForwardPlain(keyed, 0, kAuditChainPlain);
  keyed.entries.pop_back();
  keyed.index.erase({4, "usr_3"});  // with its index row (or that is found first)
  v = VerifyAuditChain(keyed);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "unkeyed_tail");
}

TEST(AuditChainTest, FirstKeyedEntryAfterPlainOnesMustBeTheRekey) {
  MemoryAuditStore store;
  for (int i = 0; i < 2; ++i) store.AppendPlain(Plain(i));
  auto other = Plain(3);
  ASSERT_TRUE(store.Append(other).ok());
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "rekey_missing");
}

TEST(AuditChainTest, PlainEntryAfterAKeyedOneIsBroken) {
  MemoryAuditStore store = Filled(2);
  store.AppendPlain(Plain(3));
  auto keyed = Plain(4);
  ASSERT_TRUE(store.Append(keyed).ok());
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "unkeyed_after_keyed");
}

TEST(AuditChainTest, UnknownChainVersionIsBroken) {
  auto store = Filled(3);
  store.entries[1].chain = 3;
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 2);
  EXPECT_EQ(v->reason, "unknown_chain");
}

TEST(AuditChainTest, TargetIndexMustHoldExactlyTheChainedIds) {
  // A missing row.
  auto store = Filled(5);
  store.index.erase({3, "usr_2"});
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 3);
  EXPECT_EQ(v->reason, "targets_mismatch");
  EXPECT_EQ(v->checked, 2);
  // An extra row.
  store = Filled(5);
  store.index.emplace(2, "cas_planted");
  v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 2);
  EXPECT_EQ(v->reason, "targets_mismatch");
  // A row naming no entry, after the newest or before the first.
  for (int64_t seq : {int64_t{6}, int64_t{0}}) {
    store = Filled(5);
    store.index.emplace(seq, "cas_planted");
    v = VerifyAuditChain(store);
    ASSERT_FALSE(v->ok()) << seq;
    EXPECT_EQ(*v->first_broken_seq, seq);
    EXPECT_EQ(v->reason, "targets_mismatch");
  }
  // Duplicate ids in one entry are one index row.
  store = Filled(2);
  auto dup = Plain(9, {"cas_1", "cas_1"});
  ASSERT_TRUE(store.Append(dup).ok());
  v = VerifyAuditChain(store);
  EXPECT_TRUE(v->ok()) << v->reason;
}

// Batches of the target check and a hash break in the same batch: the earlier break is named.
TEST(AuditChainTest, EarliestBreakIsNamedAcrossTargetBatches) {
  auto store = Filled(2500);
  store.index.erase({1700, "usr_1699"});
  store.entries[1800].detail = "edited";
  auto v = VerifyAuditChain(store);
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(*v->first_broken_seq, 1700);
  EXPECT_EQ(v->reason, "targets_mismatch");
  store = Filled(2500);
  store.index.erase({1900, "usr_1899"});
  store.entries[1800].detail = "edited";
  v = VerifyAuditChain(store);
  EXPECT_EQ(*v->first_broken_seq, 1801);
  EXPECT_EQ(v->reason, "hash_mismatch");
}

}  // namespace
}  // namespace yorisoi::domain
