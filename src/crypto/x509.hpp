// X.509 certificates for the server's TLS (and, later, the per-tenant device CA).
// PEM strings in, PEM strings out; OpenSSL stays inside x509.cpp.
#pragma once

#include <string>
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

}  // namespace yorisoi::crypto
