#include "domain/users/login_throttle.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace yorisoi::domain {
namespace {

using std::chrono::seconds;

const core::TimePoint kT0 = core::FromUnixMillis(1751328000000);

TEST(LoginThrottleTest, UnknownAddressIsAllowed) {
  LoginThrottle t(3, seconds(60));
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0));
}

TEST(LoginThrottleTest, BlocksAtTheLimit) {
  LoginThrottle t(3, seconds(60));
  t.RecordFailure("192.0.2.1", kT0);
  t.RecordFailure("192.0.2.1", kT0 + seconds(1));
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(2))) << "two failures are under the limit";
  t.RecordFailure("192.0.2.1", kT0 + seconds(2));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(2)));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(59)));
}

TEST(LoginThrottleTest, AddressesAreCountedSeparately) {
  LoginThrottle t(3, seconds(60));
  for (int i = 0; i < 3; ++i) t.RecordFailure("192.0.2.1", kT0);
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0));
  EXPECT_TRUE(t.Allow("192.0.2.2", kT0));
  EXPECT_TRUE(t.Allow("2001:db8::1", kT0));
}

TEST(LoginThrottleTest, FailuresLeaveTheWindow) {
  LoginThrottle t(3, seconds(60));
  t.RecordFailure("192.0.2.1", kT0);
  t.RecordFailure("192.0.2.1", kT0 + seconds(10));
  t.RecordFailure("192.0.2.1", kT0 + seconds(20));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(59)));
  // The first failure is exactly one window old: it no longer counts.
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(60)));
  // A new failure fills the window again (t0+10, t0+20, t0+60).
  t.RecordFailure("192.0.2.1", kT0 + seconds(60));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(60)));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(69)));
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(70)));
  // Long after, everything has expired.
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(1000)));
}

TEST(LoginThrottleTest, ExpiredEntryStartsFromZero) {
  LoginThrottle t(2, seconds(60));
  t.RecordFailure("192.0.2.1", kT0);
  t.RecordFailure("192.0.2.1", kT0);
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0));
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(120)));
  t.RecordFailure("192.0.2.1", kT0 + seconds(120));
  EXPECT_TRUE(t.Allow("192.0.2.1", kT0 + seconds(120))) << "one failure after the reset";
  t.RecordFailure("192.0.2.1", kT0 + seconds(121));
  EXPECT_FALSE(t.Allow("192.0.2.1", kT0 + seconds(121)));
}

}  // namespace
}  // namespace yorisoi::domain
