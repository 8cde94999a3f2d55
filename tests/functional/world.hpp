// A complete installation for functional tests, made through the real CLI: two tenants, each
// with two units and one user of every role, and a running server. Dummy data only.
#pragma once

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "https_client.hpp"
#include "process.hpp"

namespace yorisoi::testing {

struct Account {
  std::string tenant;
  std::string login;
  std::string name;
  std::string role;
  std::string password;
  std::string id;
};

// The backend the functional suites run against: SQLite, or PostgreSQL when ctest runs them as
// functional.pg.* (YORISOI_TEST_BACKEND=postgres, the cluster of the "postgres" fixture).
inline bool UsePostgres() {
  const char* b = std::getenv("YORISOI_TEST_BACKEND");
  return b != nullptr && std::string(b) == "postgres";
}

// postgresql://yorisoi@127.0.0.1:PORT/ (the password comes from PGPASSFILE).
inline std::string PgClusterUrl() {
  const char* file = std::getenv("YORISOI_TEST_PG_URL_FILE");
  if (file == nullptr) throw std::runtime_error("YORISOI_TEST_PG_URL_FILE is not set");
  // The password is in the passfile beside it, for psql and every yorisoi this test starts.
  const std::string state = std::filesystem::path(file).parent_path().string();
  ::setenv("PGPASSFILE", (state + "/passfile").c_str(), /*overwrite=*/0);
  std::string url;
  std::ifstream(file) >> url;
  if (url.empty()) throw std::runtime_error("no cluster URL in YORISOI_TEST_PG_URL_FILE");
  return url;
}

// Runs SQL with psql on a database of the test cluster: columns separated by '|', one row a
// line, as the sqlite3 shell prints them. *status gets psql's exit status.
inline std::string RunPsql(const std::string& dbname, const std::string& sql, int* status,
                           const std::string& scratch_dir) {
  const std::string script = scratch_dir + "/psql-script.sql";
  std::ofstream(script) << sql << "\n";
  const std::string cmd = "psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d '" + PgClusterUrl() +
                          dbname + "' -f '" + script + "' 2>&1";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run psql");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = ::pclose(p);
  return out;
}

inline void RunOk(const std::vector<std::string>& args, const std::string& stdin_text = "",
                  std::string* out = nullptr) {
  auto r = RunYorisoi(args, stdin_text);
  ASSERT_EQ(r.exit_code, 0) << "yorisoi " << args.at(0) << " failed: " << r.err;
  if (out) *out = r.out;
}

class World {
 public:
  // config_patch is merged into config.json before the server starts.
  explicit World(const nlohmann::json& config_patch = nlohmann::json::object()) {
    data_ = dir_.path() + "/data";
    if (UsePostgres()) {
      // A platform database of its own (its tenants' databases are named after it).
      static int counter = 0;
      pg_name_ = "yf" + std::to_string(::getpid()) + "x" + std::to_string(counter++);
      RunOk({"init", "--data", data_, "--postgres", PgClusterUrl() + pg_name_});
    } else {
      RunOk({"init", "--data", data_});
    }
    std::string config_path = data_ + "/config.json";
    nlohmann::json config = nlohmann::json::parse(std::ifstream(config_path));
    config.merge_patch(config_patch);
    std::ofstream(config_path) << config.dump(2);
    for (const std::string tenant : {"tenant-a", "tenant-b"}) {
      RunOk({"tenant", "add", "--data", data_, "--id", tenant, "--name",
             tenant == "tenant-a" ? "テスト区A" : "テスト区B"});
      RunOk({"unit", "add", "--data", data_, "--tenant", tenant, "--id", "center", "--name",
             "子ども総合センター"});
      RunOk(
          {"unit", "add", "--data", data_, "--tenant", tenant, "--id", "branch", "--name", "分室"});
      for (const std::string role : {"caseworker", "supervisor", "admin", "auditor"}) {
        AddAccount(tenant, role, role);
      }
      // Every tenant's staff work on an enrolled tablet of that tenant (mTLS).
      EnrollDevice(tenant, tenant + "-tab");
    }
  }

  // Enrolls a device with the CLI and keeps its PEM files; Client(name) presents it.
  void EnrollDevice(const std::string& tenant, const std::string& name,
                    const std::string& kind = "tablet") {
    const std::string prefix = dir_.path() + "/" + name;
    RunOk({"device", "enroll", "--data", data_, "--tenant", tenant, "--name", name, "--kind", kind,
           "--out", prefix});
    devices_[name] = {prefix + ".crt.pem", prefix + ".key.pem"};
  }

  // Caseworkers and supervisors belong to `unit` (the "center" unless told).
  Account& AddAccount(const std::string& tenant, const std::string& login, const std::string& role,
                      const std::string& unit = "center") {
    Account a{tenant,
              login,
              "職員" + login + "（テスト）",
              role,
              "Kari-Pass-" + std::to_string(accounts_.size() + 1) + "-dummy-2025",
              ""};
    std::vector<std::string> args = {"user",    "add", "--data", data_,  "--tenant", tenant,
                                     "--login", login, "--name", a.name, "--role",   role};
    if (role == "caseworker" || role == "supervisor") {
      args.insert(args.end(), {"--unit", unit});
    }
    std::string out;
    RunOk(args, a.password + "\n", &out);
    a.id = out.substr(0, out.find('\n'));
    return accounts_[tenant + "/" + login] = a;
  }

  ~World() {
    server_.reset();
    DropPgDatabases();
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // PostgreSQL: drops the installation's platform database and its tenants' databases (the
  // "wipe" before a restore; the destructor's clean-up).
  void DropPgDatabases() {
    if (pg_name_.empty()) return;
    int status = 0;
    const std::string list = RunPsql("postgres",
                                     "SELECT datname FROM pg_database WHERE datname = '" +
                                         pg_name_ + "' OR datname LIKE '" + pg_name_ + "\\_%';",
                                     &status, dir_.path());
    std::istringstream names(list);
    for (std::string db; std::getline(names, db);) {
      if (!db.empty())
        RunPsql("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE);", &status, dir_.path());
    }
  }

  // The database name of the installation's platform database ("" on SQLite).
  const std::string& pg_name() const { return pg_name_; }

  void Start() { server_ = std::make_unique<ServerProcess>(data_); }
  ServerProcess& server() { return *server_; }
  const std::string& data() const { return data_; }
  Account& account(const std::string& tenant, const std::string& login) {
    return accounts_.at(tenant + "/" + login);
  }
  const std::map<std::string, Account>& accounts() const { return accounts_; }

  // Connection options presenting a device's certificate: by default tenant-a's tablet; a tenant
  // id picks that tenant's tablet, a device name that device. "" presents none.
  ClientOptions Client(const std::string& tenant_or_device = "tenant-a") const {
    ClientOptions o;
    o.port = server_->https_port();
    o.ca_file = data_ + "/tls/ca.crt.pem";
    if (tenant_or_device.empty()) return o;
    auto it = devices_.find(tenant_or_device);
    if (it == devices_.end()) it = devices_.find(tenant_or_device + "-tab");
    if (it == devices_.end()) throw std::runtime_error("no device " + tenant_or_device);
    o.cert_file = it->second.first;
    o.key_file = it->second.second;
    return o;
  }

  // The tenant a call is for: the token's ("<tenant>.<secret>"; made-up tokens go as tenant-a),
  // else the body's "tenant" (a sign-in), else tenant-a. Its tablet carries the call, as a worker's
  // own tablet would.
  static std::string TenantOf(const std::string& token, const nlohmann::json& body) {
    if (token.rfind("tenant-b.", 0) == 0) return "tenant-b";
    if (!token.empty()) return "tenant-a";  // tenant-a's, or a made-up token
    if (body.is_object() && body.contains("tenant") && body["tenant"].is_string()) {
      const std::string t = body["tenant"];
      if (t == "tenant-a" || t == "tenant-b") return t;
    }
    return "tenant-a";
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const nlohmann::json& body = nullptr, const std::string& token = "") const {
    return testing::Call(Client(TenantOf(token, body)), method, target, body, token);
  }

  // A request whose body is sent as it is (malformed JSON, another Content-Type ...), on a fresh
  // connection. An empty content_type sends no Content-Type header.
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    const std::string& token,
                    const std::string& content_type = "application/json") const {
    std::string err;
    auto conn = HttpsConnection::Connect(Client(TenantOf(token, nullptr)), &err);
    if (!conn) throw std::runtime_error(err);
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    return conn->Request(method, target, body, headers);
  }

  std::string TenantDb(const std::string& tenant) const {
    return data_ + "/tenants/" + tenant + "/tenant.db";
  }

  // Runs SQL with the sqlite3 shell on a tenant's database file and returns what it printed
  // (columns separated by '|', one row a line). Read-only unless `write`: reading is safe beside
  // the running server (WAL). A failure of the shell fails the test.
  // On PostgreSQL the same runs through psql on the tenant's database.
  std::string Sql(const std::string& tenant, const std::string& sql, bool write = false) const {
    if (!pg_name_.empty()) {
      int status = 0;
      std::string out = RunPsql(pg_name_ + "_" + tenant, sql, &status, dir_.path());
      EXPECT_EQ(status, 0) << sql << ": " << out;
      return out;
    }
    const std::string script = dir_.path() + "/sql-script.sql";
    {
      std::ofstream out(script);
      out << ".timeout 10000\n" << sql << "\n";
    }
    const std::string cmd = std::string("sqlite3 -bail ") + (write ? "" : "-readonly ") + "'" +
                            TenantDb(tenant) + "' < '" + script + "' 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run sqlite3");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd << ": " << out;
    return out;
  }

  // Signs in and returns the token (fails the test on a non-200 answer).
  std::string Login(const Account& a) const {
    auto r = Call("POST", "/api/v1/login",
                  {{"tenant", a.tenant}, {"login", a.login}, {"password", a.password}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("token", "");
  }

 private:
  TempDir dir_;
  std::string data_;
  std::string pg_name_;
  std::map<std::string, Account> accounts_;
  std::map<std::string, std::pair<std::string, std::string>> devices_;  // name → cert, key
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace yorisoi::testing
