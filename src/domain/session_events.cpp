#include "domain/session_events.hpp"

#include "domain/notifier.hpp"

namespace yorisoi::domain {

void PublishSessionEvent(Storage& storage, const SessionEvent& event) {
  SessionCache::InvalidateAll(storage, event);
  (void)storage.notifier().Publish(topics::kSessionsChanged, event.Payload());
}

}  // namespace yorisoi::domain
