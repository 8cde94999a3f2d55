#include "app/config.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error_codes.hpp"

namespace yorisoi::app {
namespace fs = std::filesystem;
using Json = nlohmann::json;

bool DataDir::Initialised() const { return fs::exists(ConfigPath()); }

core::Status WritePrivateFile(const std::string& path, std::string_view content) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);  // "name" alone: the current folder
  if (ec)
    return core::Error::Unavailable("cannot create folder for " +
                                    fs::path(path).filename().string());
  const std::string tmp = path + ".tmp";
  // A fresh file only: whatever is at the temporary name (a symlink, another's file) is removed
  // first, never written through; rename() then replaces the final name itself.
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return core::Error::Unavailable("cannot write " + fs::path(path).filename().string());
  std::size_t off = 0;
  while (off < content.size()) {
    const ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n <= 0) {
      ::close(fd);
      return core::Error::Unavailable("short write to " + fs::path(path).filename().string());
    }
    off += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return core::Error::Unavailable("cannot store " + fs::path(path).filename().string());
  }
  return core::Ok();
}

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::NotFound("cannot read " + fs::path(path).filename().string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

core::Status ParseListen(std::string_view text, std::string& address, uint16_t& port,
                         std::string_view field) {
  const auto bad = [&]() {
    return core::Error::InvalidArgument(std::string(field),
                                        "must be ADDRESS:PORT, e.g. 127.0.0.1:8443 or [::1]:8443",
                                        core::codes::kInvalidListen);
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad();  // an IPv6 address needs brackets: "[::1]:8443"
  }
  if (host.empty() || host.find_first_of("[] ") != std::string_view::npos) return bad();
  const std::string_view port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string_view::npos) {
    return bad();
  }
  const int p = std::stoi(std::string(port_text));
  if (p > 65535) return bad();
  address = std::string(host);
  port = static_cast<uint16_t>(p);
  return core::Ok();
}

core::Result<Config> DataDir::LoadConfig() const {
  YS_ASSIGN_OR_RETURN(std::string text, ReadFile(ConfigPath()));
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Error::InvalidArgument("config.json", "is not a JSON object",
                                        core::codes::kInvalidConfig);
  }
  Config c;
  // Every number is read signed and range-checked: a negative limit must not wrap to a huge one.
  std::string bad_key;
  std::string bad_range;
  auto num = [&](const Json& obj, const char* section, const char* key, int64_t def, int64_t lo,
                 int64_t hi) -> int64_t {
    const auto it = obj.find(key);
    if (it == obj.end()) return def;
    if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
      if (bad_key.empty()) {
        bad_key = std::string(section) + "." + key;
        bad_range = std::to_string(lo) + " to " + std::to_string(hi);
      }
      return def;
    }
    return it->get<int64_t>();
  };
  try {
    c.backend = j.value("backend", c.backend);
    c.hostnames = j.value("hostnames", c.hostnames);
    c.listen = j.value("listen", c.listen);
    c.ops_listen = j.value("ops_listen", c.ops_listen);
  } catch (const Json::exception&) {
    return core::Error::InvalidArgument("config.json", "has a value of the wrong type",
                                        core::codes::kInvalidConfig);
  }
  const Json s = j.value("session", Json::object());
  const Json h = j.value("http", Json::object());
  if (!s.is_object() || !h.is_object()) {
    return core::Error::InvalidArgument("config.json", "session and http must be objects",
                                        core::codes::kInvalidConfig);
  }
  constexpr int64_t kDay = 24 * 3600;
  c.auth.idle_timeout = std::chrono::seconds(
      num(s, "session", "idle_timeout_seconds", c.auth.idle_timeout.count(), 1, kDay));
  c.auth.absolute_timeout = std::chrono::seconds(
      num(s, "session", "absolute_timeout_seconds", c.auth.absolute_timeout.count(), 1, 7 * kDay));
  c.auth.max_failures =
      static_cast<int>(num(s, "session", "max_failed_logins", c.auth.max_failures, 1, 100));
  c.auth.lockout =
      std::chrono::seconds(num(s, "session", "lockout_seconds", c.auth.lockout.count(), 1, kDay));
  c.auth.device_max_failures = static_cast<int>(
      num(s, "session", "device_max_failed_logins", c.auth.device_max_failures, 1, 100000));
  c.auth.address_max_failures = static_cast<int>(
      num(s, "session", "address_max_failed_logins", c.auth.address_max_failures, 1, 100000));
  c.auth.address_window = std::chrono::seconds(
      num(s, "session", "address_window_seconds", c.auth.address_window.count(), 1, kDay));
  c.break_glass = std::chrono::seconds(
      num(s, "session", "break_glass_seconds", c.break_glass.count(), 1, kDay));
  c.idle_lock =
      std::chrono::seconds(num(s, "session", "idle_lock_seconds", c.idle_lock.count(), 30, 3600));
  // The session cache (domain/users/session_cache.hpp): how long an entry is trusted without a
  // notification (the bound for a change made where none is sent, e.g. by a command on SQLite),
  // how many entries (0: no cache), and how often batched session touches are written.
  c.auth.session_cache_ttl = std::chrono::milliseconds(
      num(s, "session", "cache_ttl_ms", c.auth.session_cache_ttl.count(), 0, 60000));
  c.auth.session_cache_capacity = static_cast<std::size_t>(
      num(s, "session", "cache_capacity", static_cast<int64_t>(c.auth.session_cache_capacity), 0,
          10000000));
  c.auth.touch_flush_interval = std::chrono::milliseconds(
      num(s, "session", "touch_flush_ms", c.auth.touch_flush_interval.count(), 10, 60000));
  c.header_limit = static_cast<std::size_t>(
      num(h, "http", "header_limit_bytes", static_cast<int64_t>(c.header_limit), 1024, 1 << 20));
  c.body_limit = static_cast<std::size_t>(num(
      h, "http", "body_limit_bytes", static_cast<int64_t>(c.body_limit), 1024, int64_t{1} << 30));
  c.read_timeout =
      std::chrono::seconds(num(h, "http", "read_timeout_seconds", c.read_timeout.count(), 1, 3600));
  c.idle_timeout =
      std::chrono::seconds(num(h, "http", "idle_timeout_seconds", c.idle_timeout.count(), 1, 3600));
  c.threads = static_cast<unsigned>(num(h, "http", "threads", c.threads, 0, 256));
  c.handler_threads =
      static_cast<unsigned>(num(h, "http", "handler_threads", c.handler_threads, 0, 256));
  if (!bad_key.empty()) {
    return core::Error::InvalidArgument("config.json: " + bad_key,
                                        "must be an integer from " + bad_range,
                                        core::codes::kInvalidConfig);
  }
  if (c.backend != "sqlite" && c.backend != "postgres") {
    return core::Error::InvalidArgument("config.json: backend", "must be sqlite or postgres",
                                        core::codes::kInvalidConfig);
  }
  if (c.backend == "postgres") {
    const Json p = j.value("postgres", Json::object());
    try {
      if (!p.is_object()) throw Json::type_error::create(302, "not an object", nullptr);
      c.postgres.url = p.value("url", std::string());
      c.postgres.password_file = p.value("password_file", std::string());
      c.postgres.tenant_urls =
          p.value("tenant_urls", std::map<std::string, std::string, std::less<>>());
    } catch (const Json::exception&) {
      return core::Error::InvalidArgument("config.json: postgres",
                                          "must be an object of url, password_file, pool_size"
                                          " and tenant_urls (strings)",
                                          core::codes::kInvalidConfig);
    }
    c.postgres.pool_size = num(p, "postgres", "pool_size", c.postgres.pool_size, 1, 100);
    if (!bad_key.empty()) {
      return core::Error::InvalidArgument("config.json: " + bad_key,
                                          "must be an integer from " + bad_range,
                                          core::codes::kInvalidConfig);
    }
    if (c.postgres.url.empty()) {
      return core::Error::InvalidArgument("config.json: postgres.url",
                                          "is required with backend postgres",
                                          core::codes::kInvalidConfig);
    }
  }
  if (c.auth.idle_timeout.count() < 1 || c.auth.absolute_timeout < c.auth.idle_timeout) {
    return core::Error::InvalidArgument("config.json: session",
                                        "timeouts must be positive and idle <= absolute",
                                        core::codes::kInvalidConfig);
  }
  return c;
}

core::Status DataDir::SaveConfig(const Config& c) const {
  Json j;
  j["version"] = 1;
  j["backend"] = c.backend;
  j["hostnames"] = c.hostnames;
  j["listen"] = c.listen;
  j["ops_listen"] = c.ops_listen;
  j["session"] = {{"idle_timeout_seconds", c.auth.idle_timeout.count()},
                  {"absolute_timeout_seconds", c.auth.absolute_timeout.count()},
                  {"max_failed_logins", c.auth.max_failures},
                  {"lockout_seconds", c.auth.lockout.count()},
                  {"device_max_failed_logins", c.auth.device_max_failures},
                  {"address_max_failed_logins", c.auth.address_max_failures},
                  {"address_window_seconds", c.auth.address_window.count()},
                  {"idle_lock_seconds", c.idle_lock.count()},
                  {"break_glass_seconds", c.break_glass.count()},
                  {"cache_ttl_ms", c.auth.session_cache_ttl.count()},
                  {"cache_capacity", c.auth.session_cache_capacity},
                  {"touch_flush_ms", c.auth.touch_flush_interval.count()}};
  if (c.backend == "postgres") {
    j["postgres"] = {{"url", c.postgres.url},
                     {"password_file", c.postgres.password_file},
                     {"pool_size", c.postgres.pool_size},
                     {"tenant_urls", c.postgres.tenant_urls}};
  }
  j["http"] = {{"header_limit_bytes", c.header_limit},
               {"body_limit_bytes", c.body_limit},
               {"read_timeout_seconds", c.read_timeout.count()},
               {"idle_timeout_seconds", c.idle_timeout.count()},
               {"threads", c.threads},
               {"handler_threads", c.handler_threads}};
  return WritePrivateFile(ConfigPath(), j.dump(2) + "\n");
}

}  // namespace yorisoi::app
