#include "storage/sqlite/group_commit.hpp"

#include <sqlite3.h>

namespace yorisoi::storage::sqlite {

core::Result<Connection*> GroupCommit::Enter() {
  {
    std::unique_lock lock(mu_);
    ++waiting_;
    enter_cv_.wait(lock, [&] { return !busy_; });
    --waiting_;
    busy_ = true;
  }
  auto fail = [&](core::Error e) -> core::Result<Connection*> {
    (void)Leave(std::nullopt);
    return e;
  };
  if (!conn_) {
    auto opened = Connection::Open(path_, Connection::Mode::kReadWrite);
    if (!opened.ok()) return fail(std::move(opened).error());
    conn_ = std::move(*opened);
  }
  if (open_ && sqlite3_get_autocommit(conn_->raw()) != 0) {
    // SQLite rolled the group's transaction back on its own (disk full, I/O error, out of
    // memory): the members waiting for it have lost their work and are told so; a SAVEPOINT
    // now would silently start a transaction of its own.
    std::lock_guard lock(mu_);
    if (members_ > 0) {
      outcomes_[group_] =
          Outcome{core::Error::Unavailable("the write group was rolled back"), members_};
      done_cv_.notify_all();
    }
    open_ = false;
  }
  if (!open_) {
    // IMMEDIATE takes the database's write lock up front (other processes wait on busy_timeout).
    auto st = conn_->Exec("BEGIN IMMEDIATE");
    if (!st.ok()) return fail(std::move(st).error());
    std::lock_guard lock(mu_);
    open_ = true;
    ++group_;
    members_ = 0;
  }
  auto st = conn_->Exec("SAVEPOINT w");
  if (!st.ok()) return fail(std::move(st).error());
  return conn_.get();
}

core::Status GroupCommit::Commit() {
  auto st = conn_->Exec("RELEASE w");
  if (!st.ok()) {
    (void)conn_->Exec("ROLLBACK TO w");
    (void)conn_->Exec("RELEASE w");
    (void)Leave(std::nullopt);
    return st;
  }
  uint64_t mine = 0;
  {
    std::lock_guard lock(mu_);
    mine = group_;
    ++members_;
  }
  return Leave(mine);
}

void GroupCommit::Abort() {
  (void)conn_->Exec("ROLLBACK TO w");
  (void)conn_->Exec("RELEASE w");
  (void)Leave(std::nullopt);
}

core::Status GroupCommit::Leave(std::optional<uint64_t> member_of) {
  std::unique_lock lock(mu_);
  if (open_ && (waiting_ == 0 || members_ >= kMaxGroup)) {
    // Commit the group for everyone in it. `busy_` stays set, so nobody touches the connection.
    const uint64_t group = group_;
    const int others = members_ - (member_of ? 1 : 0);
    lock.unlock();
    core::Status st = conn_->Exec("COMMIT");
    if (!st.ok()) (void)conn_->Exec("ROLLBACK");  // may already be rolled back; then a no-op error
    lock.lock();
    open_ = false;
    if (others > 0) outcomes_[group] = Outcome{st, others};
    busy_ = false;
    enter_cv_.notify_one();
    done_cv_.notify_all();
    return member_of ? st : core::Ok();
  }
  busy_ = false;
  enter_cv_.notify_one();
  if (!member_of) return core::Ok();
  const uint64_t group = *member_of;
  done_cv_.wait(lock, [&] { return outcomes_.count(group) > 0; });
  auto it = outcomes_.find(group);
  core::Status st = it->second.status;
  if (--it->second.waiters == 0) outcomes_.erase(it);
  return st;
}

}  // namespace yorisoi::storage::sqlite
