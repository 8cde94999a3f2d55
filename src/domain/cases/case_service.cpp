#include "domain/cases/case_service.hpp"

#include <algorithm>
#include <utility>

#include "core/error_codes.hpp"
#include "crypto/random.hpp"
#include "domain/case_scope.hpp"
#include "domain/cases/search.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

core::Error NoSuchCase() { return core::Error::NotFound("no such case"); }

// The scope wall: a record of a case the principal may not access is answered exactly as one that
// does not exist. This code marks such an error for the audit entry only; CaseService::Refusal
// turns it back into the plain kNotFound before the caller sees it.
constexpr std::string_view kOutOfScope = core::codes::kOutOfScope;

core::Error OutOfScope(std::string message) {
  core::Error e = core::Error::NotFound(std::move(message));
  e.code = std::string(kOutOfScope);
  return e;
}

// A record looked up through its case: kNotFound `message` (keeping the out-of-scope mark) when
// the case is missing or out of scope; other errors as they are.
core::Error NoSuchRecord(core::Error from_case, std::string message) {
  if (from_case.errc != core::Errc::kNotFound) return from_case;
  return from_case.Is(kOutOfScope) ? OutOfScope(std::move(message))
                                   : core::Error::NotFound(std::move(message));
}

// Lists are fetched one row longer than asked, to know whether a next page exists.
template <typename T>
Page<T> MakePage(std::vector<T> rows, int limit) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next = rows.back().id;
  }
  page.items = std::move(rows);
  return page;
}

template <typename T>
std::vector<std::string> Ids(const std::vector<T>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows) ids.push_back(r.id);
  return ids;
}

core::Status AppendEntry(TenantTx& tx, AuditEntry entry) { return tx.audit().Append(entry); }

// The detail of an audit entry made under (or granting) a break-glass grant; the grant's id is
// among its target ids.
constexpr std::string_view kBreakGlassDetail = "break_glass";

AuditEntry UnderGrant(AuditEntry entry, const std::string& grant_id) {
  if (!grant_id.empty()) {
    entry.target_ids.push_back(grant_id);
    entry.detail = std::string(kBreakGlassDetail);
  }
  return entry;
}

bool MayBreakGlass(const Principal& principal) {
  return principal.user.role == Role::kSupervisor || principal.user.role == Role::kAdmin;
}

constexpr int kMaxPage = 200;

RecordPage Clamped(RecordPage page) {
  page.limit = std::clamp(page.limit, 1, kMaxPage);
  return page;
}

// What an audit entry of a case view names: the case file and its people (the data subjects:
// "who looked at this child"). The newest records shown with it are part of that file; naming
// each of them (~20 ids) made every audited read dirty ~20 random pages of the audit index, 5x
// the write volume of the read itself. The record lists (GET .../notes etc.) name every record
// they return.
std::vector<std::string> CaseFileIds(const CaseView& view) {
  std::vector<std::string> ids = {view.case_file.id};
  for (const auto& p : view.people) ids.push_back(p.id);
  return ids;
}

}  // namespace

std::optional<NextAction> NextActionOf(const std::vector<Policy>& policies) {
  if (policies.empty() || policies.front().next_action.empty()) return std::nullopt;
  const Policy& newest = policies.front();
  return NextAction{newest.next_action, newest.next_action_on, newest.id};
}

void CaseService::Indexable(const Principal& principal) const {
  if (indexer_ != nullptr) indexer_->Notify(principal.tenant_id);
}

core::Result<CaseView> CaseService::CreateCase(const Principal& principal, CaseFile c) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  const auto now = clock_.Now();
  const auto& units = principal.user.unit_ids;
  if (std::find(units.begin(), units.end(), c.unit_id) == units.end()) {
    return core::Error::InvalidArgument("unit_id", "must be one of your units",
                                        core::codes::kNotYourUnit);
  }
  c.id = crypto::NewId("cas");
  c.status = "received";
  c.created_at = now;
  c.updated_at = now;
  c.version = 1;
  if (c.worker_ids.empty()) c.worker_ids = {principal.user.id};
  c.number = "pending";  // assigned in the transaction below
  YS_RETURN_IF_ERROR(ValidateCase(c, *codes, now));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
    YS_ASSIGN_OR_RETURN(c.number, NextCaseNumber(tx.cases(), c));
    YS_RETURN_IF_ERROR(tx.cases().Create(c));
    auto entry = MakeAuditEntry(principal.Actor(), now, "case.create", "case", {c.id});
    return tx.audit().Append(entry);
  }));
  Indexable(principal);
  CaseView view;
  view.case_file = std::move(c);
  return view;
}

core::Result<CaseView> CaseService::GetCase(const Principal& principal, std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  CaseView view;
  std::string grant_id;
  YS_RETURN_IF_ERROR(Scoped(principal, *db, "case.read", "case", case_id,
                            InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
                              YS_ASSIGN_OR_RETURN(view, ReadCaseView(tx, case_id));
                              if (!InOrdinaryScope(principal, view.case_file)) {
                                YS_ASSIGN_OR_RETURN(bool granted,
                                                    HoldsGrant(principal, tx, case_id, grant_id));
                                if (!granted) return OutOfScope("no such case");
                              }
                              return core::Ok();
                            })));
  auto ids = CaseFileIds(view);
  if (!grant_id.empty()) ids.push_back(grant_id);
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db,
      MakeAuditEntry(principal.Actor(), clock_.Now(), "case.read", "case", std::move(ids), "ok",
                     grant_id.empty() ? std::string() : std::string(kBreakGlassDetail))));
  return view;
}

core::Result<CaseView> CaseService::UpdateCase(
    const Principal& principal, std::string_view case_id, int64_t expected_version,
    const std::function<core::Status(CaseFile&)>& change) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  const auto now = clock_.Now();
  CaseView view;
  YS_RETURN_IF_ERROR(Scoped(
      principal, *db, "case.update", "case", case_id,
      InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(CaseFile current, tx.cases().FindById(case_id));
        if (!InOrdinaryScope(principal, current)) return OutOfScope("no such case");
        if (current.version != expected_version) {
          return core::Error::Conflict("the case was changed meanwhile",
                                       core::codes::kStaleVersion);
        }
        CaseFile next = current;
        YS_RETURN_IF_ERROR(change(next));
        next.id = current.id;
        next.number = current.number;
        next.created_at = current.created_at;
        next.updated_at = now;
        YS_RETURN_IF_ERROR(ValidateCase(next, *codes, now));
        YS_RETURN_IF_ERROR(CheckStatusTransition(current.status, next.status, principal.user.role));
        if (next.unit_id != current.unit_id && principal.user.role != Role::kSupervisor) {
          return core::Error::Forbidden("moving a case to another unit is a supervisor's decision",
                                        core::codes::kSupervisorRequired);
        }
        YS_RETURN_IF_ERROR(tx.cases().Update(next, expected_version));
        next.version = expected_version + 1;
        YS_ASSIGN_OR_RETURN(view, ReadCaseView(tx, next.id));
        // The answer shows the case file as GET does, so the entry names the same ids.
        return AppendEntry(
            tx, MakeAuditEntry(principal.Actor(), now, "case.update", "case", CaseFileIds(view)));
      })));
  Indexable(principal);
  return view;
}

namespace {

// The record a search found the case by (SearchMatch's order of kinds) and a snippet of it.
core::Result<std::optional<SearchMatch>> MatchOf(TenantTx& tx, const std::string& case_id,
                                                 const std::string& text) {
  YS_ASSIGN_OR_RETURN(const auto refs, tx.search().Matching(case_id, text));
  static constexpr std::pair<std::string_view, const char*> kKinds[] = {
      {"per_", "person"}, {"cas_", "case"}, {"con_", "consultation"}, {"not_", "note"}};
  std::optional<SearchMatch> first;
  for (const auto& [prefix, kind] : kKinds) {
    for (const std::string& ref : refs) {
      if (!ref.starts_with(prefix)) continue;
      std::vector<std::string> fields;
      if (prefix == "per_") {
        YS_ASSIGN_OR_RETURN(const Person p, tx.people().FindById(ref));
        fields = SearchFields(p);
      } else if (prefix == "cas_") {
        YS_ASSIGN_OR_RETURN(const CaseFile c, tx.cases().FindById(ref));
        fields = {c.number};
      } else if (prefix == "con_") {
        YS_ASSIGN_OR_RETURN(const Consultation c, tx.consultations().FindById(ref));
        fields = {c.content};
      } else {
        YS_ASSIGN_OR_RETURN(const Note n, tx.notes().FindById(ref));
        fields = {n.body};
      }
      for (const std::string& field : fields) {
        if (auto s = SnippetOf(field, text)) {
          return std::optional<SearchMatch>(
              SearchMatch{kind, ref, std::move(s->snippet), std::move(s->highlight)});
        }
      }
      if (!first) first = SearchMatch{kind, ref, {}, {}};
    }
  }
  return first;  // found, but the match could not be placed in one field
}

// A search's cursor carries its tier: "name." or "text." before the last case id of the page
// (a bare id, as a plain list's, continues the name tier).
constexpr std::string_view kNameCursor = "name.";
constexpr std::string_view kTextCursor = "text.";

// A search page: the name tier after the cursor, then (when the page is not full) the other
// hits from their first; `limit` + 1 cases at most, to know whether a next page exists. Each case
// is paired with its tier, so the cursor of the page's last case says where to go on.
core::Result<std::vector<std::pair<CaseFile, bool>>> SearchTiers(TenantTx& tx,
                                                                 CaseListQuery query) {
  using Tier = CaseListQuery::Tier;
  std::vector<std::pair<CaseFile, bool>> out;
  const int want = query.limit;  // limit + 1
  bool names = true;
  if (query.after_id.starts_with(kTextCursor)) {
    names = false;
    query.after_id.erase(0, kTextCursor.size());
  } else if (query.after_id.starts_with(kNameCursor)) {
    query.after_id.erase(0, kNameCursor.size());
  }
  if (names) {
    query.tier = Tier::kNames;
    YS_ASSIGN_OR_RETURN(auto hits, tx.cases().List(query));
    for (CaseFile& c : hits) out.emplace_back(std::move(c), true);
    if (static_cast<int>(out.size()) >= want) return out;
    query.after_id.clear();  // the other hits from their first
    query.limit = want - static_cast<int>(out.size());
  }
  query.tier = Tier::kOthers;
  YS_ASSIGN_OR_RETURN(auto hits, tx.cases().List(query));
  for (CaseFile& c : hits) out.emplace_back(std::move(c), false);
  return out;
}

}  // namespace

core::Result<Page<CaseListItem>> CaseService::ListCases(const Principal& principal,
                                                        CaseListQuery query, std::string_view q) {
  query.unit_ids = principal.user.unit_ids;
  query.or_worker_id = principal.user.id;
  query.limit = std::clamp(query.limit, 1, kMaxPage);
  const int limit = query.limit;
  if (query.status) {
    YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
    YS_RETURN_IF_ERROR(codes->Validate("case_status", *query.status, Today(), "status"));
  }
  query.limit = limit + 1;
  const bool searching = !q.empty();
  if (searching) {
    YS_RETURN_IF_ERROR(ValidateText("q", q, 1, kMaxSearchQuery));
    std::string text = NormalizeSearchQuery(q);
    if (text.empty()) {
      return core::Error::InvalidArgument("q", "must contain something to search for",
                                          core::codes::kEmpty);
    }
    query.text = std::move(text);
  }
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_ASSIGN_OR_RETURN(
      auto page,
      InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<Page<CaseListItem>> {
        Page<CaseFile> files;
        if (searching) {
          YS_ASSIGN_OR_RETURN(auto tiered, SearchTiers(tx, query));
          const bool more = static_cast<int>(tiered.size()) > limit;
          if (more) tiered.resize(static_cast<std::size_t>(limit));
          if (more) {
            const auto& [last, by_name] = tiered.back();
            files.next = std::string(by_name ? kNameCursor : kTextCursor) + last.id;
          }
          for (auto& hit : tiered) files.items.push_back(std::move(hit.first));
        } else {
          YS_ASSIGN_OR_RETURN(auto cases, tx.cases().List(query));
          files = MakePage(std::move(cases), limit);
        }
        Page<CaseListItem> items;
        items.next = std::move(files.next);
        items.items.reserve(files.items.size());
        for (CaseFile& c : files.items) {
          // The newest policy only: one indexed lookup per listed case.
          YS_ASSIGN_OR_RETURN(const auto newest, tx.policies().ListByCase(c.id, RecordPage{{}, 1}));
          std::optional<SearchMatch> match;
          if (searching) {
            YS_ASSIGN_OR_RETURN(match, MatchOf(tx, c.id, *query.text));
          }
          items.items.push_back(CaseListItem{std::move(c), NextActionOf(newest), std::move(match)});
        }
        return items;
      }));
  // The next action is part of the case file shown, as the records of a case view are: the entry
  // names the cases.
  std::vector<std::string> ids;
  ids.reserve(page.items.size());
  for (const CaseListItem& item : page.items) ids.push_back(item.case_file.id);
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db, MakeAuditEntry(principal.Actor(), clock_.Now(), searching ? "case.search" : "case.list",
                          "case", std::move(ids))));
  return page;
}

core::Result<Person> CaseService::AddPerson(const Principal& principal, std::string_view case_id,
                                            Person p) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  const auto now = clock_.Now();
  p.id = crypto::NewId("per");
  p.case_id = std::string(case_id);
  p.created_at = now;
  p.updated_at = now;
  p.version = 1;
  if (p.sex.empty()) p.sex = "unknown";
  YS_RETURN_IF_ERROR(ValidatePerson(p, *codes, core::Date::TodayInJapan(now)));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(Scoped(principal, *db, "person.create", "case", case_id,
                            InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
                              YS_ASSIGN_OR_RETURN(CaseFile c, tx.cases().FindById(case_id));
                              if (!InOrdinaryScope(principal, c)) return OutOfScope("no such case");
                              YS_RETURN_IF_ERROR(tx.people().Create(p));
                              auto entry = MakeAuditEntry(principal.Actor(), now, "person.create",
                                                          "person", {p.id, c.id});
                              return tx.audit().Append(entry);
                            })));
  Indexable(principal);
  return p;
}

core::Result<Person> CaseService::UpdatePerson(const Principal& principal,
                                               std::string_view person_id, int64_t expected_version,
                                               const std::function<core::Status(Person&)>& change) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  Person result;
  YS_RETURN_IF_ERROR(Scoped(
      principal, *db, "person.update", "person", person_id,
      InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(Person current, tx.people().FindById(person_id));
        YS_ASSIGN_OR_RETURN(CaseFile c, tx.cases().FindById(current.case_id));
        if (!InOrdinaryScope(principal, c)) return OutOfScope("no such person");
        if (current.version != expected_version) {
          return core::Error::Conflict("the person was changed meanwhile",
                                       core::codes::kStaleVersion);
        }
        Person next = current;
        YS_RETURN_IF_ERROR(change(next));
        next.id = current.id;
        next.case_id = current.case_id;
        next.created_at = current.created_at;
        next.updated_at = now;
        YS_RETURN_IF_ERROR(ValidatePerson(next, *codes, core::Date::TodayInJapan(now)));
        YS_RETURN_IF_ERROR(tx.people().Update(next, expected_version));
        next.version = expected_version + 1;
        auto entry =
            MakeAuditEntry(principal.Actor(), now, "person.update", "person", {next.id, c.id});
        YS_RETURN_IF_ERROR(tx.audit().Append(entry));
        result = std::move(next);
        return core::Ok();
      })));
  Indexable(principal);
  return result;
}

core::Result<std::vector<RecordChange>> CaseService::ChangesSince(const Principal& principal,
                                                                  std::string_view action,
                                                                  std::string_view id,
                                                                  int64_t count) {
  std::vector<RecordChange> changes;
  if (count <= 0) return changes;
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Status {
    // The record's saves in order, keeping the newest `count`.
    std::vector<AuditEntry> saves;
    AuditQuery q;
    q.target_id = std::string(id);
    q.action = std::string(action);
    q.limit = 200;
    for (;;) {
      YS_ASSIGN_OR_RETURN(auto page, tx.audit().Query(q));
      for (auto& e : page) {
        q.after_seq = e.seq;
        // The record's own saves: its id first (a person's save also names the case).
        if (e.result != "ok" || e.target_ids.empty() || e.target_ids.front() != id) continue;
        saves.push_back(std::move(e));
        if (std::cmp_greater(saves.size(), count)) saves.erase(saves.begin());
      }
      if (std::cmp_less(page.size(), q.limit)) break;
    }
    for (auto it = saves.rbegin(); it != saves.rend(); ++it) {
      RecordChange c{it->actor.user_id, "", it->at};
      auto user = tx.users().FindById(c.user_id);
      if (user.ok()) c.user_name = user->name;
      changes.push_back(std::move(c));
    }
    return core::Ok();
  }));
  return changes;
}

core::Result<Person> CaseService::GetPerson(const Principal& principal,
                                            std::string_view person_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  std::string grant_id;
  YS_ASSIGN_OR_RETURN(
      Person p, Scoped(principal, *db, "person.read", "person", person_id,
                       InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<Person> {
                         auto found = tx.people().FindById(person_id);
                         if (!found.ok()) return std::move(found).error();
                         auto scope = ReadableCase(principal, tx, found->case_id, grant_id);
                         if (!scope.ok())
                           return NoSuchRecord(std::move(scope).error(), "no such person");
                         return found;
                       })));
  YS_RETURN_IF_ERROR(
      AppendAuditEntry(*db, UnderGrant(MakeAuditEntry(principal.Actor(), clock_.Now(),
                                                      "person.read", "person", {p.id, p.case_id}),
                                       grant_id)));
  return p;
}

core::Result<CaseView> CaseService::ReadCaseView(TenantTx& tx, std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(CaseRecords r, tx.cases().FindWithRecords(case_id, kCaseViewRecords));
  CaseView view{std::move(r.case_file), std::move(r.people),   std::move(r.consultations),
                std::move(r.notes),     std::move(r.policies), std::nullopt};
  view.next_action = NextActionOf(view.policies);
  return view;
}

core::Result<CaseFile> CaseService::AccessibleCase(const Principal& principal, TenantTx& tx,
                                                   std::string_view case_id) {
  auto c = tx.cases().FindById(case_id);
  if (!c.ok()) {
    if (c.error().errc == core::Errc::kNotFound) return NoSuchCase();
    return std::move(c).error();
  }
  if (!InOrdinaryScope(principal, *c)) return OutOfScope("no such case");
  return c;
}

core::Error CaseService::Refusal(const Principal& principal, TenantDb& db, core::Error error,
                                 std::string_view action, std::string_view kind,
                                 std::string_view id) const {
  if (error.errc != core::Errc::kNotFound) return error;
  const bool out_of_scope = error.Is(kOutOfScope);
  // The id as asked for, when it has the shape of one (a malformed one is not written into the
  // log: it may be any text).
  std::vector<std::string> ids;
  if (LooksLikeRecordId(id)) ids.emplace_back(id);
  auto appended = AppendAuditEntry(
      db, MakeAuditEntry(principal.Actor(), clock_.Now(), std::string(action), std::string(kind),
                         std::move(ids), "denied",
                         std::string(out_of_scope ? kOutOfScope : core::codes::kNotFound)));
  if (!appended.ok()) return std::move(appended).error();
  return core::Error::NotFound(std::move(error.message));
}

core::Result<Consultation> CaseService::AddConsultation(const Principal& principal,
                                                        std::string_view case_id, Consultation c) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  const auto now = clock_.Now();
  c.id = crypto::NewId("con");
  c.case_id = std::string(case_id);
  c.author_id = principal.user.id;
  c.created_at = now;
  c.updated_at = now;
  c.version = 1;
  YS_RETURN_IF_ERROR(ValidateConsultation(c, *codes, core::Date::TodayInJapan(now)));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(Scoped(principal, *db, "consultation.create", "case", case_id,
                            InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
                              YS_RETURN_IF_ERROR(AccessibleCase(principal, tx, case_id));
                              YS_RETURN_IF_ERROR(tx.consultations().Create(c));
                              return AppendEntry(
                                  tx, MakeAuditEntry(principal.Actor(), now, "consultation.create",
                                                     "consultation", {c.id, c.case_id}));
                            })));
  Indexable(principal);
  return c;
}

core::Result<Consultation> CaseService::GetConsultation(const Principal& principal,
                                                        std::string_view consultation_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  std::string grant_id;
  YS_ASSIGN_OR_RETURN(
      Consultation c,
      Scoped(principal, *db, "consultation.read", "consultation", consultation_id,
             InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<Consultation> {
               auto found = tx.consultations().FindById(consultation_id);
               if (!found.ok()) return std::move(found).error();
               auto scope = ReadableCase(principal, tx, found->case_id, grant_id);
               if (!scope.ok())
                 return NoSuchRecord(std::move(scope).error(), "no such consultation");
               return found;
             })));
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db, UnderGrant(MakeAuditEntry(principal.Actor(), clock_.Now(), "consultation.read",
                                     "consultation", {c.id, c.case_id}),
                      grant_id)));
  return c;
}

core::Result<Consultation> CaseService::UpdateConsultation(
    const Principal& principal, std::string_view consultation_id, int64_t expected_version,
    const std::function<core::Status(Consultation&)>& change) {
  YS_ASSIGN_OR_RETURN(const auto codes, codes_.Catalog(principal.tenant_id));
  const auto now = clock_.Now();
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  Consultation result;
  YS_RETURN_IF_ERROR(Scoped(
      principal, *db, "consultation.update", "consultation", consultation_id,
      InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(Consultation current, tx.consultations().FindById(consultation_id));
        auto scope = AccessibleCase(principal, tx, current.case_id);
        if (!scope.ok()) return NoSuchRecord(std::move(scope).error(), "no such consultation");
        if (current.version != expected_version) {
          return core::Error::Conflict("the consultation record was changed meanwhile",
                                       core::codes::kStaleVersion);
        }
        Consultation next = current;
        YS_RETURN_IF_ERROR(change(next));
        next.id = current.id;
        next.case_id = current.case_id;
        next.author_id = current.author_id;
        next.created_at = current.created_at;
        next.updated_at = now;
        YS_RETURN_IF_ERROR(ValidateConsultation(next, *codes, core::Date::TodayInJapan(now)));
        YS_RETURN_IF_ERROR(tx.consultations().Update(next, expected_version));
        next.version = expected_version + 1;
        YS_RETURN_IF_ERROR(
            AppendEntry(tx, MakeAuditEntry(principal.Actor(), now, "consultation.update",
                                           "consultation", {next.id, next.case_id})));
        result = std::move(next);
        return core::Ok();
      })));
  Indexable(principal);
  return result;
}

core::Result<Page<Consultation>> CaseService::ListConsultations(const Principal& principal,
                                                                std::string_view case_id,
                                                                RecordPage page) {
  return ListRecords<Consultation>(principal, case_id, page, "consultation.list", "consultation",
                                   [](TenantTx& tx, std::string_view id, const RecordPage& p) {
                                     return tx.consultations().ListByCase(id, p);
                                   });
}

core::Result<Note> CaseService::AddNote(const Principal& principal, std::string_view case_id,
                                        std::string body, std::optional<std::string> corrects) {
  const auto now = clock_.Now();
  Note n;
  n.id = crypto::NewId("not");
  n.case_id = std::string(case_id);
  n.at = now;
  n.body = std::move(body);
  n.author_id = principal.user.id;
  n.corrects = std::move(corrects);
  YS_RETURN_IF_ERROR(ValidateNote(n));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(Scoped(
      principal, *db, "note.create", "case", case_id,
      InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
        YS_RETURN_IF_ERROR(AccessibleCase(principal, tx, case_id));
        if (n.corrects) {
          auto corrected = tx.notes().FindById(*n.corrects);
          if (!corrected.ok() && corrected.error().errc != core::Errc::kNotFound) {
            return std::move(corrected).error();
          }
          if (!corrected.ok() || corrected->case_id != n.case_id) {
            return core::Error::InvalidArgument("corrects", "must name a note of this case",
                                                core::codes::kUnknownNote);
          }
        }
        YS_RETURN_IF_ERROR(tx.notes().Append(n));
        std::vector<std::string> ids = {n.id, n.case_id};
        if (n.corrects) ids.push_back(*n.corrects);
        return AppendEntry(
            tx, MakeAuditEntry(principal.Actor(), now, "note.create", "note", std::move(ids)));
      })));
  Indexable(principal);
  return n;
}

core::Result<Page<Note>> CaseService::ListNotes(const Principal& principal,
                                                std::string_view case_id, RecordPage page) {
  return ListRecords<Note>(principal, case_id, page, "note.list", "note",
                           [](TenantTx& tx, std::string_view id, const RecordPage& p) {
                             return tx.notes().ListByCase(id, p);
                           });
}

core::Result<Policy> CaseService::AddPolicy(const Principal& principal, std::string_view case_id,
                                            Policy p) {
  if (principal.user.role != Role::kSupervisor) {
    return core::Error::Forbidden("対応方針 is decided by a supervisor",
                                  core::codes::kSupervisorRequired);
  }
  const auto now = clock_.Now();
  p.id = crypto::NewId("pol");
  p.case_id = std::string(case_id);
  p.decided_at = now;
  p.decided_by = principal.user.id;
  p.version = 1;
  YS_RETURN_IF_ERROR(ValidatePolicy(p, core::Date::TodayInJapan(now)));
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(Scoped(principal, *db, "policy.create", "case", case_id,
                            InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
                              YS_RETURN_IF_ERROR(AccessibleCase(principal, tx, case_id));
                              YS_RETURN_IF_ERROR(tx.policies().Append(p));
                              return AppendEntry(
                                  tx, MakeAuditEntry(principal.Actor(), now, "policy.create",
                                                     "policy", {p.id, p.case_id}));
                            })));
  return p;
}

core::Result<Page<Policy>> CaseService::ListPolicies(const Principal& principal,
                                                     std::string_view case_id, RecordPage page) {
  return ListRecords<Policy>(principal, case_id, page, "policy.list", "policy",
                             [](TenantTx& tx, std::string_view id, const RecordPage& p) {
                               return tx.policies().ListByCase(id, p);
                             });
}

template <typename T, typename Fetch>
core::Result<Page<T>> CaseService::ListRecords(const Principal& principal, std::string_view case_id,
                                               RecordPage page, std::string_view action,
                                               std::string_view kind, Fetch fetch) {
  page = Clamped(page);
  const int limit = page.limit;
  page.limit = limit + 1;
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  std::string grant_id;
  YS_ASSIGN_OR_RETURN(
      auto rows,
      Scoped(principal, *db, action, "case", case_id,
             InTransaction(*db, TxMode::kRead, [&](TenantTx& tx) -> core::Result<std::vector<T>> {
               YS_RETURN_IF_ERROR(ReadableCase(principal, tx, case_id, grant_id));
               return fetch(tx, case_id, page);
             })));
  auto result = MakePage(std::move(rows), limit);
  auto ids = Ids(result.items);
  ids.insert(ids.begin(), std::string(case_id));
  YS_RETURN_IF_ERROR(AppendAuditEntry(
      *db, UnderGrant(MakeAuditEntry(principal.Actor(), clock_.Now(), std::string(action),
                                     std::string(kind), std::move(ids)),
                      grant_id)));
  return result;
}

core::Result<bool> CaseService::HoldsGrant(const Principal& principal, TenantTx& tx,
                                           std::string_view case_id, std::string& grant_id) const {
  if (!MayBreakGlass(principal)) return false;
  YS_ASSIGN_OR_RETURN(auto grant,
                      tx.break_glass().Active(case_id, principal.user.id, clock_.Now()));
  if (!grant) return false;
  grant_id = grant->id;
  return true;
}

core::Result<CaseFile> CaseService::ReadableCase(const Principal& principal, TenantTx& tx,
                                                 std::string_view case_id,
                                                 std::string& grant_id) const {
  auto c = AccessibleCase(principal, tx, case_id);
  if (c.ok() || !c.error().Is(kOutOfScope)) return c;
  YS_ASSIGN_OR_RETURN(bool granted, HoldsGrant(principal, tx, case_id, grant_id));
  if (!granted) return c;
  return tx.cases().FindById(case_id);
}

core::Result<BreakGlassGrant> CaseService::BreakGlass(const Principal& principal,
                                                      std::string_view case_id,
                                                      std::string reason) {
  if (!MayBreakGlass(principal)) {
    return core::Error::Forbidden("break-glass is for supervisors and administrators",
                                  core::codes::kSupervisorRequired);
  }
  YS_RETURN_IF_ERROR(ValidateText("reason", reason, 1, kMaxBreakGlassReason, true));
  const auto now = clock_.Now();
  BreakGlassGrant grant;
  grant.id = crypto::NewId("bgl");
  grant.case_id = std::string(case_id);
  grant.user_id = principal.user.id;
  grant.reason = std::move(reason);
  grant.granted_at = now;
  grant.expires_at = now + break_glass_duration_;
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_RETURN_IF_ERROR(Scoped(principal, *db, "case.break_glass", "case", case_id,
                            InTransaction(*db, TxMode::kWrite, [&](TenantTx& tx) -> core::Status {
                              auto c = tx.cases().FindById(case_id);
                              if (!c.ok()) {
                                if (c.error().errc == core::Errc::kNotFound) return NoSuchCase();
                                return std::move(c).error();
                              }
                              YS_RETURN_IF_ERROR(tx.break_glass().Create(grant));
                              return AppendEntry(
                                  tx, MakeAuditEntry(principal.Actor(), now, "case.break_glass",
                                                     "case", {grant.case_id, grant.id}, "ok",
                                                     std::string(kBreakGlassDetail)));
                            })));
  return grant;
}

core::Result<std::vector<BreakGlassGrant>> CaseService::ListBreakGlass(const Principal& principal,
                                                                       std::string_view case_id) {
  YS_ASSIGN_OR_RETURN(auto db, storage_.OpenTenant(principal.tenant_id));
  YS_ASSIGN_OR_RETURN(
      auto grants,
      Scoped(principal, *db, "case.break_glass_list", "case", case_id,
             InTransaction(*db, TxMode::kRead,
                           [&](TenantTx& tx) -> core::Result<std::vector<BreakGlassGrant>> {
                             YS_RETURN_IF_ERROR(AccessibleCase(principal, tx, case_id));
                             return tx.break_glass().ListByCase(case_id);
                           })));
  std::vector<std::string> ids = {std::string(case_id)};
  for (const auto& g : grants) ids.push_back(g.id);
  YS_RETURN_IF_ERROR(
      AppendAuditEntry(*db, MakeAuditEntry(principal.Actor(), clock_.Now(), "case.break_glass_list",
                                           "case", std::move(ids))));
  return grants;
}

}  // namespace yorisoi::domain
