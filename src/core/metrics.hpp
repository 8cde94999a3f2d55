// Request metrics in Prometheus text exposition format. Labels are route patterns and status
// codes only — never raw paths, query strings or anything a person typed.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace yorisoi::core {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // Thread-safe.
  void Observe(const std::string& method, const std::string& route, int status,
               std::chrono::nanoseconds latency);
  std::string RenderPrometheus() const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum_seconds = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

}  // namespace yorisoi::core
