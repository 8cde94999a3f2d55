// Optional dates and times as the PostgreSQL stores keep them (as the SQLite stores do): a date
// as 'YYYY-MM-DD' text, a time as Unix milliseconds, NULL when absent.
#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

inline std::optional<core::Date> ReadDate(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  auto d = core::Date::Parse(st.Text(col), "date");
  if (!d.ok()) return std::nullopt;
  return *d;
}

inline void BindDate(Statement& st, int i, const std::optional<core::Date>& d) {
  if (d) {
    st.Bind(i, d->ToIso());
  } else {
    st.BindNull(i);
  }
}

inline std::optional<core::TimePoint> ReadTime(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return core::FromUnixMillis(st.Int(col));
}

}  // namespace yorisoi::storage::postgres
