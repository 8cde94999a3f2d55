// The contract of domain/storage.hpp, domain/tenants/tenant.hpp and domain/users/user.hpp, as
// every storage backend must keep it. Written only against those interfaces.
#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "backend_context.hpp"

namespace yorisoi::conformance {
namespace {

using core::Errc;
using domain::Session;
using domain::Tenant;
using domain::TenantTx;
using domain::TxMode;
using domain::Unit;
using domain::User;

constexpr const char* kUnitA = "center-a";
constexpr const char* kUnitB = "center-b";

// ---------------------------------------------------------------------------------------------
// Tenants

TEST_P(StorageConformanceTest, CreateTenantThenFind) {
  ASSERT_TRUE(IsOk(storage().CreateTenant(Tenant{"shinjuku", "新宿区", At(5)})));
  auto found = storage().tenants().FindById("shinjuku");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id, "shinjuku");
  EXPECT_EQ(found->name, "新宿区");
  EXPECT_EQ(found->created_at, At(5));
  EXPECT_TRUE(IsOk(storage().OpenTenant("shinjuku")));
}

TEST_P(StorageConformanceTest, CreateTenantTwiceIsConflict) {
  MustCreateTenant("shinjuku");
  EXPECT_TRUE(
      IsError(storage().CreateTenant(Tenant{"shinjuku", "別の名前", At(9)}), Errc::kConflict));
  auto found = storage().tenants().FindById("shinjuku");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->name, "新宿区") << "the first tenant is untouched";
  // The registry alone refuses a duplicate too.
  EXPECT_TRUE(IsError(storage().tenants().Create(Tenant{"shinjuku", "x", At(9)}), Errc::kConflict));
}

TEST_P(StorageConformanceTest, CreateTenantRefusesInvalidAndLeavesNothingBehind) {
  for (const char* id : {"", "X", "1abc", "shin_juku", "../escape", "a/b"}) {
    EXPECT_TRUE(IsError(storage().CreateTenant(Tenant{id, "名前", At(0)}), Errc::kInvalidArgument))
        << id;
  }
  EXPECT_TRUE(
      IsError(storage().CreateTenant(Tenant{"shinjuku", "", At(0)}), Errc::kInvalidArgument));
  auto list = storage().tenants().List();
  ASSERT_TRUE(IsOk(list));
  EXPECT_TRUE(list->empty());
  EXPECT_TRUE(IsError(storage().tenants().FindById("shinjuku"), Errc::kNotFound));
  EXPECT_TRUE(IsError(storage().OpenTenant("shinjuku"), Errc::kNotFound));
  // The failed attempt does not block a correct one.
  MustCreateTenant("shinjuku");
}

TEST_P(StorageConformanceTest, FindMissingTenantIsNotFound) {
  EXPECT_TRUE(IsError(storage().tenants().FindById("nowhere"), Errc::kNotFound));
  MustCreateTenant("shinjuku");
  EXPECT_TRUE(IsError(storage().tenants().FindById("shinjuk"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, ListTenantsOrderedById) {
  auto empty = storage().tenants().List();
  ASSERT_TRUE(IsOk(empty));
  EXPECT_TRUE(empty->empty());
  MustCreateTenant("shinjuku", "新宿区");
  MustCreateTenant("adachi", "足立区");
  MustCreateTenant("nakano", "中野区");
  auto list = storage().tenants().List();
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, "adachi");
  EXPECT_EQ((*list)[0].name, "足立区");
  EXPECT_EQ((*list)[1].id, "nakano");
  EXPECT_EQ((*list)[2].id, "shinjuku");
}

TEST_P(StorageConformanceTest, OpenUnknownTenantIsNotFound) {
  EXPECT_TRUE(IsError(storage().OpenTenant("nowhere"), Errc::kNotFound));
  MustCreateTenant("shinjuku");
  EXPECT_TRUE(IsError(storage().OpenTenant("nakano"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, OpenTenantIsSharedOnce) {
  MustCreateTenant("shinjuku");
  auto a = storage().OpenTenant("shinjuku");
  auto b = storage().OpenTenant("shinjuku");
  ASSERT_TRUE(IsOk(a));
  ASSERT_TRUE(IsOk(b));
  EXPECT_EQ(a->get(), b->get());
}

TEST_P(StorageConformanceTest, NewTenantDatabaseIsEmptyAndMigrated) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto units = tx->units().List();
  ASSERT_TRUE(IsOk(units));
  EXPECT_TRUE(units->empty());
  auto users = tx->users().List();
  ASSERT_TRUE(IsOk(users));
  EXPECT_TRUE(users->empty());
}

// ---------------------------------------------------------------------------------------------
// Units

TEST_P(StorageConformanceTest, UnitsCreateFindList) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(Unit{"kita", "北部センター", At(3)})));
    EXPECT_TRUE(IsOk(tx.units().Create(Unit{"center-1", "子ども総合センター", At(4)})));
    EXPECT_TRUE(IsOk(tx.units().Create(Unit{"minami", "南部センター", At(5)})));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->units().FindById("kita");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id, "kita");
  EXPECT_EQ(found->name, "北部センター");
  EXPECT_EQ(found->created_at, At(3));
  EXPECT_TRUE(IsError(tx->units().FindById("higashi"), Errc::kNotFound));
  auto list = tx->units().List();
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, "center-1");
  EXPECT_EQ((*list)[1].id, "kita");
  EXPECT_EQ((*list)[2].id, "minami");
}

TEST_P(StorageConformanceTest, DuplicateUnitIsConflict) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA)))); });
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->units().Create(MakeUnit(kUnitA, "別")), Errc::kConflict));
}

// ---------------------------------------------------------------------------------------------
// Users

TEST_P(StorageConformanceTest, UserRoundTripsEveryField) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  User u = MakeUser("usr_000000000000000000000001", "tanaka", {kUnitB, kUnitA});
  u.name = "田中 一郎";
  u.role = domain::Role::kSupervisor;
  u.must_change_password = true;
  u.disabled = true;
  u.failed_logins = 2;
  u.locked_until = At(900);
  u.password_changed_at = At(10);
  u.created_at = At(11);
  u.updated_at = At(12);
  u.version = 7;
  Write(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    EXPECT_TRUE(IsOk(tx.users().Create(u)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  for (auto found : {tx->users().FindById(u.id), tx->users().FindByLogin("tanaka")}) {
    ASSERT_TRUE(IsOk(found));
    EXPECT_EQ(found->id, u.id);
    EXPECT_EQ(found->login, "tanaka");
    EXPECT_EQ(found->name, "田中 一郎");
    EXPECT_EQ(found->role, domain::Role::kSupervisor);
    std::vector<std::string> units = found->unit_ids;
    std::sort(units.begin(), units.end());
    EXPECT_EQ(units, (std::vector<std::string>{kUnitA, kUnitB}));
    EXPECT_EQ(found->password_hash, u.password_hash);
    EXPECT_TRUE(found->must_change_password);
    EXPECT_TRUE(found->disabled);
    EXPECT_EQ(found->failed_logins, 2);
    EXPECT_EQ(found->locked_until, At(900));
    EXPECT_EQ(found->password_changed_at, At(10));
    EXPECT_EQ(found->created_at, At(11));
    EXPECT_EQ(found->updated_at, At(12));
    EXPECT_EQ(found->version, 7);
  }
}

TEST_P(StorageConformanceTest, UserWithoutLockOrUnits) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  User admin = MakeUser("usr_000000000000000000000002", "admin1");
  admin.role = domain::Role::kAdmin;
  Write(*db, [&](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.users().Create(admin))); });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->users().FindById(admin.id);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->role, domain::Role::kAdmin);
  EXPECT_TRUE(found->unit_ids.empty());
  EXPECT_FALSE(found->locked_until.has_value());
  EXPECT_FALSE(found->must_change_password);
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(found->failed_logins, 0);
}

TEST_P(StorageConformanceTest, MissingUserIsNotFound) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->users().FindById("usr_nobody"), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->users().FindByLogin("nobody"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, ListUsersOrderedByLoginWithUnits) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_3", "suzuki", {kUnitB}))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "abe"))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_2", "kato", {kUnitA, kUnitB}))));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto list = tx->users().List();
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].login, "abe");
  EXPECT_TRUE((*list)[0].unit_ids.empty());
  EXPECT_EQ((*list)[1].login, "kato");
  std::vector<std::string> kato_units = (*list)[1].unit_ids;
  std::sort(kato_units.begin(), kato_units.end());
  EXPECT_EQ(kato_units, (std::vector<std::string>{kUnitA, kUnitB}));
  EXPECT_EQ((*list)[2].login, "suzuki");
  EXPECT_EQ((*list)[2].unit_ids, std::vector<std::string>{kUnitB});
  EXPECT_EQ((*list)[2].id, "usr_3");
}

TEST_P(StorageConformanceTest, DuplicateLoginIsLoginTaken) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato")))); });
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(
      IsError(tx->users().Create(MakeUser("usr_2", "sato")), Errc::kConflict, "login_taken"));
}

TEST_P(StorageConformanceTest, UnknownUnitIsInvalidArgumentAndNothingIsKept) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA)))); });
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    EXPECT_TRUE(IsError(tx->users().Create(MakeUser("usr_1", "sato", {kUnitA, "no-such-unit"})),
                        Errc::kInvalidArgument));
  }  // rolled back
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->users().FindById("usr_1"), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->users().FindByLogin("sato"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, RecordLoginFailureCountsLocksAndRestarts) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato")))); });
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  auto& users = tx->users();

  auto first = users.RecordLoginFailure("usr_1", 3, At(1000));
  ASSERT_TRUE(IsOk(first));
  EXPECT_EQ(first->failed_logins, 1);
  EXPECT_FALSE(first->locked_until.has_value());
  auto second = users.RecordLoginFailure("usr_1", 3, At(1001));
  ASSERT_TRUE(IsOk(second));
  EXPECT_EQ(second->failed_logins, 2);
  EXPECT_FALSE(second->locked_until.has_value());
  // The third reaches the maximum: locked until the given time, and the count starts again.
  auto third = users.RecordLoginFailure("usr_1", 3, At(1002));
  ASSERT_TRUE(IsOk(third));
  EXPECT_EQ(third->failed_logins, 0);
  EXPECT_EQ(third->locked_until, At(1002));
  auto fourth = users.RecordLoginFailure("usr_1", 3, At(1003));
  ASSERT_TRUE(IsOk(fourth));
  EXPECT_EQ(fourth->failed_logins, 1);
  EXPECT_EQ(fourth->locked_until, At(1002)) << "a failure under the maximum keeps the lock as is";
  ASSERT_TRUE(IsOk(tx->Commit()));

  auto read = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(read, nullptr);
  auto stored = read->users().FindById("usr_1");
  ASSERT_TRUE(IsOk(stored));
  EXPECT_EQ(stored->failed_logins, 1);
  EXPECT_EQ(stored->locked_until, At(1002));
}

TEST_P(StorageConformanceTest, RecordLoginFailureOfMissingUserIsNotFound) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->users().RecordLoginFailure("usr_nobody", 5, At(1)), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, ResetLoginFailuresClearsCountAndLock) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  User u = MakeUser("usr_1", "sato");
  u.failed_logins = 3;
  u.locked_until = At(500);
  Write(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(u)));
    EXPECT_TRUE(IsOk(tx.users().ResetLoginFailures("usr_1")));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->users().FindById("usr_1");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->failed_logins, 0);
  EXPECT_FALSE(found->locked_until.has_value());
}

TEST_P(StorageConformanceTest, SetPasswordWithCurrentVersion) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  User u = MakeUser("usr_1", "sato");
  u.failed_logins = 2;
  u.locked_until = At(500);
  u.version = 4;
  Write(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(u)));
    EXPECT_TRUE(IsOk(tx.users().SetPassword("usr_1", "$argon2id$new", true, At(60), 4)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->users().FindById("usr_1");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->password_hash, "$argon2id$new");
  EXPECT_TRUE(found->must_change_password);
  EXPECT_EQ(found->version, 5);
  EXPECT_EQ(found->failed_logins, 0);
  EXPECT_FALSE(found->locked_until.has_value());
  EXPECT_EQ(found->password_changed_at, At(60));
  EXPECT_EQ(found->updated_at, At(60));
  EXPECT_EQ(found->created_at, u.created_at);
}

TEST_P(StorageConformanceTest, SetPasswordWithStaleVersionIsConflict) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.users().SetPassword("usr_1", "$argon2id$second", false, At(60), 1)));
  });
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    EXPECT_TRUE(IsError(tx->users().SetPassword("usr_1", "$argon2id$stale", false, At(70), 1),
                        Errc::kConflict));
  }
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->users().FindById("usr_1");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->password_hash, "$argon2id$second");
  EXPECT_EQ(found->version, 2);
}

TEST_P(StorageConformanceTest, SetPasswordOfMissingUserIsNotFound) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->users().SetPassword("usr_nobody", "$argon2id$x", false, At(1), 1),
                      Errc::kNotFound));
}

// ---------------------------------------------------------------------------------------------
// Sessions

TEST_P(StorageConformanceTest, SessionCreateAndFindByTokenHash) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Session s = MakeSession("ses_1", "usr_1", At(100), At(100 + 12 * 3600));
  s.device_id = "dev_1";
  s.created_at = At(99);
  Write(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(s)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->sessions().FindByTokenHash("hash-of-ses_1");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id, "ses_1");
  EXPECT_EQ(found->token_hash, "hash-of-ses_1");
  EXPECT_EQ(found->user_id, "usr_1");
  EXPECT_EQ(found->device_id, "dev_1");
  EXPECT_EQ(found->remote_address, "192.0.2.10");
  EXPECT_EQ(found->created_at, At(99));
  EXPECT_EQ(found->last_seen_at, At(100));
  EXPECT_EQ(found->expires_at, At(100 + 12 * 3600));
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-nothing"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, TouchOnlyMovesForward) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_1", "usr_1", At(100), At(9999)))));
    EXPECT_TRUE(IsOk(tx.sessions().Touch("ses_1", At(200))));
  });
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    ASSERT_NE(tx, nullptr);
    auto found = tx->sessions().FindByTokenHash("hash-of-ses_1");
    ASSERT_TRUE(IsOk(found));
    EXPECT_EQ(found->last_seen_at, At(200));
  }
  // A late writer with an older time does not move it back.
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.sessions().Touch("ses_1", At(150)))); });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto found = tx->sessions().FindByTokenHash("hash-of-ses_1");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->last_seen_at, At(200));
  EXPECT_EQ(found->expires_at, At(9999)) << "touch never extends the absolute expiry";
}

TEST_P(StorageConformanceTest, TouchMissingSessionIsNotFound) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->sessions().Touch("ses_nobody", At(1)), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, DeleteSessionThenDeleteAgainIsNotFound) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_1", "usr_1", At(100), At(9999)))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_2", "usr_1", At(100), At(9999)))));
  });
  Write(*db, [](TenantTx& tx) { EXPECT_TRUE(IsOk(tx.sessions().Delete("ses_1"))); });
  auto tx = MustBegin(*db, TxMode::kWrite);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_1"), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_2")));
  EXPECT_TRUE(IsError(tx->sessions().Delete("ses_1"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, DeleteForUserKeepsTheNamedSession) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_2", "kato"))));
    for (const char* id : {"ses_1", "ses_2", "ses_3"}) {
      EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession(id, "usr_1", At(100), At(9999)))));
    }
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_9", "usr_2", At(100), At(9999)))));
  });
  Write(*db, [](TenantTx& tx) {
    auto ended = tx.sessions().DeleteForUser("usr_1", "ses_2");
    ASSERT_TRUE(IsOk(ended));
    EXPECT_EQ(*ended, 2);
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_1"), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_2")));
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_3"), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_9"))) << "another user's session";
}

// Password reset and disable call DeleteForUser(user_id) with the default keep id: every session
// of the user must end.
TEST_P(StorageConformanceTest, DeleteForUserWithoutKeepEndsEverySession) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_2", "kato"))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_1", "usr_1", At(100), At(9999)))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_2", "usr_1", At(100), At(9999)))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_9", "usr_2", At(100), At(9999)))));
  });
  Write(*db, [](TenantTx& tx) {
    domain::SessionStore& sessions = tx.sessions();
    auto ended = sessions.DeleteForUser("usr_1");
    ASSERT_TRUE(IsOk(ended));
    EXPECT_EQ(*ended, 2);
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_1"), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_2"), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_9")));
}

TEST_P(StorageConformanceTest, DeleteForUserWithEmptyKeepEndsEverySession) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_1", "usr_1", At(100), At(9999)))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_2", "usr_1", At(100), At(9999)))));
  });
  Write(*db, [](TenantTx& tx) {
    auto ended = tx.sessions().DeleteForUser("usr_1", std::string_view(""));
    ASSERT_TRUE(IsOk(ended));
    EXPECT_EQ(*ended, 2);
    auto none = tx.sessions().DeleteForUser("usr_nobody", "");
    ASSERT_TRUE(IsOk(none));
    EXPECT_EQ(*none, 0);
  });
}

TEST_P(StorageConformanceTest, DeleteExpiredByIdleCutoffAndAbsoluteExpiry) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  // now = At(10000), idle cutoff = At(9100) (15 minutes before).
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato"))));
    // idle: last seen before the cutoff, not yet past its absolute expiry
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_idle", "usr_1", At(9000), At(50000)))));
    // past its absolute expiry although recently used
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_old", "usr_1", At(9900), At(9999)))));
    // alive on both counts
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_live", "usr_1", At(9500), At(50000)))));
  });
  Write(*db, [](TenantTx& tx) {
    auto removed = tx.sessions().DeleteExpired(At(9100), At(10000));
    ASSERT_TRUE(IsOk(removed));
    EXPECT_EQ(*removed, 2);
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_idle"), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_old"), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_live")));
}

// ---------------------------------------------------------------------------------------------
// Transactions

TEST_P(StorageConformanceTest, DestroyWithoutCommitRollsBack) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    ASSERT_TRUE(IsOk(tx->units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx->users().Create(MakeUser("usr_1", "sato", {kUnitA}))));
    EXPECT_TRUE(IsOk(tx->units().FindById(kUnitA))) << "a transaction sees its own writes";
  }
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsError(tx->units().FindById(kUnitA), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->users().FindById("usr_1"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, CommittedWriteIsVisibleToLaterTransactions) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    ASSERT_TRUE(IsOk(tx->units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx->Commit()));
  }
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_TRUE(IsOk(tx->units().FindById(kUnitA)));
}

TEST_P(StorageConformanceTest, InTransactionCommitsOnSuccessRollsBackOnError) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto failed = domain::InTransaction(*db, TxMode::kWrite, [](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.units().Create(MakeUnit(kUnitA)));
    return core::Error::Conflict("changed my mind");
  });
  EXPECT_TRUE(IsError(failed, Errc::kConflict));
  auto ok = domain::InTransaction(*db, TxMode::kWrite,
                                  [](TenantTx& tx) { return tx.units().Create(MakeUnit(kUnitB)); });
  EXPECT_TRUE(IsOk(ok));
  auto units =
      domain::InTransaction(*db, TxMode::kRead, [](TenantTx& tx) { return tx.units().List(); });
  ASSERT_TRUE(IsOk(units));
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].id, kUnitB);
}

TEST_P(StorageConformanceTest, ReadTransactionSeesAConsistentSnapshot) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_1", "sato", {kUnitA}))));
  });
  auto reader = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(reader, nullptr);
  auto before = reader->units().List();
  ASSERT_TRUE(IsOk(before));
  ASSERT_EQ(before->size(), 1u);

  // Another transaction commits while the reader is open.
  Write(*db, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    EXPECT_TRUE(IsOk(tx.users().SetPassword("usr_1", "$argon2id$new", true, At(50), 1)));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_2", "kato", {kUnitB}))));
  });

  auto during = reader->units().List();
  ASSERT_TRUE(IsOk(during));
  EXPECT_EQ(during->size(), 1u) << "the reader's snapshot does not change";
  auto user = reader->users().FindById("usr_1");
  ASSERT_TRUE(IsOk(user));
  EXPECT_EQ(user->version, 1);
  EXPECT_FALSE(user->must_change_password);
  EXPECT_TRUE(IsError(reader->users().FindByLogin("kato"), Errc::kNotFound));
  reader.reset();

  auto after = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(after, nullptr);
  auto units = after->units().List();
  ASSERT_TRUE(IsOk(units));
  EXPECT_EQ(units->size(), 2u);
  EXPECT_TRUE(IsOk(after->users().FindByLogin("kato")));
}

// storage.hpp: "kRead: a consistent snapshot; writes fail".
TEST_P(StorageConformanceTest, ReadTransactionRefusesWrites) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  EXPECT_FALSE(tx->units().Create(MakeUnit(kUnitA)).ok())
      << "a write succeeded inside a kRead transaction";
}

TEST_P(StorageConformanceTest, TenantsAreIsolated) {
  MustCreateTenant("shinjuku", "新宿区");
  MustCreateTenant("nakano", "中野区");
  auto a = MustOpen("shinjuku");
  auto b = MustOpen("nakano");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_NE(a.get(), b.get());
  Write(*a, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_a1", "sato", {kUnitA}))));
    EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_a1", "usr_a1", At(1), At(9999)))));
  });
  {
    auto tx = MustBegin(*b, TxMode::kRead);
    ASSERT_NE(tx, nullptr);
    EXPECT_TRUE(IsError(tx->users().FindById("usr_a1"), Errc::kNotFound));
    EXPECT_TRUE(IsError(tx->users().FindByLogin("sato"), Errc::kNotFound));
    EXPECT_TRUE(IsError(tx->units().FindById(kUnitA), Errc::kNotFound));
    EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash("hash-of-ses_a1"), Errc::kNotFound));
    auto users = tx->users().List();
    ASSERT_TRUE(IsOk(users));
    EXPECT_TRUE(users->empty());
  }
  // The same login and unit id may exist in both tenants.
  Write(*b, [](TenantTx& tx) {
    EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA, "別のセンター"))));
    EXPECT_TRUE(IsOk(tx.users().Create(MakeUser("usr_b1", "sato", {kUnitA}))));
  });
  {
    auto tx = MustBegin(*b, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    EXPECT_TRUE(IsError(tx->users().RecordLoginFailure("usr_a1", 5, At(1)), Errc::kNotFound));
    EXPECT_TRUE(IsError(tx->sessions().Delete("ses_a1"), Errc::kNotFound));
  }
  auto tx = MustBegin(*a, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto sato = tx->users().FindByLogin("sato");
  ASSERT_TRUE(IsOk(sato));
  EXPECT_EQ(sato->id, "usr_a1");
  auto unit = tx->units().FindById(kUnitA);
  ASSERT_TRUE(IsOk(unit));
  EXPECT_EQ(unit->name, "子ども総合センター");
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash("hash-of-ses_a1")));
}

TEST_P(StorageConformanceTest, DataSurvivesReopening) {
  MustCreateTenant("shinjuku", "新宿区");
  MustCreateTenant("nakano", "中野区");
  {
    auto db = MustOpen("shinjuku");
    ASSERT_NE(db, nullptr);
    Write(*db, [](TenantTx& tx) {
      EXPECT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
      User u = MakeUser("usr_1", "sato", {kUnitA});
      u.locked_until = At(77);
      EXPECT_TRUE(IsOk(tx.users().Create(u)));
      EXPECT_TRUE(IsOk(tx.sessions().Create(MakeSession("ses_1", "usr_1", At(5), At(9999)))));
    });
    // An uncommitted write must not come back after the reopen either.
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_NE(tx, nullptr);
    EXPECT_TRUE(IsOk(tx->units().Create(MakeUnit(kUnitB))));
  }
  Reopen();
  auto tenants = storage().tenants().List();
  ASSERT_TRUE(IsOk(tenants));
  ASSERT_EQ(tenants->size(), 2u);
  EXPECT_EQ((*tenants)[0].id, "nakano");
  EXPECT_EQ((*tenants)[1].name, "新宿区");
  EXPECT_TRUE(IsError(storage().CreateTenant(Tenant{"shinjuku", "x", At(0)}), Errc::kConflict));

  auto db = MustOpen("shinjuku");
  ASSERT_NE(db, nullptr);
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_NE(tx, nullptr);
  auto units = tx->units().List();
  ASSERT_TRUE(IsOk(units));
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].id, kUnitA);
  auto user = tx->users().FindByLogin("sato");
  ASSERT_TRUE(IsOk(user));
  EXPECT_EQ(user->id, "usr_1");
  EXPECT_EQ(user->unit_ids, std::vector<std::string>{kUnitA});
  EXPECT_EQ(user->locked_until, At(77));
  auto session = tx->sessions().FindByTokenHash("hash-of-ses_1");
  ASSERT_TRUE(IsOk(session));
  EXPECT_EQ(session->user_id, "usr_1");
  EXPECT_EQ(session->last_seen_at, At(5));
}

// ---------------------------------------------------------------------------------------------
// Audit log

domain::AuditEntry Entry(const std::string& action, std::vector<std::string> ids, int64_t at) {
  return domain::MakeAuditEntry(domain::AuditActor{"usr_a", "admin", "ses_1", "", "192.0.2.1"},
                                core::FromUnixMillis(1751328000123 + at * 1000), action, "user",
                                std::move(ids));
}

TEST_P(StorageConformanceTest, AuditAppendChainsAndReadsBack) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  std::vector<domain::AuditEntry> appended;
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 3; ++i) {
      auto e = Entry("user.read", {"usr_" + std::to_string(i), "usr_x"}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
      appended.push_back(e);
    }
  });
  ASSERT_EQ(appended.size(), 3u);
  EXPECT_EQ(appended[0].seq, 1);
  EXPECT_EQ(appended[0].prev_hash, "");
  EXPECT_EQ(appended[1].prev_hash, appended[0].hash);
  EXPECT_EQ(appended[2].prev_hash, appended[1].hash);
  // Keyed: HMAC under the tenant's chain key, which the keyring gave the store.
  const auto key = audit_keys().ChainKey("shinjuku");
  ASSERT_TRUE(IsOk(key));
  EXPECT_EQ(appended[2].chain, domain::kAuditChainKeyed);
  EXPECT_EQ(appended[2].hash, domain::ComputeAuditHash(appended[2], *key));

  Reopen();
  auto db2 = MustOpen("shinjuku");
  auto tx = MustBegin(*db2, TxMode::kRead);
  ASSERT_TRUE(tx);
  auto all = tx->audit().Query(domain::AuditQuery{});
  ASSERT_TRUE(IsOk(all));
  ASSERT_EQ(all->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& got = (*all)[i];
    EXPECT_EQ(got.seq, appended[i].seq);
    EXPECT_EQ(got.at, appended[i].at);
    EXPECT_EQ(got.actor.user_id, "usr_a");
    EXPECT_EQ(got.actor.address, "192.0.2.1");
    EXPECT_EQ(got.target_ids, appended[i].target_ids);
    EXPECT_EQ(got.hash, appended[i].hash);
  }
  auto verified = domain::VerifyAuditChain(tx->audit());
  ASSERT_TRUE(IsOk(verified));
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(verified->checked, 3);
}

// A long log is walked in order, every entry once, and the walk stops when told (backends may
// read it in pages: 4500 entries cross a page boundary twice).
TEST_P(StorageConformanceTest, AuditForEachWalksALongLogInOrderAndStops) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 4500; ++i) {
      auto e = Entry("case.read", {"cas_" + std::to_string(i)}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_TRUE(tx);
  int64_t expected = 1;
  ASSERT_TRUE(IsOk(tx->audit().ForEach([&](const domain::AuditEntry& e) {
    EXPECT_EQ(e.seq, expected);
    ++expected;
    return true;
  })));
  EXPECT_EQ(expected, 4501);
  int seen = 0;
  ASSERT_TRUE(IsOk(tx->audit().ForEach([&](const domain::AuditEntry&) { return ++seen < 2001; })));
  EXPECT_EQ(seen, 2001);
  auto verified = domain::VerifyAuditChain(tx->audit());
  ASSERT_TRUE(IsOk(verified));
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(verified->checked, 4500);
}

// Every entry read back as the store gave it, in seq order.
std::vector<domain::AuditEntry> AllEntries(domain::TenantTx& tx) {
  std::vector<domain::AuditEntry> all;
  EXPECT_TRUE(IsOk(tx.audit().ForEach([&](const domain::AuditEntry& e) {
    all.push_back(e);
    return true;
  })));
  return all;
}

// SQL that rewrites entries from index `from` on as plain (chain version 1) SHA-256 entries,
// linked forward: the chain as the store wrote it before keys, or a forger without the key.
std::string RewritePlainSql(std::vector<domain::AuditEntry> entries, std::size_t from) {
  std::string sql;
  for (std::size_t i = from; i < entries.size(); ++i) {
    auto& e = entries[i];
    e.prev_hash = i == 0 ? "" : entries[i - 1].hash;
    e.chain = domain::kAuditChainPlain;
    e.hash = domain::ComputeAuditHash(e, "");
    sql += "UPDATE audit_log SET chain = 1, detail = '" + e.detail + "', prev_hash = '" +
           e.prev_hash + "', hash = '" + e.hash + "' WHERE seq = " + std::to_string(e.seq) + ";\n";
  }
  return sql;
}

domain::ChainVerification MustVerify(domain::TenantDb& db) {
  auto tx = db.Begin(TxMode::kRead);
  EXPECT_TRUE(IsOk(tx));
  if (!tx.ok()) return {};
  auto v = domain::VerifyAuditChain((*tx)->audit());
  EXPECT_TRUE(IsOk(v));
  return v.ok() ? *v : domain::ChainVerification{};
}

TEST_P(StorageConformanceTest, AuditChainKeyIsTheKeyringsPerTenant) {
  MustCreateTenant("shinjuku");
  MustCreateTenant("chiyoda", "千代田区");
  auto a = MustOpen("shinjuku");
  auto b = MustOpen("chiyoda");
  auto ta = MustBegin(*a, TxMode::kRead);
  auto tb = MustBegin(*b, TxMode::kRead);
  ASSERT_TRUE(ta && tb);
  EXPECT_EQ(std::string(ta->audit().chain_key()), *audit_keys().ChainKey("shinjuku"));
  EXPECT_EQ(std::string(tb->audit().chain_key()), *audit_keys().ChainKey("chiyoda"));
  EXPECT_NE(ta->audit().chain_key(), tb->audit().chain_key());
  // A new tenant's chain is keyed from its first entry, and recorded as keyed.
  EXPECT_TRUE(*audit_keys().ChainKeyed("shinjuku"));
  EXPECT_TRUE(AllEntries(*ta).empty());
}

// Issue 13: an entry edited and every later one re-hashed with plain SHA-256 (no key).
TEST_P(StorageConformanceTest, AuditVerifyFailsAfterAForwardRehashWithoutTheKey) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 4; ++i) {
      auto e = Entry("user.read", {"usr_" + std::to_string(i)}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
  });
  std::vector<domain::AuditEntry> entries;
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    ASSERT_TRUE(tx);
    entries = AllEntries(*tx);
  }
  ASSERT_EQ(entries.size(), 4u);
  entries[1].detail = "edited";
  Tamper("shinjuku", RewritePlainSql(entries, 1));
  auto v = MustVerify(*db);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 2);
  EXPECT_EQ(v.reason, "unkeyed_after_keyed");
  // Keeping the version as keyed does not help: the plain hash is not the HMAC.
  Tamper("shinjuku", "UPDATE audit_log SET chain = 2");
  v = MustVerify(*db);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 2);
  EXPECT_EQ(v.reason, "hash_mismatch");
}

// The downgrade: the whole chain rewritten as a plain one. Verify fails at the tail, and opening
// the tenant again does not re-key it: the keyring records the chain as keyed.
TEST_P(StorageConformanceTest, AuditChainRewrittenAsPlainIsNotRekeyed) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 3; ++i) {
      auto e = Entry("user.read", {"usr_" + std::to_string(i)}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
  });
  std::vector<domain::AuditEntry> entries;
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    ASSERT_TRUE(tx);
    entries = AllEntries(*tx);
  }
  db.reset();
  Tamper("shinjuku", RewritePlainSql(entries, 0));
  Reopen();
  auto again = MustOpen("shinjuku");
  auto v = MustVerify(*again);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 3);
  EXPECT_EQ(v.reason, "unkeyed_tail");
  auto tx = MustBegin(*again, TxMode::kRead);
  ASSERT_TRUE(tx);
  EXPECT_EQ(AllEntries(*tx).size(), 3u);
}

// A chain written before keys (plain SHA-256, chain version 1, as migration 8 labels every
// existing entry): on the first open with a keyring that has not keyed it, one `audit.rekey`
// entry is appended whose keyed hash covers the plain head; the chain verifies, later entries
// are keyed, and a second open adds nothing.
TEST_P(StorageConformanceTest, AuditPlainChainIsRekeyedOnFirstOpen) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 3; ++i) {
      auto e = Entry("user.read", {"usr_" + std::to_string(i)}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
  });
  std::vector<domain::AuditEntry> entries;
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    ASSERT_TRUE(tx);
    entries = AllEntries(*tx);
  }
  db.reset();
  Tamper("shinjuku", RewritePlainSql(entries, 0));
  audit_keys().ForgetKeyed("shinjuku");  // a data folder from before keyed chains
  Reopen();
  auto opened = MustOpen("shinjuku");
  std::vector<domain::AuditEntry> after;
  {
    auto tx = MustBegin(*opened, TxMode::kRead);
    ASSERT_TRUE(tx);
    after = AllEntries(*tx);
  }
  ASSERT_EQ(after.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(after[i].chain, domain::kAuditChainPlain);
  EXPECT_EQ(after[3].action, "audit.rekey");
  EXPECT_EQ(after[3].chain, domain::kAuditChainKeyed);
  EXPECT_EQ(after[3].prev_hash, after[2].hash);
  EXPECT_EQ(after[3].detail, "plain_head:3");
  EXPECT_EQ(after[3].hash, domain::ComputeAuditHash(after[3], *audit_keys().ChainKey("shinjuku")));
  EXPECT_TRUE(*audit_keys().ChainKeyed("shinjuku"));
  auto v = MustVerify(*opened);
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.checked, 4);

  Write(*opened, [&](TenantTx& tx) {
    auto e = Entry("user.read", {"usr_9"}, 9);
    ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    EXPECT_EQ(e.chain, domain::kAuditChainKeyed);
  });
  opened.reset();
  Reopen();
  auto third = MustOpen("shinjuku");
  v = MustVerify(*third);
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.checked, 5);

  // Editing a plain entry before the rekey (re-hashed up to the plain head) breaks the rekey's
  // link.
  std::vector<domain::AuditEntry> plain(after.begin(), after.begin() + 3);
  plain[1].detail = "edited";
  Tamper("shinjuku", RewritePlainSql(plain, 1));
  v = MustVerify(*third);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 4);
  EXPECT_EQ(v.reason, "prev_hash_mismatch");
}

TEST_P(StorageConformanceTest, AuditIndexedTargetsAreTheTargetRowsBySeq) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto a = Entry("case.read", {"cas_b", "cas_a", "cas_b"}, 0);
    auto b = Entry("user.list", {}, 1);
    auto c = Entry("case.read", {"cas_c"}, 2);
    ASSERT_TRUE(IsOk(tx.audit().Append(a)));
    ASSERT_TRUE(IsOk(tx.audit().Append(b)));
    ASSERT_TRUE(IsOk(tx.audit().Append(c)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  ASSERT_TRUE(tx);
  using Rows = std::vector<std::pair<int64_t, std::string>>;
  auto all = tx->audit().IndexedTargets(0, 3);
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(*all, (Rows{{1, "cas_a"}, {1, "cas_b"}, {3, "cas_c"}}));
  auto some = tx->audit().IndexedTargets(1, 3);
  ASSERT_TRUE(IsOk(some));
  EXPECT_EQ(*some, (Rows{{3, "cas_c"}}));
  auto none = tx->audit().IndexedTargets(3, INT64_MAX);
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->empty());
  auto v = domain::VerifyAuditChain(tx->audit());
  ASSERT_TRUE(IsOk(v));
  EXPECT_TRUE(v->ok()) << v->reason;
}

// Issue 13: audit_targets (what "who looked at this record" reads) was outside the chain.
TEST_P(StorageConformanceTest, AuditVerifyFailsWhenTheTargetIndexDiffers) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 4; ++i) {
      auto e = Entry("case.read", {"cas_" + std::to_string(i), "per_" + std::to_string(i)}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
  });
  ASSERT_TRUE(MustVerify(*db).ok());
  Tamper("shinjuku", "DELETE FROM audit_targets WHERE seq = 3 AND target_id = 'cas_2'");
  auto v = MustVerify(*db);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 3);
  EXPECT_EQ(v.reason, "targets_mismatch");
  EXPECT_EQ(v.checked, 2);
  Tamper("shinjuku",
         "INSERT INTO audit_targets(target_id, seq) VALUES ('cas_2', 3), ('cas_planted', 2)");
  v = MustVerify(*db);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(*v.first_broken_seq, 2);
  EXPECT_EQ(v.reason, "targets_mismatch");
}

TEST_P(StorageConformanceTest, AuditQueryFilters) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto a = Entry("user.read", {"usr_1"}, 0);
    auto b = Entry("user.create", {"usr_2"}, 10);
    auto c = Entry("user.read", {"usr_2"}, 20);
    c.actor.user_id = "usr_other";
    for (auto* e : {&a, &b, &c}) ASSERT_TRUE(IsOk(tx.audit().Append(*e)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto q = [&](domain::AuditQuery query) {
    auto r = tx->audit().Query(query);
    EXPECT_TRUE(IsOk(r));
    std::vector<int64_t> seqs;
    if (r.ok()) {
      for (const auto& e : *r) seqs.push_back(e.seq);
    }
    return seqs;
  };
  domain::AuditQuery by_action;
  by_action.action = "user.read";
  EXPECT_EQ(q(by_action), (std::vector<int64_t>{1, 3}));
  domain::AuditQuery by_record;
  by_record.target_id = "usr_2";
  EXPECT_EQ(q(by_record), (std::vector<int64_t>{2, 3}));
  domain::AuditQuery by_user;
  by_user.user_id = "usr_other";
  EXPECT_EQ(q(by_user), (std::vector<int64_t>{3}));
  domain::AuditQuery by_time;
  by_time.from = core::FromUnixMillis(1751328000123 + 10 * 1000);
  by_time.to = core::FromUnixMillis(1751328000123 + 20 * 1000);
  EXPECT_EQ(q(by_time), (std::vector<int64_t>{2}));
  domain::AuditQuery paged;
  paged.after_seq = 1;
  paged.limit = 1;
  EXPECT_EQ(q(paged), (std::vector<int64_t>{2}));
}

TEST_P(StorageConformanceTest, AuditAppendRolledBackLeavesNoGap) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    auto e = Entry("user.create", {"usr_1"}, 0);
    ASSERT_TRUE(IsOk(tx->audit().Append(e)));
    // destroyed without Commit: the entry and the change it recorded are gone together
  }
  Write(*db, [&](TenantTx& tx) {
    auto e = Entry("user.create", {"usr_2"}, 1);
    ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    EXPECT_EQ(e.seq, 1);
  });
}

// ---------------------------------------------------------------------------------------------
// Cases and people

domain::CaseFile MakeCase(const std::string& id, const std::string& number, const std::string& unit,
                          int64_t received_s) {
  domain::CaseFile c;
  c.id = id;
  c.number = number;
  c.received_at = core::FromUnixMillis(1751328000123 + received_s * 1000);
  c.unit_id = unit;
  c.status = "received";
  c.consultation_type = {"abuse", {"physical", "psychological"}, true};
  c.referral_route = "school";
  c.household = "母子世帯。\n祖母が近居。";
  c.created_at = c.received_at;
  c.updated_at = c.received_at;
  return c;
}

domain::Person MakePerson(const std::string& id, const std::string& case_id,
                          const std::string& role, int64_t created_s) {
  domain::Person p;
  p.id = id;
  p.case_id = case_id;
  p.role = role;
  p.name = "山田　花子";
  p.name_kana = "やまだ　はなこ";
  p.sex = "female";
  p.relationship = role == "child" ? "self" : "biological_mother";
  p.birth_date = core::Date{2016, 4, 2};
  p.address = "東京都新宿区大久保二丁目1番1号";
  p.affiliation_kind = "elementary_school";
  p.affiliation_name = "区立テスト小学校";
  p.health = "良好";
  p.nationality = "vn";
  p.residence_status = "dependent";
  p.created_at = core::FromUnixMillis(1751328000123 + created_s * 1000);
  p.updated_at = p.created_at;
  return p;
}

TEST_P(StorageConformanceTest, CaseCreateFindUpdateAndStaleVersion) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  const User worker = MakeUser("usr_w", "worker", {kUnitA});
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    ASSERT_TRUE(IsOk(tx.users().Create(worker)));
    auto c = MakeCase("cas_1", "2025-00001", kUnitA, 0);
    c.worker_ids = {worker.id};
    ASSERT_TRUE(IsOk(tx.cases().Create(c)));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.cases().Create(MakeCase("cas_2", "2025-00001", kUnitA, 1)),
                        Errc::kConflict, "number_taken"));
  });
  Reopen();
  db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto c = tx.cases().FindById("cas_1");
    ASSERT_TRUE(IsOk(c));
    EXPECT_EQ(c->number, "2025-00001");
    EXPECT_EQ(c->consultation_type.abuse_types,
              (std::vector<std::string>{"physical", "psychological"}));
    EXPECT_TRUE(c->consultation_type.witnessed_dv);
    EXPECT_EQ(c->household, "母子世帯。\n祖母が近居。");
    EXPECT_EQ(c->worker_ids, std::vector<std::string>{worker.id});
    EXPECT_EQ(c->version, 1);
    auto changed = *c;
    changed.status = "investigating";
    changed.unit_id = kUnitB;
    changed.worker_ids.clear();
    ASSERT_TRUE(IsOk(tx.cases().Update(changed, 1)));
    EXPECT_TRUE(IsError(tx.cases().Update(changed, 1), Errc::kConflict, "stale_version"));
    auto after = tx.cases().FindById("cas_1");
    ASSERT_TRUE(IsOk(after));
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->status, "investigating");
    EXPECT_EQ(after->unit_id, kUnitB);
    EXPECT_TRUE(after->worker_ids.empty());
    EXPECT_TRUE(IsError(tx.cases().FindById("cas_missing"), Errc::kNotFound));
    auto ghost = MakeCase("cas_missing", "2025-09999", kUnitA, 0);
    EXPECT_TRUE(IsError(tx.cases().Update(ghost, 1), Errc::kNotFound));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.cases().Create(MakeCase("cas_3", "2025-00003", "nowhere", 0)),
                        Errc::kInvalidArgument, "unknown_unit"));
  });
}

domain::BreakGlassGrant MakeGrant(const std::string& id, const std::string& case_id,
                                  const std::string& user_id, int64_t granted_s, int64_t lasts_s) {
  domain::BreakGlassGrant g;
  g.id = id;
  g.case_id = case_id;
  g.user_id = user_id;
  g.reason = "児童の安全確認のため（夜間の緊急通報）";
  g.granted_at = core::FromUnixMillis(1751328000123 + granted_s * 1000);
  g.expires_at = g.granted_at + std::chrono::seconds(lasts_s);
  return g;
}

// Break-glass grants (migration 11): round trip, the unexpired one by case and user, the list
// of a case newest first, and a grant on a missing case refused.
TEST_P(StorageConformanceTest, BreakGlassGrantsActiveUntilTheyExpireAndListNewestFirst) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  const auto at = [](int64_t s) { return core::FromUnixMillis(1751328000123 + s * 1000); };
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_1", "2025-00001", kUnitA, 0))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_2", "2025-00002", kUnitA, 0))));
    ASSERT_TRUE(IsOk(tx.break_glass().Create(MakeGrant("bgl_1", "cas_1", "usr_s", 10, 60))));
    ASSERT_TRUE(IsOk(tx.break_glass().Create(MakeGrant("bgl_2", "cas_1", "usr_s", 100, 60))));
    ASSERT_TRUE(IsOk(tx.break_glass().Create(MakeGrant("bgl_3", "cas_1", "usr_t", 50, 60))));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.break_glass().Create(MakeGrant("bgl_9", "cas_missing", "usr_s", 0, 60)),
                        Errc::kNotFound));
  });
  Reopen();
  db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto first = tx.break_glass().Active("cas_1", "usr_s", at(20));
    ASSERT_TRUE(IsOk(first));
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((*first)->id, "bgl_1");
    EXPECT_EQ((*first)->reason, "児童の安全確認のため（夜間の緊急通報）");
    EXPECT_EQ((*first)->granted_at, at(10));
    EXPECT_EQ((*first)->expires_at, at(70));
    EXPECT_EQ((*first)->user_id, "usr_s");
    EXPECT_EQ((*first)->case_id, "cas_1");
    // Expired at exactly expires_at; none between the two grants.
    auto gap = tx.break_glass().Active("cas_1", "usr_s", at(70));
    ASSERT_TRUE(IsOk(gap));
    EXPECT_FALSE(gap->has_value());
    auto second = tx.break_glass().Active("cas_1", "usr_s", at(159));
    ASSERT_TRUE(IsOk(second));
    ASSERT_TRUE(second->has_value());
    EXPECT_EQ((*second)->id, "bgl_2");
    auto after = tx.break_glass().Active("cas_1", "usr_s", at(160));
    ASSERT_TRUE(IsOk(after));
    EXPECT_FALSE(after->has_value());
    // Another user's grant, another case: nothing.
    auto other_case = tx.break_glass().Active("cas_2", "usr_s", at(20));
    ASSERT_TRUE(IsOk(other_case));
    EXPECT_FALSE(other_case->has_value());
    auto other_user = tx.break_glass().Active("cas_1", "usr_x", at(20));
    ASSERT_TRUE(IsOk(other_user));
    EXPECT_FALSE(other_user->has_value());

    auto list = tx.break_glass().ListByCase("cas_1");
    ASSERT_TRUE(IsOk(list));
    std::vector<std::string> ids;
    for (const auto& g : *list) ids.push_back(g.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"bgl_2", "bgl_3", "bgl_1"}));
    auto none = tx.break_glass().ListByCase("cas_2");
    ASSERT_TRUE(IsOk(none));
    EXPECT_TRUE(none->empty());
  });
}

TEST_P(StorageConformanceTest, CaseNumbersCountPerFiscalYearAndNeverRepeat) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    EXPECT_EQ(*tx.cases().NextNumber(2025), "2025-00001");
    EXPECT_EQ(*tx.cases().NextNumber(2025), "2025-00002");
    EXPECT_EQ(*tx.cases().NextNumber(2026), "2026-00001");
  });
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    EXPECT_EQ(*tx->cases().NextNumber(2025), "2025-00003");
    // rolled back: the number is free again
  }
  Write(*db, [&](TenantTx& tx) { EXPECT_EQ(*tx.cases().NextNumber(2025), "2025-00003"); });
}

TEST_P(StorageConformanceTest, CaseListIsScopedToUnitsOrAssignmentNewestFirst) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    ASSERT_TRUE(IsOk(tx.users().Create(MakeUser("usr_w", "worker", {kUnitA}))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_a1", "n1", kUnitA, 10))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_a2", "n2", kUnitA, 20))));
    auto b1 = MakeCase("cas_b1", "n3", kUnitB, 30);
    b1.worker_ids = {"usr_w"};
    ASSERT_TRUE(IsOk(tx.cases().Create(b1)));
    auto b2 = MakeCase("cas_b2", "n4", kUnitB, 40);
    b2.status = "closed";
    ASSERT_TRUE(IsOk(tx.cases().Create(b2)));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto ids = [&](const domain::CaseListQuery& q) {
    std::vector<std::string> out;
    auto r = tx->cases().List(q);
    EXPECT_TRUE(IsOk(r));
    if (r.ok()) {
      for (const auto& c : *r) out.push_back(c.id);
    }
    return out;
  };
  domain::CaseListQuery units_only;
  units_only.unit_ids = {kUnitA};
  EXPECT_EQ(ids(units_only), (std::vector<std::string>{"cas_a2", "cas_a1"}));
  domain::CaseListQuery with_assigned = units_only;
  with_assigned.or_worker_id = "usr_w";
  EXPECT_EQ(ids(with_assigned), (std::vector<std::string>{"cas_b1", "cas_a2", "cas_a1"}));
  domain::CaseListQuery supervisor;
  supervisor.unit_ids = {kUnitA, kUnitB};
  supervisor.status = "closed";
  EXPECT_EQ(ids(supervisor), (std::vector<std::string>{"cas_b2"}));
  domain::CaseListQuery page = supervisor;
  page.status.reset();
  page.limit = 2;
  EXPECT_EQ(ids(page), (std::vector<std::string>{"cas_b2", "cas_b1"}));
  page.after_id = "cas_b1";
  EXPECT_EQ(ids(page), (std::vector<std::string>{"cas_a2", "cas_a1"}));
  domain::CaseListQuery nothing;
  EXPECT_TRUE(ids(nothing).empty()) << "no units and no assignment: no cases";
  // A cursor naming a case outside the scope reads like one naming no case: an empty page, so
  // it reveals neither that the case exists nor when it was received.
  domain::CaseListQuery foreign_cursor = units_only;
  foreign_cursor.after_id = "cas_b2";
  EXPECT_TRUE(ids(foreign_cursor).empty());
  foreign_cursor.after_id = "cas_missing";
  EXPECT_TRUE(ids(foreign_cursor).empty());
}

TEST_P(StorageConformanceTest, PeopleRoundTripInRoleOrderWithVersions) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_1", "n1", kUnitA, 0))));
    ASSERT_TRUE(IsOk(tx.people().Create(MakePerson("per_g", "cas_1", "guardian", 1))));
    ASSERT_TRUE(IsOk(tx.people().Create(MakePerson("per_c", "cas_1", "child", 2))));
    auto anonymous = MakePerson("per_x", "cas_1", "consulter", 3);
    anonymous.name = "";
    anonymous.birth_date.reset();
    ASSERT_TRUE(IsOk(tx.people().Create(anonymous)));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.people().Create(MakePerson("per_y", "cas_nowhere", "child", 4)),
                        Errc::kNotFound));
  });
  Reopen();
  db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto people = tx.people().ListByCase("cas_1");
    ASSERT_TRUE(IsOk(people));
    ASSERT_EQ(people->size(), 3u);
    EXPECT_EQ((*people)[0].id, "per_c");
    EXPECT_EQ((*people)[1].id, "per_g");
    EXPECT_EQ((*people)[2].id, "per_x");
    const auto& child = (*people)[0];
    const auto expected = MakePerson("per_c", "cas_1", "child", 2);
    EXPECT_EQ(child.name, expected.name);
    EXPECT_EQ(child.name_kana, expected.name_kana);
    EXPECT_EQ(child.birth_date, expected.birth_date);
    EXPECT_EQ(child.affiliation_name, expected.affiliation_name);
    EXPECT_EQ(child.residence_status, "dependent");
    EXPECT_FALSE((*people)[2].birth_date.has_value());
    auto changed = child;
    changed.health = "喘息あり";
    ASSERT_TRUE(IsOk(tx.people().Update(changed, 1)));
    EXPECT_TRUE(IsError(tx.people().Update(changed, 1), Errc::kConflict, "stale_version"));
    auto after = tx.people().FindById("per_c");
    ASSERT_TRUE(IsOk(after));
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->health, "喘息あり");
  });
}

TEST_P(StorageConformanceTest, CasesOfOneTenantAreNotFoundInAnother) {
  MustCreateTenant("shinjuku");
  MustCreateTenant("nakano", "中野区");
  auto a = MustOpen("shinjuku");
  Write(*a, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_1", "n1", kUnitA, 0))));
    ASSERT_TRUE(IsOk(tx.people().Create(MakePerson("per_1", "cas_1", "child", 0))));
  });
  auto b = MustOpen("nakano");
  auto tx = MustBegin(*b, TxMode::kRead);
  EXPECT_TRUE(IsError(tx->cases().FindById("cas_1"), Errc::kNotFound));
  EXPECT_TRUE(IsError(tx->people().FindById("per_1"), Errc::kNotFound));
  auto none = tx->people().ListByCase("cas_1");
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->empty());
}

// ---------------------------------------------------------------------------------------------
// Consultations, notes, policies, search

// A tenant with unit A, a worker and case cas_1 (and cas_2 for cross-case checks).
void SeedCase(domain::TenantDb& db, const Unit& unit, const User& worker) {
  auto st = domain::InTransaction(db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_RETURN_IF_ERROR(tx.units().Create(unit));
    YS_RETURN_IF_ERROR(tx.users().Create(worker));
    YS_RETURN_IF_ERROR(tx.cases().Create(MakeCase("cas_1", "2025-00001", kUnitA, 0)));
    return tx.cases().Create(MakeCase("cas_2", "2025-00002", kUnitA, 1));
  });
  ASSERT_TRUE(IsOk(st));
}

domain::Consultation MakeConsultation(const std::string& id, const std::string& case_id,
                                      core::Date date, int64_t created_s) {
  domain::Consultation c;
  c.id = id;
  c.case_id = case_id;
  c.date = date;
  c.type = "abuse";
  c.method = "home_visit";
  c.content = "家庭訪問。本児は元気な様子。\n母と面談した。";
  c.author_id = "usr_w";
  c.created_at = core::FromUnixMillis(1751328000123 + created_s * 1000);
  c.updated_at = c.created_at;
  return c;
}

domain::Note MakeNote(const std::string& id, const std::string& case_id, int64_t at_s,
                      std::optional<std::string> corrects = std::nullopt) {
  domain::Note n;
  n.id = id;
  n.case_id = case_id;
  n.at = core::FromUnixMillis(1751328000123 + at_s * 1000);
  n.body = "学校より連絡。本児の欠席が続いている。";
  n.author_id = "usr_w";
  n.corrects = std::move(corrects);
  return n;
}

std::vector<std::string> IdsOf(const auto& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

TEST_P(StorageConformanceTest, ConsultationsRoundTripNewestFirstWithVersions) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(
        IsOk(tx.consultations().Create(MakeConsultation("con_1", "cas_1", {2025, 7, 1}, 1))));
    ASSERT_TRUE(
        IsOk(tx.consultations().Create(MakeConsultation("con_2", "cas_1", {2025, 7, 3}, 2))));
    ASSERT_TRUE(
        IsOk(tx.consultations().Create(MakeConsultation("con_3", "cas_1", {2025, 7, 1}, 3))));
    ASSERT_TRUE(
        IsOk(tx.consultations().Create(MakeConsultation("con_x", "cas_2", {2025, 7, 9}, 4))));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(
        tx.consultations().Create(MakeConsultation("con_y", "cas_nowhere", {2025, 7, 1}, 5)),
        Errc::kNotFound));
  });
  Reopen();
  db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto all = tx.consultations().ListByCase("cas_1", {"", 50});
    ASSERT_TRUE(IsOk(all));
    EXPECT_EQ(IdsOf(*all), (std::vector<std::string>{"con_2", "con_3", "con_1"}));
    auto first = tx.consultations().ListByCase("cas_1", {"", 2});
    ASSERT_TRUE(IsOk(first));
    EXPECT_EQ(IdsOf(*first), (std::vector<std::string>{"con_2", "con_3"}));
    auto second = tx.consultations().ListByCase("cas_1", {"con_3", 2});
    ASSERT_TRUE(IsOk(second));
    EXPECT_EQ(IdsOf(*second), (std::vector<std::string>{"con_1"}));
    auto foreign_cursor = tx.consultations().ListByCase("cas_1", {"con_x", 50});
    ASSERT_TRUE(IsOk(foreign_cursor));
    EXPECT_TRUE(foreign_cursor->empty()) << "a cursor of another case matches nothing";

    auto c = tx.consultations().FindById("con_1");
    ASSERT_TRUE(IsOk(c));
    const auto expected = MakeConsultation("con_1", "cas_1", {2025, 7, 1}, 1);
    EXPECT_EQ(c->case_id, "cas_1");
    EXPECT_EQ(c->date, expected.date);
    EXPECT_EQ(c->type, expected.type);
    EXPECT_EQ(c->method, expected.method);
    EXPECT_EQ(c->content, expected.content);
    EXPECT_EQ(c->author_id, "usr_w");
    EXPECT_EQ(c->created_at, expected.created_at);
    EXPECT_EQ(c->version, 1);
    auto changed = *c;
    changed.content += "追記。";
    changed.method = "phone";
    changed.updated_at = core::FromUnixMillis(1751328999000);
    ASSERT_TRUE(IsOk(tx.consultations().Update(changed, 1)));
    EXPECT_TRUE(IsError(tx.consultations().Update(changed, 1), Errc::kConflict, "stale_version"));
    auto ghost = changed;
    ghost.id = "con_missing";
    EXPECT_TRUE(IsError(tx.consultations().Update(ghost, 1), Errc::kNotFound));
    auto after = tx.consultations().FindById("con_1");
    ASSERT_TRUE(IsOk(after));
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->content, changed.content);
    EXPECT_EQ(after->method, "phone");
    EXPECT_EQ(after->updated_at, changed.updated_at);
    EXPECT_EQ(after->created_at, expected.created_at);
    EXPECT_TRUE(IsError(tx.consultations().FindById("con_missing"), Errc::kNotFound));
  });
}

TEST_P(StorageConformanceTest, NotesAreAppendOnlyNewestFirstAndKeepCorrections) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_1", "cas_1", 10))));
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_2", "cas_1", 20))));
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_3", "cas_1", 30, "not_1"))));
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_x", "cas_2", 40))));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.notes().Append(MakeNote("not_1", "cas_1", 50)), Errc::kConflict));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.notes().Append(MakeNote("not_y", "cas_nowhere", 60)), Errc::kNotFound));
  });
  Reopen();
  db = MustOpen("shinjuku");
  auto tx = MustBegin(*db, TxMode::kRead);
  auto all = tx->notes().ListByCase("cas_1", {"", 50});
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(IdsOf(*all), (std::vector<std::string>{"not_3", "not_2", "not_1"}));
  auto page = tx->notes().ListByCase("cas_1", {"not_3", 1});
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(IdsOf(*page), (std::vector<std::string>{"not_2"}));
  auto original = tx->notes().FindById("not_1");
  ASSERT_TRUE(IsOk(original));
  EXPECT_EQ(original->body, MakeNote("not_1", "cas_1", 10).body);
  EXPECT_EQ(original->at, MakeNote("not_1", "cas_1", 10).at);
  EXPECT_EQ(original->author_id, "usr_w");
  EXPECT_FALSE(original->corrects.has_value());
  auto correction = tx->notes().FindById("not_3");
  ASSERT_TRUE(IsOk(correction));
  EXPECT_EQ(correction->corrects, std::optional<std::string>("not_1"));
  EXPECT_TRUE(IsError(tx->notes().FindById("not_missing"), Errc::kNotFound));
}

TEST_P(StorageConformanceTest, NoteIsCorrectedWhenALaterNoteNamesIt) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_1", "cas_1", 10))));
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_2", "cas_1", 20, "not_1"))));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto corrected = [&](const std::string& id) {
    auto r = tx->notes().IsCorrected(id);
    EXPECT_TRUE(IsOk(r)) << id;
    return r.ok() && *r;
  };
  EXPECT_TRUE(corrected("not_1"));
  EXPECT_FALSE(corrected("not_2"));
  EXPECT_FALSE(corrected("not_missing"));
}

// The search indexer's watermark (SearchStore::Lag, SetIndexedThrough) and its reading of the log.
TEST_P(StorageConformanceTest, SearchIndexWatermarkStartsAtZeroMovesOnlyWithItsTransaction) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto lag = tx->search().Lag();
    ASSERT_TRUE(IsOk(lag));
    EXPECT_EQ(lag->indexed_through, 0);
    EXPECT_EQ(lag->newest_logged, 0);
  }
  Write(*db, [&](TenantTx& tx) {
    for (int i = 0; i < 3; ++i) {
      auto e = Entry("user.read", {"usr_1"}, i);
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    }
    ASSERT_TRUE(IsOk(tx.search().SetIndexedThrough(2)));
  });
  {
    // Not committed: the watermark stays where it was.
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_TRUE(IsOk(tx->search().SetIndexedThrough(3)));
  }
  Reopen();
  db = MustOpen("shinjuku");
  auto tx = MustBegin(*db, TxMode::kRead);
  auto lag = tx->search().Lag();
  ASSERT_TRUE(IsOk(lag));
  EXPECT_EQ(lag->indexed_through, 2);
  EXPECT_EQ(lag->newest_logged, 3);
}

TEST_P(StorageConformanceTest, SearchIndexReadsTheSuccessfulCreatesAndUpdatesOfTheLog) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) {
    auto append = [&](const std::string& action, std::vector<std::string> ids,
                      const std::string& result = "ok") {
      auto e = Entry(action, std::move(ids), 0);
      e.result = result;
      ASSERT_TRUE(IsOk(tx.audit().Append(e)));
    };
    append("case.create", {"cas_1"});                       // 1
    append("case.read", {"cas_1"});                         // 2
    append("note.create", {"not_2", "cas_1", "not_1"});     // 3
    append("person.update", {"per_1", "cas_1"}, "denied");  // 4
    append("consultation.update", {"con_1", "cas_1"});      // 5
    append("case.list", {});                                // 6
    append("person.update", {"per_1", "cas_1"});            // 7
    append("backup.create", {});                            // 8
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto all = tx->search().LoggedWrites(0, 8);
  ASSERT_TRUE(IsOk(all));
  std::vector<int64_t> seqs;
  for (const auto& w : *all) seqs.push_back(w.seq);
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 3, 5, 7}));
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].action, "note.create");
  EXPECT_EQ((*all)[1].target_ids, (std::vector<std::string>{"not_2", "cas_1", "not_1"}));
  auto window = tx->search().LoggedWrites(3, 5);
  ASSERT_TRUE(IsOk(window));
  ASSERT_EQ(window->size(), 1u) << "after_seq excluded, through_seq included";
  EXPECT_EQ((*window)[0].seq, 5);
  EXPECT_EQ((*window)[0].action, "consultation.update");
}

TEST_P(StorageConformanceTest, PoliciesNewestFirstWithOptionalDueDate) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  domain::Policy p;
  Write(*db, [&](TenantTx& tx) {
    p.id = "pol_1";
    p.case_id = "cas_1";
    p.decided_at = At(10);
    p.decided_by = "usr_w";
    p.body = "週1回の家庭訪問で見守る。";
    p.next_action = "学校と情報共有";
    p.next_action_on = core::Date{2025, 7, 15};
    ASSERT_TRUE(IsOk(tx.policies().Append(p)));
    p.id = "pol_2";
    p.decided_at = At(20);
    p.next_action.clear();
    p.next_action_on.reset();
    ASSERT_TRUE(IsOk(tx.policies().Append(p)));
  });
  Refused(*db, [&](TenantTx& tx) {
    p.id = "pol_3";
    p.case_id = "cas_nowhere";
    EXPECT_TRUE(IsError(tx.policies().Append(p), Errc::kNotFound));
  });
  Reopen();
  db = MustOpen("shinjuku");
  auto tx = MustBegin(*db, TxMode::kRead);
  auto all = tx->policies().ListByCase("cas_1", {"", 50});
  ASSERT_TRUE(IsOk(all));
  ASSERT_EQ(IdsOf(*all), (std::vector<std::string>{"pol_2", "pol_1"}));
  EXPECT_FALSE((*all)[0].next_action_on.has_value());
  EXPECT_EQ((*all)[1].next_action_on, (core::Date{2025, 7, 15}));
  EXPECT_EQ((*all)[1].next_action, "学校と情報共有");
  EXPECT_EQ((*all)[1].decided_by, "usr_w");
  EXPECT_EQ((*all)[1].decided_at, At(10));
  auto page = tx->policies().ListByCase("cas_1", {"pol_2", 5});
  ASSERT_TRUE(IsOk(page));
  EXPECT_EQ(IdsOf(*page), (std::vector<std::string>{"pol_1"}));
  auto other = tx->policies().ListByCase("cas_2", {"", 5});
  ASSERT_TRUE(IsOk(other));
  EXPECT_TRUE(other->empty());
}

// The case view's reads together (pipelined on PostgreSQL) give what the stores give one by one,
// in a read transaction and inside a write (an update answers with the view).
TEST_P(StorageConformanceTest, FindWithRecordsIsTheCaseWithItsNewestRecords) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  Write(*db, [&](TenantTx& tx) {
    auto c = tx.cases().FindById("cas_1");
    ASSERT_TRUE(IsOk(c));
    c->worker_ids = {"usr_w"};
    ASSERT_TRUE(IsOk(tx.cases().Update(*c, c->version)));
    ASSERT_TRUE(IsOk(tx.people().Create(MakePerson("per_g", "cas_1", "guardian", 1))));
    ASSERT_TRUE(IsOk(tx.people().Create(MakePerson("per_c", "cas_1", "child", 2))));
    for (int i = 1; i <= 3; ++i) {
      const std::string n = std::to_string(i);
      ASSERT_TRUE(
          IsOk(tx.consultations().Create(MakeConsultation("con_" + n, "cas_1", {2025, 7, i}, i))));
      ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_" + n, "cas_1", 10 * i))));
      domain::Policy p;
      p.id = "pol_" + n;
      p.case_id = "cas_1";
      p.decided_at = At(10 * i);
      p.decided_by = "usr_w";
      p.body = "方針" + n;
      ASSERT_TRUE(IsOk(tx.policies().Append(p)));
    }
    ASSERT_TRUE(IsOk(tx.notes().Append(MakeNote("not_x", "cas_2", 99))));
  });
  auto check = [&](TenantTx& tx) {
    auto r = tx.cases().FindWithRecords("cas_1", 2);
    ASSERT_TRUE(IsOk(r));
    auto c = tx.cases().FindById("cas_1");
    ASSERT_TRUE(IsOk(c));
    EXPECT_EQ(r->case_file.id, "cas_1");
    EXPECT_EQ(r->case_file.version, c->version);
    EXPECT_EQ(r->case_file.worker_ids, std::vector<std::string>{"usr_w"});
    EXPECT_EQ(IdsOf(r->people), (std::vector<std::string>{"per_c", "per_g"}));
    EXPECT_EQ(IdsOf(r->consultations), (std::vector<std::string>{"con_3", "con_2"}));
    EXPECT_EQ(IdsOf(r->notes), (std::vector<std::string>{"not_3", "not_2"}));
    EXPECT_EQ(IdsOf(r->policies), (std::vector<std::string>{"pol_3", "pol_2"}));
    EXPECT_EQ(r->policies[0].body, "方針3");
    auto empty = tx.cases().FindWithRecords("cas_2", 20);
    ASSERT_TRUE(IsOk(empty));
    EXPECT_TRUE(empty->people.empty());
    EXPECT_EQ(IdsOf(empty->notes), std::vector<std::string>{"not_x"});
    EXPECT_TRUE(IsError(tx.cases().FindWithRecords("cas_missing", 20), Errc::kNotFound));
  };
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    check(*tx);
    EXPECT_TRUE(IsOk(tx->Commit()));
  }
  Write(*db, check);
  // A read transaction that reads nothing commits (and is dropped) cleanly, and the connection
  // it used serves the next read.
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    EXPECT_TRUE(IsOk(tx->Commit()));
  }
  { auto tx = MustBegin(*db, TxMode::kRead); }
  auto tx = MustBegin(*db, TxMode::kRead);
  check(*tx);
}

TEST_P(StorageConformanceTest, SearchMatchesSubstringsOfAnyLengthWithinScope) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_b", "2025-00003", kUnitB, 2))));
    // Text as the domain stores it: already normalised.
    ASSERT_TRUE(IsOk(tx.search().Put({"per_1", "cas_1", "山田花子\nやまだはなこ\n2016-04-02"})));
    ASSERT_TRUE(IsOk(tx.search().Put({"not_1", "cas_2", "本児の欠席が続く。100%の出席"})));
    ASSERT_TRUE(IsOk(tx.search().Put({"per_b", "cas_b", "やまだたろう"})));
    // Put replaces the document of the same record.
    ASSERT_TRUE(IsOk(tx.search().Put({"per_2", "cas_2", "すずきいちろう"})));
    ASSERT_TRUE(IsOk(tx.search().Put({"per_2", "cas_2", "さとうじろう"})));
  });
  Refused(*db, [&](TenantTx& tx) {
    EXPECT_TRUE(IsError(tx.search().Put({"per_z", "cas_nowhere", "x"}), Errc::kNotFound));
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto find = [&](const std::string& text, std::vector<std::string> units = {kUnitA}) {
    domain::CaseListQuery q;
    q.unit_ids = std::move(units);
    q.text = text;
    auto r = tx->cases().List(q);
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? IdsOf(*r) : std::vector<std::string>{};
  };
  EXPECT_EQ(find("やまだ"), std::vector<std::string>{"cas_1"}) << "scope: cas_b is unit B";
  EXPECT_EQ(find("やまだ", {kUnitA, kUnitB}), (std::vector<std::string>{"cas_b", "cas_1"}));
  EXPECT_EQ(find("花子"), std::vector<std::string>{"cas_1"}) << "two characters: LIKE path";
  EXPECT_EQ(find("欠"), std::vector<std::string>{"cas_2"}) << "one character";
  EXPECT_EQ(find("欠席が続"), std::vector<std::string>{"cas_2"});
  EXPECT_EQ(find("2016-04-02"), std::vector<std::string>{"cas_1"});
  EXPECT_EQ(find("%"), std::vector<std::string>{"cas_2"}) << "LIKE wildcards are literal";
  EXPECT_TRUE(find("_").empty());
  EXPECT_TRUE(find("\"や").empty()) << "quotes are literal in the FTS phrase";
  EXPECT_TRUE(find("すずき").empty()) << "a replaced document no longer matches";
  EXPECT_EQ(find("さとう"), std::vector<std::string>{"cas_2"});
  EXPECT_TRUE(find("はなこやまだ").empty());
  // The search combines with the other filters and the cursor.
  domain::CaseListQuery q;
  q.unit_ids = {kUnitA, kUnitB};
  q.text = "やまだ";
  q.limit = 1;
  auto first = tx->cases().List(q);
  ASSERT_TRUE(IsOk(first));
  EXPECT_EQ(IdsOf(*first), std::vector<std::string>{"cas_b"});
  q.after_id = "cas_b";
  auto second = tx->cases().List(q);
  ASSERT_TRUE(IsOk(second));
  EXPECT_EQ(IdsOf(*second), std::vector<std::string>{"cas_1"});
}

// A word in more documents than the probe's cap is answered from the newest cases in scope when
// they fill the page, and otherwise from the index: the same cases, in the same order, either way
// (paged one at a time vs one page of everything), for 1, 2 and 4 characters. The rebuild's
// helpers: Clear forgets every document, CaseIds/CaseCount walk the cases, Matching names the
// documents of one case that contain a text.
TEST_P(StorageConformanceTest, CommonWordsPageFromTheNewestCasesLikeRareOnesFromTheIndex) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  std::vector<std::string> expected;  // newest first
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitB))));
    ASSERT_TRUE(IsOk(tx.cases().Create(MakeCase("cas_other", "2025-00099", kUnitB, 99))));
    ASSERT_TRUE(IsOk(tx.search().Put({"not_other", "cas_other", "共通の語"})));
    for (int i = 3; i <= 14; ++i) {
      const std::string id = "cas_" + std::to_string(100 + i);
      ASSERT_TRUE(
          IsOk(tx.cases().Create(MakeCase(id, "2025-00" + std::to_string(100 + i), kUnitA, i))));
      if (i % 4 == 0) continue;  // a case without the word
      expected.insert(expected.begin(), id);
      for (int n = 0; n < 60; ++n) {
        ASSERT_TRUE(IsOk(tx.search().Put({"not_" + std::to_string(i) + "_" + std::to_string(n), id,
                                          "記録" + std::to_string(n) + "：共通の語あり"})));
      }
    }
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  for (const std::string text : {"共", "共通", "共通の語"}) {
    SCOPED_TRACE(text);
    domain::CaseListQuery q;
    q.unit_ids = {kUnitA};
    q.text = text;
    q.limit = 200;
    auto all = tx->cases().List(q);
    ASSERT_TRUE(IsOk(all));
    EXPECT_EQ(IdsOf(*all), expected);
    std::vector<std::string> paged;
    q.limit = 2;
    for (int page = 0; page < 20; ++page) {
      auto r = tx->cases().List(q);
      ASSERT_TRUE(IsOk(r));
      if (r->empty()) break;
      for (const auto& c : *r) paged.push_back(c.id);
      q.after_id = paged.back();
    }
    EXPECT_EQ(paged, expected);
  }
  EXPECT_EQ(*tx->search().CaseCount(), 15);
  EXPECT_EQ(*tx->search().CaseIds("", 2), (std::vector<std::string>{"cas_1", "cas_103"}));
  EXPECT_EQ(*tx->search().CaseIds("cas_2", 5), std::vector<std::string>{"cas_other"});
  auto matching = tx->search().Matching("cas_105", "記録5：");
  ASSERT_TRUE(IsOk(matching));
  EXPECT_EQ(*matching, (std::vector<std::string>{"not_5_5"}));
  EXPECT_TRUE(tx->search().Matching("cas_105", "無い語")->empty());
  tx.reset();
  Write(*db, [&](TenantTx& w) { ASSERT_TRUE(IsOk(w.search().Clear())); });
  auto after = MustBegin(*db, TxMode::kRead);
  domain::CaseListQuery q;
  q.unit_ids = {kUnitA};
  for (const std::string text : {"共", "共通", "共通の語"}) {
    q.text = text;
    auto r = after->cases().List(q);
    ASSERT_TRUE(IsOk(r));
    EXPECT_TRUE(r->empty()) << text << ": cleared";
  }
}

// A search's tiers (CaseListQuery::Tier): kNames, the cases with a person document whose first two
// lines (氏名, ふりがな) hold the text; kOthers, every other hit — a text in a person's later line
// (an address) or in a note only, and never a case of the name tier. Each newest first, paged by
// the cursor alike whether the walk over the newest cases answers (a page that fills) or the index.
TEST_P(StorageConformanceTest, SearchTiersSplitNameMatchesFromTheOtherHits) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  SeedCase(*db, MakeUnit(kUnitA), MakeUser("usr_w", "worker", {kUnitA}));
  std::vector<std::string> names, others;  // newest first
  Write(*db, [&](TenantTx& tx) {
    for (int i = 3; i <= 14; ++i) {
      const std::string id = "cas_" + std::to_string(100 + i);
      ASSERT_TRUE(
          IsOk(tx.cases().Create(MakeCase(id, "2025-00" + std::to_string(100 + i), kUnitA, i))));
      const bool noted = i % 4 != 0;
      if (noted) {  // 60 notes each: more documents than the probe's cap
        for (int n = 0; n < 60; ++n) {
          ASSERT_TRUE(IsOk(tx.search().Put({"not_" + std::to_string(i) + "_" + std::to_string(n),
                                            id, "記録" + std::to_string(n) + "：共通の語あり"})));
        }
      }
      if (!noted || i == 11) {  // the name, with or without a reading
        ASSERT_TRUE(IsOk(tx.search().Put({"per_" + std::to_string(i), id,
                                          i == 4 ? "共通花子\n" : "共通花子\nきょうつう\n東町"})));
        names.insert(names.begin(), id);
      } else if (i == 13) {  // an address only: not a name match
        ASSERT_TRUE(IsOk(tx.search().Put({"per_13", id, "別名\nべつめい\n共通町1"})));
        others.insert(others.begin(), id);
      } else {
        others.insert(others.begin(), id);
      }
    }
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  using Tier = domain::CaseListQuery::Tier;
  for (const std::string text : {"共", "共通"}) {
    for (const auto& [tier, expected] : std::vector<std::pair<Tier, std::vector<std::string>>>{
             {Tier::kNames, names}, {Tier::kOthers, others}}) {
      SCOPED_TRACE(text + (tier == Tier::kNames ? " names" : " others"));
      domain::CaseListQuery q;
      q.unit_ids = {kUnitA};
      q.text = text;
      q.tier = tier;
      q.limit = 200;  // the walk finds too few to fill it: the index answers
      auto all = tx->cases().List(q);
      ASSERT_TRUE(IsOk(all));
      EXPECT_EQ(IdsOf(*all), expected);
      std::vector<std::string> paged;
      q.limit = 2;  // the walk fills the first pages
      for (int page = 0; page < 20; ++page) {
        auto r = tx->cases().List(q);
        ASSERT_TRUE(IsOk(r));
        if (r->empty()) break;
        for (const auto& c : *r) paged.push_back(c.id);
        q.after_id = paged.back();
      }
      EXPECT_EQ(paged, expected);
    }
  }
  // A reading (the second line) is a name; "東町" (the third line) is not.
  domain::CaseListQuery q;
  q.unit_ids = {kUnitA};
  q.tier = Tier::kNames;
  q.text = "きょうつう";
  EXPECT_EQ(IdsOf(*tx->cases().List(q)),
            (std::vector<std::string>{"cas_112", "cas_111", "cas_108"}));
  q.text = "東町";
  EXPECT_TRUE(tx->cases().List(q)->empty());
  q.tier = Tier::kOthers;
  EXPECT_EQ(IdsOf(*tx->cases().List(q)),
            (std::vector<std::string>{"cas_112", "cas_111", "cas_108"}));
}

// Many writers at once (the backend may group their commits): every committed write is there
// after a reopen, every rolled-back one is not, and no writer's rollback undoes another's work —
// nor does a writer whose statement failed (a duplicate: its transaction fails, and is dropped).
TEST_P(StorageConformanceTest, ConcurrentWritersCommitAndRollBackIndependently) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  Write(*db, [&](TenantTx& tx) { ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit("taken")))); });
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "u" + std::to_string(t) + "_" + std::to_string(i);
        auto tx = db->Begin(TxMode::kWrite);
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        if (!(*tx)->units().Create(MakeUnit(id, "名前")).ok()) ++failures;
        if (i % 5 == 3) {  // a failing statement, then dropped: its own unit goes with it
          if ((*tx)->units().Create(MakeUnit("taken")).error().errc != Errc::kConflict) ++failures;
          continue;
        }
        if (i % 5 == 4) continue;  // dropped without Commit: rolled back
        if (!(*tx)->Commit().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Reopen();
  db = MustOpen("shinjuku");
  auto tx = MustBegin(*db, TxMode::kRead);
  auto units = tx->units().List();
  ASSERT_TRUE(IsOk(units));
  EXPECT_EQ(units->size(),
            static_cast<std::size_t>(1 + kThreads * (kPerThread - 2 * kPerThread / 5)));
  for (const auto& u : *units) {
    if (u.id == "taken") continue;
    const int i = std::stoi(u.id.substr(u.id.find('_') + 1));
    EXPECT_LT(i % 5, 3) << u.id << " was rolled back";
  }
}

// ---------------------------------------------------------------------------------------------
// A tenant's own code entries

TEST_P(StorageConformanceTest, CodeEntriesKeepOrderEveryFieldAndARevisionThatGrows) {
  MustCreateTenant("shinjuku");
  MustCreateTenant("nakano");
  auto db = MustOpen("shinjuku");
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto rev = tx->codes().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_EQ(*rev, 0);
    auto none = tx->codes().List();
    ASSERT_TRUE(IsOk(none));
    EXPECT_TRUE(none->empty());
  }
  domain::TenantCodeEntry pilot;
  pilot.list = "referral_route";
  pilot.entry.code = "ward_pilot";
  pilot.entry.label = "モデル事業";
  pilot.entry.group = "区の独自経路";
  pilot.entry.valid_from = core::Date{2026, 4, 1};
  pilot.entry.valid_to = core::Date{2027, 3, 31};
  pilot.entry.flags = {"ward_only", "pilot"};
  pilot.created_by = "usr_admin";
  pilot.created_at = At(10);
  domain::TenantCodeEntry child;
  child.list = "referral_route";
  child.entry.code = "ward_pilot_phone";
  child.entry.label = "モデル事業（電話）";
  child.entry.parent = "ward_pilot";
  child.created_at = At(20);
  domain::TenantCodeEntry other_list = child;
  other_list.list = "consultation_method";
  other_list.entry.code = "ward_pilot";  // the same code in another list is another entry
  other_list.entry.parent.clear();
  int64_t revision = 0;
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.codes().Add(pilot)));
    ASSERT_TRUE(IsOk(tx.codes().Add(child)));
    ASSERT_TRUE(IsOk(tx.codes().Add(other_list)));
    auto rev = tx.codes().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_GT(*rev, 0);
    revision = *rev;
  });
  Refused(*db, [&](TenantTx& tx) {
    auto dup = pilot;
    dup.entry.label = "別の名前";
    EXPECT_TRUE(IsError(tx.codes().Add(dup), Errc::kConflict));
  });
  // A transaction that is not committed changes nothing, the revision included.
  {
    auto tx = MustBegin(*db, TxMode::kWrite);
    ASSERT_TRUE(IsOk(tx->codes().SetValidTo("referral_route", "ward_pilot", std::nullopt)));
  }
  Reopen();
  db = MustOpen("shinjuku");
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto rev = tx->codes().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_EQ(*rev, revision);
    auto all = tx->codes().List();
    ASSERT_TRUE(IsOk(all));
    ASSERT_EQ(all->size(), 3u);
    const auto& p = (*all)[0];
    EXPECT_EQ(p.list, "referral_route");
    EXPECT_EQ(p.entry.code, "ward_pilot");
    EXPECT_EQ(p.entry.label, "モデル事業");
    EXPECT_EQ(p.entry.parent, "");
    EXPECT_EQ(p.entry.group, "区の独自経路");
    EXPECT_EQ(p.entry.valid_from, (core::Date{2026, 4, 1}));
    EXPECT_EQ(p.entry.valid_to, (core::Date{2027, 3, 31}));
    EXPECT_EQ(p.entry.flags, (std::vector<std::string>{"ward_only", "pilot"}));
    EXPECT_EQ(p.created_by, "usr_admin");
    EXPECT_EQ(p.created_at, At(10));
    EXPECT_EQ((*all)[1].entry.code, "ward_pilot_phone");
    EXPECT_EQ((*all)[1].entry.parent, "ward_pilot");
    EXPECT_FALSE((*all)[1].entry.valid_from.has_value());
    EXPECT_FALSE((*all)[1].entry.valid_to.has_value());
    EXPECT_TRUE((*all)[1].entry.flags.empty());
    EXPECT_EQ((*all)[2].list, "consultation_method");
  }
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.codes().SetValidTo("referral_route", "ward_pilot", std::nullopt)));
    EXPECT_TRUE(IsError(tx.codes().SetValidTo("referral_route", "nowhere", core::Date{2027, 1, 1}),
                        Errc::kNotFound));
    EXPECT_TRUE(IsError(tx.codes().SetValidTo("sex", "ward_pilot", core::Date{2027, 1, 1}),
                        Errc::kNotFound));
  });
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto rev = tx->codes().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_GT(*rev, revision);
    auto all = tx->codes().List();
    ASSERT_TRUE(IsOk(all));
    ASSERT_EQ(all->size(), 3u);
    EXPECT_FALSE((*all)[0].entry.valid_to.has_value());
    EXPECT_EQ((*all)[0].entry.valid_from, (core::Date{2026, 4, 1}));
  }
  // Another tenant's database has none of them.
  auto other = MustOpen("nakano");
  auto tx = MustBegin(*other, TxMode::kRead);
  auto rev = tx->codes().Revision();
  ASSERT_TRUE(IsOk(rev));
  EXPECT_EQ(*rev, 0);
  auto none = tx->codes().List();
  ASSERT_TRUE(IsOk(none));
  EXPECT_TRUE(none->empty());
}

// ---------------------------------------------------------------------------------------------
// Devices

TEST_P(StorageConformanceTest, DevicesRoundTripRevokeOnceAndEndTheirSessions) {
  MustCreateTenant("shinjuku");
  auto db = MustOpen("shinjuku");
  const User worker = MakeUser("usr_w", "worker", {kUnitA});
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.units().Create(MakeUnit(kUnitA))));
    ASSERT_TRUE(IsOk(tx.users().Create(worker)));
  });
  int64_t revision = 0;
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto rev = tx->devices().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_EQ(*rev, 0);
  }
  domain::Device tab;
  tab.id = "dev_1";
  tab.name = "sogo-tablet-01";
  tab.kind = "tablet";
  tab.fingerprint = std::string(64, 'a');
  tab.serial = "0a1b";
  tab.not_after = At(1000000);
  tab.enrolled_by = "usr_admin";
  tab.enrolled_at = At(10);
  domain::Device term = tab;
  term.id = "dev_2";
  term.name = "export-01";
  term.kind = "export-terminal";
  term.fingerprint = std::string(64, 'b');
  term.enrolled_by = "";
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.devices().Create(tab)));
    ASSERT_TRUE(IsOk(tx.devices().Create(term)));
    // Sessions on each device, and one without a device.
    Session s;
    s.user_id = worker.id;
    s.remote_address = "192.0.2.1";
    s.created_at = At(20);
    s.last_seen_at = At(20);
    s.expires_at = At(100000);
    for (const char* id : {"ses_1", "ses_2", "ses_3"}) {
      s.id = id;
      s.token_hash = std::string(64, id[4]);
      s.device_id =
          std::string(id) == "ses_3" ? "" : (std::string(id) == "ses_1" ? "dev_1" : "dev_2");
      ASSERT_TRUE(IsOk(tx.sessions().Create(s)));
    }
    ASSERT_TRUE(IsOk(tx.devices().Touch("dev_1", At(30), "192.0.2.9", worker.id)));
    EXPECT_TRUE(IsError(tx.devices().Touch("dev_nowhere", At(30), "", ""), Errc::kNotFound));
    auto rev = tx.devices().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_GT(*rev, 0);
    revision = *rev;
  });
  Refused(*db, [&](TenantTx& tx) {
    auto dup = tab;
    dup.id = "dev_3";
    dup.fingerprint = std::string(64, 'c');
    EXPECT_TRUE(IsError(tx.devices().Create(dup), Errc::kConflict));
  });
  Reopen();
  db = MustOpen("shinjuku");
  {
    auto tx = MustBegin(*db, TxMode::kRead);
    auto rev = tx->devices().Revision();
    ASSERT_TRUE(IsOk(rev));
    EXPECT_EQ(*rev, revision) << "Touch does not move the revision";
    auto all = tx->devices().List();
    ASSERT_TRUE(IsOk(all));
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].name, "export-01");  // by name
    auto d = tx->devices().FindByName("sogo-tablet-01");
    ASSERT_TRUE(IsOk(d));
    EXPECT_EQ(d->id, "dev_1");
    EXPECT_EQ(d->kind, "tablet");
    EXPECT_EQ(d->fingerprint, std::string(64, 'a'));
    EXPECT_EQ(d->serial, "0a1b");
    EXPECT_EQ(d->not_after, At(1000000));
    EXPECT_EQ(d->enrolled_by, "usr_admin");
    EXPECT_EQ(d->enrolled_at, At(10));
    EXPECT_EQ(d->state, "active");
    EXPECT_FALSE(d->revoked_at.has_value());
    EXPECT_EQ(d->last_seen_at, At(30));
    EXPECT_EQ(d->last_seen_address, "192.0.2.9");
    EXPECT_EQ(d->last_user_id, worker.id);
    EXPECT_TRUE(IsError(tx->devices().FindById("dev_nowhere"), Errc::kNotFound));
  }
  Write(*db, [&](TenantTx& tx) {
    ASSERT_TRUE(IsOk(tx.devices().Revoke("dev_1", "lost", At(40), "usr_admin", "lost")));
    EXPECT_TRUE(IsError(tx.devices().Revoke("dev_1", "revoked", At(41), "usr_admin", "other"),
                        Errc::kConflict));
    EXPECT_TRUE(IsError(tx.devices().Revoke("dev_nowhere", "revoked", At(41), "", "other"),
                        Errc::kNotFound));
    auto ended = tx.sessions().DeleteForDevice("dev_1");
    ASSERT_TRUE(IsOk(ended));
    EXPECT_EQ(*ended, 1);
    auto none = tx.sessions().DeleteForDevice("");
    ASSERT_TRUE(IsOk(none));
    EXPECT_EQ(*none, 0) << "an empty device id ends no session";
  });
  auto tx = MustBegin(*db, TxMode::kRead);
  auto d = tx->devices().FindById("dev_1");
  ASSERT_TRUE(IsOk(d));
  EXPECT_EQ(d->state, "lost");
  EXPECT_EQ(d->revoked_at, At(40));
  EXPECT_EQ(d->revoked_by, "usr_admin");
  EXPECT_EQ(d->revoke_reason, "lost");
  EXPECT_EQ(d->version, 2);
  auto rev = tx->devices().Revision();
  ASSERT_TRUE(IsOk(rev));
  EXPECT_GT(*rev, revision);
  EXPECT_TRUE(IsError(tx->sessions().FindByTokenHash(std::string(64, '1')), Errc::kNotFound));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash(std::string(64, '2'))));
  EXPECT_TRUE(IsOk(tx->sessions().FindByTokenHash(std::string(64, '3'))));
}

}  // namespace
}  // namespace yorisoi::conformance
