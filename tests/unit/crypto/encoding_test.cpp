#include "crypto/encoding.hpp"

#include <string>

#include <gtest/gtest.h>

namespace yorisoi::crypto {
namespace {

std::string AllBytes() {
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  return s;
}

TEST(HexTest, EncodesLowerCase) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
}

TEST(HexTest, RoundTripsEveryByte) {
  const std::string all = AllBytes();
  const auto back = HexDecode(HexEncode(all));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, all);
}

TEST(HexTest, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
  EXPECT_FALSE(HexDecode("00 1").has_value());
  EXPECT_FALSE(HexDecode("0g").has_value());
  EXPECT_FALSE(HexDecode("ab\n").has_value());
}

TEST(HexTest, EmptyDecodesToEmpty) {
  const auto e = HexDecode("");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(*e, "");
}

TEST(Base64UrlTest, KnownVectorsWithoutPadding) {
  // RFC 4648 test vectors, url-safe alphabet, padding stripped.
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff", 2)), "-_8");  // '-' and '_', not '+' '/'
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  const std::string all = AllBytes();
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string in = all.substr(200, n);
    const auto back = Base64UrlDecode(Base64UrlEncode(in));
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, in) << n;
  }
  const auto back = Base64UrlDecode(Base64UrlEncode(all));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, all);
}

TEST(Base64UrlTest, RejectsOtherAlphabetsPaddingAndJunk) {
  EXPECT_FALSE(Base64UrlDecode("+/8").has_value());    // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zg==").has_value());   // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v!").has_value());  // not base64 at all
  EXPECT_FALSE(Base64UrlDecode("Zm9v Zg").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());  // a single character encodes no byte
}

TEST(Base64Test, StandardAlphabetPadded) {
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(Sha256Test, KnownVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, RawIs32BytesOfTheHex) {
  const std::string raw = Sha256("abc");
  EXPECT_EQ(raw.size(), 32u);
  EXPECT_EQ(HexEncode(raw), Sha256Hex("abc"));
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("token-abc", "token-abc"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "token-abd"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "Token-abc"));
  EXPECT_FALSE(ConstantTimeEquals("token-abc", "token-ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace yorisoi::crypto
