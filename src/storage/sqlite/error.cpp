// The one place SQLite result codes become neutral errors.
#include <sqlite3.h>

#include <string>

#include "core/error_codes.hpp"
#include "storage/sqlite/database.hpp"

namespace yorisoi::storage::sqlite {

core::Error MapError(int rc, std::string_view what, sqlite3* db) {
  std::string msg = "sqlite: " + std::string(what) + ": " + sqlite3_errstr(rc);
  // sqlite3_errmsg may quote constraint names, never values: safe to log.
  if (db != nullptr && rc != SQLITE_BUSY) msg += std::string(" (") + sqlite3_errmsg(db) + ")";
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return core::Error::Conflict(msg, core::codes::kDuplicate);
      }
      return core::Error::InvalidArgument("", msg, core::codes::kConstraint);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error::Unavailable(msg);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return core::Error::Unavailable(msg);
    default:
      return core::Error::Internal(msg);
  }
}

}  // namespace yorisoi::storage::sqlite
