// Fictitious people and families for demos, tests and benchmarks (ダミーデータ: 入力及び取込み
// テストにおいては、ダミーデータを使う). Everything is invented and deterministic: the same seed,
// tenant and date give the same family on every machine.
//
// A family is what a consultation case is about: guardians, the children (one of them the case's
// 本人), sometimes a relative living with them. The mix follows municipal casework rather than
// the census: single mothers are frequent, there are step-parents, partners and grandparents
// raising children, and about one family in ten is foreign or of mixed nationality, with a
// residence status valid on `today`. Codes are those of the built-in code lists (CodeCatalog):
// role → person_role, relationship → relationship, sex → sex, nationality → nationality,
// residence_status → residence_status, affiliation_kind → affiliation_kind.
//
// Thread-safety: the functions only read immutable tables; use one Rng per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "dummy/random.hpp"

namespace yorisoi::dummy {

struct DummyPerson {
  std::string role;          // person_role: guardian, child, relative, expectant_mother
  std::string relationship;  // relationship to the family's 本人 (self for that child)
  std::string name;          // family + "　" + given (kanji, or katakana for most foreigners)
  std::string name_kana;     // hiragana, family + "　" + given
  std::string sex;           // sex: male / female
  core::Date birth_date;
  std::string nationality;       // nationality: jp, cn, vn, ...
  std::string residence_status;  // residence_status; japanese_national for nationality jp
  std::string address;
  // Children (and an expectant mother still of school age): the 所属 kind that fits the 学年 of
  // the birth date (ja::GradeOn), the institution's name ("" for 未就園 and その他) and the 学年
  // label of GradeOn ("小学3年", "年中", "未就園") — except that a child under 年少 in a nursery
  // is in its age class ("0歳児クラス" .. "2歳児クラス"). Empty for adults.
  std::string affiliation_kind;
  std::string affiliation_name;
  std::string grade;
  std::string workplace;  // adults: employer and kind of work, 無職, 専業主婦 ...; "" for children
  std::string health;  // a short phrase: 良好, 喘息あり, 通院中（精神科） ...
  std::string clinic;  // an invented 医院/クリニック, or "" when none is known
};

enum class FamilyStructure {
  kTwoParents,    // 実父・実母
  kSingleMother,  // 母子世帯
  kSingleFather,  // 父子世帯
  kStepFather,    // 実母・継父
  kStepMother,    // 実父・継母
  kMotherAndPartner,  // 実母・母の交際相手 (the partner counted as a guardian: 現に監護する者)
  kGrandparents,  // 祖父母（祖母のみ・祖父のみを含む）が養育
  kAdoptive,      // 養父・養母
};
// Japanese label, e.g. "母子世帯".
std::string_view FamilyStructureLabel(FamilyStructure structure);

struct DummyFamily {
  FamilyStructure structure = FamilyStructure::kTwoParents;
  // Guardians first, then the children eldest first, then relatives living with them.
  std::vector<DummyPerson> members;
  std::size_t principal = 0;  // index in `members` of the child whose relationship is self
  bool foreign = false;       // some member's nationality is not jp
};

// One family living in the tenant's ward (WardFor), as of `today`. Draws exactly one number from
// `rng` and builds the family from streams forked off it, so a family's content never shifts
// the families drawn after it. Children are 0–17 on `today`; the 本人's age is uniform over
// 0–17.
DummyFamily MakeFamily(Rng& rng, std::string_view tenant_id, core::Date today);

// A 特定妊婦 (expectant mother in need of support), 15–45 years old on `today`, with role
// expectant_mother and relationship self; health says the week of pregnancy. Draws exactly one
// number from `rng`.
DummyPerson MakeExpectantMother(Rng& rng, std::string_view tenant_id, core::Date today);

// A birth date on which someone is exactly `age` on `on` (ja::AgeOn), uniform over the year.
core::Date BirthDateForAge(Rng& rng, core::Date on, int age);

}  // namespace yorisoi::dummy
