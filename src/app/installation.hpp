// The operations behind the CLI commands: set-up of a data folder, tenants, units and users, and
// running the server. The only place that knows every concrete type (storage backend, net server,
// http handlers).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_checkpoints.hpp"
#include "app/config.hpp"
#include "app/device_authority.hpp"
#include "app/dummy_loader.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/codes/code_service.hpp"
#include "domain/devices/device_service.hpp"
#include "domain/search_indexer.hpp"
#include "domain/storage.hpp"
#include "domain/users/user_service.hpp"

namespace yorisoi::app {

class Installation {
 public:
  // Creates the data folder: config, platform key, CA and server certificate (for localhost,
  // 127.0.0.1, ::1 and every hostname), platform database. kConflict when already initialised.
  // postgres_url: use the PostgreSQL backend (its platform database is created when missing);
  // postgres_password_file: where its password is, when not in libpq's environment.
  static core::Status Init(const std::string& data_dir, const std::vector<std::string>& hostnames,
                           const std::string& postgres_url = "",
                           const std::string& postgres_password_file = "");
  // The configured backend over the data folder (create: make the platform database if missing).
  static core::Result<std::unique_ptr<domain::Storage>> OpenBackend(const DataDir& dir,
                                                                    const Config& config,
                                                                    bool create = false);
  // Opens an initialised data folder.
  static core::Result<std::unique_ptr<Installation>> Open(const std::string& data_dir);

  core::Status AddTenant(const std::string& id, const std::string& name);
  core::Result<domain::Unit> AddUnit(const std::string& tenant, const std::string& id,
                                     const std::string& name);
  core::Result<domain::User> AddUser(const std::string& tenant, domain::NewUser user,
                                     const std::string& password);

  // `yorisoi device enroll`: a client certificate for a named tablet or export terminal, written
  // as PREFIX.p12 (for MDM; the returned string is its password, shown once), PREFIX.crt.pem and
  // PREFIX.key.pem (mode 0600).
  core::Result<std::string> EnrollDevice(const std::string& tenant, const std::string& name,
                                         const std::string& kind, const std::string& out_prefix);
  // `yorisoi device revoke`: a running server notices within its poll interval (250 ms) and
  // closes the device's connections.
  core::Result<domain::Device> RevokeDevice(const std::string& tenant, const std::string& name,
                                            const std::string& reason);
  domain::DeviceService& devices() { return devices_; }

  // Adds fictitious cases to a tenant (`yorisoi dummy`); see dummy_loader.hpp.
  core::Result<DummyReport> AddDummyCases(const DummyOptions& options);
  // Whether the tenant has at least one case.
  core::Result<bool> HasCases(const std::string& tenant);

  // Walks the tenant's audit hash chain and checks it against every checkpoint file of the
  // tenant (a checkpoint file that is not authentic fails it, naming the file).
  core::Result<domain::ChainVerification> VerifyAudit(const std::string& tenant);
  // `yorisoi audit checkpoint` (and `serve`, daily and at shutdown): anchors the chain's head in
  // a checkpoint file under the tenant folder and says so in the operator's log (ids and hashes
  // only). Answers the file name, seq and hash.
  core::Result<WrittenCheckpoint> CheckpointAudit(const std::string& tenant);
  // `yorisoi audit report`: the periodic analysis under the tenant's settings, recorded as done
  // by the command line.
  core::Result<domain::AuditReport> AuditReport(const std::string& tenant, core::Date from,
                                                core::Date to);

  // Rebuilds the tenant's search index (`yorisoi search reindex`; SearchIndexer::Reindex).
  core::Result<domain::SearchIndexer::ReindexProgress> ReindexSearch(
      const std::string& tenant,
      const std::function<void(const domain::SearchIndexer::ReindexProgress&)>& progress);

  struct ServeOptions {
    std::optional<std::string> listen;  // overrides config
    std::optional<std::string> ops_listen;
    bool demo = false;
  };
  // Serves until SIGINT/SIGTERM. Prints one line "listening https=ADDR:PORT ops=ADDR:PORT" on
  // standard output once both listeners are bound.
  core::Status Serve(const ServeOptions& options);

  const Config& config() const { return config_; }
  const DataDir& data_dir() const { return dir_; }
  domain::Storage& storage() { return *storage_; }
  domain::UserService& users() { return users_; }
  // A tenant's code lists: `yorisoi codes ...`.
  domain::CodeService& codes() { return codes_; }

 private:
  Installation(DataDir dir, Config config, std::unique_ptr<domain::Storage> storage);
  DataDir dir_;
  Config config_;
  std::unique_ptr<domain::Storage> storage_;
  core::SystemClock clock_;
  domain::UserService users_;
  domain::CodeService codes_;
  FileDeviceAuthority authority_;
  domain::DeviceService devices_;
};

// `yorisoi demo`: init when needed, the 新宿区 demo tenant with units and a user of every role
// (fresh random passwords at each start, printed), kDemoCases dummy cases while the tenant has
// none, then Serve in demo mode.
inline constexpr int64_t kDemoCases = 300;
// How often `serve` anchors the audit chains' heads (besides at start and at shutdown).
inline constexpr std::chrono::hours kAuditCheckpointInterval{24};
core::Status RunDemo(const std::string& data_dir, std::optional<std::string> listen);

}  // namespace yorisoi::app
