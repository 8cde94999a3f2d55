#include "core/metrics.hpp"

#include <cstdio>

namespace yorisoi::core {

void RequestMetrics::Observe(const std::string& method, const std::string& route, int status,
                             std::chrono::nanoseconds latency) {
  const double secs = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mu_);
  auto& s = series_[{method, route, status}];
  ++s.count;
  s.sum_seconds += secs;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (secs <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string RequestMetrics::RenderPrometheus() const {
  std::string out;
  out +=
      "# HELP yorisoi_http_requests_total HTTP requests answered, by route pattern and status.\n"
      "# TYPE yorisoi_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  char num[64];
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    std::snprintf(num, sizeof num, "%llu", static_cast<unsigned long long>(s.count));
    out += "yorisoi_http_requests_total{method=\"" + method + "\",route=\"" + route +
           "\",status=\"" + std::to_string(status) + "\"} " + num + "\n";
  }
  out +=
      "# HELP yorisoi_http_request_duration_seconds Time from request parsed to response built.\n"
      "# TYPE yorisoi_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    const std::string labels = "method=\"" + method + "\",route=\"" + route + "\",status=\"" +
                               std::to_string(status) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(num, sizeof num, "%g", kBuckets[i]);
      out += "yorisoi_http_request_duration_seconds_bucket{" + labels + ",le=\"" + num + "\"} " +
             std::to_string(s.buckets[i]) + "\n";
    }
    out += "yorisoi_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(s.count) + "\n";
    std::snprintf(num, sizeof num, "%.9f", s.sum_seconds);
    out += "yorisoi_http_request_duration_seconds_sum{" + labels + "} " + num + "\n";
    out += "yorisoi_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(s.count) + "\n";
  }
  return out;
}

}  // namespace yorisoi::core
