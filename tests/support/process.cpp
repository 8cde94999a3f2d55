#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef YORISOI_BINARY_PATH
#error "YORISOI_BINARY_PATH must be defined by the build"
#endif

namespace yorisoi::testing {
namespace fs = std::filesystem;

const std::string& YorisoiBinary() {
  static const std::string kPath = [] {
    const char* other = std::getenv("YORISOI_TEST_BINARY");
    return std::string(other != nullptr && *other != '\0' ? other : YORISOI_BINARY_PATH);
  }();
  return kPath;
}

namespace {

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(YorisoiBinary().c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

std::string ReadAllFd(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

// Writes all of data to a pipe, or as much as the reader takes before it exits. A write to a pipe
// whose reader has gone raises SIGPIPE (there is no MSG_NOSIGNAL for pipes), which would kill the
// test binary: the signal is blocked in this thread for the write, and one that the write raised
// is taken off the pending set before the mask is restored. Returns false on EPIPE.
bool WriteToPipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only, old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  bool ok = true;
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  if (!ok && errno == EPIPE && !was_pending) {
    const timespec zero{0, 0};
    while (::sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return ok;
}

// True for a folder name TempDir gives ("yorisoi-test-PID-...") whose process no longer runs: what
// a test binary killed by a signal or a ctest timeout left behind (no destructor ran).
bool LeftByADeadProcess(const std::string& name) {
  static const std::regex kName(R"(yorisoi-test-(\d+)-\d+-\d+)");
  std::smatch m;
  if (!std::regex_match(name, m, kName)) return false;
  const long pid = std::stol(m[1]);
  if (pid <= 0 || pid == ::getpid()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

CommandResult RunYorisoi(const std::vector<std::string>& args, const std::string& stdin_text) {
  int in[2], out[2], err[2];
  if (::pipe(in) || ::pipe(out) || ::pipe(err)) throw std::runtime_error("pipe");
  auto argv = Argv(args);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  // A command that exits without reading all of its input is answered by its exit code and
  // output, like any other.
  if (!stdin_text.empty()) WriteToPipe(in[1], stdin_text.data(), stdin_text.size());
  ::close(in[1]);
  CommandResult r;
  std::thread t([&] { r.err = ReadAllFd(err[0]); });
  r.out = ReadAllFd(out[0]);
  t.join();
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  const char* env = std::getenv("TMPDIR");
  const std::string base = env && *env ? env : "/tmp";
  // The folders of test binaries that died without running their destructors go first.
  std::error_code ec;
  for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
    if (LeftByADeadProcess(it->path().filename().string())) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
  path_ = base + "/yorisoi-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
          "-" + std::to_string(rd());
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

ServerProcess::ServerProcess(const std::string& data_dir, std::vector<std::string> extra_args) {
  log_path_ = data_dir + "/server-stderr.log";
  std::vector<std::string> args = {"serve",       "--data", data_dir,     "--listen",
                                   "127.0.0.1:0", "--ops",  "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto argv = Argv(args);
  int out[2];
  if (::pipe(out)) throw std::runtime_error("pipe");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(log, 2);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  ::close(out[1]);
  // Wait for "listening https=127.0.0.1:P ops=127.0.0.1:Q" (up to 30 s: ASan start-up is slow).
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char buf[512];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(out[0]);  // later writes to stdout go nowhere; the server only prints this line
  std::smatch m;
  static const std::regex kRe(R"(listening https=[^ ]*:(\d+) ops=[^ ]*:(\d+))");
  if (!std::regex_search(line, m, kRe)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error("server did not start; stderr: " + Log());
  }
  https_port_ = static_cast<uint16_t>(std::stoi(m[1]));
  ops_port_ = static_cast<uint16_t>(std::stoi(m[2]));
}

int ServerProcess::Stop(int timeout_ms) {
  if (pid_ < 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace yorisoi::testing
