#include "crypto/x509.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cctype>
#include <chrono>
#include <ctime>
#include <limits>
#include <memory>
#include <string_view>

namespace yorisoi::crypto {
namespace {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
struct X509StackFree {
  void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

constexpr std::chrono::seconds kBackdate{5 * 60};  // clock skew between server and devices
constexpr std::size_t kMaxNameCharacters = 64;     // X.520 upper bound of CN and O

// Also empties the thread's OpenSSL error queue, so that no stale entry reaches the next
// OpenSSL user on this thread (the TLS server reads the queue for its messages).
core::Error OpenSslError(const char* what) {
  ERR_clear_error();
  return core::Error::Internal(std::string("openssl: ") + what);
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

BioPtr MemoryBio(const std::string& text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return nullptr;
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

X509Ptr ReadCertificate(const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

PKeyPtr ReadPrivateKey(const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  if (!bio) return nullptr;
  return PKeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string LowerHex(const unsigned char* data, std::size_t size) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

core::Result<std::string> KeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return OpenSslError("writing private key");
  return BioToString(bio.get());
}

core::Result<std::string> CertToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return OpenSslError("writing certificate");
  return BioToString(bio.get());
}

core::Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) return OpenSslError("adding extension");
  return core::Ok();
}

bool AddNameEntry(X509_NAME* name, const char* field, const std::string& value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(value.data()),
                                    static_cast<int>(value.size()), -1, 0) == 1;
}

// 1 to 64 UTF-8 characters, no control characters (the UTF-8 check itself is OpenSSL's when
// the entry is added).
core::Status CheckNameValue(const std::string& value, const char* field) {
  std::size_t characters = 0;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return core::Error::InvalidArgument(field, "must not contain control characters");
    }
    if ((byte & 0xc0) != 0x80) ++characters;  // not a continuation byte
  }
  if (characters == 0 || characters > kMaxNameCharacters) {
    return core::Error::InvalidArgument(field, "must have 1 to 64 characters");
  }
  return core::Ok();
}

struct Validity {
  std::time_t not_before;
  std::time_t not_after;
};

Validity FromNowForDays(int days) {
  const std::time_t now = std::time(nullptr);
  return Validity{now - static_cast<std::time_t>(kBackdate.count()),
                  now + static_cast<std::time_t>(days) * 24 * 3600};
}

struct Subject {
  const std::string& common_name;
  const std::string& organization;
  bool strict;  // false: a value OpenSSL refuses (e.g. a CN over 64 characters) is left out
};

// A certificate skeleton: random serial, validity, subject O and CN, public key.
core::Result<X509Ptr> NewCertificate(EVP_PKEY* key, const Subject& subject,
                                     const Validity& validity) {
  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError("allocating certificate");
  if (X509_set_version(cert.get(), 2) != 1) return OpenSslError("setting version");
  std::array<unsigned char, 16> serial{};
  if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1)
    return OpenSslError("random serial");
  serial[0] &= 0x7f;  // positive
  BnPtr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  if (!bn) return OpenSslError("serial");
  Asn1IntPtr asn(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!asn || X509_set_serialNumber(cert.get(), asn.get()) != 1) return OpenSslError("serial");
  if (ASN1_TIME_set(X509_getm_notBefore(cert.get()), validity.not_before) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), validity.not_after) == nullptr) {
    return OpenSslError("setting validity");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!AddNameEntry(name, "O", subject.organization) && subject.strict) {
    ERR_clear_error();
    return core::Error::InvalidArgument("organization", "not a valid certificate name");
  }
  if (!AddNameEntry(name, "CN", subject.common_name) && subject.strict) {
    ERR_clear_error();
    return core::Error::InvalidArgument("common_name", "not a valid certificate name");
  }
  ERR_clear_error();
  if (X509_set_pubkey(cert.get(), key) != 1) return OpenSslError("setting public key");
  return cert;
}

PKeyPtr NewEcKey() { return PKeyPtr(EVP_EC_gen("P-256")); }

struct LoadedCa {
  PKeyPtr key;
  X509Ptr cert;
};

core::Result<LoadedCa> LoadCa(const KeyAndCertificate& ca) {
  LoadedCa out{ReadPrivateKey(ca.private_key_pem), ReadCertificate(ca.certificate_pem)};
  if (!out.key || !out.cert) return OpenSslError("reading CA");
  if (X509_check_private_key(out.cert.get(), out.key.get()) != 1) {
    return OpenSslError("the CA key does not match the CA certificate");
  }
  return out;
}

core::Result<std::chrono::system_clock::time_point> ToTimePoint(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return OpenSslError("reading a time");
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// UTF-8 text of the first `nid` entry of name, or empty.
std::string FirstNameEntry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) {
    ERR_clear_error();
    return {};
  }
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

core::Result<KeyAndCertificate> IssueClient(const KeyAndCertificate& ca,
                                            const std::string& common_name,
                                            const std::string& organization,
                                            const Validity& validity) {
  YS_RETURN_IF_ERROR(CheckNameValue(common_name, "common_name"));
  YS_RETURN_IF_ERROR(CheckNameValue(organization, "organization"));
  if (validity.not_before >= validity.not_after) {
    return core::Error::InvalidArgument("not_after", "must lie after not_before");
  }
  YS_ASSIGN_OR_RETURN(LoadedCa loaded, LoadCa(ca));
  PKeyPtr key = NewEcKey();
  if (!key) return OpenSslError("generating key");
  YS_ASSIGN_OR_RETURN(
      X509Ptr cert, NewCertificate(key.get(), Subject{common_name, organization, true}, validity));
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(loaded.cert.get())) != 1)
    return OpenSslError("setting issuer");
  X509* issuer = loaded.cert.get();
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), issuer, NID_ext_key_usage, "clientAuth"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), issuer, NID_subject_key_identifier, "hash"));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(cert.get(), loaded.key.get(), EVP_sha256()) == 0)
    return OpenSslError("signing certificate");
  YS_ASSIGN_OR_RETURN(std::string key_pem, KeyToPem(key.get()));
  YS_ASSIGN_OR_RETURN(std::string cert_pem, CertToPem(cert.get()));
  return KeyAndCertificate{std::move(key_pem), std::move(cert_pem)};
}

}  // namespace

core::Result<KeyAndCertificate> CreateCertificateAuthority(const std::string& common_name,
                                                           int days) {
  PKeyPtr key = NewEcKey();
  if (!key) return OpenSslError("generating key");
  static const std::string kOrganization = "Yorisoi";
  YS_ASSIGN_OR_RETURN(
      X509Ptr cert,
      NewCertificate(key.get(), Subject{common_name, kOrganization, false}, FromNowForDays(days)));
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash"));
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return OpenSslError("signing CA");
  YS_ASSIGN_OR_RETURN(std::string key_pem, KeyToPem(key.get()));
  YS_ASSIGN_OR_RETURN(std::string cert_pem, CertToPem(cert.get()));
  return KeyAndCertificate{std::move(key_pem), std::move(cert_pem)};
}

core::Result<KeyAndCertificate> IssueServerCertificate(const KeyAndCertificate& ca,
                                                       const std::vector<std::string>& hostnames,
                                                       int days) {
  if (hostnames.empty()) return core::Error::InvalidArgument("hostname", "at least one hostname");
  YS_ASSIGN_OR_RETURN(LoadedCa loaded, LoadCa(ca));
  X509* ca_cert = loaded.cert.get();

  PKeyPtr key = NewEcKey();
  if (!key) return OpenSslError("generating key");
  static const std::string kOrganization = "Yorisoi";
  YS_ASSIGN_OR_RETURN(X509Ptr cert,
                      NewCertificate(key.get(), Subject{hostnames.front(), kOrganization, false},
                                     FromNowForDays(days)));
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert));
  std::string san;
  for (const auto& h : hostnames) {
    if (!san.empty()) san += ',';
    const bool is_ip =
        h.find_first_not_of("0123456789.") == std::string::npos || h.find(':') != std::string::npos;
    san += (is_ip ? "IP:" : "DNS:") + h;
  }
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert, NID_basic_constraints, "critical,CA:FALSE"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert, NID_key_usage, "critical,digitalSignature"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert, NID_ext_key_usage, "serverAuth"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert, NID_subject_alt_name, san));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), ca_cert, NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(cert.get(), loaded.key.get(), EVP_sha256()) == 0)
    return OpenSslError("signing certificate");
  YS_ASSIGN_OR_RETURN(std::string key_pem, KeyToPem(key.get()));
  YS_ASSIGN_OR_RETURN(std::string cert_pem, CertToPem(cert.get()));
  return KeyAndCertificate{std::move(key_pem), std::move(cert_pem)};
}

core::Result<KeyAndCertificate> IssueClientCertificate(const KeyAndCertificate& ca,
                                                       const std::string& common_name,
                                                       const std::string& organization, int days) {
  if (days <= 0) return core::Error::InvalidArgument("days", "must be positive");
  return IssueClient(ca, common_name, organization, FromNowForDays(days));
}

core::Result<KeyAndCertificate> IssueClientCertificateValid(
    const KeyAndCertificate& ca, const std::string& common_name, const std::string& organization,
    std::chrono::system_clock::time_point not_before,
    std::chrono::system_clock::time_point not_after) {
  return IssueClient(ca, common_name, organization,
                     Validity{std::chrono::system_clock::to_time_t(not_before),
                              std::chrono::system_clock::to_time_t(not_after)});
}

core::Result<std::string> ExportPkcs12(const KeyAndCertificate& leaf,
                                       const std::string& ca_certificate_pem,
                                       const std::string& friendly_name,
                                       const std::string& password) {
  if (password.empty() || password.find('\0') != std::string::npos ||
      password.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return core::Error::InvalidArgument("password", "must be a non-empty string without NUL");
  }
  if (friendly_name.find('\0') != std::string::npos) {
    return core::Error::InvalidArgument("friendly_name", "must not contain NUL");
  }
  PKeyPtr key = ReadPrivateKey(leaf.private_key_pem);
  X509Ptr cert = ReadCertificate(leaf.certificate_pem);
  if (!key || !cert) return OpenSslError("reading the certificate and its key");
  X509StackPtr cas(sk_X509_new_null());
  if (!cas) return OpenSslError("allocating");
  {
    BioPtr bio = MemoryBio(ca_certificate_pem);
    if (!bio) return OpenSslError("reading the CA certificate");
    while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      if (sk_X509_push(cas.get(), ca) == 0) {
        X509_free(ca);
        return OpenSslError("allocating");
      }
    }
    ERR_clear_error();  // the end of the PEM text
  }
  if (sk_X509_num(cas.get()) == 0) return OpenSslError("reading the CA certificate");

  // MAC added separately: PKCS12_create's own MAC is SHA-1.
  Pkcs12Ptr p12(PKCS12_create(password.c_str(),
                              friendly_name.empty() ? nullptr : friendly_name.c_str(), key.get(),
                              cert.get(), cas.get(), NID_aes_256_cbc, NID_aes_256_cbc,
                              PKCS12_DEFAULT_ITER, /*mac_iter=*/-1, /*keytype=*/0));
  if (!p12) return OpenSslError("building PKCS#12 (does the key match the certificate?)");
  if (PKCS12_set_mac(p12.get(), password.c_str(), static_cast<int>(password.size()), nullptr, 0,
                     PKCS12_DEFAULT_ITER, EVP_sha256()) != 1) {
    return OpenSslError("PKCS#12 MAC");
  }
  unsigned char* der = nullptr;
  const int len = i2d_PKCS12(p12.get(), &der);
  if (len <= 0 || der == nullptr) return OpenSslError("encoding PKCS#12");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

namespace {

core::Result<CertificateInfo> InspectX509(X509* cert) {
  CertificateInfo info;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &digest_len) != 1)
    return OpenSslError("certificate digest");
  info.sha256_fingerprint = LowerHex(digest.data(), digest_len);

  BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (!serial) return OpenSslError("reading the serial");
  char* hex = BN_bn2hex(serial.get());
  if (hex == nullptr) return OpenSslError("reading the serial");
  info.serial_hex = hex;
  OPENSSL_free(hex);
  for (char& c : info.serial_hex)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  const X509_NAME* subject = X509_get_subject_name(cert);
  info.common_name = FirstNameEntry(subject, NID_commonName);
  info.organization = FirstNameEntry(subject, NID_organizationName);
  YS_ASSIGN_OR_RETURN(info.not_before, ToTimePoint(X509_get0_notBefore(cert)));
  YS_ASSIGN_OR_RETURN(info.not_after, ToTimePoint(X509_get0_notAfter(cert)));
  return info;
}

}  // namespace

core::Result<CertificateInfo> InspectCertificate(const std::string& certificate_pem) {
  X509Ptr cert = ReadCertificate(certificate_pem);
  if (!cert) {
    ERR_clear_error();
    return core::Error::InvalidArgument("certificate", "not a PEM certificate");
  }
  return InspectX509(cert.get());
}

core::Result<CertificateInfo> InspectCertificateDer(std::string_view der) {
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    return core::Error::InvalidArgument("certificate", "not a DER certificate");
  }
  const auto* next = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &next, static_cast<long>(der.size())));
  if (!cert || next != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    ERR_clear_error();
    return core::Error::InvalidArgument("certificate", "not a DER certificate");
  }
  return InspectX509(cert.get());
}

}  // namespace yorisoi::crypto
