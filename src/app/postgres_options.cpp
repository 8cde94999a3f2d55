#include "app/postgres_options.hpp"
#include "core/error_codes.hpp"

namespace yorisoi::app {

core::Result<storage::postgres::Options> PostgresOptionsOf(const Config& config) {
  storage::postgres::Options options;
  options.server.url = config.postgres.url;
  options.server.pool_size = static_cast<std::size_t>(config.postgres.pool_size);
  if (!config.postgres.password_file.empty()) {
    auto text = ReadFile(config.postgres.password_file);
    if (!text.ok()) {
      return core::Error::InvalidArgument("postgres.password_file", "cannot be read",
                                          core::codes::kUnreadablePasswordFile);
    }
    options.server.password = text->substr(0, text->find_first_of("\r\n"));
    if (options.server.password.empty()) {
      return core::Error::InvalidArgument("postgres.password_file", "is empty",
                                          core::codes::kEmptyPasswordFile);
    }
  }
  options.tenant_urls = config.postgres.tenant_urls;
  return options;
}

}  // namespace yorisoi::app
