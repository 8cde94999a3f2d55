// How rows become domain values and domain values become parameters, for both backends: their
// Statement classes (storage/sqlite/database.hpp, storage/postgres/database.hpp) offer the same
// Text/Int/IsNull and Bind calls, and both keep the same column shapes (a time as Unix
// milliseconds, a date as 'YYYY-MM-DD' text, NULL when absent; a list as a JSON array or a
// comma-joined text). Each backend owns its SQL; the column order a reader expects is the order
// of that store's SELECT lists, which both backends keep alike.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/storage.hpp"

namespace yorisoi::storage {

// ---- columns ----

template <typename St>
std::optional<core::Date> ReadDate(const St& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  auto d = core::Date::Parse(st.Text(col), "date");
  if (!d.ok()) return std::nullopt;
  return *d;
}

template <typename St>
void BindDate(St& st, int i, const std::optional<core::Date>& d) {
  if (d) {
    st.Bind(i, d->ToIso());
  } else {
    st.BindNull(i);
  }
}

template <typename St>
std::optional<core::TimePoint> ReadTime(const St& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return core::FromUnixMillis(st.Int(col));
}

// ---- rows ----

inline constexpr auto ReadAuditEntry = [](const auto& st) -> domain::AuditEntry {
  domain::AuditEntry e;
  e.seq = st.Int(0);
  e.at = core::FromUnixMillis(st.Int(1));
  e.actor.user_id = st.Text(2);
  e.actor.role = st.Text(3);
  e.actor.session_id = st.Text(4);
  e.actor.device_id = st.Text(5);
  e.actor.address = st.Text(6);
  e.action = st.Text(7);
  e.target_kind = st.Text(8);
  const nlohmann::json ids = nlohmann::json::parse(st.Text(9), nullptr, false);
  if (ids.is_array()) {
    for (const auto& id : ids) {
      if (id.is_string()) e.target_ids.push_back(id.get<std::string>());
    }
  }
  e.result = st.Text(10);
  e.detail = st.Text(11);
  e.prev_hash = st.Text(12);
  e.hash = st.Text(13);
  e.chain = static_cast<int>(st.Int(14));
  return e;
};

inline std::string ToJsonArray(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump();
}

inline std::vector<std::string> FromJsonArray(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array()) {
    for (const auto& x : j) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

inline constexpr auto ReadCase = [](const auto& st) -> domain::CaseFile {
  domain::CaseFile c;
  c.id = st.Text(0);
  c.number = st.Text(1);
  c.received_at = core::FromUnixMillis(st.Int(2));
  c.unit_id = st.Text(3);
  c.status = st.Text(4);
  c.consultation_type.code = st.Text(5);
  c.consultation_type.abuse_types = FromJsonArray(st.Text(6));
  c.consultation_type.witnessed_dv = st.Int(7) != 0;
  c.referral_route = st.Text(8);
  c.yotaikyo_class = st.Text(9);
  c.household = st.Text(10);
  c.created_at = core::FromUnixMillis(st.Int(11));
  c.updated_at = core::FromUnixMillis(st.Int(12));
  c.version = st.Int(13);
  return c;
};

// Binds the mutable columns of a case at 1..11 in the order of the UPDATE/INSERT statements.
template <typename St>
void BindCaseFields(St& st, const domain::CaseFile& c, int first) {
  st.Bind(first, c.number)
      .Bind(first + 1, core::ToUnixMillis(c.received_at))
      .Bind(first + 2, c.unit_id)
      .Bind(first + 3, c.status)
      .Bind(first + 4, c.consultation_type.code)
      .Bind(first + 5, ToJsonArray(c.consultation_type.abuse_types))
      .Bind(first + 6, int64_t{c.consultation_type.witnessed_dv})
      .Bind(first + 7, c.referral_route)
      .Bind(first + 8, c.yotaikyo_class)
      .Bind(first + 9, c.household);
}

inline constexpr auto ReadPerson = [](const auto& st) -> domain::Person {
  domain::Person p;
  p.id = st.Text(0);
  p.case_id = st.Text(1);
  p.role = st.Text(2);
  p.name = st.Text(3);
  p.name_kana = st.Text(4);
  p.sex = st.Text(5);
  p.relationship = st.Text(6);
  if (!st.IsNull(7)) {
    auto d = core::Date::Parse(st.Text(7), "birth_date");
    if (d.ok()) p.birth_date = *d;
  }
  p.address = st.Text(8);
  p.affiliation_kind = st.Text(9);
  p.affiliation_name = st.Text(10);
  p.grade_override = st.Text(11);
  p.workplace = st.Text(12);
  p.health = st.Text(13);
  p.clinic = st.Text(14);
  p.nationality = st.Text(15);
  p.residence_status = st.Text(16);
  p.created_at = core::FromUnixMillis(st.Int(17));
  p.updated_at = core::FromUnixMillis(st.Int(18));
  p.version = st.Int(19);
  return p;
};

template <typename St>
void BindPersonFields(St& st, const domain::Person& p, int first) {
  st.Bind(first, p.role)
      .Bind(first + 1, p.name)
      .Bind(first + 2, p.name_kana)
      .Bind(first + 3, p.sex)
      .Bind(first + 4, p.relationship);
  if (p.birth_date) {
    st.Bind(first + 5, p.birth_date->ToIso());
  } else {
    st.BindNull(first + 5);
  }
  st.Bind(first + 6, p.address)
      .Bind(first + 7, p.affiliation_kind)
      .Bind(first + 8, p.affiliation_name)
      .Bind(first + 9, p.grade_override)
      .Bind(first + 10, p.workplace)
      .Bind(first + 11, p.health)
      .Bind(first + 12, p.clinic)
      .Bind(first + 13, p.nationality)
      .Bind(first + 14, p.residence_status);
}

inline std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

inline std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> flags;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    flags.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return flags;
}

inline constexpr auto ReadCodeEntry = [](const auto& st) -> domain::TenantCodeEntry {
  domain::TenantCodeEntry e;
  e.list = st.Text(0);
  e.entry.code = st.Text(1);
  e.entry.label = st.Text(2);
  e.entry.parent = st.Text(3);
  e.entry.group = st.Text(4);
  e.entry.valid_from = ReadDate(st, 5);
  e.entry.valid_to = ReadDate(st, 6);
  e.entry.flags = SplitFlags(st.Text(7));
  e.created_by = st.Text(8);
  e.created_at = core::FromUnixMillis(st.Int(9));
  return e;
};

inline constexpr auto ReadDevice = [](const auto& st) -> domain::Device {
  domain::Device d;
  d.id = st.Text(0);
  d.name = st.Text(1);
  d.kind = st.Text(2);
  d.fingerprint = st.Text(3);
  d.serial = st.Text(4);
  d.not_after = core::FromUnixMillis(st.Int(5));
  d.enrolled_by = st.Text(6);
  d.enrolled_at = core::FromUnixMillis(st.Int(7));
  d.state = st.Text(8);
  d.revoked_at = ReadTime(st, 9);
  d.revoked_by = st.Text(10);
  d.revoke_reason = st.Text(11);
  d.last_seen_at = ReadTime(st, 12);
  d.last_seen_address = st.Text(13);
  d.last_user_id = st.Text(14);
  d.version = st.Int(15);
  return d;
};

inline constexpr auto ReadConsultation = [](const auto& st) -> domain::Consultation {
  domain::Consultation c;
  c.id = st.Text(0);
  c.case_id = st.Text(1);
  if (auto d = ReadDate(st, 2)) c.date = *d;
  c.type = st.Text(3);
  c.method = st.Text(4);
  c.content = st.Text(5);
  c.author_id = st.Text(6);
  c.created_at = core::FromUnixMillis(st.Int(7));
  c.updated_at = core::FromUnixMillis(st.Int(8));
  c.version = st.Int(9);
  return c;
};

inline constexpr auto ReadNote = [](const auto& st) -> domain::Note {
  domain::Note n;
  n.id = st.Text(0);
  n.case_id = st.Text(1);
  n.at = core::FromUnixMillis(st.Int(2));
  n.body = st.Text(3);
  n.author_id = st.Text(4);
  if (!st.IsNull(5)) n.corrects = st.Text(5);
  return n;
};

inline constexpr auto ReadPolicy = [](const auto& st) -> domain::Policy {
  domain::Policy p;
  p.id = st.Text(0);
  p.case_id = st.Text(1);
  p.decided_at = core::FromUnixMillis(st.Int(2));
  p.decided_by = st.Text(3);
  p.body = st.Text(4);
  p.next_action = st.Text(5);
  p.next_action_on = ReadDate(st, 6);
  return p;
};

inline constexpr auto ReadTenant = [](const auto& st) -> domain::Tenant {
  return domain::Tenant{st.Text(0), st.Text(1), core::FromUnixMillis(st.Int(2))};
};

inline constexpr auto ReadUnit = [](const auto& st) -> domain::Unit {
  return domain::Unit{st.Text(0), st.Text(1), core::FromUnixMillis(st.Int(2))};
};

inline constexpr auto ReadUser = [](const auto& st) -> domain::User {
  domain::User u;
  u.id = st.Text(0);
  u.login = st.Text(1);
  u.name = st.Text(2);
  u.role = domain::ParseRole(st.Text(3)).value_or(domain::Role::kCaseworker);
  u.password_hash = st.Text(4);
  u.must_change_password = st.Int(5) != 0;
  u.disabled = st.Int(6) != 0;
  u.failed_logins = static_cast<int>(st.Int(7));
  u.locked_until = ReadTime(st, 8);
  u.password_changed_at = core::FromUnixMillis(st.Int(9));
  u.created_at = core::FromUnixMillis(st.Int(10));
  u.updated_at = core::FromUnixMillis(st.Int(11));
  u.version = st.Int(12);
  return u;
};

}  // namespace yorisoi::storage
