// The chunked stream cipher and the passphrase KDF under the backup format.
#include "crypto/secret_stream.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "test_support.hpp"

namespace yorisoi::crypto {
namespace {

using testing_support::IsError;
using testing_support::IsOk;

SecretKey Key(const std::string& passphrase, const std::string& salt = std::string(16, 's')) {
  auto key = DeriveKey(passphrase, salt, KdfCost::Minimum());
  EXPECT_TRUE(IsOk(key));
  return *key;
}

TEST(DeriveKeyTest, SamePassphraseAndSaltSameKey) {
  EXPECT_EQ(Key("a passphrase of some length").bytes(), Key("a passphrase of some length").bytes());
  EXPECT_NE(Key("a passphrase of some length").bytes(), Key("a passphrase of some lengtH").bytes());
  EXPECT_NE(Key("a passphrase of some length").bytes(),
            Key("a passphrase of some length", std::string(16, 't')).bytes());
  EXPECT_TRUE(IsError(DeriveKey("x", "short", KdfCost::Minimum()), core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(DeriveKey("x", std::string(16, 's'), KdfCost{1000, 1u << 20}),
                      core::Errc::kInvalidArgument))
      << "a cost read from a file is bounded";
  EXPECT_TRUE(KdfCost::Moderate().Acceptable());
  EXPECT_FALSE((KdfCost{3, uint64_t{64} << 30}).Acceptable());
}

TEST(SecretStreamTest, ChunksRoundTripInOrderAndTheFinalTagIsSeen) {
  const SecretKey key = SecretKey::Generate();
  StreamEncryptor enc(key);
  std::vector<std::string> plain = {"first", "", RandomBytes(70000), "last"};
  std::vector<std::string> cipher;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    cipher.push_back(enc.Push(plain[i], i == 0 ? "ad" : "", i + 1 == plain.size()));
    EXPECT_EQ(cipher.back().size(), plain[i].size() + StreamEncryptor::kOverhead);
  }
  auto dec = StreamDecryptor::Create(key, enc.header());
  ASSERT_TRUE(IsOk(dec));
  for (std::size_t i = 0; i < plain.size(); ++i) {
    auto chunk = (*dec)->Pull(cipher[i], i == 0 ? "ad" : "");
    ASSERT_TRUE(IsOk(chunk)) << i;
    EXPECT_EQ(chunk->plaintext, plain[i]);
    EXPECT_EQ(chunk->final, i + 1 == plain.size());
  }
  EXPECT_TRUE(
      IsError((*dec)->Pull(cipher[0], "ad"), core::Errc::kInvalidArgument, "chunk_not_authentic"))
      << "nothing after the final chunk";
}

TEST(SecretStreamTest, WrongKeyReorderedChunkChangedByteOrAdAreRefused) {
  const SecretKey key = SecretKey::Generate();
  StreamEncryptor enc(key);
  const std::string c1 = enc.Push("one", "ad", false);
  const std::string c2 = enc.Push("two", "", true);
  const auto refused = [&](const SecretKey& k, const std::string& first, const std::string& ad) {
    auto dec = StreamDecryptor::Create(k, enc.header());
    return !(*dec)->Pull(first, ad).ok();
  };
  EXPECT_TRUE(refused(SecretKey::Generate(), c1, "ad"));
  EXPECT_TRUE(refused(key, c2, ""));
  EXPECT_TRUE(refused(key, c1, "other ad"));
  std::string flipped = c1;
  flipped[1] = static_cast<char>(flipped[1] ^ 1);
  EXPECT_TRUE(refused(key, flipped, "ad"));
  EXPECT_FALSE(refused(key, c1, "ad"));
  EXPECT_TRUE(IsError(StreamDecryptor::Create(key, "short"), core::Errc::kInvalidArgument));
}

TEST(Sha256HasherTest, PiecesHashLikeTheWhole) {
  const std::string data = RandomBytes(100000);
  Sha256Hasher h;
  for (std::size_t off = 0; off < data.size(); off += 777) h.Update(data.substr(off, 777));
  EXPECT_EQ(h.FinishHex(), Sha256Hex(data));
  EXPECT_EQ(h.FinishHex(), Sha256Hex("")) << "starts afresh";
}

}  // namespace
}  // namespace yorisoi::crypto
