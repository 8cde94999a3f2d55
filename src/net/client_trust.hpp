// Internal to src/net: client certificates (mutual TLS) as OpenSSL sees them; no Boost.
//   * ClientTrust: the trusted client CAs, an immutable X509_STORE swapped whole.
//   * VerifyClientChain: the chain check the server runs instead of OpenSSL's own.
//   * MakePeerCertificate: the PeerCertificate of a verified leaf, read by crypto's
//     InspectCertificateDer, so its fields equal those of a stored crypto::CertificateInfo.
// What happens with a verified certificate (the registry, ClientAuthOptions::accept) is
// ServerCore's (server_core.hpp).
#pragma once

#include <openssl/x509.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_types.hpp"

namespace yorisoi::net {

// The trusted client CAs. Each X509_STORE is immutable once built and swapped whole, so a
// handshake keeps verifying against the store it took even while SetTrustedClientCas runs.
class ClientTrust {
 public:
  using StorePtr = std::shared_ptr<X509_STORE>;

  // Throws std::invalid_argument when a string holds no certificate or a non-CA certificate.
  static StorePtr Build(const std::vector<std::string>& ca_pems);

  void Set(StorePtr store);
  StorePtr Get() const;

 private:
  mutable std::mutex mutex_;
  StorePtr store_;
};

// Verifies `leaf` (with the certificates the client sent as untrusted intermediates) as a TLS
// client certificate against `store`: signatures, validity dates, CA flags, the clientAuth
// purpose, and the key-size rules of `auth_level`. Every trusted certificate is an anchor on its
// own (X509_V_FLAG_PARTIAL_CHAIN), so a tenant CA need not be self-signed. Returns an X509_V_*
// code.
int VerifyClientChain(X509_STORE* store, X509* leaf, STACK_OF(X509) * untrusted, int auth_level);

// Fingerprint, serial, CN and O of `cert`, exactly as crypto::InspectCertificate computes them.
// Null on failure.
std::shared_ptr<const PeerCertificate> MakePeerCertificate(X509* cert);

// The SSL ex_data slot holding the Connection* of an SSL object (app data, slot 0, is Asio's);
// negative when OpenSSL could not allocate one.
int ConnectionExDataIndex();

}  // namespace yorisoi::net
