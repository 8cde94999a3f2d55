// main() of the unit tests: libsodium is initialised once, before any test runs.
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

#include <gtest/gtest.h>

#include "crypto/random.hpp"
#include "test_support.hpp"

namespace yorisoi::testing_support {

TempFolder::TempFolder() {
  std::string pattern = ::testing::TempDir() + "yorisoi-unit-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

class CryptoEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override { crypto::InitCrypto(); }
};

}  // namespace
}  // namespace yorisoi::testing_support

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new yorisoi::testing_support::CryptoEnvironment);
  return RUN_ALL_TESTS();
}
