#include "storage/postgres/notifier.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "core/error_codes.hpp"

namespace yorisoi::storage::postgres {
namespace {

constexpr const char* kChannel = "yorisoi";

bool ValidTopic(std::string_view topic) {
  return !topic.empty() && topic.size() <= 40 &&
         topic.find_first_not_of("abcdefghijklmnopqrstuvwxyz._-") == std::string_view::npos;
}

class PgNotifier final : public domain::Notifier {
 public:
  PgNotifier(ServerParams server, ConnectionPool& pool) : server_(std::move(server)), pool_(pool) {}
  ~PgNotifier() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  core::Status Publish(std::string_view topic, std::string_view payload) override {
    if (!ValidTopic(topic) || payload.size() > 200 ||
        payload.find('\n') != std::string_view::npos) {
      return core::Error::InvalidArgument("topic", "is not a notification topic",
                                          core::codes::kBadTopic);
    }
    const std::string message = std::string(topic) + "\n" + std::string(payload);
    for (int attempt = 0; attempt < 2; ++attempt) {
      YS_ASSIGN_OR_RETURN(auto conn, pool_.Acquire(attempt > 0));
      YS_ASSIGN_OR_RETURN(auto st, conn->Prepare("SELECT pg_notify('yorisoi', ?)"));
      auto sent = st.Bind(1, message).Exec();
      if (sent.ok()) return core::Ok();
      if (conn->Healthy()) return std::move(sent).error();
      pool_.DropIdle();  // the server went away: try once on a new connection
    }
    return core::Error::Unavailable("postgres: cannot publish the notification");
  }

  void Listen(Listener listener) override {
    listener_ = std::move(listener);
    thread_ = std::thread([this] { Run(); });
  }

 private:
  void Run() {
    bool first = true;
    while (!stop_) {
      auto conn = Connection::Open(server_, "");
      if (!conn.ok() || !(*conn)->ExecScript(std::string("LISTEN ") + kChannel).ok()) {
        Sleep(std::chrono::milliseconds(200));
        continue;
      }
      if (!first) listener_(domain::topics::kResync, "");
      first = false;
      Pump(**conn);
    }
  }

  // Delivers notifications until the connection breaks or the notifier stops.
  void Pump(Connection& conn) {
    pg_conn* raw = conn.raw();
    while (!stop_) {
      pollfd fd{PQsocket(raw), POLLIN, 0};
      const int ready = ::poll(&fd, 1, 100);
      if (ready < 0 && errno != EINTR) return;
      if (ready > 0 && PQconsumeInput(raw) == 0) return;  // the server went away
      while (PGnotify* n = PQnotifies(raw)) {
        std::string_view message(n->extra);
        const auto nl = message.find('\n');
        if (nl != std::string_view::npos) listener_(message.substr(0, nl), message.substr(nl + 1));
        PQfreemem(n);
      }
      if (PQstatus(raw) != CONNECTION_OK) return;
    }
  }

  void Sleep(std::chrono::milliseconds total) {
    for (auto left = total; left.count() > 0 && !stop_; left -= std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  const ServerParams server_;
  ConnectionPool& pool_;
  Listener listener_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

std::unique_ptr<domain::Notifier> MakeNotifier(ServerParams server, ConnectionPool& pool) {
  return std::make_unique<PgNotifier>(std::move(server), pool);
}

}  // namespace yorisoi::storage::postgres
