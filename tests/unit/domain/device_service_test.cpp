// Devices in the domain: enrolment with real certificates from a test CA, the registry, sessions
// bound to their device, revocation ending sessions, a user reporting their own tablet lost.
#include "domain/devices/device_service.hpp"

#include <gtest/gtest.h>

#include "crypto/x509.hpp"
#include "domain/users/auth_service.hpp"
#include "service_fixture.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

// The tenant's device CA, in memory: real certificates, as the app's FileDeviceAuthority makes.
class TestAuthority final : public DeviceAuthority {
 public:
  core::Result<IssuedCertificate> Issue(std::string_view tenant_id,
                                        std::string_view device_id) override {
    if (!ca_) {
      auto ca = crypto::CreateCertificateAuthority("test device CA", 30);
      if (!ca.ok()) return std::move(ca).error();
      ca_ = std::move(*ca);
    }
    YS_ASSIGN_OR_RETURN(auto leaf, crypto::IssueClientCertificate(*ca_, std::string(device_id),
                                                                  std::string(tenant_id), 30));
    YS_ASSIGN_OR_RETURN(auto info, crypto::InspectCertificate(leaf.certificate_pem));
    return IssuedCertificate{leaf.certificate_pem,    leaf.private_key_pem, ca_->certificate_pem,
                             info.sha256_fingerprint, info.serial_hex,      info.not_after};
  }

 private:
  std::optional<crypto::KeyAndCertificate> ca_;
};

class DeviceServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(IsOk(AddTenant("nakano", "中野区")));
    devices_ = std::make_unique<DeviceService>(*storage_, clock_, authority_);
    auth_ = std::make_unique<AuthService>(*storage_, clock_, AuthConfig{});
  }

  Enrollment Enroll(const std::string& name, const std::string& tenant = kTenant) {
    auto e = devices_->Enroll(kAdmin, tenant, name, "tablet");
    EXPECT_TRUE(IsOk(e));
    return e.ok() ? *e : Enrollment{};
  }

  DeviceIdentity Identity(const Enrollment& e, const std::string& tenant = kTenant) {
    return DeviceIdentity{tenant, e.device.id, e.device.kind};
  }

  std::vector<AuditEntry> Audit(const std::string& action, const std::string& tenant = kTenant) {
    auto db = storage_->OpenTenant(tenant);
    AuditQuery q;
    q.action = action;
    auto r = InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) { return tx.audit().Query(q); });
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }

  const AuditActor kAdmin{"usr_admin", "admin", "ses_a", "", "192.0.2.1"};
  TestAuthority authority_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<AuthService> auth_;
  DeviceRegistry registry_;
};

TEST_F(DeviceServiceTest, EnrolmentIsAuditedAndTheRegistryLearnsTheCertificate) {
  const Enrollment e = Enroll("sogo-tablet-01");
  EXPECT_TRUE(e.device.id.rfind("dev_", 0) == 0);
  EXPECT_EQ(e.device.state, "active");
  EXPECT_EQ(e.device.enrolled_by, "usr_admin");
  auto info = crypto::InspectCertificate(e.certificate.certificate_pem);
  ASSERT_TRUE(IsOk(info));
  EXPECT_EQ(e.device.fingerprint, info->sha256_fingerprint);
  EXPECT_EQ(info->common_name, e.device.id);
  EXPECT_EQ(info->organization, kTenant);
  EXPECT_FALSE(e.pkcs12.empty());
  EXPECT_GE(e.pkcs12_password.size(), 20u);
  EXPECT_EQ(Audit("device.enroll").size(), 1u);
  EXPECT_EQ(Audit("device.enroll")[0].target_ids, std::vector<std::string>{e.device.id});

  EXPECT_FALSE(registry_.Find(e.device.fingerprint).has_value());
  auto ended = devices_->Refresh(registry_);
  ASSERT_TRUE(IsOk(ended));
  EXPECT_TRUE(ended->empty());
  auto found = registry_.Find(e.device.fingerprint);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->tenant_id, kTenant);
  EXPECT_EQ(found->device_id, e.device.id);

  EXPECT_TRUE(IsError(devices_->Enroll(kAdmin, kTenant, "sogo-tablet-01", "tablet"),
                      Errc::kConflict, "device_name_taken"));
  auto bad_name = devices_->Enroll(kAdmin, kTenant, "山田さんのタブレット", "tablet");
  ASSERT_TRUE(IsError(bad_name, Errc::kInvalidArgument, "invalid_format"));
  EXPECT_EQ(bad_name.error().field, "name");
  auto bad_kind = devices_->Enroll(kAdmin, kTenant, "x1", "phone");
  ASSERT_TRUE(IsError(bad_kind, Errc::kInvalidArgument, "invalid_value"));
  EXPECT_EQ(bad_kind.error().field, "kind");
  EXPECT_EQ(Audit("device.enroll").size(), 1u);
}

TEST_F(DeviceServiceTest, SessionsAreBoundToTheDeviceTheyWereOpenedOn) {
  const User worker = AddUser("worker");
  const Enrollment a = Enroll("tab-a");
  const Enrollment b = Enroll("tab-b");
  const DeviceIdentity ia = Identity(a);
  auto login = auth_->Login(kTenant, "worker", kPassword, "192.0.2.5", &ia);
  ASSERT_TRUE(IsOk(login));
  EXPECT_EQ(login->principal.session.device_id, a.device.id);
  EXPECT_TRUE(IsOk(auth_->Authenticate(login->token, "192.0.2.5", a.device.id)));
  EXPECT_TRUE(IsError(auth_->Authenticate(login->token, "192.0.2.6", b.device.id),
                      Errc::kUnauthenticated, "session_device_mismatch"));
  EXPECT_TRUE(IsError(auth_->Authenticate(login->token, "192.0.2.6", ""), Errc::kUnauthenticated,
                      "session_device_mismatch"));
  EXPECT_EQ(Audit("auth.session").size(), 2u);
  // The replay did not end the session for its own device.
  EXPECT_TRUE(IsOk(auth_->Authenticate(login->token, "192.0.2.5", a.device.id)));
  auto used = devices_->Find(kTenant, "tab-a");
  ASSERT_TRUE(IsOk(used));
  EXPECT_EQ(used->last_user_id, worker.id);
  EXPECT_EQ(used->last_seen_address, "192.0.2.5");

  // A tenant's tablet cannot sign in to another tenant, whatever the password.
  const DeviceIdentity foreign{"nakano", "dev_elsewhere", "tablet"};
  EXPECT_TRUE(IsError(auth_->Login(kTenant, "worker", kPassword, "192.0.2.5", &foreign),
                      Errc::kUnauthenticated, "device_not_of_tenant"));
  // Recorded in the device's own tenant, whose log the other ward cannot fill.
  const auto denied = Audit("auth.login", "nakano");
  ASSERT_FALSE(denied.empty());
  EXPECT_EQ(denied.back().detail, "device_not_of_tenant");
  EXPECT_EQ(denied.back().actor.device_id, "dev_elsewhere");
}

TEST_F(DeviceServiceTest, RevocationEndsSessionsAndLeavesTheRegistry) {
  AddUser("worker");
  const Enrollment a = Enroll("tab-a");
  const Enrollment b = Enroll("tab-b");
  ASSERT_TRUE(IsOk(devices_->Refresh(registry_)));
  const DeviceIdentity ia = Identity(a);
  const DeviceIdentity ib = Identity(b);
  auto on_a = auth_->Login(kTenant, "worker", kPassword, "192.0.2.5", &ia);
  auto on_b = auth_->Login(kTenant, "worker", kPassword, "192.0.2.6", &ib);
  ASSERT_TRUE(IsOk(on_a));
  ASSERT_TRUE(IsOk(on_b));

  auto revoked = devices_->Revoke(kAdmin, kTenant, a.device.id, "stolen");
  ASSERT_TRUE(IsOk(revoked));
  EXPECT_EQ(revoked->state, "lost");
  EXPECT_EQ(revoked->revoke_reason, "stolen");
  EXPECT_TRUE(
      IsError(auth_->Authenticate(on_a->token, "192.0.2.5", a.device.id), Errc::kUnauthenticated));
  EXPECT_TRUE(IsOk(auth_->Authenticate(on_b->token, "192.0.2.6", b.device.id)));
  const auto audit = Audit("device.revoke");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor.user_id, "usr_admin");
  EXPECT_EQ(audit[0].target_ids, std::vector<std::string>{a.device.id});
  EXPECT_EQ(audit[0].detail, "stolen");

  auto ended = devices_->Refresh(registry_);
  ASSERT_TRUE(IsOk(ended));
  EXPECT_EQ(*ended, std::vector<std::string>{a.device.fingerprint});
  EXPECT_FALSE(registry_.Find(a.device.fingerprint).has_value());
  EXPECT_TRUE(registry_.Find(b.device.fingerprint).has_value());

  EXPECT_TRUE(IsError(devices_->Revoke(kAdmin, kTenant, a.device.id, "other"), Errc::kConflict,
                      "not_active"));
  EXPECT_TRUE(IsError(devices_->Revoke(kAdmin, kTenant, "dev_nowhere", "other"), Errc::kNotFound));
  auto bad_reason = devices_->Revoke(kAdmin, kTenant, b.device.id, "because");
  ASSERT_TRUE(IsError(bad_reason, Errc::kInvalidArgument, "invalid_value"));
  EXPECT_EQ(bad_reason.error().field, "reason");
}

TEST_F(DeviceServiceTest, AUserReportsTheirOwnTabletLostFromAnotherDevice) {
  AddUser("worker");
  AddUser("other");
  const Enrollment mine = Enroll("tab-mine");
  const Enrollment spare = Enroll("tab-spare");
  const DeviceIdentity im = Identity(mine);
  const DeviceIdentity is = Identity(spare);
  ASSERT_TRUE(IsOk(auth_->Login(kTenant, "worker", kPassword, "192.0.2.5", &im)));
  auto from_spare = auth_->Login(kTenant, "worker", kPassword, "192.0.2.6", &is);
  auto someone_else = auth_->Login(kTenant, "other", kPassword, "192.0.2.7", &is);
  ASSERT_TRUE(IsOk(from_spare));
  ASSERT_TRUE(IsOk(someone_else));

  // Not from the tablet itself, and not someone else's.
  const Principal on_mine{kTenant, Session{}, from_spare->principal.user, "192.0.2.5"};
  Principal same = on_mine;
  same.session.device_id = mine.device.id;
  EXPECT_TRUE(IsError(devices_->ReportLost(same, mine.device.id), Errc::kInvalidArgument,
                      "current_device"));
  EXPECT_TRUE(
      IsError(devices_->ReportLost(someone_else->principal, mine.device.id), Errc::kNotFound));

  auto own = devices_->ListOwn(from_spare->principal);
  ASSERT_TRUE(IsOk(own));
  // The spare was last used by `other`: only the worker's own tablet is listed.
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].id, mine.device.id);
  auto lost = devices_->ReportLost(from_spare->principal, mine.device.id);
  ASSERT_TRUE(IsOk(lost));
  EXPECT_EQ(lost->state, "lost");
  EXPECT_EQ(lost->revoke_reason, "lost");
  EXPECT_EQ(lost->revoked_by, from_spare->principal.user.id);
}

}  // namespace
}  // namespace yorisoi::domain
