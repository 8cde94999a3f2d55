#include "crypto/secret_box.hpp"

#include <sodium.h>

#include "crypto/random.hpp"

namespace yorisoi::crypto {

SecretKey SecretKey::Generate() { return SecretKey(RandomBytes(kSize)); }

core::Result<SecretKey> SecretKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kSize) return core::Error::InvalidArgument("key", "key must be 32 bytes");
  return SecretKey(std::string(bytes));
}

SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::string SecretKey::Seal(std::string_view plaintext, std::string_view ad) const {
  constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out = RandomBytes(kNonce);
  out.resize(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + kNonce), &clen,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
      reinterpret_cast<const unsigned char*>(out.data()),
      reinterpret_cast<const unsigned char*>(bytes_.data()));
  out.resize(kNonce + clen);
  return out;
}

core::Result<std::string> SecretKey::Open(std::string_view sealed, std::string_view ad) const {
  constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr auto kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) return core::Error::Internal("sealed data is truncated");
  std::string out(sealed.size() - kNonce - kTag, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.data() + kNonce), sealed.size() - kNonce,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          reinterpret_cast<const unsigned char*>(sealed.data()),
          reinterpret_cast<const unsigned char*>(bytes_.data())) != 0) {
    return core::Error::Internal("sealed data failed authentication (wrong key or tampered)");
  }
  out.resize(mlen);
  return out;
}

}  // namespace yorisoi::crypto
