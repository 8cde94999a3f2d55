// Parses what x509.cpp produces with OpenSSL directly, so the test does not trust the code it
// checks.
#include "crypto/x509.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::crypto {
namespace {

using testing_support::IsOk;

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct PKeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct NamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct StoreFree {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyFree>;

X509Ptr ParseCert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509Ptr cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return cert;
}

PKeyPtr ParseKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  PKeyPtr key(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return key;
}

std::string CommonName(const X509_NAME* name) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(name, NID_commonName, buf, sizeof buf);
  return buf;
}

// "DNS:localhost", "IP:127.0.0.1" / "IP:16 bytes" for each subjectAltName entry.
std::set<std::string> SubjectAltNames(X509* cert) {
  std::set<std::string> out;
  std::unique_ptr<GENERAL_NAMES, NamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      const ASN1_IA5STRING* s = gn->d.dNSName;
      out.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                      static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (gn->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = gn->d.iPAddress;
      const unsigned char* d = ASN1_STRING_get0_data(s);
      if (ASN1_STRING_length(s) == 4) {
        out.insert("IP:" + std::to_string(d[0]) + "." + std::to_string(d[1]) + "." +
                   std::to_string(d[2]) + "." + std::to_string(d[3]));
      } else {
        out.insert("IP:" + std::to_string(ASN1_STRING_length(s)) + " bytes");
      }
    }
  }
  return out;
}

// Verifies leaf against ca as the only trust anchor, for TLS server use. Returns the
// X509_V_ERR code (X509_V_OK when the chain holds).
int VerifyChain(X509* ca, X509* leaf) {
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  X509_verify_cert(ctx.get());
  return X509_STORE_CTX_get_error(ctx.get());
}

class X509Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto ca = CreateCertificateAuthority("Yorisoi Test CA", 30);
    ASSERT_TRUE(IsOk(ca));
    ca_ = new KeyAndCertificate(*ca);
    auto server =
        IssueServerCertificate(*ca_, {"localhost", "127.0.0.1", "::1", "yorisoi.local"}, 7);
    ASSERT_TRUE(IsOk(server));
    server_ = new KeyAndCertificate(*server);
  }
  static void TearDownTestSuite() {
    delete ca_;
    delete server_;
    ca_ = server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(ca_, nullptr);
    ASSERT_NE(server_, nullptr);
  }
  static KeyAndCertificate* ca_;
  static KeyAndCertificate* server_;
};
KeyAndCertificate* X509Test::ca_ = nullptr;
KeyAndCertificate* X509Test::server_ = nullptr;

TEST_F(X509Test, PemShapes) {
  EXPECT_EQ(ca_->certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(ca_->private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);  // PKCS#8
  EXPECT_EQ(server_->certificate_pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(server_->private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}

TEST_F(X509Test, CaIsSelfSignedP256Ca) {
  X509Ptr ca = ParseCert(ca_->certificate_pem);
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(CommonName(X509_get_subject_name(ca.get())), "Yorisoi Test CA");
  EXPECT_EQ(X509_NAME_cmp(X509_get_issuer_name(ca.get()), X509_get_subject_name(ca.get())), 0);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_verify(ca.get(), X509_get0_pubkey(ca.get())), 1);
  PKeyPtr key = ParseKey(ca_->private_key_pem);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 256);
  EXPECT_EQ(X509_check_private_key(ca.get(), key.get()), 1);
}

TEST_F(X509Test, ServerSanHasEveryHostname) {
  X509Ptr cert = ParseCert(server_->certificate_pem);
  ASSERT_NE(cert, nullptr);
  const std::set<std::string> san = SubjectAltNames(cert.get());
  EXPECT_EQ(san, (std::set<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:16 bytes",
                                        "DNS:yorisoi.local"}));
  EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_host(cert.get(), "example.com", 0, 0, nullptr), 1);
  EXPECT_EQ(CommonName(X509_get_subject_name(cert.get())), "localhost");
}

TEST_F(X509Test, ServerIssuerIsTheCaSubject) {
  X509Ptr ca = ParseCert(ca_->certificate_pem);
  X509Ptr cert = ParseCert(server_->certificate_pem);
  ASSERT_NE(ca, nullptr);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(ca.get())), 0);
  EXPECT_EQ(X509_check_ca(cert.get()), 0) << "a server certificate must not be a CA";
}

TEST_F(X509Test, ServerSignatureVerifiesWithTheCaKey) {
  X509Ptr cert = ParseCert(server_->certificate_pem);
  PKeyPtr ca_key = ParseKey(ca_->private_key_pem);
  ASSERT_NE(cert, nullptr);
  ASSERT_NE(ca_key, nullptr);
  EXPECT_EQ(X509_verify(cert.get(), ca_key.get()), 1);
  // ...and the server's own key does not verify it (it is not self-signed).
  PKeyPtr own = ParseKey(server_->private_key_pem);
  ASSERT_NE(own, nullptr);
  EXPECT_NE(X509_verify(cert.get(), own.get()), 1);
  EXPECT_EQ(X509_check_private_key(cert.get(), own.get()), 1);
}

TEST_F(X509Test, ChainVerifiesForTlsServerUse) {
  X509Ptr ca = ParseCert(ca_->certificate_pem);
  X509Ptr cert = ParseCert(server_->certificate_pem);
  ASSERT_NE(ca, nullptr);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(VerifyChain(ca.get(), cert.get()), X509_V_OK);
}

TEST_F(X509Test, AnotherCaDoesNotVerifyIt) {
  auto other = CreateCertificateAuthority("Other CA", 30);
  ASSERT_TRUE(IsOk(other));
  X509Ptr other_ca = ParseCert(other->certificate_pem);
  X509Ptr cert = ParseCert(server_->certificate_pem);
  PKeyPtr other_key = ParseKey(other->private_key_pem);
  ASSERT_NE(other_ca, nullptr);
  ASSERT_NE(cert, nullptr);
  EXPECT_NE(X509_verify(cert.get(), other_key.get()), 1);
  EXPECT_NE(VerifyChain(other_ca.get(), cert.get()), X509_V_OK);
}

TEST(X509IssueTest, RefusesNoHostnames) {
  auto ca = CreateCertificateAuthority("CA", 1);
  ASSERT_TRUE(IsOk(ca));
  auto r = IssueServerCertificate(*ca, {}, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().errc, core::Errc::kInvalidArgument);
}

TEST(X509IssueTest, RefusesAGarbageCa) {
  const KeyAndCertificate garbage{"not a key", "not a cert"};
  auto r = IssueServerCertificate(garbage, {"localhost"}, 1);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace yorisoi::crypto
