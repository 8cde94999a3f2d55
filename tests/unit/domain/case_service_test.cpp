#include "domain/cases/case_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

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
    codes_ = std::make_unique<CodeService>(*storage_, clock_, CodeCatalog::BuiltIn());
    cases_ = std::make_unique<CaseService>(*storage_, clock_, *codes_);
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

  // What the search indexer does after writes (the server runs it on a thread of its own).
  void Indexed() {
    auto db = storage_->OpenTenant(kTenant);
    ASSERT_TRUE(IsOk(db));
    EXPECT_TRUE(IsOk(SearchIndexer::CatchUp(**db)));
  }

  std::unique_ptr<CodeService> codes_;
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
  EXPECT_TRUE(listed->items.empty());
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

TEST_F(CaseServiceTest, ConsultationsAreScopedVersionedAndAudited) {
  const User worker = AddUser("worker");
  User elsewhere = AddUser("stranger");
  elsewhere.unit_ids = {"branch"};
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  const std::string case_id = c->case_file.id;
  Consultation in;
  in.date = cases_->Today();
  in.type = "abuse";
  in.method = "home_visit";
  auto added = cases_->AddConsultation(As(worker), case_id, in);
  ASSERT_TRUE(IsOk(added)) << "content may start empty (typed on the doorstep)";
  EXPECT_EQ(added->author_id, worker.id);
  EXPECT_EQ(added->version, 1);
  in.date = cases_->Today().AddDays(1);
  auto future = cases_->AddConsultation(As(worker), case_id, in);
  ASSERT_TRUE(IsError(future, Errc::kInvalidArgument, "in_future"));
  EXPECT_EQ(future.error().field, "date");
  in.date = cases_->Today();
  in.method = "telepathy";
  auto bad_method = cases_->AddConsultation(As(worker), case_id, in);
  ASSERT_TRUE(IsError(bad_method, Errc::kInvalidArgument));
  EXPECT_EQ(bad_method.error().field, "method");
  in.method = "home_visit";
  EXPECT_TRUE(IsError(cases_->AddConsultation(As(elsewhere), case_id, in), Errc::kNotFound));

  auto edit = [](Consultation& x) {
    x.content = "母と面談。";
    return core::Ok();
  };
  auto updated = cases_->UpdateConsultation(As(worker), added->id, 1, edit);
  ASSERT_TRUE(IsOk(updated));
  EXPECT_EQ(updated->version, 2);
  EXPECT_TRUE(IsError(cases_->UpdateConsultation(As(worker), added->id, 1, edit), Errc::kConflict,
                      "stale_version"));
  EXPECT_TRUE(
      IsError(cases_->UpdateConsultation(As(elsewhere), added->id, 2, edit), Errc::kNotFound));
  EXPECT_TRUE(IsError(cases_->GetConsultation(As(elsewhere), added->id), Errc::kNotFound));
  auto read = cases_->GetConsultation(As(worker), added->id);
  ASSERT_TRUE(IsOk(read));
  EXPECT_EQ(read->content, "母と面談。");
  auto list = cases_->ListConsultations(As(worker), case_id, RecordPage{});
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_TRUE(list->next.empty());
  // Each action once, and each attempt from elsewhere as denied (out_of_scope).
  for (const char* action : {"consultation.create", "consultation.update", "consultation.read"}) {
    const auto entries = Audit(action);
    ASSERT_EQ(entries.size(), 2u) << action;
    int denied = 0;
    for (const auto& e : entries) {
      if (e.result != "denied") continue;
      ++denied;
      EXPECT_EQ(e.actor.user_id, elsewhere.id) << action;
      EXPECT_EQ(e.detail, "out_of_scope") << action;
    }
    EXPECT_EQ(denied, 1) << action;
  }
  EXPECT_EQ(Audit("consultation.list").size(), 1u);
  auto view = cases_->GetCase(As(worker), case_id);
  ASSERT_TRUE(IsOk(view));
  ASSERT_EQ(view->consultations.size(), 1u);
  EXPECT_EQ(view->consultations[0].id, added->id);
}

TEST_F(CaseServiceTest, NotesAreAppendOnlyAndCorrectionsNameANoteOfTheSameCase) {
  const User worker = AddUser("worker");
  auto a = cases_->CreateCase(As(worker), Input());
  auto b = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(a));
  ASSERT_TRUE(IsOk(b));
  auto first = cases_->AddNote(As(worker), a->case_file.id, "学校から欠席の連絡。", std::nullopt);
  ASSERT_TRUE(IsOk(first));
  auto other = cases_->AddNote(As(worker), b->case_file.id, "別件。", std::nullopt);
  ASSERT_TRUE(IsOk(other));
  auto wrong_case = cases_->AddNote(As(worker), a->case_file.id, "訂正。", other->id);
  ASSERT_TRUE(IsError(wrong_case, Errc::kInvalidArgument, "unknown_note"));
  EXPECT_EQ(wrong_case.error().field, "corrects");
  auto empty = cases_->AddNote(As(worker), a->case_file.id, "", std::nullopt);
  ASSERT_TRUE(IsError(empty, Errc::kInvalidArgument));
  EXPECT_EQ(empty.error().field, "body");
  clock_.Advance(core::Millis(1000));
  auto fix = cases_->AddNote(As(worker), a->case_file.id, "訂正：欠席ではなく遅刻。", first->id);
  ASSERT_TRUE(IsOk(fix));
  auto notes = cases_->ListNotes(As(worker), a->case_file.id, RecordPage{});
  ASSERT_TRUE(IsOk(notes));
  ASSERT_EQ(notes->items.size(), 2u);
  EXPECT_EQ(notes->items[0].id, fix->id);
  EXPECT_EQ(notes->items[0].corrects, std::optional<std::string>(first->id));
  EXPECT_EQ(notes->items[1].body, "学校から欠席の連絡。") << "the corrected note stays as it was";
  auto page = cases_->ListNotes(As(worker), a->case_file.id, RecordPage{"", 1});
  ASSERT_TRUE(IsOk(page));
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->next, fix->id);
  EXPECT_EQ(Audit("note.create").size(), 3u);
}

TEST_F(CaseServiceTest, PoliciesAreDecidedBySupervisors) {
  const User worker = AddUser("worker");
  const User sv = AddUser("supervisor1", Role::kSupervisor);
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  Policy p;
  p.body = "週1回の家庭訪問で見守る。";
  p.next_action = "学校と情報共有";
  p.next_action_on = cases_->Today().AddDays(7);
  EXPECT_TRUE(IsError(cases_->AddPolicy(As(worker), c->case_file.id, p), Errc::kForbidden,
                      "supervisor_required"));
  auto decided = cases_->AddPolicy(As(sv), c->case_file.id, p);
  ASSERT_TRUE(IsOk(decided));
  EXPECT_EQ(decided->decided_by, sv.id);
  p.next_action_on = cases_->Today().AddDays(-1);
  auto past = cases_->AddPolicy(As(sv), c->case_file.id, p);
  ASSERT_TRUE(IsError(past, Errc::kInvalidArgument, "in_past"));
  EXPECT_EQ(past.error().field, "next_action_on");
  auto list = cases_->ListPolicies(As(worker), c->case_file.id, RecordPage{});
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].next_action, "学校と情報共有");
}

TEST_F(CaseServiceTest, ListsAndViewsCarryTheNextActionOfTheNewestPolicy) {
  const User worker = AddUser("worker");
  const User sv = AddUser("supervisor1", Role::kSupervisor);
  auto with = cases_->CreateCase(As(worker), Input());
  auto without = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(with));
  ASSERT_TRUE(IsOk(without));
  const std::string id = with->case_file.id;
  EXPECT_FALSE(with->next_action.has_value()) << "a new case has no policy";
  // The item of `case_id` in the caller's case list (search or not).
  auto listed = [&](const std::string& case_id, std::string_view q = {}) {
    Indexed();
    auto page = cases_->ListCases(As(worker), CaseListQuery{}, q);
    EXPECT_TRUE(IsOk(page));
    std::optional<CaseListItem> found;
    if (page.ok()) {
      for (const auto& item : page->items) {
        if (item.case_file.id == case_id) found = item;
      }
    }
    EXPECT_TRUE(found.has_value()) << case_id;
    return found.value_or(CaseListItem{});
  };
  EXPECT_FALSE(listed(id).next_action.has_value());

  Policy first;
  first.body = "週1回の家庭訪問で見守る。";
  first.next_action = "学校と情報共有";
  first.next_action_on = cases_->Today().AddDays(7);
  auto decided = cases_->AddPolicy(As(sv), id, first);
  ASSERT_TRUE(IsOk(decided));
  for (const CaseListItem& item : {listed(id), listed(id, with->case_file.number)}) {
    ASSERT_TRUE(item.next_action.has_value());
    EXPECT_EQ(item.next_action->text, "学校と情報共有");
    EXPECT_EQ(item.next_action->on, first.next_action_on);
    EXPECT_EQ(item.next_action->policy_id, decided->id);
  }
  EXPECT_FALSE(listed(without->case_file.id).next_action.has_value()) << "per case";
  auto view = cases_->GetCase(As(worker), id);
  ASSERT_TRUE(IsOk(view));
  ASSERT_TRUE(view->next_action.has_value());
  EXPECT_EQ(view->next_action->policy_id, decided->id);

  // A newer decision without a date: the text, no date.
  clock_.Advance(std::chrono::minutes(1));
  Policy second;
  second.body = "方針を更新する。";
  second.next_action = "家庭訪問";
  auto newer = cases_->AddPolicy(As(sv), id, second);
  ASSERT_TRUE(IsOk(newer));
  const CaseListItem undated = listed(id);
  ASSERT_TRUE(undated.next_action.has_value());
  EXPECT_EQ(undated.next_action->text, "家庭訪問");
  EXPECT_FALSE(undated.next_action->on.has_value());
  EXPECT_EQ(undated.next_action->policy_id, newer->id);

  // The newest decision names no next action: none, even though an older one did.
  clock_.Advance(std::chrono::minutes(1));
  Policy third;
  third.body = "当面は経過を見る。";
  ASSERT_TRUE(IsOk(cases_->AddPolicy(As(sv), id, third)));
  EXPECT_FALSE(listed(id).next_action.has_value());
  view = cases_->GetCase(As(worker), id);
  ASSERT_TRUE(IsOk(view));
  EXPECT_FALSE(view->next_action.has_value());
  EXPECT_EQ(view->policies.size(), 3u);
}

TEST(NextActionOfTest, TheNewestPolicyDecides) {
  EXPECT_FALSE(NextActionOf({}).has_value());
  Policy newest;
  newest.id = "pol_new";
  newest.next_action = "電話連絡";
  newest.next_action_on = core::Date{2025, 7, 10};
  Policy older;
  older.id = "pol_old";
  older.next_action = "古い予定";
  const auto next = NextActionOf({newest, older});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->text, "電話連絡");
  EXPECT_EQ(next->on, (core::Date{2025, 7, 10}));
  EXPECT_EQ(next->policy_id, "pol_new");
  newest.next_action.clear();
  EXPECT_FALSE(NextActionOf({newest, older}).has_value()) << "a date alone is no next action";
}

TEST_F(CaseServiceTest, SearchFindsNamesInAnyKanaAndTextWithinScope) {
  const User worker = AddUser("worker");
  User elsewhere = AddUser("stranger");
  elsewhere.unit_ids = {"branch"};
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  Person child;
  child.role = "child";
  child.name = "山田　花子";
  child.name_kana = "やまだ　はなこ";
  child.relationship = "self";
  child.birth_date = core::Date{2016, 4, 2};
  ASSERT_TRUE(IsOk(cases_->AddPerson(As(worker), c->case_file.id, child)));
  ASSERT_TRUE(IsOk(cases_->AddNote(As(worker), c->case_file.id, "本児の欠席が続く。", {})));
  auto find = [&](const User& u, std::string_view q) {
    Indexed();
    auto r = cases_->ListCases(As(u), CaseListQuery{}, q);
    EXPECT_TRUE(IsOk(r)) << q;
    return r.ok() ? r->items.size() : 0u;
  };
  EXPECT_EQ(find(worker, "ヤマダ ハナコ"), 1u);
  EXPECT_EQ(find(worker, "ﾔﾏﾀﾞ"), 1u);
  EXPECT_EQ(find(worker, "山田"), 1u);
  EXPECT_EQ(find(worker, "欠席"), 1u);
  EXPECT_EQ(find(worker, "２０１６－０４－０２"), 1u);
  EXPECT_EQ(find(worker, "20160402"), 1u);
  EXPECT_EQ(find(worker, c->case_file.number), 1u);
  EXPECT_EQ(find(worker, "すずき"), 0u);
  EXPECT_EQ(find(elsewhere, "やまだ"), 0u) << "only what the user may read";
  for (std::string_view bad : {std::string_view("\0x", 2),
                               std::string_view("ab\x01"
                                                "cd"),
                               std::string_view("\xff\xfe")}) {
    auto refused = cases_->ListCases(As(worker), CaseListQuery{}, bad);
    ASSERT_TRUE(IsError(refused, Errc::kInvalidArgument));
    EXPECT_EQ(refused.error().field, "q");
  }
  auto too_long = cases_->ListCases(As(worker), CaseListQuery{}, std::string(201, 'a'));
  ASSERT_TRUE(IsError(too_long, Errc::kInvalidArgument, "too_long"));
  EXPECT_EQ(too_long.error().field, "q");
  // Spaces alone are refused by ValidateText like any blank text (issue 15).
  auto blank = cases_->ListCases(As(worker), CaseListQuery{}, "　 ");
  ASSERT_TRUE(IsError(blank, Errc::kInvalidArgument, "blank"));
  EXPECT_EQ(blank.error().field, "q");
  EXPECT_FALSE(Audit("case.search").empty());
}

// --- the search indexer -----------------------------------------------------------------------

TEST_F(CaseServiceTest, WritesAreSearchableOnlyOnceTheIndexerCaughtUp) {
  const User worker = AddUser("worker");
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  ASSERT_TRUE(IsOk(cases_->AddNote(As(worker), c->case_file.id, "梟の置物の話をした。", {})));
  auto count = [&](std::string_view q) {
    auto r = cases_->ListCases(As(worker), CaseListQuery{}, q);
    EXPECT_TRUE(IsOk(r)) << q;
    return r.ok() ? r->items.size() : 0u;
  };
  EXPECT_EQ(count("梟の置物"), 0u) << "a write puts no search document itself";
  auto db = storage_->OpenTenant(kTenant);
  ASSERT_TRUE(IsOk(db));
  auto put = SearchIndexer::CatchUp(**db);
  ASSERT_TRUE(IsOk(put));
  EXPECT_EQ(*put, 2) << "the case and the note";
  EXPECT_EQ(count("梟の置物"), 1u);
  EXPECT_EQ(count(c->case_file.number), 1u);
  // The watermark reached the newest entry (reads included); nothing is left to do.
  auto lag = InTransaction(**db, TxMode::kRead, [](TenantTx& tx) { return tx.search().Lag(); });
  ASSERT_TRUE(IsOk(lag));
  EXPECT_EQ(lag->indexed_through, lag->newest_logged - 2) << "the two searches came after";
  put = SearchIndexer::CatchUp(**db);
  ASSERT_TRUE(IsOk(put));
  EXPECT_EQ(*put, 0);
}

TEST_F(CaseServiceTest, TheIndexerWorksInBatchesAndIndexesACorrectedNoteEmpty) {
  const User worker = AddUser("worker");
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  const std::string id = c->case_file.id;
  auto wrong = cases_->AddNote(As(worker), id, "誤った地名を書いた。", {});
  ASSERT_TRUE(IsOk(wrong));
  auto db = storage_->OpenTenant(kTenant);
  ASSERT_TRUE(IsOk(db));
  ASSERT_TRUE(IsOk(SearchIndexer::CatchUp(**db)));
  auto count = [&](std::string_view q) {
    auto r = cases_->ListCases(As(worker), CaseListQuery{}, q);
    EXPECT_TRUE(IsOk(r)) << q;
    return r.ok() ? r->items.size() : 0u;
  };
  EXPECT_EQ(count("誤った地名"), 1u);
  ASSERT_TRUE(IsOk(cases_->AddNote(As(worker), id, "正しい地名に訂正。", wrong->id)));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsOk(cases_->AddNote(As(worker), id, "追記" + std::to_string(i) + "件目。", {})));
  }
  // One audit entry per transaction: every entry is still indexed, in order.
  auto put = SearchIndexer::CatchUp(**db, /*max_entries=*/1);
  ASSERT_TRUE(IsOk(put));
  EXPECT_EQ(*put, 2 + 5) << "the correction with the corrected note, then five notes";
  EXPECT_EQ(count("正しい地名"), 1u);
  EXPECT_EQ(count("誤った地名"), 0u) << "the corrected-away text is not found";
  EXPECT_EQ(count("追記4件目"), 1u);
  auto notes = cases_->ListNotes(As(worker), id, RecordPage{});
  ASSERT_TRUE(IsOk(notes));
  EXPECT_EQ(notes->items.size(), 7u) << "the corrected note stays in the history";
}

TEST_F(CaseServiceTest, ARunningIndexerIsToldOfWritesAndIndexesThemAtOnce) {
  const User worker = AddUser("worker");
  SearchIndexerOptions options;
  options.poll = std::chrono::hours(1);  // only Notify wakes it (after its first catch-up)
  SearchIndexer indexer(*storage_, options);
  cases_->set_search_indexer(&indexer);
  indexer.Start();
  auto c = cases_->CreateCase(As(worker), Input());
  ASSERT_TRUE(IsOk(c));
  ASSERT_TRUE(IsOk(cases_->AddNote(As(worker), c->case_file.id, "通知で索引される記録。", {})));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  std::size_t found = 0;
  while (found == 0 && std::chrono::steady_clock::now() < deadline) {
    auto r = cases_->ListCases(As(worker), CaseListQuery{}, "通知で索引");
    ASSERT_TRUE(IsOk(r));
    found = r->items.size();
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(found, 1u) << "searchable within a second of the write";
  indexer.Stop();
  cases_->set_search_indexer(nullptr);
}

}  // namespace
}  // namespace yorisoi::domain
