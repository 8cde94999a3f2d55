// The PostgreSQL backend in the conformance suite: a scratch platform database per test (its
// tenants' databases are named after it), on the throwaway cluster that the ctest fixture
// "postgres" starts (scripts/pg-test-cluster.sh); the URL is read from the file named by
// YORISOI_TEST_PG_URL_FILE and the password from the passfile beside it. Without them the tests
// fail: a backend that is not tested is not skipped silently.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "backend_context.hpp"
#include "storage/postgres/database.hpp"
#include "storage/postgres/storage.hpp"

namespace yorisoi::conformance {
namespace {

namespace pg = storage::postgres;

std::string ClusterUrl() {
  const char* file = std::getenv("YORISOI_TEST_PG_URL_FILE");
  if (file == nullptr) {
    throw std::runtime_error(
        "YORISOI_TEST_PG_URL_FILE is not set: run through ctest (fixture 'postgres')");
  }
  // The password is in the passfile beside it (gtest_discover_tests passes one variable only).
  const std::string state = std::filesystem::path(file).parent_path().string();
  ::setenv("PGPASSFILE", (state + "/passfile").c_str(), /*overwrite=*/0);
  std::string url;
  std::ifstream(file) >> url;
  if (url.empty()) throw std::runtime_error("no cluster URL in YORISOI_TEST_PG_URL_FILE");
  return url;
}

class PostgresContext final : public BackendContext {
 public:
  PostgresContext() : base_url_(ClusterUrl()) {
    static std::atomic<int> counter{0};
    name_ = "yc" + std::to_string(::getpid()) + "x" + std::to_string(counter++);
  }
  ~PostgresContext() override {
    // Drops the platform database and every tenant database named after it.
    pg::ServerParams server{base_url_ + "postgres", "", 2};
    auto admin = pg::Connection::Open(server, "");
    if (!admin.ok()) return;
    auto st = (*admin)->Prepare(
        "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $1 || '\\_%'");
    if (!st.ok()) return;
    st->Bind(1, name_);
    auto names = st->Collect([](const pg::Statement& s) { return s.Text(0); });
    if (!names.ok()) return;
    for (const auto& db : *names) {
      (void)(*admin)->ExecScript("DROP DATABASE IF EXISTS " + pg::QuoteIdent(db) + " WITH (FORCE)");
    }
  }

  core::Result<std::unique_ptr<domain::Storage>> Make(
      std::shared_ptr<domain::AuditKeyring> audit_keys) override {
    pg::Options options;
    options.server.url = base_url_ + name_;
    options.create_platform = true;
    return pg::OpenStorage(options, std::move(audit_keys));
  }

  core::Status Tamper(const std::string& tenant_id, const std::string& sql) override {
    pg::ServerParams server{base_url_ + name_, "", 1};
    YS_ASSIGN_OR_RETURN(auto conn,
                        pg::Connection::Open(server, pg::TenantDatabaseName(name_, tenant_id)));
    return conn->ExecScript(sql);
  }

 private:
  std::string base_url_;
  std::string name_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Postgres, StorageConformanceTest,
                         ::testing::Values(Backend{
                             "postgres", [] { return std::make_unique<PostgresContext>(); }}),
                         BackendName);

}  // namespace yorisoi::conformance
