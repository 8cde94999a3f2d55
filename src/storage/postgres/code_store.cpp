// A tenant's own code-list entries (migration 6).
#include <string>

#include "core/date.hpp"
#include "storage/postgres/columns.hpp"
#include "storage/postgres/stores.hpp"

namespace yorisoi::storage::postgres {
namespace {

std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> flags;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    flags.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return flags;
}

domain::TenantCodeEntry ReadEntry(const Statement& st) {
  domain::TenantCodeEntry e;
  e.list = st.Text(0);
  e.entry.code = st.Text(1);
  e.entry.label = st.Text(2);
  e.entry.parent = st.Text(3);
  e.entry.group = st.Text(4);
  e.entry.valid_from = ReadDate(st, 5);
  e.entry.valid_to = ReadDate(st, 6);
  e.entry.flags = SplitFlags(st.Text(7));
  e.created_by = st.Text(8);
  e.created_at = core::FromUnixMillis(st.Int(9));
  return e;
}

#define YS_NEXT_REVISION "(SELECT COALESCE(MAX(revision), 0) + 1 FROM code_entries)"

}  // namespace

core::Result<int64_t> PostgresCodeStore::Revision() {
  YS_ASSIGN_OR_RETURN(auto st,
                      conn_.Prepare("SELECT COALESCE(MAX(revision), 0) FROM code_entries"));
  YS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return int64_t{0};
  return st.Int(0);
}

core::Result<std::vector<domain::TenantCodeEntry>> PostgresCodeStore::List() {
  YS_ASSIGN_OR_RETURN(auto st, conn_.Prepare("SELECT list, code, label, parent, grp, valid_from,"
                                             " valid_to, flags, created_by, created_at"
                                             " FROM code_entries ORDER BY seq"));
  return st.Collect(ReadEntry);
}

core::Status PostgresCodeStore::Add(const domain::TenantCodeEntry& e) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("INSERT INTO code_entries(list, code, label, parent,"
                             " grp, valid_from, valid_to, flags, created_by,"
                             " created_at, revision)"
                             " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10," YS_NEXT_REVISION ")"));
  st.Bind(1, e.list)
      .Bind(2, e.entry.code)
      .Bind(3, e.entry.label)
      .Bind(4, e.entry.parent)
      .Bind(5, e.entry.group);
  BindDate(st, 6, e.entry.valid_from);
  BindDate(st, 7, e.entry.valid_to);
  st.Bind(8, JoinFlags(e.entry.flags))
      .Bind(9, e.created_by)
      .Bind(10, core::ToUnixMillis(e.created_at));
  auto n = st.Exec();
  if (!n.ok()) {
    if (n.error().errc == core::Errc::kConflict) {
      return core::Error::Conflict("the list has this code already", "duplicate_code");
    }
    return std::move(n).error();
  }
  return core::Ok();
}

core::Status PostgresCodeStore::SetValidTo(std::string_view list, std::string_view code,
                                           std::optional<core::Date> valid_to) {
  YS_ASSIGN_OR_RETURN(
      auto st, conn_.Prepare("UPDATE code_entries SET valid_to = $1,"
                             " revision = " YS_NEXT_REVISION " WHERE list = $2 AND code = $3"));
  BindDate(st, 1, valid_to);
  st.Bind(2, list).Bind(3, code);
  YS_ASSIGN_OR_RETURN(int n, st.Exec());
  if (n == 0) return core::Error::NotFound("no such code entry");
  return core::Ok();
}

}  // namespace yorisoi::storage::postgres
