#include "storage/postgres/migrations.hpp"

namespace yorisoi::storage::postgres {

// Times are Unix milliseconds (UTC) in BIGINT columns, dates 'YYYY-MM-DD' text, flags 0/1
// integers: the same shapes as the SQLite backend, so the stores read both alike. Version numbers
// are the SQLite backend's; the statements are PostgreSQL's own.

const std::vector<Migration>& PlatformMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
        CREATE TABLE tenants (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          created_at  BIGINT NOT NULL
        );
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
          created_at  BIGINT NOT NULL
        );
        CREATE TABLE users (
          id                    TEXT PRIMARY KEY,
          login                 TEXT NOT NULL UNIQUE,
          name                  TEXT NOT NULL,
          role                  TEXT NOT NULL
                                CHECK (role IN ('caseworker','supervisor','admin','auditor')),
          password_hash         TEXT NOT NULL,
          must_change_password  BIGINT NOT NULL DEFAULT 0,
          disabled              BIGINT NOT NULL DEFAULT 0,
          failed_logins         BIGINT NOT NULL DEFAULT 0,
          locked_until          BIGINT,
          password_changed_at   BIGINT NOT NULL,
          created_at            BIGINT NOT NULL,
          updated_at            BIGINT NOT NULL,
          version               BIGINT NOT NULL
        );
        CREATE TABLE user_units (
          user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          unit_id  TEXT NOT NULL REFERENCES units(id),
          PRIMARY KEY (user_id, unit_id)
        );
        CREATE TABLE sessions (
          id              TEXT PRIMARY KEY,
          token_hash      TEXT NOT NULL UNIQUE,
          user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          device_id       TEXT NOT NULL DEFAULT '',
          remote_address  TEXT NOT NULL,
          created_at      BIGINT NOT NULL,
          last_seen_at    BIGINT NOT NULL,
          expires_at      BIGINT NOT NULL
        );
        CREATE INDEX sessions_by_user ON sessions(user_id);
      )sql"},
      {2, R"sql(
        -- The audit log: append-only, hash-chained. target_ids is a JSON array of ids.
        CREATE TABLE audit_log (
          seq           BIGINT PRIMARY KEY,
          at            BIGINT NOT NULL,
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
        );
        CREATE INDEX audit_by_user ON audit_log(user_id, seq);
        CREATE INDEX audit_by_action ON audit_log(action, seq);
        CREATE INDEX audit_by_time ON audit_log(at);
        -- One row per (entry, target) so "who touched record X" is an index lookup.
        CREATE TABLE audit_targets (
          target_id  TEXT NOT NULL,
          seq        BIGINT NOT NULL REFERENCES audit_log(seq),
          PRIMARY KEY (target_id, seq)
        );
      )sql"},
      {3, R"sql(
        -- The case file. Personal data lives only in tenant databases like this one.
        CREATE TABLE cases (
          id                 TEXT PRIMARY KEY,
          number             TEXT NOT NULL UNIQUE,
          received_at        BIGINT NOT NULL,
          unit_id            TEXT NOT NULL REFERENCES units(id),
          status             TEXT NOT NULL,
          consultation_type  TEXT NOT NULL,
          abuse_types        TEXT NOT NULL,   -- JSON array of codes
          witnessed_dv       BIGINT NOT NULL,
          referral_route     TEXT NOT NULL,
          yotaikyo_class     TEXT NOT NULL,
          household          TEXT NOT NULL,
          created_at         BIGINT NOT NULL,
          updated_at         BIGINT NOT NULL,
          version            BIGINT NOT NULL
        );
        CREATE INDEX cases_by_unit ON cases(unit_id, received_at DESC, id);
        CREATE INDEX cases_by_received ON cases(received_at DESC, id);
        CREATE TABLE case_workers (
          case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          user_id  TEXT NOT NULL REFERENCES users(id),
          PRIMARY KEY (case_id, user_id)
        );
        CREATE INDEX case_workers_by_user ON case_workers(user_id);
        CREATE TABLE case_numbers (
          fiscal_year  BIGINT PRIMARY KEY,
          last         BIGINT NOT NULL
        );
        CREATE TABLE people (
          id                TEXT PRIMARY KEY,
          case_id           TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          role              TEXT NOT NULL,
          name              TEXT NOT NULL,
          name_kana         TEXT NOT NULL,
          sex               TEXT NOT NULL,
          relationship      TEXT NOT NULL,
          birth_date        TEXT,             -- YYYY-MM-DD
          address           TEXT NOT NULL,
          affiliation_kind  TEXT NOT NULL,
          affiliation_name  TEXT NOT NULL,
          grade_override    TEXT NOT NULL,
          workplace         TEXT NOT NULL,
          health            TEXT NOT NULL,
          clinic            TEXT NOT NULL,
          nationality       TEXT NOT NULL,
          residence_status  TEXT NOT NULL,
          created_at        BIGINT NOT NULL,
          updated_at        BIGINT NOT NULL,
          version           BIGINT NOT NULL
        );
        CREATE INDEX people_by_case ON people(case_id);
      )sql"},
      {4, R"sql(
        -- Consultations, progress notes, policies and the search index.
        CREATE TABLE consultations (
          id          TEXT PRIMARY KEY,
          case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          date        TEXT NOT NULL,    -- YYYY-MM-DD
          type        TEXT NOT NULL,
          method      TEXT NOT NULL,
          content     TEXT NOT NULL,
          author_id   TEXT NOT NULL REFERENCES users(id),
          created_at  BIGINT NOT NULL,
          updated_at  BIGINT NOT NULL,
          version     BIGINT NOT NULL
        );
        CREATE INDEX consultations_by_case
          ON consultations(case_id, date DESC, created_at DESC, id DESC);
        -- Progress notes are append-only: a correction is a new row naming the one it corrects.
        CREATE TABLE notes (
          id         TEXT PRIMARY KEY,
          case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          at         BIGINT NOT NULL,
          body       TEXT NOT NULL,
          author_id  TEXT NOT NULL REFERENCES users(id),
          corrects   TEXT REFERENCES notes(id) ON DELETE CASCADE
        );
        CREATE INDEX notes_by_case ON notes(case_id, at DESC, id DESC);
        CREATE INDEX notes_by_corrects ON notes(corrects) WHERE corrects IS NOT NULL;
        CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000'; END $$;
        CREATE TRIGGER notes_append_only BEFORE UPDATE ON notes
          FOR EACH ROW EXECUTE FUNCTION refuse_update();
        CREATE TABLE policies (
          id              TEXT PRIMARY KEY,
          case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          decided_at      BIGINT NOT NULL,
          decided_by      TEXT NOT NULL REFERENCES users(id),
          body            TEXT NOT NULL,
          next_action     TEXT NOT NULL,
          next_action_on  TEXT              -- YYYY-MM-DD
        );
        CREATE INDEX policies_by_case ON policies(case_id, decided_at DESC, id DESC);
        CREATE TRIGGER policies_append_only BEFORE UPDATE ON policies
          FOR EACH ROW EXECUTE FUNCTION refuse_update();
        -- Search: one normalised document per record, matched as a plain substring (LIKE); a
        -- pg_trgm GIN index serves queries of 3+ characters, 1-2 characters scan the case's
        -- documents. (pg_trgm is a trusted extension: the database owner may create it.)
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE search_docs (
          ref_id   TEXT PRIMARY KEY,
          case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          text     TEXT NOT NULL
        );
        CREATE INDEX search_docs_by_case ON search_docs(case_id);
        CREATE INDEX search_docs_trgm ON search_docs USING gin (text gin_trgm_ops);
      )sql"},
      {5, R"sql(
        -- SQLite's migration 5 renumbered its full-text rows by case; the trigram index here
        -- needs no such numbering. The version is kept so both backends count alike.
        SELECT 1;
      )sql"},
      {6, R"sql(
        -- A tenant's own code-list entries, merged into the built-in lists (CodeService).
        -- `revision` grows with every change so a cached catalog can tell it is current; `seq`
        -- keeps the order added (a parent before its children). Flags are snake_case codes
        -- joined by commas.
        CREATE TABLE code_entries (
          seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          list        TEXT NOT NULL,
          code        TEXT NOT NULL,
          label       TEXT NOT NULL,
          parent      TEXT NOT NULL,
          grp         TEXT NOT NULL,
          valid_from  TEXT,             -- YYYY-MM-DD
          valid_to    TEXT,             -- YYYY-MM-DD
          flags       TEXT NOT NULL,
          created_by  TEXT NOT NULL,
          created_at  BIGINT NOT NULL,
          revision    BIGINT NOT NULL,
          UNIQUE (list, code)
        );
        CREATE INDEX code_entries_by_revision ON code_entries(revision);
      )sql"},
      {7, R"sql(
        -- Enrolled devices (tablets, export terminals). `revision` grows with every enrolment
        -- and revocation, so the server's poller reloads the active devices only when needed.
        CREATE TABLE devices (
          id                 TEXT PRIMARY KEY,
          name               TEXT NOT NULL UNIQUE,
          kind               TEXT NOT NULL,
          fingerprint        TEXT NOT NULL UNIQUE,
          serial             TEXT NOT NULL,
          not_after          BIGINT NOT NULL,
          enrolled_by        TEXT NOT NULL,
          enrolled_at        BIGINT NOT NULL,
          state              TEXT NOT NULL,
          revoked_at         BIGINT,
          revoked_by         TEXT NOT NULL DEFAULT '',
          revoke_reason      TEXT NOT NULL DEFAULT '',
          last_seen_at       BIGINT,
          last_seen_address  TEXT NOT NULL DEFAULT '',
          last_user_id       TEXT NOT NULL DEFAULT '',
          version            BIGINT NOT NULL,
          revision           BIGINT NOT NULL
        );
        CREATE INDEX devices_by_revision ON devices(revision);
        CREATE INDEX sessions_by_device ON sessions(device_id) WHERE device_id <> '';
      )sql"},
      {8, R"sql(
        -- The chain version of each audit entry: 1 = plain SHA-256 (every entry written before
        -- this migration), 2 = HMAC-SHA-256 under the tenant's audit-chain key. The target
        -- index by seq lets `audit verify` compare it with each entry's chained target ids.
        ALTER TABLE audit_log ADD COLUMN chain INTEGER NOT NULL DEFAULT 1 CHECK (chain IN (1, 2));
        CREATE INDEX audit_targets_by_seq ON audit_targets(seq);
      )sql"},
      {9, R"sql(
        -- The search indexer's watermark (domain/search_indexer.hpp): the documents of every
        -- record named by a write entry of the audit log with seq <= indexed_through are in the
        -- index. Until now each write indexed its records itself, so an existing log is indexed.
        CREATE TABLE search_index (
          one              INTEGER PRIMARY KEY CHECK (one = 1),
          indexed_through  BIGINT NOT NULL
        );
        INSERT INTO search_index(one, indexed_through)
          SELECT 1, coalesce(max(seq), 0) FROM audit_log;
      )sql"},
      {10, R"sql(
        -- Queries of 1-2 characters, which trigrams cannot answer: each document's distinct
        -- characters and adjacent pairs (not across the newline that joins its fields), kept
        -- by PostgreSQL itself in a generated column, under a GIN index that `grams @> ARRAY[q]`
        -- uses. Filled here for the existing documents by the column's rewrite.
        CREATE FUNCTION search_grams(t text) RETURNS text[]
          LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
          RETURN ARRAY(SELECT DISTINCT g FROM (
              SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
              UNION ALL
              SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i) AS x
            WHERE strpos(g, E'\n') = 0);
        ALTER TABLE search_docs
          ADD COLUMN grams text[] GENERATED ALWAYS AS (search_grams(text)) STORED;
        CREATE INDEX search_docs_grams ON search_docs USING gin (grams);
      )sql"},
      {11, R"sql(
        -- Break-glass grants (domain/cases/case_store.hpp): who may read which case outside their
        -- ordinary scope, until when, and why. Append-only.
        CREATE TABLE break_glass_grants (
          id          TEXT PRIMARY KEY,
          case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          user_id     TEXT NOT NULL,
          reason      TEXT NOT NULL,
          granted_at  BIGINT NOT NULL,
          expires_at  BIGINT NOT NULL
        );
        CREATE INDEX break_glass_by_case ON break_glass_grants(case_id, user_id, expires_at);
      )sql"},
  };
  return kMigrations;
}

}  // namespace yorisoi::storage::postgres
