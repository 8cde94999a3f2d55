// The PostgreSQL notifier: LISTEN/NOTIFY on the platform database, so every instance connected
// to the cluster hears every other. The listening connection is re-established after a restart
// or failover, and listeners are then told kResync (notifications sent meanwhile are lost).
#pragma once

#include <memory>

#include "domain/notifier.hpp"
#include "storage/postgres/database.hpp"

namespace yorisoi::storage::postgres {

// pool: the platform database's pool, used to publish.
std::unique_ptr<domain::Notifier> MakeNotifier(ServerParams server, ConnectionPool& pool);

}  // namespace yorisoi::storage::postgres
