// The one place PostgreSQL errors become neutral errors.
#include <libpq-fe.h>

#include <string>

#include "core/error_codes.hpp"
#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

core::Error MapError(pg_conn* conn, pg_result* res, std::string_view what) {
  std::string msg = "postgres: " + std::string(what);
  if (res == nullptr || conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    // The server is gone (restarted, failed over) or unreachable. libpq's connection message
    // names hosts and ports, never data.
    if (conn != nullptr) {
      std::string text = PQerrorMessage(conn);
      // One log line: libpq's message has a line per host tried, and tabs.
      for (char& c : text) {
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (!text.empty()) msg += ": " + text;
    }
    return core::Error::Unavailable(msg);
  }
  const char* state_p = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string state = state_p != nullptr ? state_p : "";
  msg += ": SQLSTATE " + state;
  const std::string cls = state.substr(0, 2);
  // Only messages that cannot quote a value are passed on: constraint names, lock and
  // connection trouble. (Class 22, "invalid input syntax for type ...: <value>", would.)
  if (cls == "23") {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    if (constraint != nullptr) msg += std::string(" (") + constraint + ")";
    if (state == "23505") return core::Error::Conflict(msg, core::codes::kDuplicate);
    return core::Error::InvalidArgument("", msg, core::codes::kConstraint);
  }
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  const bool safe_text = cls == "08" || cls == "40" || cls == "53" || cls == "55" || cls == "57" ||
                         cls == "42" || state == "25006";
  if (safe_text && primary != nullptr) msg += std::string(" (") + primary + ")";
  if (cls == "40" || cls == "08" || cls == "53" || cls == "57" || state == "55P03" ||
      state == "25006") {
    // Serialization failures, deadlocks, lost connections, shutdowns, resource limits, a lock
    // timeout, and a standby that refuses writes: try again later.
    return core::Error::Unavailable(msg);
  }
  return core::Error::Internal(msg);
}

}  // namespace yorisoi::storage::postgres
