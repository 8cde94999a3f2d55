#include "domain/cases/person.hpp"

#include "core/error_codes.hpp"
#include "domain/validation.hpp"
#include "ja/school_year.hpp"
#include "ja/text.hpp"

namespace yorisoi::domain {
namespace {

constexpr int kChildAgeLimit = 18;  // 児童福祉法: a 児童 is under 18

core::Status OptionalCode(const CodeCatalog& codes, std::string_view list, std::string_view code,
                          core::Date today, std::string_view field) {
  if (code.empty()) return core::Ok();
  return codes.Validate(list, code, today, field);
}

}  // namespace

PersonDerived DerivePerson(const Person& p, core::Date today) {
  PersonDerived d;
  if (p.birth_date) {
    const int age = ja::AgeOn(*p.birth_date, today);
    if (age >= 0) d.age = age;
  }
  if (!p.grade_override.empty()) {
    d.grade_label = p.grade_override;
    d.grade_overridden = true;
  } else if (p.birth_date && (p.role == "child" || p.role == "expectant_mother")) {
    const auto grade = ja::GradeOn(*p.birth_date, today);
    // Only school-age stages are a 学年; a preschool label says where the child would be.
    d.grade_label = grade.label_ja;
  }
  return d;
}

core::Status ValidatePerson(const Person& p, const CodeCatalog& codes, core::Date today) {
  if (p.role.empty())
    return core::Error::InvalidArgument("role", "is required", core::codes::kRequired);
  YS_RETURN_IF_ERROR(codes.Validate("person_role", p.role, today, "role"));
  YS_RETURN_IF_ERROR(ValidateText("name", p.name, 0, 100));
  YS_RETURN_IF_ERROR(ValidateText("name_kana", p.name_kana, 0, 100));
  if (!p.name_kana.empty() && !ja::IsKanaReading(p.name_kana)) {
    return core::Error::InvalidArgument("name_kana", "must be written in kana only",
                                        core::codes::kKanaOnly);
  }
  YS_RETURN_IF_ERROR(OptionalCode(codes, "sex", p.sex, today, "sex"));
  YS_RETURN_IF_ERROR(OptionalCode(codes, "relationship", p.relationship, today, "relationship"));
  if (p.role == "expectant_mother" && !p.relationship.empty() && p.relationship != "self") {
    return core::Error::InvalidArgument("relationship", "of an expectant mother is 本人 (self)",
                                        core::codes::kInvalidForRole);
  }
  if (p.relationship == "fetus_father" && p.role == "child") {
    return core::Error::InvalidArgument("relationship", "胎児の父 is not a child's relationship",
                                        core::codes::kInvalidForRole);
  }
  if (p.birth_date) {
    if (*p.birth_date > today) {
      return core::Error::InvalidArgument("birth_date", "must not be in the future",
                                          core::codes::kInFuture);
    }
    if (*p.birth_date < core::Date{1900, 1, 1}) {
      return core::Error::InvalidArgument("birth_date", "must be 1900-01-01 or later",
                                          core::codes::kOutOfRange);
    }
    if (p.role == "child" && ja::AgeOn(*p.birth_date, today) >= kChildAgeLimit) {
      return core::Error::InvalidArgument("birth_date", "a child (児童) must be under 18",
                                          core::codes::kNotAChild);
    }
  }
  YS_RETURN_IF_ERROR(ValidateText("address", p.address, 0, 200));
  YS_RETURN_IF_ERROR(
      OptionalCode(codes, "affiliation_kind", p.affiliation_kind, today, "school.kind"));
  YS_RETURN_IF_ERROR(ValidateText("school.name", p.affiliation_name, 0, 100));
  YS_RETURN_IF_ERROR(ValidateText("grade_override", p.grade_override, 0, 20));
  YS_RETURN_IF_ERROR(ValidateText("workplace", p.workplace, 0, 100));
  YS_RETURN_IF_ERROR(ValidateText("health", p.health, 0, 1000, /*multiline=*/true));
  YS_RETURN_IF_ERROR(ValidateText("clinic", p.clinic, 0, 100));
  YS_RETURN_IF_ERROR(OptionalCode(codes, "nationality", p.nationality, today, "nationality"));
  YS_RETURN_IF_ERROR(
      OptionalCode(codes, "residence_status", p.residence_status, today, "residence_status"));
  if (p.nationality == "jp" && !p.residence_status.empty() &&
      p.residence_status != "japanese_national") {
    return core::Error::InvalidArgument("residence_status", "applies to foreign nationals only",
                                        core::codes::kNotApplicable);
  }
  return core::Ok();
}

}  // namespace yorisoi::domain
