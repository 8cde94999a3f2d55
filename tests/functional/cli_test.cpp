// The command line contract of interface.md: exit 0 / 2 (usage) / 1 (failure, one line on
// stderr), secrets from standard input only.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// What one query printed on a tenant's database (sqlite3 shell or psql), without the final
// newline. Queries are written in the SQL both backends understand.
std::string Sql(const World& w, const std::string& tenant, const std::string& query) {
  std::string out = w.Sql(tenant, query + ";", /*write=*/true);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A condition as 1 or 0 on both backends (PostgreSQL prints booleans as t/f).
std::string Flag(const std::string& condition) {
  return "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunYorisoi({}).exit_code, 2);
  EXPECT_EQ(RunYorisoi({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunYorisoi({"tenant", "add", "--data", "/nonexistent"}).exit_code, 2)
      << "missing --id/--name";
  EXPECT_EQ(
      RunYorisoi({"user", "add", "--tenant", "t", "--login", "x", "--name", "n", "--role", "root"})
          .exit_code,
      2);
  auto help = RunYorisoi({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* cmd : {"init", "tenant", "unit", "user", "serve", "demo", "dummy"}) {
    EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd;
  }
}

// A PostgreSQL URL that cannot be used is refused before anything is made: a password in it
// (secrets never on the command line), no or a bad platform database name, not a URL.
TEST(Cli, InitRefusesUnusablePostgresUrls) {
  TempDir dir;
  const std::string data = dir.path() + "/d";
  for (const std::string url :
       {"postgresql://yorisoi:Secret-Pw-123@127.0.0.1:5432/yorisoi",
        "postgresql://yorisoi@127.0.0.1:5432/", "postgresql://yorisoi@127.0.0.1:5432/Yorisoi-DB",
        "postgresql://yorisoi@127.0.0.1/a_platform_name_longer_than_thirty", "not a url at all"}) {
    auto r = RunYorisoi({"init", "--data", data, "--postgres", url});
    EXPECT_EQ(r.exit_code, 1) << url;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("--postgres"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Secret-Pw-123"), std::string::npos) << "the password is not echoed";
    EXPECT_FALSE(std::filesystem::exists(data)) << url << ": nothing made";
  }
}

TEST(Cli, FailuresExitOneWithOneLine) {
  TempDir dir;
  const std::string data = dir.path() + "/d";
  auto not_init = RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "区"});
  EXPECT_EQ(not_init.exit_code, 1);
  EXPECT_EQ(Lines(not_init.err), 1) << not_init.err;
  ASSERT_EQ(RunYorisoi({"init", "--data", data, "--hostname", "yorisoi.example.lg.jp"}).exit_code,
            0);
  auto again = RunYorisoi({"init", "--data", data});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(Lines(again.err), 1);
  ASSERT_EQ(
      RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "テスト区"}).exit_code,
      0);
  auto dup = RunYorisoi({"tenant", "add", "--data", data, "--id", "t1", "--name", "テスト区"});
  EXPECT_EQ(dup.exit_code, 1);
  auto bad_id = RunYorisoi({"tenant", "add", "--data", data, "--id", "../etc", "--name", "x"});
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.err.find("id"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(data + "/etc"));
  ASSERT_EQ(RunYorisoi({"unit", "add", "--data", data, "--tenant", "t1", "--id", "c1", "--name",
                        "センター"})
                .exit_code,
            0);
  // The password comes from stdin and is checked against the policy; the error names the field
  // and never echoes the value.
  auto weak = RunYorisoi({"user", "add", "--data", data, "--tenant", "t1", "--login", "worker1",
                          "--name", "職員", "--role", "caseworker", "--unit", "c1"},
                         "short\n");
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_EQ(Lines(weak.err), 1);
  EXPECT_NE(weak.err.find("password"), std::string::npos);
  EXPECT_EQ(weak.err.find("short"), std::string::npos) << "the password must not be echoed";
  auto ok = RunYorisoi({"user", "add", "--data", data, "--tenant", "t1", "--login", "worker1",
                        "--name", "職員", "--role", "caseworker", "--unit", "c1"},
                       "a-long-enough-dummy-password\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("usr_", 0), 0u) << ok.out;
  // Key material is private to the owner.
  const auto perms = std::filesystem::status(data + "/keys/platform.key").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  EXPECT_TRUE(std::filesystem::exists(data + "/tenants/t1/tenant.key.sealed"));
}

TEST(Cli, ServeShutsDownGracefullyOnSigterm) {
  World w;
  w.Start();
  const std::string token = w.Login(w.account("tenant-a", "admin"));
  std::string err;
  auto idle = HttpsConnection::Connect(w.Client(), &err);  // an idle keep-alive connection
  ASSERT_TRUE(idle) << err;
  ASSERT_EQ(idle->Request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status,
            200);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(w.server().Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5))
      << "idle connections must not hold shutdown";
  EXPECT_TRUE(idle->PeerClosed(1000));
}

TEST(Cli, EditingAnAuditRowByHandMakesVerifyFail) {
  World w;
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  for (int i = 0; i < 3; ++i) (void)w.Login(a);
  ASSERT_EQ(w.server().Stop(), 0);
  auto ok = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("audit chain ok"), std::string::npos);
  // Someone with file access rewrites who signed in at entry 3.
  Sql(w, "tenant-a", "UPDATE audit_log SET user_id = 'usr_nobody' WHERE seq = 3");
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("entry 3"), std::string::npos) << broken.err;
  EXPECT_EQ(Lines(broken.err), 1);
  // Deleting a row instead is found as well.
  Sql(w, "tenant-a",
      "DELETE FROM audit_targets WHERE seq = 2; DELETE FROM audit_log WHERE seq = 2");
  auto gap = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(gap.exit_code, 1);
  EXPECT_NE(gap.err.find("entry 3"), std::string::npos) << gap.err;
  // The other tenant's chain is untouched.
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-b"}).exit_code,
            0);
}

// The checkpoint files of a tenant, oldest first.
std::vector<std::string> CheckpointFiles(const World& w, const std::string& tenant) {
  std::vector<std::string> files;
  const std::string folder = w.data() + "/tenants/" + tenant + "/audit-checkpoints";
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; ++it) {
    if (it->path().extension() == ".json") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Issue 20: the newest entries deleted by hand left a valid, shorter chain that `audit verify`
// passed. `serve` anchors the head at start and at shutdown (and daily), `audit checkpoint` on
// demand; verify checks the chain against each and names the checkpoint whose entries are gone.
TEST(Cli, DeletingTheNewestAuditRowsFailsVerifyAgainstTheLastCheckpoint) {
  World w;
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  for (int i = 0; i < 3; ++i) (void)w.Login(a);
  ASSERT_EQ(w.server().Stop(), 0);
  // One at start, one at shutdown, for each tenant.
  EXPECT_EQ(CheckpointFiles(w, "tenant-a").size(), 2u);
  EXPECT_EQ(CheckpointFiles(w, "tenant-b").size(), 2u);
  auto untouched = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  ASSERT_EQ(untouched.exit_code, 0) << untouched.err;
  EXPECT_NE(untouched.out.find("2 checkpoints"), std::string::npos) << untouched.out;

  auto cp = RunYorisoi({"audit", "checkpoint", "--data", w.data(), "--tenant", "tenant-a"});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  const std::string head = Sql(w, "tenant-a", "SELECT max(seq) FROM audit_log");
  const std::string hash = Sql(w, "tenant-a", "SELECT hash FROM audit_log WHERE seq = " + head);
  EXPECT_NE(cp.out.find("seq " + head + " hash " + hash), std::string::npos) << cp.out;
  // The operator's log says so too (ids and hashes only).
  EXPECT_NE(cp.err.find("audit checkpoint: tenant tenant-a seq " + head + " hash " + hash),
            std::string::npos)
      << cp.err;
  const auto files = CheckpointFiles(w, "tenant-a");
  ASSERT_EQ(files.size(), 3u);
  const std::string newest = std::filesystem::path(files.back()).filename().string();
  EXPECT_NE(cp.out.find(newest), std::string::npos) << cp.out;
  const auto body = nlohmann::json::parse(ReadAll(files.back()));
  EXPECT_EQ(body["seq"].get<int64_t>(), std::stoll(head));
  EXPECT_EQ(body["hash"], hash);
  EXPECT_EQ(body["tenant"], "tenant-a");
  ASSERT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);

  // The newest two rows deleted directly in the database: a valid shorter chain, but the last
  // checkpoint saw them.
  const int64_t cut = std::stoll(head) - 1;
  Sql(w, "tenant-a",
      "DELETE FROM audit_targets WHERE seq >= " + std::to_string(cut) +
          "; DELETE FROM audit_log WHERE seq >= " + std::to_string(cut));
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.err.find("entry " + std::to_string(cut) +
                            " (checkpoint_missing_entries) against checkpoint " + newest),
            std::string::npos)
      << broken.err;
  EXPECT_EQ(Lines(broken.err), 1) << broken.err;
  // The other tenant's chain and checkpoints are untouched.
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-b"}).exit_code,
            0);
}

// A checkpoint file with one byte changed (its seq, its hash) is refused, naming the file; put
// back, it verifies again. One tenant's checkpoint under another tenant's folder is refused too.
TEST(Cli, AForgedAuditCheckpointIsRefused) {
  World w;
  w.Start();
  (void)w.Login(w.account("tenant-a", "admin"));
  ASSERT_EQ(w.server().Stop(), 0);
  const auto files = CheckpointFiles(w, "tenant-a");
  ASSERT_FALSE(files.empty());
  const std::string path = files.back();
  const std::string name = std::filesystem::path(path).filename().string();
  const std::string original = ReadAll(path);
  ASSERT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
  for (const std::string field : {"\"seq\": ", "\"hash\": \"", "\"mac\": \""}) {
    std::string forged = original;
    const auto at = forged.find(field);
    ASSERT_NE(at, std::string::npos) << field << " in " << original;
    char& c = forged[at + field.size()];
    c = c == '1' ? '2' : '1';  // one byte changed
    WriteAll(path, forged);
    auto refused = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
    EXPECT_EQ(refused.exit_code, 1) << field;
    EXPECT_NE(refused.err.find("audit checkpoint " + name + " is not authentic"), std::string::npos)
        << refused.err;
    EXPECT_EQ(Lines(refused.err), 1) << refused.err;
  }
  WriteAll(path, original);
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
  // tenant-a's checkpoint copied among tenant-b's.
  const std::string foreign = w.data() + "/tenants/tenant-b/audit-checkpoints/zz-" + name;
  WriteAll(foreign, original);
  auto other = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-b"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("zz-" + name + " is not authentic"), std::string::npos) << other.err;
}

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '|')) fields.push_back(field);
  if (!line.empty() && line.back() == '|') fields.emplace_back();
  return fields;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

// What someone with database access but no key file can do: rewrite entries from `from` on,
// each re-hashed with the published canonical encoding of domain/audit/audit.cpp as plain
// SHA-256 (the chain as it was before keys) and linked to the one before, so that every hash and
// link is consistent again. `edit` changes the first rewritten entry's user_id. Written against
// the columns that existed before the chain was keyed, so it runs on both old and new builds.
void RehashForwardWithoutTheKey(const World& w, const std::string& tenant, int64_t from) {
  const std::string rows =
      Sql(w, tenant,
          "SELECT seq, at, user_id, role, session_id, device_id, address, action, target_kind,"
          " target_ids, result, detail, prev_hash, hash FROM audit_log ORDER BY seq");
  std::istringstream lines(rows);
  std::string line, prev, script;
  while (std::getline(lines, line)) {
    auto f = SplitFields(line);
    ASSERT_EQ(f.size(), 14u) << line;
    const int64_t seq = std::stoll(f[0]);
    if (seq < from) {
      prev = f[13];
      continue;
    }
    if (seq == from) f[2] = "usr_nobody";
    auto put = [](std::string& out, const std::string& v) {
      out += std::to_string(v.size()) + ":" + v + ";";
    };
    std::string enc = "yorisoi-audit-v1;";
    for (int i = 0; i <= 8; ++i) put(enc, f[i]);
    const auto ids = nlohmann::json::parse(f[9]);
    put(enc, std::to_string(ids.size()));
    for (const auto& id : ids) put(enc, id.get<std::string>());
    put(enc, f[10]);
    put(enc, f[11]);
    put(enc, prev);
    const std::string hash = Sha256Hex(enc);
    script += "UPDATE audit_log SET user_id = '" + f[2] + "', prev_hash = '" + prev +
              "', hash = '" + hash + "' WHERE seq = " + f[0] + ";\n";
    prev = hash;
  }
  ASSERT_FALSE(script.empty());
  w.Sql(tenant, script, /*write=*/true);
}

// Issue 13: the chain was plain SHA-256, so a forward re-hash after an edit passed `audit
// verify`. Failed before the chain was keyed (verify said "audit chain ok").
TEST(Cli, AuditVerifyFailsAfterAForwardRehashWithoutTheKey) {
  World w;
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  for (int i = 0; i < 3; ++i) (void)w.Login(a);
  ASSERT_EQ(w.server().Stop(), 0);
  ASSERT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
  const int64_t entries = std::stoll(Sql(w, "tenant-a", "SELECT count(*) FROM audit_log"));
  ASSERT_GE(entries, 4);
  RehashForwardWithoutTheKey(w, "tenant-a", entries - 2);
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.err.find("entry " + std::to_string(entries - 2)), std::string::npos)
      << broken.err;
  EXPECT_EQ(Lines(broken.err), 1);
}

// Issue 13: "who looked at this record" (GET /audit?record=) reads audit_targets, which was
// outside the chain. Failed before verify compared it with each entry's chained target ids.
TEST(Cli, AuditVerifyFailsAfterDeletingAnAuditTargetsRow) {
  World w;
  w.Start();
  const auto& a = w.account("tenant-a", "admin");
  for (int i = 0; i < 2; ++i) (void)w.Login(a);
  ASSERT_EQ(w.server().Stop(), 0);
  ASSERT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
  const std::string seq = Sql(w, "tenant-a", "SELECT max(seq) FROM audit_targets WHERE seq > 1");
  ASSERT_FALSE(seq.empty());
  Sql(w, "tenant-a", "DELETE FROM audit_targets WHERE seq = " + seq);
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.err.find("entry " + seq + " (targets_mismatch)"), std::string::npos)
      << broken.err;
  EXPECT_EQ(Lines(broken.err), 1);
}

// The chain rewritten wholly as a plain one (chain version 1, every keyed entry's mark gone):
// the newest entry is not keyed, so verify fails, and opening the tenant again (serve, any
// command) does not re-key it, since the data folder records the chain as keyed.
TEST(Cli, AuditChainRewrittenAsPlainFailsAndIsNotRekeyed) {
  World w;
  w.Start();
  (void)w.Login(w.account("tenant-a", "admin"));
  ASSERT_EQ(w.server().Stop(), 0);
  Sql(w, "tenant-a", "UPDATE audit_log SET chain = 1");
  RehashForwardWithoutTheKey(w, "tenant-a", 1);
  const std::string count = Sql(w, "tenant-a", "SELECT count(*) FROM audit_log");
  auto broken = RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"});
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.err.find("(unkeyed_tail)"), std::string::npos) << broken.err;
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT count(*) FROM audit_log WHERE action = 'audit.rekey'"), "0");
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT count(*) FROM audit_log"), count);
}

TEST(Cli, DummyAddsFictitiousCasesDeterministically) {
  World w;  // two tenants, each with units "center" and "branch" and staff in "center"
  auto run = [&](const std::string& tenant, const std::string& seed) {
    return RunYorisoi({"dummy", "--data", w.data(), "--tenant", tenant, "--cases", "40", "--seed",
                       seed, "--notes-per-case", "3"});
  };
  auto a = run("tenant-a", "7");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("added 40 cases"), std::string::npos) << a.out;
  EXPECT_EQ(a.err, "") << "no progress bar for a small run off a terminal";

  EXPECT_EQ(Sql(w, "tenant-a", "SELECT count(*), count(DISTINCT number) FROM cases"), "40|40");
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT count(*) FROM notes"), "120");
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT " + Flag("count(*) >= 40") + " FROM consultations"), "1");
  EXPECT_EQ(Sql(w, "tenant-a",
                "SELECT " + Flag("count(*) >= 40") +
                    " FROM people WHERE role IN ('child', "
                    "'expectant_mother')"),
            "1");
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT " + Flag("count(*) >= 40") + " FROM policies"), "1");
  // Every case is given to the unit with staff, and written by that staff.
  EXPECT_EQ(Sql(w, "tenant-a", "SELECT DISTINCT unit_id FROM cases"), "center");
  EXPECT_EQ(Sql(w, "tenant-a",
                "SELECT count(*) FROM notes WHERE author_id NOT IN (SELECT id FROM users)"),
            "0");
  // Searchable: a document for the case, each person and each record.
  EXPECT_EQ(
      Sql(w, "tenant-a",
          "SELECT " + Flag("(SELECT count(*) FROM search_docs) = (SELECT count(*) FROM cases) + "
                           "(SELECT count(*) FROM people) + (SELECT count(*) FROM consultations) + "
                           "(SELECT count(*) FROM notes)")),
      "1");
  // Numbers follow the receiving order within each fiscal year.
  EXPECT_EQ(Sql(w, "tenant-a",
                "SELECT count(*) FROM cases x JOIN cases y ON substr(x.number, 1, 4) = "
                "substr(y.number, 1, 4) AND x.number < y.number AND x.received_at > "
                "y.received_at"),
            "0");
  // One audit entry with the count only, and the chain holds.
  EXPECT_EQ(Sql(w, "tenant-a",
                "SELECT result || ' ' || detail FROM audit_log WHERE action = "
                "'dummy.generate'"),
            "ok cases=40");
  EXPECT_EQ(RunYorisoi({"audit", "verify", "--data", w.data(), "--tenant", "tenant-a"}).exit_code,
            0);
  // No personal data on the terminal.
  const std::string name = Sql(w, "tenant-a", "SELECT name FROM people WHERE name <> '' LIMIT 1");
  ASSERT_FALSE(name.empty());
  EXPECT_EQ(a.out.find(name), std::string::npos);

  // The same seed gives the same content (the other tenant has the same units and roles); another
  // seed gives other content.
  const std::string kTexts =
      std::string("SELECT ") +
      (UsePostgres() ? "string_agg(t, '|' ORDER BY t)" : "group_concat(t, '|')") +
      " FROM (SELECT household AS t FROM cases UNION ALL SELECT name "
      "FROM people UNION ALL SELECT content FROM consultations UNION ALL SELECT body FROM notes "
      "ORDER BY 1) AS texts";
  ASSERT_EQ(run("tenant-b", "7").exit_code, 0);
  EXPECT_EQ(Sql(w, "tenant-a", kTexts), Sql(w, "tenant-b", kTexts));
  ASSERT_EQ(run("tenant-b", "8").exit_code, 0);
  EXPECT_EQ(Sql(w, "tenant-b", "SELECT count(*) FROM cases"), "80");
  EXPECT_NE(Sql(w, "tenant-a", kTexts), Sql(w, "tenant-b", kTexts));
}

TEST(Cli, DummyRefusesBadArguments) {
  World w;
  auto dummy = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"dummy", "--data", w.data()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunYorisoi(args);
  };
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"--tenant", "tenant-a", "--cases", "0"},
           {"--tenant", "tenant-a", "--cases", "-3"},
           {"--tenant", "tenant-a", "--cases", "many"},
           {"--tenant", "tenant-a", "--cases", "10000001"},
           {"--tenant", "tenant-a", "--cases", "5", "--notes-per-case", "-1"},
           {"--tenant", "tenant-a", "--cases", "5", "--seed", "x"},
           {"--tenant", "tenant-a"},
           {"--cases", "5"}}) {
    auto r = dummy(bad);
    EXPECT_EQ(r.exit_code, 2) << bad.back() << ": " << r.err;
    EXPECT_EQ(r.out, "");
  }
  auto zero = dummy({"--tenant", "tenant-a", "--cases", "0"});
  EXPECT_EQ(Lines(zero.err), 1) << zero.err;
  EXPECT_NE(zero.err.find("--cases"), std::string::npos);

  auto unknown = dummy({"--tenant", "no-such-tenant", "--cases", "5"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(Lines(unknown.err), 1) << unknown.err;
  EXPECT_NE(unknown.err.find("tenant"), std::string::npos);

  // A tenant without units (or without staff) cannot be given cases; nothing is written.
  RunOk({"tenant", "add", "--data", w.data(), "--id", "empty-ward", "--name", "空区"});
  auto no_units = dummy({"--tenant", "empty-ward", "--cases", "5"});
  EXPECT_EQ(no_units.exit_code, 1);
  EXPECT_EQ(Lines(no_units.err), 1) << no_units.err;
  EXPECT_NE(no_units.err.find("unit"), std::string::npos) << no_units.err;
  RunOk({"unit", "add", "--data", w.data(), "--tenant", "empty-ward", "--id", "c1", "--name",
         "センター"});
  auto no_staff = dummy({"--tenant", "empty-ward", "--cases", "5"});
  EXPECT_EQ(no_staff.exit_code, 1);
  EXPECT_EQ(Lines(no_staff.err), 1) << no_staff.err;
  EXPECT_EQ(Sql(w, "empty-ward", "SELECT count(*) FROM cases"), "0");
  // None of the refusals names anyone.
  for (const auto* r : {&zero, &unknown, &no_units, &no_staff}) {
    EXPECT_EQ(r->err.find("職員"), std::string::npos) << r->err;
  }
}

}  // namespace
}  // namespace yorisoi::testing
