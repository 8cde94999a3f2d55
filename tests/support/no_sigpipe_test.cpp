// The test support library itself: nothing it does can kill the test binary with SIGPIPE, and the
// temporary folders of a test binary that died anyway are removed by the next one. (The HTTPS
// client's half, a write to a server that was killed, is in functional/crash_test.cpp, which has
// an installation to kill.)
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "process.hpp"

namespace yorisoi::testing {
namespace {

namespace fs = std::filesystem;

// Runs fn in a child process; its wait status.
template <typename Fn>
int StatusOfChild(Fn fn) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    fn();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// Standard input that the command never reads (it refuses its arguments first): the write runs
// into a pipe whose reader has exited. Before WriteToPipe this killed the test with SIGPIPE.
TEST(NoSigpipe, InputACommandDoesNotReadIsNoSignal) {
  ASSERT_EQ(std::signal(SIGPIPE, SIG_DFL), SIG_DFL) << "SIGPIPE must have its default action here";
  const std::string input(4 << 20, 'x');  // far more than a pipe holds
  const int status = StatusOfChild([&] {
    const CommandResult r = RunYorisoi({"no-such-command"}, input);
    ::_exit(r.exit_code == 2 ? 0 : 10);
  });
  ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "RunYorisoi did not answer the command's exit code 2";
  // The signal is not left pending or blocked in this thread either.
  const CommandResult r = RunYorisoi({"no-such-command"}, input);
  EXPECT_EQ(r.exit_code, 2);
  sigset_t pending, mask;
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  EXPECT_EQ(sigismember(&mask, SIGPIPE), 0);
}

// A test binary killed by a signal (or a ctest timeout) runs no destructor: the next TempDir
// removes the folders of processes that no longer run, and leaves those of live ones.
TEST(TempDirTest, RemovesTheFoldersOfDeadTestProcesses) {
  const char* env = std::getenv("TMPDIR");
  const fs::path base = env && *env ? env : "/tmp";
  // A process that ran and is gone, leaving a folder with a file in it.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const fs::path left = base / ("yorisoi-test-" + std::to_string(dead) + "-0-12345");
  fs::create_directories(left / "data");
  std::ofstream(left / "data" / "server-stderr.log") << "x";
  // A live one's (this process's parent stands in for another running test binary).
  const fs::path live = base / ("yorisoi-test-" + std::to_string(::getppid()) + "-0-12345");
  const bool live_existed = fs::exists(live);
  fs::create_directories(live);

  {
    TempDir dir;
    EXPECT_TRUE(fs::is_directory(dir.path()));
    EXPECT_FALSE(fs::exists(left)) << left << " was left behind";
    EXPECT_TRUE(fs::exists(live)) << "the folder of a running process was removed";
  }
  if (!live_existed) fs::remove_all(live);
  fs::remove_all(left);
}

TEST(TempDirTest, RemovesItsFolderWhenDestroyed) {
  std::string path;
  {
    TempDir dir;
    path = dir.path();
    std::ofstream(path + "/file") << "x";
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace yorisoi::testing
