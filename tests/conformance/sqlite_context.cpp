// The SQLite backend in the conformance suite: a fresh temporary folder per test.
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "backend_context.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/storage.hpp"

namespace yorisoi::conformance {
namespace {

class SqliteContext final : public BackendContext {
 public:
  SqliteContext() {
    std::string pattern = ::testing::TempDir() + "yorisoi-conformance-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    folder_ = pattern;
  }
  ~SqliteContext() override {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }

  core::Result<std::unique_ptr<domain::Storage>> Make(
      std::shared_ptr<domain::AuditKeyring> audit_keys) override {
    return storage::sqlite::OpenStorage(folder_ + "/data", std::move(audit_keys));
  }

  core::Status Tamper(const std::string& tenant_id, const std::string& sql) override {
    YS_ASSIGN_OR_RETURN(auto conn, storage::sqlite::Connection::Open(
                                       folder_ + "/data/tenants/" + tenant_id + "/tenant.db",
                                       storage::sqlite::Connection::Mode::kReadWrite));
    return conn->ExecScript(sql.c_str());
  }

 private:
  std::string folder_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Sqlite, StorageConformanceTest,
                         ::testing::Values(Backend{
                             "sqlite", [] { return std::make_unique<SqliteContext>(); }}),
                         BackendName);

}  // namespace yorisoi::conformance
