// The sentence templates of the dummy case generator (cases.cpp): what a ward's 相談記録, 経過記録
// and 対応方針 say, by kind of case. Templates only — every person, place and event they describe
// is invented; the generator fills in the invented family's details.
//
// A template is Japanese text with {key} placeholders (ASCII keys). The generator fills it from
// the case's facts; a template whose placeholder has no value for the case is skipped (so "{sib}"
// templates only apply to children with a sibling). Keys:
//   age      本児の年齢 on the record's day ("7歳", "生後5か月")
//   grade    学年 on that day ("小学2年", "年中"); none for 未就園 and adults
//   school   the 所属's name on that day; staff ("担任", "担当保育士"), place ("学校", "保育園")
//   g, gage  the main guardian as the child's relation ("母", "祖母"; "本人" for 特定妊婦) and age
//   gcall    how the child calls the main guardian ("お母さん")
//   gwork    the main guardian's work as a phrase ("パート勤務")
//   p2       the other adult of a couple ("父", "継父", "母の交際相手")
//   ab, abcall  the alleged abuser as relation and as the child calls them
//   sib      a sibling ("妹"); chealth, clinic: the child's notable health and clinic
//   nat, rs, lang  the main guardian's 国籍, 在留資格 and language, for foreign families
//   from     who reported or consulted ("区立落合小学校の担任", "近隣住民（匿名希望）")
//   police, hc, hospital  invented local institutions
//   part, injury  a body part and an injury, for physical abuse
//   week, checkup  pregnancy week and 妊婦健診 status, for 特定妊婦
//   date, next  the record's day and a later day ("7月3日"); month: when a problem began
#pragma once

#include <span>
#include <string_view>

namespace yorisoi::dummy::texts {

using SV = std::string_view;

// The story of a case: its 相談種別 (and abuse sub-type) seen as a kind of situation.
enum class Theme {
  kPhysical,
  kPsychological,
  kWitnessedDv,
  kNeglect,
  kSexual,
  kCareOther,
  kHealth,
  kDisability,
  kDevelopmental,
  kDelinquency,
  kTruancy,
  kBehavior,
  kAptitude,
  kParenting,
  kOther,
  kExpectant,
};
inline constexpr int kThemeCount = 16;

bool IsAbuse(Theme t);

// Who brought the case, as far as the wording of the first record goes.
// kSelf: the main guardian ({g}) consults; kOtherParent: the other adult ({from}) consults about
// the main guardian ({ab}).
enum class RouteGroup { kAny, kPolice, kAffiliation, kNeighbor, kSelf, kOtherParent, kAgency };

struct Intake {
  RouteGroup group;
  SV text;
};

struct ThemeTexts {
  std::span<const Intake> intake;    // 【通告内容】/【相談内容】 of the first record
  std::span<const SV> situation;     // 【状況】 of the first record
  std::span<const SV> followup;      // 【経過】 of later records
  std::span<const SV> notes;         // 経過記録 specific to the theme
  std::span<const SV> first_policy;  // the first 対応方針
  std::span<const SV> next_actions;  // 次の対応
};
const ThemeTexts& For(Theme theme);

// The child as seen at a visit, by age (0–2, 3–5, 6–12, 13–17): behaviour and appearance.
std::span<const SV> ChildDemeanor(int age);
std::span<const SV> ChildCondition(int age);
// An expectant mother (本人) as seen at a visit.
std::span<const SV> ExpectantSeen();
// 【経過】 sentences for any theme, and 対応方針 for any theme (when the theme's need a 所属).
std::span<const SV> GeneralFollowup();
std::span<const SV> GenericPolicies();
// 【状況】 of the first record: what the office checked on receiving the case.
std::span<const SV> IntakeChecks();
// Sentences about a foreign family (language, status).
std::span<const SV> Foreign();
// Openings of a later record by consultation_method code (home_visit, phone, ...).
std::span<const SV> MethodOpening(SV method);
// 【対応】 of the first record and 【所見・今後の対応】 of later ones.
std::span<const SV> FirstResponse(bool abuse);
std::span<const SV> Assessment(bool abuse);
// Progress notes: the first (受理), routine ones, and the last of a closed or transferred case.
std::span<const SV> FirstNote(bool abuse);
std::span<const SV> RoutineNotes();
std::span<const SV> SafetyNotes();  // 安全確認 within 48 hours (abuse)
std::span<const SV> ClosingNotes();
// [0]: sent to the 児童相談所, [1]: handed to the ward the family moved to; likewise for
// TransferPolicies.
std::span<const SV> TransferNotes();
// A correction of an earlier note ({cdate} is that note's day, {wrong}/{right} a slip in it), and
// an addendum to one when no slip fits its text.
std::span<const SV> Corrections();
std::span<const SV> Addenda();
struct Mistake {
  SV wrong;
  SV right;
};
std::span<const Mistake> Mistakes();
// 対応方針 after the first: review, closing, transfer.
std::span<const SV> ReviewPolicies(bool abuse);
std::span<const SV> ReviewNextActions();
std::span<const SV> ClosingPolicies();
std::span<const SV> TransferPolicies();
// Why the parents are absent when grandparents raise the child.
std::span<const SV> ParentsAbsent();

}  // namespace yorisoi::dummy::texts
