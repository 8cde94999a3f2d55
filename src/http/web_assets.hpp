// The tablet web app, embedded into the binary at build time (cmake/EmbedWeb.cmake generates the
// table from web/dist; without a built app it holds a placeholder /index.html). ApiHandler serves
// these for GET and HEAD outside /api/. No Boost type here.
#pragma once

#include <span>
#include <string_view>

namespace yorisoi::http {

struct WebAsset {
  std::string_view path;          // URL path: "/index.html", "/assets/index-abc123.js"
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
  std::string_view body;          // the file's bytes
  std::string_view gzip_body;     // `gzip -9 -n` of body; empty when that is not smaller
};

// Every embedded file, in path order (generated).
std::span<const WebAsset> WebAssets();

// The asset with exactly this URL path, or null.
const WebAsset* FindWebAsset(std::string_view path);

// Whether an Accept-Encoding header value accepts gzip ("gzip", "x-gzip" or "*", not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace yorisoi::http
