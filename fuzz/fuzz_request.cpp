// libFuzzer target for the path untrusted bytes take into the server: the HTTP/1.1 request
// parser with the server's limits and the server's own header checks (net/request_framing.hpp),
// then routing and the strict JSON body reader.
// Build and run: `make fuzz` (clang, -fsanitize=fuzzer,address,undefined).
#include <utility>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>

#include "http/json.hpp"
#include "http/router.hpp"
#include "net/http_types.hpp"
#include "net/request_framing.hpp"

namespace {

namespace http = boost::beast::http;
using yorisoi::http::JsonObject;

const yorisoi::http::Router& TestRouter() {
  static const yorisoi::http::Router router = [] {
    yorisoi::http::Router r;
    auto nop = [](yorisoi::http::RequestContext&) -> yorisoi::core::Result<yorisoi::net::Response> {
      return yorisoi::net::Response{};
    };
    for (const char* p : {"/api/v1/login", "/api/v1/me", "/api/v1/users", "/api/v1/users/{id}",
                          "/api/v1/users/{id}/reset-password", "/api/v1/units"}) {
      r.Add({"POST", p, std::nullopt, nop});
      r.Add({"GET", p, std::nullopt, nop});
    }
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (!ec) ec = yorisoi::net::CheckRequestHeader(parser);  // what the server refuses after Beast
  if (ec || !parser.is_done()) {
    // Bytes that are not a request still exercise the JSON reader directly.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto obj = JsonObject::ParseText(text, {"tenant", "login", "password", "unit_ids"});
    if (obj.ok()) {
      (void)obj->String("login");
      (void)obj->StringArray("unit_ids", false);
      (void)obj->Int("password");
    }
    return 0;
  }
  const auto& msg = parser.get();
  yorisoi::net::Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& f : msg)
    req.headers.push_back({std::string(f.name_string()), std::string(f.value())});
  req.body = msg.body();
  (void)TestRouter().Find(req.method, req.Path());
  (void)req.Query();
  auto obj = JsonObject::Parse(req, {"tenant", "login", "password", "unit_ids"});
  if (obj.ok()) {
    (void)obj->String("tenant");
    (void)obj->OptionalString("password");
    (void)obj->StringArray("unit_ids", true);
  }
  return 0;
}
