// A complete installation for functional tests, made through the real CLI: two tenants, each
// with two units and one user of every role, and a running server. Dummy data only.
#pragma once

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
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
    RunOk({"init", "--data", data_});
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
    }
  }

  Account& AddAccount(const std::string& tenant, const std::string& login,
                      const std::string& role) {
    Account a{tenant,
              login,
              "職員" + login + "（テスト）",
              role,
              "Kari-Pass-" + std::to_string(accounts_.size() + 1) + "-dummy-2025",
              ""};
    std::vector<std::string> args = {"user",    "add", "--data", data_,  "--tenant", tenant,
                                     "--login", login, "--name", a.name, "--role",   role};
    if (role == "caseworker" || role == "supervisor") {
      args.insert(args.end(), {"--unit", "center"});
    }
    std::string out;
    RunOk(args, a.password + "\n", &out);
    a.id = out.substr(0, out.find('\n'));
    return accounts_[tenant + "/" + login] = a;
  }

  void Start() { server_ = std::make_unique<ServerProcess>(data_); }
  ServerProcess& server() { return *server_; }
  const std::string& data() const { return data_; }
  Account& account(const std::string& tenant, const std::string& login) {
    return accounts_.at(tenant + "/" + login);
  }
  const std::map<std::string, Account>& accounts() const { return accounts_; }

  ClientOptions Client() const {
    ClientOptions o;
    o.port = server_->https_port();
    o.ca_file = data_ + "/tls/ca.crt.pem";
    return o;
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const nlohmann::json& body = nullptr, const std::string& token = "") const {
    return testing::Call(Client(), method, target, body, token);
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
  std::map<std::string, Account> accounts_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace yorisoi::testing
