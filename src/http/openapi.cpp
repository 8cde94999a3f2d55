// The OpenAPI 3.1 document of GET /api/v1/openapi.json, built once with nlohmann (so it is always
// valid JSON) from two parts written by hand:
//   - Operations(): one entry per route of the router (method and pattern exactly as in
//     handlers/*.cpp). tests/unit_openapi fails, naming the route and the entry to add, whenever
//     the router and this table differ.
//   - Schemas(): the component schemas: the JSON each handler answers (views.cpp and the handlers)
//     and the request bodies, with exactly the fields JsonObject::Parse allows and the ones the
//     handler requires.
// Conventions: request bodies are closed (`additionalProperties: false`, as json.cpp refuses
// unknown fields); answers are open (members may be added, never renamed). Sign-in (401/403) and
// body (400/413) errors are added to each operation here, so the table lists only the others.
#include "http/openapi.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace yorisoi::http {
namespace {

// Keys keep the order written here, so the served text reads like this file.
using Doc = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Schema helpers

Doc Ref(std::string_view schema) {
  return Doc{{"$ref", "#/components/schemas/" + std::string(schema)}};
}

// Adds (or replaces) members of a schema: With(Str(), {{"maxLength", 100}}).
Doc With(Doc schema, const Doc& extra) {
  for (const auto& [key, value] : extra.items()) schema[key] = value;
  return schema;
}

Doc Described(Doc schema, std::string_view description) {
  if (!description.empty()) schema["description"] = description;
  return schema;
}

Doc Str(std::string_view description = {}) {
  return Described(Doc{{"type", "string"}}, description);
}
Doc DateTime(std::string_view description = {}) {
  return Described(Doc{{"type", "string"}, {"format", "date-time"}}, description);
}
Doc Date(std::string_view description = {}) {
  return Described(Doc{{"type", "string"}, {"format", "date"}}, description);
}
Doc Int(std::string_view description = {}) {
  return Described(Doc{{"type", "integer"}, {"format", "int64"}}, description);
}
Doc Bool(std::string_view description = {}) {
  return Described(Doc{{"type", "boolean"}}, description);
}
Doc Array(Doc items, std::string_view description = {}) {
  return Described(Doc{{"type", "array"}, {"items", std::move(items)}}, description);
}
// JSON Schema 2020-12 (OpenAPI 3.1) spells nullable as a second type.
Doc Nullable(Doc schema) {
  schema["type"] = Doc::array({schema["type"], "null"});
  return schema;
}

// An object with these members. `closed` for request bodies: no other member is accepted.
Doc Object(std::string_view description, const std::vector<std::string_view>& required,
           Doc properties, bool closed = false) {
  Doc o = Described(Doc{{"type", "object"}}, description);
  if (!required.empty()) {
    o["required"] = Doc::array();
    for (std::string_view r : required) o["required"].push_back(r);
  }
  o["properties"] = std::move(properties);
  if (closed) o["additionalProperties"] = false;
  return o;
}

// {"items": [...], "next": cursor-or-null}: every list answer.
Doc ItemsOf(std::string_view schema) {
  return Object("A list: the items and the cursor of the next page (null on the last page).",
                {"items", "next"},
                {{"items", Array(Ref(schema))},
                 {"next", Nullable(Str("Cursor of the next page, or null."))}});
}

// Formats the handlers and domain enforce; a value outside them is answered 400 naming the field.
constexpr std::string_view kUnitIdPattern = "^[a-z0-9][a-z0-9-]{0,31}$";
constexpr std::string_view kTenantIdPattern = "^[a-z][a-z0-9-]{1,31}$";
constexpr std::string_view kLoginPattern = "^[a-z0-9][a-z0-9._-]{2,63}$";

// ---------------------------------------------------------------------------------------------
// The case file (handlers/cases.cpp, people.cpp, consultations.cpp, notes.cpp, policies.cpp and
// the case views of views.cpp).

// A code of a code list: "A code of the `sex` list (`GET /api/v1/codes`); <more>".
Doc CodeOf(std::string_view list, std::string_view more = {}) {
  std::string d = "A code of the `" + std::string(list) + "` list (`GET /api/v1/codes`)";
  d += more.empty() ? std::string(".") : "; " + std::string(more);
  return Str(d);
}

// The members of a case shared by the list item and the full view.
Doc CaseMembers() {
  return {
      {"id", Str("`cas_` followed by random characters.")},
      {"number", Str("The ward's case number, `YYYY-NNNNN` per fiscal year of the receiving day; "
                     "unique in the tenant.")},
      {"received_on",
       DateTime("受理日時, in UTC with milliseconds. The 48-hour clock starts here.")},
      {"unit_id", Str("The unit (センター) handling the case.")},
      {"status", CodeOf("case_status",
                        "受理 → 調査 → 支援中 → 終結, or 移管. Closing, transferring and reopening "
                        "are a supervisor's decision.")},
      {"consultation_type", Ref("ConsultationType")},
      {"referral_route", CodeOf("referral_route", "相談経路.")},
      {"yotaikyo_class", CodeOf("yotaikyo_class", "要対協 registration; empty when none.")},
      {"household", Str("世帯の状況 (free text).")},
      {"worker_ids", Array(Str(), "Users assigned to the case (they see it from any unit).")},
      {"created_at", DateTime()},
      {"updated_at", DateTime()},
      {"version", Int("Counts the changes; send it back with a PATCH.")},
      {"next_action", Ref("NextAction")},
  };
}

const std::vector<std::string_view> kCaseRequired = {"id",
                                                     "number",
                                                     "received_on",
                                                     "unit_id",
                                                     "status",
                                                     "consultation_type",
                                                     "referral_route",
                                                     "yotaikyo_class",
                                                     "household",
                                                     "worker_ids",
                                                     "created_at",
                                                     "updated_at",
                                                     "version",
                                                     "next_action"};

// The writable members of a person, for both request bodies.
Doc PersonInputMembers() {
  return {
      {"role", CodeOf("person_role")},
      {"name", Str("氏名 (may be empty for an anonymous 相談者).")},
      {"name_kana", Str("ふりがな: kana only.")},
      {"sex", CodeOf("sex", "`unknown` when not given (never guessed).")},
      {"relationship", CodeOf("relationship", "続柄 to the child.")},
      {"birth_date", Nullable(Date("生年月日; not in the future. null clears it."))},
      {"address", Str()},
      {"school", Ref("SchoolInput")},
      {"grade_override", Str("学年 as recorded when it differs from the derived one; empty to "
                             "use the derived 学年.")},
      {"workplace", Str("勤務先")},
      {"health", Str("健康状態")},
      {"clinic", Str("通院先")},
      {"nationality", CodeOf("nationality")},
      {"residence_status", CodeOf("residence_status", "only with a foreign nationality.")},
  };
}

void CaseSchemas(Doc& s) {
  s["ConsultationType"] = Object(
      "相談種別: the 中分類 code, and for 児童虐待相談 (`abuse`) the types of abuse.",
      {"code", "abuse_types", "witnessed_dv"},
      {{"code", CodeOf("consultation_type", "a 中分類 entry (no parent).")},
       {"abuse_types",
        Array(Str(), "Children of `abuse` (one at least for `abuse`, none otherwise), each once.")},
       {"witnessed_dv", Bool("面前DV; only with `psychological`.")}});
  s["ConsultationTypeInput"] =
      Object("相談種別, always sent whole.", {"code"},
             {{"code", CodeOf("consultation_type", "a 中分類 entry (no parent).")},
              {"abuse_types",
               With(Array(Str(), "Children of `abuse`: at least one for `abuse`, none otherwise."),
                    {{"uniqueItems", true}})},
              {"witnessed_dv", Bool("面前DV; only with `psychological`. Default false.")}},
             true);

  s["NextAction"] = Nullable(Object(
      "次の対応: the next action of the case's newest 対応方針 (the one in force). null when the "
      "case has no policy or the newest names no next action. Derived on reading (read-only).",
      {"text", "on", "policy_id"},
      {{"text", Str("The policy's `next_action`; never empty.")},
       {"on", Nullable(Date("The policy's `next_action_on`: when it is due, or null."))},
       {"policy_id", Str("The policy it comes from.")}}));
  Doc summary = CaseMembers();
  summary["match"] = Ref("SearchMatch");
  s["CaseSummary"] =
      Object("A case as lists show it: without people and records.", kCaseRequired, summary);
  s["SearchMatch"] = Object(
      "Search results only (absent from a plain list): the record the case was found by — a "
      "person before the case number, a consultation, a note — and a short piece of its text "
      "as written around the first match.",
      {"kind", "record_id", "snippet", "highlight"},
      {{"kind",
        With(Str("The kind of record."), {{"enum", {"person", "case", "consultation", "note"}}})},
       {"record_id", Str("The record's id (`per_`, `cas_`, `con_` or `not_`).")},
       {"snippet", Str("About 20 characters each side of the match, `…` where cut; empty when "
                       "the match could not be placed in one field.")},
       {"highlight", Array(Array(Int(), "[start, end)"),
                           "Where the match is in `snippet`: [start, end) in UTF-16 code units (as "
                           "`String.prototype.slice` takes them); empty with an empty snippet.")}});
  Doc full = CaseMembers();
  full["people"] = Array(Ref("Person"), "By role, then creation.");
  full["consultations"] = Array(Ref("Consultation"),
                                "The newest 20; page through "
                                "`GET /api/v1/cases/{id}/consultations`.");
  full["notes"] = Array(Ref("Note"), "The newest 20; page through `GET /api/v1/cases/{id}/notes`.");
  full["policies"] = Array(Ref("Policy"),
                           "The newest 20, the first in force; page through "
                           "`GET /api/v1/cases/{id}/policies`.");
  std::vector<std::string_view> full_required = kCaseRequired;
  full_required.insert(full_required.end(), {"people", "consultations", "notes", "policies"});
  s["Case"] = Object("A case with its people and newest records.", full_required, std::move(full));

  s["School"] = Object("所属.", {"kind", "name"},
                       {{"kind", CodeOf("affiliation_kind", "empty when not recorded.")},
                        {"name", Str("The school or nursery name.")}});
  s["SchoolInput"] = Object(
      "所属, always sent whole: a member left out is empty.", {},
      {{"kind", CodeOf("affiliation_kind")}, {"name", Str("The school or nursery name.")}}, true);

  s["Person"] = Object(
      "A person on a case, with every record item. `age` and `grade` are derived as of the "
      "ward's today (JST).",
      {"id",
       "case_id",
       "role",
       "name",
       "name_kana",
       "sex",
       "relationship",
       "birth_date",
       "age",
       "address",
       "school",
       "grade",
       "grade_override",
       "workplace",
       "health",
       "clinic",
       "nationality",
       "residence_status",
       "created_at",
       "updated_at",
       "version"},
      {{"id", Str("`per_` followed by random characters.")},
       {"case_id", Str()},
       {"role", CodeOf("person_role")},
       {"name", Str("氏名")},
       {"name_kana", Str("ふりがな")},
       {"sex", CodeOf("sex")},
       {"relationship", CodeOf("relationship", "続柄 to the child.")},
       {"birth_date", Nullable(Date("生年月日, or null when unknown."))},
       {"age", Nullable(Int("Completed years (derived; read-only), or null without a birth "
                            "date."))},
       {"address", Str()},
       {"school", Ref("School")},
       {"grade", Str("The 学年 in effect, e.g. `小学3年`, `年長`: `grade_override` when set, else "
                     "derived from the birth date (1 April births join the older cohort); "
                     "empty when none applies. Read-only.")},
       {"grade_override", Str("学年 as recorded when it differs from the derived one.")},
       {"workplace", Str("勤務先")},
       {"health", Str("健康状態")},
       {"clinic", Str("通院先")},
       {"nationality", CodeOf("nationality")},
       {"residence_status", CodeOf("residence_status")},
       {"created_at", DateTime()},
       {"updated_at", DateTime()},
       {"version", Int("Counts the changes; send it back with a PATCH.")}});

  s["Consultation"] =
      Object("相談記録: one contact with the family.",
             {"id", "case_id", "date", "type", "method", "content", "author_id", "created_at",
              "updated_at", "version"},
             {{"id", Str("`con_` followed by random characters.")},
              {"case_id", Str()},
              {"date", Date("相談日.")},
              {"type", CodeOf("consultation_type", "valid on `date`.")},
              {"method", CodeOf("consultation_method", "valid on `date`.")},
              {"content", Str("内容 (free text; may be empty while the record is written).")},
              {"author_id", Str("The user who created the record.")},
              {"created_at", DateTime()},
              {"updated_at", DateTime()},
              {"version", Int("Counts the changes; send it back with a PATCH.")}});

  s["Note"] = Object(
      "経過記録: a progress note. Never changed once written; a correction is a new note naming "
      "the one it corrects, and both stay.",
      {"id", "case_id", "at", "body", "author_id", "corrects", "version"},
      {{"id", Str("`not_` followed by random characters.")},
       {"case_id", Str()},
       {"at", DateTime("When it was written (server time).")},
       {"body", Str()},
       {"author_id", Str()},
       {"corrects", Nullable(Str("The note of the same case this one corrects, or null."))},
       {"version", Int("Always 1.")}});

  s["Policy"] = Object(
      "対応方針: a response policy decided by a supervisor. Never changed; a newer decision "
      "supersedes the older, which stays.",
      {"id", "case_id", "decided_at", "decided_by", "body", "next_action", "next_action_on",
       "version"},
      {{"id", Str("`pol_` followed by random characters.")},
       {"case_id", Str()},
       {"decided_at", DateTime()},
       {"decided_by", Str("The supervisor's user id.")},
       {"body", Str("The policy as decided.")},
       {"next_action", Str("次の対応; may be empty.")},
       {"next_action_on", Nullable(Date("When the next action is due, or null."))},
       {"version", Int("Always 1.")}});

  s["ItemsOfCaseSummary"] = ItemsOf("CaseSummary");
  s["ItemsOfConsultation"] = ItemsOf("Consultation");
  s["ItemsOfNote"] = ItemsOf("Note");
  s["ItemsOfPolicy"] = ItemsOf("Policy");
  s["BreakGlassGrant"] = Object(
      "A break-glass grant: a supervisor or admin may read a case outside their scope, having "
      "given a reason, until it expires. Never changed.",
      {"id", "case_id", "user_id", "reason", "granted_at", "expires_at"},
      {{"id", Str("`bgl_` followed by random characters; audit entries made under the grant "
                  "name it.")},
       {"case_id", Str()},
       {"user_id", Str("Who broke the glass.")},
       {"reason", Str("Why, as they gave it.")},
       {"granted_at", DateTime()},
       {"expires_at", DateTime("Reads under the grant are refused (404) from then on.")}});
  s["ItemsOfBreakGlassGrant"] = ItemsOf("BreakGlassGrant");
  s["NewBreakGlass"] =
      Object("Break-glass: the reason to read a case outside the caller's scope.", {"reason"},
             {{"reason", With(Str("Required, not blank; line breaks allowed."),
                              {{"minLength", 1}, {"maxLength", 500}})}},
             true);

  const Doc received_on = DateTime(
      "受理日時: ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset "
      "`±HH:MM` (400 `invalid_datetime` otherwise); not in the future.");
  s["NewCase"] = Object(
      "A case to open. The number, status (受理), id and version are the server's (sending them "
      "is refused: 400 `read_only`).",
      {"received_on", "unit_id", "consultation_type", "referral_route"},
      {{"received_on", received_on},
       {"unit_id", Str("One of the caller's units (400 `not_your_unit` otherwise).")},
       {"consultation_type", Ref("ConsultationTypeInput")},
       {"referral_route", With(CodeOf("referral_route"), {{"minLength", 1}})},
       {"yotaikyo_class", CodeOf("yotaikyo_class", "empty (the default) when none.")},
       {"household", With(Str("世帯の状況."), {{"maxLength", 4000}})},
       {"worker_ids", Array(Str(), "Users assigned; the creator when left out or empty.")}},
      true);
  s["CaseChange"] = Object(
      "A change to a case: `version` as last read, and the members to change (others stay). "
      "Read-only members are refused (400 `read_only`). Moving to another unit is a supervisor's "
      "decision.",
      {"version"},
      {{"version",
        With(Int("The version last read (409 `stale_version` otherwise)."), {{"minimum", 1}})},
       {"received_on", received_on},
       {"unit_id", Str()},
       {"status", CodeOf("case_status", "a change must follow the status flow.")},
       {"consultation_type", Ref("ConsultationTypeInput")},
       {"referral_route", CodeOf("referral_route")},
       {"yotaikyo_class", CodeOf("yotaikyo_class", "empty for none.")},
       {"household", With(Str("世帯の状況."), {{"maxLength", 4000}})},
       {"worker_ids", Array(Str(), "Replaces the assigned users.")}},
      true);

  s["NewPerson"] = Object(
      "A person to add to a case. Every member but `role` is optional; strings default to empty, "
      "`sex` to `unknown`. `age` and `grade` are derived (400 `read_only`).",
      {"role"}, PersonInputMembers(), true);
  Doc person_change = PersonInputMembers();
  person_change["version"] =
      With(Int("The version last read (409 `stale_version` otherwise)."), {{"minimum", 1}});
  s["PersonChange"] =
      Object("A change to a person: `version` as last read, and the members to change.",
             {"version"}, std::move(person_change), true);

  const Doc consultation_date = Date("相談日; not in the future.");
  s["NewConsultation"] =
      Object("A consultation record to add; the author is the caller.", {"date", "type", "method"},
             {{"date", consultation_date},
              {"type", CodeOf("consultation_type", "valid on `date`.")},
              {"method", CodeOf("consultation_method", "valid on `date`.")},
              {"content", With(Str("内容; empty when left out."), {{"maxLength", 20000}})}},
             true);
  s["ConsultationChange"] = Object(
      "A change to a consultation record: `version` as last read, and the members to change.",
      {"version"},
      {{"version",
        With(Int("The version last read (409 `stale_version` otherwise)."), {{"minimum", 1}})},
       {"date", consultation_date},
       {"type", CodeOf("consultation_type", "valid on `date`.")},
       {"method", CodeOf("consultation_method", "valid on `date`.")},
       {"content", With(Str("内容."), {{"maxLength", 20000}})}},
      true);

  s["NewNote"] = Object(
      "A progress note, written now by the caller.", {"body"},
      {{"body", With(Str(), {{"minLength", 1}, {"maxLength", 10000}})},
       {"corrects", Nullable(Str("A note of the same case that this one corrects (400 `corrects` "
                                 "otherwise); it stays as it was."))}},
      true);
  s["NewPolicy"] =
      Object("A response policy, decided now by the caller (a supervisor).", {"body"},
             {{"body", With(Str(), {{"minLength", 1}, {"maxLength", 4000}})},
              {"next_action", With(Str("次の対応; empty when left out."), {{"maxLength", 400}})},
              {"next_action_on", Nullable(Date("When the next action is due."))}},
             true);
}

Doc Schemas() {
  Doc s = Doc::object();

  s["Error"] = Object(
      "Every error answer: `{\"error\": {\"code\", \"message\", \"field\"?}}`.", {"error"},
      {{"error",
        Object({}, {"code", "message"},
               {{"code", Str("Stable machine code, e.g. `invalid_credentials`, `required`, "
                             "`blank` (text of spaces only, of any width), `unknown_field`, "
                             "`login_taken`; otherwise the kind of error "
                             "(`invalid_argument`, `not_found`, `forbidden`, ...).")},
                {"message", Str("A sentence for developers, in English. Never carries personal "
                                "data or the value sent.")},
                {"field", Str("The body field (dotted or indexed for nested ones, e.g. "
                              "`unit_ids[1]`), query parameter or header at fault, when there "
                              "is one.")}})},
       {"current",
        Described(Doc{{"type", "object"}},
                  "Only beside a 409 `stale_version` of a PATCH: the record as it is now, in the "
                  "schema of that PATCH's success answer (`Case`, `Person`, `Consultation`). "
                  "Merge, then send again with its `version`.")},
       {"changes",
        Described(
            Array(Object("One save of the record, from the audit log.",
                         {"user_id", "user_name", "at"},
                         {{"user_id", Str("Who saved.")},
                          {"user_name", Str("Their display name; empty when the account is gone.")},
                          {"at", DateTime()}}),
                  ""),
            "Only beside `current`: who saved the record since the `version` sent, newest first "
            "(one entry per save), so the app can say who changed what it asks about.")}});

  s["Role"] = With(Str("What the account may do (the role table of domain/users/role.cpp)."),
                   {{"enum", {"caseworker", "supervisor", "admin", "auditor"}}});

  s["User"] =
      Object("A staff account. Never carries the password or its hash.",
             {"id", "login", "name", "role", "unit_ids", "must_change_password", "disabled",
              "locked_until", "created_at", "updated_at", "version"},
             {{"id", Str("`usr_` followed by random characters; unique across tenants.")},
              {"login", Str("The lower-case login ID.")},
              {"name", Str("Display name.")},
              {"role", Ref("Role")},
              {"unit_ids", Array(Str(), "The units (センター) the account works in.")},
              {"must_change_password",
               Bool("Set after an admin created or reset the password: until it is changed, only "
                    "`GET /api/v1/me`, `POST /api/v1/me/password` and `POST /api/v1/logout` are "
                    "allowed (others answer 403 `password_change_required`).")},
              {"disabled", Bool("A disabled account cannot sign in.")},
              {"locked_until",
               Nullable(DateTime("Locked after repeated failed sign-ins until then; null when not "
                                 "locked."))},
              {"created_at", DateTime()},
              {"updated_at", DateTime()},
              {"version", Int("Counts the changes of the account.")}});

  s["Unit"] = Object("A unit (センター) of the tenant.", {"id", "name", "created_at"},
                     {{"id", With(Str("Chosen by the ward."), {{"pattern", kUnitIdPattern}})},
                      {"name", Str("e.g. 子ども総合センター")},
                      {"created_at", DateTime()}});

  s["Session"] =
      Object("The signed-in session.",
             {"id", "tenant", "created_at", "expires_at", "idle_timeout_seconds", "demo"},
             {{"id", Str("`ses_` followed by random characters; named in the audit log.")},
              {"tenant", Str("The tenant (municipality) id.")},
              {"created_at", DateTime()},
              {"expires_at", DateTime("Absolute expiry. The session also ends after "
                                      "`idle_timeout_seconds` without a request.")},
              {"idle_timeout_seconds", Int()},
              {"demo", Bool("True on a demo installation (`yorisoi demo`): dummy data, and device "
                            "certificates are not required.")}});

  s["AuditEntry"] = Object(
      "One entry of the tenant's hash-chained audit log: ids and machine codes only, never "
      "personal data.",
      {"seq", "at", "user_id", "role", "session_id", "device_id", "address", "action",
       "target_kind", "target_ids", "result", "detail", "hash"},
      {{"seq", Int("1, 2, 3, ... per tenant.")},
       {"at", DateTime()},
       {"user_id", Str("Who acted; empty when unknown (a failed sign-in for an unknown login).")},
       {"role", Str("The actor's role, `cli` for the command line, or empty.")},
       {"session_id", Str("Empty outside a session.")},
       {"device_id", Str("Empty until devices are enrolled.")},
       {"address", Str("Remote IP address, or `cli`.")},
       {"action", Str("Dotted verb, e.g. `auth.login`, `user.create`, `user.read`.")},
       {"target_kind", Str("`user`, `unit`, `session`, ...; empty when none.")},
       {"target_ids", Array(Str(), "Ids of the records acted on.")},
       {"result", Str("`ok`, `denied` or `failed`.")},
       {"detail", Str("A machine code, e.g. `wrong_password`; may be empty.")},
       {"hash", Str("Hex SHA-256 over the entry and the previous entry's hash.")}});

  s["AuditFlag"] =
      Object("A flagged pattern of the period, with the entries behind it.",
             {"kind", "user_id", "count", "entries"},
             {{"kind", With(Str(), {{"enum",
                                     {"bulk_reads", "off_hours", "out_of_scope", "failed_logins",
                                      "exports", "break_glass"}}})},
              {"user_id", Str("The user flagged; empty for failed sign-ins from one address.")},
              {"address", Str("For failed sign-ins from one address only: that address.")},
              {"count", Int("How many entries.")},
              {"entries", Array(Int(), "The `seq` of each entry behind the flag.")}});
  s["AuditReport"] = Object(
      "The periodic analysis of the audit log (アクセスログの定期分析): ids only.",
      {"tenant", "from", "to", "generated_at", "head", "settings", "summary", "flags"},
      {{"tenant", Str()},
       {"from", Date()},
       {"to", Date()},
       {"generated_at", DateTime()},
       {"head", Object("The chain's head when the report was made.", {"seq", "hash"},
                       {{"seq", Int()}, {"hash", Str()}})},
       {"settings",
        Object("The tenant's thresholds (tenants/<id>/audit-report.json; defaults in "
               "docs/operations.md).",
               {"work_start_hour", "work_end_hour", "bulk_reads_min", "bulk_reads_factor",
                "baseline_days", "failed_logins_min", "exports_min"},
               {{"work_start_hour", Int("Working hours start (JST), default 7.")},
                {"work_end_hour", Int("Working hours end (JST, exclusive), default 21.")},
                {"bulk_reads_min", Int("Default 50.")},
                {"bulk_reads_factor", Described(Doc{{"type", "number"}}, "Default 3.")},
                {"baseline_days", Int("Default 30.")},
                {"failed_logins_min", Int("Default 5.")},
                {"exports_min", Int("Default 1.")}})},
       {"summary",
        Object("Counts of the period.",
               {"entries", "sign_ins", "sign_in_failures", "exports", "device_actions", "reads"},
               {{"entries", Int()},
                {"sign_ins", Int()},
                {"sign_in_failures", Int()},
                {"exports", Int()},
                {"device_actions", Int()},
                {"reads", Int("Reads of case records.")}})},
       {"flags", Array(Ref("AuditFlag"))}});

  s["CodeEntry"] =
      Object("One code of a code list (domain-codes.md). Optional members are left out when empty.",
             {"code", "label"},
             {{"code", Str("Stable snake_case code: what requests send.")},
              {"label", Str("Japanese label: what people see.")},
              {"parent", Str("Code of the parent entry in the same list.")},
              {"group", Str("Grouping label for pickers, e.g. 養護相談.")},
              {"valid_from", Date("First day the code is valid (inclusive).")},
              {"valid_to", Date("Last day the code is valid (inclusive).")},
              {"flags", Array(Str(), "snake_case markers, e.g. `witnessed_dv`.")}});

  s["CodeCatalog"] = Described(
      Doc{{"type", "object"},
          {"propertyNames", {{"pattern", "^[a-z][a-z0-9_]*$"}}},
          {"additionalProperties", Array(Ref("CodeEntry"))}},
      "Every code list by name (e.g. `consultation_type`), lists and entries in catalog order.");

  s["NewCodeEntry"] = Object(
      "An entry of the ward's own for a built-in list. Checked as the built-in entries are; a "
      "child is shown under its parent and takes the parent's `group` when it has none.",
      {"list", "code", "label"},
      {{"list", Str("Name of a built-in list, e.g. `referral_route` (400 `unknown_list`).")},
       {"code", With(Str("snake_case ASCII, unique in the list (400 `duplicate_code`)."),
                     {{"pattern", "^[a-z][a-z0-9_]*$"}, {"maxLength", 64}})},
       {"label", With(Str("Japanese label."), {{"minLength", 1}, {"maxLength", 200}})},
       {"parent", Nullable(Str("Code of an entry of the same list (400 `unknown_parent`)."))},
       {"group", Nullable(Str("Grouping label for pickers."))},
       {"valid_from", Nullable(Date("First valid day."))},
       {"valid_to", Nullable(Date("Last valid day; not before `valid_from`."))},
       {"flags", Array(Str(), "snake_case markers.")}},
      true);
  s["CodeValidityChange"] =
      Object("Ends (a date) or reopens (null) the validity of one of the ward's own entries.",
             {"valid_to"}, {{"valid_to", Nullable(Date("Last valid day."))}}, true);
  s["TenantCodeEntry"] =
      Object("An entry of the ward's own, as stored.", {"list", "entry", "created_at"},
             {{"list", Str()}, {"entry", Ref("CodeEntry")}, {"created_at", DateTime()}});

  s["ItemsOfUser"] = ItemsOf("User");
  s["ItemsOfUnit"] = ItemsOf("Unit");
  s["Device"] = Object(
      "An enrolled device (tablet or export terminal). Only active devices can connect: their "
      "client certificate is required in the TLS handshake, and every session is bound to the "
      "device it was opened on.",
      {"id", "name", "kind", "state", "fingerprint", "not_after", "enrolled_by", "enrolled_at",
       "revoked_at", "revoked_by", "revoke_reason", "last_seen_at", "last_seen_address",
       "last_user_id", "version"},
      {{"id", Str("`dev_` followed by random characters; the certificate's CN.")},
       {"name", Str("The ward's label for the device (never a person's name).")},
       {"kind", With(Str(), {{"enum", Doc::array({"tablet", "export-terminal"})}})},
       {"state", With(Str(), {{"enum", Doc::array({"active", "revoked", "lost"})}})},
       {"fingerprint", Str("Lowercase hex SHA-256 of the device certificate (DER).")},
       {"not_after", DateTime("The certificate expires then.")},
       {"enrolled_by", Str("User id; empty when enrolled from the command line.")},
       {"enrolled_at", DateTime()},
       {"revoked_at", Nullable(DateTime())},
       {"revoked_by", Str("User id; empty from the command line or while active.")},
       {"revoke_reason", Str("lost, stolen, retired, compromised or other; empty while active.")},
       {"last_seen_at",
        Nullable(DateTime("Last sign-in or request (updated a few times an hour)."))},
       {"last_seen_address", Str()},
       {"last_user_id", Str("Who used it last.")},
       {"version", Int()}});
  s["ItemsOfDevice"] = ItemsOf("Device");
  s["NewDevice"] =
      Object("A device to enroll.", {"name", "kind"},
             {{"name", With(Str("Unique in the tenant (409 `device_name_taken`)."),
                            {{"pattern", "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"}})},
              {"kind", With(Str(), {{"enum", Doc::array({"tablet", "export-terminal"})}})}},
             true);
  s["DeviceEnrollment"] = Object(
      "The enrolled device with its key and certificate, shown only here: a PKCS#12 file for the "
      "MDM (key, certificate and the tenant's device CA) and its password.",
      {"device", "pkcs12_base64", "pkcs12_password", "ca_certificate_pem"},
      {{"device", Ref("Device")},
       {"pkcs12_base64", Str("The .p12 file, base64 (padded).")},
       {"pkcs12_password", Str("Its password.")},
       {"ca_certificate_pem", Str("The tenant's device CA certificate.")}});
  s["DeviceRevocation"] = Object(
      "Why the device is revoked (recorded in the audit log as a code).", {"reason"},
      {{"reason",
        With(Str("lost and stolen mark it lost; the others revoked."),
             {{"enum", Doc::array({"lost", "stolen", "retired", "compromised", "other"})}})}},
      true);
  s["ItemsOfAuditEntry"] = ItemsOf("AuditEntry");

  s["LoginRequest"] = Object(
      "Sign-in.", {"tenant", "login", "password"},
      {{"tenant", With(Str("The tenant (municipality) id."), {{"pattern", kTenantIdPattern}})},
       {"login",
        With(Str("The login ID (compared in lower case)."), {{"minLength", 1}, {"maxLength", 64}})},
       {"password", With(Str(), {{"minLength", 1}, {"maxLength", 128}})}},
      true);

  s["LoginResult"] = Object(
      "A new session.", {"token", "user", "session"},
      {{"token", Str("`<tenant>.<secret>`. Send it as `Authorization: Bearer <token>`; it is "
                     "also set as the `yorisoi_session` cookie. Shown only here.")},
       {"user", Ref("User")},
       {"session", Ref("Session")}});

  s["Me"] = Object("The signed-in account and its session.", {"user", "session"},
                   {{"user", Ref("User")}, {"session", Ref("Session")}});

  s["PasswordChange"] = Object(
      "Changing one's own password.", {"current_password", "new_password"},
      {{"current_password",
        Str("A wrong one counts as a failed sign-in (400 `wrong_password`; repeated, the account "
            "locks: 429 `account_locked`).")},
       {"new_password",
        With(Str("The password policy: 12-128 characters (400 `password_too_short`), not one "
                 "piece repeated (`password_repeated`), not a pattern (`password_pattern`, "
                 "`password_sequence`, `password_keyboard_pattern`), not containing the login "
                 "ID, the tenant ID or the product name (`password_contains_login`, "
                 "`password_contains_tenant`, `password_contains_product`), not a common "
                 "password (`password_common`), and not the current one (400 "
                 "`password_unchanged`)."),
             {{"minLength", 12}, {"maxLength", 128}})}},
      true);

  s["Unlock"] = Object(
      "Unlocking the app's lock screen with one's own password.", {"password"},
      {{"password",
        With(Str("A wrong one counts as a failed sign-in (400 `wrong_password`; repeated, the "
                 "account locks: 429 `account_locked`)."),
             {{"minLength", 1}, {"maxLength", 128}})}},
      true);

  s["NewUser"] = Object(
      "A staff account to create. The first password is random and answered once; the user "
      "must change it at first sign-in.",
      {"login", "name", "role"},
      {{"login", With(Str("Lower-case login ID; unique in the tenant (409 `login_taken`)."),
                      {{"pattern", kLoginPattern}})},
       {"name", With(Str("Display name."), {{"minLength", 1}, {"maxLength", 100}})},
       {"role", Ref("Role")},
       {"unit_ids",
        With(Nullable(Array(With(Str(), {{"pattern", kUnitIdPattern}}),
                            "Units of the tenant (400 `unknown_unit` otherwise), each once. "
                            "Required, and not empty, for caseworker and supervisor.")),
             {{"uniqueItems", true}})}},
      true);

  s["NewUnit"] = Object("A unit (センター) to create.", {"id", "name"},
                        {{"id", With(Str("Unique in the tenant (409 `unit_exists` otherwise)."),
                                     {{"pattern", kUnitIdPattern}})},
                         {"name", With(Str(), {{"minLength", 1}, {"maxLength", 100}})}},
                        true);

  s["UserWithTemporaryPassword"] =
      Object("An account with its new temporary password.", {"user", "temporary_password"},
             {{"user", Ref("User")},
              {"temporary_password",
               Str("Shown only here. The user must change it at the first sign-in.")}});

  s["OpenApiDocument"] = Described(Doc{{"type", "object"}}, "This document (OpenAPI 3.1).");
  s["Settings"] = Object(
      "What the tablet app needs before sign-in. No personal data.",
      {"idle_lock_seconds", "demo", "max_failed_logins", "lockout_seconds"},
      {{"idle_lock_seconds",
        With(Int("The app locks its screen after this many seconds without input "
                 "(`session.idle_lock_seconds` of config.json)."),
             {{"minimum", 30}, {"maximum", 3600}})},
       {"demo", Bool("True on a demo installation (`yorisoi demo`): dummy data only.")},
       {"max_failed_logins",
        With(Int("The lockout rule the app states beside a refused sign-in: after this many "
                 "failed sign-ins in a row an account is locked (`session.max_failed_logins`). "
                 "A sign-in to a locked account is answered as a wrong password is, so the app "
                 "cannot tell and says the rule instead."),
             {{"minimum", 1}})},
       {"lockout_seconds",
        With(Int("How long the lock lasts (`session.lockout_seconds`); an admin's password "
                 "reset lifts it earlier."),
             {{"minimum", 1}})}});
  CaseSchemas(s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Error answers: one reusable response per status, all with the Error schema.

struct ErrorStatus {
  int status;
  std::string_view name;  // components/responses/<name>
  std::string_view description;
};

constexpr ErrorStatus kErrorStatuses[] = {
    {400, "BadRequest",
     "A field, query parameter, header or the body breaks a rule (`field` names it; a list's "
     "`after` that is not the `next` of a page is `invalid_cursor`). Bodies must "
     "be `application/json` (`unsupported_media_type`), one object (`malformed_json`, "
     "`invalid_type`), with only known fields (`unknown_field`), each once (`duplicate_field`)."},
    {401, "Unauthorized",
     "No valid session: the token or cookie is missing, unknown, expired or idle "
     "(`session_expired`), or the sign-in failed (`invalid_credentials`)."},
    {403, "Forbidden",
     "Signed in, but the role may not do this (`forbidden`), the password must be changed first "
     "(`password_change_required`), or a cookie-authenticated write did not show that it came "
     "from this origin (`Origin` of this host, or `Sec-Fetch-Site: same-origin`): "
     "`cross_origin`."},
    {404, "NotFound",
     "No such record in the caller's tenant (another tenant's ids are never found)."},
    {409, "Conflict", "A duplicate key or a stale `version`."},
    {413, "PayloadTooLarge", "The request body is over the limit (`body_too_large`)."},
    {429, "TooManyRequests",
     "Too many failed sign-ins from this device (`device_throttled`) or address "
     "(`address_throttled`), or, changing one's own password, the account is locked "
     "(`account_locked`)."},
};

Doc ErrorContent() { return Doc{{"application/json", {{"schema", Ref("Error")}}}}; }

Doc ErrorResponses() {
  Doc r = Doc::object();
  for (const ErrorStatus& e : kErrorStatuses) {
    r[std::string(e.name)] = {{"description", e.description}, {"content", ErrorContent()}};
  }
  r["Unauthorized"]["headers"] = {
      {"WWW-Authenticate", {{"description", "`Bearer`"}, {"schema", Str()}}}};
  r["ServerError"] = {{"description",
                       "Internal error (500; details stay in the server log) or a dependency is "
                       "unavailable (503; retrying may help)."},
                      {"content", ErrorContent()}};
  return r;
}

// ---------------------------------------------------------------------------------------------
// The operations: one per route.

struct Operation {
  std::string_view method;   // as in the router: "GET", "POST", "PATCH", ...
  std::string_view path;     // the router's pattern, with its {name} segments
  std::string_view id;       // operationId: unique, lowerCamelCase
  std::string_view tag;      // one of Tags()
  std::string_view summary;  // one line
  std::string_view description = {};
  bool public_route = false;              // the route's action is std::nullopt: no sign-in
  std::vector<std::string_view> roles{};  // roles allowed by the route's action (role.cpp)
  std::string_view request = {};          // schema of the JSON body; empty: no body
  int status = 200;                       // the success status
  std::string_view response = {};         // schema of the success body; empty: none (204)
  Doc headers = nullptr;                  // headers of the success answer
  std::vector<int> errors{};              // other error statuses than 401/403 and 400/413
  std::vector<Doc> query{};               // query parameters
};

constexpr std::string_view kCaseworker = "caseworker";
constexpr std::string_view kSupervisor = "supervisor";
constexpr std::string_view kAdmin = "admin";
constexpr std::string_view kAuditor = "auditor";
const std::vector<std::string_view> kEveryRole = {kCaseworker, kSupervisor, kAdmin, kAuditor};

Doc Query(std::string_view name, Doc schema, std::string_view description) {
  return {{"name", name}, {"in", "query"}, {"description", description}, {"schema", schema}};
}

Doc Header(std::string_view description) {
  return {{"description", description}, {"schema", Str()}};
}

// "after" and "limit" of the record lists of a case.
std::vector<Doc> RecordPageQuery() {
  return {Query("after", Str(), "The `next` of the previous page."),
          Query("limit", With(Int(), {{"minimum", 1}, {"maximum", 200}, {"default", 50}}),
                "At most this many records.")};
}

std::vector<Operation> Operations() {
  return {
      // session_handlers.cpp
      {.method = "POST",
       .path = "/api/v1/login",
       .id = "login",
       .tag = "session",
       .summary = "Sign in",
       .description =
           "Answers the session token and sets it as the `yorisoi_session` cookie (HttpOnly, "
           "Secure, SameSite=Strict, Path=/api, no expiry: a browser-session cookie). An unknown "
           "tenant, an unknown login, a wrong password, a locked and a disabled account all "
           "answer the same 401 `invalid_credentials`, so the answer never says which logins "
           "exist. Five failures lock the account for 15 minutes (the numbers are in `GET "
           "/api/v1/settings` for the app to state); a device certificate with 20 failures in "
           "15 minutes is throttled (429 `device_throttled`), and so is an address with 200 "
           "(429 `address_throttled`).",
       .public_route = true,
       .request = "LoginRequest",
       .response = "LoginResult",
       .headers = {{"Set-Cookie", Header("`yorisoi_session=<token>; Path=/api; HttpOnly; "
                                         "Secure; SameSite=Strict`")}},
       .errors = {401, 429}},
      {.method = "POST",
       .path = "/api/v1/logout",
       .id = "logout",
       .tag = "session",
       .summary = "Sign out",
       .description = "Ends the session, expires the cookie and asks the browser to clear its "
                      "cache, cookies and storage for the site.",
       .roles = kEveryRole,
       .status = 204,
       .headers = {{"Set-Cookie", Header("The `yorisoi_session` cookie, expired (`Max-Age=0`).")},
                   {"Clear-Site-Data", Header("`\"cookies\", \"storage\"`")}}},
      {.method = "GET",
       .path = "/api/v1/me",
       .id = "getMe",
       .tag = "session",
       .summary = "The signed-in account and session",
       .description = "Not recorded in the audit log (one's own account).",
       .roles = kEveryRole,
       .response = "Me"},
      {.method = "POST",
       .path = "/api/v1/me/password",
       .id = "changeOwnPassword",
       .tag = "session",
       .summary = "Change one's own password",
       .description = "Ends the account's other sessions; this one stays signed in.",
       .roles = kEveryRole,
       .request = "PasswordChange",
       .status = 204,
       .errors = {429}},
      {.method = "POST",
       .path = "/api/v1/session/unlock",
       .id = "unlockSession",
       .tag = "session",
       .summary = "Unlock the app's lock screen",
       .description =
           "The app's idle lock covers the screen but keeps the session (which still ends after "
           "`idle_timeout_seconds` without a request); the signed-in user unlocks it with the "
           "password, checked against this session's account. Failures count toward the account "
           "lockout like failed sign-ins; the right password ends a run of failures. Recorded in "
           "the audit log (`auth.unlock`: ok, failed, denied).",
       .roles = kEveryRole,
       .request = "Unlock",
       .status = 204,
       .errors = {429}},

      // user_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/users",
       .id = "listUsers",
       .tag = "users",
       .summary = "Staff accounts of the tenant",
       .description = "Ordered by login. The read is recorded in the audit log (`user.list`).",
       .roles = {kAdmin, kAuditor},
       .response = "ItemsOfUser"},
      {.method = "POST",
       .path = "/api/v1/users",
       .id = "createUser",
       .tag = "users",
       .summary = "Create a staff account",
       .description = "The admin never chooses the first password: a random one is answered "
                      "once, and the user must change it at the first sign-in.",
       .roles = {kAdmin},
       .request = "NewUser",
       .status = 201,
       .response = "UserWithTemporaryPassword",
       .errors = {409}},
      {.method = "GET",
       .path = "/api/v1/users/{id}",
       .id = "getUser",
       .tag = "users",
       .summary = "One staff account",
       .description = "The read is recorded in the audit log (`user.read`).",
       .roles = {kAdmin, kAuditor},
       .response = "User",
       .errors = {404}},
      {.method = "POST",
       .path = "/api/v1/users/{id}/reset-password",
       .id = "resetUserPassword",
       .tag = "users",
       .summary = "Reset a staff account's password",
       .description = "Sets a random temporary password (answered once), clears any lock and "
                      "ends the account's sessions. No request body.",
       .roles = {kAdmin},
       .response = "UserWithTemporaryPassword",
       .errors = {404, 409}},

      // unit_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/units",
       .id = "listUnits",
       .tag = "units",
       .summary = "Units (センター) of the tenant",
       .description = "Ordered by id.",
       .roles = kEveryRole,
       .response = "ItemsOfUnit"},
      {.method = "POST",
       .path = "/api/v1/units",
       .id = "createUnit",
       .tag = "units",
       .summary = "Create a unit",
       .roles = {kAdmin},
       .request = "NewUnit",
       .status = 201,
       .response = "Unit",
       .errors = {409}},

      // audit_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/audit",
       .id = "queryAudit",
       .tag = "audit",
       .summary = "The audit log",
       .description =
           "Entries in `seq` order, filtered by every parameter given. A page that is full "
           "(`limit` entries) answers `next`: pass it as `after` for the next page. Reading the "
           "log is itself recorded (`audit.read`, with the filters used). Any other query "
           "parameter is refused (400 `unknown_parameter`).",
       .roles = {kAdmin, kAuditor},
       .response = "ItemsOfAuditEntry",
       .errors = {400},
       .query = {Query("user", Str(), "Only entries by this user id."),
                 Query("record", Str(), "Only entries whose `target_ids` include this id."),
                 Query("action", Str(), "Only entries of this action, e.g. `user.read`."),
                 Query("from", Date(), "From this day (JST), inclusive."),
                 Query("to", Date(), "Up to this day (JST), inclusive."),
                 Query("after", With(Int(), {{"minimum", 0}}),
                       "Only entries with a greater `seq`: the `next` of the previous page."),
                 Query("limit", With(Int(), {{"minimum", 1}, {"maximum", 500}, {"default", 100}}),
                       "At most this many entries.")}},
      {.method = "GET",
       .path = "/api/v1/audit/report",
       .id = "auditReport",
       .tag = "audit",
       .summary = "The periodic analysis of the audit log",
       .description =
           "Summary counts of the period (sign-ins, failures, exports, device actions, reads of "
           "case records) and the flagged patterns, each with the `seq` of the entries behind "
           "it: `bulk_reads` (a user reading more than `bulk_reads_factor` times their own "
           "baseline of the `baseline_days` before, and at least `bulk_reads_min`), `off_hours` "
           "(anything a signed-in user did outside the working hours, JST), `out_of_scope` "
           "(reads or attempts on cases outside the user's units and assignments), "
           "`failed_logins` (at least `failed_logins_min` failed sign-ins on one account, or "
           "from one address), `exports`, `break_glass` (every break-glass grant and every "
           "read made under one, which are therefore not also `out_of_scope`). Ids only. Making "
           "the report is recorded "
           "(`audit.report`). At most 366 days.",
       .roles = {kAdmin, kAuditor},
       .response = "AuditReport",
       .errors = {400},
       .query = {Query("from", Date(), "First day (JST), inclusive. Required."),
                 Query("to", Date(), "Last day (JST), inclusive. Required.")}},

      // code_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/codes",
       .id = "listCodes",
       .tag = "codes",
       .summary = "Every code list, for pickers",
       .description = "The built-in lists with the caller's ward's own entries merged in. Any "
                      "other query parameter is refused (400 `unknown_parameter`).",
       .roles = kEveryRole,
       .response = "CodeCatalog",
       .errors = {400},
       .query = {Query("on", Date(),
                       "Only the entries valid on this day (an entry is valid only when its "
                       "parent is). Without it, every entry.")}},

      {.method = "POST",
       .path = "/api/v1/codes",
       .id = "addCodeEntry",
       .tag = "codes",
       .summary = "Add an entry of the ward's own to a code list",
       .description = "Recorded as `code.create`. From then on the tenant's requests may send the "
                      "code, and `GET /api/v1/codes` lists it.",
       .roles = {kAdmin},
       .request = "NewCodeEntry",
       .status = 201,
       .response = "TenantCodeEntry"},
      {.method = "PATCH",
       .path = "/api/v1/codes/{list}/{code}",
       .id = "changeCodeValidity",
       .tag = "codes",
       .summary = "End or reopen the validity of an entry of the ward's own",
       .description = "Built-in entries are the same in every ward: 404 for them, as for unknown "
                      "codes. Recorded as `code.update`.",
       .roles = {kAdmin},
       .request = "CodeValidityChange",
       .response = "TenantCodeEntry",
       .errors = {404}},

      // handlers/cases.cpp, people.cpp, consultations.cpp, notes.cpp, policies.cpp
      {.method = "GET",
       .path = "/api/v1/cases",
       .id = "listCases",
       .tag = "cases",
       .summary = "Cases the caller may read, newest first",
       .description =
           "Cases of the caller's units and cases assigned to the caller, by `received_on` "
           "descending. `q` searches names in kanji or kana (hiragana and katakana, half and full "
           "width alike, spaces ignored), case numbers, birth dates (`YYYY-MM-DD` or `YYYYMMDD`; "
           "(also typed as 和暦, `令和6年4月1日` or `R6.4.1`, or `2024年4月1日`), "
           "addresses, schools, consultation contents and notes; one or two characters work too. "
           "A search answers the cases where a person's name or reading (氏名, ふりがな) holds "
           "the text first, then the cases found only by other text (case number, birth date, "
           "address, school, workplace, consultations, notes), each by `received_on` "
           "descending. Each result of a search has `match`: the record it was found by, with a "
           "snippet. A full page answers `next` (a search's says which of the two it stopped "
           "in): pass it as `after`. Recorded as `case.list` (or "
           "`case.search`). Any other query parameter is refused (400 `unknown_parameter`).",
       .roles = {kCaseworker, kSupervisor},
       .response = "ItemsOfCaseSummary",
       .errors = {400},
       .query = {Query("q", Str(), "Search text (400 `q` when nothing searchable is left)."),
                 Query("status", Str(), "Only cases with this `case_status` code."),
                 Query("unit", With(Str(), {{"pattern", kUnitIdPattern}}),
                       "Only cases of this unit."),
                 Query("after", Str(), "The `next` of the previous page."),
                 Query("limit", With(Int(), {{"minimum", 1}, {"maximum", 200}, {"default", 50}}),
                       "At most this many cases.")}},
      {.method = "POST",
       .path = "/api/v1/cases",
       .id = "createCase",
       .tag = "cases",
       .summary = "Open a case",
       .description = "Assigns the number (per fiscal year of the receiving day) and status 受理.",
       .roles = {kCaseworker, kSupervisor},
       .request = "NewCase",
       .status = 201,
       .response = "Case",
       .errors = {409}},
      {.method = "GET",
       .path = "/api/v1/cases/{id}",
       .id = "getCase",
       .tag = "cases",
       .summary = "One case with its people and newest records",
       .description = "Recorded as `case.read`.",
       .roles = {kCaseworker, kSupervisor, kAdmin},
       .response = "Case",
       .errors = {404}},
      {.method = "PATCH",
       .path = "/api/v1/cases/{id}",
       .id = "updateCase",
       .tag = "cases",
       .summary = "Change a case",
       .description = "Optimistic concurrency: a `version` other than the current one answers "
                      "409 `stale_version` with `current`, the case as it is now (`Case`).",
       .roles = {kCaseworker, kSupervisor},
       .request = "CaseChange",
       .response = "Case",
       .errors = {404, 409}},
      {.method = "POST",
       .path = "/api/v1/cases/{id}/people",
       .id = "addPerson",
       .tag = "cases",
       .summary = "Add a person to a case",
       .roles = {kCaseworker, kSupervisor},
       .request = "NewPerson",
       .status = 201,
       .response = "Person",
       .errors = {404}},
      {.method = "PATCH",
       .path = "/api/v1/people/{id}",
       .id = "updatePerson",
       .tag = "cases",
       .summary = "Change a person",
       .description = "A stale `version` answers 409 `stale_version` with `current` (`Person`).",
       .roles = {kCaseworker, kSupervisor},
       .request = "PersonChange",
       .response = "Person",
       .errors = {404, 409}},
      {.method = "GET",
       .path = "/api/v1/cases/{id}/consultations",
       .id = "listConsultations",
       .tag = "cases",
       .summary = "相談記録 of a case, newest first",
       .description = "By date, newest first. Recorded as `consultation.list`.",
       .roles = {kCaseworker, kSupervisor, kAdmin},
       .response = "ItemsOfConsultation",
       .errors = {400, 404},
       .query = RecordPageQuery()},
      {.method = "POST",
       .path = "/api/v1/cases/{id}/consultations",
       .id = "addConsultation",
       .tag = "cases",
       .summary = "Add a 相談記録",
       .roles = {kCaseworker, kSupervisor},
       .request = "NewConsultation",
       .status = 201,
       .response = "Consultation",
       .errors = {404}},
      {.method = "PATCH",
       .path = "/api/v1/consultations/{id}",
       .id = "updateConsultation",
       .tag = "cases",
       .summary = "Change a 相談記録",
       .description =
           "A stale `version` answers 409 `stale_version` with `current` (`Consultation`).",
       .roles = {kCaseworker, kSupervisor},
       .request = "ConsultationChange",
       .response = "Consultation",
       .errors = {404, 409}},
      {.method = "GET",
       .path = "/api/v1/cases/{id}/notes",
       .id = "listNotes",
       .tag = "cases",
       .summary = "経過記録 of a case, newest first",
       .description = "Recorded as `note.list`.",
       .roles = {kCaseworker, kSupervisor, kAdmin},
       .response = "ItemsOfNote",
       .errors = {400, 404},
       .query = RecordPageQuery()},
      {.method = "POST",
       .path = "/api/v1/cases/{id}/notes",
       .id = "addNote",
       .tag = "cases",
       .summary = "Write a 経過記録",
       .description = "Notes are never changed: to correct one, write a note naming it in "
                      "`corrects`.",
       .roles = {kCaseworker, kSupervisor},
       .request = "NewNote",
       .status = 201,
       .response = "Note",
       .errors = {404}},
      {.method = "GET",
       .path = "/api/v1/cases/{id}/policies",
       .id = "listPolicies",
       .tag = "cases",
       .summary = "対応方針 of a case, newest (in force) first",
       .description = "Recorded as `policy.list`.",
       .roles = {kCaseworker, kSupervisor, kAdmin},
       .response = "ItemsOfPolicy",
       .errors = {400, 404},
       .query = RecordPageQuery()},
      {.method = "POST",
       .path = "/api/v1/cases/{id}/policies",
       .id = "addPolicy",
       .tag = "cases",
       .summary = "Decide a 対応方針",
       .description = "It supersedes the previous one, which stays.",
       .roles = {kSupervisor},
       .request = "NewPolicy",
       .status = 201,
       .response = "Policy",
       .errors = {404}},
      {.method = "POST",
       .path = "/api/v1/cases/{id}/break-glass",
       .id = "breakGlass",
       .tag = "cases",
       .summary = "Open a case outside one's scope, with a reason, for a limited time",
       .description =
           "Grants the caller (a supervisor or admin) reads of the case, its people and records "
           "— never writes — until `expires_at`: `session.break_glass_seconds` of the server's "
           "configuration, 30 minutes by default. Outside scope a case is 404 (exactly as one "
           "that does not exist) unless the caller holds an unexpired grant. Recorded as "
           "`case.break_glass` naming the case and the grant (the reason stays in the grant); "
           "every read under the grant is recorded naming the grant, with detail "
           "`break_glass`, and the audit report flags both as `break_glass`. 404 when there is "
           "no such case; 400 `reason` when it is missing, blank or longer than 500 characters.",
       .roles = {kSupervisor, kAdmin},
       .request = "NewBreakGlass",
       .status = 201,
       .response = "BreakGlassGrant",
       .errors = {400, 404}},
      {.method = "GET",
       .path = "/api/v1/cases/{id}/break-glass",
       .id = "listBreakGlass",
       .tag = "cases",
       .summary = "The break-glass grants on a case, newest first",
       .description = "For whoever may read the case in the ordinary way (its unit, its "
                      "workers): who opened it from outside, when, why and until when. A grant "
                      "does not extend to this list. Recorded as `case.break_glass_list`.",
       .roles = {kCaseworker, kSupervisor},
       .response = "ItemsOfBreakGlassGrant",
       .errors = {404}},

      // device_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/devices",
       .id = "listDevices",
       .tag = "devices",
       .summary = "The tenant's devices",
       .description = "By name, revoked ones included.",
       .roles = {kAdmin},
       .response = "ItemsOfDevice"},
      {.method = "POST",
       .path = "/api/v1/devices",
       .id = "enrollDevice",
       .tag = "devices",
       .summary = "Enroll a device",
       .description = "Issues a client certificate from the tenant's device CA. The answer is "
                      "the only time the key leaves the server. Recorded as `device.enroll`.",
       .roles = {kAdmin},
       .request = "NewDevice",
       .status = 201,
       .response = "DeviceEnrollment",
       .errors = {409}},
      {.method = "POST",
       .path = "/api/v1/devices/{id}/revoke",
       .id = "revokeDevice",
       .tag = "devices",
       .summary = "Revoke a device",
       .description = "New TLS handshakes with its certificate fail, its open connections are "
                      "closed within a second, and its sessions end. Recorded as `device.revoke` "
                      "with the reason. 409 `not_active` when it is revoked already.",
       .roles = {kAdmin},
       .request = "DeviceRevocation",
       .response = "Device",
       .errors = {404, 409}},
      {.method = "GET",
       .path = "/api/v1/me/devices",
       .id = "listOwnDevices",
       .tag = "devices",
       .summary = "Devices the caller used last",
       .description = "For reporting one's own tablet lost from another device.",
       .roles = kEveryRole,
       .response = "ItemsOfDevice"},
      {.method = "POST",
       .path = "/api/v1/me/devices/{id}/lost",
       .id = "reportDeviceLost",
       .tag = "devices",
       .summary = "Report one's own tablet lost",
       .description = "Only for a device the caller used last, and not from that device (400 "
                      "`current_device`). Revokes it as an admin would (reason `lost`).",
       .roles = kEveryRole,
       .response = "Device",
       .errors = {404, 409}},

      // settings_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/settings",
       .id = "getSettings",
       .tag = "meta",
       .summary = "Settings of the tablet app",
       .description = "Needs no sign-in: the app reads it at start, before anyone signs in. No "
                      "personal data.",
       .public_route = true,
       .response = "Settings"},

      // openapi_handlers.cpp
      {.method = "GET",
       .path = "/api/v1/openapi.json",
       .id = "getOpenApi",
       .tag = "meta",
       .summary = "This document",
       .description = "Needs no sign-in: it describes the API, not anyone's data.",
       .public_route = true,
       .response = "OpenApiDocument"},
  };
}

Doc Tags() {
  return Doc::array({
      {{"name", "session"}, {"description", "Sign-in, sign-out and one's own account."}},
      {{"name", "users"}, {"description", "Staff accounts (admins; auditors may read)."}},
      {{"name", "units"}, {"description", "Units (センター) of the tenant."}},
      {{"name", "codes"}, {"description", "Code lists (domain-codes.md) for pickers."}},
      {{"name", "cases"},
       {"description",
        "The case file: cases, their people, 相談記録, 経過記録 and 対応方針 (caseworkers and "
        "supervisors). A case outside the caller's units and assignments does not exist for "
        "them (404). Every read and write is recorded in the audit log."}},
      {{"name", "audit"}, {"description", "The hash-chained audit log (auditors and admins)."}},
      {{"name", "devices"},
       {"description",
        "Enrolled tablets and export terminals (mTLS): ward admins enroll and revoke; a user may "
        "report their own tablet lost."}},
      {{"name", "meta"}, {"description", "About the API itself and the app's settings."}},
  });
}

// ---------------------------------------------------------------------------------------------
// Assembly

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The {name} segments of a pattern, in order.
std::vector<std::string> PathParams(std::string_view path) {
  std::vector<std::string> out;
  std::size_t open = path.find('{');
  while (open != std::string_view::npos) {
    const std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(path.substr(open + 1, close - open - 1));
    open = path.find('{', close);
  }
  return out;
}

Doc BuildOperation(const Operation& op) {
  Doc o = {{"operationId", op.id}, {"tags", {op.tag}}, {"summary", op.summary}};
  std::string description(op.description);
  if (!op.public_route) {
    std::string roles;
    for (std::string_view r : op.roles) roles += (roles.empty() ? "" : ", ") + std::string(r);
    description += std::string(description.empty() ? "" : "\n\n") + "Roles: " + roles + ".";
  }
  if (!description.empty()) o["description"] = description;
  if (op.public_route) {
    o["security"] = Doc::array();  // overrides the document's default: no sign-in
  } else {
    o["x-yorisoi-roles"] = Doc::array();
    for (std::string_view r : op.roles) o["x-yorisoi-roles"].push_back(r);
  }
  if (!op.query.empty()) o["parameters"] = op.query;
  if (!op.request.empty()) {
    o["requestBody"] = {{"required", true},
                        {"content", {{"application/json", {{"schema", Ref(op.request)}}}}}};
  }

  Doc ok = {{"description", op.response.empty() ? "Done; no body." : "OK."}};
  if (!op.headers.is_null()) ok["headers"] = op.headers;
  if (!op.response.empty()) {
    ok["content"] = {{"application/json", {{"schema", Ref(op.response)}}}};
  }
  Doc responses = Doc::object();
  responses[std::to_string(op.status)] = std::move(ok);

  std::vector<int> errors = op.errors;
  if (!op.public_route) errors.insert(errors.end(), {401, 403});
  if (!op.request.empty()) errors.insert(errors.end(), {400, 413});
  std::sort(errors.begin(), errors.end());
  errors.erase(std::unique(errors.begin(), errors.end()), errors.end());
  for (int status : errors) {
    for (const ErrorStatus& e : kErrorStatuses) {
      if (e.status == status) {
        responses[std::to_string(status)] = {
            {"$ref", "#/components/responses/" + std::string(e.name)}};
      }
    }
  }
  responses["5XX"] = {{"$ref", "#/components/responses/ServerError"}};
  o["responses"] = std::move(responses);
  return o;
}

Doc BuildDocument() {
  Doc doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {
      {"title", "Yorisoi API"},
      {"version", "v1"},
      {"summary", "Child-consultation casework for municipalities."},
      {"description",
       "JSON in UTF-8. Sign in with `POST /api/v1/login`, then send `Authorization: Bearer "
       "<token>` or the `yorisoi_session` cookie (writes with the cookie must come from this "
       "origin). Every error is `{\"error\": {\"code\", \"message\", \"field\"?}}`. An unknown "
       "path answers 404, a known path with another method 405 (`method_not_allowed`); paths "
       "outside `/api/` serve the tablet web app. Every "
       "answer carries `Cache-Control: no-store`. Request bodies may carry only the fields "
       "described; answers may gain members. Lists answer `{\"items\", \"next\"}`."},
  };
  doc["tags"] = Tags();
  doc["security"] = Doc::array({{{"bearerAuth", Doc::array()}}, {{"sessionCookie", Doc::array()}}});

  Doc paths = Doc::object();
  for (const Operation& op : Operations()) {
    Doc& item = paths[std::string(op.path)];
    const std::vector<std::string> params = PathParams(op.path);
    if (!params.empty() && !item.contains("parameters")) {
      item["parameters"] = Doc::array();
      for (const std::string& name : params) {
        item["parameters"].push_back(
            {{"name", name},
             {"in", "path"},
             {"required", true},
             {"description", "An id, as answered by the API (at most 128 characters)."},
             {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 128}}}});
      }
    }
    item[Lower(op.method)] = BuildOperation(op);
  }
  doc["paths"] = std::move(paths);

  doc["components"] = {
      {"securitySchemes",
       {{"bearerAuth",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"description", "The `token` answered by `POST /api/v1/login`."}}},
        {"sessionCookie",
         {{"type", "apiKey"},
          {"in", "cookie"},
          {"name", "yorisoi_session"},
          {"description", "Set by `POST /api/v1/login` (HttpOnly, Secure, SameSite=Strict)."}}}}},
      {"schemas", Schemas()},
      {"responses", ErrorResponses()},
  };
  return doc;
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string text = BuildDocument().dump(2);
  return text;
}

}  // namespace yorisoi::http
