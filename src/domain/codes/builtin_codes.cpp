// The code lists of /shared/spec/domain-codes.md, in the document's order. Codes are stable: once
// stored in a record they are never renamed or reused. A list that changes gets validity dates
// (valid_to on the old entry, valid_from on the new one), never an edit of an existing code.
#include "domain/codes/builtin_codes.hpp"

#include <initializer_list>
#include <utility>

namespace yorisoi::domain::codes_internal {
namespace {

// 2024 amendment of the 入管法 (育成就労): in force on 2027-04-01.
constexpr core::Date kIkuseiShuroStart{2027, 4, 1};
constexpr core::Date kGinoJisshuEnd{2027, 3, 31};

// Writes a list in reading order. Group() sets the group of the entries that follow; Top() adds
// a top-level entry; Child() adds an entry under an earlier one; From/To/Flag amend the entry
// just added.
class ListBuilder {
 public:
  ListBuilder(std::string name, std::string label) {
    list_.name = std::move(name);
    list_.label = std::move(label);
  }
  ListBuilder& Group(std::string group) {
    group_ = std::move(group);
    return *this;
  }
  ListBuilder& Top(std::string code, std::string label) {
    return Child({}, std::move(code), std::move(label));
  }
  ListBuilder& Child(std::string parent, std::string code, std::string label) {
    CodeEntry e;
    e.code = std::move(code);
    e.label = std::move(label);
    e.parent = std::move(parent);
    e.group = group_;
    list_.entries.push_back(std::move(e));
    return *this;
  }
  ListBuilder& From(core::Date d) {
    list_.entries.back().valid_from = d;
    return *this;
  }
  ListBuilder& To(core::Date d) {
    list_.entries.back().valid_to = d;
    return *this;
  }
  ListBuilder& Flag(std::string flag) {
    list_.entries.back().flags.push_back(std::move(flag));
    return *this;
  }
  // Top-level entries without group, from (code, label) pairs.
  ListBuilder& Tops(std::initializer_list<std::pair<const char*, const char*>> items) {
    for (const auto& [code, label] : items) Top(code, label);
    return *this;
  }
  CodeList Take() { return std::move(list_); }

 private:
  CodeList list_;
  std::string group_;
};

// 相談種別: the 中分類 are the entries, the 大分類 their group; the four kinds of 児童虐待 are
// children of `abuse` (福祉行政報告例, 児童相談所運営指針).
CodeList ConsultationType() {
  ListBuilder b("consultation_type", "相談種別");
  b.Group("養護相談")
      .Top("abuse", "児童虐待相談")
      .Child("abuse", "physical", "身体的虐待")
      .Child("abuse", "sexual", "性的虐待")
      .Child("abuse", "psychological", "心理的虐待")
      .Flag("witnessed_dv")  // 面前DV is recorded as 心理的虐待 with this marker
      .Child("abuse", "neglect", "ネグレクト")
      .Top("care_other", "その他の相談（養育困難・棄児・迷子・養子縁組 等）");
  b.Group("保健相談").Top("health", "保健相談");
  b.Group("障害相談")
      .Top("disability_physical", "肢体不自由相談")
      .Top("disability_sensory", "視聴覚障害相談")
      .Top("disability_speech", "言語発達障害等相談")
      .Top("disability_severe", "重症心身障害相談")
      .Top("disability_intellectual", "知的障害相談")
      .Top("disability_developmental", "発達障害相談");
  b.Group("非行相談")
      .Top("delinquency_prone", "ぐ犯等相談")
      .Top("delinquency_offense", "触法行為等相談");
  b.Group("育成相談")
      .Top("upbringing_behavior", "性格行動相談")
      .Top("upbringing_truancy", "不登校相談")
      .Top("upbringing_aptitude", "適性相談")
      .Top("upbringing_parenting", "育児・しつけ相談");
  b.Group("その他").Top("other", "その他の相談");
  return b.Take();
}

// 相談経路. The two kinds of 家族 are children of `family`; the labels repeat 家族 so that a stored
// code reads on its own.
CodeList ReferralRoute() {
  ListBuilder b("referral_route", "相談経路");
  b.Top("family", "家族")
      .Child("family", "family_abuser", "家族（虐待者本人）")
      .Child("family", "family_non_abuser", "家族（虐待者以外）");
  b.Tops({
      {"relative", "親戚"},
      {"neighbor_acquaintance", "近隣・知人"},
      {"child_self", "児童本人"},
      {"child_welfare_commissioner", "児童委員"},
      {"police", "警察等"},
      {"welfare_office", "福祉事務所"},
      {"municipal_health_center", "保健センター"},
      {"municipality_other", "市町村その他"},
      {"nursery", "保育所"},
      {"child_welfare_facility", "児童福祉施設"},
      {"kindergarten", "幼稚園"},
      {"school", "学校"},
      {"board_of_education", "教育委員会"},
      {"medical_institution", "医療機関"},
      {"public_health_center", "保健所"},
      {"child_guidance_center", "児童相談所"},
      {"other", "その他"},
  });
  return b.Take();
}

CodeList MainAbuser() {
  ListBuilder b("main_abuser", "主たる虐待者");
  b.Tops({
      {"biological_father", "実父"},
      {"father_other", "実父以外の父親"},
      {"biological_mother", "実母"},
      {"mother_other", "実母以外の母親"},
      {"other", "その他"},
  });
  return b.Take();
}

CodeList ConsultationMethod() {
  ListBuilder b("consultation_method", "相談方法");
  b.Tops({
      {"home_visit", "訪問"},
      {"office_visit", "来所"},
      {"phone", "電話"},
      {"agency_visit", "関係機関訪問"},
      {"affiliation_visit", "所属訪問"},  // the child's school, nursery, ...
      {"meeting", "会議"},
      {"other", "その他"},
  });
  return b.Take();
}

// 続柄 (relationship to the child). For a 特定妊婦 case the mother is `self` (本人) and her partner
// `fetus_father`, which is flagged so that pickers can offer it only there.
CodeList Relationship() {
  ListBuilder b("relationship", "続柄");
  b.Tops({
      {"self", "本人"},
      {"biological_father", "実父"},
      {"biological_mother", "実母"},
      {"adoptive_father", "養父"},
      {"adoptive_mother", "養母"},
      {"stepfather", "継父"},
      {"stepmother", "継母"},
      {"grandfather", "祖父"},
      {"grandmother", "祖母"},
      {"older_brother", "兄"},
      {"older_sister", "姉"},
      {"younger_brother", "弟"},
      {"younger_sister", "妹"},
      {"uncle", "おじ"},
      {"aunt", "おば"},
      {"mothers_partner", "母の交際相手"},
      {"fathers_partner", "父の交際相手"},
      {"foster_parent", "里親"},
      {"other", "その他"},
  });
  b.Top("fetus_father", "胎児の父").Flag("expectant_mother_case");
  return b.Take();
}

// Recorded as given; never guessed.
CodeList Sex() {
  ListBuilder b("sex", "性別");
  b.Tops({{"male", "男"}, {"female", "女"}, {"other", "その他"}, {"unknown", "不明"}});
  return b.Take();
}

// 所属 kinds; the school's name is a separate free-text field.
CodeList AffiliationKind() {
  ListBuilder b("affiliation_kind", "所属");
  b.Tops({
      {"not_enrolled", "未就園"},
      {"nursery", "保育所"},
      {"certified_childcare_center", "認定こども園"},
      {"kindergarten", "幼稚園"},
      {"elementary_school", "小学校"},
      {"junior_high_school", "中学校"},
      {"compulsory_education_school", "義務教育学校"},
      {"high_school", "高等学校"},
      {"special_needs_school", "特別支援学校"},
      {"other", "その他"},
      {"unknown", "不明"},
  });
  return b.Take();
}

// 在留資格: the 29 statuses of 入管法 別表第一 and 別表第二 with the sub-categories a form asks
// for, the 2027-04-01 change (技能実習 → 育成就労, new 企業内転勤2号), and the values that are not
// a status but that a form needs (group 在留資格以外). Codes follow the Immigration Services
// Agency's English names.
CodeList ResidenceStatus() {
  ListBuilder b("residence_status", "在留資格");
  b.Group("別表第一")
      .Top("diplomat", "外交")
      .Top("official", "公用")
      .Top("professor", "教授")
      .Top("artist", "芸術")
      .Top("religious_activities", "宗教")
      .Top("journalist", "報道")
      .Top("highly_skilled_professional", "高度専門職")
      .Child("highly_skilled_professional", "highly_skilled_professional_1a", "高度専門職1号イ")
      .Child("highly_skilled_professional", "highly_skilled_professional_1b", "高度専門職1号ロ")
      .Child("highly_skilled_professional", "highly_skilled_professional_1c", "高度専門職1号ハ")
      .Child("highly_skilled_professional", "highly_skilled_professional_2", "高度専門職2号")
      .Top("business_manager", "経営・管理")
      .Top("legal_accounting_services", "法律・会計業務")
      .Top("medical_services", "医療")
      .Top("researcher", "研究")
      .Top("instructor", "教育")
      .Top("engineer_humanities_international", "技術・人文知識・国際業務")
      .Top("intra_company_transferee", "企業内転勤")
      .Child("intra_company_transferee", "intra_company_transferee_2", "企業内転勤2号")
      .From(kIkuseiShuroStart)
      .Top("nursing_care", "介護")
      .Top("entertainer", "興行")
      .Top("skilled_labor", "技能")
      .Top("specified_skilled_worker", "特定技能")
      .Child("specified_skilled_worker", "specified_skilled_worker_1", "特定技能1号")
      .Child("specified_skilled_worker", "specified_skilled_worker_2", "特定技能2号")
      .Top("technical_intern_training", "技能実習")
      .To(kGinoJisshuEnd);
  for (const auto& [suffix, label] :
       std::initializer_list<std::pair<const char*, const char*>>{{"1a", "技能実習1号イ"},
                                                                  {"1b", "技能実習1号ロ"},
                                                                  {"2a", "技能実習2号イ"},
                                                                  {"2b", "技能実習2号ロ"},
                                                                  {"3a", "技能実習3号イ"},
                                                                  {"3b", "技能実習3号ロ"}}) {
    b.Child("technical_intern_training", std::string("technical_intern_training_") + suffix, label)
        .To(kGinoJisshuEnd);
  }
  b.Top("employment_for_skill_development", "育成就労")
      .From(kIkuseiShuroStart)
      .Top("cultural_activities", "文化活動")
      .Top("temporary_visitor", "短期滞在")
      .Top("student", "留学")
      .Top("trainee", "研修")
      .Top("dependent", "家族滞在")
      .Top("designated_activities", "特定活動");
  b.Group("別表第二")
      .Top("permanent_resident", "永住者")
      .Top("spouse_of_japanese_national", "日本人の配偶者等")
      .Top("spouse_of_permanent_resident", "永住者の配偶者等")
      .Top("long_term_resident", "定住者");
  b.Group("在留資格以外")
      .Top("special_permanent_resident", "特別永住者")
      .Top("japanese_national", "日本国籍（該当なし）")
      .Top("sofa", "日米地位協定該当者")
      .Top("no_status", "在留資格なし")
      .Top("provisional_release", "仮放免")
      .Top("application_pending", "申請中")
      .Top("unknown", "不明");
  return b.Take();
}

// 受理 → 調査 → 支援中 → 終結, or 移管; the two that end a case are flagged `terminal`.
CodeList CaseStatus() {
  ListBuilder b("case_status", "ケースの状況");
  b.Top("received", "受理")
      .Top("investigating", "調査")
      .Top("supporting", "支援中")
      .Top("closed", "終結")
      .Flag("terminal")
      .Top("transferred", "移管")
      .Flag("terminal");
  return b.Take();
}

// 要保護児童対策地域協議会 (要対協) registration class.
CodeList YotaikyoClass() {
  ListBuilder b("yotaikyo_class", "要対協登録区分");
  b.Tops({
      {"protection_needed", "要保護児童"},
      {"support_needed", "要支援児童"},
      {"expectant_mother", "特定妊婦"},
  });
  return b.Take();
}

// The role of a person on a case; the codes are fixed by interface.md (person.role).
CodeList PersonRole() {
  ListBuilder b("person_role", "関係者の区分");
  b.Tops({
      {"consulter", "相談者"},
      {"child", "児童"},
      {"guardian", "保護者"},
      {"relative", "親族"},
      {"expectant_mother", "特定妊婦"},
  });
  return b.Take();
}

// 48時間ルール: how the child's safety was confirmed.
CodeList SafetyConfirmationMethod() {
  ListBuilder b("safety_confirmation_method", "安全確認の方法");
  b.Tops({
      {"seen_directly", "目視"},
      {"via_agency", "関係機関による確認"},
      {"not_confirmed", "未確認"},
  });
  return b.Take();
}

// 外傷の種類 for the injury record. domain-codes.md names あざ, 傷, やけど and leaves the rest
// open; the others are the kinds a 虐待対応 body chart usually distinguishes.
CodeList InjuryType() {
  ListBuilder b("injury_type", "外傷の種類");
  b.Top("bruise", "あざ")
      .Top("wound", "傷")
      .Child("wound", "cut", "切り傷")
      .Child("wound", "abrasion", "擦り傷")
      .Child("wound", "scratch", "ひっかき傷")
      .Child("wound", "bite", "かみ傷")
      .Top("burn", "やけど")
      .Child("burn", "cigarette_burn", "たばこによるやけど")
      .Child("burn", "scald", "熱湯によるやけど");
  b.Tops({
      {"swelling", "腫れ"},
      {"redness", "発赤"},
      {"bleeding", "出血"},
      {"fracture", "骨折"},
      {"hair_loss", "脱毛・抜毛"},
      {"scar", "傷あと"},
      {"other", "その他"},
  });
  return b.Take();
}

// The nationalities most often met in municipal casework; codes are ISO 3166-1 alpha-2 in lower
// case. Any other country is `other` until a full list is loaded as data.
CodeList Nationality() {
  ListBuilder b("nationality", "国籍");
  b.Tops({
      {"jp", "日本"},
      {"cn", "中国"},
      {"vn", "ベトナム"},
      {"kr", "韓国"},
      {"ph", "フィリピン"},
      {"br", "ブラジル"},
      {"np", "ネパール"},
      {"id", "インドネシア"},
      {"mm", "ミャンマー"},
      {"us", "米国"},
      {"th", "タイ"},
      {"tw", "台湾"},
      {"pe", "ペルー"},
      {"in", "インド"},
      {"lk", "スリランカ"},
      {"bd", "バングラデシュ"},
      {"pk", "パキスタン"},
      // 朝鮮 is its own entry in Japanese resident records (朝鮮籍; common among 特別永住者) and is
      // not the same as a state: it has no ISO code.
      {"chosen", "朝鮮"},
      {"other", "その他"},
      {"unknown", "不明"},
      {"stateless", "無国籍"},
  });
  return b.Take();
}

}  // namespace

std::vector<CodeList> BuiltInCodeLists() {
  std::vector<CodeList> lists;
  lists.push_back(ConsultationType());
  lists.push_back(ReferralRoute());
  lists.push_back(MainAbuser());
  lists.push_back(ConsultationMethod());
  lists.push_back(Relationship());
  lists.push_back(Sex());
  lists.push_back(AffiliationKind());
  lists.push_back(ResidenceStatus());
  lists.push_back(CaseStatus());
  lists.push_back(YotaikyoClass());
  lists.push_back(SafetyConfirmationMethod());
  lists.push_back(InjuryType());
  // Not lists of domain-codes.md, but fields of interface.md that need one.
  lists.push_back(PersonRole());
  lists.push_back(Nationality());
  return lists;
}

}  // namespace yorisoi::domain::codes_internal
