// AuthService over the real SQLite storage, with time moved by a ManualClock.
#include "domain/users/auth_service.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "domain/service_fixture.hpp"
#include "test_support.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing_support::IsError;
using testing_support::IsOk;

constexpr const char* kAddress = "192.0.2.10";
constexpr const char* kWrong = "wrong password guess";

class AuthServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    auth_ = std::make_unique<AuthService>(*storage_, clock_, AuthConfig{});
    tanaka_ = AddUser("tanaka");
  }

  LoginResult MustLogin(const std::string& password = kPassword,
                        const std::string& login = "tanaka", const std::string& tenant = kTenant) {
    auto r = auth_->Login(tenant, login, password, kAddress);
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? *r : LoginResult{};
  }

  std::unique_ptr<AuthService> auth_;
  User tanaka_;
};

TEST_F(AuthServiceTest, DefaultConfig) {
  const AuthConfig& c = auth_->config();
  EXPECT_EQ(c.idle_timeout, minutes(15));
  EXPECT_EQ(c.absolute_timeout, hours(12));
  EXPECT_EQ(c.max_failures, 5);
  EXPECT_EQ(c.lockout, minutes(15));
  EXPECT_EQ(c.device_max_failures, 20);
  EXPECT_EQ(c.address_max_failures, 200);
  EXPECT_EQ(c.address_window, minutes(15));
}

TEST_F(AuthServiceTest, LoginOk) {
  auto r = auth_->Login(kTenant, "tanaka", kPassword, kAddress);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r->token.rfind("shinjuku.", 0), 0u) << "token names its tenant";
  EXPECT_GT(r->token.size(), std::string("shinjuku.").size() + 40);
  EXPECT_EQ(r->principal.tenant_id, kTenant);
  EXPECT_EQ(r->principal.user.id, tanaka_.id);
  EXPECT_EQ(r->principal.user.login, "tanaka");
  EXPECT_EQ(r->principal.session.user_id, tanaka_.id);
  EXPECT_EQ(r->principal.session.id.rfind("ses_", 0), 0u);
  EXPECT_EQ(r->principal.session.remote_address, kAddress);
  EXPECT_EQ(r->principal.session.created_at, clock_.Now());
  EXPECT_EQ(r->principal.session.expires_at, clock_.Now() + hours(12));
  // Only the hash of the secret is kept.
  const std::string secret = r->token.substr(std::string("shinjuku.").size());
  EXPECT_EQ(r->principal.session.token_hash, crypto::Sha256Hex(secret));
  EXPECT_EQ(r->principal.session.token_hash.find(secret), std::string::npos);

  auto who = auth_->Authenticate(r->token);
  ASSERT_TRUE(IsOk(who));
  EXPECT_EQ(who->user.id, tanaka_.id);
  EXPECT_EQ(who->session.id, r->principal.session.id);
  EXPECT_EQ(who->tenant_id, kTenant);
}

TEST_F(AuthServiceTest, LoginIsCaseInsensitiveForTheLogin) {
  auto r = auth_->Login(kTenant, "TaNaKa", kPassword, kAddress);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r->principal.user.id, tanaka_.id);
}

TEST_F(AuthServiceTest, EachLoginIsItsOwnSession) {
  const LoginResult a = MustLogin();
  const LoginResult b = MustLogin();
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(a.principal.session.id, b.principal.session.id);
  EXPECT_TRUE(IsOk(auth_->Authenticate(a.token)));
  EXPECT_TRUE(IsOk(auth_->Authenticate(b.token)));
}

TEST_F(AuthServiceTest, WrongPasswordIsInvalidCredentials) {
  auto r = auth_->Login(kTenant, "tanaka", kWrong, kAddress);
  ASSERT_TRUE(IsError(r, Errc::kUnauthenticated, "invalid_credentials"));
  EXPECT_EQ(Reload(tanaka_.id).failed_logins, 1);
}

TEST_F(AuthServiceTest, UnknownTenantOrLoginGetsTheSameAnswer) {
  auto wrong_password = auth_->Login(kTenant, "tanaka", kWrong, kAddress);
  auto unknown_login = auth_->Login(kTenant, "nobody", kPassword, kAddress);
  auto unknown_tenant = auth_->Login("nowhere", "tanaka", kPassword, kAddress);
  for (const auto* r : {&wrong_password, &unknown_login, &unknown_tenant}) {
    ASSERT_TRUE(IsError(*r, Errc::kUnauthenticated, "invalid_credentials"));
    EXPECT_EQ(r->error().message, wrong_password.error().message);
    EXPECT_EQ(r->error().field, wrong_password.error().field);
  }
}

TEST_F(AuthServiceTest, MalformedFieldsAreInvalidArgument) {
  auto bad_tenant = auth_->Login("Not A Tenant", "tanaka", kPassword, kAddress);
  ASSERT_TRUE(IsError(bad_tenant, Errc::kInvalidArgument));
  EXPECT_EQ(bad_tenant.error().field, "tenant");
  auto no_login = auth_->Login(kTenant, "", kPassword, kAddress);
  ASSERT_TRUE(IsError(no_login, Errc::kInvalidArgument));
  EXPECT_EQ(no_login.error().field, "login");
  auto no_password = auth_->Login(kTenant, "tanaka", "", kAddress);
  ASSERT_TRUE(IsError(no_password, Errc::kInvalidArgument));
  EXPECT_EQ(no_password.error().field, "password");
}

TEST_F(AuthServiceTest, LockoutAfterFiveFailures) {
  for (int i = 1; i <= 5; ++i) {
    clock_.Advance(seconds(1));
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated,
                        "invalid_credentials"))
        << "attempt " << i;
  }
  const User locked = Reload(tanaka_.id);
  ASSERT_TRUE(locked.locked_until.has_value());
  EXPECT_EQ(*locked.locked_until, clock_.Now() + minutes(15));
  // The sixth attempt, with the right password, is refused, as a wrong password is.
  auto refused = auth_->Login(kTenant, "tanaka", kPassword, kAddress);
  ASSERT_TRUE(IsError(refused, Errc::kUnauthenticated, "invalid_credentials"));
  auto unknown = auth_->Login(kTenant, "nobody", kPassword, kAddress);
  ASSERT_TRUE(IsError(unknown, Errc::kUnauthenticated, "invalid_credentials"));
  EXPECT_EQ(refused.error().message, unknown.error().message);
  EXPECT_EQ(refused.error().field, unknown.error().field);
}

// Broke: a locked account answered 429 account_locked, an unknown or unlocked one 401: the lock
// told a guesser which logins exist.
TEST_F(AuthServiceTest, ALockedAccountAnswersAsAWrongPasswordAndIsAuditedAsLocked) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated));
  }
  auto with_right = auth_->Login(kTenant, "tanaka", kPassword, kAddress);
  auto with_wrong = auth_->Login(kTenant, "tanaka", kWrong, kAddress);
  auto unknown_login = auth_->Login(kTenant, "nobody", kWrong, kAddress);
  for (const auto* r : {&with_right, &with_wrong, &unknown_login}) {
    ASSERT_TRUE(IsError(*r, Errc::kUnauthenticated, "invalid_credentials"));
    EXPECT_EQ(r->error().message, unknown_login.error().message);
  }
  // The log says what happened.
  auto db = storage_->OpenTenant(kTenant);
  ASSERT_TRUE(IsOk(db));
  int locked_entries = 0;
  ASSERT_TRUE(IsOk(InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) {
    return tx.audit().ForEach([&](const AuditEntry& e) {
      if (e.action == "auth.login" && e.result == "denied" && e.detail == "account_locked") {
        EXPECT_EQ(e.target_ids, std::vector<std::string>{tanaka_.id});
        ++locked_entries;
      }
      return true;
    });
  })));
  EXPECT_EQ(locked_entries, 2);
}

TEST_F(AuthServiceTest, FourFailuresDoNotLockAndSuccessResetsTheCount) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated));
  }
  EXPECT_EQ(Reload(tanaka_.id).failed_logins, 4);
  MustLogin();
  const User after = Reload(tanaka_.id);
  EXPECT_EQ(after.failed_logins, 0);
  EXPECT_FALSE(after.locked_until.has_value());
}

TEST_F(AuthServiceTest, LockExpiresAfterFifteenMinutes) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated));
  }
  clock_.Advance(minutes(15) - seconds(1));
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kPassword, kAddress), Errc::kUnauthenticated,
                      "invalid_credentials"));
  clock_.Advance(seconds(1));
  auto r = auth_->Login(kTenant, "tanaka", kPassword, kAddress);
  ASSERT_TRUE(IsOk(r));
  EXPECT_FALSE(Reload(tanaka_.id).locked_until.has_value());
  EXPECT_EQ(Reload(tanaka_.id).failed_logins, 0);
}

TEST_F(AuthServiceTest, WhileLockedGuessesNeitherCountNorExtendTheLock) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated));
  }
  const User locked = Reload(tanaka_.id);
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated,
                      "invalid_credentials"));
  // Guesses during the lock neither extend it nor count.
  const User still = Reload(tanaka_.id);
  EXPECT_EQ(still.locked_until, locked.locked_until);
  EXPECT_EQ(still.failed_logins, locked.failed_logins);
}

TEST_F(AuthServiceTest, AddressIsThrottledAcrossAccounts) {
  AuthConfig config;
  config.address_max_failures = 3;
  config.address_window = std::chrono::minutes(15);
  AuthService auth(*storage_, clock_, config);
  // Three failures from one address, each on a different (unknown) account.
  for (const char* login : {"nobody1", "nobody2", "nobody3"}) {
    ASSERT_TRUE(IsError(auth.Login(kTenant, login, kWrong, kAddress), Errc::kUnauthenticated));
  }
  EXPECT_TRUE(IsError(auth.Login(kTenant, "tanaka", kPassword, kAddress), Errc::kTooManyRequests,
                      "address_throttled"));
  EXPECT_EQ(Reload(tanaka_.id).failed_logins, 0) << "the account itself was not touched";
  // Another address is not affected.
  EXPECT_TRUE(IsOk(auth.Login(kTenant, "tanaka", kPassword, "192.0.2.99")));
  clock_.Advance(std::chrono::minutes(15));
  EXPECT_TRUE(IsOk(auth.Login(kTenant, "tanaka", kPassword, kAddress)));
}

// Broke: the throttle counted per address only, so one tablet's failures locked out every tablet
// behind the same address (a ward office's NAT).
TEST_F(AuthServiceTest, EachDeviceIsThrottledOnItsOwnAndTheAddressOnlyFarAbove) {
  AuthConfig config;
  config.device_max_failures = 3;
  config.address_max_failures = 5;
  AuthService auth(*storage_, clock_, config);
  const DeviceIdentity tab1{kTenant, "dev_0001", "tablet"};
  const DeviceIdentity tab2{kTenant, "dev_0002", "tablet"};
  const DeviceIdentity tab3{kTenant, "dev_0003", "tablet"};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(IsError(auth.Login(kTenant, "nobody", kWrong, kAddress, &tab1),
                        Errc::kUnauthenticated, "invalid_credentials"));
  }
  EXPECT_TRUE(IsError(auth.Login(kTenant, "tanaka", kPassword, kAddress, &tab1),
                      Errc::kTooManyRequests, "device_throttled"));
  // Another tablet behind the same address still gets an answer about its own password.
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(IsError(auth.Login(kTenant, "nobody", kWrong, kAddress, &tab2),
                        Errc::kUnauthenticated, "invalid_credentials"));
  }
  // Five failures from the address in all: now every device there waits.
  EXPECT_TRUE(IsError(auth.Login(kTenant, "tanaka", kPassword, kAddress, &tab3),
                      Errc::kTooManyRequests, "address_throttled"));
  clock_.Advance(config.address_window);
  EXPECT_TRUE(IsError(auth.Login(kTenant, "nobody", kWrong, kAddress, &tab1),
                      Errc::kUnauthenticated, "invalid_credentials"));
}

TEST_F(AuthServiceTest, DisabledAccountCannotSignIn) {
  // No service disables accounts yet: write a disabled account through the store.
  auto db = storage_->OpenTenant(kTenant);
  ASSERT_TRUE(IsOk(db));
  {
    auto tx = (*db)->Begin(TxMode::kWrite);
    ASSERT_TRUE(IsOk(tx));
    User u = tanaka_;  // same password hash
    u.id = "usr_0000000000000000000000d1";
    u.login = "disabled-user";
    u.disabled = true;
    ASSERT_TRUE(IsOk((*tx)->users().Create(u)));
    ASSERT_TRUE(IsOk((*tx)->Commit()));
  }
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "disabled-user", kPassword, kAddress),
                      Errc::kUnauthenticated, "invalid_credentials"));
}

TEST_F(AuthServiceTest, MalformedTokensAreUnauthenticated) {
  for (const std::string& token :
       {std::string(), std::string("no-dot-here"), std::string("."), std::string("shinjuku."),
        std::string("SHINJUKU.abc"), std::string("nowhere.abc"), std::string("shinjuku.abc"),
        std::string("../etc.abc"), "shinjuku." + std::string(300, 'a')}) {
    EXPECT_TRUE(IsError(auth_->Authenticate(token), Errc::kUnauthenticated)) << token;
  }
}

TEST_F(AuthServiceTest, IdleExpiry) {
  const LoginResult login = MustLogin();
  clock_.Advance(minutes(15) - milliseconds(1));
  ASSERT_TRUE(IsOk(auth_->Authenticate(login.token))) << "still inside the idle timeout";
  // That use refreshed last_seen_at: the idle clock starts again from here.
  clock_.Advance(minutes(15) - milliseconds(1));
  ASSERT_TRUE(IsOk(auth_->Authenticate(login.token)));
  clock_.Advance(minutes(15));
  EXPECT_TRUE(IsError(auth_->Authenticate(login.token), Errc::kUnauthenticated, "session_expired"));
  // The expired session was removed: the next try does not even find it.
  EXPECT_TRUE(IsError(auth_->Authenticate(login.token), Errc::kUnauthenticated, "unauthenticated"));
}

TEST_F(AuthServiceTest, IdleExpiryWithoutAnyUse) {
  const LoginResult login = MustLogin();
  clock_.Advance(minutes(15));
  EXPECT_TRUE(IsError(auth_->Authenticate(login.token), Errc::kUnauthenticated, "session_expired"));
}

TEST_F(AuthServiceTest, AbsoluteExpiryDespiteActivity) {
  const LoginResult login = MustLogin();
  // Used every 10 minutes (under the 15-minute idle timeout) for just under 12 hours.
  for (int i = 1; i < 72; ++i) {
    clock_.Advance(minutes(10));
    ASSERT_TRUE(IsOk(auth_->Authenticate(login.token))) << "after " << i * 10 << " minutes";
  }
  clock_.Advance(minutes(10) - seconds(1));  // 11:59:59
  ASSERT_TRUE(IsOk(auth_->Authenticate(login.token)));
  clock_.Advance(seconds(1));  // 12:00:00
  EXPECT_TRUE(IsError(auth_->Authenticate(login.token), Errc::kUnauthenticated, "session_expired"));
}

TEST_F(AuthServiceTest, LogoutEndsTheToken) {
  const LoginResult a = MustLogin();
  const LoginResult b = MustLogin();
  auto who = auth_->Authenticate(a.token);
  ASSERT_TRUE(IsOk(who));
  ASSERT_TRUE(IsOk(auth_->Logout(*who)));
  EXPECT_TRUE(IsError(auth_->Authenticate(a.token), Errc::kUnauthenticated));
  EXPECT_TRUE(IsOk(auth_->Authenticate(b.token))) << "only the one session ends";
}

TEST_F(AuthServiceTest, TokenOfOneTenantNeverAuthenticatesInAnother) {
  ASSERT_TRUE(IsOk(AddTenant("nakano", "中野区")));
  const User nakano_tanaka = AddUser("tanaka", Role::kCaseworker, "nakano");
  ASSERT_NE(nakano_tanaka.id, tanaka_.id);

  const LoginResult a = MustLogin();
  const LoginResult b = MustLogin(kPassword, "tanaka", "nakano");
  EXPECT_EQ(a.principal.user.id, tanaka_.id);
  EXPECT_EQ(b.principal.user.id, nakano_tanaka.id);

  // The same secret presented under the other tenant's name finds nothing.
  const std::string secret_a = a.token.substr(std::string("shinjuku.").size());
  EXPECT_TRUE(IsError(auth_->Authenticate("nakano." + secret_a), Errc::kUnauthenticated));
  const std::string secret_b = b.token.substr(std::string("nakano.").size());
  EXPECT_TRUE(IsError(auth_->Authenticate("shinjuku." + secret_b), Errc::kUnauthenticated));

  auto who_a = auth_->Authenticate(a.token);
  auto who_b = auth_->Authenticate(b.token);
  ASSERT_TRUE(IsOk(who_a));
  ASSERT_TRUE(IsOk(who_b));
  EXPECT_EQ(who_a->tenant_id, "shinjuku");
  EXPECT_EQ(who_a->user.id, tanaka_.id);
  EXPECT_EQ(who_b->tenant_id, "nakano");
  EXPECT_EQ(who_b->user.id, nakano_tanaka.id);
}

TEST_F(AuthServiceTest, AccountOfOneTenantCannotSignInToAnother) {
  ASSERT_TRUE(IsOk(AddTenant("nakano", "中野区")));
  EXPECT_TRUE(IsError(auth_->Login("nakano", "tanaka", kPassword, kAddress), Errc::kUnauthenticated,
                      "invalid_credentials"));
}

TEST_F(AuthServiceTest, ChangePasswordWrongCurrentIsCounted) {
  const LoginResult login = MustLogin();
  auto r = auth_->ChangePassword(login.principal, kWrong, "a brand new passphrase");
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "wrong_password"));
  EXPECT_EQ(r.error().field, "current_password");
  EXPECT_EQ(Reload(tanaka_.id).failed_logins, 1);
  // The old password still works; the new one was not set.
  EXPECT_TRUE(IsOk(auth_->Login(kTenant, "tanaka", kPassword, kAddress)));
}

TEST_F(AuthServiceTest, ChangePasswordNewMustPassThePolicy) {
  const LoginResult login = MustLogin();
  auto too_short = auth_->ChangePassword(login.principal, kPassword, "short");
  ASSERT_TRUE(IsError(too_short, Errc::kInvalidArgument, "password_too_short"));
  EXPECT_EQ(too_short.error().field, "new_password");
  auto has_login = auth_->ChangePassword(login.principal, kPassword, "tanaka-new-password");
  ASSERT_TRUE(IsError(has_login, Errc::kInvalidArgument, "password_contains_login"));
  EXPECT_EQ(has_login.error().field, "new_password");
  auto same = auth_->ChangePassword(login.principal, kPassword, kPassword);
  ASSERT_TRUE(IsError(same, Errc::kInvalidArgument, "password_unchanged"));
  EXPECT_EQ(same.error().field, "new_password");
  EXPECT_EQ(Reload(tanaka_.id).version, tanaka_.version) << "nothing was written";
}

TEST_F(AuthServiceTest, ChangePasswordEndsOtherSessionsKeepsCurrent) {
  const LoginResult current = MustLogin();
  const LoginResult other = MustLogin();
  clock_.Advance(minutes(1));
  ASSERT_TRUE(IsOk(auth_->ChangePassword(current.principal, kPassword, "a brand new passphrase")));
  EXPECT_TRUE(IsOk(auth_->Authenticate(current.token)));
  EXPECT_TRUE(IsError(auth_->Authenticate(other.token), Errc::kUnauthenticated));

  const User after = Reload(tanaka_.id);
  EXPECT_EQ(after.version, tanaka_.version + 1);
  EXPECT_EQ(after.password_changed_at, clock_.Now());
  EXPECT_FALSE(after.must_change_password);
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kPassword, kAddress), Errc::kUnauthenticated,
                      "invalid_credentials"));
  EXPECT_TRUE(IsOk(auth_->Login(kTenant, "tanaka", "a brand new passphrase", kAddress)));
}

TEST_F(AuthServiceTest, AdminResetForcesAChangeAndEndsSessions) {
  AddUser("admin1", Role::kAdmin);
  const LoginResult a = MustLogin();
  const LoginResult b = MustLogin();
  const LoginResult admin_login = MustLogin(kPassword, "admin1");

  auto reset = users_->ResetPassword(kTenant, tanaka_.id);
  ASSERT_TRUE(IsOk(reset));
  EXPECT_TRUE(reset->user.must_change_password);
  EXPECT_EQ(reset->user.version, tanaka_.version + 1);
  EXPECT_EQ(reset->temporary_password.size(), 24u);

  EXPECT_TRUE(IsError(auth_->Authenticate(a.token), Errc::kUnauthenticated));
  EXPECT_TRUE(IsError(auth_->Authenticate(b.token), Errc::kUnauthenticated));
  EXPECT_TRUE(IsOk(auth_->Authenticate(admin_login.token))) << "other accounts keep sessions";
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kPassword, kAddress), Errc::kUnauthenticated,
                      "invalid_credentials"));

  // Signed in with the temporary password, the account may only read itself and change it.
  const LoginResult temp = MustLogin(reset->temporary_password);
  ASSERT_TRUE(temp.principal.user.must_change_password);
  auto who = auth_->Authenticate(temp.token);
  ASSERT_TRUE(IsOk(who));
  EXPECT_TRUE(IsOk(Authorize(*who, Action::kReadOwnAccount)));
  EXPECT_TRUE(IsOk(Authorize(*who, Action::kChangeOwnPassword)));
  for (Action action :
       {Action::kListUnits, Action::kManageUnits, Action::kListUsers, Action::kManageUsers}) {
    EXPECT_TRUE(IsError(Authorize(*who, action), Errc::kForbidden, "password_change_required"))
        << ActionName(action);
  }

  ASSERT_TRUE(
      IsOk(auth_->ChangePassword(*who, reset->temporary_password, "my own new passphrase")));
  auto after = auth_->Authenticate(temp.token);
  ASSERT_TRUE(IsOk(after));
  EXPECT_FALSE(after->user.must_change_password);
  EXPECT_TRUE(IsOk(Authorize(*after, Action::kListUnits)));
  EXPECT_TRUE(IsError(Authorize(*after, Action::kManageUsers), Errc::kForbidden, "forbidden"));
}

TEST_F(AuthServiceTest, AdminResetClearsALockout) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsError(auth_->Login(kTenant, "tanaka", kWrong, kAddress), Errc::kUnauthenticated));
  }
  ASSERT_TRUE(Reload(tanaka_.id).locked_until.has_value());
  auto reset = users_->ResetPassword(kTenant, tanaka_.id);
  ASSERT_TRUE(IsOk(reset));
  EXPECT_FALSE(reset->user.locked_until.has_value());
  EXPECT_EQ(reset->user.failed_logins, 0);
  EXPECT_TRUE(IsOk(auth_->Login(kTenant, "tanaka", reset->temporary_password, kAddress)));
}

// Broke: ChangePassword ignored the account lock, so a stolen session could guess the password
// without limit (and a right guess cleared the lock).
TEST_F(AuthServiceTest, ChangePasswordRefusedWhileLocked) {
  const LoginResult login = MustLogin();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsError(auth_->ChangePassword(login.principal, kWrong, "a brand new passphrase"),
                        Errc::kInvalidArgument, "wrong_password"));
  }
  auto locked = auth_->ChangePassword(login.principal, kPassword, "a brand new passphrase");
  ASSERT_TRUE(IsError(locked, Errc::kTooManyRequests, "account_locked"));
  EXPECT_TRUE(Reload(tanaka_.id).locked_until.has_value())
      << "the right password must not lift the lock";
  clock_.Advance(minutes(16));
  // The session itself idled out meanwhile; a fresh sign-in works once the lock is over.
  const LoginResult later = MustLogin();
  EXPECT_TRUE(IsOk(auth_->ChangePassword(later.principal, kPassword, "a brand new passphrase")));
}

}  // namespace
}  // namespace yorisoi::domain
