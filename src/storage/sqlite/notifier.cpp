#include "storage/sqlite/notifier.hpp"

#include <mutex>

namespace yorisoi::storage::sqlite {
namespace {

class LocalNotifier final : public domain::Notifier {
 public:
  core::Status Publish(std::string_view topic, std::string_view payload) override {
    Listener listener;
    {
      std::lock_guard lock(mu_);
      listener = listener_;
    }
    if (listener) listener(topic, payload);
    return core::Ok();
  }
  void Listen(Listener listener) override {
    std::lock_guard lock(mu_);
    listener_ = std::move(listener);
  }

 private:
  std::mutex mu_;
  Listener listener_;
};

}  // namespace

std::unique_ptr<domain::Notifier> MakeNotifier() { return std::make_unique<LocalNotifier>(); }

}  // namespace yorisoi::storage::sqlite
