// The PostgreSQL backend's options from config.json, its password read from
// postgres.password_file when one is named (else libpq's PGPASSWORD / PGPASSFILE apply).
#pragma once

#include "app/config.hpp"
#include "core/result.hpp"
#include "storage/postgres/storage.hpp"

namespace yorisoi::app {

core::Result<storage::postgres::Options> PostgresOptionsOf(const Config& config);

}  // namespace yorisoi::app
