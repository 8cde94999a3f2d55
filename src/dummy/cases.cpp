#include "dummy/cases.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "core/date.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/validation.hpp"
#include "dummy/addresses.hpp"
#include "dummy/case_texts.hpp"
#include "dummy/names.hpp"
#include "dummy/people.hpp"
#include "dummy/schools.hpp"
#include "ja/school_year.hpp"

namespace yorisoi::dummy {
namespace {

using domain::CaseFile;
using domain::CodeCatalog;
using domain::CodeEntry;
using domain::CodePointCount;
using domain::Consultation;
using domain::Note;
using domain::Person;
using domain::Policy;

using core::Date;
using core::TimePoint;
using texts::RouteGroup;
using texts::Theme;
using SV = std::string_view;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kJstOffsetMs = 9 * 60 * kMinuteMs;  // JST is UTC+9 all year

constexpr std::size_t kMinContent = 200;  // code points of a consultation's content
constexpr std::size_t kMaxContent = 800;

// ---------------------------------------------------------------------------------------------
// Time

TimePoint AtJst(Date day, int minute_of_day) {
  return core::FromUnixMillis(day.DaysSinceEpoch() * kDayMs + int64_t{minute_of_day} * kMinuteMs -
                              kJstOffsetMs);
}

int64_t DaysBetween(Date from, Date to) { return to.DaysSinceEpoch() - from.DaysSinceEpoch(); }

TimePoint PlusMinutes(TimePoint t, int64_t minutes) {
  return t + std::chrono::milliseconds(minutes * kMinuteMs);
}

std::string MonthDay(Date d) {
  return std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

// ---------------------------------------------------------------------------------------------
// Templates

class Vars {
 public:
  void Set(SV key, std::string value) {
    for (auto& [k, v] : vars_) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    vars_.emplace_back(key, std::move(value));
  }

  // The template with every {key} replaced; nullopt when a key has no value (or an empty one).
  // {?key} writes nothing and only requires that key to have a value: a condition such as
  // {?talks} (the child is old enough to say things) or {?sib} (the child has a sibling).
  std::optional<std::string> Fill(SV tmpl) const {
    std::string out;
    out.reserve(tmpl.size() + 64);
    std::size_t i = 0;
    while (i < tmpl.size()) {
      const std::size_t open = tmpl.find('{', i);
      if (open == SV::npos) {
        out.append(tmpl.substr(i));
        break;
      }
      const std::size_t close = tmpl.find('}', open);
      if (close == SV::npos) return std::nullopt;
      out.append(tmpl.substr(i, open - i));
      SV key = tmpl.substr(open + 1, close - open - 1);
      const bool condition = !key.empty() && key.front() == '?';
      if (condition) key.remove_prefix(1);
      const std::string* value = Get(key);
      if (value == nullptr || value->empty()) return std::nullopt;
      if (!condition) out.append(*value);
      i = close + 1;
    }
    return out;
  }

 private:
  const std::string* Get(SV key) const {
    for (const auto& [k, v] : vars_) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  std::vector<std::pair<SV, std::string>> vars_;
};

bool Has(const std::vector<SV>* list, SV t) {
  return list != nullptr && std::find(list->begin(), list->end(), t) != list->end();
}

// A template of `pool` that fills and is not in `used` (which it then joins), preferring one not
// in `seen` either (what earlier records of the case already said); with fresh_only, only such
// a one. nullopt when none fits.
std::optional<std::string> PickFilled(Rng& rng, std::span<const SV> pool, const Vars& vars,
                                      std::vector<SV>* used = nullptr,
                                      const std::vector<SV>* seen = nullptr,
                                      bool fresh_only = false) {
  if (pool.empty()) return std::nullopt;
  const std::size_t start = rng.Index(pool.size());
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1 && (seen == nullptr || fresh_only)) break;
    for (std::size_t k = 0; k < pool.size(); ++k) {
      const SV t = pool[(start + k) % pool.size()];
      if (Has(used, t) || (pass == 0 && Has(seen, t))) continue;
      if (auto s = vars.Fill(t)) {
        if (used != nullptr) used->push_back(t);
        return s;
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Words for people

SV RelationLabel(SV rel) {
  static constexpr std::pair<SV, SV> kLabels[] = {
      {"biological_father", "父"},
      {"biological_mother", "母"},
      {"stepfather", "継父"},
      {"stepmother", "継母"},
      {"mothers_partner", "母の交際相手"},
      {"adoptive_father", "養父"},
      {"adoptive_mother", "養母"},
      {"grandfather", "祖父"},
      {"grandmother", "祖母"},
      {"uncle", "おじ"},
      {"aunt", "おば"},
      {"older_brother", "兄"},
      {"older_sister", "姉"},
      {"younger_brother", "弟"},
      {"younger_sister", "妹"},
      {"self", "本児"},
  };
  for (const auto& [code, label] : kLabels) {
    if (code == rel) return label;
  }
  return "親族";
}

// As in a household summary: 実父/実母 rather than 父/母.
SV HouseholdLabel(SV rel) {
  if (rel == "biological_father") return "実父";
  if (rel == "biological_mother") return "実母";
  return RelationLabel(rel);
}

// How a child calls this adult.
SV ChildCalls(SV rel) {
  if (rel == "biological_father" || rel == "stepfather" || rel == "adoptive_father") {
    return "お父さん";
  }
  if (rel == "biological_mother" || rel == "stepmother" || rel == "adoptive_mother") {
    return "お母さん";
  }
  if (rel == "mothers_partner") return "ママの彼氏";
  if (rel == "grandmother") return "おばあちゃん";
  if (rel == "grandfather") return "おじいちゃん";
  return "おとな";
}

bool IsMotherFigure(SV rel) {
  return rel == "biological_mother" || rel == "stepmother" || rel == "adoptive_mother" ||
         rel == "grandmother";
}
bool IsFatherFigure(SV rel) {
  return rel == "biological_father" || rel == "stepfather" || rel == "mothers_partner" ||
         rel == "adoptive_father" || rel == "grandfather";
}

// The work of an adult as a short phrase for prose: "パート勤務", "会社員",
// "無職で生活保護を受給中".
std::string WorkPhrase(SV w) {
  auto has = [&](SV part) { return w.find(part) != SV::npos; };
  if (w.empty()) return {};
  if (has("生活保護")) return "無職で生活保護を受給中";
  if (has("求職中")) return "求職中";
  if (has("年金生活")) return "年金生活";
  if (has("就労不可")) return "就労できない状況";
  if (has("専業主婦")) return "専業主婦";
  if (has("専業主夫")) return "専業主夫";
  if (has("（留学）")) return "留学生";
  if (has("技能実習")) return "技能実習生として就労";
  if (has("育成就労")) return "育成就労で就労";
  if (has("特定技能")) return "特定技能で就労";
  if (has("資格外活動")) return "パート勤務";
  if (has("（パート）")) return "パート勤務";
  if (has("（アルバイト）")) return "アルバイト勤務";
  if (has("正社員")) return "会社員";
  if (has("契約社員")) return "契約社員";
  if (has("派遣社員")) return "派遣社員";
  if (has("代表取締役")) return "会社経営";
  if (has("（経営）")) return "飲食店を経営";
  if (has("自営業")) return "自営業";
  if (has("日雇い")) return "日雇いで就労";
  if (has("夜間勤務") || has("深夜勤務")) return "夜間に飲食店で勤務";
  if (has("調理師")) return "調理師";
  if (has("介護福祉士")) return "介護職";
  if (has("（教員）")) return "大学教員";
  if (has("講師")) return "英会話講師";
  if (has("外国語指導助手")) return "外国語指導助手";
  if (has("軍属")) return "米軍関係の仕事に従事";
  if (w == "無職") return "無職";
  if (w == "不明") return "就労状況不明";
  return "就労中";
}

// Whether the phrase of WorkPhrase means paid work.
bool IsJob(SV phrase) {
  static constexpr SV kNoJob[] = {
      "",         "無職",     "無職で生活保護を受給中", "求職中", "年金生活", "就労できない状況",
      "専業主婦", "専業主夫", "就労状況不明",           "留学生"};
  return std::find(std::begin(kNoJob), std::end(kNoJob), phrase) == std::end(kNoJob);
}

// A child's age or stage for a summary: "生後5か月", "2歳", "年中", "小学3年", "17歳".
std::string ChildDescription(Date birth, Date on) {
  const int age = ja::AgeOn(birth, on);
  if (age < 1) {
    const int64_t months = DaysBetween(birth, on) / 30;
    return months < 1 ? std::string("生後1か月未満") : "生後" + std::to_string(months) + "か月";
  }
  const ja::SchoolGrade g = ja::GradeOn(birth, on);
  if (g.stage == ja::SchoolGrade::Stage::kBeyond ||
      (g.stage == ja::SchoolGrade::Stage::kPreschool && g.year <= -3) || g.label_ja.empty()) {
    return std::to_string(age) + "歳";
  }
  return g.label_ja;
}

SV Language(SV nationality) {
  static constexpr std::pair<SV, SV> kLanguages[] = {
      {"cn", "中国語"},         {"vn", "ベトナム語"},   {"kr", "韓国語"},
      {"ph", "タガログ語"},     {"br", "ポルトガル語"}, {"np", "ネパール語"},
      {"id", "インドネシア語"}, {"mm", "ミャンマー語"}, {"us", "英語"},
      {"th", "タイ語"},         {"pe", "スペイン語"},   {"in", "ヒンディー語"},
      {"lk", "シンハラ語"},     {"bd", "ベンガル語"},   {"pk", "ウルドゥー語"},
  };
  for (const auto& [code, lang] : kLanguages) {
    if (code == nationality) return lang;
  }
  return "英語";
}

std::string CodeLabel(SV list, SV code) {
  const CodeEntry* e = CodeCatalog::BuiltIn().FindEntry(list, code);
  return e == nullptr ? std::string() : e->label;
}

// ---------------------------------------------------------------------------------------------
// 所属

bool IsSchoolKind(SV kind) {
  return kind == "elementary_school" || kind == "junior_high_school" ||
         kind == "compulsory_education_school" || kind == "high_school" ||
         kind == "special_needs_school";
}
bool IsNurseryKind(SV kind) { return kind == "nursery" || kind == "certified_childcare_center"; }

SV StaffOf(SV kind) {
  if (IsSchoolKind(kind)) return "担任";
  if (IsNurseryKind(kind)) return "担当保育士";
  if (kind == "kindergarten") return "担任教諭";
  return {};
}

SV PlaceOf(SV kind) {
  if (IsSchoolKind(kind)) return "学校";
  if (kind == "nursery") return "保育園";
  if (kind == "certified_childcare_center") return "こども園";
  if (kind == "kindergarten") return "幼稚園";
  return {};
}

// The part of childhood a date falls in, for telling whether the child has changed 所属 since.
enum class Stage { kBaby, kPreschool, kElementary, kJuniorHigh, kHighSchool, kBeyond };

Stage StageOn(Date birth, Date on) {
  const ja::SchoolGrade g = ja::GradeOn(birth, on);
  switch (g.stage) {
    case ja::SchoolGrade::Stage::kPreschool:
      return g.year <= -3 ? Stage::kBaby : Stage::kPreschool;
    case ja::SchoolGrade::Stage::kElementary:
      return Stage::kElementary;
    case ja::SchoolGrade::Stage::kJuniorHigh:
      return Stage::kJuniorHigh;
    case ja::SchoolGrade::Stage::kHighSchool:
      return Stage::kHighSchool;
    case ja::SchoolGrade::Stage::kBeyond:
      return Stage::kBeyond;
  }
  return Stage::kBeyond;
}

struct Affiliation {
  std::string kind;
  std::string name;
};

// ---------------------------------------------------------------------------------------------
// Kinds of case

struct ThemeRow {
  Theme theme;
  uint32_t weight;
  int min_age;
  int max_age;
};

// Shaped like a ward's caseload (市区町村の相談対応件数): abuse first, then 育成 and 障害.
constexpr ThemeRow kThemeRows[] = {
    {Theme::kPhysical, 14, 0, 17},     {Theme::kPsychological, 8, 0, 17},
    {Theme::kWitnessedDv, 12, 0, 17},  {Theme::kNeglect, 9, 0, 17},
    {Theme::kSexual, 1, 5, 17},        {Theme::kCareOther, 10, 0, 17},
    {Theme::kHealth, 3, 0, 5},         {Theme::kDisability, 4, 0, 17},
    {Theme::kDevelopmental, 8, 1, 14}, {Theme::kDelinquency, 3, 10, 17},
    {Theme::kTruancy, 6, 7, 15},       {Theme::kBehavior, 5, 3, 15},
    {Theme::kAptitude, 1, 12, 17},     {Theme::kParenting, 12, 0, 6},
    {Theme::kOther, 3, 0, 17},
};

struct RouteRow {
  SV code;
  uint32_t weight;
};

std::span<const RouteRow> RoutesFor(Theme theme) {
  static constexpr RouteRow kPhysical[] = {{"school", 24},
                                           {"nursery", 10},
                                           {"kindergarten", 4},
                                           {"police", 16},
                                           {"neighbor_acquaintance", 10},
                                           {"medical_institution", 7},
                                           {"family_abuser", 3},
                                           {"family_non_abuser", 6},
                                           {"child_guidance_center", 8},
                                           {"relative", 4},
                                           {"child_self", 4},
                                           {"municipal_health_center", 2},
                                           {"child_welfare_commissioner", 2}};
  static constexpr RouteRow kPsychological[] = {{"neighbor_acquaintance", 25},
                                                {"school", 18},
                                                {"nursery", 8},
                                                {"kindergarten", 2},
                                                {"police", 12},
                                                {"family_abuser", 4},
                                                {"family_non_abuser", 8},
                                                {"child_self", 6},
                                                {"child_guidance_center", 6},
                                                {"relative", 6},
                                                {"child_welfare_commissioner", 3}};
  static constexpr RouteRow kWitnessedDv[] = {{"police", 70},
                                              {"family_non_abuser", 12},
                                              {"child_guidance_center", 8},
                                              {"school", 5},
                                              {"welfare_office", 5}};
  static constexpr RouteRow kNeglect[] = {{"school", 22},
                                          {"nursery", 14},
                                          {"kindergarten", 3},
                                          {"municipal_health_center", 12},
                                          {"neighbor_acquaintance", 15},
                                          {"medical_institution", 5},
                                          {"welfare_office", 6},
                                          {"child_welfare_commissioner", 6},
                                          {"police", 7},
                                          {"child_guidance_center", 5},
                                          {"family_non_abuser", 3}};
  static constexpr RouteRow kSexual[] = {
      {"school", 45}, {"family_non_abuser", 20},     {"child_self", 10},
      {"police", 10}, {"child_guidance_center", 10}, {"medical_institution", 5}};
  static constexpr RouteRow kCareOther[] = {{"family", 50},
                                            {"relative", 8},
                                            {"welfare_office", 12},
                                            {"medical_institution", 8},
                                            {"municipal_health_center", 10},
                                            {"municipality_other", 8},
                                            {"child_guidance_center", 4}};
  static constexpr RouteRow kHealth[] = {
      {"family", 35}, {"municipal_health_center", 50}, {"medical_institution", 15}};
  static constexpr RouteRow kDisability[] = {{"family", 60},
                                             {"municipal_health_center", 12},
                                             {"nursery", 8},
                                             {"school", 10},
                                             {"medical_institution", 10}};
  static constexpr RouteRow kDevelopmental[] = {{"family", 50},  {"municipal_health_center", 15},
                                                {"nursery", 12}, {"kindergarten", 5},
                                                {"school", 15},  {"medical_institution", 3}};
  static constexpr RouteRow kDelinquency[] = {
      {"police", 55}, {"school", 25}, {"family", 15}, {"child_guidance_center", 5}};
  static constexpr RouteRow kTruancy[] = {
      {"family", 50}, {"school", 38}, {"child_self", 4}, {"board_of_education", 8}};
  static constexpr RouteRow kBehavior[] = {{"family", 50},
                                           {"school", 30},
                                           {"nursery", 12},
                                           {"kindergarten", 5},
                                           {"child_welfare_facility", 3}};
  static constexpr RouteRow kAptitude[] = {{"family", 60}, {"school", 30}, {"child_self", 10}};
  static constexpr RouteRow kParenting[] = {
      {"family", 70}, {"municipal_health_center", 18}, {"nursery", 8}, {"kindergarten", 4}};
  static constexpr RouteRow kOther[] = {{"family", 80}, {"municipality_other", 12}, {"other", 8}};
  static constexpr RouteRow kExpectant[] = {{"municipal_health_center", 45},
                                            {"medical_institution", 28},
                                            {"family", 12},
                                            {"welfare_office", 10},
                                            {"other", 5}};
  switch (theme) {
    case Theme::kPhysical:
      return kPhysical;
    case Theme::kPsychological:
      return kPsychological;
    case Theme::kWitnessedDv:
      return kWitnessedDv;
    case Theme::kNeglect:
      return kNeglect;
    case Theme::kSexual:
      return kSexual;
    case Theme::kCareOther:
      return kCareOther;
    case Theme::kHealth:
      return kHealth;
    case Theme::kDisability:
      return kDisability;
    case Theme::kDevelopmental:
      return kDevelopmental;
    case Theme::kDelinquency:
      return kDelinquency;
    case Theme::kTruancy:
      return kTruancy;
    case Theme::kBehavior:
      return kBehavior;
    case Theme::kAptitude:
      return kAptitude;
    case Theme::kParenting:
      return kParenting;
    case Theme::kOther:
      return kOther;
    case Theme::kExpectant:
      return kExpectant;
  }
  return kOther;
}

RouteGroup GroupOf(SV route, Theme theme) {
  if (route == "police") return RouteGroup::kPolice;
  if (route == "school" || route == "nursery" || route == "kindergarten") {
    return RouteGroup::kAffiliation;
  }
  if (route == "neighbor_acquaintance" || route == "child_welfare_commissioner") {
    return RouteGroup::kNeighbor;
  }
  if (route == "family" || route == "family_abuser") return RouteGroup::kSelf;
  if (route == "family_non_abuser") {
    // In 面前DV and 性的虐待 the main guardian is the one who is not the abuser.
    return theme == Theme::kWitnessedDv || theme == Theme::kSexual ? RouteGroup::kSelf
                                                                   : RouteGroup::kOtherParent;
  }
  if (route == "relative" || route == "child_self" || route == "other") return RouteGroup::kAny;
  return RouteGroup::kAgency;
}

// ---------------------------------------------------------------------------------------------
// The builder

class CaseBuilder {
 public:
  CaseBuilder(uint64_t seed, SV tenant_id, TimePoint now, std::span<const UnitStaff> units,
              const CaseOptions& options)
      : base_(seed),
        family_rng_(base_.Fork("family")),
        story_rng_(base_.Fork("story")),
        time_rng_(base_.Fork("time")),
        text_rng_(base_.Fork("text")),
        staff_rng_(base_.Fork("staff")),
        ids_rng_(base_.Fork("ids")),
        tenant_id_(tenant_id),
        ward_(WardFor(tenant_id)),
        now_(now),
        today_(Date::TodayInJapan(now)),
        units_(units),
        options_(options) {}

  DummyCase Build();

 private:
  // --- steps
  Date DrawReceivedDay();
  void MakeMembers(Date& day0);
  void ChooseTheme();
  void ChooseRoles();
  void ChooseRoute();
  void ChooseStaff();
  void SetCaseVars();
  void FillCaseFile();
  void AddPeople();
  void AddConsultations();
  void AddNotes();
  void AddPolicies();

  // --- helpers
  std::string NewId(SV prefix);
  TimePoint Clamp(TimePoint t) const { return std::min(t, now_); }
  TimePoint NotBefore(TimePoint t, TimePoint floor) const { return std::max(t, floor); }
  // A time on `day` in office hours (or later than `floor` on its day), never after now.
  TimePoint OfficeTime(Date day, TimePoint floor);
  const DummyPerson& Principal() const { return members_[principal_]; }
  const DummyPerson& Member(int i) const { return members_[static_cast<std::size_t>(i)]; }
  int PrincipalAge(Date on) const { return ja::AgeOn(Principal().birth_date, on); }
  Affiliation AffiliationOn(Date on);
  Vars VarsOn(Date on);
  std::string Household(Date on);
  std::string Author(bool supervisor_ok);
  std::string ConsultationContent(std::size_t index, Date day, SV method);
  SV ConsultationMethod(bool intake, Date day);

  Rng base_;
  Rng family_rng_, story_rng_, time_rng_, text_rng_, staff_rng_, ids_rng_;
  SV tenant_id_;
  const Ward& ward_;
  TimePoint now_;
  Date today_;
  std::span<const UnitStaff> units_;
  const CaseOptions& options_;

  // The people.
  bool expectant_ = false;
  FamilyStructure structure_ = FamilyStructure::kTwoParents;
  std::vector<DummyPerson> members_;
  std::size_t principal_ = 0;
  int key_ = -1;      // main guardian ({g})
  int partner_ = -1;  // other guardian of a couple ({p2})
  int abuser_ = -1;   // {ab}
  int sibling_ = -1;  // a sibling ({sib})
  int week_ = 0;      // pregnancy week at the receipt (特定妊婦)

  // The story.
  Theme theme_ = Theme::kOther;
  std::string type_code_;
  std::vector<std::string> abuse_types_;
  bool witnessed_dv_ = false;
  std::string route_;
  RouteGroup group_ = RouteGroup::kAny;
  std::string status_ = "received";
  bool to_guidance_center_ = false;  // a transfer goes to the 児童相談所 (else: the family moved)
  SV relative_ = "grandmother";      // the relative who consulted (route relative)
  Date day0_;
  Date last_day_;  // the last day with activity: the closing day, or today
  TimePoint received_at_;
  std::array<std::optional<Affiliation>, 6> past_affiliations_;

  // The staff.
  const UnitStaff* unit_ = nullptr;
  std::vector<std::string> workers_;
  std::vector<std::string> supervisors_;

  Vars case_vars_;
  std::vector<SV> said_;   // templates used by the case's consultations so far
  std::vector<SV> noted_;  // ... and by its notes
  DummyCase out_;
};

std::string CaseBuilder::NewId(SV prefix) {
  if (options_.new_id) return options_.new_id(prefix);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id.push_back('_');
  for (int half = 0; half < 2; ++half) {
    uint64_t bits = ids_rng_.Next();
    for (int i = 0; i < 12; ++i) {
      id.push_back(kHex[bits & 0xF]);
      bits >>= 4;
    }
  }
  return id;
}

TimePoint CaseBuilder::OfficeTime(Date day, TimePoint floor) {
  TimePoint t = AtJst(day, time_rng_.Uniform(8 * 60 + 30, 19 * 60));
  if (t <= floor) t = PlusMinutes(floor, time_rng_.Uniform(5, 90));
  return NotBefore(Clamp(t), floor);
}

Date CaseBuilder::DrawReceivedDay() {
  const int history = std::max(0, options_.history_days);
  const Date earliest = today_.AddDays(-history);
  if (options_.received_on) return std::clamp(*options_.received_on, earliest, today_);
  return today_.AddDays(-time_rng_.Uniform(0, history));
}

void CaseBuilder::MakeMembers(Date& day0) {
  if (expectant_) {
    // Someone at least 15 on the receiving day.
    DummyPerson mother;
    for (int attempt = 0; attempt < 16; ++attempt) {
      mother = MakeExpectantMother(family_rng_, tenant_id_, today_);
      if (ja::AgeOn(mother.birth_date, day0) >= 15) break;
    }
    members_.push_back(std::move(mother));
    principal_ = 0;
    week_ = story_rng_.Uniform(8, 30);
    DummyPerson& p = members_.front();
    // Her health as recorded at the receipt (people.cpp writes the week as of today).
    static constexpr SV kNotes[] = {"", "", "（妊婦健診未受診）", "（つわりが重い）",
                                    "（精神科通院歴あり）"};
    p.health =
        "妊娠" + std::to_string(week_) + "週（受理時）" + std::string(story_rng_.Pick(kNotes));
    return;
  }
  // A family whose 本人 was already born on the receiving day.
  DummyFamily family;
  for (int attempt = 0; attempt < 16; ++attempt) {
    family = MakeFamily(family_rng_, tenant_id_, today_);
    if (family.members[family.principal].birth_date <= day0) break;
  }
  structure_ = family.structure;
  members_ = std::move(family.members);
  principal_ = family.principal;
  const Date birth = Principal().birth_date;
  if (birth > day0) day0 = birth.AddDays(time_rng_.Uniform64(0, DaysBetween(birth, today_)));
}

void CaseBuilder::ChooseRoles() {
  int mother = -1;
  int father = -1;
  std::vector<int> guardians;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const DummyPerson& m = members_[i];
    if (m.role != "guardian") continue;
    guardians.push_back(static_cast<int>(i));
    if (mother < 0 && IsMotherFigure(m.relationship)) mother = static_cast<int>(i);
    if (father < 0 && IsFatherFigure(m.relationship)) father = static_cast<int>(i);
  }
  key_ = mother >= 0 ? mother : (father >= 0 ? father : (guardians.empty() ? -1 : guardians[0]));
  auto other_than = [&](int who) {
    for (int g : guardians) {
      if (g != who) return g;
    }
    return -1;
  };
  switch (theme_) {
    case Theme::kPhysical:
    case Theme::kPsychological:
      if (father >= 0 && (mother < 0 || story_rng_.Chance(0.5))) key_ = father;
      abuser_ = key_;
      break;
    case Theme::kNeglect:
      if (father >= 0 && (mother < 0 || story_rng_.Chance(0.2))) key_ = father;
      abuser_ = key_;
      break;
    case Theme::kWitnessedDv:
    case Theme::kSexual:
      key_ = mother;
      abuser_ = father;
      break;
    default:
      break;
  }
  partner_ = theme_ == Theme::kWitnessedDv || theme_ == Theme::kSexual ? father : other_than(key_);
  // The sibling nearest in age, born by the receiving day.
  int64_t best = -1;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const DummyPerson& m = members_[i];
    if (m.role != "child" || i == principal_ || m.birth_date > day0_) continue;
    const int64_t gap = std::abs(DaysBetween(m.birth_date, Principal().birth_date));
    if (best < 0 || gap < best) {
      best = gap;
      sibling_ = static_cast<int>(i);
    }
  }
}

void CaseBuilder::ChooseTheme() {
  if (expectant_) {
    theme_ = Theme::kExpectant;
    type_code_ = story_rng_.Chance(0.7) ? "care_other" : "health";
    return;
  }
  const int age = PrincipalAge(day0_);
  bool couple = false;
  bool mother = false;
  bool father = false;
  for (const DummyPerson& m : members_) {
    if (m.role != "guardian") continue;
    mother = mother || (IsMotherFigure(m.relationship) && m.relationship != "grandmother");
    father = father || (IsFatherFigure(m.relationship) && m.relationship != "grandfather");
  }
  couple = mother && father;
  std::vector<uint32_t> weights;
  weights.reserve(std::size(kThemeRows));
  for (const ThemeRow& row : kThemeRows) {
    bool ok = age >= row.min_age && age <= row.max_age;
    if ((row.theme == Theme::kWitnessedDv || row.theme == Theme::kSexual) && !couple) ok = false;
    weights.push_back(ok ? row.weight : 0);
  }
  theme_ = kThemeRows[story_rng_.WeightedIndex(weights)].theme;

  switch (theme_) {
    case Theme::kPhysical:
    case Theme::kPsychological:
    case Theme::kWitnessedDv:
    case Theme::kNeglect:
    case Theme::kSexual: {
      type_code_ = "abuse";
      const SV primary = theme_ == Theme::kPhysical  ? "physical"
                         : theme_ == Theme::kNeglect ? "neglect"
                         : theme_ == Theme::kSexual  ? "sexual"
                                                     : "psychological";
      abuse_types_.emplace_back(primary);
      witnessed_dv_ = theme_ == Theme::kWitnessedDv;
      // Now and then a second type applies as well.
      if (story_rng_.Chance(0.12)) {
        if (primary == "physical" || primary == "neglect") {
          abuse_types_.emplace_back("psychological");
        } else if (witnessed_dv_) {
          abuse_types_.emplace_back("physical");
        } else if (primary == "psychological") {
          abuse_types_.emplace_back("neglect");
        }
      }
      break;
    }
    case Theme::kCareOther:
      type_code_ = "care_other";
      break;
    case Theme::kHealth:
      type_code_ = "health";
      break;
    case Theme::kDisability: {
      static constexpr WeightedItem<SV> kKinds[] = {{"disability_physical", 3},
                                                    {"disability_sensory", 1},
                                                    {"disability_severe", 1},
                                                    {"disability_intellectual", 4}};
      type_code_ = std::string(story_rng_.Weighted(kKinds));
      break;
    }
    case Theme::kDevelopmental:
      type_code_ =
          age <= 8 && story_rng_.Chance(0.3) ? "disability_speech" : "disability_developmental";
      break;
    case Theme::kDelinquency:
      // 触法 is an act by a child under 14; ぐ犯 may be at any age.
      type_code_ = age < 14 && story_rng_.Chance(0.6) ? "delinquency_offense" : "delinquency_prone";
      break;
    case Theme::kTruancy:
      type_code_ = "upbringing_truancy";
      break;
    case Theme::kBehavior:
      type_code_ = "upbringing_behavior";
      break;
    case Theme::kAptitude:
      type_code_ = "upbringing_aptitude";
      break;
    case Theme::kParenting:
      type_code_ = "upbringing_parenting";
      break;
    case Theme::kOther:
    case Theme::kExpectant:
      type_code_ = "other";
      break;
  }

  // The child's health as the kind of case implies it.
  DummyPerson& child = members_[principal_];
  const SV place = story_rng_.Pick(ward_.place_words);
  auto set_health = [&](SV health, SV clinic_suffix) {
    child.health = std::string(health);
    child.clinic = std::string(place) + std::string(clinic_suffix);
  };
  if (type_code_ == "disability_physical") {
    set_health("脳性まひ（身体障害者手帳2級）", "こども療育センター");
  } else if (type_code_ == "disability_sensory") {
    set_health(story_rng_.Chance(0.6) ? "難聴（補聴器使用）" : "弱視", "こども病院");
  } else if (type_code_ == "disability_severe") {
    set_health("重症心身障害（医療的ケアあり）", "こども病院");
  } else if (type_code_ == "disability_intellectual") {
    set_health(story_rng_.Chance(0.5) ? "知的障害（療育手帳B）" : "知的障害の疑い",
               "こども発達クリニック");
  } else if (type_code_ == "disability_speech") {
    set_health("言葉の遅れの指摘あり", "こども発達クリニック");
  } else if (type_code_ == "disability_developmental") {
    static constexpr SV kDiagnoses[] = {"ADHDの診断あり", "自閉スペクトラム症の診断あり",
                                        "発達の遅れの指摘あり", "学習障害（LD）の疑い"};
    set_health(story_rng_.Pick(kDiagnoses), "こども発達クリニック");
  }
}

void CaseBuilder::ChooseRoute() {
  const int age = PrincipalAge(day0_);
  const Affiliation aff = AffiliationOn(day0_);
  std::vector<uint32_t> weights;
  const auto routes = RoutesFor(theme_);
  for (const RouteRow& r : routes) {
    bool ok = true;
    if (r.code == "school") ok = IsSchoolKind(aff.kind) && !aff.name.empty();
    if (r.code == "nursery") ok = IsNurseryKind(aff.kind) && !aff.name.empty();
    if (r.code == "kindergarten") ok = aff.kind == "kindergarten" && !aff.name.empty();
    if (r.code == "child_self") ok = age >= 8;
    if (r.code == "municipal_health_center") ok = age <= 5 || expectant_;
    if (r.code == "family_non_abuser") {
      ok = GroupOf(r.code, theme_) == RouteGroup::kSelf ? key_ >= 0 : partner_ >= 0;
    }
    if (r.code == "family" || r.code == "family_abuser") ok = key_ >= 0 || expectant_;
    weights.push_back(ok ? r.weight : 0);
  }
  uint64_t total = 0;
  for (uint32_t w : weights) total += w;
  route_ = total == 0 ? "other" : std::string(routes[story_rng_.WeightedIndex(weights)].code);
  group_ = GroupOf(route_, theme_);
}

void CaseBuilder::ChooseStaff() {
  std::vector<const UnitStaff*> staffed;
  for (const UnitStaff& u : units_) {
    if (!u.caseworker_ids.empty() || !u.supervisor_ids.empty()) staffed.push_back(&u);
  }
  unit_ = staffed.empty() ? &units_[staff_rng_.Index(units_.size())]
                          : staffed[staff_rng_.Index(staffed.size())];
  std::vector<std::string> pool = unit_->caseworker_ids;
  if (pool.empty()) pool = unit_->supervisor_ids;
  for (const UnitStaff& u : units_) {
    if (!pool.empty()) break;
    pool = u.caseworker_ids;
  }
  for (const UnitStaff& u : units_) {
    if (!pool.empty()) break;
    pool = u.supervisor_ids;
  }
  if (!pool.empty()) {
    const std::size_t first = staff_rng_.Index(pool.size());
    workers_.push_back(pool[first]);
    if (pool.size() > 1 && staff_rng_.Chance(0.3)) {
      workers_.push_back(pool[(first + 1 + staff_rng_.Index(pool.size() - 1)) % pool.size()]);
    }
  }
  supervisors_ = unit_->supervisor_ids;
  for (const UnitStaff& u : units_) {
    if (!supervisors_.empty()) break;
    supervisors_ = u.supervisor_ids;
  }
}

std::string CaseBuilder::Author(bool supervisor_ok) {
  if (supervisor_ok && !supervisors_.empty() && staff_rng_.Chance(0.3)) {
    return staff_rng_.Pick(supervisors_);
  }
  if (workers_.empty()) return {};
  return workers_.size() > 1 && staff_rng_.Chance(0.3) ? workers_[1] : workers_[0];
}

Affiliation CaseBuilder::AffiliationOn(Date on) {
  const DummyPerson& p = Principal();
  if (expectant_) return {p.affiliation_kind, p.affiliation_name};
  const Stage then = StageOn(p.birth_date, on);
  if (then == StageOn(p.birth_date, today_)) return {p.affiliation_kind, p.affiliation_name};
  // A child now in a nursery was usually there in the years before too.
  if ((then == Stage::kBaby || then == Stage::kPreschool) && IsNurseryKind(p.affiliation_kind)) {
    return {p.affiliation_kind, p.affiliation_name};
  }
  std::optional<Affiliation>& past = past_affiliations_[static_cast<std::size_t>(then)];
  if (!past) {
    Rng rng = base_.Fork("past-affiliation");
    for (int i = 0; i < static_cast<int>(then); ++i) rng.Next();
    SV kind = "other";
    switch (then) {
      case Stage::kBaby:
        kind = rng.Chance(0.5) ? SV("nursery") : SV("not_enrolled");
        break;
      case Stage::kPreschool: {
        static constexpr WeightedItem<SV> kKinds[] = {
            {"nursery", 45}, {"kindergarten", 40}, {"certified_childcare_center", 15}};
        kind = rng.Weighted(kKinds);
        break;
      }
      case Stage::kElementary:
        kind = "elementary_school";
        break;
      case Stage::kJuniorHigh:
        kind = "junior_high_school";
        break;
      case Stage::kHighSchool:
        kind = "high_school";
        break;
      case Stage::kBeyond:
        kind = "other";
        break;
    }
    past = Affiliation{std::string(kind), std::string(PickSchool(rng, tenant_id_, kind))};
  }
  return *past;
}

void CaseBuilder::SetCaseVars() {
  Vars& v = case_vars_;
  auto person = [&](int i) -> const DummyPerson* {
    return i >= 0 ? &members_[static_cast<std::size_t>(i)] : nullptr;
  };
  std::string work;
  if (expectant_) {
    v.Set("g", "本人");
    work = WorkPhrase(Principal().workplace);
  } else if (const DummyPerson* g = person(key_)) {
    v.Set("g", std::string(RelationLabel(g->relationship)));
    v.Set("gcall", std::string(ChildCalls(g->relationship)));
    work = WorkPhrase(g->workplace);
  }
  if (IsJob(work)) v.Set("gjob", work);
  v.Set("gwork", std::move(work));
  if (!expectant_) v.Set("kid", "1");
  if (const DummyPerson* p2 = person(partner_)) {
    v.Set("p2", std::string(RelationLabel(p2->relationship)));
  }
  if (const DummyPerson* ab = person(abuser_)) {
    v.Set("ab", std::string(RelationLabel(ab->relationship)));
    v.Set("abcall", std::string(ChildCalls(ab->relationship)));
  }
  if (const DummyPerson* sib = person(sibling_)) {
    v.Set("sib", std::string(RelationLabel(sib->relationship)));
  }
  const DummyPerson& child = Principal();
  if (!expectant_ && child.health != "良好" && child.health != "特記事項なし" &&
      child.health != "不明") {
    v.Set("chealth", child.health);
  }
  v.Set("clinic", child.clinic);
  const DummyPerson* foreign = expectant_ ? &child : person(key_);
  if (foreign != nullptr && foreign->nationality != "jp") {
    v.Set("nat", CodeLabel("nationality", foreign->nationality));
    v.Set("rs", CodeLabel("residence_status", foreign->residence_status));
    v.Set("lang", std::string(Language(foreign->nationality)));
  }
  const SV police_place = text_rng_.Pick(ward_.place_words);
  v.Set("police", std::string(police_place) + "警察署");
  v.Set("hc", std::string(text_rng_.Pick(ward_.place_words)) + "保健センター");
  v.Set("hospital", std::string(text_rng_.Pick(ward_.place_words)) +
                        (text_rng_.Chance(0.5) ? "総合病院" : "病院"));
  static constexpr SV kParts[] = {"左頬", "右頬",   "額",         "右腕",     "左腕",
                                  "背中", "太もも", "首のあたり", "耳の後ろ", "すね"};
  static constexpr SV kInjuries[] = {"あざ", "赤い腫れ", "ひっかき傷", "擦り傷",
                                     "小さなやけどの痕"};
  v.Set("part", std::string(text_rng_.Pick(kParts)));
  v.Set("injury", std::string(text_rng_.Pick(kInjuries)));
  v.Set("week", std::to_string(week_));
  static constexpr SV kCheckups[] = {"定期的に受けている", "一度も受けていない",
                                     "初回のみ受診している"};
  v.Set("checkup", std::string(text_rng_.Pick(kCheckups)));
  v.Set("month", std::to_string(day0_.AddDays(-text_rng_.Uniform(20, 120)).month) + "月");

  // Who brought the case.
  std::string from;
  const Affiliation aff = AffiliationOn(day0_);
  if (group_ == RouteGroup::kAffiliation) {
    from = aff.name + "の" + std::string(StaffOf(aff.kind));
  } else if (route_ == "police") {
    from = std::string(police_place) + "警察署";
  } else if (route_ == "neighbor_acquaintance") {
    from = text_rng_.Chance(0.7) ? "近隣住民（匿名希望）" : "本児の同級生の保護者";
  } else if (route_ == "child_welfare_commissioner") {
    from = "地区担当の民生・児童委員";
  } else if (group_ == RouteGroup::kSelf) {
    from = expectant_ ? std::string("本人") : std::string(RelationLabel(Member(key_).relationship));
  } else if (group_ == RouteGroup::kOtherParent) {
    from = std::string(RelationLabel(Member(partner_).relationship));
  } else if (route_ == "relative") {
    static constexpr WeightedItem<SV> kRelatives[] = {
        {"grandmother", 60}, {"aunt", 25}, {"uncle", 15}};
    relative_ = text_rng_.Weighted(kRelatives);
    from = relative_ == "grandmother" ? "別居の祖母"
                                      : "本児の" + std::string(RelationLabel(relative_));
  } else if (route_ == "child_self") {
    from = "本児";
  } else if (route_ == "welfare_office") {
    from = "福祉事務所の生活保護担当ケースワーカー";
  } else if (route_ == "municipal_health_center") {
    from = case_vars_.Fill("{hc}の地区担当保健師").value_or("保健師");
  } else if (route_ == "public_health_center") {
    from = "保健所の保健師";
  } else if (route_ == "medical_institution") {
    from = case_vars_.Fill("{hospital}の医療ソーシャルワーカー").value_or("医療機関");
  } else if (route_ == "child_guidance_center") {
    from = "児童相談所";
  } else if (route_ == "board_of_education") {
    from = "教育委員会の指導主事";
  } else if (route_ == "municipality_other") {
    from = "区の子育て支援課";
  } else if (route_ == "child_welfare_facility") {
    from = std::string(text_rng_.Pick(ward_.place_words)) + "児童館の職員";
  } else {
    static constexpr SV kOthers[] = {"本児の通う学習塾の講師", "子ども支援団体の職員"};
    static constexpr SV kExpectantOthers[] = {"妊娠相談窓口の相談員", "本人の知人"};
    from = std::string(expectant_ ? text_rng_.Pick(kExpectantOthers) : text_rng_.Pick(kOthers));
  }
  v.Set("from", from);
}

Vars CaseBuilder::VarsOn(Date on) {
  Vars v = case_vars_;
  const DummyPerson& child = Principal();
  const int age = PrincipalAge(on);
  if (!expectant_) {
    // Conditions of the templates ({?talks} ...), by the child's age on the day.
    auto flag = [&](SV key, bool on_day) { v.Set(key, on_day ? "1" : ""); };
    flag("infant", age <= 1);
    flag("baby", age <= 2);
    flag("toddler", age >= 1 && age <= 3);
    flag("small", age <= 5);
    flag("talks", age >= 4);
    flag("schoolage", age >= 6);
    flag("teen", age >= 12);
    v.Set("age", age < 1 ? ChildDescription(child.birth_date, on) : std::to_string(age) + "歳");
    const ja::SchoolGrade g = ja::GradeOn(child.birth_date, on);
    const bool graded = g.stage != ja::SchoolGrade::Stage::kBeyond &&
                        !(g.stage == ja::SchoolGrade::Stage::kPreschool && g.year <= -3);
    if (graded) v.Set("grade", g.label_ja);
  } else {
    v.Set("age", std::to_string(age) + "歳");
  }
  if (!expectant_) {
    const Affiliation aff = AffiliationOn(on);
    if (!aff.name.empty()) {
      v.Set("school", aff.name);
      v.Set("staff", std::string(StaffOf(aff.kind)));
      v.Set("place", std::string(PlaceOf(aff.kind)));
    }
  }
  if (key_ >= 0 && !expectant_) {
    v.Set("gage", std::to_string(ja::AgeOn(Member(key_).birth_date, on)) + "歳");
  }
  v.Set("date", MonthDay(on));
  v.Set("next", MonthDay(on.AddDays(text_rng_.Uniform(5, 21))));
  return v;
}

std::string CaseBuilder::Household(Date on) {
  std::string h;
  if (expectant_) {
    const DummyPerson& p = Principal();
    h = "特定妊婦。本人（" + std::to_string(ja::AgeOn(p.birth_date, on)) + "）は妊娠" +
        std::to_string(week_) + "週。";
    const std::string work = WorkPhrase(p.workplace);
    if (!p.affiliation_name.empty()) {
      h += "本人は" + p.affiliation_name + "に在籍。";
    } else if (!work.empty()) {
      h += "本人は" + work + "。";
    }
    bool partner = false;
    for (const DummyPerson& m : members_) {
      if (m.relationship == "fetus_father") {
        partner = true;
        h += "胎児の父（" + std::to_string(ja::AgeOn(m.birth_date, on)) + "）" +
             (m.address.empty() ? "とは別居。" : "と同居。");
      }
    }
    if (!partner) h += "胎児の父とは連絡が取れていない。";
  } else {
    h = std::string(FamilyStructureLabel(structure_)) + "。";
    if (structure_ == FamilyStructure::kGrandparents) {
      h += std::string(text_rng_.Pick(texts::ParentsAbsent()));
    }
    std::vector<std::string> adults;
    int count = 0;
    for (const DummyPerson& m : members_) {
      if (m.role != "guardian") continue;
      ++count;
      adults.push_back(std::string(HouseholdLabel(m.relationship)) + "（" +
                       std::to_string(ja::AgeOn(m.birth_date, on)) + "）は" +
                       WorkPhrase(m.workplace));
    }
    for (std::size_t i = 0; i < adults.size(); ++i) h += (i == 0 ? "" : "、") + adults[i];
    if (!adults.empty()) h += "。";
    std::string kids;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const DummyPerson& m = members_[i];
      if (m.role != "child" || m.birth_date > on) continue;
      ++count;
      if (!kids.empty()) kids += "、";
      kids += std::string(i == principal_ ? SV("本児") : RelationLabel(m.relationship)) + "（" +
              ChildDescription(m.birth_date, on) + "）";
    }
    for (const DummyPerson& m : members_) {
      if (m.role != "relative") continue;
      ++count;
      kids += "、" + std::string(RelationLabel(m.relationship)) + "（" +
              std::to_string(ja::AgeOn(m.birth_date, on)) + "）";
    }
    h += kids + "の" + std::to_string(count) + "人世帯。";
    for (const DummyPerson& m : members_) {
      if (m.role != "guardian") continue;
      if (m.nationality != "jp") {
        h += std::string(HouseholdLabel(m.relationship)) + "は" +
             CodeLabel("nationality", m.nationality) + "国籍（在留資格：" +
             CodeLabel("residence_status", m.residence_status) + "）。";
      }
      if (m.health != "良好" && m.health != "特記事項なし" && m.health != "不明" &&
          !m.health.empty()) {
        h += std::string(HouseholdLabel(m.relationship)) + "は" + m.health + "。";
      }
    }
  }
  return h;
}

void CaseBuilder::FillCaseFile() {
  CaseFile& c = out_.case_file;
  c.id = NewId("cas");
  c.unit_id = unit_->unit_id;
  c.consultation_type.code = type_code_;
  c.consultation_type.abuse_types = abuse_types_;
  c.consultation_type.witnessed_dv = witnessed_dv_;
  c.referral_route = route_;
  c.worker_ids = workers_;
  std::sort(c.worker_ids.begin(), c.worker_ids.end());

  // 要対協 registration.
  if (expectant_) {
    c.yotaikyo_class = story_rng_.Chance(0.85) ? "expectant_mother" : "";
  } else if (texts::IsAbuse(theme_)) {
    static constexpr WeightedItem<SV> kClasses[] = {
        {"protection_needed", 45}, {"support_needed", 35}, {"", 20}};
    c.yotaikyo_class = std::string(story_rng_.Weighted(kClasses));
  } else if (theme_ == Theme::kCareOther || theme_ == Theme::kParenting ||
             theme_ == Theme::kDelinquency) {
    c.yotaikyo_class = story_rng_.Chance(0.3) ? "support_needed" : "";
  }

  // The status follows the age of the case.
  const int64_t elapsed = DaysBetween(day0_, today_);
  struct Mix {
    uint32_t received, investigating, supporting, closed, transferred;
  };
  Mix mix{};
  if (elapsed <= 2) {
    mix = {55, 45, 0, 0, 0};
  } else if (elapsed <= 14) {
    mix = {10, 55, 35, 0, 0};
  } else if (elapsed <= 90) {
    mix = {0, 15, 65, 15, 5};
  } else if (elapsed <= 365) {
    mix = {0, 3, 50, 42, 5};
  } else {
    mix = {0, 0, 26, 68, 6};
  }
  if (!texts::IsAbuse(theme_) && mix.investigating > 0) {
    mix.supporting += mix.investigating / 2;
    mix.investigating -= mix.investigating / 2;
  }
  const std::array<uint32_t, 5> weights = {mix.received, mix.investigating, mix.supporting,
                                           mix.closed, mix.transferred};
  static constexpr SV kStatuses[] = {"received", "investigating", "supporting", "closed",
                                     "transferred"};
  status_ = std::string(kStatuses[story_rng_.WeightedIndex(weights)]);
  // A pregnancy ends: support goes on some weeks after the birth, then the case is closed or
  // handed over (to 母子保健, or to the ward the mother moves to).
  int64_t longest = 540;
  if (expectant_) {
    longest = (40 - week_) * 7 + time_rng_.Uniform(14, 90);
    if (elapsed > longest) status_ = story_rng_.Chance(0.8) ? "closed" : "transferred";
  }
  c.status = status_;
  to_guidance_center_ = !expectant_ && story_rng_.Chance(texts::IsAbuse(theme_) ? 0.6 : 0.2);
  last_day_ = today_;
  if (status_ == "closed" || status_ == "transferred") {
    const int64_t hi = std::min<int64_t>(elapsed, longest);
    const int64_t lo = std::min<int64_t>(hi, 14);
    last_day_ = day0_.AddDays(time_rng_.Uniform64(lo, hi));
  }

  // The time of receipt: police reports come at any hour, the rest in office hours.
  int minute = time_rng_.Uniform(8 * 60 + 45, 18 * 60 + 30);
  if (route_ == "police" && time_rng_.Chance(0.45)) {
    minute =
        time_rng_.Chance(0.5) ? time_rng_.Uniform(0, 6 * 60) : time_rng_.Uniform(19 * 60, 1439);
  }
  received_at_ = AtJst(day0_, minute);
  if (received_at_ > now_) {
    received_at_ = std::max(AtJst(day0_, 0), PlusMinutes(now_, -time_rng_.Uniform(1, 120)));
  }
  c.received_at = received_at_;
  c.created_at = Clamp(PlusMinutes(received_at_, time_rng_.Uniform(3, 40)));
  c.updated_at = c.created_at;
}

void CaseBuilder::AddPeople() {
  const CaseFile& c = out_.case_file;
  for (const DummyPerson& m : members_) {
    Person p;
    p.id = NewId("per");
    p.case_id = c.id;
    p.role = m.role;
    p.name = m.name;
    p.name_kana = m.name_kana;
    p.sex = m.sex;
    p.relationship = m.relationship;
    p.birth_date = m.birth_date;
    p.address = m.address;
    p.affiliation_kind = m.affiliation_kind;
    p.affiliation_name = m.affiliation_name;
    p.workplace = m.workplace;
    p.health = m.health;
    p.clinic = m.clinic;
    p.nationality = m.nationality;
    p.residence_status = m.residence_status;
    // Someone born after the receipt was added to the case some weeks after the birth.
    TimePoint created = PlusMinutes(c.created_at, time_rng_.Uniform(1, 20));
    if (m.birth_date > day0_) {
      created = OfficeTime(m.birth_date.AddDays(time_rng_.Uniform(14, 60)), created);
    }
    p.created_at = Clamp(created);
    p.updated_at = p.created_at;
    out_.people.push_back(std::move(p));
  }

  // The one who consulted, when it is not a member: a relative living elsewhere, a 民生委員, or
  // an anonymous neighbour (recorded without a name).
  const bool consulter = (route_ == "relative" && story_rng_.Chance(0.6)) ||
                         (route_ == "child_welfare_commissioner" && story_rng_.Chance(0.5)) ||
                         (route_ == "neighbor_acquaintance" && story_rng_.Chance(0.4));
  if (consulter) {
    Rng rng = base_.Fork("consulter");
    Person p;
    p.id = NewId("per");
    p.case_id = c.id;
    p.role = "consulter";
    p.relationship = "other";
    p.sex = "unknown";
    if (route_ != "neighbor_acquaintance") {
      const bool relative = route_ == "relative";
      const bool woman = relative ? relative_ != "uncle" : rng.Chance(0.6);
      int age = rng.Uniform(58, 76);
      if (relative) {
        const int parent = ja::AgeOn(Member(key_).birth_date, today_);
        age = relative_ == "grandmother" ? std::min(85, parent + rng.Uniform(20, 32))
                                         : std::max(20, parent + rng.Uniform(-8, 8));
      }
      const Date birth = BirthDateForAge(rng, today_, age);
      const PersonName name = MakeName(rng, "jp", woman ? Sex::kFemale : Sex::kMale, birth.year);
      p.name = name.Full();
      p.name_kana = name.FullKana();
      p.sex = std::string(SexCode(woman ? Sex::kFemale : Sex::kMale));
      p.birth_date = birth;
      p.address = MakeAddress(rng, ward_);
      p.nationality = "jp";
      p.residence_status = "japanese_national";
      if (relative) {
        p.relationship = std::string(relative_);
      } else {
        p.workplace = "民生委員・児童委員";
      }
    }
    p.created_at = c.created_at;
    p.updated_at = p.created_at;
    out_.people.push_back(std::move(p));
  }

  // The father of the expected child, when known.
  if (expectant_ && story_rng_.Chance(0.5)) {
    Rng rng = base_.Fork("fetus-father");
    const DummyPerson& mother = Principal();
    const int age = std::max(16, ja::AgeOn(mother.birth_date, today_) + rng.Uniform(-3, 8));
    const Date birth = BirthDateForAge(rng, today_, age);
    const PersonName name = MakeName(rng, "jp", Sex::kMale, birth.year);
    Person p;
    p.id = NewId("per");
    p.case_id = c.id;
    p.role = "relative";
    p.relationship = "fetus_father";
    p.name = name.Full();
    p.name_kana = name.FullKana();
    p.sex = "male";
    p.birth_date = birth;
    p.nationality = "jp";
    p.residence_status = "japanese_national";
    const bool together = rng.Chance(0.5);
    p.address = together ? mother.address : "";
    static constexpr SV kWork[] = {"飲食店（アルバイト）", "建設現場（日雇い）", "無職", "不明",
                                   "運送会社（契約社員）"};
    p.workplace = std::string(rng.Pick(kWork));
    p.created_at = c.created_at;
    p.updated_at = p.created_at;
    DummyPerson as_member;
    as_member.relationship = "fetus_father";
    as_member.birth_date = birth;
    as_member.address = p.address;
    members_.push_back(std::move(as_member));  // for the household text only
    out_.people.push_back(std::move(p));
  }
}

SV CaseBuilder::ConsultationMethod(bool intake, Date day) {
  if (intake) {
    switch (group_) {
      case RouteGroup::kPolice:
        return story_rng_.Chance(0.8) ? "phone" : "other";
      case RouteGroup::kAffiliation:
        return story_rng_.Chance(0.7) ? "phone" : "affiliation_visit";
      case RouteGroup::kNeighbor:
        return "phone";
      case RouteGroup::kSelf:
      case RouteGroup::kOtherParent:
        return story_rng_.Chance(0.55) ? "office_visit" : "phone";
      case RouteGroup::kAgency: {
        static constexpr WeightedItem<SV> kMethods[] = {
            {"phone", 60}, {"agency_visit", 20}, {"meeting", 20}};
        return story_rng_.Weighted(kMethods);
      }
      case RouteGroup::kAny:
        return story_rng_.Chance(0.6) ? "phone" : "office_visit";
    }
  }
  const bool school = !expectant_ && !AffiliationOn(day).name.empty();
  static constexpr WeightedItem<SV> kLater[] = {
      {"home_visit", 30},  {"office_visit", 18},      {"phone", 24}, {"meeting", 10},
      {"agency_visit", 8}, {"affiliation_visit", 10}, {"other", 2}};
  SV m = story_rng_.Weighted(kLater);
  if (m == "affiliation_visit" && !school) m = "home_visit";
  return m;
}

std::string CaseBuilder::ConsultationContent(std::size_t index, Date day, SV method) {
  const bool intake = index == 0;
  const bool abuse = texts::IsAbuse(theme_);
  const texts::ThemeTexts& tt = texts::For(theme_);
  Vars v = VarsOn(day);
  if (!intake) v.Set("later", "1");  // {?later}: refers to an earlier meeting
  Rng& rng = text_rng_;
  std::vector<SV> used;
  auto pick = [&](std::span<const SV> pool) { return PickFilled(rng, pool, v, &used, &said_); };

  struct Section {
    SV heading;
    std::size_t max_lines;                   // when growing toward the target length
    std::vector<std::span<const SV>> pools;  // where more lines come from
    std::vector<std::string> lines;
  };
  std::vector<Section> sections;
  auto add_line = [](Section& s, std::optional<std::string> line) {
    if (line) s.lines.push_back(std::move(*line));
  };
  const bool foreign = !v.Fill("{nat}").value_or("").empty();

  if (intake) {
    Section report{abuse ? SV("【通告内容】") : SV("【相談内容】"), 1, {}, {}};
    for (const RouteGroup group : {group_, RouteGroup::kAny}) {
      std::vector<SV> intakes;
      for (const texts::Intake& in : tt.intake) {
        if (in.group == group) intakes.push_back(in.text);
      }
      if (auto line = pick(intakes)) {
        report.lines.push_back(std::move(*line));
        break;
      }
    }
    sections.push_back(std::move(report));
    Section situation{"【状況】", 5, {tt.situation, texts::IntakeChecks()}, {}};
    if (rng.Chance(0.6)) situation.lines.push_back("世帯：" + out_.case_file.household);
    add_line(situation, pick(tt.situation));
    if (foreign) add_line(situation, pick(texts::Foreign()));
    sections.push_back(std::move(situation));
  } else {
    Section progress{"【経過】", 12, {tt.followup, texts::GeneralFollowup()}, {}};
    add_line(progress, pick(texts::MethodOpening(method)));
    add_line(progress, pick(tt.followup));
    if (foreign && rng.Chance(0.3)) add_line(progress, pick(texts::Foreign()));
    sections.push_back(std::move(progress));
  }
  // The child (or the expectant mother) when the record is of a meeting with them.
  if (method == "home_visit" || method == "office_visit" || method == "affiliation_visit") {
    Section seen{expectant_ ? SV("【本人の様子】") : SV("【本児の様子】"), 0, {}, {}};
    if (expectant_) {
      add_line(seen, pick(texts::ExpectantSeen()));
    } else {
      const int age = PrincipalAge(day);
      add_line(seen, pick(texts::ChildDemeanor(age)));
      add_line(seen, pick(texts::ChildCondition(age)));
    }
    sections.push_back(std::move(seen));
  }
  if (intake) {
    Section response{"【対応】", 3, {texts::FirstResponse(abuse)}, {}};
    add_line(response, pick(texts::FirstResponse(abuse)));
    sections.push_back(std::move(response));
  } else {
    Section assessment{"【所見・今後の対応】", 4, {texts::Assessment(abuse)}, {}};
    add_line(assessment, pick(texts::Assessment(abuse)));
    sections.push_back(std::move(assessment));
  }

  auto render = [&] {
    std::string out;
    for (const Section& s : sections) {
      if (s.lines.empty()) continue;
      if (!out.empty()) out += "\n";
      out.append(s.heading).append("\n");
      for (const std::string& l : s.lines) out += l;
    }
    return out;
  };
  auto length = [&] { return CodePointCount(render()); };
  // Grow toward a target length with things not yet said in the case, then make sure of the
  // bounds.
  const std::size_t target =
      static_cast<std::size_t>(rng.Chance(0.3) ? rng.Uniform(480, 760) : rng.Uniform(220, 480));
  while (length() < target) {
    std::vector<Section*> growable;
    for (Section& s : sections) {
      if (!s.pools.empty() && s.lines.size() < s.max_lines) growable.push_back(&s);
    }
    if (growable.empty()) break;
    Section& s = *growable[rng.Index(growable.size())];
    const std::size_t start = rng.Index(s.pools.size());
    bool grown = false;
    for (std::size_t k = 0; k < s.pools.size() && !grown; ++k) {
      auto line = PickFilled(rng, s.pools[(start + k) % s.pools.size()], v, &used, &said_,
                             /*fresh_only=*/true);
      if (line) {
        s.lines.push_back(std::move(*line));
        grown = true;
      }
    }
    if (!grown) s.max_lines = s.lines.size();  // nothing new left to say here
  }
  Section& first = sections.front().pools.empty() ? sections[1] : sections.front();
  for (const std::span<const SV> pool : first.pools) {
    while (length() < kMinContent) {
      auto line = pick(pool);
      if (!line) break;
      first.lines.push_back(std::move(*line));
    }
  }
  for (const std::span<const SV> pool :
       {texts::GeneralFollowup(), texts::RoutineNotes(), texts::Assessment(abuse)}) {
    while (length() < kMinContent) {
      auto line = pick(pool);
      if (!line) break;
      first.lines.push_back(std::move(*line));
    }
  }
  while (length() > kMaxContent) {
    Section* longest = nullptr;
    for (Section& s : sections) {
      if (s.lines.size() > 1 && (longest == nullptr || s.lines.size() > longest->lines.size())) {
        longest = &s;
      }
    }
    if (longest == nullptr) break;
    longest->lines.pop_back();
  }
  said_.insert(said_.end(), used.begin(), used.end());
  return render();
}

void CaseBuilder::AddConsultations() {
  const int64_t span = DaysBetween(day0_, last_day_);
  std::vector<Date> days = {day0_};
  const bool abuse = texts::IsAbuse(theme_);
  if (status_ == "received") {
    if (abuse && span >= 1 && story_rng_.Chance(0.5)) days.push_back(day0_.AddDays(1));
  } else {
    int n = 1 + static_cast<int>(std::min<int64_t>(6, span / 40 + story_rng_.Uniform(0, 2)));
    if (span >= 1) n = std::max(n, 2);
    // The safety confirmation of a report, within 48 hours.
    if (abuse && n >= 2) {
      days.push_back(day0_.AddDays(std::min<int64_t>(span, story_rng_.Uniform(0, 1))));
    }
    while (static_cast<int>(days.size()) < n) {
      days.push_back(day0_.AddDays(span == 0 ? 0 : story_rng_.Uniform64(1, span)));
    }
    std::sort(days.begin(), days.end());
  }
  TimePoint floor = received_at_;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const Date day = days[i];
    SV method = ConsultationMethod(i == 0, day);
    if (abuse && i == 1) {
      method = !expectant_ && !AffiliationOn(day).name.empty() && story_rng_.Chance(0.5)
                   ? "affiliation_visit"
                   : "home_visit";
    }
    Consultation c;
    c.id = NewId("con");
    c.case_id = out_.case_file.id;
    c.date = day;
    c.type = type_code_;
    c.method = std::string(method);
    c.content = ConsultationContent(i, day, method);
    c.author_id = Author(method == "meeting");
    c.created_at = OfficeTime(day, floor);
    if (Date::TodayInJapan(c.created_at) < day) c.created_at = Clamp(AtJst(day, 18 * 60));
    c.updated_at =
        Clamp(PlusMinutes(c.created_at, time_rng_.Chance(0.3) ? time_rng_.Uniform(5, 600) : 0));
    floor = c.created_at;
    // A record is never dated after the day it was written.
    if (Date::TodayInJapan(c.created_at) < c.date) c.date = Date::TodayInJapan(c.created_at);
    out_.consultations.push_back(std::move(c));
  }
}

void CaseBuilder::AddNotes() {
  const int k = std::max(0, options_.notes_per_case);
  if (k == 0) return;
  const bool abuse = texts::IsAbuse(theme_);
  const bool terminal = status_ == "closed" || status_ == "transferred";
  const int64_t span = DaysBetween(day0_, last_day_);

  // Times: the first soon after the receipt, the 安全確認 within 48 hours, the closing note on the
  // last day, the rest spread over the case's life.
  std::vector<TimePoint> times;
  times.reserve(static_cast<std::size_t>(k));
  times.push_back(Clamp(PlusMinutes(received_at_, time_rng_.Uniform(5, 90))));
  int safety = -1;
  if (abuse && k >= 2) {
    safety = 1;
    times.push_back(Clamp(PlusMinutes(received_at_, time_rng_.Uniform(90, 46 * 60))));
  }
  const int closing = terminal && k >= 2 + (safety >= 0 ? 1 : 0) ? k - 1 : -1;
  const int middle_end = closing >= 0 ? k - 1 : k;
  for (int i = static_cast<int>(times.size()); i < middle_end; ++i) {
    const Date day = day0_.AddDays(span == 0 ? 0 : time_rng_.Uniform64(0, span));
    times.push_back(OfficeTime(day, received_at_));
  }
  if (closing >= 0) times.push_back(OfficeTime(last_day_, received_at_));
  std::sort(times.begin(), times.end());
  for (TimePoint& t : times) t = NotBefore(Clamp(t), received_at_);

  const texts::ThemeTexts& tt = texts::For(theme_);
  // A note template not yet used in the case when there is one.
  auto pick = [&](std::span<const SV> pool, const Vars& v) {
    std::vector<SV> used;
    auto s = PickFilled(text_rng_, pool, v, &used, &noted_);
    noted_.insert(noted_.end(), used.begin(), used.end());
    return s;
  };
  std::vector<Note> notes;
  for (int i = 0; i < k; ++i) {
    const Date day = Date::TodayInJapan(times[static_cast<std::size_t>(i)]);
    const Vars v = VarsOn(day);
    std::optional<std::string> body;
    if (i == 0) {
      body = pick(texts::FirstNote(abuse), v);
    } else if (i == safety) {
      body = pick(texts::SafetyNotes(), v);
    } else if (i == closing) {
      body = status_ == "closed" ? pick(texts::ClosingNotes(), v)
                                 : std::string(texts::TransferNotes()[to_guidance_center_ ? 0 : 1]);
    } else if (text_rng_.Chance(0.45)) {
      body = pick(tt.notes, v);
    }
    if (!body) body = pick(texts::RoutineNotes(), v);
    if (!body) body = "経過を確認した。";
    // A second sentence now and then.
    if (i != closing && text_rng_.Chance(0.2)) {
      if (auto more = pick(texts::RoutineNotes(), v)) *body += *more;
    }
    Note n;
    n.id = NewId("not");
    n.case_id = out_.case_file.id;
    n.at = times[static_cast<std::size_t>(i)];
    n.body = std::move(*body);
    n.author_id = Author(false);
    notes.push_back(std::move(n));
  }

  // A correction of an earlier note: the slip goes into that note, the correction names it.
  std::vector<int> correctable;
  for (int i = 2; i < k; ++i) {
    if (i != safety && i != closing) correctable.push_back(i);
  }
  if (!correctable.empty() && text_rng_.Chance(0.3)) {
    const int j = text_rng_.Pick(correctable);
    const int i = static_cast<int>(text_rng_.Index(static_cast<std::size_t>(j)));
    Note& earlier = notes[static_cast<std::size_t>(i)];
    Vars v = VarsOn(Date::TodayInJapan(notes[static_cast<std::size_t>(j)].at));
    v.Set("cdate", MonthDay(Date::TodayInJapan(earlier.at)));
    std::optional<std::string> body;
    const auto mistakes = texts::Mistakes();
    const std::size_t start = text_rng_.Index(mistakes.size());
    for (std::size_t m = 0; m < mistakes.size() && !body; ++m) {
      const texts::Mistake& mk = mistakes[(start + m) % mistakes.size()];
      const std::size_t pos = earlier.body.find(mk.right);
      if (pos == std::string::npos) continue;
      earlier.body.replace(pos, mk.right.size(), mk.wrong);
      v.Set("wrong", std::string(mk.wrong));
      v.Set("right", std::string(mk.right));
      body = PickFilled(text_rng_, texts::Corrections(), v);
    }
    if (!body) body = PickFilled(text_rng_, texts::Addenda(), v);
    if (body) {
      Note& fix = notes[static_cast<std::size_t>(j)];
      fix.body = std::move(*body);
      fix.corrects = earlier.id;
      fix.author_id = earlier.author_id;
    }
  }
  out_.notes = std::move(notes);
}

void CaseBuilder::AddPolicies() {
  if (supervisors_.empty()) return;
  const bool abuse = texts::IsAbuse(theme_);
  const texts::ThemeTexts& tt = texts::For(theme_);
  const int64_t span = DaysBetween(day0_, last_day_);
  auto add = [&](TimePoint at, std::span<const SV> bodies, std::span<const SV> actions, int due_lo,
                 int due_hi) {
    Policy p;
    p.id = NewId("pol");
    p.case_id = out_.case_file.id;
    p.decided_at = NotBefore(
        Clamp(at), out_.policies.empty() ? received_at_ : out_.policies.back().decided_at);
    p.decided_by = text_rng_.Pick(supervisors_);
    const Date day = Date::TodayInJapan(p.decided_at);
    const Vars v = VarsOn(day);
    p.body = PickFilled(text_rng_, bodies, v)
                 .value_or(PickFilled(text_rng_, texts::GenericPolicies(), v)
                               .value_or("関係機関と連携し、支援を継続する。"));
    if (!actions.empty()) {
      p.next_action = std::string(text_rng_.Pick(actions));
      p.next_action_on = day.AddDays(text_rng_.Uniform(due_lo, due_hi));
    }
    out_.policies.push_back(std::move(p));
  };
  // The first decision: at the 受理会議, the same or the next day.
  add(PlusMinutes(received_at_, time_rng_.Uniform(30, 26 * 60)), tt.first_policy, tt.next_actions,
      abuse ? 0 : 3, abuse ? 2 : 14);
  if (status_ != "received" && status_ != "investigating" && span >= 20) {
    add(OfficeTime(day0_.AddDays(span / 2), received_at_), texts::ReviewPolicies(abuse),
        expectant_ ? tt.next_actions : texts::ReviewNextActions(), 7, 30);
  }
  if (status_ == "closed") {
    add(OfficeTime(last_day_, received_at_), texts::ClosingPolicies(), {}, 0, 0);
  } else if (status_ == "transferred") {
    static constexpr SV kHandOver[] = {"移管先への引継ぎ"};
    add(OfficeTime(last_day_, received_at_),
        texts::TransferPolicies().subspan(to_guidance_center_ ? 0 : 1, 1), kHandOver, 1, 14);
  }
}

DummyCase CaseBuilder::Build() {
  expectant_ = story_rng_.Chance(0.04);
  Date day0 = DrawReceivedDay();
  MakeMembers(day0);
  day0_ = day0;
  ChooseTheme();
  ChooseRoles();
  ChooseRoute();
  ChooseStaff();
  SetCaseVars();
  FillCaseFile();
  AddPeople();
  out_.case_file.household = Household(day0_);
  AddConsultations();
  AddNotes();
  AddPolicies();

  // The case was last changed by its newest record.
  CaseFile& c = out_.case_file;
  for (const Consultation& x : out_.consultations)
    c.updated_at = std::max(c.updated_at, x.updated_at);
  for (const Note& x : out_.notes) c.updated_at = std::max(c.updated_at, x.at);
  for (const Policy& x : out_.policies) c.updated_at = std::max(c.updated_at, x.decided_at);
  c.updated_at = Clamp(c.updated_at);
  return std::move(out_);
}

}  // namespace

DummyCase MakeCase(Rng& rng, std::string_view tenant_id, core::TimePoint now,
                   std::span<const UnitStaff> units, const CaseOptions& options) {
  CaseBuilder builder(rng.Next(), tenant_id, now, units, options);
  return builder.Build();
}

}  // namespace yorisoi::dummy
