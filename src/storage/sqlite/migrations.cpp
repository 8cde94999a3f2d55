#include "storage/sqlite/migrations.hpp"

#include "storage/sqlite/search_grams.hpp"

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
      {3, R"sql(
        -- The case file. Personal data lives only in tenant databases like this one.
        CREATE TABLE cases (
          id                 TEXT PRIMARY KEY,
          number             TEXT NOT NULL UNIQUE,
          received_at        INTEGER NOT NULL,
          unit_id            TEXT NOT NULL REFERENCES units(id),
          status             TEXT NOT NULL,
          consultation_type  TEXT NOT NULL,
          abuse_types        TEXT NOT NULL,   -- JSON array of codes
          witnessed_dv       INTEGER NOT NULL,
          referral_route     TEXT NOT NULL,
          yotaikyo_class     TEXT NOT NULL,
          household          TEXT NOT NULL,
          created_at         INTEGER NOT NULL,
          updated_at         INTEGER NOT NULL,
          version            INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX cases_by_unit ON cases(unit_id, received_at DESC, id);
        CREATE INDEX cases_by_received ON cases(received_at DESC, id);
        CREATE TABLE case_workers (
          case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          user_id  TEXT NOT NULL REFERENCES users(id),
          PRIMARY KEY (case_id, user_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX case_workers_by_user ON case_workers(user_id);
        CREATE TABLE case_numbers (
          fiscal_year  INTEGER PRIMARY KEY,
          last         INTEGER NOT NULL
        ) STRICT;
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
          created_at        INTEGER NOT NULL,
          updated_at        INTEGER NOT NULL,
          version           INTEGER NOT NULL
        ) STRICT;
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
          created_at  INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL,
          version     INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX consultations_by_case
          ON consultations(case_id, date DESC, created_at DESC, id DESC);
        -- Progress notes are append-only: a correction is a new row naming the one it corrects.
        CREATE TABLE notes (
          id         TEXT PRIMARY KEY,
          case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          at         INTEGER NOT NULL,
          body       TEXT NOT NULL,
          author_id  TEXT NOT NULL REFERENCES users(id),
          corrects   TEXT REFERENCES notes(id) ON DELETE CASCADE
        ) STRICT;
        CREATE INDEX notes_by_case ON notes(case_id, at DESC, id DESC);
        CREATE INDEX notes_by_corrects ON notes(corrects) WHERE corrects IS NOT NULL;
        CREATE TRIGGER notes_append_only BEFORE UPDATE ON notes
          BEGIN SELECT RAISE(ABORT, 'progress notes are append-only'); END;
        CREATE TABLE policies (
          id              TEXT PRIMARY KEY,
          case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          decided_at      INTEGER NOT NULL,
          decided_by      TEXT NOT NULL REFERENCES users(id),
          body            TEXT NOT NULL,
          next_action     TEXT NOT NULL,
          next_action_on  TEXT              -- YYYY-MM-DD
        ) STRICT;
        CREATE INDEX policies_by_case ON policies(case_id, decided_at DESC, id DESC);
        CREATE TRIGGER policies_append_only BEFORE UPDATE ON policies
          BEGIN SELECT RAISE(ABORT, 'policy decisions are append-only'); END;
        -- Search: one normalised document per record; FTS5 trigram over it (external content)
        -- for queries of 3+ characters, LIKE on this base table for 1-2 characters. The store
        -- keeps search_fts in step itself: with trusted_schema=OFF a trigger may not write a
        -- virtual table. Whoever deletes search_docs rows (retention) must delete from
        -- search_fts too.
        CREATE TABLE search_docs (
          rowid    INTEGER PRIMARY KEY,
          ref_id   TEXT NOT NULL UNIQUE,
          case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          text     TEXT NOT NULL
        ) STRICT;
        CREATE INDEX search_docs_by_case ON search_docs(case_id);
        CREATE VIRTUAL TABLE search_fts USING fts5(
          text, content='search_docs', content_rowid='rowid', tokenize='trigram');
      )sql"},
      {5, R"sql(
        -- Search documents are numbered by case: rowid = (cases.search_key << 20) + n, so a
        -- full-text hit names its case by arithmetic instead of a lookup in the wide
        -- search_docs table (a phrase common to 300k documents took 1 s that way).
        ALTER TABLE cases ADD COLUMN search_key INTEGER;
        UPDATE cases SET search_key = rowid;
        CREATE UNIQUE INDEX cases_by_search_key ON cases(search_key);
        CREATE TABLE search_docs_v5 (
          rowid    INTEGER PRIMARY KEY,
          ref_id   TEXT NOT NULL UNIQUE,
          case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          text     TEXT NOT NULL
        ) STRICT;
        INSERT INTO search_docs_v5(rowid, ref_id, case_id, text)
          SELECT (c.search_key << 20) + row_number() OVER (PARTITION BY d.case_id ORDER BY d.rowid),
                 d.ref_id, d.case_id, d.text
          FROM search_docs d JOIN cases c ON c.id = d.case_id;
        DROP TABLE search_docs;
        ALTER TABLE search_docs_v5 RENAME TO search_docs;
        CREATE INDEX search_docs_by_case ON search_docs(case_id);
        INSERT INTO search_fts(search_fts) VALUES ('rebuild');
      )sql"},
      {6, R"sql(
        -- A tenant's own code-list entries, merged into the built-in lists (CodeService).
        -- `revision` grows with every change so a cached catalog can tell it is current; `seq`
        -- keeps the order added (a parent before its children). Flags are snake_case codes
        -- joined by commas.
        CREATE TABLE code_entries (
          seq         INTEGER PRIMARY KEY,
          list        TEXT NOT NULL,
          code        TEXT NOT NULL,
          label       TEXT NOT NULL,
          parent      TEXT NOT NULL,
          grp         TEXT NOT NULL,
          valid_from  TEXT,             -- YYYY-MM-DD
          valid_to    TEXT,             -- YYYY-MM-DD
          flags       TEXT NOT NULL,
          created_by  TEXT NOT NULL,
          created_at  INTEGER NOT NULL,
          revision    INTEGER NOT NULL,
          UNIQUE (list, code)
        ) STRICT;
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
          not_after          INTEGER NOT NULL,
          enrolled_by        TEXT NOT NULL,
          enrolled_at        INTEGER NOT NULL,
          state              TEXT NOT NULL,
          revoked_at         INTEGER,
          revoked_by         TEXT NOT NULL DEFAULT '',
          revoke_reason      TEXT NOT NULL DEFAULT '',
          last_seen_at       INTEGER,
          last_seen_address  TEXT NOT NULL DEFAULT '',
          last_user_id       TEXT NOT NULL DEFAULT '',
          version            INTEGER NOT NULL,
          revision           INTEGER NOT NULL
        ) STRICT;
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
          indexed_through  INTEGER NOT NULL
        ) STRICT;
        INSERT INTO search_index(one, indexed_through)
          SELECT 1, coalesce(max(seq), 0) FROM audit_log;
      )sql"},
      {10, R"sql(
        -- Queries of 1-2 characters, which trigrams cannot answer: each document's characters
        -- and adjacent pairs as tokens of their own index (storage/sqlite/search_grams.hpp),
        -- rowid = the search_docs rowid. Contentless: the store deletes a document's tokens
        -- with the text they came from. Filled here from the existing documents.
        CREATE VIRTUAL TABLE search_grams USING fts5(
          grams, content='', tokenize='ascii', detail='none');
        INSERT INTO search_grams(rowid, grams)
          SELECT d.rowid, )sql" YS_SQLITE_SEARCH_GRAMS("d.text") R"sql(
          FROM search_docs d WHERE d.text <> '';
      )sql"},
      {11, R"sql(
        -- Break-glass grants (domain/cases/case_store.hpp): who may read which case outside their
        -- ordinary scope, until when, and why. Append-only.
        CREATE TABLE break_glass_grants (
          id          TEXT PRIMARY KEY,
          case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          user_id     TEXT NOT NULL,
          reason      TEXT NOT NULL,
          granted_at  INTEGER NOT NULL,
          expires_at  INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX break_glass_by_case ON break_glass_grants(case_id, user_id, expires_at);
      )sql"},
  };
  return kMigrations;
}

}  // namespace yorisoi::storage::sqlite
