#include "http/web_assets.hpp"

#include "net/http_types.hpp"

namespace yorisoi::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A q value of zero ("0", "0.", "0.0", "0.000") means "not acceptable" (RFC 9110 12.4.2).
bool IsZeroQuality(std::string_view q) {
  if (q.empty() || q.front() != '0') return false;
  q.remove_prefix(1);
  if (q.empty()) return true;
  if (q.front() != '.') return false;
  q.remove_prefix(1);
  return q.find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

const WebAsset* FindWebAsset(std::string_view path) {
  for (const WebAsset& asset : WebAssets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  bool gzip = false;     // named, acceptable
  bool refused = false;  // named with q=0
  bool any = false;      // "*", acceptable
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                  : comma + 1);
    const auto semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    bool zero = false;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        const auto next = params.find(';');
        const std::string_view param = Trim(params.substr(0, next));
        params.remove_prefix(next == std::string_view::npos ? params.size() : next + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          zero = IsZeroQuality(Trim(param.substr(2)));
        }
      }
    }
    if (net::EqualsIgnoreCase(coding, "gzip") || net::EqualsIgnoreCase(coding, "x-gzip")) {
      if (zero) {
        refused = true;
      } else {
        gzip = true;
      }
    } else if (coding == "*" && !zero) {
      any = true;
    }
  }
  return gzip || (any && !refused);
}

}  // namespace yorisoi::http
