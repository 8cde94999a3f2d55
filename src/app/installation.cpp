#include "app/installation.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "app/postgres_options.hpp"
#include "app/tenant_keys.hpp"
#include "app/test_commit_delay.hpp"
#include "core/error_codes.hpp"
#include "crypto/random.hpp"
#include "crypto/secret_box.hpp"
#include "crypto/x509.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/search_indexer.hpp"
#include "domain/users/auth_service.hpp"
#include "http/api.hpp"
#include "http/ops_handler.hpp"
#include "net/server.hpp"
#include "storage/postgres/storage.hpp"
#include "storage/sqlite/storage.hpp"

namespace yorisoi::app {
namespace fs = std::filesystem;

Installation::Installation(DataDir dir, Config config, std::unique_ptr<domain::Storage> storage)
    : dir_(std::move(dir)),
      config_(std::move(config)),
      storage_(std::move(storage)),
      users_(*storage_, clock_),
      codes_(*storage_, clock_, domain::CodeCatalog::BuiltIn()),
      authority_(dir_),
      devices_(*storage_, clock_, authority_) {}

core::Result<std::unique_ptr<domain::Storage>> Installation::OpenBackend(const DataDir& dir,
                                                                         const Config& config,
                                                                         bool create) {
  // Every tenant's audit chain is keyed from its sealed tenant key: whatever opens the storage
  // (serve, each command, backup and restore) appends and verifies under the key.
  auto audit_keys = std::make_shared<FileAuditKeyring>(dir);
  if (config.backend != "postgres") return storage::sqlite::OpenStorage(dir.root(), audit_keys);
  YS_ASSIGN_OR_RETURN(auto options, PostgresOptionsOf(config));
  options.create_platform = create;
  return storage::postgres::OpenStorage(options, audit_keys);
}

core::Status Installation::Init(const std::string& data_dir,
                                const std::vector<std::string>& hostnames,
                                const std::string& postgres_url,
                                const std::string& postgres_password_file) {
  DataDir dir(data_dir);
  if (dir.Initialised()) {
    return core::Error::Conflict("the data folder is already initialised",
                                 core::codes::kAlreadyInitialised);
  }
  for (const auto& h : hostnames) {
    if (h.empty() || h.size() > 253 ||
        h.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") !=
            std::string::npos) {
      return core::Error::InvalidArgument("--hostname", "must be a DNS name or an IP address",
                                          core::codes::kInvalidHostname);
    }
  }
  Config config;
  config.hostnames = hostnames;
  if (!postgres_url.empty()) {
    config.backend = "postgres";
    config.postgres.url = postgres_url;
    if (!postgres_password_file.empty()) {
      config.postgres.password_file = fs::absolute(postgres_password_file).string();
    }
    auto name = storage::postgres::PlatformDatabaseName(postgres_url);
    if (!name.ok()) {
      return core::Error::InvalidArgument("--postgres", name.error().message, name.error().code);
    }
  }
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return core::Error::Unavailable("cannot create the data folder");
  fs::permissions(data_dir, fs::perms::owner_all, ec);

  YS_RETURN_IF_ERROR(
      WritePrivateFile(dir.PlatformKeyPath(), crypto::SecretKey::Generate().bytes()));
  YS_ASSIGN_OR_RETURN(auto ca, crypto::CreateCertificateAuthority("Yorisoi installation CA", 3650));
  std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
  names.insert(names.end(), hostnames.begin(), hostnames.end());
  YS_ASSIGN_OR_RETURN(auto server, crypto::IssueServerCertificate(ca, names, 397));
  YS_RETURN_IF_ERROR(WritePrivateFile(dir.CaKeyPath(), ca.private_key_pem));
  YS_RETURN_IF_ERROR(WritePrivateFile(dir.CaCertPath(), ca.certificate_pem));
  YS_RETURN_IF_ERROR(WritePrivateFile(dir.ServerKeyPath(), server.private_key_pem));
  YS_RETURN_IF_ERROR(
      WritePrivateFile(dir.ServerCertPath(), server.certificate_pem + ca.certificate_pem));
  YS_ASSIGN_OR_RETURN(auto storage, OpenBackend(dir, config, /*create=*/true));
  // config.json last: its presence marks a complete initialisation.
  return dir.SaveConfig(config);
}

core::Result<std::unique_ptr<Installation>> Installation::Open(const std::string& data_dir) {
  DataDir dir(data_dir);
  if (!dir.Initialised()) {
    return core::Error::NotFound("the data folder is not initialised (run 'yorisoi init')");
  }
  YS_ASSIGN_OR_RETURN(Config config, dir.LoadConfig());
  YS_ASSIGN_OR_RETURN(auto storage, OpenBackend(dir, config));
  storage = WithTestCommitDelay(std::move(storage));
  return std::unique_ptr<Installation>(
      new Installation(std::move(dir), std::move(config), std::move(storage)));
}

core::Status Installation::AddTenant(const std::string& id, const std::string& name) {
  YS_ASSIGN_OR_RETURN(std::string platform_key_bytes, ReadFile(dir_.PlatformKeyPath()));
  YS_ASSIGN_OR_RETURN(auto platform_key, crypto::SecretKey::FromBytes(platform_key_bytes));
  YS_RETURN_IF_ERROR(storage_->CreateTenant(domain::Tenant{id, name, clock_.Now()}));
  // The tenant's own key, sealed with the platform key and bound to the tenant id. It will
  // encrypt the tenant's blobs and backups; destroying it erases them (crypto-shredding).
  const auto tenant_key = crypto::SecretKey::Generate();
  YS_RETURN_IF_ERROR(WritePrivateFile(dir_.TenantDir(id) + "/tenant.key.sealed",
                                      platform_key.Seal(tenant_key.bytes(), id)));
  // The tenant's device CA: only tablets it enrolls may talk to the server for this tenant.
  return authority_.EnsureCa(id);
}

core::Result<std::string> Installation::EnrollDevice(const std::string& tenant,
                                                     const std::string& name,
                                                     const std::string& kind,
                                                     const std::string& out_prefix) {
  if (out_prefix.empty()) {
    return core::Error::InvalidArgument("--out", "is required", core::codes::kRequired);
  }
  // Never overwrite: an existing file may be another device's key.
  for (const char* ext : {".p12", ".crt.pem", ".key.pem"}) {
    std::error_code ec;
    if (fs::exists(out_prefix + ext, ec)) {
      return core::Error::Conflict("--out names files that exist already",
                                   core::codes::kFileExists);
    }
  }
  YS_ASSIGN_OR_RETURN(auto enrolled,
                      devices_.Enroll(domain::UserService::CliActor(), tenant, name, kind));
  // A device whose key could not be written is of no use to anyone: revoke it again.
  auto write_all = [&]() -> core::Status {
    YS_RETURN_IF_ERROR(WritePrivateFile(out_prefix + ".p12", enrolled.pkcs12));
    YS_RETURN_IF_ERROR(WritePrivateFile(
        out_prefix + ".crt.pem",
        enrolled.certificate.certificate_pem + enrolled.certificate.ca_certificate_pem));
    return WritePrivateFile(out_prefix + ".key.pem", enrolled.certificate.private_key_pem);
  };
  if (auto written = write_all(); !written.ok()) {
    (void)devices_.Revoke(domain::UserService::CliActor(), tenant, enrolled.device.id, "other");
    return written.error();
  }
  return enrolled.pkcs12_password;
}

core::Result<domain::Device> Installation::RevokeDevice(const std::string& tenant,
                                                        const std::string& name,
                                                        const std::string& reason) {
  YS_ASSIGN_OR_RETURN(auto device, devices_.Find(tenant, name));
  return devices_.Revoke(domain::UserService::CliActor(), tenant, device.id, reason);
}

core::Result<domain::Unit> Installation::AddUnit(const std::string& tenant, const std::string& id,
                                                 const std::string& name) {
  return users_.CreateUnit(tenant, domain::Unit{id, name, {}});
}

core::Result<domain::User> Installation::AddUser(const std::string& tenant, domain::NewUser user,
                                                 const std::string& password) {
  return users_.CreateUser(tenant, std::move(user), password, false);
}

core::Result<DummyReport> Installation::AddDummyCases(const DummyOptions& options) {
  return app::AddDummyCases(*storage_, clock_, options);
}

core::Result<bool> Installation::HasCases(const std::string& tenant) {
  YS_ASSIGN_OR_RETURN(auto db, storage_->OpenTenant(tenant));
  return domain::InTransaction(*db, domain::TxMode::kRead,
                               [&](domain::TenantTx& tx) -> core::Result<bool> {
                                 domain::CaseListQuery q;
                                 YS_ASSIGN_OR_RETURN(const auto units, tx.units().List());
                                 for (const auto& u : units) q.unit_ids.push_back(u.id);
                                 q.limit = 1;
                                 YS_ASSIGN_OR_RETURN(const auto cases, tx.cases().List(q));
                                 return !cases.empty();
                               });
}

core::Result<domain::ChainVerification> Installation::VerifyAudit(const std::string& tenant) {
  // A known tenant before its folder is read (the id names a path).
  YS_ASSIGN_OR_RETURN(const auto known, storage_->tenants().FindById(tenant));
  (void)known;
  YS_ASSIGN_OR_RETURN(const auto checkpoints, ReadAuditCheckpoints(dir_, tenant));
  domain::AuditService audit(*storage_, clock_);
  return audit.Verify(tenant, checkpoints);
}

core::Result<domain::AuditReport> Installation::AuditReport(const std::string& tenant,
                                                            core::Date from, core::Date to) {
  YS_ASSIGN_OR_RETURN(const auto known, storage_->tenants().FindById(tenant));
  (void)known;
  YS_ASSIGN_OR_RETURN(const auto settings, LoadAuditReportSettings(dir_, tenant));
  domain::AuditService audit(*storage_, clock_);
  return audit.Report(domain::UserService::CliActor(), tenant, from, to, settings);
}

core::Result<WrittenCheckpoint> Installation::CheckpointAudit(const std::string& tenant) {
  // A known tenant before its folder is read (the id names a path).
  YS_ASSIGN_OR_RETURN(const auto known, storage_->tenants().FindById(tenant));
  (void)known;
  domain::AuditService audit(*storage_, clock_);
  YS_ASSIGN_OR_RETURN(const auto head, audit.Head(tenant));
  YS_ASSIGN_OR_RETURN(auto written, WriteAuditCheckpoint(dir_, tenant, head, clock_.Now()));
  spdlog::info("audit checkpoint: tenant {} seq {} hash {} file {}", tenant, written.head.seq,
               written.head.hash, written.file);
  return written;
}

core::Result<domain::SearchIndexer::ReindexProgress> Installation::ReindexSearch(
    const std::string& tenant,
    const std::function<void(const domain::SearchIndexer::ReindexProgress&)>& progress) {
  YS_ASSIGN_OR_RETURN(auto db, storage_->OpenTenant(tenant));
  return domain::SearchIndexer::Reindex(*db, progress);
}

core::Status Installation::Serve(const ServeOptions& options) {
  net::ServerOptions so;
  so.tls.certificate_chain_file = dir_.ServerCertPath();
  so.tls.private_key_file = dir_.ServerKeyPath();
  so.header_limit = config_.header_limit;
  so.body_limit = config_.body_limit;
  so.read_timeout = config_.read_timeout;
  so.idle_timeout = config_.idle_timeout;
  // Network threads only run TLS and HTTP: request work goes to the API's pool, so one per core
  // whatever the backend (docs/architecture.md, "Threads").
  so.threads = config_.threads;

  // Devices (mTLS): `serve` accepts only the active devices of the tenants' device CAs; `demo`
  // asks for no certificate (and says so on screen).
  domain::DeviceRegistry registry;
  const bool mtls = !options.demo;
  // The complete device CAs of every tenant. A tenant whose CA is not complete yet (a `tenant
  // add` running now) is left out and tried again at the next poll: the server never creates
  // or repairs a CA.
  std::size_t trusted_tenants = 0;
  auto trusted_cas = [&]() -> core::Result<std::vector<std::string>> {
    YS_ASSIGN_OR_RETURN(const auto tenants, storage_->tenants().List());
    std::vector<std::string> pems;
    for (const auto& t : tenants) {
      auto pem = authority_.ExistingCaCertificate(t.id);
      if (pem.ok()) pems.push_back(std::move(*pem));
    }
    trusted_tenants = pems.size();
    return pems;
  };
  if (mtls) {
    YS_ASSIGN_OR_RETURN(so.tls.client_auth.trusted_ca_pems, trusted_cas());
    YS_ASSIGN_OR_RETURN(const auto initially_ended, devices_.Refresh(registry));
    (void)initially_ended;  // nothing is connected yet
    so.tls.client_auth.required = true;
    so.tls.client_auth.accept = [&registry](const net::PeerCertificate& peer) {
      // The certificate chains to some tenant's CA; it must also be an active device, of the
      // tenant and id its certificate names.
      const auto device = registry.Find(peer.sha256_fingerprint);
      return device && device->tenant_id == peer.organization &&
             device->device_id == peer.common_name;
    };
  }

  core::RequestMetrics metrics;
  // The tenants' audit writers (declared before the handler: the handler's pool hands entries to
  // them, and they finish their batches before the storage goes).
  domain::AuditWriter audit_writer;
  domain::AuthService auth(*storage_, clock_, config_.auth);
  domain::AuditService audit(*storage_, clock_);
  domain::CaseService cases(*storage_, clock_, codes_);
  cases.set_break_glass_duration(config_.break_glass);
  // The search documents of the writes, indexed off the writers' path (started below, before the
  // server runs, so it first catches up with what was written while it was down).
  domain::SearchIndexerOptions indexer_options;
  indexer_options.on_error = [](std::string_view tenant_id, const core::Error& e) {
    spdlog::warn("search indexing of tenant {} failed; retrying: {}", tenant_id, e.message);
  };
  domain::SearchIndexer indexer(*storage_, std::move(indexer_options));
  cases.set_search_indexer(&indexer);
  // After a revocation made through the API: reload and cut the device off at once (the poller
  // would within 250 ms anyway).
  std::mutex refresh_mu;
  net::Server* running = nullptr;
  auto refresh_devices = [&]() {
    std::lock_guard lock(refresh_mu);
    auto ended = devices_.Refresh(registry);
    if (!ended.ok()) {
      spdlog::error("device refresh failed: {}", ended.error().message);
      return;
    }
    if (ended->empty()) return;
    // A revocation made where no notification comes from (the command line on SQLite): the
    // revoked devices' sessions must not live on in the session cache.
    auth.session_cache().Clear();
    if (running == nullptr) return;
    const std::set<std::string> gone(ended->begin(), ended->end());
    const auto closed = running->CloseConnections([&gone](const net::PeerCertificate& peer) {
      return gone.count(peer.sha256_fingerprint) > 0;
    });
    spdlog::info("devices revoked: {} certificate(s), {} connection(s) closed", gone.size(),
                 closed);
  };
  http::ApiServices services{auth,   users_,  audit,        cases,
                             codes_, metrics, options.demo, config_.idle_lock};
  services.devices = &devices_;
  services.device_registry = mtls ? &registry : nullptr;
  services.devices_changed = [&] {
    if (mtls) refresh_devices();
  };
  services.worker_threads = config_.handler_threads != 0
                                ? config_.handler_threads
                                : 4 * std::max(1u, std::thread::hardware_concurrency());
  services.audit_writer = &audit_writer;
  services.audit_report_settings = [this](std::string_view tenant_id) {
    return LoadAuditReportSettings(dir_, tenant_id);
  };
  http::ApiHandler api(services);
  http::OpsHandler ops(metrics, [this] { return storage_->tenants().List().ok(); });

  net::ListenerOptions https;
  YS_RETURN_IF_ERROR(
      ParseListen(options.listen.value_or(config_.listen), https.address, https.port, "--listen"));
  https.tls = true;
  https.handler = &api;
  net::ListenerOptions ops_listener;
  YS_RETURN_IF_ERROR(ParseListen(options.ops_listen.value_or(config_.ops_listen),
                                 ops_listener.address, ops_listener.port, "--ops"));
  ops_listener.tls = false;
  ops_listener.handler = &ops;
  so.listeners = {https, ops_listener};

  std::unique_ptr<net::Server> server;
  try {
    server = std::make_unique<net::Server>(so);
  } catch (const std::exception& e) {
    return core::Error::Unavailable(std::string("cannot start the server: ") + e.what());
  }
  const auto ports = server->BoundPorts();
  auto fmt_addr = [](const std::string& a, uint16_t p) {
    return (a.find(':') != std::string::npos ? "[" + a + "]" : a) + ":" + std::to_string(p);
  };
  std::printf("listening https=%s ops=%s\n", fmt_addr(https.address, ports.at(0)).c_str(),
              fmt_addr(ops_listener.address, ports.at(1)).c_str());
  std::fflush(stdout);
  spdlog::info("serving: https port {} ops port {} demo={}", ports.at(0), ports.at(1),
               options.demo);

  // Sweeps expired sessions of every tenant once a minute.
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread sweeper([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::seconds(60), [&] { return stopping; })) {
      auto tenants = storage_->tenants().List();
      if (!tenants.ok()) continue;
      const auto now = clock_.Now();
      for (const auto& t : *tenants) {
        auto db = storage_->OpenTenant(t.id);
        if (!db.ok()) continue;
        (void)domain::InTransaction(**db, domain::TxMode::kWrite, [&](domain::TenantTx& tx) {
          return tx.sessions().DeleteExpired(now - config_.auth.idle_timeout, now);
        });
      }
    }
  });
  // Revocations made elsewhere (the command line, later another instance) are noticed by polling
  // each tenant's device revision (one indexed row per tenant), 4 times a second: a revoked
  // device is cut off well within the second the product promises. A new tenant's CA joins the
  // trusted CAs the same way.
  {
    std::lock_guard lock(refresh_mu);
    running = server.get();
  }
  // Another instance (or the command line) on the same PostgreSQL says devices changed: reload
  // now rather than at the next poll. The gate closes before Serve's locals go away.
  struct Gate {
    std::mutex mu;
    bool open = true;
  };
  auto gate = std::make_shared<Gate>();
  // Sessions ended or accounts changed on another instance (or by the command line on
  // PostgreSQL): their cached sign-ins go (on "resync", all of them).
  storage_->notifier().Listen(
      [gate, mtls, &refresh_devices, &auth](std::string_view topic, std::string_view payload) {
        const bool resync = topic == domain::topics::kResync;
        if (!resync && topic != domain::topics::kDevicesChanged &&
            topic != domain::topics::kSessionsChanged) {
          return;
        }
        std::lock_guard lock(gate->mu);
        if (!gate->open) return;
        auth.OnNotification(topic, payload);
        if (mtls && (resync || topic == domain::topics::kDevicesChanged)) refresh_devices();
      });
  std::thread device_poller;
  if (mtls) {
    device_poller = std::thread([&] {
      std::unique_lock lock(mu);
      while (!cv.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping; })) {
        lock.unlock();
        try {
          refresh_devices();
          auto tenants = storage_->tenants().List();
          if (tenants.ok() && tenants->size() != trusted_tenants) {
            auto pems = trusted_cas();
            try {
              if (pems.ok()) server->SetTrustedClientCas(std::move(*pems));
            } catch (const std::exception&) {
              // A CA file that is not a CA certificate: keep the trust as it was, say so (ids
              // only), and retry at the next poll.
              spdlog::error("device CAs not reloaded: a tenant's device-ca.crt.pem is not a CA");
              trusted_tenants = 0;
            }
            refresh_devices();
          }
        } catch (const std::exception&) {
          // Never let the poller die (std::terminate): log and poll again.
          spdlog::error("device poll failed; retrying");
        }
        lock.lock();
      }
    });
  }
  // Session touches (last_seen_at) are queued by sign-in checks and written here, one
  // transaction per tenant, off the request path.
  std::thread toucher([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, config_.auth.touch_flush_interval, [&] { return stopping; })) {
      lock.unlock();
      if (auto flushed = auth.FlushTouches(); !flushed.ok()) {
        spdlog::warn("session touch flush failed; retrying: {}", flushed.error().message);
      }
      lock.lock();
    }
  });
  // Every tenant's audit chain head anchored outside the database (audit_checkpoints.hpp): when
  // the server starts, daily, and when it stops.
  auto checkpoint_all = [&] {
    auto tenants = storage_->tenants().List();
    if (!tenants.ok()) {
      spdlog::error("audit checkpoints not written: the tenant list is unavailable");
      return;
    }
    for (const auto& t : *tenants) {
      if (auto written = CheckpointAudit(t.id); !written.ok()) {
        spdlog::error("audit checkpoint of tenant {} failed: {}", t.id, written.error().message);
      }
    }
  };
  std::thread checkpointer([&] {
    std::unique_lock lock(mu);
    do {
      lock.unlock();
      checkpoint_all();
      lock.lock();
    } while (!cv.wait_for(lock, kAuditCheckpointInterval, [&] { return stopping; }));
  });
  // A fault hook for tests only: writes are acknowledged but not indexed until a restart without
  // it (the functional tests show that a restart catches up from the watermark).
  if (std::getenv("YORISOI_TEST_SEARCH_INDEX_PAUSED") != nullptr) {
    spdlog::warn("test hook YORISOI_TEST_SEARCH_INDEX_PAUSED: the search indexer is not running");
  } else {
    indexer.Start();
  }
  server->Run();
  indexer.Stop();
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  {
    std::lock_guard lock(gate->mu);
    gate->open = false;
  }
  sweeper.join();
  toucher.join();
  checkpointer.join();
  checkpoint_all();
  if (device_poller.joinable()) device_poller.join();
  (void)auth.FlushTouches();
  {
    std::lock_guard lock(refresh_mu);
    running = nullptr;
  }
  return core::Ok();
}

core::Status RunDemo(const std::string& data_dir, std::optional<std::string> listen) {
  if (!DataDir(data_dir).Initialised()) YS_RETURN_IF_ERROR(Installation::Init(data_dir, {}));
  YS_ASSIGN_OR_RETURN(auto inst, Installation::Open(data_dir));
  const std::string tenant = "shinjuku";
  const bool fresh = !inst->storage().tenants().FindById(tenant).ok();
  struct DemoUser {
    const char* login;
    const char* name;
    domain::Role role;
    std::vector<std::string> units;
  };
  const std::vector<DemoUser> demo_users = {
      {"caseworker1", "相談員 一郎（デモ）", domain::Role::kCaseworker, {"sogo"}},
      {"caseworker2", "相談員 二葉（デモ）", domain::Role::kCaseworker, {"enoki"}},
      {"supervisor1", "係長 三郎（デモ）", domain::Role::kSupervisor, {"sogo", "enoki"}},
      {"admin1", "システム管理者（デモ）", domain::Role::kAdmin, {}},
      {"auditor1", "監査担当（デモ）", domain::Role::kAuditor, {}},
  };
  if (fresh) {
    YS_RETURN_IF_ERROR(inst->AddTenant(tenant, "新宿区"));
    YS_RETURN_IF_ERROR(inst->AddUnit(tenant, "sogo", "子ども総合センター"));
    YS_RETURN_IF_ERROR(inst->AddUnit(tenant, "enoki", "榎町子ども家庭支援センター"));
    YS_RETURN_IF_ERROR(inst->AddUnit(tenant, "shinanomachi", "信濃町子ども家庭支援センター"));
  }
  std::printf(
      "\nYorisoi デモモード (demo mode: dummy data only; device certificates not required)\n");
  std::printf("  tenant: %s (新宿区)\n", tenant.c_str());
  auto existing = inst->users().ListUsers(tenant);
  if (!existing.ok()) return std::move(existing).error();
  for (const auto& du : demo_users) {
    // Fresh random passwords at every start, so a demo folder never keeps a known password.
    const std::string password = domain::UserService::NewTemporaryPassword();
    const domain::User* found = nullptr;
    for (const auto& u : *existing) {
      if (u.login == du.login) found = &u;
    }
    if (found == nullptr) {
      YS_RETURN_IF_ERROR(
          inst->AddUser(tenant, domain::NewUser{du.login, du.name, du.role, du.units}, password));
    } else {
      YS_RETURN_IF_ERROR(inst->users().SetPassword(tenant, found->id, password, false));
    }
    std::printf("  login: %-12s password: %s  (%s)\n", du.login, password.c_str(),
                std::string(domain::RoleName(du.role)).c_str());
  }
  // Dummy cases for the demo units' staff, once (a restart keeps what is there).
  YS_ASSIGN_OR_RETURN(const bool has_cases, inst->HasCases(tenant));
  if (!has_cases) {
    DummyOptions dummy;
    dummy.tenant = tenant;
    dummy.cases = kDemoCases;
    dummy.seed = 20250401;
    YS_ASSIGN_OR_RETURN(const DummyReport report, inst->AddDummyCases(dummy));
    std::printf("  dummy data: %lld fictitious cases added\n",
                static_cast<long long>(report.cases));
  }
  std::printf("  CA certificate to trust: %s\n\n", DataDir(data_dir).CaCertPath().c_str());
  std::fflush(stdout);
  Installation::ServeOptions so;
  so.listen = listen;
  so.demo = true;
  return inst->Serve(so);
}

}  // namespace yorisoi::app
