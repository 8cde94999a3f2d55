#include "core/metrics.hpp"

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace yorisoi::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;

bool Contains(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

std::vector<std::string> LinesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  }
  return out;
}

const char* kLabels = R"(method="GET",route="/api/v1/users/{id}",status="200")";

TEST(RequestMetricsTest, EmptyHasTypeLinesOnly) {
  RequestMetrics m;
  const std::string out = m.RenderPrometheus();
  EXPECT_TRUE(Contains(out, "# TYPE yorisoi_http_requests_total counter"));
  EXPECT_TRUE(Contains(out, "# TYPE yorisoi_http_request_duration_seconds histogram"));
  EXPECT_TRUE(LinesStartingWith(out, "yorisoi_").empty()) << out;
}

TEST(RequestMetricsTest, CountsByMethodRouteAndStatus) {
  RequestMetrics m;
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(3));
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(3));
  m.Observe("GET", "/api/v1/users/{id}", 404, milliseconds(1));
  m.Observe("POST", "/api/v1/session", 401, milliseconds(120));
  const std::string out = m.RenderPrometheus();
  EXPECT_TRUE(Contains(out, std::string("yorisoi_http_requests_total{") + kLabels + "} 2")) << out;
  EXPECT_TRUE(Contains(
      out,
      R"(yorisoi_http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"} 1)"))
      << out;
  EXPECT_TRUE(Contains(
      out, R"(yorisoi_http_requests_total{method="POST",route="/api/v1/session",status="401"} 1)"))
      << out;
  EXPECT_EQ(LinesStartingWith(out, "yorisoi_http_requests_total{").size(), 3u);
}

TEST(RequestMetricsTest, LabelsAreTheRoutePatternAsGiven) {
  RequestMetrics m;
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(1));
  const std::string out = m.RenderPrometheus();
  EXPECT_THAT(out, HasSubstr(R"(route="/api/v1/users/{id}")"));
  EXPECT_THAT(out, Not(HasSubstr("usr_")));
}

TEST(RequestMetricsTest, HistogramBucketsAreCumulative) {
  RequestMetrics m;
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(3));  // <= 0.005
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(3));
  m.Observe("GET", "/api/v1/users/{id}", 200, milliseconds(200));  // <= 0.25
  m.Observe("GET", "/api/v1/users/{id}", 200, seconds(3));         // only +Inf
  const std::string out = m.RenderPrometheus();
  const std::string b = std::string("yorisoi_http_request_duration_seconds_bucket{") + kLabels;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.0005"} 0)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.0025"} 0)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.005"} 2)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.1"} 2)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.25"} 3)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="1"} 3)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="2.5"} 3)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="+Inf"} 4)")) << out;
  EXPECT_TRUE(
      Contains(out, std::string("yorisoi_http_request_duration_seconds_count{") + kLabels + "} 4"))
      << out;
  EXPECT_TRUE(Contains(
      out, std::string("yorisoi_http_request_duration_seconds_sum{") + kLabels + "} 3.206000000"))
      << out;
  // One line per bucket plus +Inf.
  EXPECT_EQ(LinesStartingWith(out, "yorisoi_http_request_duration_seconds_bucket{").size(),
            RequestMetrics::kBuckets.size() + 1);
}

TEST(RequestMetricsTest, BucketBoundIsInclusive) {
  RequestMetrics m;
  m.Observe("GET", "/healthz", 200, milliseconds(10));  // exactly 0.01
  const std::string out = m.RenderPrometheus();
  const std::string b =
      R"(yorisoi_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200")";
  EXPECT_TRUE(Contains(out, b + R"(,le="0.005"} 0)")) << out;
  EXPECT_TRUE(Contains(out, b + R"(,le="0.01"} 1)")) << out;
}

}  // namespace
}  // namespace yorisoi::core
