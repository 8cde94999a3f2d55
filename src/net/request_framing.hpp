// Internal to src/net (and fuzz/fuzz_request.cpp, which checks the same): what RFC 9112 asks of
// a request header that Beast's parser lets through. Header-only and Beast, so include it only
// where Beast is included anyway (http_session.cpp).
#pragma once

#include <utility>  // before any Boost header (Boost 1.74 + g++ 12)

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <string_view>

#include "net/http_types.hpp"

namespace yorisoi::net {

// Calls `item` with each element of a comma-separated header value, without the white space
// around it; empty elements are skipped.
template <class Fn>
void ForEachListItem(std::string_view value, Fn item) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view element = value.substr(0, comma);
    while (!element.empty() && (element.front() == ' ' || element.front() == '\t')) {
      element.remove_prefix(1);
    }
    while (!element.empty() && (element.back() == ' ' || element.back() == '\t')) {
      element.remove_suffix(1);
    }
    if (!element.empty()) item(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// An error of Beast's HTTP category (answered 400 malformed_request, then the connection is
// closed) when the parsed request header of `parser` is one to refuse:
//   * Transfer-Encoding present but its codings (over all its fields) are not one "chunked",
//     last, in HTTP/1.1 (RFC 9112 6.1, 6.3). Beast reads such a request as having no body and
//     would parse the body as the next request ("identity", "gzip", "xchunked",
//     "chunked, identity": request smuggling). An HTTP/1.0 request with Transfer-Encoding too.
//   * no Host in HTTP/1.1, or more than one Host (RFC 9112 3.2).
template <class Parser>
boost::beast::error_code CheckRequestHeader(const Parser& parser) {
  namespace http = boost::beast::http;
  const auto& header = parser.get();
  bool transfer_encoding = false;
  int chunked = 0;
  bool chunked_last = false;
  for (const auto& field : header) {
    if (field.name() != http::field::transfer_encoding) continue;
    transfer_encoding = true;
    ForEachListItem(field.value(), [&](std::string_view coding) {
      chunked_last = EqualsIgnoreCase(coding, "chunked");
      if (chunked_last) ++chunked;
    });
  }
  if (transfer_encoding &&
      (header.version() < 11 || chunked != 1 || !chunked_last || !parser.chunked())) {
    return http::error::bad_transfer_encoding;
  }
  const std::size_t hosts = header.count(http::field::host);
  if (hosts > 1 || (hosts == 0 && header.version() >= 11)) return http::error::bad_field;
  return {};
}

}  // namespace yorisoi::net
