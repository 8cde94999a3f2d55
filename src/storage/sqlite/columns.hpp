// Optional dates and times as the SQLite stores keep them: a date as 'YYYY-MM-DD' text, a time as
// Unix milliseconds, NULL when absent. One spelling for every store.
#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "storage/sqlite/database.hpp"

namespace yorisoi::storage::sqlite {

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

}  // namespace yorisoi::storage::sqlite
