// SQLite's side of the shared stores (storage/shared/stores.hpp): the hooks where its SQL
// differs — a case's search key and number counter, the case list's full-text search, and the
// search documents (FTS5 trigrams with external content, and the 1-2 character index) — then every
// shared store instantiated on SQLite connections, the one place their bodies are compiled for this
// backend.
#include "storage/sqlite/stores.hpp"

#include <optional>
#include <string>

#include "domain/validation.hpp"
#include "storage/shared/audit_store_impl.hpp"
#include "storage/shared/break_glass_store_impl.hpp"
#include "storage/shared/case_store_impl.hpp"
#include "storage/shared/code_store_impl.hpp"
#include "storage/shared/device_store_impl.hpp"
#include "storage/shared/record_store_impl.hpp"
#include "storage/shared/session_store_impl.hpp"
#include "storage/shared/tenant_store_impl.hpp"
#include "storage/shared/unit_store_impl.hpp"
#include "storage/shared/user_store_impl.hpp"
#include "storage/sqlite/search_grams.hpp"

namespace yorisoi::storage::sqlite {
namespace {

// A new case also takes the next search key: its block of search document rowids (migration 5).
constexpr const char* kInsertCase =
    "INSERT INTO cases(id, number, received_at, unit_id, status, consultation_type, abuse_types,"
    " witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version,"
    " search_key)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?, (SELECT coalesce(max(search_key), 0) + 1 FROM cases))";

// Scope (units or assignment), optional filters and a keyset cursor; ?7 is the search filter of
// the FTS and LIKE variants. Three static texts, so each is prepared once per connection.
#define YS_CASE_LIST_HEAD                                                            \
  "SELECT c.id, c.number, c.received_at, c.unit_id, c.status, c.consultation_type,"  \
  " c.abuse_types, c.witnessed_dv, c.referral_route, c.yotaikyo_class, c.household," \
  " c.created_at, c.updated_at, c.version FROM cases c"                              \
  " WHERE (c.unit_id IN (SELECT value FROM json_each(?1))"                           \
  "        OR (?2 <> '' AND EXISTS (SELECT 1 FROM case_workers w"                    \
  "                                 WHERE w.case_id = c.id AND w.user_id = ?2)))"    \
  " AND (?3 IS NULL OR c.status = ?3)"                                               \
  " AND (?4 IS NULL OR c.unit_id = ?4)"                                              \
  " AND (?5 = '' OR (c.received_at, c.id) <"                                         \
  "      (SELECT x.received_at, x.id FROM cases x WHERE x.id = ?5"                   \
  "       AND (x.unit_id IN (SELECT value FROM json_each(?1))"                       \
  "            OR EXISTS (SELECT 1 FROM case_workers w"                              \
  "                       WHERE w.case_id = x.id AND w.user_id = ?2))))"
#define YS_CASE_LIST_TAIL " ORDER BY c.received_at DESC, c.id DESC LIMIT ?6"
constexpr const char* kListCases = YS_CASE_LIST_HEAD YS_CASE_LIST_TAIL;
// 3+ characters: the trigram index (the query is one quoted FTS5 phrase); a hit's rowid names
// its case (rowid >> 20 = cases.search_key, see migration 5).
constexpr const char* kSearchCasesFts = YS_CASE_LIST_HEAD
    " AND c.search_key IN (SELECT rowid >> 20 FROM search_fts WHERE search_fts MATCH "
    "?7)" YS_CASE_LIST_TAIL;
// 1-2 characters: the character and pair index (migration 10), the query being one token.
constexpr const char* kSearchCasesGrams = YS_CASE_LIST_HEAD
    " AND c.search_key IN (SELECT rowid >> 20 FROM search_grams WHERE search_grams MATCH "
    "?7)" YS_CASE_LIST_TAIL;
// Tried first (shared::CaseListSql): the newest ?8 cases in scope, each checked by a substring
// test of its own documents (?7 the plain text).
constexpr const char* kSearchCasesWalk =
    "SELECT * FROM (" YS_CASE_LIST_HEAD
    " ORDER BY c.received_at DESC, c.id DESC LIMIT ?8) c"
    " WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.case_id = c.id"
    "               AND instr(d.text, ?7) > 0)" YS_CASE_LIST_TAIL;
// The tiers of a search (domain::CaseListQuery::Tier): a person document of the case whose
// 氏名 or ふりがな (its first two lines, domain::PersonSearchDoc) holds the plain text P — the
// first occurrence starts before the second newline. Names first; the others are the hits
// without one. The index statements bind P to ?8, the walks to ?7.
#define YS_NAME_DOC(P)                                                                  \
  "EXISTS (SELECT 1 FROM search_docs n WHERE n.case_id = c.id AND n.ref_id LIKE 'per%'" \
  " AND instr(n.text, " P                                                               \
  ") > 0"                                                                               \
  " AND (instr(n.text, char(10)) = 0"                                                   \
  "      OR instr(substr(n.text, instr(n.text, char(10)) + 1), char(10)) = 0"           \
  "      OR instr(n.text, " P                                                           \
  ") < instr(n.text, char(10))"                                                         \
  "         + instr(substr(n.text, instr(n.text, char(10)) + 1), char(10))))"
#define YS_INDEX_HITS(table)                                                               \
  YS_CASE_LIST_HEAD " AND c.search_key IN (SELECT rowid >> 20 FROM " table " WHERE " table \
                    " MATCH ?7)"
constexpr const char* kNamesFts =
    YS_INDEX_HITS("search_fts") " AND " YS_NAME_DOC("?8") YS_CASE_LIST_TAIL;
constexpr const char* kOthersFts =
    YS_INDEX_HITS("search_fts") " AND NOT " YS_NAME_DOC("?8") YS_CASE_LIST_TAIL;
constexpr const char* kNamesGrams =
    YS_INDEX_HITS("search_grams") " AND " YS_NAME_DOC("?8") YS_CASE_LIST_TAIL;
constexpr const char* kOthersGrams =
    YS_INDEX_HITS("search_grams") " AND NOT " YS_NAME_DOC("?8") YS_CASE_LIST_TAIL;
#define YS_WALK \
  "SELECT * FROM (" YS_CASE_LIST_HEAD " ORDER BY c.received_at DESC, c.id DESC LIMIT ?8) c"
constexpr const char* kNamesWalk = YS_WALK " WHERE " YS_NAME_DOC("?7") YS_CASE_LIST_TAIL;
constexpr const char* kOthersWalk = YS_WALK
    " WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.case_id = c.id"
    "               AND instr(d.text, ?7) > 0) AND NOT " YS_NAME_DOC("?7") YS_CASE_LIST_TAIL;
#undef YS_WALK
#undef YS_INDEX_HITS
#undef YS_NAME_DOC
// The probes (shared::CaseListSql): index entries of the query, up to ?2.
constexpr const char* kProbeFts =
    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 LIMIT ?2)";
constexpr const char* kProbeGrams =
    "SELECT count(*) FROM (SELECT 1 FROM search_grams WHERE search_grams MATCH ?1 LIMIT ?2)";
#undef YS_CASE_LIST_HEAD
#undef YS_CASE_LIST_TAIL

// The search_grams token of a 1-2 character text (search_grams.hpp), as one quoted phrase.
std::string GramToken(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = domain::CodePointCount(text) == 1 ? "\"u" : "\"b";
  for (char c : text) {
    const auto ch = static_cast<unsigned char>(c);
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  out += '"';
  return out;
}

// Puts (or, with `del`, deletes) the search_grams tokens of one document.
core::Status WriteGrams(Connection& conn, int64_t rowid, std::string_view text, bool del) {
  if (text.empty()) return core::Ok();  // no tokens were given
  static constexpr const char* kPut =
      "INSERT INTO search_grams(rowid, grams) SELECT ?1, " YS_SQLITE_SEARCH_GRAMS(
          "x.t") " FROM (SELECT ?2 AS t) x";
  static constexpr const char* kDelete =
      "INSERT INTO search_grams(search_grams, rowid, grams) SELECT 'delete', "
      "?1, " YS_SQLITE_SEARCH_GRAMS("x.t") " FROM (SELECT ?2 AS t) x";
  YS_ASSIGN_OR_RETURN(auto st, conn.Prepare(del ? kDelete : kPut));
  YS_RETURN_IF_ERROR(st.Bind(1, rowid).Bind(2, text).Exec());
  return core::Ok();
}

std::string FtsPhrase(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace

const char* CaseInsertSql(const Connection&) { return kInsertCase; }

core::Result<int64_t> NextCaseCounter(Connection& conn, int fiscal_year) {
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn.Prepare("INSERT INTO case_numbers(fiscal_year, last) VALUES (?, 1)"
                                     " ON CONFLICT(fiscal_year) DO UPDATE SET last = last + 1"));
    YS_RETURN_IF_ERROR(st.Bind(1, int64_t{fiscal_year}).Exec());
  }
  YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("SELECT last FROM case_numbers WHERE fiscal_year = ?"));
  st.Bind(1, int64_t{fiscal_year});
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Error::Internal("case number counter missing");
  return st.Int(0);
}

shared::CaseListSql CaseListStatement(const Connection&, const std::optional<std::string>& text,
                                      domain::CaseListQuery::Tier tier) {
  using Tier = domain::CaseListQuery::Tier;
  if (!text) return {kListCases, "", nullptr, "", nullptr};
  const char* walk = tier == Tier::kNames    ? kNamesWalk
                     : tier == Tier::kOthers ? kOthersWalk
                                             : kSearchCasesWalk;
  if (domain::CodePointCount(*text) >= 3) {
    const char* sql = tier == Tier::kNames    ? kNamesFts
                      : tier == Tier::kOthers ? kOthersFts
                                              : kSearchCasesFts;
    return {sql, FtsPhrase(*text), walk, *text, kProbeFts};
  }
  const char* sql = tier == Tier::kNames    ? kNamesGrams
                    : tier == Tier::kOthers ? kOthersGrams
                                            : kSearchCasesGrams;
  return {sql, GramToken(*text), walk, *text, kProbeGrams};
}

core::Status ClearSearchDocs(Connection& conn) {
  for (const char* sql :
       {"DELETE FROM search_docs", "INSERT INTO search_fts(search_fts) VALUES ('delete-all')",
        "INSERT INTO search_grams(search_grams) VALUES ('delete-all')"}) {
    YS_ASSIGN_OR_RETURN(auto st, conn.Prepare(sql));
    YS_RETURN_IF_ERROR(st.Exec());
  }
  return core::Ok();
}

core::Status PutSearchDoc(Connection& conn, const domain::SearchDoc& doc) {
  std::optional<int64_t> rowid;
  {
    YS_ASSIGN_OR_RETURN(auto st,
                        conn.Prepare("SELECT rowid, text FROM search_docs WHERE ref_id = ?"));
    st.Bind(1, doc.ref_id);
    YS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) {
      if (st.Text(1) == doc.text) return core::Ok();
      rowid = st.Int(0);
      // External content: the index forgets the old text only when told what it was.
      YS_ASSIGN_OR_RETURN(auto del, conn.Prepare("INSERT INTO search_fts(search_fts, rowid, text)"
                                                 " VALUES ('delete', ?, ?)"));
      YS_RETURN_IF_ERROR(del.Bind(1, *rowid).Bind(2, st.Text(1)).Exec());
      YS_RETURN_IF_ERROR(WriteGrams(conn, *rowid, st.Text(1), /*del=*/true));
    }
  }
  if (rowid) {
    YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("UPDATE search_docs SET text = ? WHERE rowid = ?"));
    YS_RETURN_IF_ERROR(st.Bind(1, doc.text).Bind(2, *rowid).Exec());
  } else {
    // The next number in the case's block of rowids (migration 5).
    YS_ASSIGN_OR_RETURN(
        auto next, conn.Prepare("SELECT (SELECT coalesce(max(d.rowid) + 1,"
                                "                        (c.search_key << 20) + 1)"
                                "        FROM search_docs d WHERE d.rowid BETWEEN"
                                "        (c.search_key << 20) AND (c.search_key << 20) + 1048575),"
                                "       c.search_key FROM cases c WHERE c.id = ?"));
    next.Bind(1, doc.case_id);
    YS_ASSIGN_OR_RETURN(bool found, next.Step());
    if (!found) return core::Error::NotFound("no such case");
    const int64_t candidate = next.Int(0);
    if (candidate > (next.Int(1) << 20) + 1048575) {
      return core::Error::Internal("search documents of one case exhausted");
    }
    YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("INSERT INTO search_docs(rowid, ref_id, case_id,"
                                              " text) VALUES (?,?,?,?)"));
    auto r =
        st.Bind(1, candidate).Bind(2, doc.ref_id).Bind(3, doc.case_id).Bind(4, doc.text).Exec();
    if (!r.ok()) return shared::CaseGoneOnInsert(std::move(r).error());
    rowid = candidate;
  }
  YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("INSERT INTO search_fts(rowid, text) VALUES (?, ?)"));
  YS_RETURN_IF_ERROR(st.Bind(1, *rowid).Bind(2, doc.text).Exec());
  return WriteGrams(conn, *rowid, doc.text, /*del=*/false);
}

}  // namespace yorisoi::storage::sqlite

YS_SHARED_STORES(template, ::yorisoi::storage::sqlite::Connection,
                 ::yorisoi::storage::sqlite::ConnectionPool);
