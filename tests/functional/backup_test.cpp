// `yorisoi backup` / `yorisoi restore` with the real binary beside a running `serve`:
//  1. a backup taken while the server serves, restored after the data folder is wiped, gives back
//     exactly the records (a canonical dump of every table of every database) and the files
//     (config, keys, certificates, tenant files, blobs: SHA-256) of that moment, and later writes
//     are absent; the server then starts and signs in;
//  2. a backup taken while notes are being written restores to a consistent state: the audit
//     chains verify, the restored log is a prefix of the live one, every restored note is live;
//  3. a wrong key, a truncated file, an initialised target and an existing output are refused
//     with one line and exit 1, touching nothing.
// Dummy data only.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kKey = "functional-test-backup-key-0123456789";

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// Standard error of a failed command: progress lines (when it got that far), then exactly one
// line "yorisoi: error: ...", the last.
void ExpectOneErrorLine(const std::string& err) {
  std::vector<std::string> errors;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("yorisoi: ", 0) == 0) errors.push_back(line);
  }
  EXPECT_EQ(errors.size(), 1u) << err;
  const auto last = err.rfind('\n', err.size() >= 2 ? err.size() - 2 : 0);
  EXPECT_EQ(err.compare(last == std::string::npos ? 0 : last + 1, 9, "yorisoi: "), 0)
      << "the error is the last line: " << err;
  EXPECT_EQ(err.back(), '\n');
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// --- A canonical dump, written against "run this SQL on one database, give me its text" ------

// Prints each row of the query's result on one line.
using SqlRunner = std::function<std::string(const std::string& sql)>;

// What differs between SQL dialects for the dump.
struct Dialect {
  std::string tables;                                            // one table name a line
  std::function<std::string(const std::string& table)> columns;  // column names, one a line
  // Every row as one line (its values quoted, so NULL, '' and 'NULL' differ), all rows ordered by
  // that line: i.e. by every column.
  std::function<std::string(const std::string& table, const std::vector<std::string>& columns)>
      rows;
};

Dialect SqliteDialect() {
  Dialect d;
  d.tables =
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name;";
  d.columns = [](const std::string& t) {
    return "SELECT name FROM pragma_table_info('" + t + "') ORDER BY cid;";
  };
  d.rows = [](const std::string& t, const std::vector<std::string>& cols) {
    std::string row = "json_array(";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      row += (i ? ", quote(\"" : "quote(\"") + cols[i] + "\")";
    }
    return "SELECT " + row + ") AS r FROM \"" + t + "\" ORDER BY r;";
  };
  return d;
}
Dialect PostgresDialect() {
  Dialect d;
  d.tables =
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
      " AND table_type = 'BASE TABLE' ORDER BY table_name;";
  d.columns = [](const std::string& t) {
    return "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
           " AND table_name = '" +
           t + "' ORDER BY ordinal_position;";
  };
  d.rows = [](const std::string& t, const std::vector<std::string>& cols) {
    std::string row = "json_build_array(";
    for (std::size_t i = 0; i < cols.size(); ++i) {
      row += (i ? ", quote_nullable(\"" : "quote_nullable(\"") + cols[i] + "\")";
    }
    return "SELECT " + row + ")::text AS r FROM \"" + t + "\" ORDER BY r;";
  };
  return d;
}

using Dump = std::map<std::string, std::vector<std::string>>;  // table → rows

Dump CanonicalDump(const SqlRunner& run, const Dialect& d) {
  Dump dump;
  for (const auto& table : SplitLines(run(d.tables))) {
    const auto cols = SplitLines(run(d.columns(table)));
    EXPECT_FALSE(cols.empty()) << table;
    dump[table] = SplitLines(run(d.rows(table, cols)));
  }
  EXPECT_FALSE(dump.empty());
  return dump;
}

// The sqlite3 shell on one database file, read-only (safe beside the running server: WAL).
SqlRunner SqliteRunner(const std::string& db_file, const std::string& scratch) {
  return [db_file, scratch](const std::string& sql) {
    const std::string script = scratch + "/dump.sql";
    std::ofstream(script) << ".timeout 10000\n" << sql << "\n";
    const std::string cmd = "sqlite3 -bail -readonly '" + db_file + "' < '" + script + "' 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run sqlite3");
    char buf[8192];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd << ": " << out;
    return out;
  };
}

// psql on one database of the test cluster.
SqlRunner PsqlRunner(const std::string& dbname, const std::string& scratch) {
  return [dbname, scratch](const std::string& sql) {
    int status = 0;
    std::string out = RunPsql(dbname, sql, &status, scratch);
    EXPECT_EQ(status, 0) << sql << ": " << out;
    return out;
  };
}

// Every database of the installation: "platform" and "tenant-a", "tenant-b".
std::map<std::string, Dump> DumpInstallation(const World& w, const std::string& scratch) {
  std::map<std::string, Dump> all;
  if (!w.pg_name().empty()) {
    all["platform"] = CanonicalDump(PsqlRunner(w.pg_name(), scratch), PostgresDialect());
    for (const std::string t : {"tenant-a", "tenant-b"}) {
      all[t] = CanonicalDump(PsqlRunner(w.pg_name() + "_" + t, scratch), PostgresDialect());
    }
    return all;
  }
  const std::string& data = w.data();
  all["platform"] = CanonicalDump(SqliteRunner(data + "/platform.db", scratch), SqliteDialect());
  for (const std::string t : {"tenant-a", "tenant-b"}) {
    all[t] = CanonicalDump(SqliteRunner(data + "/tenants/" + t + "/tenant.db", scratch),
                           SqliteDialect());
  }
  return all;
}

// --- Files ----------------------------------------------------------------------------------

std::string Sha256File(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string data = ss.str();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

bool IsLiveDbFile(const std::string& rel) {
  for (const char* suffix : {".db", ".db-wal", ".db-shm", ".db-journal"}) {
    const std::string s = suffix;
    if (rel.size() >= s.size() && rel.compare(rel.size() - s.size(), s.size(), s) == 0) {
      return true;
    }
  }
  return false;
}

// SHA-256 of every file of the data folder but the live databases and the test harness's server
// log (which the server keeps appending to).
std::map<std::string, std::string> FileHashes(const std::string& data) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(data)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = e.path().lexically_relative(data).generic_string();
    if (IsLiveDbFile(rel) || rel == "server-stderr.log") continue;
    out[rel] = Sha256File(e.path());
  }
  return out;
}

// A few random "blobs" in the layout photos will use: blobs/<2 hex>/<hex id>.
std::vector<std::string> PutBlobs(const std::string& data, int n) {
  std::vector<std::string> names;
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  for (int i = 0; i < n; ++i) {
    std::string id(24, '\0');
    urandom.read(id.data(), static_cast<std::streamsize>(id.size()));
    std::string hex;
    for (unsigned char c : id) {
      static const char* kHex = "0123456789abcdef";
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    const fs::path dir = fs::path(data) / "tenants/tenant-a/blobs" / hex.substr(0, 2);
    fs::create_directories(dir);
    std::string content(static_cast<std::size_t>(1000 + i * 40000), '\0');
    urandom.read(content.data(), static_cast<std::streamsize>(content.size()));
    std::ofstream(dir / hex, std::ios::binary) << content;
    names.push_back("tenants/tenant-a/blobs/" + hex.substr(0, 2) + "/" + hex);
  }
  return names;
}

// --- The suite ------------------------------------------------------------------------------

class BackupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    RunOk({"dummy", "--data", world_->data(), "--tenant", "tenant-a", "--cases", "20"});
    PutBlobs(world_->data(), 5);
    world_->Start();
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  static World& w() { return *world_; }
  static std::string Scratch() { return scratch_.path(); }

  static CommandResult Backup(const std::string& out, const std::string& key = kKey) {
    return RunYorisoi({"backup", "--data", w().data(), "--out", out}, key + "\n");
  }
  static CommandResult Restore(const std::string& in, const std::string& data,
                               const std::string& key = kKey) {
    return RunYorisoi({"restore", "--data", data, "--in", in}, key + "\n");
  }

  static std::string Cw() { return w().Login(w().account("tenant-a", "caseworker")); }
  static std::string OpenCase(const std::string& token) {
    auto r = w().Call("POST", "/api/v1/cases",
                      {{"received_on", "2025-07-01T10:30:00+09:00"},
                       {"unit_id", "center"},
                       {"consultation_type", {{"code", "upbringing_parenting"}}},
                       {"referral_route", "family"}},
                      token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", "");
  }
  static bool AddNote(const std::string& token, const std::string& case_id,
                      const std::string& body) {
    auto r = w().Call("POST", "/api/v1/cases/" + case_id + "/notes", {{"body", body}}, token);
    return r.status == 201;
  }
  static void VerifyAudit() {
    for (const std::string t : {"tenant-a", "tenant-b"}) {
      auto v = RunYorisoi({"audit", "verify", "--data", w().data(), "--tenant", t});
      EXPECT_EQ(v.exit_code, 0) << t << ": " << v.err;
    }
  }

  static World* world_;
  static TempDir scratch_;
};
World* BackupTest::world_ = nullptr;
TempDir BackupTest::scratch_;

TEST_F(BackupTest, ARestoreGivesBackExactlyTheRecordsAndFilesOfTheBackup) {
  const std::string token = Cw();
  const std::string case_id = OpenCase(token);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(AddNote(token, case_id, "バックアップ前の記録（架空）"));
  // The search indexer writes the notes' documents just after them: it is a writer too.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::string unindexed;
  while (std::chrono::steady_clock::now() < deadline) {
    unindexed = w().Sql("tenant-a",
                        "SELECT count(*) FROM audit_log WHERE action = 'note.create' AND seq >"
                        " (SELECT indexed_through FROM search_index);");
    if (unindexed == "0\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(unindexed, "0\n") << "the notes are indexed";

  // Taken while the server runs; the writes pause so that the moment is known exactly.
  const std::string out = Scratch() + "/exact.ysb";
  auto backup = Backup(out);
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("backup bak_"), std::string::npos) << backup.out;
  EXPECT_NE(backup.err.find("100%"), std::string::npos) << "progress: " << backup.err;
  EXPECT_GE(Lines(backup.err), 2) << "a line every tenth when stderr is not a terminal";
  EXPECT_EQ(backup.err.find(kKey), std::string::npos);
  const std::string backup_id = backup.out.substr(7, backup.out.find(':') - 7);
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto dump_at_backup = DumpInstallation(w(), Scratch());
  const auto files_at_backup = FileHashes(w().data());
  EXPECT_EQ(files_at_backup.count("config.json"), 1u);
  EXPECT_EQ(files_at_backup.count("keys/platform.key"), 1u);
  EXPECT_EQ(files_at_backup.count("tenants/tenant-a/tenant.key.sealed"), 1u);

  // Afterwards: more notes, another blob. The restore must not have them.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(AddNote(token, case_id, "バックアップ後の記録（架空）"));
  const auto later_blob = PutBlobs(w().data(), 1).front();
  ASSERT_EQ(w().server().Stop(), 0);

  fs::remove_all(w().data());
  w().DropPgDatabases();
  auto restore = Restore(out, w().data());
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("restored " + backup_id), std::string::npos) << restore.out;

  // Files: identical, blob for blob; the later blob is absent.
  const auto files = FileHashes(w().data());
  EXPECT_EQ(files, files_at_backup);
  EXPECT_EQ(files.count(later_blob), 0u);

  // Records: identical, table for table, row for row — plus, in each tenant's log, the one entry
  // that says the data came back from this backup.
  const auto dump = DumpInstallation(w(), Scratch());
  ASSERT_EQ(dump.size(), dump_at_backup.size());
  for (const auto& [db, tables] : dump_at_backup) {
    const Dump& now = dump.at(db);
    ASSERT_EQ(now.size(), tables.size()) << db;
    for (const auto& [table, rows] : tables) {
      const auto& restored = now.at(table);
      std::vector<std::string> added;
      std::vector<std::string> lost;
      std::multiset<std::string> want(rows.begin(), rows.end());
      std::multiset<std::string> got(restored.begin(), restored.end());
      std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                          std::back_inserter(added));
      std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                          std::back_inserter(lost));
      EXPECT_TRUE(lost.empty()) << db << "." << table << " lost " << lost.size() << " rows";
      if (db != "platform" && table == "audit_log") {
        ASSERT_EQ(added.size(), 1u) << db;
        EXPECT_NE(added[0].find("backup.restore"), std::string::npos) << added[0];
        EXPECT_NE(added[0].find(backup_id), std::string::npos) << added[0];
      } else if (db != "platform" && table == "audit_targets") {
        ASSERT_EQ(added.size(), 1u) << db;
        EXPECT_NE(added[0].find(backup_id), std::string::npos) << added[0];
      } else {
        EXPECT_TRUE(added.empty())
            << db << "." << table << " gained " << added.size() << " rows, e.g. " << added.front();
      }
    }
  }
  // The backup recorded itself in each tenant's log, in the backup.
  for (const std::string t : {"tenant-a", "tenant-b"}) {
    const auto& log = dump_at_backup.at(t).at("audit_log");
    EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const std::string& row) {
      return row.find("backup.create") != std::string::npos &&
             row.find(backup_id) != std::string::npos;
    })) << t;
  }
  VerifyAudit();

  // The installation runs again: the same certificates, keys and accounts.
  w().Start();
  const std::string again = Cw();
  ASSERT_FALSE(again.empty());
  auto notes = w().Call("GET", "/api/v1/cases/" + case_id + "/notes", nullptr, again);
  ASSERT_EQ(notes.status, 200) << notes.body;
  EXPECT_EQ(notes.Json()["items"].size(), 3u) << "the notes of before the backup, only";
}

TEST_F(BackupTest, ABackupUnderConcurrentWritesRestoresToAConsistentState) {
  const std::string token = Cw();
  const std::string case_id = OpenCase(token);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      if (AddNote(token, case_id, "同時書き込み中の記録（架空）")) ++written;
    }
  });
  while (written < 3) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int before = written.load();
  const std::string out = Scratch() + "/busy.ysb";
  auto backup = Backup(out);
  const int after = written.load();
  stop = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  const std::string backup_id = backup.out.substr(7, backup.out.find(':') - 7);
  EXPECT_GT(after, before) << "notes were written while the backup ran";
  ASSERT_EQ(w().server().Stop(), 0);
  const auto live = DumpInstallation(w(), Scratch());

  fs::remove_all(w().data());
  w().DropPgDatabases();
  auto restore = Restore(out, w().data());
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  VerifyAudit();
  const auto restored = DumpInstallation(w(), Scratch());
  for (const std::string t : {"tenant-a", "tenant-b"}) {
    // The restored chain (but its restore entry, the last) is the start of the live one.
    auto log = restored.at(t).at("audit_log");
    const auto& live_log = live.at(t).at("audit_log");
    const auto restore_entry = std::find_if(log.begin(), log.end(), [&](const std::string& row) {
      return row.find("backup.restore") != std::string::npos &&
             row.find(backup_id) != std::string::npos;
    });
    ASSERT_NE(restore_entry, log.end()) << t;
    log.erase(restore_entry);
    // Rows are ordered by their text, and the seq comes first: compare as sets.
    const std::set<std::string> live_set(live_log.begin(), live_log.end());
    for (const auto& row : log) EXPECT_EQ(live_set.count(row), 1u) << t << ": " << row;
    EXPECT_LE(log.size(), live_log.size());
    // Every restored record is a live record.
    for (const char* table : {"cases", "notes", "search_docs"}) {
      const auto& live_rows = live.at(t).at(table);
      const std::set<std::string> live_rows_set(live_rows.begin(), live_rows.end());
      for (const auto& row : restored.at(t).at(table)) {
        EXPECT_EQ(live_rows_set.count(row), 1u) << t << "." << table;
      }
    }
  }
  // A note and its audit entry commit together: each restored note of this test has its
  // note.create entry in the restored log, and each such entry its note.
  const auto note_ids = [&](const std::vector<std::string>& rows, const std::string& must) {
    std::set<std::string> ids;
    static const std::regex kId("not_[0-9a-f]{24}");
    for (const auto& row : rows) {
      if (row.find(case_id) == std::string::npos || row.find(must) == std::string::npos) continue;
      std::smatch m;
      if (std::regex_search(row, m, kId)) ids.insert(m.str());
    }
    return ids;
  };
  const auto restored_notes = note_ids(restored.at("tenant-a").at("notes"), "");
  EXPECT_EQ(restored_notes, note_ids(restored.at("tenant-a").at("audit_log"), "note.create"));
  EXPECT_FALSE(restored_notes.empty());
  // Notes of this test: some made it (written before the backup), not necessarily all.
  const auto count_notes = [&](const std::map<std::string, Dump>& d) {
    const auto& rows = d.at("tenant-a").at("notes");
    return std::count_if(rows.begin(), rows.end(), [&](const std::string& row) {
      return row.find(case_id) != std::string::npos;
    });
  };
  EXPECT_GE(count_notes(restored), before);
  EXPECT_LE(count_notes(restored), count_notes(live));
  if (UsePostgres()) {
    EXPECT_EQ(w().Sql("tenant-a",
                      "SELECT count(*) FROM notes WHERE case_id NOT IN (SELECT id FROM cases);"),
              "0\n");
  } else {
    EXPECT_EQ(w().Sql("tenant-a", "PRAGMA integrity_check;"), "ok\n");
  }

  w().Start();
  EXPECT_FALSE(Cw().empty());
}

TEST_F(BackupTest, WrongKeyTruncationAnInitialisedTargetAndAnExistingOutputAreRefused) {
  const std::string out = Scratch() + "/refusals.ysb";
  ASSERT_EQ(Backup(out).exit_code, 0);
  const auto expect_one_line_failure = [](const CommandResult& r, const std::string& words) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    ExpectOneErrorLine(r.err);
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  };
  const auto listing = [](const std::string& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
  };

  // Into the live, initialised data folder: refused, nothing changed.
  const auto files = FileHashes(w().data());
  expect_one_line_failure(Restore(out, w().data()), "not empty");
  EXPECT_EQ(FileHashes(w().data()), files);

  // A wrong key: nothing made, no staging folder left.
  const std::string target = Scratch() + "/restored";
  const auto scratch_before = listing(Scratch());
  expect_one_line_failure(Restore(out, target, "a-wrong-backup-key-0123456789"),
                          "wrong backup key");
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(listing(Scratch()), scratch_before);

  // Truncated: found, nothing made.
  const std::string cut = Scratch() + "/cut.ysb";
  fs::copy_file(out, cut);
  fs::resize_file(cut, fs::file_size(out) - 1000);
  const auto with_cut = listing(Scratch());
  expect_one_line_failure(Restore(cut, target), "truncated");
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(listing(Scratch()), with_cut);

  // One changed byte in the middle.
  std::string bytes;
  {
    std::ifstream in(out, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x04);
  const std::string flipped = Scratch() + "/flipped.ysb";
  std::ofstream(flipped, std::ios::binary) << bytes;
  expect_one_line_failure(Restore(flipped, target), "damaged");
  EXPECT_FALSE(fs::exists(target));

  // The output exists: refused, untouched.
  const std::string hash = Sha256File(out);
  expect_one_line_failure(Backup(out), "exists");
  EXPECT_EQ(Sha256File(out), hash);

  // The key: from standard input, long enough; usage errors exit 2.
  expect_one_line_failure(Backup(Scratch() + "/weak.ysb", "too-short"), "20 characters");
  expect_one_line_failure(Backup(Scratch() + "/none.ysb", ""), "standard input");
  EXPECT_FALSE(fs::exists(Scratch() + "/weak.ysb"));
  EXPECT_EQ(RunYorisoi({"backup", "--data", w().data()}, kKey + "\n").exit_code, 2);
  EXPECT_EQ(RunYorisoi({"restore", "--data", target}, kKey + "\n").exit_code, 2);
  auto help = RunYorisoi({"--help"});
  EXPECT_NE(help.out.find("backup"), std::string::npos);
  EXPECT_NE(help.out.find("restore"), std::string::npos);

  // And the good key still restores it, into an empty folder.
  fs::create_directories(target);
  if (UsePostgres()) {
    // The backup's databases are live: a restore never writes into an existing database, and
    // leaves the folder as it was. Once they are dropped, it goes through.
    expect_one_line_failure(Restore(out, target), "exists");
    EXPECT_TRUE(fs::is_empty(target));
    ASSERT_EQ(w().server().Stop(), 0);
    w().DropPgDatabases();
  }
  auto ok = Restore(out, target);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(target + "/config.json"));
}

}  // namespace
}  // namespace yorisoi::testing
