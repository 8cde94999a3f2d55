// In-process micro-benchmarks of the request path without the network: where the time of a
// signed-in GET /api/v1/me goes (authentication, storage, JSON). Run: make bench-micro.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "crypto/random.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/users/auth_service.hpp"
#include "domain/users/user_service.hpp"
#include "http/api.hpp"
#include "storage/sqlite/storage.hpp"

namespace {

using namespace yorisoi;

struct Fixture {
  std::string dir;
  std::unique_ptr<domain::Storage> storage;
  core::SystemClock clock;
  core::RequestMetrics metrics;
  std::unique_ptr<domain::AuthService> auth;
  std::unique_ptr<domain::UserService> users;
  std::unique_ptr<domain::AuditService> audit;
  std::unique_ptr<domain::CodeService> codes;
  std::unique_ptr<domain::CaseService> cases;
  std::unique_ptr<http::ApiHandler> api;
  std::string token;

  Fixture() {
    crypto::InitCrypto();
    dir = std::filesystem::temp_directory_path() / ("yorisoi-bench-" + crypto::RandomToken(6));
    storage = std::move(*storage::sqlite::OpenStorage(
        dir, std::make_shared<domain::MemoryAuditKeyring>(std::string(32, 'k'))));
    (void)storage->CreateTenant(domain::Tenant{"bench", "ベンチ区", clock.Now()});
    auth = std::make_unique<domain::AuthService>(*storage, clock, domain::AuthConfig{});
    users = std::make_unique<domain::UserService>(*storage, clock);
    (void)users->CreateUnit("bench", domain::Unit{"center", "センター", {}});
    // The password must pass the policy (it may not contain the tenant id "bench", for one):
    // a refused user used to end in a bad_variant_access at the sign-in below.
    auto user = users->CreateUser(
        "bench", domain::NewUser{"worker", "ベンチ職員", domain::Role::kCaseworker, {"center"}},
        "dummy-load-test-passphrase-2025", false);
    if (!user.ok()) throw std::runtime_error("bench user refused: " + user.error().message);
    audit = std::make_unique<domain::AuditService>(*storage, clock);
    codes = std::make_unique<domain::CodeService>(*storage, clock, domain::CodeCatalog::BuiltIn());
    cases = std::make_unique<domain::CaseService>(*storage, clock, *codes);
    api = std::make_unique<http::ApiHandler>(
        http::ApiServices{*auth, *users, *audit, *cases, *codes, metrics, false});
    auto login = auth->Login("bench", "worker", "dummy-load-test-passphrase-2025", "127.0.0.1");
    if (!login.ok()) throw std::runtime_error("bench sign-in failed: " + login.error().message);
    token = login->token;
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
};

Fixture& F() {
  static Fixture f;
  return f;
}

void BM_Authenticate(benchmark::State& state) {
  auto& f = F();
  for (auto _ : state) benchmark::DoNotOptimize(f.auth->Authenticate(f.token));
}
BENCHMARK(BM_Authenticate);

void BM_HandleMe(benchmark::State& state) {
  auto& f = F();
  net::Request req;
  req.method = "GET";
  req.target = "/api/v1/me";
  req.headers.push_back({"Authorization", "Bearer " + f.token});
  req.remote_address = "127.0.0.1";
  for (auto _ : state) benchmark::DoNotOptimize(f.api->Handle(req));
}
BENCHMARK(BM_HandleMe);

void BM_HandleNotFound(benchmark::State& state) {
  auto& f = F();
  net::Request req;
  req.method = "GET";
  req.target = "/nothing";
  for (auto _ : state) benchmark::DoNotOptimize(f.api->Handle(req));
}
BENCHMARK(BM_HandleNotFound);

}  // namespace

BENCHMARK_MAIN();
