// A fault hook for tests only: a slow disk for one tenant. With both environment variables
//   YORISOI_TEST_COMMIT_DELAY_MS=2000  YORISOI_TEST_COMMIT_DELAY_TENANT=tenant-a
// set, every write transaction of that tenant's database waits that long before it commits (its
// write lock held meanwhile, as a slow fsync would). Read transactions are not delayed. The
// functional tests use it to show that one tenant's slow commits hold up neither /healthz nor
// other tenants' requests. Never set in production; `serve` logs a warning when it is on.
#pragma once

#include <memory>

#include "domain/storage.hpp"

namespace yorisoi::app {

// `storage` itself when the hook is off, else a Storage that delays the tenant's commits.
std::unique_ptr<domain::Storage> WithTestCommitDelay(std::unique_ptr<domain::Storage> storage);

}  // namespace yorisoi::app
