// A person on a case, with every record item of the seed (記録項目): 氏名・ふりがな, 性別, 続柄,
// 生年月日, 住所, 年齢 (derived), 所属 (kind + name), 学年 (derived, overridable), 勤務先,
// 健康状態, 通院先, 国籍, 在留資格. Values are personal data: they never appear in logs or errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/codes/code_list.hpp"

namespace yorisoi::domain {

struct Person {
  std::string id;  // "per_" + random
  std::string case_id;
  std::string role;  // person_role code: consulter, child, guardian, relative, expectant_mother
  std::string name;  // 氏名 (may be empty for an anonymous 相談者)
  std::string name_kana;
  std::string sex;           // sex code; "unknown" when not given (never guessed)
  std::string relationship;  // relationship code (to the child)
  std::optional<core::Date> birth_date;
  std::string address;
  std::string affiliation_kind;  // affiliation_kind code (所属の種類)
  std::string affiliation_name;  // school / nursery name
  std::string grade_override;  // 学年 as recorded when it differs from the derived one (留年…)
  std::string workplace;
  std::string health;
  std::string clinic;
  std::string nationality;       // nationality code
  std::string residence_status;  // residence_status code
  core::TimePoint created_at;
  core::TimePoint updated_at;
  int64_t version = 1;
};

// Derived items, as of a day (the ward's "today").
struct PersonDerived {
  std::optional<int> age;   // completed years; none without a birth date
  std::string grade_label;  // "小学3年", "年長", ... or the override; empty when none applies
  bool grade_overridden = false;
};
PersonDerived DerivePerson(const Person& person, core::Date today);

// Every rule, each failure naming the field: codes known and valid on `today`, dates real and
// not in the future, lengths, ふりがな only kana, 在留資格 only with a foreign nationality, a child
// under 18 on the day, an expectant mother with her own 続柄 (本人).
core::Status ValidatePerson(const Person& person, const CodeCatalog& codes, core::Date today);

}  // namespace yorisoi::domain
