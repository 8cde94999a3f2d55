#include "dummy/cases.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>

#include "core/date.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/validation.hpp"
#include "ja/school_year.hpp"

namespace yorisoi::dummy {
namespace {

using domain::CaseFile;
using domain::CodeCatalog;
using domain::CodePointCount;
using domain::Consultation;
using domain::Note;
using domain::Person;
using domain::Policy;
using domain::ValidateCase;
using domain::ValidateConsultation;
using domain::ValidateNote;
using domain::ValidatePolicy;

using core::Date;
using core::TimePoint;

// 2026-06-15 14:30 JST.
const TimePoint kNow = core::FromUnixMillis(Date{2026, 6, 15}.DaysSinceEpoch() * 86'400'000 +
                                            (14 * 60 + 30 - 9 * 60) * 60'000);
const Date kToday = Date::TodayInJapan(kNow);

std::vector<UnitStaff> Staff() {
  return {
      {"sogo", {"usr_cw1", "usr_cw2", "usr_cw3"}, {"usr_sv1"}},
      {"enoki", {"usr_cw4"}, {"usr_sv1", "usr_sv2"}},
      {"shinanomachi", {}, {}},  // no staff: never given cases
  };
}

Date Day(TimePoint t) { return Date::TodayInJapan(t); }

std::string Dump(const DummyCase& d) {
  std::string s;
  auto add = [&](const std::string& v) { s.append(v).push_back('|'); };
  auto t = [](TimePoint p) { return core::FormatIso8601Utc(p); };
  const CaseFile& c = d.case_file;
  add(c.id);
  add(t(c.received_at));
  add(c.unit_id);
  add(c.status);
  add(c.consultation_type.code);
  for (const auto& a : c.consultation_type.abuse_types) add(a);
  add(c.consultation_type.witnessed_dv ? "dv" : "");
  add(c.referral_route);
  add(c.yotaikyo_class);
  add(c.household);
  for (const auto& w : c.worker_ids) add(w);
  add(t(c.created_at));
  add(t(c.updated_at));
  for (const Person& p : d.people) {
    for (const std::string* f : {&p.id, &p.role, &p.name, &p.name_kana, &p.sex, &p.relationship,
                                 &p.address, &p.affiliation_kind, &p.affiliation_name, &p.workplace,
                                 &p.health, &p.clinic, &p.nationality, &p.residence_status}) {
      add(*f);
    }
    add(p.birth_date ? p.birth_date->ToIso() : "-");
    add(t(p.created_at));
  }
  for (const Consultation& x : d.consultations) {
    add(x.id);
    add(x.date.ToIso());
    add(x.type);
    add(x.method);
    add(x.content);
    add(x.author_id);
    add(t(x.created_at));
    add(t(x.updated_at));
  }
  for (const Note& n : d.notes) {
    add(n.id);
    add(t(n.at));
    add(n.body);
    add(n.author_id);
    add(n.corrects.value_or("-"));
  }
  for (const Policy& p : d.policies) {
    add(p.id);
    add(t(p.decided_at));
    add(p.decided_by);
    add(p.body);
    add(p.next_action);
    add(p.next_action_on ? p.next_action_on->ToIso() : "-");
  }
  return s;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Every record of 300 cases passes the domain's validators, and the records fit together.
TEST(MakeCaseTest, ThreeHundredCasesPassEveryValidator) {
  const auto& codes = CodeCatalog::BuiltIn();
  const auto staff = Staff();
  const std::vector<std::string> supervisors = {"usr_sv1", "usr_sv2"};
  Rng rng(20260615);
  std::set<std::string> ids;
  std::map<std::string, int> statuses, types, routes, methods;
  std::array<int, 18> child_ages{};
  int witnessed_dv = 0, foreign = 0, expectant = 0, consulters = 0, corrections = 0;
  int multi_abuse = 0, yotaikyo = 0;
  std::size_t min_content = 100000, max_content = 0;
  Date earliest = kToday;
  for (int i = 0; i < 300; ++i) {
    const DummyCase d = MakeCase(rng, "shinjuku", kNow, staff);
    const CaseFile& c = d.case_file;
    SCOPED_TRACE("case " + std::to_string(i) + " " + c.consultation_type.code);
    ASSERT_TRUE(ValidateCase(c, codes, kNow).ok()) << ValidateCase(c, codes, kNow).error().field;
    EXPECT_TRUE(ids.insert(c.id).second);
    EXPECT_TRUE(c.number.empty()) << "numbers are the writer's";
    EXPECT_TRUE(c.unit_id == "sogo" || c.unit_id == "enoki") << c.unit_id;
    const UnitStaff& unit = c.unit_id == "sogo" ? staff[0] : staff[1];
    ASSERT_FALSE(c.worker_ids.empty());
    for (const auto& w : c.worker_ids) EXPECT_TRUE(Contains(unit.caseworker_ids, w)) << w;
    const Date day0 = Day(c.received_at);
    EXPECT_LE(c.received_at, kNow);
    EXPECT_GE(day0, kToday.AddDays(-1095));
    earliest = std::min(earliest, day0);
    EXPECT_LE(c.received_at, c.created_at);
    EXPECT_LE(c.created_at, c.updated_at);
    EXPECT_LE(c.updated_at, kNow);
    EXPECT_FALSE(c.household.empty());
    EXPECT_EQ(c.household.find('{'), std::string::npos) << c.household;
    ++statuses[c.status];
    ++types[c.consultation_type.code];
    ++routes[c.referral_route];
    if (c.consultation_type.witnessed_dv) ++witnessed_dv;
    if (c.consultation_type.abuse_types.size() > 1) ++multi_abuse;
    if (!c.yotaikyo_class.empty()) ++yotaikyo;

    // People.
    ASSERT_FALSE(d.people.empty());
    int selves = 0;
    bool any_foreign = false;
    for (const Person& p : d.people) {
      const auto st = ValidatePerson(p, codes, kToday);
      EXPECT_TRUE(st.ok()) << st.error().field << " " << p.role << " " << p.relationship;
      EXPECT_EQ(p.case_id, c.id);
      EXPECT_TRUE(ids.insert(p.id).second);
      EXPECT_LE(p.created_at, kNow);
      if (p.relationship == "self") {
        ++selves;
        ASSERT_TRUE(p.birth_date.has_value());
        EXPECT_LE(*p.birth_date, day0) << "the child was born by the receiving day";
      }
      if (p.role == "child") {
        const int age = ja::AgeOn(*p.birth_date, kToday);
        ASSERT_GE(age, 0);
        ASSERT_LE(age, 17);
        ++child_ages[static_cast<std::size_t>(age)];
      }
      if (p.role == "expectant_mother") {
        ++expectant;
        EXPECT_GE(ja::AgeOn(*p.birth_date, day0), 15);
      }
      if (p.role == "consulter") ++consulters;
      if (!p.nationality.empty() && p.nationality != "jp") any_foreign = true;
    }
    EXPECT_EQ(selves, 1);
    if (any_foreign) ++foreign;

    // Consultations: dated from the receiving day to today, written on or after their date.
    ASSERT_FALSE(d.consultations.empty());
    for (std::size_t k = 0; k < d.consultations.size(); ++k) {
      const Consultation& x = d.consultations[k];
      auto st = ValidateConsultation(x, codes, kToday);
      EXPECT_TRUE(st.ok()) << st.error().field;
      st = ValidateConsultation(x, codes, Day(x.created_at));
      EXPECT_TRUE(st.ok()) << "as of its writing: " << st.error().field;
      EXPECT_EQ(x.case_id, c.id);
      EXPECT_EQ(x.type, c.consultation_type.code);
      EXPECT_TRUE(ids.insert(x.id).second);
      EXPECT_GE(x.date, day0);
      EXPECT_LE(x.date, Day(x.created_at));
      EXPECT_LE(x.created_at, x.updated_at);
      EXPECT_LE(x.updated_at, kNow);
      EXPECT_GE(x.created_at, c.received_at);
      if (k > 0) {
        EXPECT_GE(x.date, d.consultations[k - 1].date);
      }
      const std::size_t len = CodePointCount(x.content);
      EXPECT_GE(len, 200u) << x.content;
      EXPECT_LE(len, 800u) << x.content;
      min_content = std::min(min_content, len);
      max_content = std::max(max_content, len);
      EXPECT_EQ(x.content.find('{'), std::string::npos) << x.content;
      EXPECT_TRUE(Contains(c.worker_ids, x.author_id) || Contains(supervisors, x.author_id));
      ++methods[x.method];
    }

    // Notes: five by default, in order, after the receipt; corrections name an earlier one.
    ASSERT_EQ(d.notes.size(), 5u);
    std::set<std::string> earlier;
    for (std::size_t k = 0; k < d.notes.size(); ++k) {
      const Note& n = d.notes[k];
      EXPECT_TRUE(ValidateNote(n).ok());
      EXPECT_EQ(n.case_id, c.id);
      EXPECT_TRUE(ids.insert(n.id).second);
      EXPECT_GE(n.at, c.received_at);
      EXPECT_LE(n.at, kNow);
      if (k > 0) {
        EXPECT_GE(n.at, d.notes[k - 1].at);
      }
      EXPECT_TRUE(Contains(c.worker_ids, n.author_id)) << n.author_id;
      EXPECT_EQ(n.body.find('{'), std::string::npos) << n.body;
      if (n.corrects) {
        ++corrections;
        EXPECT_TRUE(earlier.count(*n.corrects)) << "corrects an earlier note of the case";
        EXPECT_NE(n.body.find("【訂正】"), std::string::npos) << n.body;
      }
      earlier.insert(n.id);
    }

    // Policies: by a supervisor, in order; valid as of the day they were decided.
    for (std::size_t k = 0; k < d.policies.size(); ++k) {
      const Policy& p = d.policies[k];
      const auto st = ValidatePolicy(p, Day(p.decided_at));
      EXPECT_TRUE(st.ok()) << st.error().field;
      EXPECT_EQ(p.case_id, c.id);
      EXPECT_TRUE(ids.insert(p.id).second);
      EXPECT_TRUE(Contains(supervisors, p.decided_by)) << p.decided_by;
      EXPECT_GE(p.decided_at, c.received_at);
      EXPECT_LE(p.decided_at, kNow);
      if (k > 0) {
        EXPECT_GE(p.decided_at, d.policies[k - 1].decided_at);
      }
      EXPECT_EQ(p.body.find('{'), std::string::npos) << p.body;
    }
    EXPECT_FALSE(d.policies.empty());
  }

  // A realistic mix.
  for (const char* s : {"received", "investigating", "supporting", "closed", "transferred"}) {
    EXPECT_GT(statuses[s], 0) << s;
  }
  EXPECT_GT(statuses["closed"], statuses["received"]);
  EXPECT_GT(types["abuse"], 60);
  EXPECT_GT(types.size(), 10u);
  EXPECT_GT(witnessed_dv, 5);
  EXPECT_GT(multi_abuse, 0);
  EXPECT_GT(yotaikyo, 30);
  EXPECT_GT(routes.size(), 12u);
  EXPECT_GT(routes["police"], 10);
  EXPECT_EQ(methods.size(), 7u);
  EXPECT_GT(foreign, 10);
  EXPECT_GT(expectant, 2);
  EXPECT_GT(consulters, 2);
  EXPECT_GT(corrections, 10);
  for (int age = 0; age < 18; ++age) {
    EXPECT_GT(child_ages[static_cast<std::size_t>(age)], 0) << "children of every age: " << age;
  }
  EXPECT_LT(earliest, kToday.AddDays(-900)) << "receipts spread over about three years";
  EXPECT_LT(min_content, 350u);
  EXPECT_GT(max_content, 500u);
}

TEST(MakeCaseTest, SameSeedSameCaseOtherSeedOtherCase) {
  const auto staff = Staff();
  Rng a(99), b(99), c(100);
  for (int i = 0; i < 50; ++i) {
    const std::string da = Dump(MakeCase(a, "shinjuku", kNow, staff));
    EXPECT_EQ(da, Dump(MakeCase(b, "shinjuku", kNow, staff))) << i;
    EXPECT_NE(da, Dump(MakeCase(c, "shinjuku", kNow, staff))) << i;
  }
}

TEST(MakeCaseTest, DrawsExactlyOneNumberFromTheCallersStream) {
  const auto staff = Staff();
  Rng rng(5), reference(5);
  (void)MakeCase(rng, "shinjuku", kNow, staff);
  (void)reference.Next();
  EXPECT_EQ(rng.Next(), reference.Next());
}

TEST(MakeCaseTest, OptionsAreHonoured) {
  const auto staff = Staff();
  Rng rng(7);
  int n = 0;
  CaseOptions options;
  options.new_id = [&n](std::string_view prefix) {
    return std::string(prefix) + "_" + std::to_string(++n);
  };
  for (int notes : {0, 1, 2, 10}) {
    options.notes_per_case = notes;
    for (int i = 0; i < 20; ++i) {
      const Date wanted = kToday.AddDays(-37 * i);
      options.received_on = wanted;
      const DummyCase d = MakeCase(rng, "tenant-x", kNow, staff, options);
      EXPECT_EQ(d.notes.size(), static_cast<std::size_t>(notes));
      EXPECT_EQ(d.case_file.id.rfind("cas_", 0), 0u);
      // The day asked for, unless the child was not yet born then.
      const Date day0 = Day(d.case_file.received_at);
      if (day0 != wanted) {
        const Person* self = nullptr;
        for (const Person& p : d.people) {
          if (p.relationship == "self") self = &p;
        }
        ASSERT_NE(self, nullptr);
        EXPECT_GT(*self->birth_date, wanted);
      }
      // Another tenant: the generic ward.
      EXPECT_NE(d.people.front().address.find("テスト区"), std::string::npos);
    }
  }
  // A day outside the window is brought into it.
  options.received_on = kToday.AddDays(-5000);
  EXPECT_GE(Day(MakeCase(rng, "shinjuku", kNow, staff, options).case_file.received_at),
            kToday.AddDays(-1095));
  options.received_on = kToday.AddDays(30);
  EXPECT_LE(MakeCase(rng, "shinjuku", kNow, staff, options).case_file.received_at, kNow);
}

TEST(MakeCaseTest, WithoutSupervisorsThereAreNoPolicies) {
  const std::vector<UnitStaff> staff = {{"c1", {"usr_a"}, {}}};
  Rng rng(11);
  for (int i = 0; i < 30; ++i) {
    const DummyCase d = MakeCase(rng, "shinjuku", kNow, staff);
    EXPECT_TRUE(d.policies.empty());
    EXPECT_EQ(d.case_file.worker_ids, std::vector<std::string>{"usr_a"});
  }
}

}  // namespace
}  // namespace yorisoi::dummy
