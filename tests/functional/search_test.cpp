// Search over HTTPS against the real `yorisoi serve`, per query class (names in kanji and kana,
// full and half width; 1 and 2 characters; rare and common phrases; case number; birth date in
// 西暦 and 和暦; address; school; a word found nowhere): the right cases are found, and never a
// case of another unit, of another tenant, or one found only by corrected-away text. Each hit
// names the record it was found by with a snippet that marks the match; `yorisoi search reindex`
// rebuilds the index and gives the same answers. All names, addresses and texts are fictitious.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "world.hpp"

namespace yorisoi::testing {
namespace {

using nlohmann::json;

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// UTF-8 → UTF-16 code units (the unit of `highlight`), and back for a slice.
std::u16string Utf16(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += static_cast<std::size_t>(n);
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    world_->AddAccount("tenant-a", "branch.worker", "caseworker", "branch");
    world_->Start();
    Login();
    Seed();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(world_->server().Stop(), 0);
    delete world_;
    world_ = nullptr;
  }
  static void Login() {
    for (const char* key :
         {"tenant-a/caseworker", "tenant-a/branch.worker", "tenant-b/caseworker"}) {
      const std::string k = key;
      const auto slash = k.find('/');
      tokens_[k] = world_->Login(world_->account(k.substr(0, slash), k.substr(slash + 1)));
    }
  }
  static const std::string& Token(const std::string& key) { return tokens_.at(key); }
  static const std::string& Cw() { return Token("tenant-a/caseworker"); }

  static json Post(const std::string& token, const std::string& target, const json& body) {
    auto r = world_->Call("POST", target, body, token);
    EXPECT_EQ(r.status, 201) << target << " " << r.body;
    return r.status == 201 ? r.Json() : json::object();
  }
  static std::string OpenCase(const std::string& token, const std::string& unit) {
    return Post(token, "/api/v1/cases",
                {{"received_on", "2025-07-01T10:30:00+09:00"},
                 {"unit_id", unit},
                 {"consultation_type", {{"code", "upbringing_parenting"}}},
                 {"referral_route", "family"}})
        .value("id", "");
  }
  static void Child(const std::string& token, const std::string& case_id, const json& person) {
    json body = person;
    body["role"] = "child";
    Post(token, "/api/v1/cases/" + case_id + "/people", body);
  }
  static void Note(const std::string& token, const std::string& case_id, const std::string& text,
                   const std::string& corrects = "", std::string* id = nullptr) {
    json body = {{"body", text}};
    if (!corrects.empty()) body["corrects"] = corrects;
    const json n = Post(token, "/api/v1/cases/" + case_id + "/notes", body);
    if (id) *id = n.value("id", "");
  }

  // Waits (up to 5 s) until the indexer has followed every write of the tenant.
  static void IndexSettled(const std::string& tenant) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::string pending;
    while (std::chrono::steady_clock::now() < deadline) {
      pending = world_->Sql(tenant,
                            "SELECT count(*) FROM audit_log WHERE seq >"
                            " (SELECT indexed_through FROM search_index) AND result = 'ok'"
                            " AND action IN ('case.create', 'case.update', 'person.create',"
                            " 'person.update', 'consultation.create', 'consultation.update',"
                            " 'note.create');");
      if (pending == "0\n") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "writes of " << tenant << " still not indexed: " << pending;
  }

  static void Seed() {
    const std::string& branch = Token("tenant-a/branch.worker");
    const std::string& b = Token("tenant-b/caseworker");
    target_ = OpenCase(Cw(), "center");
    control_ = OpenCase(Cw(), "center");
    other_unit_ = OpenCase(branch, "branch");
    other_tenant_ = OpenCase(b, "center");
    Child(Cw(), target_,
          {{"name", "試川 小春"},
           {"name_kana", "ためしがわ こはる"},
           {"birth_date", "2024-04-01"},
           {"address", "架空市梟町三丁目１－２"},
           {"school", {{"kind", "other"}, {"name", "架空第一小学校"}}}});
    Note(Cw(), target_, "図工の時間に紙粘土で梟を作ったと話した（架空）。家庭訪問を実施。");
    Child(Cw(), control_,
          {{"name", "対照 一郎"},
           {"name_kana", "たいしょう いちろう"},
           {"birth_date", "2016-05-03"}});
    Note(Cw(), control_, "家庭訪問を実施（架空）。");
    std::string wrong;
    Note(Cw(), control_, "鵺の話をした（架空）。", "", &wrong);
    Note(Cw(), control_, "別の話をした（架空）。", wrong);
    // The same words in another unit and another tenant.
    for (const auto& [token, id] :
         {std::pair{&branch, other_unit_}, std::pair{&b, other_tenant_}}) {
      Child(*token, id,
            {{"name", "試川 小春"},
             {"name_kana", "ためしがわ こはる"},
             {"birth_date", "2024-04-01"},
             {"address", "架空市梟町三丁目１－２"},
             {"school", {{"kind", "other"}, {"name", "架空第一小学校"}}}});
      Note(*token, id, "図工の時間に紙粘土で梟を作った（架空）。家庭訪問を実施。鵺の話。");
    }
    IndexSettled("tenant-a");
    IndexSettled("tenant-b");
    number_ =
        world_->Call("GET", "/api/v1/cases/" + target_, nullptr, Cw()).Json().value("number", "");
  }

  static json Search(const std::string& token, const std::string& q) {
    auto r = world_->Call("GET", "/api/v1/cases?limit=200&q=" + UrlEncode(q), nullptr, token);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return r.status == 200 ? r.Json().value("items", json::array()) : json::array();
  }
  static std::vector<std::string> Ids(const json& items) {
    std::vector<std::string> ids;
    for (const auto& i : items) ids.push_back(i.value("id", ""));
    return ids;
  }

  // Query → whether the target and the control are found.
  struct Expect {
    std::string q;
    bool target, control;
  };
  static std::vector<Expect> Classes() {
    return {
        {"タメシガワ", true, false},          // katakana finds the hiragana reading
        {"ﾀﾒｼｶﾞﾜ", true, false},              // half-width katakana
        {"試川　小春", true, false},          // kanji with a full-width space
        {"ためしがわこはる", true, false},    // the reading, no space
        {"梟", true, false},                  // 1 character
        {"鰐", false, false},                 // 1 character found nowhere
        {"粘土", true, false},                // 2 characters
        {"えび", false, false},               // 2 characters found nowhere
        {"紙粘土で梟を作った", true, false},  // rare phrase
        {"家庭訪問", true, true},             // common phrase
        {"えびふらいや", false, false},       // phrase found nowhere
        {number_, true, false},               // case number
        {"2024-04-01", true, false},          // birth date, ISO
        {"20240401", true, false},            // birth date, compact
        {"令和6年4月1日", true, false},       // 和暦
        {"令和６年４月１日", true, false},    // 和暦, full-width digits
        {"R6.4.1", true, false},              // 和暦, short
        {"2024年4月1日", true, false},        // 西暦 with 年月日
        {"梟町三丁目", true, false},          // address
        {"架空第一小", true, false},          // school
        {"鵺", false, false},                 // corrected-away text only
        {"別の話", false, true},              // the correction
    };
  }

  static std::map<std::string, std::vector<std::string>> Answers() {
    std::map<std::string, std::vector<std::string>> out;
    for (const Expect& e : Classes()) out[e.q] = Ids(Search(Cw(), e.q));
    return out;
  }

  static World* world_;
  static std::map<std::string, std::string> tokens_;
  static std::string target_, control_, other_unit_, other_tenant_, number_;
};
World* SearchTest::world_ = nullptr;
std::map<std::string, std::string> SearchTest::tokens_;
std::string SearchTest::target_, SearchTest::control_, SearchTest::other_unit_,
    SearchTest::other_tenant_, SearchTest::number_;

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_F(SearchTest, EveryQueryClassFindsTheRightCasesAndNoOther) {
  ASSERT_FALSE(target_.empty());
  for (const Expect& e : Classes()) {
    SCOPED_TRACE(e.q);
    const auto found = Ids(Search(Cw(), e.q));
    EXPECT_EQ(Has(found, target_), e.target);
    EXPECT_EQ(Has(found, control_), e.control);
    EXPECT_FALSE(Has(found, other_unit_)) << "another unit's case";
    EXPECT_FALSE(Has(found, other_tenant_)) << "another tenant's case";
    EXPECT_EQ(found.size(), static_cast<std::size_t>(e.target) + e.control) << "nothing else";
  }
  // Paged one at a time: the same cases in the same order, `next` naming the last of each page.
  // (Here fewer than 500 documents match, so the index answers every page; the walk over the
  // newest cases is paged in the conformance suite's tier test.)
  for (const std::string q : {"家庭訪問", "梟", "ためしがわ"}) {
    SCOPED_TRACE(q);
    std::vector<std::string> paged;
    std::string after;
    for (int page = 0; page < 10; ++page) {
      auto r = world_->Call(
          "GET",
          "/api/v1/cases?limit=1&q=" + UrlEncode(q) + (after.empty() ? "" : "&after=" + after),
          nullptr, Cw());
      ASSERT_EQ(r.status, 200) << r.body;
      const json body = r.Json();
      for (const auto& id : Ids(body["items"])) paged.push_back(id);
      if (body["next"].is_null()) break;
      after = body["next"].get<std::string>();
      EXPECT_TRUE(after.ends_with(paged.back())) << after;  // the tier, then the last case
    }
    EXPECT_EQ(paged, Ids(Search(Cw(), q)));
  }
  // The other unit's worker and the other tenant find their own cases by the same words only.
  for (const std::string q : {"ﾀﾒｼｶﾞﾜ", "梟", "粘土", "家庭訪問", "令和6年4月1日", "鵺"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Ids(Search(Token("tenant-a/branch.worker"), q)), std::vector{other_unit_});
    EXPECT_EQ(Ids(Search(Token("tenant-b/caseworker"), q)), std::vector{other_tenant_});
  }
}

TEST_F(SearchTest, EachHitNamesTheRecordAndMarksTheMatchInItsSnippet) {
  struct Case {
    std::string q, kind, marked;
  };
  for (const Case& c : std::vector<Case>{{"粘土", "note", "粘土"},
                                         {"ﾀﾒｼｶﾞﾜ", "person", "ためしがわ"},
                                         {"試川小春", "person", "試川 小春"},
                                         {"梟", "person", "梟"},  // the address, before the note
                                         {"令和6年4月1日", "person", "20240401"},
                                         {number_, "case", number_}}) {
    SCOPED_TRACE(c.q);
    const json items = Search(Cw(), c.q);
    const auto it = std::find_if(items.begin(), items.end(),
                                 [](const json& i) { return i.value("id", "") == target_; });
    ASSERT_NE(it, items.end());
    ASSERT_TRUE(it->contains("match")) << it->dump();
    const json& m = (*it)["match"];
    EXPECT_EQ(m.value("kind", ""), c.kind);
    EXPECT_FALSE(m.value("record_id", "").empty());
    const std::u16string snippet = Utf16(m.value("snippet", ""));
    ASSERT_EQ(m["highlight"].size(), 1u) << m.dump();
    const int start = m["highlight"][0][0], end = m["highlight"][0][1];
    ASSERT_LE(0, start);
    ASSERT_LE(start, end);
    ASSERT_LE(end, static_cast<int>(snippet.size()));
    EXPECT_EQ(snippet.substr(start, end - start), Utf16(c.marked)) << m.dump();
  }
  // A plain list has no match member.
  auto r = world_->Call("GET", "/api/v1/cases?limit=200", nullptr, Cw());
  ASSERT_EQ(r.status, 200);
  const json listed = r.Json();
  for (const auto& i : listed["items"]) EXPECT_FALSE(i.contains("match")) << i.dump();
}

TEST_F(SearchTest, ReindexGivesTheSameAnswers) {
  const auto before = Answers();
  const std::string docs = "SELECT count(*) FROM search_docs;";
  const std::string docs_before = world_->Sql("tenant-a", docs);
  ASSERT_EQ(world_->server().Stop(), 0);
  // Emptied by hand first, so the answers below come from the rebuild alone.
  world_->Sql("tenant-a", "DELETE FROM search_docs;", /*write=*/true);
  auto r = RunYorisoi({"search", "reindex", "--data", world_->data(), "--tenant", "tenant-a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("search reindex  tenant-a  3/3 cases"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("reindexed 3 cases"), std::string::npos) << r.out;
  EXPECT_EQ(world_->Sql("tenant-a", docs), docs_before);
  world_->Start();
  Login();
  EXPECT_EQ(Answers(), before);
  EXPECT_EQ(
      RunYorisoi({"search", "reindex", "--data", world_->data(), "--tenant", "nobody"}).exit_code,
      1);
}

// Name matches first, then the other hits, each newest first (received_on); pages of any size
// continue across the tiers' boundary with no case twice and none left out. An installation of
// its own, so the cases above stay the only ones there.
class SearchOrderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    world_->Start();
    token_ = world_->Login(world_->account("tenant-a", "caseworker"));
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(world_->server().Stop(), 0);
    delete world_;
    world_ = nullptr;
  }
  static json Post(const std::string& target, const json& body) {
    auto r = world_->Call("POST", target, body, token_);
    EXPECT_EQ(r.status, 201) << target << " " << r.body;
    return r.status == 201 ? r.Json() : json::object();
  }
  static std::string OpenCase(const std::string& received_on) {
    return Post("/api/v1/cases", {{"received_on", received_on + "T10:30:00+09:00"},
                                  {"unit_id", "center"},
                                  {"consultation_type", {{"code", "upbringing_parenting"}}},
                                  {"referral_route", "family"}})
        .value("id", "");
  }
  // Every page of a search with this limit, and the `next` of each.
  static std::vector<std::string> Paged(const std::string& q, int limit) {
    std::vector<std::string> ids;
    std::string after;
    for (int page = 0; page < 20; ++page) {
      auto r = world_->Call("GET",
                            "/api/v1/cases?limit=" + std::to_string(limit) + "&q=" + UrlEncode(q) +
                                (after.empty() ? "" : "&after=" + after),
                            nullptr, token_);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      const json body = r.Json();
      EXPECT_LE(body["items"].size(), static_cast<std::size_t>(limit));
      for (const auto& i : body["items"]) ids.push_back(i.value("id", ""));
      if (body["next"].is_null()) break;
      after = body["next"].get<std::string>();
    }
    return ids;
  }
  static void WaitIndexed() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (world_->Sql("tenant-a",
                      "SELECT count(*) FROM audit_log WHERE seq >"
                      " (SELECT indexed_through FROM search_index) AND result = 'ok'"
                      " AND action IN ('case.create', 'person.create', 'note.create');") == "0\n") {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "writes still not indexed";
  }
  static World* world_;
  static std::string token_;
};
World* SearchOrderTest::world_ = nullptr;
std::string SearchOrderTest::token_;

TEST_F(SearchOrderTest, NameMatchesComeFirstThenTheRestNewestFirstAcrossPages) {
  // Older cases found by a child's name or reading; newer ones by a note or an address only.
  const std::string named_oldest = OpenCase("2025-03-01");
  const std::string named_old = OpenCase("2025-05-01");
  const std::string named = OpenCase("2025-05-02");
  const std::string by_note = OpenCase("2025-07-01");
  const std::string by_note_newer = OpenCase("2025-07-02");
  const std::string by_address = OpenCase("2025-07-03");
  const std::string unrelated = OpenCase("2025-07-04");
  auto child = [](const std::string& case_id, json person) {
    person["role"] = "child";
    Post("/api/v1/cases/" + case_id + "/people", person);
  };
  child(named_oldest, {{"name", "鳰 太郎"}});  // no reading
  child(named_old, {{"name", "鳰川 一花"}, {"name_kana", "におかわ いちか"}});
  child(named, {{"name", "鳰川 二葉"}, {"name_kana", "におかわ ふたば"}});
  Post("/api/v1/cases/" + by_note + "/notes", {{"body", "鳰川沿いを散歩した（架空）。"}});
  Post("/api/v1/cases/" + by_note_newer + "/notes",
       {{"body", "におかわ公園の写真を見た（架空）。鳰川。"}});
  child(by_address,
        {{"name", "別名 三郎"}, {"name_kana", "べつめい さぶろう"}, {"address", "架空市鳰川町1"}});
  child(unrelated, {{"name", "無関係 花子"}});
  WaitIndexed();

  struct Want {
    std::string q;
    std::vector<std::string> order;
  };
  for (const Want& w : std::vector<Want>{
           // 2 characters: the name tier, newest first, then the note and address hits.
           {"鳰川", {named, named_old, by_address, by_note_newer, by_note}},
           // 1 character: the case without a reading too (its 氏名 is its first line).
           {"鳰", {named, named_old, named_oldest, by_address, by_note_newer, by_note}},
           // 3+ characters (the trigram index), the reading: names, then the newer note.
           {"ニオカワ", {named, named_old, by_note_newer}},
           {"鳰川町", {by_address}},
       }) {
    SCOPED_TRACE(w.q);
    for (int limit : {200, 1, 2, 3}) {
      SCOPED_TRACE(limit);
      EXPECT_EQ(Paged(w.q, limit), w.order);
    }
  }
  // The hit says it was found by the person for a name, and by the note otherwise.
  auto r = world_->Call("GET", "/api/v1/cases?q=" + UrlEncode("鳰川"), nullptr, token_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json items = r.Json()["items"];
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0]["match"].value("kind", ""), "person");
  EXPECT_EQ(items[3]["match"].value("kind", ""), "note");
  EXPECT_EQ(items[2]["match"].value("kind", ""), "person");  // the address, still a text hit
}

}  // namespace
}  // namespace yorisoi::testing
