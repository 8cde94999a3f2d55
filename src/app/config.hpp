// The data folder and its config.json: where everything of one installation lives.
//   <data>/config.json            settings (no secrets)
//   <data>/keys/platform.key      the platform key (0600) that seals each tenant's key
//   <data>/tls/ca.{crt,key}.pem   the installation's CA, server.{crt,key}.pem the server's cert
//   <data>/platform.db            tenant registry (SQLite backend)
//   <data>/tenants/<id>/          the tenant's database and its sealed key
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/users/auth_service.hpp"

namespace yorisoi::app {

// backend "postgres": where the databases are. The password is never in config.json nor in
// the URL: libpq's PGPASSWORD / PGPASSFILE (~/.pgpass), or the file named by password_file.
struct PostgresConfig {
  std::string url;            // postgresql://user@host[:port][,host2[:port2]]/platform_db?...
  std::string password_file;  // optional: a file (0600) whose first line is the password
  int64_t pool_size = 8;      // connections per database and instance
  // A tenant placed on another cluster: tenant id → URL (same platform database name).
  std::map<std::string, std::string, std::less<>> tenant_urls;
};

struct Config {
  std::string backend = "sqlite";  // "sqlite" (embedded) or "postgres"
  PostgresConfig postgres;
  std::vector<std::string> hostnames;  // names on the server certificate besides localhost
  std::string listen = "127.0.0.1:8443";
  std::string ops_listen = "127.0.0.1:9443";
  domain::AuthConfig auth;
  // session.idle_lock_seconds: the tablet app locks its screen after this long without input
  // (GET /api/v1/settings); 30..3600.
  std::chrono::seconds idle_lock{300};
  // session.break_glass_seconds: how long a break-glass grant lets a supervisor or admin read a
  // case outside their scope (domain::kBreakGlassDuration, 30 minutes); 1..86400.
  std::chrono::seconds break_glass{30 * 60};
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{75};
  // http.threads: the network threads (TLS, HTTP parsing), which never wait; 0: one per hardware
  // thread. http.handler_threads: the API's own pool that runs request work (database
  // transactions, password hashing); 0: four per hardware thread. The same on every backend
  // (docs/architecture.md, "Threads").
  unsigned threads = 0;
  unsigned handler_threads = 0;
};

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}
  const std::string& root() const { return root_; }
  std::string ConfigPath() const { return root_ + "/config.json"; }
  std::string PlatformKeyPath() const { return root_ + "/keys/platform.key"; }
  std::string CaCertPath() const { return root_ + "/tls/ca.crt.pem"; }
  std::string CaKeyPath() const { return root_ + "/tls/ca.key.pem"; }
  std::string ServerCertPath() const { return root_ + "/tls/server.crt.pem"; }
  std::string ServerKeyPath() const { return root_ + "/tls/server.key.pem"; }
  std::string TenantDir(std::string_view id) const { return root_ + "/tenants/" + std::string(id); }
  bool Initialised() const;

  core::Result<Config> LoadConfig() const;  // kInvalidArgument naming the key at fault
  core::Status SaveConfig(const Config& config) const;

 private:
  std::string root_;
};

// Parses "127.0.0.1:8443" or "[::1]:8443".
core::Status ParseListen(std::string_view text, std::string& address, uint16_t& port,
                         std::string_view field);

// Writes a file readable by the owner only (0600), atomically (temp file + rename + fsync).
core::Status WritePrivateFile(const std::string& path, std::string_view content);
core::Result<std::string> ReadFile(const std::string& path);

}  // namespace yorisoi::app
