// The shared stores write SQLite's placeholders; the PostgreSQL connection translates them when
// it prepares a statement (storage/postgres/database.hpp). No server needed.
#include <gtest/gtest.h>

#include "storage/postgres/database.hpp"

namespace yorisoi::conformance {
namespace {

using storage::postgres::PostgresPlaceholders;

TEST(PostgresPlaceholdersTest, BareMarksAreNumberedInOrder) {
  EXPECT_EQ(PostgresPlaceholders("INSERT INTO t(a, b, c) VALUES (?,?,?)"),
            "INSERT INTO t(a, b, c) VALUES ($1,$2,$3)");
  EXPECT_EQ(PostgresPlaceholders("SELECT 1"), "SELECT 1");
}

TEST(PostgresPlaceholdersTest, NumberedMarksKeepTheirNumbers) {
  EXPECT_EQ(PostgresPlaceholders("WHERE a = ?1 AND (?2 IS NULL OR b = ?2) LIMIT ?10"),
            "WHERE a = $1 AND ($2 IS NULL OR b = $2) LIMIT $10");
  EXPECT_EQ(PostgresPlaceholders("x = ?1::jsonb"), "x = $1::jsonb");
}

TEST(PostgresPlaceholdersTest, ABareMarkFollowsTheLargestNumberSoFar) {
  // SQLite's rule: "?" is one more than the largest parameter number already assigned.
  EXPECT_EQ(PostgresPlaceholders("?3, ?, ?1, ?"), "$3, $4, $1, $5");
}

TEST(PostgresPlaceholdersTest, MarksInsideLiteralsIdentifiersAndCommentsStay) {
  EXPECT_EQ(PostgresPlaceholders("SELECT '?', ? FROM t WHERE x = 'it''s ?' AND y = ?"),
            "SELECT '?', $1 FROM t WHERE x = 'it''s ?' AND y = $2");
  EXPECT_EQ(PostgresPlaceholders("SELECT E'\\'?', ?"), "SELECT E'\\'?', $1");
  EXPECT_EQ(PostgresPlaceholders("SELECT \"a?\"\"b\" FROM t WHERE c = ?"),
            "SELECT \"a?\"\"b\" FROM t WHERE c = $1");
  EXPECT_EQ(PostgresPlaceholders("SELECT ? -- why?\n, ? /* a /* nested? */ ? */ , ?"),
            "SELECT $1 -- why?\n, $2 /* a /* nested? */ ? */ , $3");
  EXPECT_EQ(PostgresPlaceholders("SELECT $$a?$$, $tag$b?$tag$, ?"),
            "SELECT $$a?$$, $tag$b?$tag$, $1");
  // A plain literal takes no backslash escape: the quote after \ ends it.
  EXPECT_EQ(PostgresPlaceholders("LIKE ? ESCAPE '\\' AND z = ?"), "LIKE $1 ESCAPE '\\' AND z = $2");
}

TEST(PostgresPlaceholdersTest, DollarParametersPassThrough) {
  EXPECT_EQ(PostgresPlaceholders("SELECT $1, $2"), "SELECT $1, $2");
}

}  // namespace
}  // namespace yorisoi::conformance
