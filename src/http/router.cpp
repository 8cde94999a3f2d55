#include "http/router.hpp"

namespace yorisoi::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; an empty segment (double or trailing slash) is kept so
// that such paths do not match.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::pair<std::string, std::string>>& params) {
  const auto ps = Segments(pattern);
  const auto xs = Segments(path);
  if (ps.size() != xs.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (IsParam(ps[i])) {
      if (xs[i].empty() || xs[i].size() > 128) return false;
      params.emplace_back(std::string(ps[i].substr(1, ps[i].size() - 2)), std::string(xs[i]));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view RequestContext::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& r : routes_) {
    if (!MatchPattern(r.pattern, path, params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.path_known = true;
  }
  return m;
}

}  // namespace yorisoi::http
