// Byte encodings and digests.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace yorisoi::crypto {

std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);
std::string Base64Encode(std::string_view bytes);                // standard alphabet, padded
std::optional<std::string> Base64Decode(std::string_view text);  // standard alphabet, padded

// SHA-256 of data, as raw 32 bytes / as 64 lower-case hex characters.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// SHA-256 of data given in pieces (files too large to hold in memory).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  // 64 lower-case hex characters; the hasher starts afresh afterwards.
  std::string FinishHex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Compares without leaking where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace yorisoi::crypto
