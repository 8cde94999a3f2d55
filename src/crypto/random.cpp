#include "crypto/random.hpp"

#include <sodium.h>

#include <stdexcept>

#include "crypto/encoding.hpp"

namespace yorisoi::crypto {

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(std::size_t n_bytes) { return Base64UrlEncode(RandomBytes(n_bytes)); }

std::string NewId(std::string_view prefix) {
  std::string id(prefix);
  id += '_';
  id += HexEncode(RandomBytes(12));
  return id;
}

}  // namespace yorisoi::crypto
