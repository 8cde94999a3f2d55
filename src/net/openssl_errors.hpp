// Internal to src/net: the thread's OpenSSL error queue as text, for start-up errors.
#pragma once

#include <openssl/err.h>

#include <array>
#include <string>

namespace yorisoi::net {

// Empties the queue; "unknown OpenSSL error" when it was empty.
inline std::string OpenSslErrors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(code, buf.data(), buf.size());
    if (!out.empty()) out += "; ";
    out += buf.data();
  }
  return out.empty() ? std::string("unknown OpenSSL error") : out;
}

}  // namespace yorisoi::net
