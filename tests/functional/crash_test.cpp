// kill -9 of `yorisoi serve` in the middle of a mixed read/write load, 20 times over, loses no
// write that was acknowledged and answered no case view before its audit entry was durable.
// Writer threads create cases and progress notes as fast as they can through the API and keep
// the id of every 201 answer; reader threads view (GET /api/v1/cases/{id}) cases already
// acknowledged and count, per case, the views whose 200 answer they read in full. After a random
// 100–400 ms the server is killed with SIGKILL and a new one is started on the same data folder
// (new ports, which the clients follow). At the end every acknowledged id must be readable through
// the API and be a row of the tenant's database, every case must have at least as many `case.read`
// audit entries by the test user as views of it were answered, and the audit hash chain must
// verify. Runs on SQLite and PostgreSQL.
//
// How this fails when durability breaks: an acknowledged write is one whose 201 answer (with its
// id) the client read completely. If the server answered before the write was committed — a
// group commit that lets Commit() return before the shared transaction is committed, an answer
// sent before the transaction, a write kept in memory — some kill lands between the answer and
// the commit in 20 rounds (several hundred writes in all): the id is then missing after the
// restart, GET answers 404, the SQL id set lacks it, and `lost` is non-zero. The checker itself
// is exercised below with ids that were never written (it must call exactly those lost). Tried
// once, locally and not kept: deleting the tenant's SQLite WAL after the last kill (a stand-in
// for acknowledged writes that never reached the database) made this test fail with 22 of 585
// acknowledged ids lost — while `audit verify` still passed, a truncated chain being a valid
// shorter chain (docs/architecture.md), which is why the ids are checked one by one.
// The views fail the same way: a view's audit entry is written by the tenant's audit writer in a
// batch of its own (domain/audit_writer.hpp), and the answer must wait for that batch's commit.
// An answer sent before it (the HTTP API not waiting for DeferredAudit::OnDurable, a writer that
// calls back before its commit) leaves, at some kill, an answered view with no entry: its case
// then has fewer entries than answered views. The checker is exercised with a forged extra view.
// Tried once, locally and not kept: the API sending the answer before OnDurable (the audit
// writer unchanged) made this test fail on SQLite with 55 of 132 viewed cases short of entries
// (1407 views answered, 1247 entries) — `audit verify` passed there too.
// SIGKILL kills the process, not the machine: data in the OS page cache survives it, so this
// test cannot see a missing fsync (SQLite synchronous=FULL guards power loss, which no test
// here can cause); it sees every write acknowledged before it reached the database.
// Dummy data only.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 20;
constexpr int kThreads = 4;  // writers (and the threads that read everything back at the end)
constexpr int kReaders = 2;
constexpr int kNotesPerCase = 3;

long long MillisSince(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

std::set<std::string> Lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

json CaseBody(int n) {
  return {{"received_on", "2025-07-01T10:30:00+09:00"},
          {"unit_id", "center"},
          {"consultation_type", {{"code", "upbringing_parenting"}}},
          {"referral_route", "family"},
          {"household", "負荷試験の世帯" + std::to_string(n) + "（架空）"}};
}

// What the clients got acknowledged (a 2xx answer read in full, with the new record's id).
struct Acknowledged {
  std::vector<std::string> cases;
  std::vector<std::pair<std::string, std::string>> notes;  // case id, note id
};

// Case id → number of views of it answered 200 (with that case) and read in full.
using AnsweredViews = std::map<std::string, long long>;

// The load: kThreads writers, each on a keep-alive connection to the current server, opening a
// case and writing kNotesPerCase notes on it, over and over, and kReaders readers, each on its
// own connection, viewing an acknowledged case picked at random, over and over. A request
// without a complete answer (the server was killed) or with an unexpected status is not
// acknowledged (a write) or not counted as answered (a view).
class Load {
 public:
  Load(ClientOptions base, std::string token) : base_(std::move(base)), token_(std::move(token)) {}
  ~Load() { Stop(); }

  void SetPort(uint16_t port) { port_ = port; }
  void Start() {
    for (int i = 0; i < kThreads; ++i) threads_.emplace_back([this, i] { Write(i); });
    for (int i = 0; i < kReaders; ++i) threads_.emplace_back([this, i] { Read(i); });
  }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  long long acked() const { return acked_; }
  long long unanswered() const { return unanswered_; }
  long long viewed() const { return viewed_; }
  long long unanswered_views() const { return unanswered_views_; }
  Acknowledged Result() {
    std::lock_guard lock(mu_);
    return ack_;
  }
  AnsweredViews Views() {
    std::lock_guard lock(mu_);
    return views_;
  }
  std::map<std::string, long long> other_statuses() {
    std::lock_guard lock(mu_);
    return statuses_;
  }
  std::vector<std::string> odd_answers() {
    std::lock_guard lock(mu_);
    return odd_;
  }

 private:
  // One request on the thread's connection; the answer, or nullopt when none came in full
  // (*sent tells whether the request went out at all: no server, no connection, no request).
  std::optional<HttpResponse> Send(std::unique_ptr<HttpsConnection>& conn, uint16_t& conn_port,
                                   const std::string& method, const std::string& target,
                                   const std::string& body, bool* sent) {
    *sent = false;
    const uint16_t port = port_;
    if (port == 0) return std::nullopt;
    if (!conn || conn_port != port) {
      ClientOptions o = base_;
      o.port = port;
      std::string err;
      conn = HttpsConnection::Connect(o, &err);
      conn_port = port;
      if (!conn) return std::nullopt;
    }
    *sent = true;
    try {
      std::vector<std::pair<std::string, std::string>> headers = {
          {"Authorization", "Bearer " + token_}};
      if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
      return conn->Request(method, target, body, headers);
    } catch (const std::exception&) {
      conn.reset();
      return std::nullopt;
    }
  }

  void Write(int thread) {
    std::unique_ptr<HttpsConnection> conn;
    uint16_t conn_port = 0;
    int n = 0;
    while (!stop_) {
      // A case ...
      bool sent = false;
      const auto created = Send(conn, conn_port, "POST", "/api/v1/cases",
                                CaseBody(thread * 1000000 + n).dump(), &sent);
      if (!Count(created, sent)) {
        if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      const std::string case_id = created->Json().value("id", "");
      {
        std::lock_guard lock(mu_);
        ack_.cases.push_back(case_id);
      }
      // ... and its notes.
      for (int k = 0; k < kNotesPerCase && !stop_; ++k) {
        const auto note =
            Send(conn, conn_port, "POST", "/api/v1/cases/" + case_id + "/notes",
                 json{{"body", "負荷試験の経過記録 " + std::to_string(thread) + "-" +
                                   std::to_string(n) + "-" + std::to_string(k) + "（架空）"}}
                     .dump(),
                 &sent);
        if (!Count(note, sent)) break;  // a new case on the next server
        std::lock_guard lock(mu_);
        ack_.notes.emplace_back(case_id, note->Json().value("id", ""));
      }
      ++n;
    }
  }

  void Read(int reader) {
    std::unique_ptr<HttpsConnection> conn;
    uint16_t conn_port = 0;
    std::mt19937 rng(std::random_device{}() + reader);
    while (!stop_) {
      std::string case_id;
      {
        std::lock_guard lock(mu_);
        if (!ack_.cases.empty()) {
          case_id =
              ack_.cases[std::uniform_int_distribution<std::size_t>(0, ack_.cases.size() - 1)(rng)];
        }
      }
      bool sent = false;
      const auto view = case_id.empty()
                            ? std::nullopt
                            : Send(conn, conn_port, "GET", "/api/v1/cases/" + case_id, "", &sent);
      if (!view) {
        if (sent) ++unanswered_views_;
        if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      if (view->status == 200 && view->Json().value("id", "") == case_id) {
        ++viewed_;
        std::lock_guard lock(mu_);
        ++views_[case_id];
        continue;
      }
      Odd("view", *view);
    }
  }

  // True for an acknowledged (201 with an id) answer; counts the others.
  bool Count(const std::optional<HttpResponse>& r, bool sent) {
    if (!r) {
      if (sent) ++unanswered_;
      return false;
    }
    if (r->status == 201 && !r->Json().value("id", "").empty()) {
      ++acked_;
      return true;
    }
    Odd("write", *r);
    return false;
  }

  // An answer neither acknowledged nor counted as a view: reported by the test.
  void Odd(const std::string& kind, const HttpResponse& r) {
    std::lock_guard lock(mu_);
    ++statuses_[kind + " answered " + std::to_string(r.status)];
    if (odd_.size() < 10) odd_.push_back(kind + " " + std::to_string(r.status) + " " + r.body);
  }

  const ClientOptions base_;
  const std::string token_;
  std::atomic<uint16_t> port_{0};
  std::atomic<bool> stop_{false};
  std::atomic<long long> acked_{0};
  std::atomic<long long> unanswered_{0};
  std::atomic<long long> viewed_{0};
  std::atomic<long long> unanswered_views_{0};
  std::mutex mu_;
  Acknowledged ack_;
  AnsweredViews views_;
  std::map<std::string, long long> statuses_;
  std::vector<std::string> odd_;
  std::vector<std::thread> threads_;
};

// Every acknowledged id that cannot be read back through the API (a case that does not answer
// 200, a note missing from its case's note list). Reads in kThreads threads.
std::vector<std::string> LostThroughTheApi(const World& w, const std::string& token,
                                           const Acknowledged& ack) {
  std::map<std::string, std::vector<std::string>> notes_by_case;
  for (const auto& c : ack.cases) notes_by_case[c];
  for (const auto& [c, note] : ack.notes) notes_by_case[c].push_back(note);
  std::vector<std::string> case_ids;
  for (const auto& [c, notes] : notes_by_case) case_ids.push_back(c);

  std::mutex mu;
  std::vector<std::string> lost;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    std::string err;
    auto conn = HttpsConnection::Connect(w.Client("tenant-a"), &err);
    const std::vector<std::pair<std::string, std::string>> auth = {
        {"Authorization", "Bearer " + token}};
    for (std::size_t i = next++; i < case_ids.size(); i = next++) {
      const std::string& id = case_ids[i];
      std::vector<std::string> missing;
      try {
        if (!conn) conn = HttpsConnection::Connect(w.Client("tenant-a"), &err);
        if (!conn) throw std::runtime_error(err);
        const bool acked_case =
            std::find(ack.cases.begin(), ack.cases.end(), id) != ack.cases.end();
        auto view = conn->Request("GET", "/api/v1/cases/" + id, "", auth);
        if (acked_case && (view.status != 200 || view.Json().value("id", "") != id)) {
          missing.push_back("case " + id + " (GET: " + std::to_string(view.status) + ")");
        }
        std::set<std::string> listed;
        std::string after;
        for (int page = 0; page < 100; ++page) {
          auto r = conn->Request(
              "GET",
              "/api/v1/cases/" + id + "/notes?limit=200" + (after.empty() ? "" : "&after=" + after),
              "", auth);
          if (r.status != 200) break;
          const json body = r.Json();
          for (const auto& item : body["items"]) listed.insert(item.value("id", ""));
          if (!body.contains("next") || body["next"].is_null()) break;
          after = body["next"].get<std::string>();
        }
        for (const auto& note : notes_by_case.at(id)) {
          if (!listed.count(note)) missing.push_back("note " + note + " of case " + id);
        }
      } catch (const std::exception& e) {
        missing.push_back("case " + id + " (no answer: " + e.what() + ")");
        conn.reset();
      }
      if (!missing.empty()) {
        std::lock_guard lock(mu);
        lost.insert(lost.end(), missing.begin(), missing.end());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  std::sort(lost.begin(), lost.end());
  return lost;
}

// Every acknowledged id that is not a row of the tenant's database.
std::vector<std::string> LostInTheDatabase(const World& w, const Acknowledged& ack) {
  const auto cases = Lines(w.Sql("tenant-a", "SELECT id FROM cases;"));
  const auto notes = Lines(w.Sql("tenant-a", "SELECT id FROM notes;"));
  std::vector<std::string> lost;
  for (const auto& c : ack.cases) {
    if (!cases.count(c)) lost.push_back("case " + c);
  }
  for (const auto& [c, n] : ack.notes) {
    if (!notes.count(n)) lost.push_back("note " + n);
  }
  std::sort(lost.begin(), lost.end());
  return lost;
}

long long CountRows(const World& w, const std::string& table) {
  const std::string out = w.Sql("tenant-a", "SELECT count(*) FROM " + table + ";");
  return std::stoll(out.empty() ? "-1" : out);
}

// Case id → number of `case.read` audit entries (result ok) by the user that name the case: one
// per view the server let through (audit_targets holds one row per entry and named id).
AnsweredViews ReadEntriesByCase(const World& w, const std::string& user_id) {
  const std::string out =
      w.Sql("tenant-a",
            "SELECT t.target_id, count(*) FROM audit_log a JOIN audit_targets t ON t.seq = a.seq"
            " WHERE a.action = 'case.read' AND a.result = 'ok' AND a.user_id = '" +
                user_id + "' AND t.target_id LIKE 'cas%' GROUP BY t.target_id;");
  AnsweredViews entries;
  for (const auto& line : Lines(out)) {
    const auto bar = line.find('|');
    if (bar == std::string::npos) throw std::runtime_error("unexpected SQL output: " + line);
    entries[line.substr(0, bar)] = std::stoll(line.substr(bar + 1));
  }
  return entries;
}

// Every case with fewer read entries than answered views: a view answered before its entry was
// durable (the kill took the entry, the client had the data).
std::vector<std::string> ViewsWithoutTheirEntry(const AnsweredViews& answered,
                                                const AnsweredViews& entries) {
  std::vector<std::string> missing;
  for (const auto& [id, views] : answered) {
    const auto it = entries.find(id);
    const long long logged = it == entries.end() ? 0 : it->second;
    if (logged < views) {
      missing.push_back("case " + id + ": " + std::to_string(views) + " view(s) answered, " +
                        std::to_string(logged) + " read entries");
    }
  }
  return missing;
}

// A client that writes to a server killed under it gets an error from Request(), not SIGPIPE:
// the load above does just that at every kill, and SIGPIPE (default action: terminate) killed this
// whole test binary under load, leaving its temporary folder and servers behind. Fails before the
// support library's client wrote with MSG_NOSIGNAL: the binary dies in the loop below.
TEST(CrashTest, AClientWritingToAKilledServerGetsAnErrorNotSigpipe) {
  ASSERT_EQ(std::signal(SIGPIPE, SIG_DFL), SIG_DFL) << "SIGPIPE must have its default action here";
  std::filesystem::path folder;
  {
    World w;
    w.Start();
    folder = std::filesystem::path(w.data()).parent_path();
    const std::string token = w.Login(w.account("tenant-a", "caseworker"));
    std::string err;
    auto conn = HttpsConnection::Connect(w.Client("tenant-a"), &err);
    ASSERT_TRUE(conn) << err;
    const std::vector<std::pair<std::string, std::string>> auth = {
        {"Authorization", "Bearer " + token}};
    ASSERT_EQ(conn->Request("GET", "/api/v1/me", "", auth).status, 200);
    ASSERT_EQ(::kill(w.server().pid(), SIGKILL), 0);
    // The first write after the kill may still be taken by the kernel (the peer answers it with a
    // reset); the ones after it fail with EPIPE, which is where SIGPIPE came from.
    int failures = 0;
    for (int i = 0; i < 20; ++i) {
      try {
        conn->Request("POST", "/api/v1/cases", CaseBody(i).dump(), auth);
        ADD_FAILURE() << "request " << i << " answered by a killed server";
      } catch (const std::exception&) {
        ++failures;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(failures, 20);
    ASSERT_TRUE(std::filesystem::exists(folder));
  }
  // The installation's temporary folder goes with the World, killed server and all.
  EXPECT_FALSE(std::filesystem::exists(folder)) << folder << " was left behind";
}

TEST(CrashTest, KillNineInAMixedLoadLosesNoAcknowledgedWriteAndAnswersNoViewBeforeItsAudit) {
  const auto t_start = Clock::now();
  World w;
  w.Start();
  const Account& user = w.account("tenant-a", "caseworker");
  ASSERT_FALSE(user.id.empty());
  const std::string token = w.Login(user);
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(CountRows(w, "cases"), 0);

  Load load(w.Client("tenant-a"), token);
  load.SetPort(w.server().https_port());
  load.Start();
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(100, 400);
  long long restart_ms_max = 0;
  std::ostringstream per_round;
  for (int round = 1; round <= kRounds; ++round) {
    const auto up = Clock::now();
    const long long acked_before = load.acked();
    const long long viewed_before = load.viewed();
    // The load runs on this server (its first write acknowledged, its first view answered), then
    // the server dies at a random moment 100–400 ms later, with writes and views in flight.
    while ((load.acked() == acked_before || load.viewed() == viewed_before) &&
           MillisSince(up) < 10000) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_GT(load.acked(), acked_before) << "round " << round << ": no write acknowledged in 10 s"
                                          << "; server log:\n"
                                          << w.server().Log();
    ASSERT_GT(load.viewed(), viewed_before) << "round " << round << ": no view answered in 10 s"
                                            << "; server log:\n"
                                            << w.server().Log();
    const auto loaded = Clock::now();
    const int wait = delay_ms(rng);
    while (MillisSince(loaded) < wait) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const long long unanswered_before = load.unanswered();
    const long long unanswered_views_before = load.unanswered_views();
    ASSERT_EQ(::kill(w.server().pid(), SIGKILL), 0);
    load.SetPort(0);  // the clients fail on their own; new connections wait for the new port
    // The final server gets no more load: the writes in flight at this kill end unanswered.
    if (round == kRounds) load.Stop();
    const auto t_restart = Clock::now();
    w.Start();  // a new server on the same data folder, new ports (the dead one is reaped)
    restart_ms_max = std::max(restart_ms_max, MillisSince(t_restart));
    // Acknowledged by this server / in flight when it was killed; the same for views.
    per_round << " " << (load.acked() - acked_before) << "/"
              << (load.unanswered() - unanswered_before) << "+" << (load.viewed() - viewed_before)
              << "/" << (load.unanswered_views() - unanswered_views_before);
    if (round < kRounds) load.SetPort(w.server().https_port());
  }
  load.Stop();
  const Acknowledged ack = load.Result();
  const AnsweredViews views = load.Views();
  // Before anything below views a case (and adds entries of its own).
  const AnsweredViews read_entries = ReadEntriesByCase(w, user.id);
  const long long load_s = MillisSince(t_start) / 1000;

  // No 5xx or other refusal is expected from a live server; report whatever came.
  long long odd_views = 0;
  for (const auto& [status, count] : load.other_statuses()) {
    ADD_FAILURE() << count << " " << status << " (not acknowledged or counted)";
    if (status.rfind("view", 0) == 0) odd_views += count;
  }
  for (const auto& odd : load.odd_answers()) std::cout << "# odd answer: " << odd << std::endl;

  ASSERT_GT(ack.cases.size(), static_cast<std::size_t>(kRounds));
  // The checker calls lost exactly the ids that were never written (its own test).
  {
    Acknowledged forged;
    forged.cases = {ack.cases.front(), "cas_never_written_by_anyone"};
    forged.notes = {{ack.cases.front(), "not_never_written_by_anyone"}};
    if (!ack.notes.empty()) forged.notes.push_back(ack.notes.front());
    EXPECT_EQ(LostThroughTheApi(w, token, forged),
              (std::vector<std::string>{
                  "case cas_never_written_by_anyone (GET: 404)",
                  "note not_never_written_by_anyone of case " + ack.cases.front()}));
    EXPECT_EQ(LostInTheDatabase(w, forged),
              (std::vector<std::string>{"case cas_never_written_by_anyone",
                                        "note not_never_written_by_anyone"}));
  }

  // Every answered view has its audit entry. The checker calls missing a view forged on top of
  // the answered ones (its own test) ...
  ASSERT_FALSE(views.empty());
  {
    AnsweredViews forged = views;
    const std::string& viewed_case = views.begin()->first;
    forged[viewed_case] = read_entries.count(viewed_case) ? read_entries.at(viewed_case) + 1 : 1;
    forged["cas_never_viewed_by_anyone"] = 1;
    const auto reported = ViewsWithoutTheirEntry(forged, read_entries);
    EXPECT_EQ(
        std::set<std::string>(reported.begin(), reported.end()),
        (std::set<std::string>{
            "case " + viewed_case + ": " + std::to_string(forged[viewed_case]) +
                " view(s) answered, " + std::to_string(forged[viewed_case] - 1) + " read entries",
            "case cas_never_viewed_by_anyone: 1 view(s) answered, 0 read entries"}));
  }
  // ... and the SQL behind it counts entries of the load's views only: no more than the views
  // that were answered, refused, or left unanswered by a kill (one entry per view at most).
  long long answered_views = 0;
  long long entries_total = 0;
  for (const auto& [id, n] : views) answered_views += n;
  for (const auto& [id, n] : read_entries) entries_total += n;
  EXPECT_EQ(answered_views, load.viewed());
  EXPECT_LE(entries_total, answered_views + load.unanswered_views() + odd_views);
  const auto views_missing = ViewsWithoutTheirEntry(views, read_entries);
  EXPECT_TRUE(views_missing.empty())
      << views_missing.size() << " case(s) answered more views than their audit entries,"
      << " first: " << views_missing.front();

  // Every acknowledged write is there, through the API and in the database.
  const auto lost_api = LostThroughTheApi(w, token, ack);
  const auto lost_db = LostInTheDatabase(w, ack);
  EXPECT_TRUE(lost_api.empty()) << lost_api.size()
                                << " acknowledged write(s) unreadable, first: " << lost_api.front();
  EXPECT_TRUE(lost_db.empty()) << lost_db.size() << " acknowledged write(s) not in the database,"
                               << " first: " << lost_db.front();
  const long long case_rows = CountRows(w, "cases");
  const long long note_rows = CountRows(w, "notes");
  EXPECT_GE(case_rows, static_cast<long long>(ack.cases.size()));
  EXPECT_GE(note_rows, static_cast<long long>(ack.notes.size()));
  // Ids are unique: no acknowledged id twice (a retried or duplicated answer).
  EXPECT_EQ(std::set<std::string>(ack.cases.begin(), ack.cases.end()).size(), ack.cases.size());
  std::set<std::string> note_ids;
  for (const auto& [c, n] : ack.notes) note_ids.insert(n);
  EXPECT_EQ(note_ids.size(), ack.notes.size());

  // The server shuts down cleanly after 20 kills, and the audit hash chain holds.
  EXPECT_EQ(w.server().Stop(), 0);
  auto verify = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // Every write that landed has its audit entry and no entry outlived its write: they commit
  // or vanish together.
  EXPECT_EQ(
      std::stoll(w.Sql("tenant-a", "SELECT count(*) FROM audit_log WHERE action = 'case.create';")),
      case_rows);
  EXPECT_EQ(
      std::stoll(w.Sql("tenant-a", "SELECT count(*) FROM audit_log WHERE action = 'note.create';")),
      note_rows);

  std::cout << "# backend " << (UsePostgres() ? "postgres" : "sqlite") << ": " << kRounds
            << " rounds of kill -9, " << kThreads << " writer and " << kReaders
            << " reader threads, " << ack.cases.size() + ack.notes.size()
            << " writes acknowledged (" << ack.cases.size() << " cases, " << ack.notes.size()
            << " notes), " << load.unanswered()
            << " requests sent but left unanswered by the kills, lost: " << lost_api.size()
            << " (API) / " << lost_db.size() << " (database); rows present: " << case_rows
            << " cases, " << note_rows << " notes; unacknowledged but present: "
            << (case_rows - static_cast<long long>(ack.cases.size())) << " cases, "
            << (note_rows - static_cast<long long>(ack.notes.size()))
            << " notes; views answered: " << answered_views << " of " << views.size()
            << " cases, unanswered by the kills: " << load.unanswered_views()
            << ", read entries: " << entries_total
            << ", views without their entry: " << views_missing.size()
            << "; acknowledged/in flight at the kill + views answered/in flight, per round:"
            << per_round.str() << "; slowest restart: " << restart_ms_max
            << " ms; set-up and rounds " << load_s
            << " s; audit verify: " << (verify.exit_code == 0 ? "ok" : "BROKEN") << std::endl;
  std::cout << "# audit verify said: " << verify.out << verify.err << std::endl;
}

}  // namespace
}  // namespace yorisoi::testing
