// Symmetric authenticated encryption (XChaCha20-Poly1305) for keys at rest: tenant keys are
// sealed with the platform key; later, blobs and backups with the tenant key.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yorisoi::crypto {

class SecretKey {
 public:
  static constexpr std::size_t kSize = 32;
  static SecretKey Generate();
  // Fails (kInvalidArgument) when bytes is not kSize long.
  static core::Result<SecretKey> FromBytes(std::string_view bytes);
  ~SecretKey();
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;

  const std::string& bytes() const { return bytes_; }

  // nonce || ciphertext+tag. ad is authenticated, not encrypted (e.g. the tenant id).
  std::string Seal(std::string_view plaintext, std::string_view ad = {}) const;
  core::Result<std::string> Open(std::string_view sealed, std::string_view ad = {}) const;

 private:
  explicit SecretKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace yorisoi::crypto
