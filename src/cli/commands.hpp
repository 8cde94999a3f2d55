// The command table of `yorisoi`: one row per command, with its arguments and help. CLI11
// parsing and the help text are generated from this table (commands.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace yorisoi::cli {

struct ArgSpec {
  const char* name;  // "--tenant"
  const char* help;
  bool required = false;
  bool repeated = false;  // may be given several times (--unit, --hostname)
};

using Args = std::map<std::string, std::vector<std::string>>;  // "--tenant" -> values

struct Command {
  const char* name;  // "tenant add"
  const char* help;
  std::vector<ArgSpec> args;
  // Returns the exit status: 0 ok, 1 failure (after printing one line to stderr).
  int (*run)(const Args& args);
};

const std::vector<Command>& Commands();

// Parses argv against the table and runs the command. 2 on bad usage.
int Main(int argc, char** argv);

}  // namespace yorisoi::cli
