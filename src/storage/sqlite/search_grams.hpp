// The 1-2 character index of search documents (migration 10; stores.cpp): each document's
// distinct characters and pairs of adjacent characters, as the tokens of a contentless FTS5
// table (search_grams, tokenizer `ascii`, detail=none). A token is "u" (one character) or "b"
// (two) followed by the hex of the UTF-8 bytes, so any tokenizer sees one alphanumeric word per
// gram. Pairs across the newline that joins a document's fields are left out (queries never hold
// one). SQLite computes the tokens itself, with this one expression, in the migration and in the
// store: a contentless table forgets a document only when told exactly the tokens it was given.
#pragma once

// The tokens of the text expression T (a correlated column, e.g. "d.text"), comma-separated;
// NULL when it has none.
#define YS_SQLITE_SEARCH_GRAMS(T)                                                       \
  "(WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < length(" T \
  "))"                                                                                  \
  " SELECT group_concat(DISTINCT g) FROM ("                                             \
  "   SELECT 'u' || hex(substr(" T ", i, 1)) AS g FROM p WHERE substr(" T               \
  ", i, 1) <> char(10)"                                                                 \
  "   UNION ALL SELECT 'b' || hex(substr(" T                                            \
  ", i, 2)) FROM p"                                                                     \
  "   WHERE i < length(" T ") AND instr(substr(" T ", i, 2), char(10)) = 0))"
