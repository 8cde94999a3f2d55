#include "core/clock.hpp"
#include "core/date.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

namespace {

void WriteOptionalTime(JsonWriter& w, std::string_view key,
                       const std::optional<core::TimePoint>& t) {
  w.Key(key);
  if (t) {
    w.String(core::FormatIso8601Utc(*t));
  } else {
    w.Null();
  }
}

}  // namespace

void WriteUser(JsonWriter& w, const domain::User& u) {
  w.BeginObject()
      .Field("id", u.id)
      .Field("login", u.login)
      .Field("name", u.name)
      .Field("role", domain::RoleName(u.role))
      .StringArray("unit_ids", u.unit_ids)
      .Field("must_change_password", u.must_change_password)
      .Field("disabled", u.disabled);
  WriteOptionalTime(w, "locked_until", u.locked_until);
  w.Field("created_at", core::FormatIso8601Utc(u.created_at))
      .Field("updated_at", core::FormatIso8601Utc(u.updated_at))
      .Field("version", u.version)
      .EndObject();
}

void WriteUnit(JsonWriter& w, const domain::Unit& u) {
  w.BeginObject()
      .Field("id", u.id)
      .Field("name", u.name)
      .Field("created_at", core::FormatIso8601Utc(u.created_at))
      .EndObject();
}

namespace {

void WriteOptionalDate(JsonWriter& w, std::string_view key, const std::optional<core::Date>& d) {
  w.Key(key);
  if (d) {
    w.String(d->ToIso());
  } else {
    w.Null();
  }
}

// The members of a case without people and records, inside an open object.
void WriteCaseMembers(JsonWriter& w, const domain::CaseFile& c) {
  w.Field("id", c.id)
      .Field("number", c.number)
      .Field("received_on", core::FormatIso8601Utc(c.received_at))
      .Field("unit_id", c.unit_id)
      .Field("status", c.status)
      .Key("consultation_type")
      .BeginObject()
      .Field("code", c.consultation_type.code)
      .StringArray("abuse_types", c.consultation_type.abuse_types)
      .Field("witnessed_dv", c.consultation_type.witnessed_dv)
      .EndObject()
      .Field("referral_route", c.referral_route)
      .Field("yotaikyo_class", c.yotaikyo_class)
      .Field("household", c.household)
      .StringArray("worker_ids", c.worker_ids)
      .Field("created_at", core::FormatIso8601Utc(c.created_at))
      .Field("updated_at", core::FormatIso8601Utc(c.updated_at))
      .Field("version", c.version);
}

// "next_action": {"text", "on", "policy_id"} or null.
void WriteNextAction(JsonWriter& w, const std::optional<domain::NextAction>& next) {
  w.Key("next_action");
  if (!next) {
    w.Null();
    return;
  }
  w.BeginObject().Field("text", next->text);
  WriteOptionalDate(w, "on", next->on);
  w.Field("policy_id", next->policy_id).EndObject();
}

}  // namespace

void WriteCaseListItem(JsonWriter& w, const domain::CaseListItem& item) {
  w.BeginObject();
  WriteCaseMembers(w, item.case_file);
  WriteNextAction(w, item.next_action);
  if (item.match) {
    const domain::SearchMatch& m = *item.match;
    w.Key("match")
        .BeginObject()
        .Field("kind", m.kind)
        .Field("record_id", m.record_id)
        .Field("snippet", m.snippet)
        .Key("highlight")
        .BeginArray();
    for (const auto& [start, end] : m.highlight) {
      w.BeginArray().Int(start).Int(end).EndArray();
    }
    w.EndArray().EndObject();
  }
  w.EndObject();
}

void WriteCaseView(JsonWriter& w, const domain::CaseView& v, core::Date today) {
  w.BeginObject();
  WriteCaseMembers(w, v.case_file);
  WriteNextAction(w, v.next_action);
  w.Key("people").BeginArray();
  for (const auto& p : v.people) WritePerson(w, p, today);
  w.EndArray().Key("consultations").BeginArray();
  for (const auto& c : v.consultations) WriteConsultation(w, c);
  w.EndArray().Key("notes").BeginArray();
  for (const auto& n : v.notes) WriteNote(w, n);
  w.EndArray().Key("policies").BeginArray();
  for (const auto& p : v.policies) WritePolicy(w, p);
  w.EndArray().EndObject();
}

void WritePerson(JsonWriter& w, const domain::Person& p, core::Date today) {
  const domain::PersonDerived derived = domain::DerivePerson(p, today);
  w.BeginObject()
      .Field("id", p.id)
      .Field("case_id", p.case_id)
      .Field("role", p.role)
      .Field("name", p.name)
      .Field("name_kana", p.name_kana)
      .Field("sex", p.sex)
      .Field("relationship", p.relationship);
  WriteOptionalDate(w, "birth_date", p.birth_date);
  w.Key("age");
  if (derived.age) {
    w.Int(*derived.age);
  } else {
    w.Null();
  }
  w.Field("address", p.address)
      .Key("school")
      .BeginObject()
      .Field("kind", p.affiliation_kind)
      .Field("name", p.affiliation_name)
      .EndObject()
      .Field("grade", derived.grade_label)
      .Field("grade_override", p.grade_override)
      .Field("workplace", p.workplace)
      .Field("health", p.health)
      .Field("clinic", p.clinic)
      .Field("nationality", p.nationality)
      .Field("residence_status", p.residence_status)
      .Field("created_at", core::FormatIso8601Utc(p.created_at))
      .Field("updated_at", core::FormatIso8601Utc(p.updated_at))
      .Field("version", p.version)
      .EndObject();
}

void WriteConsultation(JsonWriter& w, const domain::Consultation& c) {
  w.BeginObject()
      .Field("id", c.id)
      .Field("case_id", c.case_id)
      .Field("date", c.date.ToIso())
      .Field("type", c.type)
      .Field("method", c.method)
      .Field("content", c.content)
      .Field("author_id", c.author_id)
      .Field("created_at", core::FormatIso8601Utc(c.created_at))
      .Field("updated_at", core::FormatIso8601Utc(c.updated_at))
      .Field("version", c.version)
      .EndObject();
}

void WriteNote(JsonWriter& w, const domain::Note& n) {
  w.BeginObject()
      .Field("id", n.id)
      .Field("case_id", n.case_id)
      .Field("at", core::FormatIso8601Utc(n.at))
      .Field("body", n.body)
      .Field("author_id", n.author_id)
      .Key("corrects");
  if (n.corrects) {
    w.String(*n.corrects);
  } else {
    w.Null();
  }
  w.Field("version", n.version).EndObject();
}

void WritePolicy(JsonWriter& w, const domain::Policy& p) {
  w.BeginObject()
      .Field("id", p.id)
      .Field("case_id", p.case_id)
      .Field("decided_at", core::FormatIso8601Utc(p.decided_at))
      .Field("decided_by", p.decided_by)
      .Field("body", p.body)
      .Field("next_action", p.next_action);
  WriteOptionalDate(w, "next_action_on", p.next_action_on);
  w.Field("version", p.version).EndObject();
}

void WriteDevice(JsonWriter& w, const domain::Device& d) {
  w.BeginObject()
      .Field("id", d.id)
      .Field("name", d.name)
      .Field("kind", d.kind)
      .Field("state", d.state)
      .Field("fingerprint", d.fingerprint)
      .Field("not_after", core::FormatIso8601Utc(d.not_after))
      .Field("enrolled_by", d.enrolled_by)
      .Field("enrolled_at", core::FormatIso8601Utc(d.enrolled_at));
  WriteOptionalTime(w, "revoked_at", d.revoked_at);
  w.Field("revoked_by", d.revoked_by).Field("revoke_reason", d.revoke_reason);
  WriteOptionalTime(w, "last_seen_at", d.last_seen_at);
  w.Field("last_seen_address", d.last_seen_address)
      .Field("last_user_id", d.last_user_id)
      .Field("version", d.version)
      .EndObject();
}

}  // namespace yorisoi::http
