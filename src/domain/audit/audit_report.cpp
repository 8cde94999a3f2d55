#include "domain/audit/audit_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

namespace yorisoi::domain {
namespace {

constexpr int64_t kJstOffsetMs = 9LL * 3600 * 1000;

int HourInJapan(core::TimePoint t) {
  const int64_t ms = core::ToUnixMillis(t) + kJstOffsetMs;
  const int64_t day_ms = 86'400'000;
  return static_cast<int>((((ms % day_ms) + day_ms) % day_ms) / 3'600'000);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsSignIn(const AuditEntry& e) { return e.action == "auth.login"; }
bool IsFailure(const AuditEntry& e) { return e.result == "failed" || e.result == "denied"; }

std::string Escape(std::string_view s, bool html) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (html) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out += c;
      }
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Quote(std::string_view s) { return "\"" + Escape(s, false) + "\""; }

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

bool IsBreakGlass(const AuditEntry& e) {
  if (e.result != "ok" || e.detail != "break_glass") return false;
  return e.action == "case.break_glass" || IsRecordRead(e);
}

bool IsRecordRead(const AuditEntry& e) {
  static const std::set<std::string, std::less<>> kRecordKinds = {
      "case", "person", "consultation", "note", "policy", "photo", "message"};
  const auto dot = e.action.find('.');
  if (dot == std::string::npos) return false;
  const std::string_view verb = std::string_view(e.action).substr(dot + 1);
  return kRecordKinds.count(std::string_view(e.action).substr(0, dot)) > 0 &&
         (verb == "read" || verb == "list" || verb == "search");
}

void AnalyseAuditEntries(const std::vector<AuditEntry>& period,
                         const std::vector<AuditEntry>& baseline, const AuditReportContext& context,
                         AuditReport& report) {
  const AuditReportSettings& s = report.settings;
  std::map<std::string, std::vector<int64_t>> reads, off_hours, out_of_scope, exports,
      account_failures, break_glass;
  std::map<std::string, std::vector<const AuditEntry*>> address_failures;
  for (const auto& e : period) {
    ++report.entries;
    if (IsSignIn(e)) {
      if (e.result == "ok") {
        ++report.sign_ins;
      } else if (IsFailure(e)) {
        ++report.sign_in_failures;
        if (!e.actor.user_id.empty()) account_failures[e.actor.user_id].push_back(e.seq);
        address_failures[e.actor.address].push_back(&e);
      }
    }
    if (StartsWith(e.action, "export.") && e.result == "ok") {
      ++report.exports;
      exports[e.actor.user_id].push_back(e.seq);
    }
    if (StartsWith(e.action, "device.")) ++report.device_actions;
    if (IsRecordRead(e) && e.result == "ok") {
      ++report.reads;
      reads[e.actor.user_id].push_back(e.seq);
    }
    // What a signed-in user did (refused sign-ins are failed_logins' business).
    const bool by_user = !e.actor.user_id.empty() && !(IsSignIn(e) && e.result != "ok");
    if (by_user) {
      const int hour = HourInJapan(e.at);
      if (hour < s.work_start_hour || hour >= s.work_end_hour) {
        off_hours[e.actor.user_id].push_back(e.seq);
      }
    }
    // Break-glass: every grant, and every read made under one (named by its grant id), which
    // is therefore not also counted as out of scope.
    const bool under_grant = IsBreakGlass(e);
    if (by_user && under_grant) break_glass[e.actor.user_id].push_back(e.seq);
    // Reads (or attempts) of a case the user has no ordinary access to.
    if (by_user && !under_grant && IsRecordRead(e) && context.in_scope) {
      for (const auto& id : e.target_ids) {
        if (StartsWith(id, "cas_") && !context.in_scope(e.actor.user_id, id)) {
          out_of_scope[e.actor.user_id].push_back(e.seq);
          break;
        }
      }
    }
  }
  // Each user's reads in the baseline window, scaled to the period's length.
  std::map<std::string, int64_t> history;
  for (const auto& e : baseline) {
    if (IsRecordRead(e) && e.result == "ok") ++history[e.actor.user_id];
  }
  const double period_days =
      static_cast<double>(report.to.DaysSinceEpoch() - report.from.DaysSinceEpoch() + 1);
  auto add = [&](const char* kind, const std::string& user, std::vector<int64_t> seqs) {
    AuditFlag f;
    f.kind = kind;
    f.user_id = user;
    f.count = static_cast<int64_t>(seqs.size());
    f.entries = std::move(seqs);
    report.flags.push_back(std::move(f));
  };
  for (auto& [user, seqs] : reads) {
    const double expected = s.baseline_days > 0
                                ? static_cast<double>(history[user]) / s.baseline_days * period_days
                                : 0.0;
    const auto n = static_cast<int64_t>(seqs.size());
    if (n >= s.bulk_reads_min && static_cast<double>(n) > s.bulk_reads_factor * expected) {
      add("bulk_reads", user, seqs);
    }
  }
  for (auto& [user, seqs] : off_hours) add("off_hours", user, seqs);
  for (auto& [user, seqs] : out_of_scope) add("out_of_scope", user, seqs);
  for (auto& [user, seqs] : break_glass) add("break_glass", user, seqs);
  std::set<int64_t> counted;
  for (auto& [user, seqs] : account_failures) {
    if (static_cast<int64_t>(seqs.size()) >= s.failed_logins_min) {
      counted.insert(seqs.begin(), seqs.end());
      add("failed_logins", user, seqs);
    }
  }
  for (auto& [address, entries] : address_failures) {
    std::vector<int64_t> seqs;
    for (const auto* e : entries) {
      if (counted.count(e->seq) == 0) seqs.push_back(e->seq);
    }
    if (static_cast<int64_t>(seqs.size()) >= s.failed_logins_min) {
      add("failed_logins", "", seqs);
      report.flags.back().address = address;
    }
  }
  for (auto& [user, seqs] : exports) {
    if (static_cast<int64_t>(seqs.size()) >= s.exports_min) add("exports", user, seqs);
  }
}

std::string AuditReportJson(const AuditReport& r) {
  const auto& s = r.settings;
  std::string o = "{";
  o += "\"tenant\":" + Quote(r.tenant_id);
  o += ",\"from\":" + Quote(r.from.ToIso());
  o += ",\"to\":" + Quote(r.to.ToIso());
  o += ",\"generated_at\":" + Quote(core::FormatIso8601Utc(r.generated_at));
  o += ",\"head\":{\"seq\":" + std::to_string(r.head.seq) + ",\"hash\":" + Quote(r.head.hash) + "}";
  o += ",\"settings\":{\"work_start_hour\":" + std::to_string(s.work_start_hour) +
       ",\"work_end_hour\":" + std::to_string(s.work_end_hour) +
       ",\"bulk_reads_min\":" + std::to_string(s.bulk_reads_min) +
       ",\"bulk_reads_factor\":" + Number(s.bulk_reads_factor) +
       ",\"baseline_days\":" + std::to_string(s.baseline_days) +
       ",\"failed_logins_min\":" + std::to_string(s.failed_logins_min) +
       ",\"exports_min\":" + std::to_string(s.exports_min) + "}";
  o += ",\"summary\":{\"entries\":" + std::to_string(r.entries) +
       ",\"sign_ins\":" + std::to_string(r.sign_ins) +
       ",\"sign_in_failures\":" + std::to_string(r.sign_in_failures) +
       ",\"exports\":" + std::to_string(r.exports) +
       ",\"device_actions\":" + std::to_string(r.device_actions) +
       ",\"reads\":" + std::to_string(r.reads) + "}";
  o += ",\"flags\":[";
  for (size_t i = 0; i < r.flags.size(); ++i) {
    const auto& f = r.flags[i];
    if (i > 0) o += ",";
    o += "{\"kind\":" + Quote(f.kind) + ",\"user_id\":" + Quote(f.user_id);
    if (!f.address.empty()) o += ",\"address\":" + Quote(f.address);
    o += ",\"count\":" + std::to_string(f.count) + ",\"entries\":[";
    for (size_t j = 0; j < f.entries.size(); ++j) {
      if (j > 0) o += ",";
      o += std::to_string(f.entries[j]);
    }
    o += "]}";
  }
  o += "]}";
  return o;
}

std::string AuditReportHtml(const AuditReport& r) {
  static const std::map<std::string, std::string, std::less<>> kKindLabels = {
      {"bulk_reads", "大量閲覧（本人の通常より多い記録の閲覧）"},
      {"off_hours", "業務時間外のアクセス"},
      {"out_of_scope", "担当外ケースへのアクセス"},
      {"break_glass", "緊急アクセス（理由を付した担当外ケースの閲覧）"},
      {"failed_logins", "サインインの連続失敗"},
      {"exports", "データの持ち出し（エクスポート）"}};
  auto h = [](std::string_view s) { return Escape(s, true); };
  std::string o =
      "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
      "<title>アクセスログ定期分析報告書</title>"
      "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #888;padding:4px 8px;text-align:left}</style></head><body>\n";
  o += "<h1>アクセスログ定期分析報告書</h1>\n";
  o += "<p>テナント: " + h(r.tenant_id) + "<br>対象期間: " + h(r.from.ToIso()) + " 〜 " +
       h(r.to.ToIso()) + "（日本時間）<br>作成日時: " + h(core::FormatIso8601Utc(r.generated_at)) +
       "<br>監査ログの先頭: 通番 " + std::to_string(r.head.seq) + " / ハッシュ " + h(r.head.hash) +
       "</p>\n";
  o += "<h2>集計</h2>\n<table>\n";
  auto row = [&](const char* label, int64_t v) {
    o += "<tr><th>" + std::string(label) + "</th><td>" + std::to_string(v) + "</td></tr>\n";
  };
  row("記録件数", r.entries);
  row("サインイン", r.sign_ins);
  row("サインイン失敗", r.sign_in_failures);
  row("エクスポート", r.exports);
  row("端末操作", r.device_actions);
  row("ケース記録の閲覧", r.reads);
  o += "</table>\n<h2>要確認事項</h2>\n";
  if (r.flags.empty()) {
    o += "<p>該当なし</p>\n";
  } else {
    o += "<table>\n<tr><th>種別</th><th>利用者ID</th><th>接続元</th><th>件数</th>"
         "<th>該当する記録の通番</th></tr>\n";
    for (const auto& f : r.flags) {
      auto label = kKindLabels.find(f.kind);
      std::string seqs;
      for (size_t j = 0; j < f.entries.size(); ++j) {
        if (j > 0) seqs += ", ";
        seqs += std::to_string(f.entries[j]);
      }
      o += "<tr><td>" + (label != kKindLabels.end() ? label->second : h(f.kind)) + "</td><td>" +
           h(f.user_id) + "</td><td>" + h(f.address) + "</td><td>" + std::to_string(f.count) +
           "</td><td>" + seqs + "</td></tr>\n";
    }
    o += "</table>\n";
  }
  o += "<h2>判定基準</h2>\n<ul>\n";
  o += "<li>業務時間: " + std::to_string(r.settings.work_start_hour) + "時〜" +
       std::to_string(r.settings.work_end_hour) + "時（日本時間）</li>\n";
  o += "<li>大量閲覧: 期間内 " + std::to_string(r.settings.bulk_reads_min) + " 件以上かつ過去 " +
       std::to_string(r.settings.baseline_days) + " 日の本人平均の " +
       Number(r.settings.bulk_reads_factor) + " 倍超</li>\n";
  o += "<li>サインイン失敗: 同一アカウントまたは同一接続元から " +
       std::to_string(r.settings.failed_logins_min) + " 回以上</li>\n";
  o += "</ul>\n</body></html>\n";
  return o;
}

}  // namespace yorisoi::domain
