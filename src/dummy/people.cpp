#include "dummy/people.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/codes/code_list.hpp"
#include "dummy/addresses.hpp"
#include "dummy/names.hpp"
#include "dummy/schools.hpp"
#include "ja/school_year.hpp"

namespace yorisoi::dummy {
namespace {

using domain::CodeCatalog;

using core::Date;
using SV = std::string_view;

constexpr SV kJapan = "jp";
constexpr SV kJapaneseNational = "japanese_national";

// ---------------------------------------------------------------------------------------------
// Dates and ages

Date ShiftYears(Date d, int years) {
  Date r{d.year + years, d.month, d.day};
  if (r.month == 2 && r.day == 29 && !Date::IsLeapYear(r.year)) r.day = 28;
  return r;
}

int Age(Date birth, Date on) { return ja::AgeOn(birth, on); }

// ---------------------------------------------------------------------------------------------
// Family structure and nationality

constexpr WeightedItem<FamilyStructure> kStructures[] = {
    {FamilyStructure::kTwoParents, 40},  {FamilyStructure::kSingleMother, 30},
    {FamilyStructure::kSingleFather, 6}, {FamilyStructure::kStepFather, 8},
    {FamilyStructure::kStepMother, 3},   {FamilyStructure::kMotherAndPartner, 5},
    {FamilyStructure::kGrandparents, 6}, {FamilyStructure::kAdoptive, 2},
};

constexpr WeightedItem<int> kChildCounts[] = {{1, 40}, {2, 35}, {3, 17}, {4, 6}, {5, 2}};

// Which members are foreign: everyone (kAll), only the adult on the mother's side (a foreign
// mother or stepmother, the others Japanese), or only the adult on the father's side.
enum class ForeignMode { kNone, kAll, kMotherSide, kFatherSide };

constexpr WeightedItem<SV> kCountriesAll[] = {
    {"cn", 25}, {"vn", 18}, {"kr", 12}, {"np", 10}, {"ph", 8}, {"br", 7}, {"mm", 5}, {"id", 4},
    {"pe", 3},  {"in", 3},  {"lk", 3},  {"us", 2},  {"th", 2}, {"bd", 2}, {"pk", 2},
};
constexpr WeightedItem<SV> kCountriesForeignMother[] = {
    {"ph", 30}, {"cn", 25}, {"kr", 10}, {"th", 8}, {"vn", 8}, {"br", 5}, {"id", 3},
    {"pe", 2},  {"mm", 2},  {"np", 2},  {"us", 2}, {"in", 1}, {"lk", 1},
};
constexpr WeightedItem<SV> kCountriesForeignFather[] = {
    {"us", 20}, {"kr", 20}, {"cn", 15}, {"br", 8}, {"in", 5}, {"pk", 5}, {"bd", 5},
    {"np", 4},  {"lk", 4},  {"pe", 4},  {"ph", 4}, {"vn", 4}, {"id", 1}, {"th", 1},
};

// Residence statuses of the main foreign adult of an all-foreign family, by country group.
using StatusTable = std::vector<WeightedItem<SV>>;

const StatusTable& PrimaryStatuses(SV country) {
  static const StatusTable kr = {
      {"special_permanent_resident", 45},        {"permanent_resident", 25},
      {"engineer_humanities_international", 15}, {"business_manager", 5},
      {"highly_skilled_professional_1b", 2},     {"student", 3}};
  static const StatusTable cn = {{"permanent_resident", 35},
                                 {"engineer_humanities_international", 30},
                                 {"business_manager", 8},
                                 {"highly_skilled_professional_1b", 6},
                                 {"long_term_resident", 6},
                                 {"skilled_labor", 4},
                                 {"student", 3}};
  static const StatusTable vn = {{"engineer_humanities_international", 30},
                                 {"permanent_resident", 20},
                                 {"specified_skilled_worker_2", 10},
                                 {"long_term_resident", 10},
                                 {"designated_activities", 5},
                                 {"student", 3}};
  static const StatusTable latin = {
      {"long_term_resident", 50}, {"permanent_resident", 45}, {"spouse_of_permanent_resident", 5}};
  static const StatusTable ph = {{"permanent_resident", 40},
                                 {"long_term_resident", 30},
                                 {"engineer_humanities_international", 10},
                                 {"nursing_care", 8},
                                 {"specified_skilled_worker_2", 4}};
  static const StatusTable south_asia = {
      {"skilled_labor", 40},    {"engineer_humanities_international", 25},
      {"business_manager", 15}, {"permanent_resident", 10},
      {"student", 5},           {"highly_skilled_professional_1b", 3}};
  static const StatusTable se_asia = {{"engineer_humanities_international", 30},
                                      {"permanent_resident", 20},
                                      {"specified_skilled_worker_2", 10},
                                      {"designated_activities", 15},
                                      {"long_term_resident", 10},
                                      {"student", 5}};
  static const StatusTable us = {{"engineer_humanities_international", 30},
                                 {"instructor", 20},
                                 {"professor", 10},
                                 {"permanent_resident", 20},
                                 {"intra_company_transferee", 10},
                                 {"business_manager", 5},
                                 {"sofa", 3}};
  if (country == "kr") return kr;
  if (country == "cn") return cn;
  if (country == "vn") return vn;
  if (country == "br" || country == "pe") return latin;
  if (country == "ph") return ph;
  if (country == "us") return us;
  if (country == "id" || country == "mm" || country == "th") return se_asia;
  return south_asia;  // np, in, lk, bd, pk
}

// Statuses whose holder works or studies, and whose family members hold 家族滞在.
bool IsWorkOrStudyStatus(SV s) {
  return s == "engineer_humanities_international" || s == "skilled_labor" ||
         s == "business_manager" || s == "professor" || s == "instructor" ||
         s.starts_with("highly_skilled_professional") || s == "specified_skilled_worker_2" ||
         s == "nursing_care" || s == "intra_company_transferee" || s == "student";
}

bool IsIrregular(SV s) {
  return s == "no_status" || s == "provisional_release" || s == "application_pending";
}

// The spouse's status in an all-foreign couple, given the main adult's.
SV SpouseStatus(Rng& rng, SV country, SV primary) {
  if (IsIrregular(primary) || primary == "designated_activities" ||
      primary == "long_term_resident" || primary == "sofa") {
    return primary;
  }
  if (primary == "permanent_resident") {
    return rng.Chance(0.55) ? SV("permanent_resident") : SV("spouse_of_permanent_resident");
  }
  if (primary == "special_permanent_resident") {
    static constexpr WeightedItem<SV> kSpouse[] = {{"special_permanent_resident", 6},
                                                   {"permanent_resident", 3},
                                                   {"spouse_of_permanent_resident", 1}};
    return rng.Weighted(kSpouse);
  }
  if (IsWorkOrStudyStatus(primary) && rng.Chance(0.75)) return "dependent";
  return rng.Weighted(PrimaryStatuses(country));
}

// A child's status, given the status of the parent the child's stay derives from.
SV ChildStatus(Rng& rng, SV parent) {
  if (parent == "permanent_resident" || parent == "spouse_of_permanent_resident") {
    return rng.Chance(0.6) ? SV("spouse_of_permanent_resident") : SV("permanent_resident");
  }
  if (parent == "special_permanent_resident") return parent;
  // A foreign spouse's children from before the marriage: 定住者.
  if (parent == "spouse_of_japanese_national") return "long_term_resident";
  if (parent == "long_term_resident" || parent == "designated_activities" || parent == "sofa") {
    return parent;
  }
  if (IsIrregular(parent)) return rng.Chance(0.3) ? SV("application_pending") : parent;
  return "dependent";  // children of workers and students: 家族滞在
}

SV GrandparentStatus(Rng& rng, SV country) {
  if (country == "kr") {
    return rng.Chance(0.7) ? SV("special_permanent_resident") : SV("permanent_resident");
  }
  static constexpr WeightedItem<SV> kStatuses[] = {{"permanent_resident", 5},
                                                   {"long_term_resident", 3},
                                                   {"designated_activities", 1},
                                                   {"temporary_visitor", 1}};
  return rng.Weighted(kStatuses);
}

// A code that the catalog says is valid on `today`, or `fallback`.
SV ValidStatus(SV status, Date today, SV fallback = "permanent_resident") {
  return CodeCatalog::BuiltIn().IsValidOn("residence_status", status, today) ? status : fallback;
}

// Whether a wife from `country` usually takes her husband's family name in our records.
bool WifeTakesHusbandsName(Rng& rng, SV country) {
  if (country == kJapan) return true;
  if (country == "cn" || country == "kr" || country == "vn") return false;
  return rng.Chance(0.6);
}

// ---------------------------------------------------------------------------------------------
// Health and clinics

enum class ClinicKind {
  kNone,
  kPediatric,
  kInternal,
  kMental,
  kDevelopment,
  kDermatology,
  kOrthopedic,
  kDental,
  kObstetric,
};

struct Health {
  SV text;
  ClinicKind clinic;
};

constexpr WeightedItem<Health> kInfantHealth[] = {
    {{"良好", ClinicKind::kPediatric}, 40},
    {{"特記事項なし", ClinicKind::kPediatric}, 12},
    {{"低出生体重児", ClinicKind::kPediatric}, 4},
    {{"体重増加不良", ClinicKind::kPediatric}, 3},
    {{"乳幼児健診未受診", ClinicKind::kNone}, 4},
    {{"予防接種未接種あり", ClinicKind::kNone}, 3},
    {{"アトピー性皮膚炎", ClinicKind::kDermatology}, 4},
    {{"食物アレルギー（卵）", ClinicKind::kPediatric}, 3},
    {{"発達の遅れの指摘あり", ClinicKind::kDevelopment}, 2},
    {{"不明", ClinicKind::kNone}, 3},
};
constexpr WeightedItem<Health> kPreschoolHealth[] = {
    {{"良好", ClinicKind::kPediatric}, 40},
    {{"特記事項なし", ClinicKind::kPediatric}, 12},
    {{"喘息あり", ClinicKind::kPediatric}, 5},
    {{"アトピー性皮膚炎", ClinicKind::kDermatology}, 4},
    {{"食物アレルギー（卵）", ClinicKind::kPediatric}, 3},
    {{"食物アレルギー（小麦）", ClinicKind::kPediatric}, 1},
    {{"言葉の遅れの指摘あり", ClinicKind::kDevelopment}, 4},
    {{"発達の遅れの指摘あり", ClinicKind::kDevelopment}, 3},
    {{"虫歯多数（未治療）", ClinicKind::kDental}, 4},
    {{"3歳児健診未受診", ClinicKind::kNone}, 2},
    {{"不明", ClinicKind::kNone}, 2},
};
constexpr WeightedItem<Health> kSchoolHealth[] = {
    {{"良好", ClinicKind::kPediatric}, 42},
    {{"特記事項なし", ClinicKind::kPediatric}, 12},
    {{"喘息あり", ClinicKind::kPediatric}, 4},
    {{"アトピー性皮膚炎", ClinicKind::kDermatology}, 3},
    {{"ADHDの診断あり", ClinicKind::kDevelopment}, 3},
    {{"自閉スペクトラム症の診断あり", ClinicKind::kDevelopment}, 3},
    {{"学習障害（LD）の疑い", ClinicKind::kDevelopment}, 2},
    {{"虫歯多数（未治療）", ClinicKind::kDental}, 3},
    {{"起立性調節障害", ClinicKind::kPediatric}, 2},
    {{"てんかん（服薬中）", ClinicKind::kPediatric}, 1},
    {{"頭痛・腹痛の訴えが多い", ClinicKind::kPediatric}, 2},
    {{"不明", ClinicKind::kNone}, 2},
};
constexpr WeightedItem<Health> kAdultHealth[] = {
    {{"良好", ClinicKind::kInternal}, 40},
    {{"特記事項なし", ClinicKind::kInternal}, 14},
    {{"通院中（精神科）", ClinicKind::kMental}, 6},
    {{"うつ病で通院中", ClinicKind::kMental}, 4},
    {{"不眠（服薬中）", ClinicKind::kMental}, 3},
    {{"パニック障害（通院中）", ClinicKind::kMental}, 1},
    {{"統合失調症（通院中）", ClinicKind::kMental}, 1},
    {{"アルコール依存の疑い", ClinicKind::kNone}, 2},
    {{"高血圧", ClinicKind::kInternal}, 3},
    {{"糖尿病", ClinicKind::kInternal}, 2},
    {{"腰痛", ClinicKind::kOrthopedic}, 3},
    {{"喘息あり", ClinicKind::kInternal}, 1},
    {{"療育手帳あり", ClinicKind::kNone}, 1},
    {{"身体障害者手帳（肢体不自由）", ClinicKind::kOrthopedic}, 1},
    {{"不明", ClinicKind::kNone}, 4},
};
constexpr WeightedItem<Health> kElderHealth[] = {
    {{"良好", ClinicKind::kInternal}, 30},
    {{"特記事項なし", ClinicKind::kInternal}, 10},
    {{"高血圧", ClinicKind::kInternal}, 12},
    {{"糖尿病", ClinicKind::kInternal}, 6},
    {{"腰痛", ClinicKind::kOrthopedic}, 8},
    {{"膝関節症", ClinicKind::kOrthopedic}, 5},
    {{"認知症の疑い", ClinicKind::kInternal}, 3},
    {{"心疾患（通院中）", ClinicKind::kInternal}, 3},
    {{"不明", ClinicKind::kNone}, 4},
};

constexpr SV kClinicMotifs[] = {"さくら",   "ひかり", "みどり",   "あおば",   "けやき",
                                "すずらん", "わかば", "ひだまり", "こもれび", "はるかぜ"};

std::string Surname(Rng& rng) {
  PersonName n;
  DrawFamilyName(rng, kJapan, n);
  return n.family;
}

// "{place}{motif}" or "{surname}" + the clinic's kind.
std::string ClinicName(Rng& rng, const Ward& ward, ClinicKind kind) {
  struct Form {
    SV local;    // after a place word (+ motif)
    SV surname;  // after a doctor's family name
  };
  Form f{};
  switch (kind) {
    case ClinicKind::kNone:
      return {};
    case ClinicKind::kPediatric:
      f = {"こどもクリニック", "小児科医院"};
      break;
    case ClinicKind::kInternal:
      f = {"内科クリニック", "内科医院"};
      break;
    case ClinicKind::kMental:
      f = {"メンタルクリニック", "心療内科クリニック"};
      break;
    case ClinicKind::kDevelopment:
      f = {"こども発達クリニック", "小児神経科クリニック"};
      break;
    case ClinicKind::kDermatology:
      f = {"皮膚科クリニック", "皮膚科医院"};
      break;
    case ClinicKind::kOrthopedic:
      f = {"整形外科クリニック", "整形外科医院"};
      break;
    case ClinicKind::kDental:
      f = {"こども歯科", "歯科医院"};
      break;
    case ClinicKind::kObstetric:
      f = {"レディースクリニック", "産婦人科医院"};
      break;
  }
  std::string out;
  if (rng.Chance(0.5)) {
    out.append(rng.Pick(ward.place_words));
    if (rng.Chance(0.5)) out.append(rng.Pick(kClinicMotifs));
    out.append(f.local);
  } else {
    out.append(Surname(rng)).append(f.surname);
  }
  return out;
}

// Health and clinic: a known clinic for everyone with a condition, and for some of the healthy
// (かかりつけ).
void SetHealth(Rng& rng, const Ward& ward, const Health& h, DummyPerson& p) {
  p.health = std::string(h.text);
  const bool healthy = h.text == "良好" || h.text == "特記事項なし";
  if (h.clinic != ClinicKind::kNone && rng.Chance(healthy ? 0.45 : 0.9)) {
    p.clinic = ClinicName(rng, ward, h.clinic);
  }
}

void ChildHealth(Rng& rng, const Ward& ward, int age, DummyPerson& p) {
  if (age <= 2) return SetHealth(rng, ward, rng.Weighted(kInfantHealth), p);
  if (age <= 5) return SetHealth(rng, ward, rng.Weighted(kPreschoolHealth), p);
  SetHealth(rng, ward, rng.Weighted(kSchoolHealth), p);
}

void AdultHealth(Rng& rng, const Ward& ward, int age, DummyPerson& p) {
  if (age >= 60) return SetHealth(rng, ward, rng.Weighted(kElderHealth), p);
  SetHealth(rng, ward, rng.Weighted(kAdultHealth), p);
}

// ---------------------------------------------------------------------------------------------
// Work

constexpr SV kCompanyCores[] = {
    "光陽",         "新星",         "明和",         "東央",         "栄進",       "晴和",
    "朝凪",         "蒼和",         "豊栄",         "昭光",         "翔栄",       "誠和",
    "瑞穂",         "旭光",         "北斗",         "千歳",         "サンリーフ", "グリーンライン",
    "アークテック", "ネクストワン", "ライズアップ", "フロンティア",
};
constexpr SV kIndustries[] = {
    "物流",
    "運輸",
    "建設",
    "工業",
    "商事",
    "不動産",
    "食品",
    "フーズ",
    "システム",
    "ソリューションズ",
    "電機",
    "印刷",
    "警備保障",
    "設備",
    "興業",
    "介護サービス",
    "クリーンサービス",
    "技研",
};
constexpr SV kLocalTrades[] = {"工務店", "運送", "商店", "電設", "塗装", "製作所"};

std::string CompanyName(Rng& rng, const Ward& ward) {
  std::string out;
  switch (rng.WeightedIndex(std::array<uint32_t, 4>{50, 25, 15, 10})) {
    case 0:
      out.append("株式会社").append(rng.Pick(kCompanyCores)).append(rng.Pick(kIndustries));
      break;
    case 1:
      out.append(rng.Pick(kCompanyCores)).append(rng.Pick(kIndustries)).append("株式会社");
      break;
    case 2:
      out.append("有限会社").append(rng.Pick(kCompanyCores)).append(rng.Pick(kIndustries));
      break;
    default:
      out.append(rng.Pick(ward.place_words)).append(rng.Pick(kLocalTrades));
      break;
  }
  return out;
}

constexpr SV kPartTimePlaces[] = {
    "スーパーマーケット",
    "コンビニエンスストア",
    "飲食店",
    "弁当工場",
    "介護施設",
    "清掃会社",
    "ホテル客室清掃",
    "物流倉庫",
    "クリーニング店",
    "ドラッグストア",
    "居酒屋",
    "ファミリーレストラン",
};
constexpr SV kTrades[] = {"飲食店",   "内装業",   "運送業", "美容室",     "塗装業",
                          "電気工事", "古着販売", "翻訳業", "不動産仲介", "ネット販売"};
constexpr SV kDayLaborJobs[] = {"建設現場（日雇い）", "解体工事（日雇い）", "引越し作業（日雇い）"};
constexpr SV kNightJobs[] = {"飲食店（夜間勤務）", "スナック（夜間勤務）", "居酒屋（深夜勤務）"};

enum class Employment {
  kFullTime,
  kContract,
  kDispatch,
  kPartTime,
  kSelfEmployed,
  kDayLabor,
  kNightWork,
  kUnemployed,
  kWelfare,
  kJobSeeking,
  kHomemaker,
  kPension,
  kUnknown,
};

enum class WorkProfile { kFather, kMother, kSingleMother, kSingleFather, kPartner, kElder };

const std::vector<WeightedItem<Employment>>& EmploymentTable(WorkProfile profile) {
  using E = Employment;
  static const std::vector<WeightedItem<Employment>> father = {
      {E::kFullTime, 50},     {E::kContract, 8}, {E::kDispatch, 7},
      {E::kSelfEmployed, 10}, {E::kDayLabor, 6}, {E::kPartTime, 4},
      {E::kUnemployed, 7},    {E::kWelfare, 3},  {E::kUnknown, 5}};
  static const std::vector<WeightedItem<Employment>> mother = {
      {E::kFullTime, 18},  {E::kPartTime, 38},  {E::kContract, 5}, {E::kDispatch, 5},
      {E::kHomemaker, 25}, {E::kUnemployed, 3}, {E::kUnknown, 6}};
  static const std::vector<WeightedItem<Employment>> single_mother = {
      {E::kFullTime, 15}, {E::kPartTime, 35},  {E::kContract, 6},
      {E::kDispatch, 6},  {E::kNightWork, 8},  {E::kUnemployed, 10},
      {E::kWelfare, 14},  {E::kJobSeeking, 4}, {E::kUnknown, 2}};
  static const std::vector<WeightedItem<Employment>> single_father = {
      {E::kFullTime, 55}, {E::kSelfEmployed, 10}, {E::kContract, 8}, {E::kDayLabor, 8},
      {E::kPartTime, 5},  {E::kUnemployed, 6},    {E::kWelfare, 4},  {E::kUnknown, 4}};
  static const std::vector<WeightedItem<Employment>> partner = {
      {E::kFullTime, 30},     {E::kDayLabor, 15},   {E::kPartTime, 15},
      {E::kSelfEmployed, 10}, {E::kUnemployed, 20}, {E::kUnknown, 10}};
  static const std::vector<WeightedItem<Employment>> elder = {{E::kPension, 55},
                                                              {E::kPartTime, 15},
                                                              {E::kSelfEmployed, 10},
                                                              {E::kFullTime, 10},
                                                              {E::kUnknown, 10}};
  switch (profile) {
    case WorkProfile::kFather:
      return father;
    case WorkProfile::kMother:
      return mother;
    case WorkProfile::kSingleMother:
      return single_mother;
    case WorkProfile::kSingleFather:
      return single_father;
    case WorkProfile::kPartner:
      return partner;
    case WorkProfile::kElder:
      return elder;
  }
  return father;
}

std::string EmploymentText(Rng& rng, const Ward& ward, Employment e, const DummyPerson& p,
                           int age) {
  switch (e) {
    case Employment::kFullTime:
      return CompanyName(rng, ward) + "（正社員）";
    case Employment::kContract:
      return CompanyName(rng, ward) + "（契約社員）";
    case Employment::kDispatch:
      return "派遣社員（" + CompanyName(rng, ward) + "）";
    case Employment::kPartTime:
      return std::string(rng.Pick(kPartTimePlaces)) +
             (age < 25 || p.sex == "male" ? "（アルバイト）" : "（パート）");
    case Employment::kSelfEmployed:
      return "自営業（" + std::string(rng.Pick(kTrades)) + "）";
    case Employment::kDayLabor:
      return std::string(rng.Pick(kDayLaborJobs));
    case Employment::kNightWork:
      return std::string(rng.Pick(kNightJobs));
    case Employment::kUnemployed:
      return "無職";
    case Employment::kWelfare:
      return "無職（生活保護受給中）";
    case Employment::kJobSeeking:
      return "無職（求職中）";
    case Employment::kHomemaker:
      return p.sex == "male" ? "専業主夫" : "専業主婦";
    case Employment::kPension:
      return age >= 65 ? "無職（年金生活）" : "無職";
    case Employment::kUnknown:
      return "不明";
  }
  return {};
}

SV Cuisine(SV nationality) {
  if (nationality == "th") return "タイ";
  if (nationality == "cn") return "中華";
  if (nationality == "kr") return "韓国";
  if (nationality == "vn") return "ベトナム";
  if (nationality == "np" || nationality == "in" || nationality == "bd" || nationality == "pk" ||
      nationality == "lk") {
    return "インド・ネパール";
  }
  return "エスニック";
}

// Work that follows from a foreign resident's status, or "" when the status does not decide it
// (permanent residents and the like work as anyone else).
std::string StatusWork(Rng& rng, const Ward& ward, const DummyPerson& p) {
  const SV s = p.residence_status;
  if (s == "skilled_labor") return std::string(Cuisine(p.nationality)) + "料理店（調理師）";
  if (s == "student") {
    std::string out =
        rng.Chance(0.6) ? "日本語学校（留学）"
                        : std::string(rng.Pick(ward.place_words)) + "国際ビジネス専門学校（留学）";
    if (rng.Chance(0.6)) out.append("、コンビニエンスストア（アルバイト）");
    return out;
  }
  if (s == "engineer_humanities_international" || s == "intra_company_transferee" ||
      s.starts_with("highly_skilled_professional")) {
    return CompanyName(rng, ward) + "（正社員）";
  }
  if (s == "business_manager") {
    return rng.Chance(0.5) ? CompanyName(rng, ward) + "（代表取締役）"
                           : std::string(Cuisine(p.nationality)) + "料理店（経営）";
  }
  if (s == "nursing_care") return "介護施設（介護福祉士）";
  if (s.starts_with("specified_skilled_worker")) {
    static constexpr SV kFields[] = {"介護施設（特定技能）", "食品工場（特定技能）",
                                     "飲食店（特定技能）", "ビルクリーニング会社（特定技能）"};
    return std::string(rng.Pick(kFields));
  }
  if (s.starts_with("technical_intern_training")) return CompanyName(rng, ward) + "（技能実習）";
  if (s == "employment_for_skill_development") return CompanyName(rng, ward) + "（育成就労）";
  if (s == "professor") return std::string(rng.Pick(ward.place_words)) + "国際大学（教員）";
  if (s == "instructor") {
    return rng.Chance(0.5) ? "英会話スクール（講師）" : "区立中学校（外国語指導助手）";
  }
  if (s == "sofa") return "在日米軍（軍属）";
  if (s == "dependent") {
    return rng.Chance(0.4) ? "飲食店（パート、資格外活動許可あり）" : "無職";
  }
  if (s == "no_status" || s == "provisional_release") return "無職（就労不可）";
  if (s == "application_pending" || s == "designated_activities" || s == "temporary_visitor") {
    return rng.Chance(0.7) ? "無職" : "不明";
  }
  return {};
}

void SetWork(Rng& rng, const Ward& ward, WorkProfile profile, int age, DummyPerson& p) {
  if (p.nationality != kJapan) {
    std::string w = StatusWork(rng, ward, p);
    if (!w.empty()) {
      p.workplace = std::move(w);
      return;
    }
  }
  Employment e = rng.Weighted(EmploymentTable(profile));
  if (e == Employment::kPension && age < 60) e = Employment::kPartTime;
  if (e == Employment::kDayLabor && p.sex == "female") e = Employment::kPartTime;
  p.workplace = EmploymentText(rng, ward, e, p, age);
}

// ---------------------------------------------------------------------------------------------
// 所属

struct Affiliation {
  SV kind;
  std::string name;
};

constexpr WeightedItem<SV> kBabyCare[] = {
    {"not_enrolled", 55}, {"nursery", 38}, {"certified_childcare_center", 7}};
constexpr WeightedItem<SV> kNewbornCare[] = {{"not_enrolled", 80}, {"nursery", 20}};
constexpr WeightedItem<SV> kPreschoolCare[] = {{"nursery", 42},
                                               {"kindergarten", 33},
                                               {"certified_childcare_center", 15},
                                               {"not_enrolled", 8},
                                               {"special_needs_school", 2}};
constexpr WeightedItem<SV> kElementary[] = {
    {"elementary_school", 96}, {"special_needs_school", 3}, {"compulsory_education_school", 1}};
constexpr WeightedItem<SV> kJuniorHigh[] = {
    {"junior_high_school", 95}, {"special_needs_school", 3}, {"compulsory_education_school", 2}};
constexpr WeightedItem<SV> kHighSchool[] = {
    {"high_school", 86}, {"special_needs_school", 3}, {"other", 11}};

// The 所属 kind that fits the 学年 on `today`.
SV AffiliationKind(Rng& rng, const ja::SchoolGrade& g, int age) {
  using Stage = ja::SchoolGrade::Stage;
  switch (g.stage) {
    case Stage::kPreschool:
      if (age < 1) return rng.Weighted(kNewbornCare);
      return g.year <= -3 ? rng.Weighted(kBabyCare) : rng.Weighted(kPreschoolCare);
    case Stage::kElementary:
      return rng.Weighted(kElementary);
    case Stage::kJuniorHigh:
      return rng.Weighted(kJuniorHigh);
    case Stage::kHighSchool:
      return rng.Weighted(kHighSchool);
    case Stage::kBeyond:
      return "other";
  }
  return "unknown";
}

// Siblings of the same stage usually go to the same place.
class SchoolChooser {
 public:
  SchoolChooser(Rng& rng, SV tenant_id) : rng_(rng), tenant_id_(tenant_id) {}

  std::string Choose(SV kind) {
    for (const auto& [k, name] : chosen_) {
      if (k == kind && rng_.Chance(0.9)) return std::string(name);
    }
    const SV name = PickSchool(rng_, tenant_id_, kind);
    chosen_.emplace_back(kind, name);
    return std::string(name);
  }

 private:
  Rng& rng_;
  SV tenant_id_;
  std::vector<std::pair<SV, SV>> chosen_;
};

void SetAffiliation(Rng& rng, SchoolChooser& schools, Date today, DummyPerson& p) {
  const ja::SchoolGrade g = ja::GradeOn(p.birth_date, today);
  const int age = Age(p.birth_date, today);
  const SV kind = AffiliationKind(rng, g, age);
  p.affiliation_kind = std::string(kind);
  p.affiliation_name = schools.Choose(kind);
  p.grade = g.label_ja;
  // Below 年少 a nursery groups children by their age on 1 April: 0歳児クラス .. 2歳児クラス
  // (GradeOn's 未就園 would contradict the nursery).
  if (g.stage == ja::SchoolGrade::Stage::kPreschool && g.year <= -3 &&
      (kind == "nursery" || kind == "certified_childcare_center")) {
    p.grade = std::to_string(std::max(0, g.year + 5)) + "歳児クラス";
  }
}

// ---------------------------------------------------------------------------------------------
// People

DummyPerson NewPerson(SV role, SV relationship, Sex sex, Date birth, SV nationality,
                      SV residence_status, const PersonName& name) {
  DummyPerson p;
  p.role = std::string(role);
  p.relationship = std::string(relationship);
  p.name = name.Full();
  p.name_kana = name.FullKana();
  p.sex = std::string(SexCode(sex));
  p.birth_date = birth;
  p.nationality = std::string(nationality);
  p.residence_status = std::string(nationality == kJapan ? kJapaneseNational : residence_status);
  return p;
}

PersonName WithFamily(const PersonName& source) {
  PersonName n;
  n.family = source.family;
  n.family_kana = source.family_kana;
  return n;
}

// Age of a mother at her first child's birth, shaped like casework rather than the census:
// more teenage and very young mothers.
int MotherAgeAtFirstBirth(Rng& rng) {
  static constexpr WeightedItem<std::pair<int, int>> kBuckets[] = {
      {{16, 19}, 5}, {{20, 24}, 18}, {{25, 29}, 30}, {{30, 34}, 28}, {{35, 39}, 15}, {{40, 44}, 4}};
  const auto& [lo, hi] = rng.Weighted(kBuckets);
  return rng.Uniform(lo, hi);
}

// Husband's age minus wife's.
int SpouseAgeGap(Rng& rng) {
  static constexpr WeightedItem<std::pair<int, int>> kGaps[] = {
      {{-4, -1}, 12}, {{0, 3}, 45}, {{4, 7}, 28}, {{8, 14}, 15}};
  const auto& [lo, hi] = rng.Weighted(kGaps);
  return rng.Uniform(lo, hi);
}

// Children's birth dates, eldest first, and the index of the 本人 among them.
struct Children {
  std::vector<Date> births;
  std::vector<Sex> sexes;
  std::size_t principal = 0;
};

Children MakeChildren(Rng& rng, Date today) {
  Children c;
  const Date principal = BirthDateForAge(rng, today, rng.Uniform(0, 17));
  const int n = rng.Weighted(kChildCounts);
  const int older_wanted = rng.Uniform(0, n - 1);
  const int younger_wanted = n - 1 - older_wanted;
  auto gap = [&rng] { return rng.Uniform(150, 1100) + rng.Uniform(150, 1100); };

  std::vector<Date> older;
  Date cur = principal;
  for (int i = 0; i < older_wanted; ++i) {
    cur = rng.Chance(0.02) ? cur : cur.AddDays(-gap());  // twins now and then
    if (Age(cur, today) > 17) break;
    older.push_back(cur);
  }
  std::vector<Date> younger;
  cur = principal;
  for (int i = 0; i < younger_wanted; ++i) {
    cur = rng.Chance(0.02) ? cur : cur.AddDays(gap());
    if (today < cur) break;
    younger.push_back(cur);
  }
  c.births.assign(older.rbegin(), older.rend());
  c.principal = c.births.size();
  c.births.push_back(principal);
  c.births.insert(c.births.end(), younger.begin(), younger.end());
  for (std::size_t i = 0; i < c.births.size(); ++i) {
    c.sexes.push_back(rng.Chance(0.51) ? Sex::kMale : Sex::kFemale);
  }
  return c;
}

SV SiblingRelationship(bool older, Sex sex) {
  if (older) return sex == Sex::kMale ? "older_brother" : "older_sister";
  return sex == Sex::kMale ? "younger_brother" : "younger_sister";
}

ForeignMode DrawForeignMode(Rng& rng, FamilyStructure s) {
  if (!rng.Chance(0.10)) return ForeignMode::kNone;
  using F = FamilyStructure;
  using M = ForeignMode;
  switch (s) {
    case F::kTwoParents:
    case F::kMotherAndPartner: {
      static constexpr WeightedItem<M> kModes[] = {
          {M::kAll, 55}, {M::kMotherSide, 30}, {M::kFatherSide, 15}};
      return rng.Weighted(kModes);
    }
    case F::kSingleMother:
    case F::kStepFather: {
      static constexpr WeightedItem<M> kModes[] = {{M::kAll, 60}, {M::kMotherSide, 40}};
      return rng.Weighted(kModes);
    }
    case F::kSingleFather: {
      static constexpr WeightedItem<M> kModes[] = {{M::kAll, 60}, {M::kFatherSide, 40}};
      return rng.Weighted(kModes);
    }
    case F::kStepMother: {
      static constexpr WeightedItem<M> kModes[] = {
          {M::kAll, 50}, {M::kFatherSide, 30}, {M::kMotherSide, 20}};
      return rng.Weighted(kModes);
    }
    case F::kGrandparents:
      return M::kAll;
    case F::kAdoptive:
      return M::kNone;
  }
  return M::kNone;
}

// Everything MakeFamily needs while it builds one family.
class FamilyBuilder {
 public:
  FamilyBuilder(uint64_t seed, SV tenant_id, Date today)
      : base_(seed),
        structure_rng_(base_.Fork("structure")),
        children_rng_(base_.Fork("children")),
        ages_rng_(base_.Fork("ages")),
        names_rng_(base_.Fork("names")),
        nationality_rng_(base_.Fork("nationality")),
        address_rng_(base_.Fork("address")),
        school_rng_(base_.Fork("schools")),
        health_rng_(base_.Fork("health")),
        work_rng_(base_.Fork("work")),
        relative_rng_(base_.Fork("relative")),
        tenant_id_(tenant_id),
        ward_(WardFor(tenant_id)),
        today_(today) {}

  DummyFamily Build();

 private:
  Sex SexOf(const DummyPerson& p) const { return p.sex == "male" ? Sex::kMale : Sex::kFemale; }
  int AgeToday(Date birth) const { return Age(birth, today_); }
  void Given(SV nationality, Sex sex, Date birth, PersonName& name) {
    DrawGivenName(names_rng_, nationality, sex, birth.year, name);
  }
  PersonName NewName(SV nationality, Sex sex, Date birth) {
    return MakeName(names_rng_, nationality, sex, birth.year);
  }
  PersonName FamilyOf(SV nationality) {
    PersonName n;
    DrawFamilyName(names_rng_, nationality, n);
    return n;
  }
  SV Status(SV nationality, SV status) const {
    return nationality == kJapan ? kJapaneseNational : ValidStatus(status, today_);
  }

  Rng base_;
  Rng structure_rng_, children_rng_, ages_rng_, names_rng_, nationality_rng_, address_rng_,
      school_rng_, health_rng_, work_rng_, relative_rng_;
  SV tenant_id_;
  const Ward& ward_;
  Date today_;
};

DummyFamily FamilyBuilder::Build() {
  using F = FamilyStructure;
  DummyFamily family;
  const F s = structure_rng_.Weighted(kStructures);
  family.structure = s;

  const Children kids = MakeChildren(children_rng_, today_);
  const Date eldest = kids.births.front();
  const Date youngest = kids.births.back();
  const int eldest_age = AgeToday(eldest);

  // --- Nationalities. "Mother side" is the female adult (mother, stepmother; the grandmother
  // for grandparents), "father side" the male one (father, stepfather, partner).
  const ForeignMode mode = DrawForeignMode(nationality_rng_, s);
  SV country = kJapan;
  if (mode == ForeignMode::kAll) country = nationality_rng_.Weighted(kCountriesAll);
  if (mode == ForeignMode::kMotherSide) {
    country = nationality_rng_.Weighted(kCountriesForeignMother);
  }
  if (mode == ForeignMode::kFatherSide) {
    country = nationality_rng_.Weighted(kCountriesForeignFather);
  }
  const bool all = mode == ForeignMode::kAll;
  const SV mother_nat = all || mode == ForeignMode::kMotherSide ? country : kJapan;
  SV father_nat = all || mode == ForeignMode::kFatherSide ? country : kJapan;
  // A new partner of a foreign mother is often Japanese.
  if (all && (s == F::kStepFather || s == F::kMotherAndPartner) && nationality_rng_.Chance(0.4)) {
    father_nat = kJapan;
  }
  const SV kids_nat = all ? country : kJapan;

  // Statuses. The main adult of an all-foreign family comes first; the others follow from it.
  SV primary_status = kJapaneseNational;
  if (mode != ForeignMode::kNone) {
    primary_status = nationality_rng_.Weighted(PrimaryStatuses(country));
  }
  if (all && nationality_rng_.Chance(0.03)) {
    static constexpr WeightedItem<SV> kIrregular[] = {
        {"no_status", 4}, {"provisional_release", 4}, {"application_pending", 2}};
    primary_status = nationality_rng_.Weighted(kIrregular);
  }
  const SV spouse_status = mode == ForeignMode::kNone
                               ? primary_status
                               : SpouseStatus(nationality_rng_, country, primary_status);
  // A foreign adult married to (or, after divorce, raising the children of) a Japanese citizen.
  auto mixed_status = [&](bool married) -> SV {
    static constexpr WeightedItem<SV> kMarried[] = {{"spouse_of_japanese_national", 65},
                                                    {"permanent_resident", 35}};
    static constexpr WeightedItem<SV> kRaising[] = {{"long_term_resident", 45},
                                                    {"permanent_resident", 35},
                                                    {"spouse_of_japanese_national", 20}};
    return married ? nationality_rng_.Weighted(kMarried) : nationality_rng_.Weighted(kRaising);
  };

  // --- Ages of the adults, from the eldest child's birth.
  const int span = Age(eldest, youngest);
  int mother_at_eldest = std::min(MotherAgeAtFirstBirth(ages_rng_), std::max(16, 44 - span));
  int father_at_eldest = std::clamp(mother_at_eldest + SpouseAgeGap(ages_rng_), 17, 55);
  if (s == F::kAdoptive) {
    mother_at_eldest = ages_rng_.Uniform(28, 45);
    father_at_eldest = mother_at_eldest + ages_rng_.Uniform(-2, 6);
  }
  const Date mother_birth = BirthDateForAge(ages_rng_, eldest, mother_at_eldest);
  const Date father_birth = BirthDateForAge(ages_rng_, eldest, father_at_eldest);
  // A step-parent or partner: near the parent's age, an adult when the eldest was born.
  auto new_partner_birth = [&](Date parent_birth) {
    const int parent_age = AgeToday(parent_birth);
    const int age = std::max({20, eldest_age + 18, parent_age + ages_rng_.Uniform(-6, 10)});
    return BirthDateForAge(ages_rng_, today_, age);
  };
  // Grandparents: 20–34 at the birth of the (virtual) parent, no older than 85 today.
  auto grandparent_birth = [&](Date parent_birth, int extra) {
    const int parent_age = AgeToday(parent_birth);
    const int age = std::min(85, parent_age + ages_rng_.Uniform(20, 34) + extra);
    return BirthDateForAge(ages_rng_, today_, std::max(age, parent_age + 20));
  };

  // Guardians, then children, then relatives, built in place.
  std::vector<DummyPerson>& members = family.members;
  members.reserve(kids.births.size() + 3);
  std::vector<DummyPerson> relatives;
  PersonName kids_family;  // family name of the children (given names drawn per child)
  // The foreign adult whose status the children's derives from (all-foreign families).
  SV kids_status_source = primary_status;

  switch (s) {
    case F::kTwoParents:
    case F::kStepMother: {
      const bool step = s == F::kStepMother;
      PersonName father = NewName(father_nat, Sex::kMale, father_birth);
      Date mom_birth = step ? new_partner_birth(father_birth) : mother_birth;
      PersonName mother;
      if (mother_nat == father_nat && WifeTakesHusbandsName(names_rng_, mother_nat)) {
        mother = WithFamily(father);
      } else {
        mother = FamilyOf(mother_nat);
      }
      Given(mother_nat, Sex::kFemale, mom_birth, mother);
      const SV father_status = all ? primary_status : mixed_status(true);
      const SV mother_status = all ? spouse_status : mixed_status(true);
      members.push_back(NewPerson("guardian", "biological_father", Sex::kMale, father_birth,
                                  father_nat, Status(father_nat, father_status), father));
      members.push_back(NewPerson("guardian", step ? "stepmother" : "biological_mother",
                                  Sex::kFemale, mom_birth, mother_nat,
                                  Status(mother_nat, mother_status), mother));
      // Children carry the name of the parent who shares their nationality (the father's when
      // both do).
      if (kids_nat == father_nat) {
        kids_family = WithFamily(father);
      } else {
        kids_family = step ? FamilyOf(kids_nat) : WithFamily(mother);
      }
      break;
    }
    case F::kSingleMother: {
      PersonName mother = NewName(mother_nat, Sex::kFemale, mother_birth);
      const SV status = all ? primary_status : mixed_status(false);
      members.push_back(NewPerson("guardian", "biological_mother", Sex::kFemale, mother_birth,
                                  mother_nat, Status(mother_nat, status), mother));
      // After a divorce the children often keep their father's name while the mother returns
      // to hers.
      kids_family = kids_nat == mother_nat && names_rng_.Chance(0.75) ? WithFamily(mother)
                                                                      : FamilyOf(kids_nat);
      break;
    }
    case F::kSingleFather: {
      PersonName father = NewName(father_nat, Sex::kMale, father_birth);
      const SV status = all ? primary_status : mixed_status(false);
      members.push_back(NewPerson("guardian", "biological_father", Sex::kMale, father_birth,
                                  father_nat, Status(father_nat, status), father));
      kids_family = kids_nat == father_nat ? WithFamily(father) : FamilyOf(kids_nat);
      break;
    }
    case F::kStepFather:
    case F::kMotherAndPartner: {
      const bool married = s == F::kStepFather;
      const Date partner_birth = new_partner_birth(mother_birth);
      PersonName partner = NewName(father_nat, Sex::kMale, partner_birth);
      PersonName mother;
      if (married && mother_nat == father_nat && WifeTakesHusbandsName(names_rng_, mother_nat)) {
        mother = WithFamily(partner);
      } else {
        mother = FamilyOf(mother_nat);
      }
      Given(mother_nat, Sex::kFemale, mother_birth, mother);
      SV mother_status = primary_status;
      SV partner_status = spouse_status;
      if (all && father_nat == kJapan) {
        mother_status = married ? mixed_status(true) : primary_status;
      } else if (!all && mode == ForeignMode::kMotherSide) {
        mother_status = mixed_status(married);
      } else if ((!all && mode == ForeignMode::kFatherSide) || (all && !married)) {
        // An unmarried partner stays on his own status.
        partner_status = nationality_rng_.Weighted(PrimaryStatuses(country));
      }
      kids_status_source = mother_status;
      members.push_back(NewPerson("guardian", "biological_mother", Sex::kFemale, mother_birth,
                                  mother_nat, Status(mother_nat, mother_status), mother));
      members.push_back(NewPerson("guardian", married ? "stepfather" : "mothers_partner",
                                  Sex::kMale, partner_birth, father_nat,
                                  Status(father_nat, partner_status), partner));
      // Children keep the name of their own father unless they took their mother's new one.
      const bool take_mothers = kids_nat == mother_nat && names_rng_.Chance(married ? 0.5 : 0.8);
      kids_family = take_mothers ? WithFamily(mother) : FamilyOf(kids_nat);
      break;
    }
    case F::kGrandparents: {
      // Grandmother alone, both, or grandfather alone.
      const std::size_t who = relative_rng_.WeightedIndex(std::array<uint32_t, 3>{50, 40, 10});
      const bool grandmother = who <= 1;
      const bool grandfather = who >= 1;
      const Date gm_birth = grandparent_birth(mother_birth, 0);
      const Date gf_birth = BirthDateForAge(
          ages_rng_, today_, std::min(88, AgeToday(gm_birth) + SpouseAgeGap(ages_rng_)));
      const SV gp_nat = mother_nat;
      PersonName family_name = FamilyOf(gp_nat);
      const SV gm_status = GrandparentStatus(nationality_rng_, country);
      const SV gf_status = gm_status;
      kids_status_source = gm_status;
      if (grandfather) {
        PersonName gf = WithFamily(family_name);
        Given(gp_nat, Sex::kMale, gf_birth, gf);
        members.push_back(NewPerson("guardian", "grandfather", Sex::kMale, gf_birth, gp_nat,
                                    Status(gp_nat, gf_status), gf));
      }
      if (grandmother) {
        PersonName gm = grandfather && !WifeTakesHusbandsName(names_rng_, gp_nat)
                            ? FamilyOf(gp_nat)
                            : WithFamily(family_name);
        Given(gp_nat, Sex::kFemale, gm_birth, gm);
        members.push_back(NewPerson("guardian", "grandmother", Sex::kFemale, gm_birth, gp_nat,
                                    Status(gp_nat, gm_status), gm));
      }
      // Paternal grandparents share the children's name; maternal ones often do not.
      kids_family = names_rng_.Chance(0.5) ? WithFamily(family_name) : FamilyOf(kids_nat);
      break;
    }
    case F::kAdoptive: {
      PersonName father = NewName(kJapan, Sex::kMale, father_birth);
      PersonName mother = WithFamily(father);
      Given(kJapan, Sex::kFemale, mother_birth, mother);
      members.push_back(NewPerson("guardian", "adoptive_father", Sex::kMale, father_birth, kJapan,
                                  kJapaneseNational, father));
      members.push_back(NewPerson("guardian", "adoptive_mother", Sex::kFemale, mother_birth, kJapan,
                                  kJapaneseNational, mother));
      kids_family = WithFamily(father);
      break;
    }
  }

  // --- A relative living with the family, now and then.
  if (s != F::kGrandparents && relative_rng_.Chance(0.10)) {
    static constexpr WeightedItem<SV> kRelatives[] = {
        {"grandmother", 70}, {"grandfather", 15}, {"aunt", 8}, {"uncle", 7}};
    const SV rel = relative_rng_.Weighted(kRelatives);
    const bool male = rel == "grandfather" || rel == "uncle";
    const Sex sex = male ? Sex::kMale : Sex::kFemale;
    const DummyPerson& parent = members.front();
    const SV nat = parent.nationality;
    Date birth;
    if (rel == "grandmother" || rel == "grandfather") {
      birth = grandparent_birth(parent.birth_date, male ? 2 : 0);
    } else {
      const int age = std::max(18, AgeToday(parent.birth_date) + ages_rng_.Uniform(-8, 8));
      birth = BirthDateForAge(ages_rng_, today_, age);
    }
    PersonName name = relative_rng_.Chance(0.5) ? WithFamily(kids_family) : FamilyOf(nat);
    if (nat != kids_nat) name = FamilyOf(nat);
    Given(nat, sex, birth, name);
    SV status = GrandparentStatus(nationality_rng_, nat);
    if (parent.nationality != kJapan && !(rel == "grandmother" || rel == "grandfather")) {
      status = parent.residence_status;
    }
    relatives.push_back(NewPerson("relative", rel, sex, birth, nat, Status(nat, status), name));
  }

  // --- Children.
  const std::size_t guardian_count = members.size();
  family.principal = guardian_count + kids.principal;
  for (std::size_t i = 0; i < kids.births.size(); ++i) {
    PersonName name = WithFamily(kids_family);
    // Siblings never share a given name.
    for (int attempt = 0; attempt < 8; ++attempt) {
      Given(kids_nat, kids.sexes[i], kids.births[i], name);
      const std::string full = name.Full();
      const bool taken =
          std::any_of(members.begin() + static_cast<std::ptrdiff_t>(guardian_count), members.end(),
                      [&](const DummyPerson& c) { return c.name == full; });
      if (!taken) break;
    }
    SV rel = "self";
    if (i != kids.principal) rel = SiblingRelationship(i < kids.principal, kids.sexes[i]);
    const SV status = ChildStatus(nationality_rng_, kids_status_source);
    members.push_back(NewPerson("child", rel, kids.sexes[i], kids.births[i], kids_nat,
                                Status(kids_nat, status), name));
  }

  // --- Address, 所属, health, work.
  const std::string address = MakeAddress(address_rng_, ward_);
  SchoolChooser schools(school_rng_, tenant_id_);
  members.insert(members.end(), std::make_move_iterator(relatives.begin()),
                 std::make_move_iterator(relatives.end()));
  const std::size_t children_end = guardian_count + kids.births.size();
  for (std::size_t i = guardian_count; i < children_end; ++i) {
    DummyPerson& c = members[i];
    c.address = address;
    SetAffiliation(school_rng_, schools, today_, c);
    ChildHealth(health_rng_, ward_, AgeToday(c.birth_date), c);
    if (c.affiliation_kind == "other") {
      c.workplace = work_rng_.Chance(0.6)
                        ? std::string(work_rng_.Pick(kPartTimePlaces)) + "（アルバイト）"
                        : "無職";
    }
  }
  const bool has_baby = AgeToday(youngest) < 1;
  for (std::size_t i = 0; i < guardian_count; ++i) {
    DummyPerson& g = members[i];
    g.address = address;
    const int age = AgeToday(g.birth_date);
    AdultHealth(health_rng_, ward_, age, g);
    if (has_baby && g.relationship == "biological_mother" && health_rng_.Chance(0.08)) {
      g.health = "産後うつの疑い";
      g.clinic = ClinicName(health_rng_, ward_, ClinicKind::kMental);
    }
    WorkProfile profile = WorkProfile::kFather;
    const bool single = guardian_count == 1;
    if (g.relationship == "grandmother" || g.relationship == "grandfather") {
      profile = WorkProfile::kElder;
    } else if (g.relationship == "mothers_partner") {
      profile = WorkProfile::kPartner;
    } else if (SexOf(g) == Sex::kFemale) {
      profile = single ? WorkProfile::kSingleMother : WorkProfile::kMother;
    } else {
      profile = single ? WorkProfile::kSingleFather : WorkProfile::kFather;
    }
    SetWork(work_rng_, ward_, profile, age, g);
  }
  for (std::size_t i = children_end; i < members.size(); ++i) {
    DummyPerson& r = members[i];
    r.address = address;
    const int age = AgeToday(r.birth_date);
    AdultHealth(health_rng_, ward_, age, r);
    SetWork(work_rng_, ward_, age >= 55 ? WorkProfile::kElder : WorkProfile::kPartner, age, r);
  }

  family.foreign = std::any_of(family.members.begin(), family.members.end(),
                               [](const DummyPerson& p) { return p.nationality != kJapan; });
  return family;
}

}  // namespace

std::string_view FamilyStructureLabel(FamilyStructure structure) {
  switch (structure) {
    case FamilyStructure::kTwoParents:
      return "ふたり親世帯";
    case FamilyStructure::kSingleMother:
      return "母子世帯";
    case FamilyStructure::kSingleFather:
      return "父子世帯";
    case FamilyStructure::kStepFather:
      return "ステップファミリー（継父）";
    case FamilyStructure::kStepMother:
      return "ステップファミリー（継母）";
    case FamilyStructure::kMotherAndPartner:
      return "実母と交際相手";
    case FamilyStructure::kGrandparents:
      return "祖父母が養育";
    case FamilyStructure::kAdoptive:
      return "養親家庭";
  }
  return {};
}

Date BirthDateForAge(Rng& rng, Date on, int age) {
  // The latest such birth date is `age` years before `on`; any of the 364 days before it keeps
  // the age (a year has at least 365 days).
  return ShiftYears(on, -age).AddDays(-rng.Uniform(0, 364));
}

DummyFamily MakeFamily(Rng& rng, std::string_view tenant_id, Date today) {
  FamilyBuilder builder(rng.Next(), tenant_id, today);
  return builder.Build();
}

DummyPerson MakeExpectantMother(Rng& rng, std::string_view tenant_id, Date today) {
  Rng base(rng.Next());
  Rng ages = base.Fork("ages");
  Rng names = base.Fork("names");
  Rng nationality = base.Fork("nationality");
  Rng address = base.Fork("address");
  Rng health = base.Fork("health");
  Rng work = base.Fork("work");
  Rng school = base.Fork("schools");
  const Ward& ward = WardFor(tenant_id);

  // 特定妊婦 are often very young, or older with other risks.
  static constexpr WeightedItem<std::pair<int, int>> kAges[] = {{{15, 19}, 25}, {{20, 24}, 25},
                                                                {{25, 29}, 15}, {{30, 34}, 13},
                                                                {{35, 39}, 12}, {{40, 45}, 10}};
  const auto& [lo, hi] = ages.Weighted(kAges);
  const Date birth = BirthDateForAge(ages, today, ages.Uniform(lo, hi));
  const int age = Age(birth, today);

  SV nat = kJapan;
  SV status = kJapaneseNational;
  if (nationality.Chance(0.12)) {
    static constexpr WeightedItem<SV> kCountries[] = {{"vn", 30}, {"ph", 20}, {"cn", 15},
                                                      {"np", 10}, {"id", 10}, {"mm", 5},
                                                      {"th", 5},  {"br", 5}};
    nat = nationality.Weighted(kCountries);
    // Pregnant technical interns (育成就労 from 2027-04-01) are a known casework situation.
    const SV intern =
        CodeCatalog::BuiltIn().IsValidOn("residence_status", "technical_intern_training_2a", today)
            ? SV("technical_intern_training_2a")
            : SV("employment_for_skill_development");
    const std::vector<WeightedItem<SV>> statuses = {{intern, 40},
                                                    {"student", 20},
                                                    {"spouse_of_japanese_national", 15},
                                                    {"permanent_resident", 10},
                                                    {"specified_skilled_worker_1", 10},
                                                    {"no_status", 5}};
    status = ValidStatus(nationality.Weighted(statuses), today);
  }
  const PersonName name = MakeName(names, nat, Sex::kFemale, birth.year);
  DummyPerson p = NewPerson("expectant_mother", "self", Sex::kFemale, birth, nat, status, name);
  p.address = MakeAddress(address, ward);

  // Still of school age: her 所属 as for any child.
  const ja::SchoolGrade grade = ja::GradeOn(birth, today);
  if (grade.stage != ja::SchoolGrade::Stage::kBeyond) {
    SchoolChooser schools(school, tenant_id);
    SetAffiliation(school, schools, today, p);
  } else {
    SetWork(work, ward, WorkProfile::kSingleMother, age, p);
  }

  static constexpr WeightedItem<std::pair<SV, bool>> kNotes[] = {
      {{"", true}, 40},
      {{"（妊婦健診未受診）", false}, 25},
      {{"（つわりが重い）", true}, 10},
      {{"（精神科通院歴あり）", true}, 10},
      {{"（母子健康手帳未交付）", false}, 10},
      {{"（切迫早産で通院中）", true}, 5}};
  const auto& [note, has_clinic] = health.Weighted(kNotes);
  p.health = "妊娠" + std::to_string(health.Uniform(6, 38)) + "週" + std::string(note);
  if (has_clinic) p.clinic = ClinicName(health, ward, ClinicKind::kObstetric);
  return p;
}

}  // namespace yorisoi::dummy
