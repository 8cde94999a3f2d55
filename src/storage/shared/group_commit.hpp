// Group commit for one tenant database, on either backend: every write transaction of the
// process runs on one connection, each inside a SAVEPOINT of a shared outer transaction, and the
// outer transaction is committed (one flush) for all of them by the last writer of a busy spell.
// A writer's Commit returns only after the COMMIT that holds its work is durable, so an
// acknowledged write survives a crash exactly as with one flush per transaction — but under load
// many writes share a flush.
//
// Isolation: writers run one at a time (SQLite has one writer anyway; on PostgreSQL the group's
// transaction holds the tenant's write lock, which serialises the writers of every instance); a
// writer sees the work of earlier writers of its group, which commits with it or not at all.
// Readers (other connections) see a group only once it is committed. A writer that rolls back
// undoes only its own savepoint — the one savepoint a write needs (no statement has its own).
//
// A group is committed when a writer leaves the connection and no other writer is waiting for it,
// or when it holds ops.max_group writes (so a steady stream cannot postpone durability forever).
//
// What differs per backend is given as GroupCommitOps: how the connection is opened, how the
// group's transaction begins (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and the tenant's
// advisory lock), and how to tell that the backend ended the transaction (or the connection) on
// its own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "core/result.hpp"
#include "storage/shared/stores.hpp"

namespace yorisoi::storage::shared {

template <typename Conn>
struct GroupCommitOps {
  std::function<core::Result<std::unique_ptr<Conn>>()> open;
  // Runs one statement without parameters or results (SAVEPOINT, RELEASE, COMMIT, ...).
  std::function<core::Status(Conn&, const char*)> exec;
  // Opens the group's outer transaction, taking the database's write lock.
  std::function<core::Status(Conn&)> begin;
  // False when the backend rolled the open transaction back on its own (SQLite after disk full
  // or an I/O error) or the connection is gone (PostgreSQL): the group's work is lost.
  std::function<bool(Conn&)> in_transaction;
  // False once the connection cannot be used again (its server went away): a new one is opened.
  std::function<bool(Conn&)> usable;
  // Writes per group at most, so that a steady stream cannot postpone durability for ever.
  int max_group = 256;
  // Optional (PostgreSQL): sends a statement with the connection's next round trip instead of in
  // one of its own (a writer's SAVEPOINT with its first statement, its RELEASE with the next
  // writer's or the COMMIT), and takes back the last such statement when it was not sent yet.
  std::function<void(Conn&, const char*)> defer;
  std::function<bool(Conn&, const char*)> undefer;
};

inline constexpr const char* kGroupSavepoint = "SAVEPOINT w";
inline constexpr const char* kGroupRelease = "RELEASE w";
inline constexpr const char* kGroupRollbackTo = "ROLLBACK TO w";

template <typename Conn>
class GroupCommit {
 public:
  explicit GroupCommit(GroupCommitOps<Conn> ops) : ops_(std::move(ops)) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Waits for the write connection, then opens a savepoint in the current group (opening the
  // group's transaction when there is none). The caller must end with Commit or Abort.
  core::Result<Conn*> Enter();
  // Releases the savepoint and returns once the group's COMMIT is durable (or failed: then
  // nothing of the group was written and every member gets the error).
  core::Status Commit();
  // Undoes the work since Enter and gives the connection up.
  void Abort();

 private:
  core::Status Leave(std::optional<uint64_t> member_of);
  // With the connection held: the group's transaction ended without a COMMIT of ours; its
  // members waiting for it are told they lost their work.
  void GroupLost();

  const GroupCommitOps<Conn> ops_;
  std::unique_ptr<Conn> conn_;  // touched only by the writer holding `busy_`
  std::mutex mu_;
  std::condition_variable enter_cv_;  // one waiter in Enter is woken per release of `busy_`
  std::condition_variable done_cv_;   // every member of a group is woken when it is committed
  bool busy_ = false;   // a writer holds the connection (or a group is being committed)
  int waiting_ = 0;     // writers waiting in Enter
  bool open_ = false;   // the group's outer transaction is open
  uint64_t group_ = 0;  // the current (or last) group
  int members_ = 0;     // writes committed into the current group
  // Outcome of committed groups that still have members waiting to read it.
  struct Outcome {
    core::Status status;
    int waiters = 0;
  };
  std::map<uint64_t, Outcome> outcomes_;
};

template <typename Conn>
core::Result<Conn*> GroupCommit<Conn>::Enter() {
  {
    std::unique_lock lock(mu_);
    ++waiting_;
    enter_cv_.wait(lock, [&] { return !busy_; });
    --waiting_;
    busy_ = true;
  }
  auto fail = [&](core::Error e) -> core::Result<Conn*> {
    (void)Leave(std::nullopt);
    return e;
  };
  if (conn_ && (!ops_.usable(*conn_) || (open_ && !ops_.in_transaction(*conn_)))) {
    // The group's transaction ended on its own (the connection was lost, or the backend rolled
    // it back after an I/O error): a SAVEPOINT now would silently start a transaction of its own.
    GroupLost();
    if (!ops_.usable(*conn_)) conn_.reset();
  }
  if (!conn_) {
    auto opened = ops_.open();
    if (!opened.ok()) return fail(std::move(opened).error());
    conn_ = std::move(*opened);
  }
  if (!open_) {
    auto st = ops_.begin(*conn_);
    if (!st.ok() && !ops_.usable(*conn_)) {
      // An idle connection may be to a server that has since restarted or been replaced by its
      // promoted standby: begin once more on a new connection (nothing was done yet).
      conn_.reset();
      auto opened = ops_.open();
      if (!opened.ok()) return fail(std::move(opened).error());
      conn_ = std::move(*opened);
      st = ops_.begin(*conn_);
    }
    if (!st.ok()) {
      if (!ops_.usable(*conn_)) conn_.reset();
      return fail(std::move(st).error());
    }
    std::lock_guard lock(mu_);
    open_ = true;
    ++group_;
    members_ = 0;
  }
  if (ops_.defer) {
    ops_.defer(*conn_, kGroupSavepoint);
    return conn_.get();
  }
  auto st = ops_.exec(*conn_, kGroupSavepoint);
  if (!st.ok()) return fail(std::move(st).error());
  return conn_.get();
}

template <typename Conn>
void GroupCommit<Conn>::GroupLost() {
  std::lock_guard lock(mu_);
  if (open_ && members_ > 0) {
    outcomes_[group_] =
        Outcome{core::Error::Unavailable("the write group was rolled back"), members_};
    done_cv_.notify_all();
  }
  open_ = false;
}

template <typename Conn>
core::Status GroupCommit<Conn>::Commit() {
  if (ops_.defer) {
    // Nothing was sent since the SAVEPOINT: nothing to release. Otherwise the RELEASE goes with
    // the next round trip (the next writer's first, or the group's COMMIT): it cannot fail
    // unless a statement of this writer failed, and a writer with a failed statement rolls back.
    if (!ops_.undefer(*conn_, kGroupSavepoint)) ops_.defer(*conn_, kGroupRelease);
  } else if (auto st = ops_.exec(*conn_, kGroupRelease); !st.ok()) {
    (void)ops_.exec(*conn_, kGroupRollbackTo);
    (void)ops_.exec(*conn_, kGroupRelease);
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

template <typename Conn>
void GroupCommit<Conn>::Abort() {
  if (!ops_.undefer || !ops_.undefer(*conn_, kGroupSavepoint)) {
    (void)ops_.exec(*conn_, kGroupRollbackTo);
    (void)ops_.exec(*conn_, kGroupRelease);
  }
  (void)Leave(std::nullopt);
}

template <typename Conn>
core::Status GroupCommit<Conn>::Leave(std::optional<uint64_t> member_of) {
  std::unique_lock lock(mu_);
  if (open_ && (waiting_ == 0 || members_ >= ops_.max_group)) {
    // Commit the group for everyone in it. `busy_` stays set, so nobody touches the connection.
    const uint64_t group = group_;
    const int others = members_ - (member_of ? 1 : 0);
    lock.unlock();
    core::Status st = ops_.exec(*conn_, "COMMIT");
    if (!st.ok()) (void)ops_.exec(*conn_, "ROLLBACK");  // may already be rolled back: a no-op
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

// A write transaction: one member of the group (its savepoint), committed with the group.
template <typename Conn>
class GroupWriteTx final : public SqlTenantTx<Conn> {
 public:
  GroupWriteTx(GroupCommit<Conn>& group, Conn& conn, std::string_view audit_key)
      : SqlTenantTx<Conn>(conn, audit_key), group_(group) {}
  ~GroupWriteTx() override {
    if (!done_) group_.Abort();
  }
  core::Status Commit() override {
    done_ = true;  // whatever the outcome, the savepoint is ended
    return group_.Commit();
  }

  // Begin(kWrite) of a tenant database: enters the group and wraps the connection.
  static core::Result<std::unique_ptr<domain::TenantTx>> Begin(GroupCommit<Conn>& group,
                                                               std::string_view audit_key) {
    YS_ASSIGN_OR_RETURN(Conn * conn, group.Enter());
    try {
      return std::unique_ptr<domain::TenantTx>(new GroupWriteTx(group, *conn, audit_key));
    } catch (...) {
      group.Abort();  // or every later writer would wait for the connection forever
      throw;
    }
  }

 private:
  GroupCommit<Conn>& group_;
  bool done_ = false;
};

}  // namespace yorisoi::storage::shared
