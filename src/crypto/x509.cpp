#include "crypto/x509.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

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

core::Error OpenSslError(const char* what) {
  return core::Error::Internal(std::string("openssl: ") + what);
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
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

// A certificate skeleton: random serial, validity, subject CN, public key.
core::Result<X509Ptr> NewCertificate(EVP_PKEY* key, const std::string& common_name, int days) {
  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError("allocating certificate");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  ASN1_INTEGER* asn = BN_to_ASN1_INTEGER(bn, nullptr);
  X509_set_serialNumber(cert.get(), asn);
  ASN1_INTEGER_free(asn);
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 5);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Yorisoi"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  if (X509_set_pubkey(cert.get(), key) != 1) return OpenSslError("setting public key");
  return cert;
}

PKeyPtr NewEcKey() { return PKeyPtr(EVP_EC_gen("P-256")); }

}  // namespace

core::Result<KeyAndCertificate> CreateCertificateAuthority(const std::string& common_name,
                                                           int days) {
  PKeyPtr key = NewEcKey();
  if (!key) return OpenSslError("generating key");
  YS_ASSIGN_OR_RETURN(X509Ptr cert, NewCertificate(key.get(), common_name, days));
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
  BioPtr ca_key_bio(
      BIO_new_mem_buf(ca.private_key_pem.data(), static_cast<int>(ca.private_key_pem.size())));
  PKeyPtr ca_key(PEM_read_bio_PrivateKey(ca_key_bio.get(), nullptr, nullptr, nullptr));
  BioPtr ca_cert_bio(
      BIO_new_mem_buf(ca.certificate_pem.data(), static_cast<int>(ca.certificate_pem.size())));
  X509Ptr ca_cert(PEM_read_bio_X509(ca_cert_bio.get(), nullptr, nullptr, nullptr));
  if (!ca_key || !ca_cert) return OpenSslError("reading CA");

  PKeyPtr key = NewEcKey();
  if (!key) return OpenSslError("generating key");
  YS_ASSIGN_OR_RETURN(X509Ptr cert, NewCertificate(key.get(), hostnames.front(), days));
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get()));
  std::string san;
  for (const auto& h : hostnames) {
    if (!san.empty()) san += ',';
    const bool is_ip =
        h.find_first_not_of("0123456789.") == std::string::npos || h.find(':') != std::string::npos;
    san += (is_ip ? "IP:" : "DNS:") + h;
  }
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE"));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth"));
  YS_RETURN_IF_ERROR(AddExtension(cert.get(), ca_cert.get(), NID_subject_alt_name, san));
  YS_RETURN_IF_ERROR(
      AddExtension(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0)
    return OpenSslError("signing certificate");
  YS_ASSIGN_OR_RETURN(std::string key_pem, KeyToPem(key.get()));
  YS_ASSIGN_OR_RETURN(std::string cert_pem, CertToPem(cert.get()));
  return KeyAndCertificate{std::move(key_pem), std::move(cert_pem)};
}

}  // namespace yorisoi::crypto
