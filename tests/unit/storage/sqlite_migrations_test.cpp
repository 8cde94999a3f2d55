// Migrations that rewrite data, tested on a database left at the version before them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "crypto/random.hpp"
#include "storage/sqlite/migrations.hpp"
#include "test_support.hpp"

namespace yorisoi::storage::sqlite {
namespace {

using testing_support::IsOk;

class SqliteMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("yorisoi-mig-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir_);
    auto conn = Connection::Open((dir_ / "tenant.db").string(), Connection::Mode::kCreate);
    ASSERT_TRUE(IsOk(conn));
    conn_ = std::move(*conn);
  }
  void TearDown() override {
    conn_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<int64_t> Ints(const char* sql) {
    auto st = conn_->Prepare(sql);
    EXPECT_TRUE(IsOk(st));
    if (!st.ok()) return {};
    auto rows = st->Collect([](const Statement& s) { return s.Int(0); });
    EXPECT_TRUE(IsOk(rows));
    return rows.ok() ? *rows : std::vector<int64_t>{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<Connection> conn_;
};

// Version 5 numbers search documents by case (rowid = search_key << 20 | n) and rebuilds the
// full-text index: documents written under version 4 must stay findable, under their case.
TEST_F(SqliteMigrationTest, Version5RenumbersSearchDocumentsByCaseAndKeepsThemFindable) {
  const auto& all = TenantMigrations();
  std::vector<Migration> up_to_4;
  for (const auto& m : all) {
    if (m.version <= 4) up_to_4.push_back(m);
  }
  ASSERT_EQ(up_to_4.size(), 4u);
  ASSERT_TRUE(IsOk(Migrate(*conn_, up_to_4)));
  ASSERT_TRUE(IsOk(conn_->ExecScript(R"sql(
    INSERT INTO units(id, name, created_at) VALUES ('center', 'センター', 0);
    INSERT INTO cases(id, number, received_at, unit_id, status, consultation_type, abuse_types,
      witnessed_dv, referral_route, yotaikyo_class, household, created_at, updated_at, version)
      VALUES ('cas_a', 'n1', 1, 'center', 'received', 'abuse', '[]', 0, '', '', '', 1, 1, 1),
             ('cas_b', 'n2', 2, 'center', 'received', 'abuse', '[]', 0, '', '', '', 2, 2, 1);
    INSERT INTO search_docs(ref_id, case_id, text) VALUES
      ('per_1', 'cas_b', 'やまだはなこ'), ('per_2', 'cas_a', 'すずきたろう'),
      ('not_1', 'cas_b', '本児の欠席が続く');
    INSERT INTO search_fts(rowid, text) SELECT rowid, text FROM search_docs;
  )sql")));
  ASSERT_TRUE(IsOk(Migrate(*conn_, all)));

  EXPECT_EQ(Ints("SELECT search_key FROM cases ORDER BY id"), (std::vector<int64_t>{1, 2}));
  // cas_b (key 2) holds documents 1 and 2 of its block, in their old order; cas_a (key 1) one.
  EXPECT_EQ(Ints("SELECT rowid FROM search_docs ORDER BY rowid"),
            (std::vector<int64_t>{(1 << 20) + 1, (2 << 20) + 1, (2 << 20) + 2}));
  EXPECT_EQ(Ints("SELECT rowid FROM search_docs WHERE ref_id = 'per_1'"),
            (std::vector<int64_t>{(2 << 20) + 1}));
  // The rebuilt index finds the new rowids, and each names its case by arithmetic.
  EXPECT_EQ(Ints("SELECT rowid >> 20 FROM search_fts WHERE search_fts MATCH '\"やまだ\"'"),
            (std::vector<int64_t>{2}));
  EXPECT_EQ(Ints("SELECT rowid >> 20 FROM search_fts WHERE search_fts MATCH '\"すずき\"'"),
            (std::vector<int64_t>{1}));
  EXPECT_EQ(Ints("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"欠席が\"'"),
            (std::vector<int64_t>{(2 << 20) + 2}));
  EXPECT_EQ(Ints("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"やまだはなこ\"'"
                 " AND rowid < 1048576"),
            (std::vector<int64_t>{0}))
      << "no entry is left under an old rowid";
  auto integrity = conn_->Exec("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')");
  EXPECT_TRUE(IsOk(integrity));
}

}  // namespace
}  // namespace yorisoi::storage::sqlite
