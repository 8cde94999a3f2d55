// The embedded tablet web app (http/web_assets.hpp) as ApiHandler serves it outside /api/, and the
// public GET /api/v1/settings. Written to pass with the placeholder page (no web/dist) as with a
// built app: both have an /index.html.
#include "http/web_assets.hpp"

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/codes/code_service.hpp"
#include "domain/service_fixture.hpp"
#include "domain/users/auth_service.hpp"
#include "http/api.hpp"

namespace yorisoi::http {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";

bool IsGzip(std::string_view bytes) {
  return bytes.size() > 10 && bytes[0] == '\x1f' && bytes[1] == '\x8b' && bytes[2] == '\x08';
}

TEST(WebAssetsTest, HoldAnIndexPageAndWellFormedEntries) {
  const auto assets = WebAssets();
  ASSERT_FALSE(assets.empty());
  const WebAsset* index = FindWebAsset("/index.html");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content_type, kHtml);
  EXPECT_NE(index->body.find("<html"), std::string_view::npos);
  // Both the placeholder and a built app's page compress.
  EXPECT_TRUE(IsGzip(index->gzip_body));
  std::set<std::string_view> paths;
  for (const WebAsset& asset : assets) {
    SCOPED_TRACE(std::string(asset.path));
    EXPECT_EQ(asset.path.substr(0, 1), "/");
    EXPECT_NE(asset.path.substr(0, 5), "/api/") << "would be shadowed by the API";
    EXPECT_FALSE(asset.content_type.empty());
    EXPECT_TRUE(paths.insert(asset.path).second) << "listed twice";
    EXPECT_EQ(FindWebAsset(asset.path), &asset);
    if (!asset.gzip_body.empty()) {
      EXPECT_TRUE(IsGzip(asset.gzip_body));
      EXPECT_LT(asset.gzip_body.size(), asset.body.size()) << "kept only when smaller";
    }
    if (asset.path.size() > 3 && asset.path.substr(asset.path.size() - 3) == ".js") {
      EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
    }
    if (asset.path.size() > 4 && asset.path.substr(asset.path.size() - 4) == ".css") {
      EXPECT_EQ(asset.content_type, "text/css; charset=utf-8");
    }
  }
  EXPECT_EQ(FindWebAsset("/"), nullptr) << "\"/\" is the handler's alias, not an asset";
  EXPECT_EQ(FindWebAsset(""), nullptr);
  EXPECT_EQ(FindWebAsset("/index.html/"), nullptr);
  EXPECT_EQ(FindWebAsset("/INDEX.HTML"), nullptr);
  EXPECT_EQ(FindWebAsset("/../index.html"), nullptr);
}

TEST(WebAssetsTest, AcceptEncodingNamesGzip) {
  for (std::string_view yes : {"gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "GZIP",
                               " deflate , gzip ", "x-gzip", "*", "br, *;q=0.1", "gzip;q=0.001"}) {
    EXPECT_TRUE(AcceptsGzip(yes)) << yes;
  }
  for (std::string_view no : {"", "identity", "deflate, br", "gzip;q=0", "gzip; q=0.000", "*;q=0",
                              "*, gzip;q=0", "gzipper", "x-gzip;q=0, br"}) {
    EXPECT_FALSE(AcceptsGzip(no)) << no;
  }
}

class WebHandlerTest : public domain::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auth_ = std::make_unique<domain::AuthService>(*storage_, clock_, domain::AuthConfig{});
    audit_ = std::make_unique<domain::AuditService>(*storage_, clock_);
    codes_ =
        std::make_unique<domain::CodeService>(*storage_, clock_, domain::CodeCatalog::BuiltIn());
    cases_ = std::make_unique<domain::CaseService>(*storage_, clock_, *codes_);
    handler_ = std::make_unique<ApiHandler>(ApiServices{*auth_, *users_, *audit_, *cases_, *codes_,
                                                        metrics_, true, std::chrono::seconds(120)});
  }

  net::Response Send(const std::string& method, const std::string& target,
                     const std::string& accept_encoding = {}) {
    net::Request request;
    request.method = method;
    request.target = target;
    request.remote_address = "127.0.0.1";
    request.tls = true;
    if (!accept_encoding.empty()) request.headers.push_back({"Accept-Encoding", accept_encoding});
    net::Response response = handler_->Handle(request);
    ExpectSecurityHeaders(response, method + " " + target);
    return response;
  }

  static void ExpectSecurityHeaders(const net::Response& r, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(r.HeaderValue("Cache-Control"), "no-store");
    const std::string_view csp = r.HeaderValue("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string_view::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self';"), std::string_view::npos) << csp;
    EXPECT_NE(csp.find("style-src 'self';"), std::string_view::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string_view::npos) << csp;
    EXPECT_EQ(csp.find("unsafe"), std::string_view::npos) << csp;
    EXPECT_EQ(r.HeaderValue("X-Content-Type-Options"), "nosniff");
    EXPECT_FALSE(r.HeaderValue("Strict-Transport-Security").empty());
  }

  std::unique_ptr<domain::AuthService> auth_;
  std::unique_ptr<domain::AuditService> audit_;
  std::unique_ptr<domain::CodeService> codes_;
  std::unique_ptr<domain::CaseService> cases_;
  core::RequestMetrics metrics_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(WebHandlerTest, TheRootAndIndexServeThePage) {
  const WebAsset* index = FindWebAsset("/index.html");
  ASSERT_NE(index, nullptr);
  for (const char* target : {"/", "/index.html", "/?from=bookmark"}) {
    SCOPED_TRACE(target);
    const net::Response r = Send("GET", target);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.HeaderValue("Content-Type"), kHtml);
    EXPECT_EQ(r.HeaderValue("Content-Encoding"), "");
    EXPECT_EQ(r.HeaderValue("Vary"), "Accept-Encoding");
    EXPECT_EQ(r.body, index->body);
  }
  // HEAD: the same answer (net/ leaves out the body).
  const net::Response head = Send("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.HeaderValue("Content-Type"), kHtml);
}

TEST_F(WebHandlerTest, EveryAssetIsServedPlainOrGzipped) {
  for (const WebAsset& asset : WebAssets()) {
    const std::string path(asset.path);
    SCOPED_TRACE(path);
    const net::Response plain = Send("GET", path);
    EXPECT_EQ(plain.status, 200);
    EXPECT_EQ(plain.HeaderValue("Content-Type"), asset.content_type);
    EXPECT_EQ(plain.HeaderValue("Content-Encoding"), "");
    EXPECT_EQ(plain.body, asset.body);

    const net::Response gzipped = Send("GET", path, "gzip, deflate, br");
    EXPECT_EQ(gzipped.status, 200);
    EXPECT_EQ(gzipped.HeaderValue("Content-Type"), asset.content_type);
    if (asset.gzip_body.empty()) {
      EXPECT_EQ(gzipped.HeaderValue("Content-Encoding"), "");
      EXPECT_EQ(gzipped.body, asset.body);
    } else {
      EXPECT_EQ(gzipped.HeaderValue("Content-Encoding"), "gzip");
      EXPECT_EQ(gzipped.HeaderValue("Vary"), "Accept-Encoding");
      EXPECT_EQ(gzipped.body, asset.gzip_body);
    }
    const net::Response refused = Send("GET", path, "gzip;q=0");
    EXPECT_EQ(refused.HeaderValue("Content-Encoding"), "");
    EXPECT_EQ(refused.body, asset.body);
  }
  const net::Response index = Send("GET", "/", "gzip");
  EXPECT_EQ(index.HeaderValue("Content-Encoding"), "gzip");
  EXPECT_TRUE(IsGzip(index.body));
}

TEST_F(WebHandlerTest, OtherPathsAre404AndOtherMethods405) {
  for (const char* target : {"/nothing", "/assets/missing.js", "/cases/123", "/index.html/",
                             "/%2e%2e/index.html", "/apix", "//index.html"}) {
    const net::Response r = Send("GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(nlohmann::json::parse(r.body).at("error").at("code"), "not_found") << target;
  }
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    for (const char* target : {"/", "/index.html"}) {
      const net::Response r = Send(method, target);
      EXPECT_EQ(r.status, 405) << method << " " << target;
      EXPECT_EQ(r.HeaderValue("Allow"), "GET, HEAD");
      EXPECT_EQ(nlohmann::json::parse(r.body).at("error").at("code"), "method_not_allowed");
    }
  }
  EXPECT_EQ(Send("POST", "/nothing").status, 404);
  // The API keeps its own paths: never the web app's page.
  EXPECT_EQ(Send("GET", "/api").status, 404);
  EXPECT_EQ(Send("GET", "/api/").status, 404);
  EXPECT_EQ(Send("GET", "/api/index.html").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/nothing").status, 404);
}

TEST_F(WebHandlerTest, MetricsLabelTheWebAppOnce) {
  (void)Send("GET", "/");
  (void)Send("GET", "/invented-path-1");
  (void)Send("GET", "/invented-path-2");
  (void)Send("POST", "/index.html");
  const std::string metrics = metrics_.RenderPrometheus();
  EXPECT_NE(metrics.find(R"(method="GET",route="web",status="200")"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(R"(method="GET",route="web",status="404")"), std::string::npos);
  EXPECT_NE(metrics.find(R"(method="POST",route="web",status="405")"), std::string::npos);
  EXPECT_EQ(metrics.find("invented"), std::string::npos) << "no series per raw path";
  EXPECT_EQ(metrics.find("index.html"), std::string::npos);
}

TEST_F(WebHandlerTest, SettingsNeedNoSignIn) {
  const net::Response r = Send("GET", "/api/v1/settings");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body, (nlohmann::json{{"idle_lock_seconds", 120},
                                  {"demo", true},
                                  {"max_failed_logins", 5},
                                  {"lockout_seconds", 900}}));
  EXPECT_EQ(Send("POST", "/api/v1/settings").status, 405);
}

}  // namespace
}  // namespace yorisoi::http
