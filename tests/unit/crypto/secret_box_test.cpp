#include "crypto/secret_box.hpp"

#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::crypto {
namespace {

using core::Errc;
using testing_support::IsError;
using testing_support::IsOk;

TEST(SecretKeyTest, GenerateGivesDistinct32ByteKeys) {
  const SecretKey a = SecretKey::Generate();
  const SecretKey b = SecretKey::Generate();
  EXPECT_EQ(a.bytes().size(), SecretKey::kSize);
  EXPECT_NE(a.bytes(), b.bytes());
}

TEST(SecretKeyTest, FromBytesChecksTheLength) {
  EXPECT_TRUE(IsError(SecretKey::FromBytes(std::string(31, 'k')), Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(SecretKey::FromBytes(std::string(33, 'k')), Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(SecretKey::FromBytes(""), Errc::kInvalidArgument));
  auto k = SecretKey::FromBytes(std::string(32, 'k'));
  ASSERT_TRUE(IsOk(k));
  EXPECT_EQ(k->bytes(), std::string(32, 'k'));
}

TEST(SecretKeyTest, SealThenOpen) {
  const SecretKey key = SecretKey::Generate();
  const std::string plain = "tenant key for 新宿区";
  const std::string sealed = key.Seal(plain, "shinjuku");
  EXPECT_EQ(sealed.find("tenant key"), std::string::npos);
  EXPECT_EQ(sealed.size(), 24u + plain.size() + 16u);  // nonce + ciphertext + tag
  auto opened = key.Open(sealed, "shinjuku");
  ASSERT_TRUE(IsOk(opened));
  EXPECT_EQ(*opened, plain);
}

TEST(SecretKeyTest, EmptyPlaintextAndNoAssociatedData) {
  const SecretKey key = SecretKey::Generate();
  auto opened = key.Open(key.Seal(""));
  ASSERT_TRUE(IsOk(opened));
  EXPECT_EQ(*opened, "");
}

TEST(SecretKeyTest, SealUsesAFreshNonce) {
  const SecretKey key = SecretKey::Generate();
  EXPECT_NE(key.Seal("same"), key.Seal("same"));
}

TEST(SecretKeyTest, KeyRebuiltFromBytesOpens) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = key.Seal("data");
  auto again = SecretKey::FromBytes(key.bytes());
  ASSERT_TRUE(IsOk(again));
  auto opened = again->Open(sealed);
  ASSERT_TRUE(IsOk(opened));
  EXPECT_EQ(*opened, "data");
}

TEST(SecretKeyTest, TamperedCiphertextFails) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = key.Seal("the plaintext", "ad");
  for (std::size_t i : {std::size_t{0}, std::size_t{23}, std::size_t{24}, sealed.size() - 1}) {
    std::string t = sealed;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_FALSE(key.Open(t, "ad").ok()) << "byte " << i;
  }
}

TEST(SecretKeyTest, TruncatedFails) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = key.Seal("the plaintext");
  EXPECT_FALSE(key.Open(sealed.substr(0, sealed.size() - 1)).ok());
  EXPECT_FALSE(key.Open(sealed.substr(0, 10)).ok());
  EXPECT_FALSE(key.Open("").ok());
}

TEST(SecretKeyTest, WrongAssociatedDataFails) {
  const SecretKey key = SecretKey::Generate();
  const std::string sealed = key.Seal("tenant key", "shinjuku");
  EXPECT_FALSE(key.Open(sealed, "nakano").ok());
  EXPECT_FALSE(key.Open(sealed).ok());
}

TEST(SecretKeyTest, WrongKeyFails) {
  const SecretKey key = SecretKey::Generate();
  const SecretKey other = SecretKey::Generate();
  EXPECT_FALSE(other.Open(key.Seal("tenant key", "shinjuku"), "shinjuku").ok());
}

}  // namespace
}  // namespace yorisoi::crypto
