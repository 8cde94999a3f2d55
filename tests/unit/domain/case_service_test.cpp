#include "domain/cases/case_service.hpp"

#include <gtest/gtest.h>

#include "service_fixture.hpp"

namespace yorisoi::domain {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

class CaseServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    cases_ = std::make_unique<CaseService>(*storage_, clock_, CodeCatalog::BuiltIn());
    ASSERT_TRUE(IsOk(users_->CreateUnit(kTenant, Unit{"branch", "分室", {}})));
  }

  Principal As(const User& u) { return Principal{kTenant, Session{}, u, "192.0.2.7"}; }

  CaseFile Input(const std::string& unit = kUnit) {
    CaseFile c;
    c.received_at = clock_.Now() - std::chrono::hours(1);
    c.unit_id = unit;
    c.consultation_type = {"abuse", {"neglect"}, false};
    c.referral_route = "neighbor_acquaintance";
    return c;
  }

  std::vector<AuditEntry> Audit(const std::string& action) {
    auto db = storage_->OpenTenant(kTenant);
    AuditQuery q;
    q.action = action;
    auto r = InTransaction(**db, TxMode::kRead, [&](TenantTx& tx) { return tx.audit().Query(q); });
    EXPECT_TRUE(IsOk(r));
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }

  std::unique_ptr<CaseService> cases_;
};

TEST_F(CaseServiceTest, CreateNumbersAuditsAndAssignsTheCreator) {
  const User worker = AddUser("worker");
  auto a = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(a));
  EXPECT_EQ(a->case_file.number, "2025-00001");  // 2025-07-01 is in FY2025
  EXPECT_EQ(a->case_file.status, "received");
  EXPECT_EQ(a->case_file.worker_ids, std::vector<std::string>{worker.id});
  auto b = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(b));
  EXPECT_EQ(b->case_file.number, "2025-00002");
  const auto created = Audit("case.create");
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0].actor.user_id, worker.id);
  EXPECT_EQ(created[0].target_ids, std::vector<std::string>{a->case_file.id});
}

TEST_F(CaseServiceTest, OnlyOwnUnitsForNewCasesAndBadInputWritesNothing) {
  const User worker = AddUser("worker");
  auto r = cases_->CreateCase(As(worker), Input("branch"));
  ASSERT_TRUE(IsError(r, Errc::kInvalidArgument, "not_your_unit"));
  EXPECT_EQ(r.error().field, "unit_id");
  auto bad = Input();
  bad.consultation_type = {"abuse", {}, false};
  EXPECT_TRUE(IsError(cases_->CreateCase(As(worker), bad), Errc::kInvalidArgument, "required"));
  EXPECT_TRUE(Audit("case.create").empty());
  auto listed = cases_->ListCases(As(worker), CaseListQuery{});
  ASSERT_TRUE(IsOk(listed));
  EXPECT_TRUE(listed->empty());
}

TEST_F(CaseServiceTest, AnotherUnitsCaseDoesNotExistForYou) {
  const User worker = AddUser("worker");
  const User stranger = AddUser("stranger");
  // Move the stranger to the branch only.
  auto db = storage_->OpenTenant(kTenant);
  auto created = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(created));
  User elsewhere = stranger;
  elsewhere.unit_ids = {"branch"};
  EXPECT_TRUE(IsError(cases_->GetCase(As(elsewhere), created->case_file.id), Errc::kNotFound));
  EXPECT_TRUE(IsError(cases_->UpdateCase(As(elsewhere), created->case_file.id, 1,
                                         [](CaseFile&) { return core::Ok(); }),
                      Errc::kNotFound));
  Person p;
  p.role = "child";
  EXPECT_TRUE(IsError(cases_->AddPerson(As(elsewhere), created->case_file.id, p), Errc::kNotFound));
  // Assigned as a worker, the same person may see it.
  ASSERT_TRUE(IsOk(cases_->UpdateCase(As(worker), created->case_file.id, 1, [&](CaseFile& c) {
    c.worker_ids.push_back(stranger.id);
    return core::Ok();
  })));
  EXPECT_TRUE(IsOk(cases_->GetCase(As(elsewhere), created->case_file.id)));
  const User admin = AddUser("admin1", Role::kAdmin);
  EXPECT_TRUE(IsError(cases_->GetCase(As(admin), created->case_file.id), Errc::kNotFound))
      << "admins read case data only through break-glass (later)";
}

TEST_F(CaseServiceTest, StaleVersionIsAConflictAndOnlySupervisorsClose) {
  const User worker = AddUser("worker");
  const User sv = AddUser("supervisor1", Role::kSupervisor);
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  const std::string id = c->case_file.id;
  auto moved = cases_->UpdateCase(As(worker), id, 1, [](CaseFile& x) {
    x.status = "investigating";
    return core::Ok();
  });
  ASSERT_TRUE(IsOk(moved));
  EXPECT_EQ(moved->case_file.version, 2);
  EXPECT_TRUE(IsError(cases_->UpdateCase(As(worker), id, 1,
                                         [](CaseFile& x) {
                                           x.household = "stale edit";
                                           return core::Ok();
                                         }),
                      Errc::kConflict, "stale_version"));
  auto now = cases_->GetCase(As(worker), id);
  ASSERT_TRUE(IsOk(now));
  EXPECT_EQ(now->case_file.household, "") << "the stale edit was not applied";
  EXPECT_TRUE(IsError(cases_->UpdateCase(As(worker), id, 2,
                                         [](CaseFile& x) {
                                           x.status = "closed";
                                           return core::Ok();
                                         }),
                      Errc::kForbidden, "supervisor_required"));
  EXPECT_TRUE(IsOk(cases_->UpdateCase(As(sv), id, 2, [](CaseFile& x) {
    x.status = "closed";
    return core::Ok();
  })));
}

TEST_F(CaseServiceTest, PeopleAreAddedValidatedAndVersioned) {
  const User worker = AddUser("worker");
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  Person child;
  child.role = "child";
  child.name = "佐藤　結菜";
  child.name_kana = "さとう　ゆいな";
  child.birth_date = core::Date{2018, 4, 1};
  auto added = cases_->AddPerson(As(worker), c->case_file.id, child);
  ASSERT_TRUE(IsOk(added));
  EXPECT_EQ(added->sex, "unknown") << "never guessed";
  Person bad = child;
  bad.name_kana = "佐藤";
  auto refused = cases_->AddPerson(As(worker), c->case_file.id, bad);
  ASSERT_TRUE(IsError(refused, Errc::kInvalidArgument, "kana_only"));
  auto updated = cases_->UpdatePerson(As(worker), added->id, 1, [](Person& p) {
    p.health = "喘息あり";
    return core::Ok();
  });
  ASSERT_TRUE(IsOk(updated));
  EXPECT_EQ(updated->version, 2);
  EXPECT_TRUE(
      IsError(cases_->UpdatePerson(As(worker), added->id, 1, [](Person&) { return core::Ok(); }),
              Errc::kConflict, "stale_version"));
  auto view = cases_->GetCase(As(worker), c->case_file.id);
  ASSERT_TRUE(IsOk(view));
  ASSERT_EQ(view->people.size(), 1u);
  EXPECT_EQ(view->people[0].health, "喘息あり");
  const auto reads = Audit("case.read");
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(reads.back().target_ids, (std::vector<std::string>{c->case_file.id, added->id}))
      << "a read names the case and every person shown";
}

}  // namespace
}  // namespace yorisoi::domain
