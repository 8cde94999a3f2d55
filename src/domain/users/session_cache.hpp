// The sessions an instance has checked recently, in memory, so that most sign-in checks need no
// transaction (AuthService::Authenticate). Kept honest three ways:
// - whatever ends or changes a session or its account says so (domain/session_events.hpp): at once
// in
//   every cache of this process over the same Storage (whichever service made the change), and
//   through the notifier's "sessions" topic in the other instances; a "resync" drops everything;
// - an entry older than the configured time to live is read again from the database (the bound
//   for a change nobody announced: the command line on SQLite is another process);
// - an invalidation that happens while a check reads the database wins: the check does not put
//   what it read (Epoch).
// At most `capacity` entries; the least recently used goes first. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "domain/users/user.hpp"

namespace yorisoi::domain {

class Storage;

// What ended or changed, as the notifier carries it (ids only): "<tenant>" for everything of a
// tenant, "<tenant> user <id>", "<tenant> session <id>", "<tenant> device <id>".
struct SessionEvent {
  enum class Kind { kTenant, kUser, kSession, kDevice };
  Kind kind = Kind::kTenant;
  std::string tenant_id;
  std::string id;

  static SessionEvent ForTenant(std::string_view tenant_id);
  static SessionEvent ForUser(std::string_view tenant_id, std::string_view user_id);
  static SessionEvent ForSession(std::string_view tenant_id, std::string_view session_id);
  static SessionEvent ForDevice(std::string_view tenant_id, std::string_view device_id);

  std::string Payload() const;
  // nullopt for anything that is not a payload of this shape.
  static std::optional<SessionEvent> Parse(std::string_view payload);
};

class SessionCache {
 public:
  struct Entry {
    std::string tenant_id;
    Session session;                   // last_seen_at: the latest use this instance knows of
    User user;                         // without its password hash
    core::TimePoint validated_at;      // when it was last read from the database
    core::TimePoint stored_last_seen;  // last_seen_at as written, or queued to be written
  };

  // Registered with `storage` until destroyed: PublishSessionEvent on the same Storage
  // invalidates it at once.
  SessionCache(std::size_t capacity, const Storage& storage);
  ~SessionCache();
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;

  // The key of a token: its tenant and the hash of its secret (the same secret under another
  // tenant's name is another key).
  static std::string Key(std::string_view tenant_id, std::string_view token_hash);

  bool enabled() const { return capacity_ > 0; }
  // Moves with every invalidation. Read it before a database read whose result is to be Put.
  uint64_t Epoch() const;
  std::optional<Entry> Find(const std::string& key);
  // Ignored when anything was invalidated since `epoch` (what was read may be stale already).
  void Put(const std::string& key, Entry entry, uint64_t epoch);
  // A use at `at`; `stored`: the last_seen_at just queued to be written, if one was.
  void Seen(const std::string& key, core::TimePoint at, std::optional<core::TimePoint> stored);
  void Erase(const std::string& key);
  void Invalidate(const SessionEvent& event);
  void Clear();
  std::size_t size() const;

  // Invalidates every cache of this process registered with `storage`
  // (domain/session_events.hpp's PublishSessionEvent does it before notifying).
  static void InvalidateAll(const Storage& storage, const SessionEvent& event);

 private:
  using Lru = std::list<std::pair<std::string, Entry>>;
  mutable std::mutex mu_;
  const std::size_t capacity_;
  const Storage* storage_;
  uint64_t epoch_ = 0;
  Lru lru_;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> index_;
};

}  // namespace yorisoi::domain
