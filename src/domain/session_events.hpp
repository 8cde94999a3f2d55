// Telling every session cache that sessions ended or an account changed (logout, password change,
// reset or set, lockout, device revocation). At the root of the domain so that the users and
// devices services can both call it without one folder including the other.
#pragma once

#include "domain/storage.hpp"
#include "domain/users/session_cache.hpp"

namespace yorisoi::domain {

// Invalidates the caches of this process over `storage` at once, then tells the other instances
// through the notifier's "sessions" topic (best effort: they also re-read within the cache's time
// to live). Call after the change committed.
void PublishSessionEvent(Storage& storage, const SessionEvent& event);

}  // namespace yorisoi::domain
