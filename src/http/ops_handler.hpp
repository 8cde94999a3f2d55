// The ops listener (loopback by default, plain HTTP): GET /healthz and GET /metrics.
#pragma once

#include <functional>

#include "core/metrics.hpp"
#include "net/http_types.hpp"

namespace yorisoi::http {

class OpsHandler final : public net::Handler {
 public:
  // health: returns true when the storage answers.
  OpsHandler(core::RequestMetrics& metrics, std::function<bool()> health)
      : metrics_(metrics), health_(std::move(health)) {}
  net::Response Handle(const net::Request& request) override;
  net::Response HandleProtocolError(const core::Error& error) override;

 private:
  core::RequestMetrics& metrics_;
  std::function<bool()> health_;
};

}  // namespace yorisoi::http
