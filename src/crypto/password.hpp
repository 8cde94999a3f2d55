// Password hashing with argon2id (libsodium crypto_pwhash_str).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yorisoi::crypto {

struct PasswordHashCost {
  unsigned long long ops_limit;
  std::size_t mem_limit;
  // libsodium's INTERACTIVE level: 2 passes over 64 MiB. ~0.1 s on this class of machine.
  static PasswordHashCost Interactive();
};

// The encoded "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string (salt included).
core::Result<std::string> HashPassword(std::string_view password,
                                       PasswordHashCost cost = PasswordHashCost::Interactive());
// True when password matches encoded. Constant time in the password; false on a malformed hash.
bool VerifyPassword(std::string_view encoded, std::string_view password);
// True when encoded was made with different parameters than cost (time to rehash on login).
bool PasswordNeedsRehash(std::string_view encoded,
                         PasswordHashCost cost = PasswordHashCost::Interactive());

}  // namespace yorisoi::crypto
