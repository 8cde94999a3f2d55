// CodeService: a ward's own code entries — checked, audited, merged into that tenant's catalog
// only, and seen by a server that did not write them (the command line, another instance).
#include "domain/codes/code_service.hpp"

#include <gtest/gtest.h>

#include "domain/cases/case_service.hpp"
#include "service_fixture.hpp"

namespace yorisoi::domain {
namespace {

using core::Date;
using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

constexpr const char* kOther = "nakano";

class CodeServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(IsOk(AddTenant(kOther, "中野区")));
    codes_ = std::make_unique<CodeService>(*storage_, clock_, CodeCatalog::BuiltIn());
  }

  static CodeEntry Entry(std::string code, std::string label, std::string parent = "") {
    CodeEntry e;
    e.code = std::move(code);
    e.label = std::move(label);
    e.parent = std::move(parent);
    return e;
  }

  const AuditActor kAdmin{"usr_admin", "admin", "ses_1", "", "192.0.2.1"};

  std::shared_ptr<const CodeCatalog> Catalog(const std::string& tenant) {
    auto c = codes_->Catalog(tenant);
    EXPECT_TRUE(IsOk(c));
    return c.ok() ? *c : nullptr;
  }

  std::vector<AuditEntry> Audit(const std::string& action, const std::string& tenant = kTenant) {
    auto db = storage_->OpenTenant(tenant);
    AuditQuery q;
    q.action = action;
    auto r = InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) { return tx.audit().Query(q); });
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }

  std::size_t OwnEntries(const std::string& tenant = kTenant) {
    auto r = codes_->ListTenantEntries(tenant);
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? r->size() : 0;
  }

  std::unique_ptr<CodeService> codes_;
};

TEST_F(CodeServiceTest, AnEntryIsAuditedAndServedInItsTenantOnly) {
  const auto before = Catalog(kTenant);
  EXPECT_EQ(before->FindEntry("referral_route", "ward_pilot"), nullptr);
  auto added =
      codes_->AddEntry(kAdmin, kTenant, "referral_route", Entry("ward_pilot", "モデル事業"));
  ASSERT_TRUE(IsOk(added));
  EXPECT_EQ(added->created_by, "usr_admin");
  EXPECT_EQ(added->created_at, clock_.Now());
  auto child =
      codes_->AddEntry(kAdmin, kTenant, "consultation_type",
                       Entry("ward_truancy", "区独自：不登校（長期）", "upbringing_truancy"));
  ASSERT_TRUE(IsOk(child));
  // The child takes its parent's group, as the catalog shows it.
  EXPECT_EQ(child->entry.group,
            CodeCatalog::BuiltIn().FindEntry("consultation_type", "upbringing_truancy")->group);

  const auto after = Catalog(kTenant);
  ASSERT_NE(after->FindEntry("referral_route", "ward_pilot"), nullptr);
  EXPECT_TRUE(after->IsDescendantOf("consultation_type", "ward_truancy", "upbringing_truancy"));
  EXPECT_EQ(before->FindEntry("referral_route", "ward_pilot"), nullptr) << "catalogs are immutable";
  EXPECT_EQ(Catalog(kOther)->FindEntry("referral_route", "ward_pilot"), nullptr);

  const auto audit = Audit("code.create");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].actor.user_id, "usr_admin");
  EXPECT_EQ(audit[0].target_kind, "code");
  EXPECT_EQ(audit[0].target_ids, std::vector<std::string>{"referral_route/ward_pilot"});
  EXPECT_TRUE(Audit("code.create", kOther).empty());
}

TEST_F(CodeServiceTest, RefusalsNameTheFieldAndWriteNothing) {
  ASSERT_TRUE(IsOk(codes_->AddEntry(kAdmin, kTenant, "referral_route", Entry("ward_a", "区A"))));
  struct Case {
    std::string list;
    CodeEntry entry;
    std::string field, code;
  };
  CodeEntry bad_dates = Entry("ward_b", "区B");
  bad_dates.valid_from = Date{2027, 4, 1};
  bad_dates.valid_to = Date{2027, 3, 31};
  CodeEntry bad_flag = Entry("ward_c", "区C");
  bad_flag.flags = {"Not Snake"};
  const std::vector<Case> cases = {
      {"no_such_list", Entry("ward_b", "区B"), "list", "unknown_list"},
      {"referral_route", Entry("neighbor_acquaintance", "近隣"), "code", "duplicate_code"},
      {"referral_route", Entry("ward_a", "二度目"), "code", "duplicate_code"},
      {"referral_route", Entry("ward_b", "区B", "nowhere"), "parent", "unknown_parent"},
      {"referral_route", Entry("Ward-B", "区B"), "code", "invalid_code"},
      {"referral_route", Entry("ward_b", ""), "label", "required"},
      {"referral_route", bad_dates, "valid_to", "invalid_validity"},
      {"referral_route", bad_flag, "flags", "invalid_code"},
  };
  for (const auto& c : cases) {
    auto r = codes_->AddEntry(kAdmin, kTenant, c.list, c.entry);
    ASSERT_FALSE(r.ok()) << c.entry.code;
    EXPECT_EQ(r.error().errc, Errc::kInvalidArgument) << c.entry.code;
    EXPECT_EQ(r.error().field, c.field) << c.entry.code;
    EXPECT_EQ(r.error().code, c.code) << c.entry.code;
  }
  EXPECT_EQ(OwnEntries(), 1u);
  EXPECT_EQ(Audit("code.create").size(), 1u);
}

TEST_F(CodeServiceTest, TheCatalogFollowsWritesOfAnotherProcess) {
  const auto first = Catalog(kTenant);
  EXPECT_EQ(Catalog(kTenant).get(), first.get()) << "unchanged: the cached catalog";
  // Another CodeService over the same data: what `yorisoi codes add` or a second instance does.
  CodeService elsewhere(*storage_, clock_, CodeCatalog::BuiltIn());
  ASSERT_TRUE(
      IsOk(elsewhere.AddEntry(kAdmin, kTenant, "consultation_method", Entry("ward_line", "LINE"))));
  const auto second = Catalog(kTenant);
  EXPECT_NE(second.get(), first.get());
  EXPECT_NE(second->FindEntry("consultation_method", "ward_line"), nullptr);
  ASSERT_TRUE(IsOk(elsewhere.SetValidTo(kAdmin, kTenant, "consultation_method", "ward_line",
                                        Date{2026, 3, 31})));
  const auto third = Catalog(kTenant);
  EXPECT_TRUE(third->IsValidOn("consultation_method", "ward_line", Date{2026, 3, 31}));
  EXPECT_FALSE(third->IsValidOn("consultation_method", "ward_line", Date{2026, 4, 1}));
}

TEST_F(CodeServiceTest, OnlyTheWardsOwnEntriesCanBeEnded) {
  CodeEntry e = Entry("ward_pilot", "モデル事業");
  e.valid_from = Date{2026, 4, 1};
  ASSERT_TRUE(IsOk(codes_->AddEntry(kAdmin, kTenant, "referral_route", e)));
  EXPECT_TRUE(IsError(codes_->SetValidTo(kAdmin, kTenant, "referral_route", "neighbor_acquaintance",
                                         Date{2026, 1, 1}),
                      Errc::kNotFound));
  EXPECT_TRUE(
      IsError(codes_->SetValidTo(kAdmin, kOther, "referral_route", "ward_pilot", Date{2026, 5, 1}),
              Errc::kNotFound));
  EXPECT_TRUE(IsError(
      codes_->SetValidTo(kAdmin, kTenant, "referral_route", "ward_pilot", Date{2026, 3, 31}),
      Errc::kInvalidArgument, "invalid_validity"));
  auto ended =
      codes_->SetValidTo(kAdmin, kTenant, "referral_route", "ward_pilot", Date{2026, 9, 30});
  ASSERT_TRUE(IsOk(ended));
  EXPECT_EQ(ended->entry.valid_to, (Date{2026, 9, 30}));
  auto reopened = codes_->SetValidTo(kAdmin, kTenant, "referral_route", "ward_pilot", std::nullopt);
  ASSERT_TRUE(IsOk(reopened));
  EXPECT_FALSE(reopened->entry.valid_to.has_value());
  const auto audit = Audit("code.update");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].target_ids, std::vector<std::string>{"referral_route/ward_pilot"});
}

TEST_F(CodeServiceTest, AnEntryThatNoLongerFitsIsLeftOutNotFatal) {
  ASSERT_TRUE(IsOk(codes_->AddEntry(kAdmin, kTenant, "referral_route", Entry("ward_a", "区A"))));
  // As if a later built-in list had taken a code the ward added before: stored, but colliding.
  auto db = storage_->OpenTenant(kTenant);
  ASSERT_TRUE(IsOk(InTransaction(**db, TxMode::kWrite, [&](TenantTx& tx) {
    return tx.codes().Add(
        TenantCodeEntry{"referral_route", Entry("neighbor_acquaintance", "旧"), "", clock_.Now()});
  })));
  ASSERT_TRUE(IsOk(codes_->AddEntry(kAdmin, kTenant, "referral_route", Entry("ward_b", "区B"))));
  const auto catalog = Catalog(kTenant);
  EXPECT_NE(catalog->FindEntry("referral_route", "ward_a"), nullptr);
  EXPECT_NE(catalog->FindEntry("referral_route", "ward_b"), nullptr);
  EXPECT_EQ(catalog->FindEntry("referral_route", "neighbor_acquaintance")->label,
            CodeCatalog::BuiltIn().FindEntry("referral_route", "neighbor_acquaintance")->label);
  EXPECT_EQ(OwnEntries(), 3u);
}

TEST_F(CodeServiceTest, CasesAreCheckedAgainstTheirTenantsCatalog) {
  CaseService cases(*storage_, clock_, *codes_);
  const User here = AddUser("worker");
  const User there = AddUser("worker2", Role::kCaseworker, kOther);
  CaseFile c;
  c.received_at = clock_.Now() - std::chrono::hours(1);
  c.unit_id = kUnit;
  c.consultation_type = {"abuse", {"neglect"}, false};
  c.referral_route = "ward_pilot";
  const auto as = [](const User& u, const char* tenant) {
    return Principal{tenant, Session{}, u, "192.0.2.7"};
  };
  EXPECT_TRUE(
      IsError(cases.CreateCase(as(here, kTenant), c), Errc::kInvalidArgument, "unknown_code"));
  ASSERT_TRUE(IsOk(codes_->AddEntry(kAdmin, kTenant, "referral_route", Entry("ward_pilot", "区"))));
  EXPECT_TRUE(IsOk(cases.CreateCase(as(here, kTenant), c)));
  auto other = cases.CreateCase(as(there, kOther), c);
  ASSERT_TRUE(IsError(other, Errc::kInvalidArgument, "unknown_code"));
  EXPECT_EQ(other.error().field, "referral_route");
}

}  // namespace
}  // namespace yorisoi::domain
