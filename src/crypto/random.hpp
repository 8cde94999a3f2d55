// Cryptographically secure randomness (libsodium's randombytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yorisoi::crypto {

// Must be called once before any other function of this folder (idempotent, thread-safe).
void InitCrypto();

std::string RandomBytes(std::size_t n);
// n random bytes, base64url without padding: for session tokens and one-time passwords.
std::string RandomToken(std::size_t n_bytes = 32);
// An opaque identifier: prefix + "_" + 24 lower-case hex characters (96 random bits).
std::string NewId(std::string_view prefix);

}  // namespace yorisoi::crypto
