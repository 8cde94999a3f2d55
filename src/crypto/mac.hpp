// Keyed digests and key derivation (libsodium): the audit chain's HMAC and the subkeys derived
// from a tenant's key, one per purpose, so that no key serves two purposes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yorisoi::crypto {

// HMAC-SHA-256 of data under key (any length), as 64 lower-case hex characters.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// A 32-byte subkey of a 32-byte master key for one purpose (libsodium crypto_kdf, BLAKE2b):
// context names the purpose in exactly 8 characters, id numbers the subkeys within it. Different
// contexts or ids give independent keys; the master key cannot be recovered from a subkey.
// kInvalidArgument when the master key is not 32 bytes or the context not 8 characters.
core::Result<std::string> DeriveSubkey(std::string_view master_key, std::string_view context,
                                       uint64_t id);

}  // namespace yorisoi::crypto
