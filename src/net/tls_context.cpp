#include "net/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "net/openssl_errors.hpp"

namespace yorisoi::net {

namespace ssl = boost::asio::ssl;

ssl::context MakeTlsContext(const TlsOptions& tls) {
  ssl::context ctx{ssl::context::tls_server};
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) != 1) {
    throw std::runtime_error("TLS: cannot set protocol versions: " + OpenSslErrors());
  }
  // Server cipher preference, no renegotiation, no compression. Session tickets are off
  // (SSL_OP_NO_TICKET): resumption goes through the server-side session cache only (TLS 1.2
  // session IDs; TLS 1.3 then issues stateful tickets that merely name a cache entry). So no
  // process-lifetime ticket key can decrypt recorded traffic, cached sessions expire after
  // 5 minutes, and once mTLS arrives resumption stays under our control (session id context).
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
  // TLS 1.2: ECDHE + AEAD only. TLS 1.3 suites are all AEAD; OpenSSL's defaults stay.
  if (SSL_CTX_set_cipher_list(native,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
    throw std::runtime_error("TLS: cannot set the cipher list: " + OpenSslErrors());
  }
  if (SSL_CTX_set1_groups_list(native, "X25519:P-256:P-384") != 1) {
    throw std::runtime_error("TLS: cannot set the key exchange groups: " + OpenSslErrors());
  }
  static constexpr std::string_view kSessionIdContext = "yorisoi";
  SSL_CTX_set_session_id_context(native,
                                 reinterpret_cast<const unsigned char*>(kSessionIdContext.data()),
                                 static_cast<unsigned int>(kSessionIdContext.size()));
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
  SSL_CTX_set_timeout(native, 300);
  SSL_CTX_set_num_tickets(native, 1);  // TLS 1.3: one (stateful) ticket per handshake

  if (tls.certificate_chain_file.empty() || tls.private_key_file.empty()) {
    throw std::runtime_error("TLS: certificate chain file and private key file are required");
  }
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(tls.certificate_chain_file, ec);
  if (ec) {
    throw std::runtime_error("TLS: cannot load certificate chain '" + tls.certificate_chain_file +
                             "': " + ec.message());
  }
  ctx.use_private_key_file(tls.private_key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("TLS: cannot load private key '" + tls.private_key_file +
                             "': " + ec.message());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("TLS: the private key does not match the certificate: " +
                             OpenSslErrors());
  }
  return ctx;
}

}  // namespace yorisoi::net
