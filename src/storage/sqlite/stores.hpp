// The shared stores (storage/shared/stores.hpp) on SQLite connections. Their bodies are compiled
// in stores.cpp only, which also holds this backend's hooks: where SQLite's SQL differs.
#pragma once

#include "storage/shared/stores.hpp"
#include "storage/sqlite/database.hpp"

YS_SHARED_STORES(extern template, ::yorisoi::storage::sqlite::Connection,
                 ::yorisoi::storage::sqlite::ConnectionPool);
