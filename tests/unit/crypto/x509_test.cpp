// Parses what x509.cpp produces with OpenSSL directly, so the test does not trust the code it
// checks.
#include "crypto/x509.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace yorisoi::crypto {
namespace {

using std::chrono::system_clock;
using testing_support::IsError;
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

// Verifies leaf against ca as the only trust anchor, for TLS server (or client) use. Returns the
// X509_V_ERR code (X509_V_OK when the chain holds).
int VerifyChain(X509* ca, X509* leaf, int purpose = X509_PURPOSE_SSL_SERVER) {
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  X509_verify_cert(ctx.get());
  return X509_STORE_CTX_get_error(ctx.get());
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string FirstEntry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  unsigned char* utf8 = nullptr;
  const int len =
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
  if (len < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

system_clock::time_point AsTimePoint(const ASN1_TIME* t) {
  std::tm tm{};
  EXPECT_EQ(ASN1_TIME_to_tm(t, &tm), 1);
  return system_clock::from_time_t(timegm(&tm));
}

// Runs a shell command; returns its exit status and what it printed (stdout and stderr).
struct Command {
  int status = -1;
  std::string output;
};
Command RunCommand(const std::string& command) {
  Command out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.output.append(buf.data(), n);
  const int raw = ::pclose(p);
  out.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
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

// ---------------------------------------------------------------------------------------------
// Client (device) certificates

class ClientCertificateTest : public X509Test {
 protected:
  static void SetUpTestSuite() {
    X509Test::SetUpTestSuite();
    auto device_ca = CreateCertificateAuthority("Yorisoi device CA tenant-a", 30);
    ASSERT_TRUE(IsOk(device_ca));
    device_ca_ = new KeyAndCertificate(*device_ca);
    auto client = IssueClientCertificate(*device_ca_, "dev-0001", "tenant-a", 365);
    ASSERT_TRUE(IsOk(client));
    client_ = new KeyAndCertificate(*client);
  }
  static void TearDownTestSuite() {
    delete device_ca_;
    delete client_;
    device_ca_ = client_ = nullptr;
    X509Test::TearDownTestSuite();
  }
  void SetUp() override {
    X509Test::SetUp();
    ASSERT_NE(device_ca_, nullptr);
    ASSERT_NE(client_, nullptr);
  }
  static KeyAndCertificate* device_ca_;
  static KeyAndCertificate* client_;
};
KeyAndCertificate* ClientCertificateTest::device_ca_ = nullptr;
KeyAndCertificate* ClientCertificateTest::client_ = nullptr;

TEST_F(ClientCertificateTest, VerifiesAgainstItsCaForTlsClientUseOnly) {
  X509Ptr ca = ParseCert(device_ca_->certificate_pem);
  X509Ptr cert = ParseCert(client_->certificate_pem);
  ASSERT_NE(ca, nullptr);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(VerifyChain(ca.get(), cert.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  // clientAuth only: no use as a server certificate.
  EXPECT_EQ(VerifyChain(ca.get(), cert.get(), X509_PURPOSE_SSL_SERVER), X509_V_ERR_INVALID_PURPOSE);
  // ...and the other way round: a server certificate is no client certificate.
  X509Ptr installation_ca = ParseCert(ca_->certificate_pem);
  X509Ptr server = ParseCert(server_->certificate_pem);
  EXPECT_EQ(VerifyChain(installation_ca.get(), server.get(), X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_INVALID_PURPOSE);
  // Another CA (here the installation CA) does not verify it.
  EXPECT_NE(VerifyChain(installation_ca.get(), cert.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  EXPECT_EQ(X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(ca.get())), 0);
}

TEST_F(ClientCertificateTest, HasClientAuthIsNoCaAndCarriesAP256Key) {
  X509Ptr cert = ParseCert(client_->certificate_pem);
  ASSERT_NE(cert, nullptr);
  const uint32_t eku = X509_get_extended_key_usage(cert.get());
  EXPECT_NE(eku & XKU_SSL_CLIENT, 0u);
  EXPECT_EQ(eku & XKU_SSL_SERVER, 0u);
  EXPECT_EQ(X509_check_ca(cert.get()), 0);
  EXPECT_NE(X509_get_extension_flags(cert.get()) & EXFLAG_BCONS, 0u) << "basicConstraints present";
  EXPECT_NE(X509_get_key_usage(cert.get()) & KU_DIGITAL_SIGNATURE, 0u);
  EXPECT_EQ(X509_get_key_usage(cert.get()) & KU_KEY_CERT_SIGN, 0u);
  PKeyPtr key = ParseKey(client_->private_key_pem);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 256);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_EQ(client_->private_key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}

TEST_F(ClientCertificateTest, SubjectIsTheGivenCnAndO) {
  X509Ptr cert = ParseCert(client_->certificate_pem);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(FirstEntry(X509_get_subject_name(cert.get()), NID_commonName), "dev-0001");
  EXPECT_EQ(FirstEntry(X509_get_subject_name(cert.get()), NID_organizationName), "tenant-a");
  // UTF-8 names survive (a ward's name as the organisation).
  auto jp = IssueClientCertificate(*device_ca_, "受付タブレット1", "テスト区", 1);
  ASSERT_TRUE(IsOk(jp));
  X509Ptr jp_cert = ParseCert(jp->certificate_pem);
  ASSERT_NE(jp_cert, nullptr);
  EXPECT_EQ(FirstEntry(X509_get_subject_name(jp_cert.get()), NID_commonName), "受付タブレット1");
  EXPECT_EQ(FirstEntry(X509_get_subject_name(jp_cert.get()), NID_organizationName), "テスト区");
  auto info = InspectCertificate(jp->certificate_pem);
  ASSERT_TRUE(IsOk(info));
  EXPECT_EQ(info->common_name, "受付タブレット1");
  EXPECT_EQ(info->organization, "テスト区");
}

TEST_F(ClientCertificateTest, ValidFromFiveMinutesAgoForTheGivenDays) {
  auto info = InspectCertificate(client_->certificate_pem);
  ASSERT_TRUE(IsOk(info));
  const auto now = system_clock::now();
  const auto near = [](system_clock::time_point a, system_clock::time_point b) {
    return std::chrono::abs(a - b) < std::chrono::seconds(30);
  };
  EXPECT_TRUE(near(info->not_before, now - std::chrono::minutes(5)));
  EXPECT_TRUE(near(info->not_after, now + std::chrono::hours(24 * 365)));
}

TEST_F(ClientCertificateTest, InspectAgreesWithTheOpensslCommand) {
  testing_support::TempFolder dir;
  const std::string path = dir.path() + "/client.crt.pem";
  std::ofstream(path) << client_->certificate_pem;
  auto info = InspectCertificate(client_->certificate_pem);
  ASSERT_TRUE(IsOk(info));

  // "sha256 Fingerprint=AB:CD:..." (the SHA-256 of the DER certificate).
  const Command fp = RunCommand("openssl x509 -noout -fingerprint -sha256 -in '" + path + "'");
  ASSERT_EQ(fp.status, 0) << fp.output;
  std::string expected = Lower(fp.output.substr(fp.output.find('=') + 1));
  expected.erase(std::remove_if(expected.begin(), expected.end(),
                                [](char c) { return c == ':' || c == '\n'; }),
                 expected.end());
  EXPECT_EQ(info->sha256_fingerprint, expected);
  EXPECT_EQ(info->sha256_fingerprint.size(), 64u);

  // The same digest computed here over i2d_X509.
  X509Ptr cert = ParseCert(client_->certificate_pem);
  ASSERT_NE(cert, nullptr);
  unsigned char* der = nullptr;
  const int der_len = i2d_X509(cert.get(), &der);
  ASSERT_GT(der_len, 0);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  ASSERT_EQ(
      EVP_Digest(der, static_cast<std::size_t>(der_len), md.data(), &md_len, EVP_sha256(), nullptr),
      1);
  OPENSSL_free(der);
  std::string hex;
  for (unsigned int i = 0; i < md_len; ++i) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[md.at(i) >> 4];
    hex += kDigits[md.at(i) & 0x0f];
  }
  EXPECT_EQ(info->sha256_fingerprint, hex);

  // "serial=7A3F..."
  const Command serial = RunCommand("openssl x509 -noout -serial -in '" + path + "'");
  ASSERT_EQ(serial.status, 0) << serial.output;
  std::string expected_serial = Lower(serial.output.substr(serial.output.find('=') + 1));
  while (!expected_serial.empty() && expected_serial.back() == '\n') expected_serial.pop_back();
  EXPECT_EQ(info->serial_hex, expected_serial);
  EXPECT_LE(info->serial_hex.size(), 32u);
  EXPECT_GE(info->serial_hex.size(), 20u);  // 16 random bytes; a shorter one is very unlikely

  EXPECT_EQ(info->common_name, "dev-0001");
  EXPECT_EQ(info->organization, "tenant-a");
  EXPECT_EQ(info->not_before, AsTimePoint(X509_get0_notBefore(cert.get())));
  EXPECT_EQ(info->not_after, AsTimePoint(X509_get0_notAfter(cert.get())));
}

TEST_F(ClientCertificateTest, EveryCertificateGetsItsOwnSerialAndKey) {
  std::set<std::string> serials;
  std::set<std::string> fingerprints;
  std::set<std::string> keys;
  for (int i = 0; i < 8; ++i) {
    auto c = IssueClientCertificate(*device_ca_, "dev-0001", "tenant-a", 365);
    ASSERT_TRUE(IsOk(c));
    auto info = InspectCertificate(c->certificate_pem);
    ASSERT_TRUE(IsOk(info));
    serials.insert(info->serial_hex);
    fingerprints.insert(info->sha256_fingerprint);
    keys.insert(c->private_key_pem);
  }
  EXPECT_EQ(serials.size(), 8u);
  EXPECT_EQ(fingerprints.size(), 8u);
  EXPECT_EQ(keys.size(), 8u);
}

TEST_F(ClientCertificateTest, ExplicitValidityMakesExpiredAndNotYetValidCertificates) {
  X509Ptr ca = ParseCert(device_ca_->certificate_pem);
  ASSERT_NE(ca, nullptr);
  const auto now = system_clock::now();
  const auto day = std::chrono::hours(24);

  auto expired =
      IssueClientCertificateValid(*device_ca_, "dev-old", "tenant-a", now - 10 * day, now - day);
  ASSERT_TRUE(IsOk(expired));
  X509Ptr expired_cert = ParseCert(expired->certificate_pem);
  EXPECT_EQ(VerifyChain(ca.get(), expired_cert.get(), X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_CERT_HAS_EXPIRED);

  auto future =
      IssueClientCertificateValid(*device_ca_, "dev-new", "tenant-a", now + day, now + 10 * day);
  ASSERT_TRUE(IsOk(future));
  X509Ptr future_cert = ParseCert(future->certificate_pem);
  EXPECT_EQ(VerifyChain(ca.get(), future_cert.get(), X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_CERT_NOT_YET_VALID);

  // Exact to the second.
  auto info = InspectCertificate(future->certificate_pem);
  ASSERT_TRUE(IsOk(info));
  EXPECT_EQ(info->not_before, std::chrono::time_point_cast<std::chrono::seconds>(now + day));
  EXPECT_EQ(info->not_after, std::chrono::time_point_cast<std::chrono::seconds>(now + 10 * day));
}

TEST_F(ClientCertificateTest, RefusesBadInput) {
  const auto now = system_clock::now();
  EXPECT_TRUE(IsError(IssueClientCertificate(*device_ca_, "", "tenant-a", 1),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(
      IsError(IssueClientCertificate(*device_ca_, "dev", "", 1), core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(IssueClientCertificate(*device_ca_, std::string(65, 'x'), "tenant-a", 1),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsOk(IssueClientCertificate(*device_ca_, std::string(64, 'x'), "tenant-a", 1)));
  EXPECT_TRUE(IsError(IssueClientCertificate(*device_ca_, "dev\n1", "tenant-a", 1),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(IssueClientCertificate(*device_ca_, "dev\xff", "tenant-a", 1),
                      core::Errc::kInvalidArgument))
      << "not UTF-8";
  EXPECT_TRUE(IsError(IssueClientCertificate(*device_ca_, "dev", "tenant-a", 0),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(IssueClientCertificateValid(*device_ca_, "dev", "tenant-a", now, now),
                      core::Errc::kInvalidArgument));
  EXPECT_FALSE(
      IssueClientCertificate(KeyAndCertificate{"not a key", "not a cert"}, "dev", "tenant-a", 1)
          .ok());
  // A CA certificate with another CA's key.
  const KeyAndCertificate mixed{ca_->private_key_pem, device_ca_->certificate_pem};
  EXPECT_FALSE(IssueClientCertificate(mixed, "dev", "tenant-a", 1).ok());
}

TEST(X509InspectTest, RefusesGarbage) {
  EXPECT_TRUE(IsError(InspectCertificate("not a certificate"), core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(InspectCertificate(""), core::Errc::kInvalidArgument));
}

// The TLS server reads its peers' certificates as DER: the same fields as from the PEM.
TEST_F(ClientCertificateTest, InspectDerGivesWhatInspectPemGives) {
  X509Ptr cert = ParseCert(client_->certificate_pem);
  ASSERT_NE(cert, nullptr);
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert.get(), &der);
  ASSERT_GT(len, 0);
  const std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  auto from_pem = InspectCertificate(client_->certificate_pem);
  auto from_der = InspectCertificateDer(bytes);
  ASSERT_TRUE(IsOk(from_pem));
  ASSERT_TRUE(IsOk(from_der));
  EXPECT_EQ(from_der->sha256_fingerprint, from_pem->sha256_fingerprint);
  EXPECT_EQ(from_der->serial_hex, from_pem->serial_hex);
  EXPECT_EQ(from_der->common_name, from_pem->common_name);
  EXPECT_EQ(from_der->organization, from_pem->organization);
  EXPECT_EQ(from_der->not_before, from_pem->not_before);
  EXPECT_EQ(from_der->not_after, from_pem->not_after);
  // Not one certificate exactly: refused.
  EXPECT_TRUE(IsError(InspectCertificateDer(bytes + "x"), core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(InspectCertificateDer(bytes.substr(0, bytes.size() - 1)),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(IsError(InspectCertificateDer(""), core::Errc::kInvalidArgument));
}

// ---------------------------------------------------------------------------------------------
// PKCS#12

struct Pkcs12Free {
  void operator()(PKCS12* p) const { PKCS12_free(p); }
};
using Pkcs12Ptr = std::unique_ptr<PKCS12, Pkcs12Free>;

Pkcs12Ptr ParsePkcs12Der(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return Pkcs12Ptr(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
}

struct Parsed {
  bool ok = false;
  PKeyPtr key;
  X509Ptr cert;
  std::vector<X509Ptr> cas;
};
Parsed Pkcs12Parse(PKCS12* p12, const char* password) {
  Parsed out;
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* cas = nullptr;
  out.ok = PKCS12_parse(p12, password, &key, &cert, &cas) == 1;
  out.key.reset(key);
  out.cert.reset(cert);
  if (cas != nullptr) {
    while (sk_X509_num(cas) > 0) out.cas.emplace_back(sk_X509_shift(cas));
    sk_X509_free(cas);
  }
  ERR_clear_error();
  return out;
}

TEST_F(ClientCertificateTest, Pkcs12ParsesBackWithThePasswordOnly) {
  const std::string password = "correct horse battery staple";
  auto der =
      ExportPkcs12(*client_, device_ca_->certificate_pem, "寄り添い 端末 dev-0001", password);
  ASSERT_TRUE(IsOk(der));
  Pkcs12Ptr p12 = ParsePkcs12Der(*der);
  ASSERT_NE(p12, nullptr);

  EXPECT_EQ(PKCS12_verify_mac(p12.get(), password.c_str(), -1), 1);
  EXPECT_NE(PKCS12_verify_mac(p12.get(), "wrong", -1), 1);
  EXPECT_NE(PKCS12_verify_mac(p12.get(), nullptr, 0), 1);
  EXPECT_NE(PKCS12_verify_mac(p12.get(), "", 0), 1);
  ERR_clear_error();

  // SHA-256 MAC.
  const X509_ALGOR* mac_alg = nullptr;
  PKCS12_get0_mac(nullptr, &mac_alg, nullptr, nullptr, p12.get());
  ASSERT_NE(mac_alg, nullptr);
  const ASN1_OBJECT* mac_oid = nullptr;
  X509_ALGOR_get0(&mac_oid, nullptr, nullptr, mac_alg);
  EXPECT_EQ(OBJ_obj2nid(mac_oid), NID_sha256);

  EXPECT_FALSE(Pkcs12Parse(p12.get(), "wrong").ok);
  EXPECT_FALSE(Pkcs12Parse(p12.get(), nullptr).ok);
  EXPECT_FALSE(Pkcs12Parse(p12.get(), "").ok);

  Parsed parsed = Pkcs12Parse(p12.get(), password.c_str());
  ASSERT_TRUE(parsed.ok);
  ASSERT_NE(parsed.key, nullptr);
  ASSERT_NE(parsed.cert, nullptr);
  X509Ptr leaf = ParseCert(client_->certificate_pem);
  X509Ptr ca = ParseCert(device_ca_->certificate_pem);
  EXPECT_EQ(X509_cmp(parsed.cert.get(), leaf.get()), 0);
  EXPECT_EQ(X509_check_private_key(parsed.cert.get(), parsed.key.get()), 1);
  ASSERT_EQ(parsed.cas.size(), 1u);
  EXPECT_EQ(X509_cmp(parsed.cas.front().get(), ca.get()), 0);
  int alias_len = 0;
  const unsigned char* alias = X509_alias_get0(parsed.cert.get(), &alias_len);
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(alias), static_cast<std::size_t>(alias_len)),
            "寄り添い 端末 dev-0001");
}

TEST_F(ClientCertificateTest, Pkcs12UsesAes256Pbkdf2AndASha256MacPerTheOpensslCommand) {
  testing_support::TempFolder dir;
  const std::string path = dir.path() + "/device.p12";
  auto der = ExportPkcs12(*client_, device_ca_->certificate_pem, "dev-0001", "pass-Word_1");
  ASSERT_TRUE(IsOk(der));
  std::ofstream(path, std::ios::binary) << *der;

  const Command info =
      RunCommand("openssl pkcs12 -info -noout -in '" + path + "' -passin pass:pass-Word_1");
  ASSERT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("MAC: sha256"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC"), std::string::npos)
      << info.output;
  EXPECT_NE(info.output.find("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"), std::string::npos)
      << info.output;
  EXPECT_NE(info.output.find("hmacWithSHA256"), std::string::npos) << info.output;
  EXPECT_EQ(info.output.find("RC2"), std::string::npos) << info.output;
  EXPECT_EQ(info.output.find("3DES"), std::string::npos) << info.output;

  const Command wrong =
      RunCommand("openssl pkcs12 -info -noout -in '" + path + "' -passin pass:wrong");
  EXPECT_NE(wrong.status, 0) << wrong.output;

  // Extracting the key with the password gives the device's key.
  const Command key =
      RunCommand("openssl pkcs12 -in '" + path + "' -passin pass:pass-Word_1 -nocerts -nodes");
  ASSERT_EQ(key.status, 0) << key.output;
  const auto begin = key.output.find("-----BEGIN PRIVATE KEY-----");
  ASSERT_NE(begin, std::string::npos) << key.output;
  PKeyPtr extracted = ParseKey(key.output.substr(begin));
  X509Ptr leaf = ParseCert(client_->certificate_pem);
  ASSERT_NE(extracted, nullptr);
  EXPECT_EQ(X509_check_private_key(leaf.get(), extracted.get()), 1);
}

TEST_F(ClientCertificateTest, Pkcs12RefusesBadInput) {
  EXPECT_TRUE(IsError(ExportPkcs12(*client_, device_ca_->certificate_pem, "dev", ""),
                      core::Errc::kInvalidArgument));
  EXPECT_TRUE(
      IsError(ExportPkcs12(*client_, device_ca_->certificate_pem, "dev", std::string("a\0b", 3)),
              core::Errc::kInvalidArgument));
  // The key of another certificate.
  const KeyAndCertificate mismatched{server_->private_key_pem, client_->certificate_pem};
  EXPECT_FALSE(ExportPkcs12(mismatched, device_ca_->certificate_pem, "dev", "pw").ok());
  EXPECT_FALSE(ExportPkcs12(*client_, "no CA here", "dev", "pw").ok());
  EXPECT_FALSE(
      ExportPkcs12(KeyAndCertificate{"x", "y"}, device_ca_->certificate_pem, "dev", "pw").ok());
}

}  // namespace
}  // namespace yorisoi::crypto
