#include "storage/sqlite/migrations.hpp"

namespace yorisoi::storage::sqlite {

// Times are Unix milliseconds (UTC) in INTEGER columns.

const std::vector<Migration>& PlatformMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
        CREATE TABLE tenants (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          created_at  INTEGER NOT NULL
        ) STRICT;
      )sql"},
  };
  return kMigrations;
}

const std::vector<Migration>& TenantMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
        CREATE TABLE units (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          created_at  INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE users (
          id                    TEXT PRIMARY KEY,
          login                 TEXT NOT NULL UNIQUE,
          name                  TEXT NOT NULL,
          role                  TEXT NOT NULL
                                CHECK (role IN ('caseworker','supervisor','admin','auditor')),
          password_hash         TEXT NOT NULL,
          must_change_password  INTEGER NOT NULL DEFAULT 0,
          disabled              INTEGER NOT NULL DEFAULT 0,
          failed_logins         INTEGER NOT NULL DEFAULT 0,
          locked_until          INTEGER,
          password_changed_at   INTEGER NOT NULL,
          created_at            INTEGER NOT NULL,
          updated_at            INTEGER NOT NULL,
          version               INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE user_units (
          user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          unit_id  TEXT NOT NULL REFERENCES units(id),
          PRIMARY KEY (user_id, unit_id)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE sessions (
          id              TEXT PRIMARY KEY,
          token_hash      TEXT NOT NULL UNIQUE,
          user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          device_id       TEXT NOT NULL DEFAULT '',
          remote_address  TEXT NOT NULL,
          created_at      INTEGER NOT NULL,
          last_seen_at    INTEGER NOT NULL,
          expires_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX sessions_by_user ON sessions(user_id);
      )sql"},
      {2, R"sql(
        -- The audit log: append-only, hash-chained. target_ids is a JSON array of ids.
        CREATE TABLE audit_log (
          seq           INTEGER PRIMARY KEY,
          at            INTEGER NOT NULL,
          user_id       TEXT NOT NULL,
          role          TEXT NOT NULL,
          session_id    TEXT NOT NULL,
          device_id     TEXT NOT NULL,
          address       TEXT NOT NULL,
          action        TEXT NOT NULL,
          target_kind   TEXT NOT NULL,
          target_ids    TEXT NOT NULL,
          result        TEXT NOT NULL,
          detail        TEXT NOT NULL,
          prev_hash     TEXT NOT NULL,
          hash          TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_user ON audit_log(user_id, seq);
        CREATE INDEX audit_by_action ON audit_log(action, seq);
        CREATE INDEX audit_by_time ON audit_log(at);
        -- One row per (entry, target) so "who touched record X" is an index lookup.
        CREATE TABLE audit_targets (
          target_id  TEXT NOT NULL,
          seq        INTEGER NOT NULL REFERENCES audit_log(seq),
          PRIMARY KEY (target_id, seq)
        ) STRICT, WITHOUT ROWID;
      )sql"},
  };
  return kMigrations;
}

}  // namespace yorisoi::storage::sqlite
