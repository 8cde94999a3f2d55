// The shared stores (storage/shared/stores.hpp) on PostgreSQL connections. Their bodies are
// compiled in stores.cpp only, which also holds this backend's hooks: where PostgreSQL's SQL
// differs.
#pragma once

#include "storage/postgres/database.hpp"
#include "storage/shared/stores.hpp"

YS_SHARED_STORES(extern template, ::yorisoi::storage::postgres::Connection,
                 ::yorisoi::storage::postgres::ConnectionPool);
