#include "crypto/mac.hpp"

#include <sodium.h>

#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"

namespace yorisoi::crypto {

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
  sodium_memzero(&state, sizeof state);
  return HexEncode(mac);
}

core::Result<std::string> DeriveSubkey(std::string_view master_key, std::string_view context,
                                       uint64_t id) {
  static_assert(crypto_kdf_KEYBYTES == 32 && crypto_kdf_CONTEXTBYTES == 8);
  if (master_key.size() != crypto_kdf_KEYBYTES) {
    return core::Error::InvalidArgument("key", "must be 32 bytes", core::codes::kInvalidKey);
  }
  if (context.size() != crypto_kdf_CONTEXTBYTES) {
    return core::Error::InvalidArgument("context", "must be 8 characters",
                                        core::codes::kInvalidContext);
  }
  char ctx[crypto_kdf_CONTEXTBYTES];
  context.copy(ctx, sizeof ctx);
  std::string subkey(32, '\0');
  if (crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(subkey.data()), subkey.size(), id,
                                 ctx,
                                 reinterpret_cast<const unsigned char*>(master_key.data())) != 0) {
    return core::Error::Internal("key derivation failed");
  }
  return subkey;
}

}  // namespace yorisoi::crypto
