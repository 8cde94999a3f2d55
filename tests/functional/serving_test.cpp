// The serving core (docs/architecture.md, "Threads"): request work runs on the API's own pool,
// the entries of reads go to each tenant's audit writer, and an answer leaves only once its
// entry is durable. Over the real binary, on SQLite and PostgreSQL.
//
// - Concurrent reads from several connections each leave exactly one audit entry naming what
//   was read, and the chain verifies (batches extend it correctly).
// - With the test fault hook delaying tenant-a's commits by 2 s, tenant-a's reads wait (their
//   audit batch is slow) while /healthz and tenant-b's reads answer in under 100 ms meanwhile:
//   a slow tenant holds no network thread and no pool thread.
// Dummy data only.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

long long MillisSince(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

json CaseBody(int n) {
  return {{"received_on", "2025-07-01T10:30:00+09:00"},
          {"unit_id", "center"},
          {"consultation_type", {{"code", "upbringing_parenting"}}},
          {"referral_route", "family"},
          {"household", "並行読み取りの世帯" + std::to_string(n) + "（架空）"}};
}

std::vector<std::pair<std::string, std::string>> Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::string CreateCase(const World& w, const std::string& token, int n) {
  auto r = w.Call("POST", "/api/v1/cases", CaseBody(n), token);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json().value("id", "");
}

// GET on the plain-HTTP ops listener; the status line, or "" when no answer came.
std::string OpsGet(uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out.substr(0, out.find("\r\n"));
}

TEST(ServingTest, EveryConcurrentReadHasItsAuditEntryAndTheChainVerifies) {
  World w;
  w.Start();
  const std::string token = w.Login(w.account("tenant-a", "caseworker"));
  constexpr int kCases = 10;
  constexpr int kConnections = 5;  // each reads every case once: 50 reads in all
  std::vector<std::string> ids;
  for (int i = 0; i < kCases; ++i) ids.push_back(CreateCase(w, token, i));
  ASSERT_EQ(std::count(ids.begin(), ids.end(), ""), 0);

  std::atomic<int> ok{0};
  std::vector<std::string> failures;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int c = 0; c < kConnections; ++c) {
    threads.emplace_back([&, c] {
      std::string err;
      auto conn = HttpsConnection::Connect(w.Client("tenant-a"), &err);
      if (!conn) {
        std::lock_guard lock(mu);
        failures.push_back("connect: " + err);
        return;
      }
      for (int i = 0; i < kCases; ++i) {
        const std::string& id = ids[static_cast<std::size_t>((i + c) % kCases)];
        auto r = conn->Request("GET", "/api/v1/cases/" + id, "", Bearer(token));
        if (r.status == 200 && r.Json().value("id", "") == id) {
          ++ok;
        } else {
          std::lock_guard lock(mu);
          failures.push_back(std::to_string(r.status) + " " + r.body);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(failures.empty()) << failures.front();
  ASSERT_EQ(ok.load(), kCases * kConnections);

  // Exactly one entry per answered read, each naming its case (the answer left after it was
  // durable, so all are there now).
  EXPECT_EQ(w.Sql("tenant-a", "SELECT count(*) FROM audit_log WHERE action = 'case.read';"),
            std::to_string(kCases * kConnections) + "\n");
  for (const auto& id : ids) {
    EXPECT_EQ(w.Sql("tenant-a",
                    "SELECT count(*) FROM audit_targets t JOIN audit_log l ON l.seq = t.seq"
                    " WHERE l.action = 'case.read' AND t.target_id = '" +
                        id + "';"),
              std::to_string(kConnections) + "\n")
        << id;
  }
  auto verify = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Sets the fault hook for the server started in its scope only (the CLI calls before and after
// run without it).
class CommitDelay {
 public:
  CommitDelay(const std::string& tenant, int ms) {
    ::setenv("YORISOI_TEST_COMMIT_DELAY_MS", std::to_string(ms).c_str(), 1);
    ::setenv("YORISOI_TEST_COMMIT_DELAY_TENANT", tenant.c_str(), 1);
  }
  ~CommitDelay() {
    ::unsetenv("YORISOI_TEST_COMMIT_DELAY_MS");
    ::unsetenv("YORISOI_TEST_COMMIT_DELAY_TENANT");
  }
};

TEST(ServingTest, ASlowTenantHoldsUpNeitherHealthzNorAnotherTenantsReads) {
  World w;
  {
    const CommitDelay delay("tenant-a", 2000);
    w.Start();
  }
  // Set-up: tenant-a's sign-in and case are writes, so they take the 2 s each.
  const std::string token_a = w.Login(w.account("tenant-a", "caseworker"));
  const std::string token_b = w.Login(w.account("tenant-b", "caseworker"));
  const std::string case_a = CreateCase(w, token_a, 1);
  const std::string case_b = CreateCase(w, token_b, 2);
  ASSERT_FALSE(case_a.empty());
  ASSERT_FALSE(case_b.empty());
  std::string err;
  auto conn_b = HttpsConnection::Connect(w.Client("tenant-b"), &err);
  ASSERT_TRUE(conn_b) << err;
  ASSERT_EQ(conn_b->Request("GET", "/api/v1/cases/" + case_b, "", Bearer(token_b)).status, 200);

  // tenant-a's reads: more of them than the pool has threads per core, each waiting on its
  // tenant's slow audit batch. Their connections (TLS handshakes: CPU work on the network
  // threads) are made first; the reads all go out together.
  constexpr int kSlowReaders = 12;
  std::vector<std::unique_ptr<HttpsConnection>> slow_conns;
  for (int i = 0; i < kSlowReaders; ++i) {
    slow_conns.push_back(HttpsConnection::Connect(w.Client("tenant-a"), &err));
    ASSERT_TRUE(slow_conns.back()) << err;
  }
  std::atomic<int> slow_ok{0};
  std::atomic<long long> slow_min_ms{1000000};
  std::vector<std::thread> slow;
  const auto slow_start = Clock::now();
  for (int i = 0; i < kSlowReaders; ++i) {
    slow.emplace_back([&, i] {
      const auto t0 = Clock::now();
      auto r = slow_conns[static_cast<std::size_t>(i)]->Request("GET", "/api/v1/cases/" + case_a,
                                                                "", Bearer(token_a));
      const long long ms = MillisSince(t0);
      if (r.status == 200) ++slow_ok;
      long long seen = slow_min_ms.load();
      while (ms < seen && !slow_min_ms.compare_exchange_weak(seen, ms)) {
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reads are in flight now

  std::vector<long long> health_ms, read_ms;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    const std::string status = OpsGet(w.server().ops_port(), "/healthz");
    health_ms.push_back(MillisSince(t0));
    EXPECT_EQ(status, "HTTP/1.1 200 OK");
    t0 = Clock::now();
    auto r = conn_b->Request("GET", "/api/v1/cases/" + case_b, "", Bearer(token_b));
    read_ms.push_back(MillisSince(t0));
    EXPECT_EQ(r.status, 200) << r.body;
  }
  const long long measured_until = MillisSince(slow_start);
  for (auto& t : slow) t.join();
  std::cout << "healthz ms: " << *std::max_element(health_ms.begin(), health_ms.end())
            << " max; tenant-b read ms: " << *std::max_element(read_ms.begin(), read_ms.end())
            << " max; tenant-a reads: fastest " << slow_min_ms.load() << " ms\n";

  // The measurements fell while tenant-a's reads were waiting: none of them was answered
  // before its 2 s batch commit, and the other requests were done well before that.
  EXPECT_EQ(slow_ok.load(), kSlowReaders);
  EXPECT_GE(slow_min_ms.load(), 1500);
  EXPECT_LT(measured_until, 1500);
  for (std::size_t i = 0; i < health_ms.size(); ++i) {
    EXPECT_LT(health_ms[i], 100) << "healthz #" << i;
    EXPECT_LT(read_ms[i], 100) << "tenant-b read #" << i;
  }
}

}  // namespace
}  // namespace yorisoi::testing
