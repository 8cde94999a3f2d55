#include "crypto/secret_stream.hpp"

#include <sodium.h>

#include "core/error_codes.hpp"

namespace yorisoi::crypto {

static_assert(StreamEncryptor::kHeaderSize == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(StreamEncryptor::kOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(kKdfSaltSize == crypto_pwhash_SALTBYTES);
static_assert(SecretKey::kSize == crypto_secretstream_xchacha20poly1305_KEYBYTES);

namespace {
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
}  // namespace

KdfCost KdfCost::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

KdfCost KdfCost::Minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

bool KdfCost::Acceptable() const {
  constexpr uint64_t kMaxOps = 64;
  constexpr uint64_t kMaxMem = uint64_t{4} << 30;
  return ops_limit >= crypto_pwhash_OPSLIMIT_MIN && ops_limit <= kMaxOps &&
         mem_limit >= crypto_pwhash_MEMLIMIT_MIN && mem_limit <= kMaxMem &&
         mem_limit <= crypto_pwhash_MEMLIMIT_MAX;
}

core::Result<SecretKey> DeriveKey(std::string_view passphrase, std::string_view salt,
                                  KdfCost cost) {
  if (salt.size() != kKdfSaltSize) {
    return core::Error::InvalidArgument("salt", "must be 16 bytes", core::codes::kInvalidKdf);
  }
  if (!cost.Acceptable()) {
    return core::Error::InvalidArgument("kdf", "argon2id cost out of bounds",
                                        core::codes::kInvalidKdf);
  }
  std::string key(SecretKey::kSize, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.data(),
                    passphrase.size(), U(salt), cost.ops_limit,
                    static_cast<std::size_t>(cost.mem_limit), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Error::Unavailable("key derivation ran out of memory");
  }
  auto derived = SecretKey::FromBytes(key);
  sodium_memzero(key.data(), key.size());
  return derived;
}

struct StreamEncryptor::State {
  crypto_secretstream_xchacha20poly1305_state st;
  ~State() { sodium_memzero(&st, sizeof st); }
};

StreamEncryptor::StreamEncryptor(const SecretKey& key)
    : state_(std::make_unique<State>()), header_(kHeaderSize, '\0') {
  crypto_secretstream_xchacha20poly1305_init_push(
      &state_->st, reinterpret_cast<unsigned char*>(header_.data()), U(key.bytes()));
}

StreamEncryptor::~StreamEncryptor() = default;

std::string StreamEncryptor::Push(std::string_view plaintext, std::string_view ad, bool final) {
  std::string out(plaintext.size() + kOverhead, '\0');
  unsigned long long len = 0;
  crypto_secretstream_xchacha20poly1305_push(
      &state_->st, reinterpret_cast<unsigned char*>(out.data()), &len, U(plaintext),
      plaintext.size(), ad.empty() ? nullptr : U(ad), ad.size(),
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  out.resize(static_cast<std::size_t>(len));
  return out;
}

struct StreamDecryptor::State {
  crypto_secretstream_xchacha20poly1305_state st;
  ~State() { sodium_memzero(&st, sizeof st); }
};

StreamDecryptor::StreamDecryptor() : state_(std::make_unique<State>()) {}
StreamDecryptor::~StreamDecryptor() = default;

core::Result<std::unique_ptr<StreamDecryptor>> StreamDecryptor::Create(const SecretKey& key,
                                                                       std::string_view header) {
  if (header.size() != StreamEncryptor::kHeaderSize) {
    return core::Error::InvalidArgument("header", "stream header must be 24 bytes",
                                        core::codes::kInvalidStreamHeader);
  }
  std::unique_ptr<StreamDecryptor> d(new StreamDecryptor());
  if (crypto_secretstream_xchacha20poly1305_init_pull(&d->state_->st, U(header), U(key.bytes())) !=
      0) {
    return core::Error::InvalidArgument("header", "invalid stream header",
                                        core::codes::kInvalidStreamHeader);
  }
  return d;
}

core::Result<StreamDecryptor::Chunk> StreamDecryptor::Pull(std::string_view ciphertext,
                                                           std::string_view ad) {
  const auto refused = [] {
    return core::Error::InvalidArgument("chunk", "chunk failed authentication",
                                        core::codes::kChunkNotAuthentic);
  };
  if (finished_ || ciphertext.size() < StreamEncryptor::kOverhead) return refused();
  Chunk chunk;
  chunk.plaintext.resize(ciphertext.size() - StreamEncryptor::kOverhead);
  unsigned long long len = 0;
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          &state_->st, reinterpret_cast<unsigned char*>(chunk.plaintext.data()), &len, &tag,
          U(ciphertext), ciphertext.size(), ad.empty() ? nullptr : U(ad), ad.size()) != 0) {
    return refused();
  }
  // Only the two tags this format writes are valid.
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE &&
      tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    return refused();
  }
  chunk.plaintext.resize(static_cast<std::size_t>(len));
  chunk.final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  finished_ = chunk.final;
  return chunk;
}

}  // namespace yorisoi::crypto
