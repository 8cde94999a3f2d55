#include "app/audit_checkpoints.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "app/tenant_keys.hpp"
#include "crypto/encoding.hpp"
#include "crypto/mac.hpp"
#include "crypto/random.hpp"

namespace yorisoi::app {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFormat = "yorisoi-audit-checkpoint-v1";

void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

core::Result<std::string> CheckpointKey(const DataDir& dir, std::string_view tenant_id) {
  YS_ASSIGN_OR_RETURN(std::string tenant_key, UnsealTenantKey(dir, tenant_id));
  return crypto::DeriveSubkey(tenant_key, kCheckpointKeyContext, 1);
}

// What the MAC covers: the format, the tenant (a checkpoint is no other tenant's), the head and
// when it was taken.
std::string Mac(std::string_view key, std::string_view tenant_id, int64_t seq,
                std::string_view hash, std::string_view at) {
  std::string enc(kFormat);
  enc += ';';
  Put(enc, tenant_id);
  Put(enc, std::to_string(seq));
  Put(enc, hash);
  Put(enc, at);
  return crypto::HmacSha256Hex(key, enc);
}

std::string Render(std::string_view tenant_id, int64_t seq, std::string_view hash,
                   std::string_view at, std::string_view mac) {
  nlohmann::json j = {{"format", kFormat}, {"tenant", tenant_id}, {"seq", seq}, {"hash", hash},
                      {"at", at},          {"mac", mac}};
  return j.dump(2) + "\n";
}

std::string Folder(const DataDir& dir, std::string_view tenant_id) {
  return dir.TenantDir(tenant_id) + "/" + std::string(kCheckpointFolder);
}

}  // namespace

core::Result<WrittenCheckpoint> WriteAuditCheckpoint(const DataDir& dir, std::string_view tenant_id,
                                                     const domain::AuditCheckpoint& head,
                                                     core::TimePoint at) {
  YS_ASSIGN_OR_RETURN(const std::string key, CheckpointKey(dir, tenant_id));
  const std::string when = core::FormatIso8601Utc(at);
  const std::string body =
      Render(tenant_id, head.seq, head.hash, when, Mac(key, tenant_id, head.seq, head.hash, when));
  // Sorted by time in the folder; the random tail keeps two writers (two instances on one
  // PostgreSQL, a command beside `serve`) apart.
  std::string stamp;
  for (char c : when) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) stamp += c;
  }
  WrittenCheckpoint out;
  out.file = stamp + "-" + std::to_string(head.seq) + "-" +
             crypto::HexEncode(crypto::RandomBytes(4)) + ".json";
  out.head = head;
  out.head.name = out.file;
  std::error_code ec;
  if (fs::exists(Folder(dir, tenant_id) + "/" + out.file, ec)) {
    return core::Error::Conflict("the checkpoint file exists already");
  }
  YS_RETURN_IF_ERROR(WritePrivateFile(Folder(dir, tenant_id) + "/" + out.file, body));
  return out;
}

core::Result<std::vector<domain::AuditCheckpoint>> ReadAuditCheckpoints(
    const DataDir& dir, std::string_view tenant_id) {
  std::vector<std::string> files;
  std::error_code ec;
  const std::string folder = Folder(dir, tenant_id);
  if (!fs::exists(folder, ec)) return std::vector<domain::AuditCheckpoint>{};
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) files.push_back(name);
  }
  if (ec) return core::Error::Unavailable("cannot read the audit checkpoint folder");
  std::sort(files.begin(), files.end());
  std::vector<domain::AuditCheckpoint> out;
  if (files.empty()) return out;
  YS_ASSIGN_OR_RETURN(const std::string key, CheckpointKey(dir, tenant_id));
  for (const auto& name : files) {
    auto refuse = [&] {
      return core::Error::Internal("audit checkpoint " + name + " is not authentic");
    };
    YS_ASSIGN_OR_RETURN(const std::string text, ReadFile(folder + "/" + name));
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j.size() != 6 || !j.contains("format") || !j["format"].is_string() ||
        j["format"] != kFormat || !j.contains("tenant") || !j["tenant"].is_string() ||
        !j.contains("seq") || !j["seq"].is_number_integer() || !j.contains("hash") ||
        !j["hash"].is_string() || !j.contains("at") || !j["at"].is_string() || !j.contains("mac") ||
        !j["mac"].is_string()) {
      return refuse();
    }
    domain::AuditCheckpoint c;
    c.name = name;
    c.seq = j["seq"].get<int64_t>();
    c.hash = j["hash"].get<std::string>();
    const std::string at = j["at"].get<std::string>();
    const std::string mac = j["mac"].get<std::string>();
    // Exactly the bytes written: nothing is accepted that WriteAuditCheckpoint would not write.
    if (j["tenant"] != std::string(tenant_id) || c.seq < 0 ||
        Render(tenant_id, c.seq, c.hash, at, mac) != text ||
        !crypto::ConstantTimeEquals(Mac(key, tenant_id, c.seq, c.hash, at), mac)) {
      return refuse();
    }
    out.push_back(std::move(c));
  }
  return out;
}

core::Result<domain::AuditReportSettings> LoadAuditReportSettings(const DataDir& dir,
                                                                  std::string_view tenant_id) {
  domain::AuditReportSettings s;
  const std::string path = dir.TenantDir(tenant_id) + "/audit-report.json";
  std::error_code ec;
  if (!fs::exists(path, ec)) return s;
  YS_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [](const std::string& key) {
    return core::Error::InvalidArgument(key, "audit-report.json: not a valid setting");
  };
  if (!j.is_object()) return bad("audit-report.json");
  for (const auto& [key, v] : j.items()) {
    auto whole = [&](int64_t lo, int64_t hi, auto& out) -> bool {
      if (!v.is_number_integer()) return false;
      const auto n = v.get<int64_t>();
      if (n < lo || n > hi) return false;
      out = static_cast<std::remove_reference_t<decltype(out)>>(n);
      return true;
    };
    bool ok = false;
    if (key == "work_start_hour") {
      ok = whole(0, 24, s.work_start_hour);
    } else if (key == "work_end_hour") {
      ok = whole(0, 24, s.work_end_hour);
    } else if (key == "bulk_reads_min") {
      ok = whole(1, 1'000'000'000, s.bulk_reads_min);
    } else if (key == "baseline_days") {
      ok = whole(0, 366, s.baseline_days);
    } else if (key == "failed_logins_min") {
      ok = whole(1, 1'000'000, s.failed_logins_min);
    } else if (key == "exports_min") {
      ok = whole(1, 1'000'000, s.exports_min);
    } else if (key == "bulk_reads_factor") {
      ok = v.is_number() && v.get<double>() >= 1.0 && v.get<double>() <= 1000.0;
      if (ok) s.bulk_reads_factor = v.get<double>();
    }
    if (!ok) return bad(key);
  }
  if (s.work_start_hour > s.work_end_hour) return bad("work_start_hour");
  return s;
}

}  // namespace yorisoi::app
