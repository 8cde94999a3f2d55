#include "core/clock.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

void WriteUser(JsonWriter& w, const domain::User& u) {
  w.BeginObject()
      .Field("id", u.id)
      .Field("login", u.login)
      .Field("name", u.name)
      .Field("role", domain::RoleName(u.role))
      .StringArray("unit_ids", u.unit_ids)
      .Field("must_change_password", u.must_change_password)
      .Field("disabled", u.disabled);
  w.Key("locked_until");
  if (u.locked_until) {
    w.String(core::FormatIso8601Utc(*u.locked_until));
  } else {
    w.Null();
  }
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

}  // namespace yorisoi::http
