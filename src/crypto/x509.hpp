// X.509 certificates for the server's TLS and the per-tenant device CA (client certificates and
// their PKCS#12 bundles for MDM import). PEM strings in, PEM strings out; OpenSSL stays inside
// x509.cpp.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yorisoi::crypto {

struct KeyAndCertificate {
  std::string private_key_pem;  // PKCS#8, unencrypted: the caller protects it (file mode, sealing)
  std::string certificate_pem;
};

// A self-signed CA with an ECDSA P-256 key, valid for `days`.
core::Result<KeyAndCertificate> CreateCertificateAuthority(const std::string& common_name,
                                                           int days);

// A TLS server certificate signed by ca, with every hostname (DNS names or IP literals) as a
// subjectAltName. ECDSA P-256, serverAuth.
core::Result<KeyAndCertificate> IssueServerCertificate(const KeyAndCertificate& ca,
                                                       const std::vector<std::string>& hostnames,
                                                       int days);

// A client (device) certificate signed by `ca`: ECDSA P-256, extendedKeyUsage clientAuth,
// keyUsage digitalSignature, basicConstraints CA:FALSE, subject CN=common_name, O=organization
// (UTF-8, each 1 to 64 characters), a random serial (16 random bytes, top bit cleared so that it
// is positive), valid from now - 5 minutes for `days` (> 0).
core::Result<KeyAndCertificate> IssueClientCertificate(const KeyAndCertificate& ca,
                                                       const std::string& common_name,
                                                       const std::string& organization, int days);
// The same with explicit validity (tests make expired and not-yet-valid certificates);
// not_before must lie before not_after. Whole seconds (the fractions are dropped).
core::Result<KeyAndCertificate> IssueClientCertificateValid(
    const KeyAndCertificate& ca, const std::string& common_name, const std::string& organization,
    std::chrono::system_clock::time_point not_before,
    std::chrono::system_clock::time_point not_after);

// PKCS#12 with the key, the certificate and the CA certificate(s) of ca_certificate_pem,
// encrypted with `password` (not empty): AES-256-CBC with PBKDF2 (hmacWithSHA256, 2048
// iterations) for the key and the certificates, SHA-256 MAC; what current iPadOS/Android MDM
// import. `friendly_name` (UTF-8) names the key and the certificate. Returns the DER bytes.
core::Result<std::string> ExportPkcs12(const KeyAndCertificate& leaf,
                                       const std::string& ca_certificate_pem,
                                       const std::string& friendly_name,
                                       const std::string& password);

struct CertificateInfo {
  std::string sha256_fingerprint;  // lowercase hex of SHA-256 over the DER certificate
  std::string serial_hex;          // lowercase hex, big-endian, no leading zero bytes
  std::string common_name;         // first CN of the subject (UTF-8), empty when absent
  std::string organization;        // first O of the subject (UTF-8), empty when absent
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};
// Reads the first certificate of a PEM string. The fields are computed exactly as
// net::PeerCertificate's, so a stored CertificateInfo matches the peer of a connection.
core::Result<CertificateInfo> InspectCertificate(const std::string& certificate_pem);
// The same from the DER encoding of one certificate (nothing before or after it): how the TLS
// server reads the verified client certificate of a connection (net::PeerCertificate).
core::Result<CertificateInfo> InspectCertificateDer(std::string_view der);

}  // namespace yorisoi::crypto
