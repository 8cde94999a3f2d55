// Long data encrypted in authenticated chunks (libsodium's crypto_secretstream_xchacha20poly1305)
// under a key derived from a passphrase (argon2id): the building blocks of the backup format
// (app/backup_format.hpp). Every chunk is authenticated in order and the last one is tagged
// final, so a stream that is reordered, cut short or extended is detected.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/secret_box.hpp"

namespace yorisoi::crypto {

// argon2id parameters for DeriveKey.
struct KdfCost {
  uint64_t ops_limit = 0;
  uint64_t mem_limit = 0;  // bytes
  // libsodium's MODERATE level: 3 passes over 256 MiB, about a second.
  static KdfCost Moderate();
  // The smallest libsodium allows (for tests only: fast, and weak).
  static KdfCost Minimum();
  // Whether a cost read from a file is one DeriveKey accepts: within libsodium's bounds, and at
  // most 4 GiB / 64 passes, so that a crafted file cannot make a reader allocate without limit.
  bool Acceptable() const;
};

inline constexpr std::size_t kKdfSaltSize = 16;

// A 32-byte key from a passphrase and a kKdfSaltSize-byte salt with argon2id (v1.3).
// kInvalidArgument for a wrong salt size or an unacceptable cost, kUnavailable when out of memory.
core::Result<SecretKey> DeriveKey(std::string_view passphrase, std::string_view salt, KdfCost cost);

class StreamEncryptor {
 public:
  static constexpr std::size_t kHeaderSize = 24;  // crypto_secretstream_..._HEADERBYTES
  static constexpr std::size_t kOverhead = 17;    // per chunk: crypto_secretstream_..._ABYTES

  explicit StreamEncryptor(const SecretKey& key);
  ~StreamEncryptor();
  StreamEncryptor(const StreamEncryptor&) = delete;
  StreamEncryptor& operator=(const StreamEncryptor&) = delete;

  // Written before the first chunk; the decryptor needs it.
  const std::string& header() const { return header_; }
  // One chunk: ciphertext of plaintext.size() + kOverhead bytes. ad is authenticated, not
  // encrypted. After a final chunk no more may be pushed.
  std::string Push(std::string_view plaintext, std::string_view ad, bool final);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string header_;
};

class StreamDecryptor {
 public:
  // kInvalidArgument when header is not kHeaderSize bytes.
  static core::Result<std::unique_ptr<StreamDecryptor>> Create(const SecretKey& key,
                                                               std::string_view header);
  ~StreamDecryptor();
  StreamDecryptor(const StreamDecryptor&) = delete;
  StreamDecryptor& operator=(const StreamDecryptor&) = delete;

  struct Chunk {
    std::string plaintext;
    bool final = false;
  };
  // The next chunk. kInvalidArgument ("chunk_not_authentic") when it fails authentication: a
  // wrong key, a changed byte, a chunk out of order, or any chunk after the final one.
  core::Result<Chunk> Pull(std::string_view ciphertext, std::string_view ad);

 private:
  StreamDecryptor();
  struct State;
  std::unique_ptr<State> state_;
  bool finished_ = false;
};

}  // namespace yorisoi::crypto
