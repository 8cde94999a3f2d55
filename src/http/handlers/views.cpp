#include "core/clock.hpp"
#include "http/handlers/handlers.hpp"

namespace yorisoi::http {

Json UserJson(const domain::User& u) {
  Json j;
  j["id"] = u.id;
  j["login"] = u.login;
  j["name"] = u.name;
  j["role"] = std::string(domain::RoleName(u.role));
  j["unit_ids"] = u.unit_ids;
  j["must_change_password"] = u.must_change_password;
  j["disabled"] = u.disabled;
  j["locked_until"] =
      u.locked_until ? Json(core::FormatIso8601Utc(*u.locked_until)) : Json(nullptr);
  j["created_at"] = core::FormatIso8601Utc(u.created_at);
  j["updated_at"] = core::FormatIso8601Utc(u.updated_at);
  j["version"] = u.version;
  return j;
}

Json UnitJson(const domain::Unit& u) {
  return Json{{"id", u.id}, {"name", u.name}, {"created_at", core::FormatIso8601Utc(u.created_at)}};
}

}  // namespace yorisoi::http
