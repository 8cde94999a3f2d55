// Group commit for one SQLite database: every write transaction of the process runs on one
// connection, each inside a SAVEPOINT of a shared outer transaction, and the outer transaction is
// committed (one fsync) for all of them by the last writer of a busy spell. A writer's Commit
// returns only after the COMMIT that holds its work is durable, so an acknowledged write survives
// a crash exactly as with one fsync per transaction — but under load many writes share an fsync.
//
// Isolation: writers run one at a time (SQLite has one writer anyway); a writer sees the work of
// earlier writers of its group, which commits with it or not at all. Readers (other connections)
// see a group only once it is committed. A writer that rolls back undoes only its own savepoint.
//
// A group is committed when a writer leaves the connection and no other writer is waiting for it,
// or when it holds kMaxGroup writes (so a steady stream cannot postpone durability forever).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "storage/sqlite/database.hpp"

namespace yorisoi::storage::sqlite {

class GroupCommit {
 public:
  static constexpr int kMaxGroup = 256;

  explicit GroupCommit(std::string path) : path_(std::move(path)) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Waits for the write connection, then opens a savepoint in the current group (opening the
  // group's transaction when there is none). The caller must end with Commit or Abort.
  core::Result<Connection*> Enter();
  // Releases the savepoint and returns once the group's COMMIT is durable (or failed: then
  // nothing of the group was written and every member gets the error).
  core::Status Commit();
  // Undoes the work since Enter and gives the connection up.
  void Abort();

 private:
  core::Status Leave(std::optional<uint64_t> member_of);

  const std::string path_;
  std::unique_ptr<Connection> conn_;  // touched only by the writer holding `busy_`
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

}  // namespace yorisoi::storage::sqlite
