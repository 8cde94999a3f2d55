// Notifications between the server instances that share one backend: "something changed, look
// again". Used for device revocation (every instance cuts the device off at once), for the
// session caches (a session ended on one instance is refused by all) and for chat later. A
// notification carries a topic and ids only, never personal data.
#pragma once

#include <functional>
#include <string_view>

#include "core/result.hpp"

namespace yorisoi::domain {

namespace topics {
// payload: the tenant id. Devices of that tenant changed (revoked, lost, enrolled).
inline constexpr std::string_view kDevicesChanged = "devices";
// payload: SessionEvent::Payload() (domain/users/session_cache.hpp): "<tenant>" or "<tenant>
// user|session|device <id>". Sessions ended or their account changed (logout, password change
// or reset, lockout, device revocation): cached sign-ins of that scope are dropped.
inline constexpr std::string_view kSessionsChanged = "sessions";
// payload: empty. Delivered to listeners after the channel was re-established (a server restart
// or failover): notifications may have been missed, so state should be re-read.
inline constexpr std::string_view kResync = "resync";
}  // namespace topics

class Notifier {
 public:
  using Listener = std::function<void(std::string_view topic, std::string_view payload)>;
  virtual ~Notifier() = default;
  // Sends the notification to every listening instance, this one included. Best effort: a
  // listener that is disconnected gets kResync when it is back instead.
  // topic: [a-z._-], payload: ids (at most 200 bytes).
  virtual core::Status Publish(std::string_view topic, std::string_view payload) = 0;
  // Delivers every notification to listener until the notifier is destroyed: on a thread of
  // the notifier's own, or (in-process notifiers) on the publisher's thread, so the listener
  // must be thread-safe and must not publish. Call once, before notifications are expected.
  virtual void Listen(Listener listener) = 0;
};

}  // namespace yorisoi::domain
