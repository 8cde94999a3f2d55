// The embedded backend's notifier: one server process per data folder, so notifications stay in
// the process (another process, such as the command line, is seen by the server's polling).
#pragma once

#include <memory>

#include "domain/notifier.hpp"

namespace yorisoi::storage::sqlite {

std::unique_ptr<domain::Notifier> MakeNotifier();

}  // namespace yorisoi::storage::sqlite
