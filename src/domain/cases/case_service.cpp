#include "domain/cases/case_service.hpp"

#include <algorithm>

#include "crypto/random.hpp"
#include "ja/school_year.hpp"

namespace yorisoi::domain {
namespace {

core::Error NoSuchCase() { return core::Error::NotFound("no such case"); }

std::vector<std::string> PeopleIds(const std::vector<Person>& people) {
  std::vector<std::string> ids;
  for (const auto& p : people) ids.push_back(p.id);
  return ids;
}

}  // namespace

bool CaseService::MayAccess(const Principal& principal, const CaseFile& c) {
  const auto& u = principal.user;
  if (u.role != Role::kCaseworker && u.role != Role::kSupervisor) return false;
  if (std::find(u.unit_ids.begin(), u.unit_ids.end(), c.unit_id) != u.unit_ids.end()) return true;
  return std::find(c.worker_ids.begin(), c.worker_ids.end(), u.id) != c.worker_ids.end();
}

core::Result<CaseView> CaseService::CreateCase(const Principal& principal, CaseFile c) {
  const auto now = clock_.Now();
  const auto& units = principal.user.unit_ids;
  if (std::find(units.begin(), units.end(), c.unit_id) == units.end()) {
    return core::Error::InvalidArgument("unit_id", "must be one of your units", "not_your_unit");
  }
  c.id = crypto::NewId("cas");
  c.status = "received";
  c.created_at = now;
  c.updated_at = now;
  c.version = 1;
  if (c.worker_ids.empty()) c.worker_ids = {principal.user.id};
  c.number = "pending";  // assigned in the transaction below
  YS_RETURN_IF_ERROR(ValidateCase(c, codes_, now));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(
        c.number, tx.cases().NextNumber(ja::FiscalYear(core::Date::TodayInJapan(c.received_at))));
    YS_RETURN_IF_ERROR(tx.cases().Create(c));
    auto entry = MakeAuditEntry(principal.Actor(), now, "case.create", "case", {c.id});
    return tx.audit().Append(entry);
  }));
  return CaseView{std::move(c), {}};
}

core::Result<CaseView> CaseService::GetCase(const Principal& principal, std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  CaseView view;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
    auto c = tx.cases().FindById(case_id);
    if (!c.ok()) return std::move(c).error();
    if (!MayAccess(principal, *c)) return NoSuchCase();
    view.case_file = std::move(*c);
    YS_ASSIGN_OR_RETURN(view.people, tx.people().ListByCase(view.case_file.id));
    return core::Ok();
  }));
  std::vector<std::string> ids = {view.case_file.id};
  for (auto& id : PeopleIds(view.people)) ids.push_back(std::move(id));
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db, MakeAuditEntry(principal.Actor(), clock_.Now(), "case.read", "case", std::move(ids))));
  return view;
}

core::Result<CaseView> CaseService::UpdateCase(
    const Principal& principal, std::string_view case_id, int64_t expected_version,
    const std::function<core::Status(CaseFile&)>& change) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  const auto now = clock_.Now();
  CaseView view;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(CaseFile current, tx.cases().FindById(case_id));
    if (!MayAccess(principal, current)) return NoSuchCase();
    if (current.version != expected_version) {
      return core::Error::Conflict("the case was changed meanwhile", "stale_version");
    }
    CaseFile next = current;
    YS_RETURN_IF_ERROR(change(next));
    next.id = current.id;
    next.number = current.number;
    next.created_at = current.created_at;
    next.updated_at = now;
    YS_RETURN_IF_ERROR(ValidateCase(next, codes_, now));
    YS_RETURN_IF_ERROR(CheckStatusTransition(current.status, next.status, principal.user.role));
    if (next.unit_id != current.unit_id && principal.user.role != Role::kSupervisor) {
      return core::Error::Forbidden("moving a case to another unit is a supervisor's decision",
                                    "supervisor_required");
    }
    YS_RETURN_IF_ERROR(tx.cases().Update(next, expected_version));
    next.version = expected_version + 1;
    auto entry = MakeAuditEntry(principal.Actor(), now, "case.update", "case", {next.id});
    YS_RETURN_IF_ERROR(tx.audit().Append(entry));
    YS_ASSIGN_OR_RETURN(view.people, tx.people().ListByCase(next.id));
    view.case_file = std::move(next);
    return core::Ok();
  }));
  return view;
}

core::Result<std::vector<CaseFile>> CaseService::ListCases(const Principal& principal,
                                                           CaseListQuery query) {
  query.unit_ids = principal.user.unit_ids;
  query.or_worker_id = principal.user.id;
  query.limit = std::clamp(query.limit, 1, 200);
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_ASSIGN_OR_RETURN(auto cases, InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) {
                        return tx.cases().List(query);
                      }));
  std::vector<std::string> ids;
  for (const auto& c : cases) ids.push_back(c.id);
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db, MakeAuditEntry(principal.Actor(), clock_.Now(), "case.list", "case", std::move(ids))));
  return cases;
}

core::Result<Person> CaseService::AddPerson(const Principal& principal, std::string_view case_id,
                                            Person p) {
  const auto now = clock_.Now();
  p.id = crypto::NewId("per");
  p.case_id = std::string(case_id);
  p.created_at = now;
  p.updated_at = now;
  p.version = 1;
  if (p.sex.empty()) p.sex = "unknown";
  YS_RETURN_IF_ERROR(ValidatePerson(p, codes_, core::Date::TodayInJapan(now)));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(CaseFile c, tx.cases().FindById(case_id));
    if (!MayAccess(principal, c)) return NoSuchCase();
    YS_RETURN_IF_ERROR(tx.people().Create(p));
    auto entry = MakeAuditEntry(principal.Actor(), now, "person.create", "person", {p.id, c.id});
    return tx.audit().Append(entry);
  }));
  return p;
}

core::Result<Person> CaseService::UpdatePerson(const Principal& principal,
                                               std::string_view person_id, int64_t expected_version,
                                               const std::function<core::Status(Person&)>& change) {
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  Person result;
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(Person current, tx.people().FindById(person_id));
    YS_ASSIGN_OR_RETURN(CaseFile c, tx.cases().FindById(current.case_id));
    if (!MayAccess(principal, c)) return core::Error::NotFound("no such person");
    if (current.version != expected_version) {
      return core::Error::Conflict("the person was changed meanwhile", "stale_version");
    }
    Person next = current;
    YS_RETURN_IF_ERROR(change(next));
    next.id = current.id;
    next.case_id = current.case_id;
    next.created_at = current.created_at;
    next.updated_at = now;
    YS_RETURN_IF_ERROR(ValidatePerson(next, codes_, core::Date::TodayInJapan(now)));
    YS_RETURN_IF_ERROR(tx.people().Update(next, expected_version));
    next.version = expected_version + 1;
    auto entry = MakeAuditEntry(principal.Actor(), now, "person.update", "person", {next.id, c.id});
    YS_RETURN_IF_ERROR(tx.audit().Append(entry));
    result = std::move(next);
    return core::Ok();
  }));
  return result;
}

}  // namespace yorisoi::domain
