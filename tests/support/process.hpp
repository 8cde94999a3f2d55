// Runs the real `build/yorisoi` binary for the functional tests: one-shot CLI commands and a
// server process on free ports.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace yorisoi::testing {

// Path of the binary under test: $YORISOI_TEST_BINARY if set and not empty (to run the suites
// against another build, e.g. an older commit's, to show that a new test fails there), else the
// build's own build/<preset>/yorisoi (set by CMake).
const std::string& YorisoiBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs yorisoi with args, feeding stdin_text; waits for it.
CommandResult RunYorisoi(const std::vector<std::string>& args, const std::string& stdin_text = "");

// A fresh folder under the test temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  // Starts `yorisoi serve --data DIR --listen 127.0.0.1:0 --ops 127.0.0.1:0` (plus extra_args)
  // and waits for its "listening" line. Throws std::runtime_error when it does not come up.
  ServerProcess(const std::string& data_dir, std::vector<std::string> extra_args = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t https_port() const { return https_port_; }
  uint16_t ops_port() const { return ops_port_; }
  pid_t pid() const { return pid_; }
  // SIGTERM and wait up to timeout_ms; returns the exit status, or -1 on timeout (then killed).
  int Stop(int timeout_ms = 15000);
  // Everything the server wrote to standard error so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  uint16_t https_port_ = 0;
  uint16_t ops_port_ = 0;
  std::string log_path_;
};

}  // namespace yorisoi::testing
