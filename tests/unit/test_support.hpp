// Helpers shared by the unit tests: readable Result assertions and a temporary folder.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/result.hpp"

namespace yorisoi::core {

// So that EXPECT_EQ(errc, Errc::kNotFound) prints "not_found" instead of a number.
inline void PrintTo(Errc errc, std::ostream* os) { *os << ErrcName(errc); }

}  // namespace yorisoi::core

namespace yorisoi::testing_support {

inline std::string Describe(const core::Error& e) {
  return std::string(core::ErrcName(e.errc)) + " code=" + e.code + " field=" + e.field +
         " message=" + e.message;
}

// EXPECT_TRUE(IsOk(result)) prints the error when there is one.
template <typename R>
::testing::AssertionResult IsOk(const R& r) {
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected ok, got " << Describe(r.error());
}

// EXPECT_TRUE(IsError(result, Errc::kConflict, "login_taken")); an empty code is not checked.
template <typename R>
::testing::AssertionResult IsError(const R& r, core::Errc errc, std::string_view code = {}) {
  if (r.ok()) {
    return ::testing::AssertionFailure() << "expected " << core::ErrcName(errc) << ", got ok";
  }
  const core::Error& e = r.error();
  if (e.errc != errc || (!code.empty() && e.code != code)) {
    return ::testing::AssertionFailure()
           << "expected " << core::ErrcName(errc) << (code.empty() ? "" : " code=") << code
           << ", got " << Describe(e);
  }
  return ::testing::AssertionSuccess();
}

// A fresh, empty folder under testing::TempDir(); removed with its contents when destroyed.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace yorisoi::testing_support
