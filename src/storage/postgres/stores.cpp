// PostgreSQL's side of the shared stores (storage/shared/stores.hpp): the hooks where its SQL
// differs — a case's number counter (one statement with RETURNING), the case list's search
// (pg_trgm answers LIKE, a GIN index of characters and pairs answers 1-2 characters) and the
// search documents (an upsert; the trigram index follows the row)
// — then every shared store instantiated on PostgreSQL connections, the one place their bodies
// are compiled for this backend.
#include "storage/postgres/stores.hpp"

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

namespace yorisoi::storage::postgres {
namespace {

constexpr const char* kInsertCase =
    "INSERT INTO cases(id, number, received_at, unit_id, status, consultation_type, abuse_types,"
    " witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

// Scope (units or assignment), optional filters and a keyset cursor; ?7 is the search filter.
// Two static texts, so each is prepared once per connection.
#define YS_CASE_LIST_HEAD                                                            \
  "SELECT c.id, c.number, c.received_at, c.unit_id, c.status, c.consultation_type,"  \
  " c.abuse_types, c.witnessed_dv, c.referral_route, c.yotaikyo_class, c.household," \
  " c.created_at, c.updated_at, c.version FROM cases c"                              \
  " WHERE (c.unit_id IN (SELECT jsonb_array_elements_text(?1::jsonb))"               \
  "        OR (?2::text <> '' AND EXISTS (SELECT 1 FROM case_workers w"              \
  "                                 WHERE w.case_id = c.id AND w.user_id = ?2)))"    \
  " AND (?3::text IS NULL OR c.status = ?3)"                                         \
  " AND (?4::text IS NULL OR c.unit_id = ?4)"                                        \
  " AND (?5::text = '' OR (c.received_at, c.id) <"                                   \
  "      (SELECT x.received_at, x.id FROM cases x WHERE x.id = ?5"                   \
  "       AND (x.unit_id IN (SELECT jsonb_array_elements_text(?1::jsonb))"           \
  "            OR EXISTS (SELECT 1 FROM case_workers w"                              \
  "                       WHERE w.case_id = x.id AND w.user_id = ?2))))"
#define YS_CASE_LIST_TAIL " ORDER BY c.received_at DESC, c.id DESC LIMIT ?6::bigint"
constexpr const char* kListCases = YS_CASE_LIST_HEAD YS_CASE_LIST_TAIL;
// Search from the index: the cases with a matching document, found first (MATERIALIZED: the
// planner would otherwise walk every case in scope newest first and test each, which is what a
// generic plan did for rare words), then scoped, ordered and paged. pg_trgm's GIN index answers
// LIKE for 3+ characters; the grams index (migration 10) answers 1-2 characters.
#define YS_SEARCH_HITS(match)                                               \
  "WITH hits AS MATERIALIZED (SELECT DISTINCT d.case_id FROM search_docs d" \
  " WHERE " match ") "
constexpr const char* kSearchCasesTrgm = YS_SEARCH_HITS("d.text LIKE ?7::text") YS_CASE_LIST_HEAD
    " AND c.id IN (SELECT h.case_id FROM hits h)" YS_CASE_LIST_TAIL;
constexpr const char* kSearchCasesGrams = YS_SEARCH_HITS("d.grams @> ARRAY[?7::text]")
    YS_CASE_LIST_HEAD " AND c.id IN (SELECT h.case_id FROM hits h)" YS_CASE_LIST_TAIL;
// The tiers of a search (domain::CaseListQuery::Tier): a person document whose 氏名 or ふりがな
// (its first two lines, domain::PersonSearchDoc) holds the plain text P. Names first: the index's
// matching documents are narrowed to such documents before their cases are taken; the others
// are the hits whose case has none. The index statements bind P to ?8, the walks to ?7.
#define YS_NAME_LINES(d, P)                                                  \
  d ".ref_id LIKE 'per%' AND (strpos(split_part(" d ".text, chr(10), 1), " P \
    ") > 0"                                                                  \
    " OR strpos(split_part(" d ".text, chr(10), 2), " P ") > 0)"
#define YS_NAME_DOC(P) \
  "EXISTS (SELECT 1 FROM search_docs n WHERE n.case_id = c.id AND " YS_NAME_LINES("n", P) ")"
constexpr const char* kNamesTrgm =
    YS_SEARCH_HITS("d.text LIKE ?7::text AND " YS_NAME_LINES("d", "?8::text")) YS_CASE_LIST_HEAD
    " AND c.id IN (SELECT h.case_id FROM hits h)" YS_CASE_LIST_TAIL;
constexpr const char* kOthersTrgm = YS_SEARCH_HITS("d.text LIKE ?7::text") YS_CASE_LIST_HEAD
    " AND c.id IN (SELECT h.case_id FROM hits h) AND NOT " YS_NAME_DOC("?8::text")
        YS_CASE_LIST_TAIL;
constexpr const char* kNamesGrams =
    YS_SEARCH_HITS("d.grams @> ARRAY[?7::text] AND " YS_NAME_LINES("d", "?8::text"))
        YS_CASE_LIST_HEAD " AND c.id IN (SELECT h.case_id FROM hits h)" YS_CASE_LIST_TAIL;
constexpr const char* kOthersGrams = YS_SEARCH_HITS("d.grams @> ARRAY[?7::text]") YS_CASE_LIST_HEAD
    " AND c.id IN (SELECT h.case_id FROM hits h) AND NOT " YS_NAME_DOC("?8::text")
        YS_CASE_LIST_TAIL;
#define YS_WALK                                                \
  "SELECT * FROM (" YS_CASE_LIST_HEAD                          \
  " ORDER BY c.received_at DESC, c.id DESC LIMIT ?8::bigint) " \
  "c"
constexpr const char* kNamesWalk = YS_WALK " WHERE " YS_NAME_DOC("?7::text") YS_CASE_LIST_TAIL;
constexpr const char* kOthersWalk = YS_WALK
    " WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.case_id = c.id"
    "               AND strpos(d.text, ?7::text) > 0) AND NOT " YS_NAME_DOC("?7::text")
        YS_CASE_LIST_TAIL;
#undef YS_WALK
#undef YS_NAME_DOC
#undef YS_NAME_LINES
#undef YS_SEARCH_HITS
// Tried first (shared::CaseListSql): the newest ?8 cases in scope, each checked by a substring
// test of its own documents (?7 the plain text).
constexpr const char* kSearchCasesWalk =
    "SELECT * FROM (" YS_CASE_LIST_HEAD
    " ORDER BY c.received_at DESC, c.id DESC LIMIT ?8::bigint) c"
    " WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.case_id = c.id"
    "               AND strpos(d.text, ?7::text) > 0)" YS_CASE_LIST_TAIL;
// The probes (shared::CaseListSql): matching documents, up to ?2. Both use their index when the
// word is rare (also as a generic plan); a common one may be a sequential scan that stops at ?2.
constexpr const char* kProbeTrgm =
    "SELECT count(*) FROM (SELECT 1 FROM search_docs d WHERE d.text LIKE ?1::text"
    " LIMIT ?2::bigint) x";
constexpr const char* kProbeGrams =
    "SELECT count(*) FROM (SELECT 1 FROM search_docs d WHERE d.grams @> ARRAY[?1::text]"
    " LIMIT ?2::bigint) x";
#undef YS_CASE_LIST_HEAD
#undef YS_CASE_LIST_TAIL

}  // namespace

const char* CaseInsertSql(const Connection&) { return kInsertCase; }

core::Result<int64_t> NextCaseCounter(Connection& conn, int fiscal_year) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn.Prepare("INSERT INTO case_numbers(fiscal_year, last) VALUES (?, 1)"
                            " ON CONFLICT(fiscal_year) DO UPDATE SET last = case_numbers.last + 1"
                            " RETURNING last"));
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
    const char* sql = tier == Tier::kNames    ? kNamesTrgm
                      : tier == Tier::kOthers ? kOthersTrgm
                                              : kSearchCasesTrgm;
    // LIKE's default escape is the backslash.
    return {sql, shared::LikePattern(*text), walk, *text, kProbeTrgm};
  }
  const char* sql = tier == Tier::kNames    ? kNamesGrams
                    : tier == Tier::kOthers ? kOthersGrams
                                            : kSearchCasesGrams;
  return {sql, *text, walk, *text, kProbeGrams};
}

core::Status ClearSearchDocs(Connection& conn) {
  YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("DELETE FROM search_docs"));
  YS_RETURN_IF_ERROR(st.Exec());
  return core::Ok();
}

core::Status PutSearchDoc(Connection& conn, const domain::SearchDoc& doc) {
  // The trigram index follows the row by itself; an unchanged text is not rewritten.
  YS_ASSIGN_OR_RETURN(auto st, conn.Prepare("INSERT INTO search_docs(ref_id, case_id, text)"
                                            " VALUES (?,?,?) ON CONFLICT (ref_id) DO UPDATE"
                                            " SET text = excluded.text"
                                            " WHERE search_docs.text <> excluded.text"));
  auto r = st.Bind(1, doc.ref_id).Bind(2, doc.case_id).Bind(3, doc.text).Exec();
  if (!r.ok()) return shared::CaseGoneOnInsert(std::move(r).error());
  return core::Ok();
}

}  // namespace yorisoi::storage::postgres

YS_SHARED_STORES(template, ::yorisoi::storage::postgres::Connection,
                 ::yorisoi::storage::postgres::ConnectionPool);
