#include "net/client_trust.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <limits>
#include <new>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "crypto/x509.hpp"
#include "net/openssl_errors.hpp"

namespace yorisoi::net {
namespace {

template <auto Fn>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;

}  // namespace

ClientTrust::StorePtr ClientTrust::Build(const std::vector<std::string>& ca_pems) {
  StorePtr store(X509_STORE_new(), X509_STORE_free);
  if (!store) throw std::bad_alloc();
  for (std::size_t i = 0; i < ca_pems.size(); ++i) {
    const std::string& pem = ca_pems[i];
    const auto refuse = [i](const std::string& why) {
      ERR_clear_error();
      return std::invalid_argument("trusted client CA #" + std::to_string(i + 1) + ": " + why);
    };
    if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      throw refuse("too long");
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw std::bad_alloc();
    int count = 0;
    while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
      if (X509_check_ca(cert.get()) < 1) throw refuse("not a CA certificate");
      if (X509_STORE_add_cert(store.get(), cert.get()) != 1) {
        // A duplicate is not an error in OpenSSL 3; anything else is.
        throw refuse("cannot be added: " + OpenSslErrors());
      }
      ++count;
    }
    ERR_clear_error();  // the end of the PEM text
    if (count == 0) throw refuse("no PEM certificate");
  }
  return store;
}

void ClientTrust::Set(StorePtr store) {
  std::lock_guard lock(mutex_);
  store_ = std::move(store);
}

ClientTrust::StorePtr ClientTrust::Get() const {
  std::lock_guard lock(mutex_);
  return store_;
}

int VerifyClientChain(X509_STORE* store, X509* leaf, STACK_OF(X509) * untrusted, int auth_level) {
  if (store == nullptr || leaf == nullptr) return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, leaf, untrusted) != 1 ||
      X509_STORE_CTX_set_default(ctx.get(), "ssl_client") != 1) {
    ERR_clear_error();
    return X509_V_ERR_OUT_OF_MEM;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_auth_level(param, auth_level);
  const int ok = X509_verify_cert(ctx.get());
  int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) return X509_V_OK;
  return error != X509_V_OK ? error : X509_V_ERR_UNSPECIFIED;
}

std::shared_ptr<const PeerCertificate> MakePeerCertificate(X509* cert) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  if (len <= 0 || der == nullptr) {
    ERR_clear_error();
    return nullptr;
  }
  auto info = crypto::InspectCertificateDer(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len)));
  OPENSSL_free(der);
  if (!info.ok()) return nullptr;
  return std::make_shared<const PeerCertificate>(
      PeerCertificate{std::move(info->sha256_fingerprint), std::move(info->serial_hex),
                      std::move(info->common_name), std::move(info->organization)});
}

int ConnectionExDataIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

}  // namespace yorisoi::net
