#include "crypto/password.hpp"

#include <sodium.h>

namespace yorisoi::crypto {

PasswordHashCost PasswordHashCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

core::Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit, cost.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Error::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  const std::string enc(encoded);  // crypto_pwhash_str_verify needs a NUL-terminated string
  if (enc.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(enc.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view encoded, PasswordHashCost cost) {
  const std::string enc(encoded);
  return crypto_pwhash_str_needs_rehash(enc.c_str(), cost.ops_limit, cost.mem_limit) != 0;
}

}  // namespace yorisoi::crypto
