#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  try {
    return yorisoi::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "yorisoi: fatal: %s\n", e.what());
    return 1;
  }
}
