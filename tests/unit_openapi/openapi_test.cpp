// GET /api/v1/openapi.json against the real route table.
//
// The document (src/http/openapi.cpp) is written by hand; these tests keep it honest: the router of
// a real ApiHandler and the document must list the same (method, path) pairs, public routes must be
// exactly the routes without sign-in, the roles must be those of the role table, and the document
// must hold together as OpenAPI 3.1 (every $ref resolves, every path parameter is declared, every
// operation has responses). A route added without its description fails here, and the message says
// what to add. AnswersMatchTheirSchemas sends real requests through ApiHandler::Handle and checks
// each status and body against the document: add a line there for a new route.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/error_codes.hpp"
#include "core/metrics.hpp"
#include "crypto/random.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/cases/case_service.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/tenants/tenant.hpp"
#include "domain/users/auth_service.hpp"
#include "domain/users/role.hpp"
#include "domain/users/user_service.hpp"
#include "http/api.hpp"
#include "http/openapi.hpp"
#include "storage/sqlite/storage.hpp"

namespace yorisoi::http {
namespace {

using nlohmann::json;

constexpr const char* kOpenApiSource = "src/http/openapi.cpp";
// The operation keys of an OpenAPI 3.1 Path Item.
const std::set<std::string> kOperationKeys = {"get",     "put",  "post",  "delete",
                                              "options", "head", "patch", "trace"};
const std::vector<domain::Role> kRoles = {domain::Role::kCaseworker, domain::Role::kSupervisor,
                                          domain::Role::kAdmin, domain::Role::kAuditor};

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// A real ApiHandler over a temporary SQLite data folder, built once for the whole suite (the
// routes do not depend on any data).
class Api {
 public:
  static Api& Get() {
    static Api api;
    return api;
  }
  ApiHandler& handler() { return *handler_; }
  const std::vector<Route>& routes() const { return handler_->router().routes(); }

  // A tenant with one unit and one admin (dummy data), made on first use.
  static constexpr const char* kTenant = "openapi-test";
  static constexpr const char* kLogin = "admin1";
  static constexpr const char* kPassword = "dummy-openapi-password-2025";
  // Case staff of the unit "center" (same dummy password).
  static constexpr const char* kSupervisor = "super1";
  static constexpr const char* kCaseworker = "case1";
  void EnsureTenant() {
    if (tenant_made_) return;
    tenant_made_ = true;
    if (!storage_->CreateTenant(domain::Tenant{kTenant, "テスト区", clock_.Now()}).ok() ||
        !users_->CreateUnit(kTenant, domain::Unit{"center", "センター", {}}).ok() ||
        !users_
             ->CreateUser(kTenant, domain::NewUser{kLogin, "管理者", domain::Role::kAdmin, {}},
                          kPassword, false)
             .ok() ||
        !users_
             ->CreateUser(
                 kTenant,
                 domain::NewUser{kSupervisor, "係長", domain::Role::kSupervisor, {"center"}},
                 kPassword, false)
             .ok() ||
        !users_
             ->CreateUser(
                 kTenant,
                 domain::NewUser{kCaseworker, "担当", domain::Role::kCaseworker, {"center"}},
                 kPassword, false)
             .ok()) {
      throw std::runtime_error("setting up the test tenant failed");
    }
  }

  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

 private:
  Api() {
    crypto::InitCrypto();
    std::string pattern = ::testing::TempDir() + "yorisoi-openapi-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    auto storage = storage::sqlite::OpenStorage(
        dir_, std::make_shared<domain::MemoryAuditKeyring>(std::string(32, 'k')));
    if (!storage.ok()) throw std::runtime_error("OpenStorage failed: " + storage.error().message);
    storage_ = std::move(*storage);
    auth_ = std::make_unique<domain::AuthService>(*storage_, clock_, domain::AuthConfig{});
    users_ = std::make_unique<domain::UserService>(*storage_, clock_);
    audit_ = std::make_unique<domain::AuditService>(*storage_, clock_);
    codes_ =
        std::make_unique<domain::CodeService>(*storage_, clock_, domain::CodeCatalog::BuiltIn());
    cases_ = std::make_unique<domain::CaseService>(*storage_, clock_, *codes_);
    handler_ = std::make_unique<ApiHandler>(
        ApiServices{*auth_, *users_, *audit_, *cases_, *codes_, metrics_, false});
  }
  ~Api() {
    handler_.reset();
    cases_.reset();
    codes_.reset();
    audit_.reset();
    users_.reset();
    auth_.reset();
    storage_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string dir_;
  core::SystemClock clock_;
  core::RequestMetrics metrics_;
  std::unique_ptr<domain::Storage> storage_;
  std::unique_ptr<domain::AuthService> auth_;
  std::unique_ptr<domain::UserService> users_;
  std::unique_ptr<domain::AuditService> audit_;
  std::unique_ptr<domain::CodeService> codes_;
  std::unique_ptr<domain::CaseService> cases_;
  std::unique_ptr<ApiHandler> handler_;
  bool tenant_made_ = false;
};

// The served document, parsed once (DocumentParses checks that it does).
const json& Doc() {
  static const json doc = json::parse(OpenApiDocument());
  return doc;
}

// A node, or the node its "$ref" points at (refs are local: "#/components/...").
const json& Resolve(const json& node) {
  if (node.is_object() && node.contains("$ref")) {
    const std::string ref = node.at("$ref").get<std::string>();
    return Doc().at(json::json_pointer(ref.substr(1)));
  }
  return node;
}

// The operation for (method, pattern), or null when the document lacks it (the route test says
// what to add).
const json* FindOperation(const std::string& method, const std::string& pattern) {
  const json& paths = Doc().at("paths");
  const std::string key = Lower(method);
  if (!paths.contains(pattern) || !paths.at(pattern).contains(key)) return nullptr;
  return &paths.at(pattern).at(key);
}

struct DocOperation {
  std::string method;  // upper case, as in the router
  std::string path;
  const json* path_item;
  const json* operation;
  std::string Name() const { return method + " " + path; }
};

std::vector<DocOperation> DocOperations() {
  std::vector<DocOperation> out;
  for (const auto& [path, item] : Doc().at("paths").items()) {
    for (const auto& [key, op] : item.items()) {
      if (kOperationKeys.count(key) != 0) out.push_back({Upper(key), path, &item, &op});
    }
  }
  return out;
}

// "admin", "auditor" ... : the roles allowed to do action, in Role order.
std::vector<std::string> AllowedRoles(domain::Action action) {
  std::vector<std::string> out;
  for (domain::Role role : kRoles) {
    if (domain::IsAllowed(role, action)) out.emplace_back(domain::RoleName(role));
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The .roles member to write in Operations() of openapi.cpp for a route.
std::string RolesInitializer(const Route& route) {
  if (!route.action) return ".public_route = true";
  const auto roles = AllowedRoles(*route.action);
  if (roles.size() == kRoles.size()) return ".roles = kEveryRole";
  std::vector<std::string> constants;
  for (const auto& r : roles) {
    std::string c = "k" + r;
    c[1] = static_cast<char>(c[1] - 'a' + 'A');  // admin -> kAdmin
    constants.push_back(c);
  }
  return ".roles = {" + Join(constants, ", ") + "}";
}

std::vector<std::string> DocTags() {
  std::vector<std::string> tags;
  for (const json& t : Doc().at("tags")) tags.push_back(t.at("name").get<std::string>());
  return tags;
}

// What to add to openapi.cpp for a route the document lacks.
std::string MissingFromDocument(const Route& route) {
  const bool has_body = route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
  std::string s;
  s += "\n  " + route.method + " " + route.pattern +
       " is a route of the router but is not in the OpenAPI document.\n";
  s += "  Describe it in Operations() in " + std::string(kOpenApiSource) +
       " (and any new schema in Schemas()), e.g.:\n";
  s += "      {.method = \"" + route.method + "\",\n";
  s += "       .path = \"" + route.pattern + "\",\n";
  s += "       .id = \"<unique lowerCamelCase operationId>\",\n";
  s += "       .tag = \"<" + Join(DocTags(), "|") + ">\",\n";
  s += "       .summary = \"<one line>\",\n";
  s += "       " + RolesInitializer(route) + ",\n";
  if (has_body) {
    s += "       .request = \"<schema of the JSON body; closed, fields as the handler parses>\",\n";
  }
  s += "       .status = <200; 201 when it creates; 204 when it answers no body>,\n";
  s += "       .response = \"<schema of the answer; omit for 204>\",\n";
  s += "       .errors = {<other than 401/403 and a body's 400/413: 400 for query parameters, "
       "404, 409, 429>}},\n";
  return s;
}

std::string MissingFromRouter(const std::string& method, const std::string& path) {
  return "\n  " + method + " " + path + " is described in the OpenAPI document (Operations() in " +
         kOpenApiSource +
         ") but the router has no such route.\n  Remove that entry, or make its .method and .path "
         "exactly the router's (same case, same {name} segments).\n";
}

TEST(OpenApiDocumentTest, DocumentParsesAsOpenApi31) {
  ASSERT_TRUE(json::accept(OpenApiDocument())) << "the document is not valid JSON";
  const json& doc = Doc();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  ASSERT_TRUE(doc.contains("info") && doc.at("info").is_object());
  EXPECT_TRUE(doc.at("info").contains("title") && doc.at("info").at("title").is_string());
  EXPECT_TRUE(doc.at("info").contains("version") && doc.at("info").at("version").is_string());
  ASSERT_TRUE(doc.contains("paths") && doc.at("paths").is_object());
  ASSERT_TRUE(doc.contains("components") && doc.at("components").is_object());
  for (const auto& [path, item] : doc.at("paths").items()) {
    EXPECT_EQ(path.rfind("/api/v1/", 0), 0u) << path;
    ASSERT_TRUE(item.is_object()) << path;
    for (const auto& [key, value] : item.items()) {
      EXPECT_TRUE(kOperationKeys.count(key) != 0 || key == "parameters" || key == "summary" ||
                  key == "description")
          << path << ": " << key << " is not a Path Item member";
      (void)value;
    }
  }
  for (const char* section : {"schemas", "responses", "securitySchemes"}) {
    ASSERT_TRUE(doc.at("components").contains(section)) << section;
    EXPECT_TRUE(doc.at("components").at(section).is_object()) << section;
  }
}

// The document names error codes in its prose (`409 \`stale_version\``); it spells them as text, so
// this ties them to src/core/error_codes.hpp: every backticked snake_case word of a description is
// an error code there, or a word of the document itself (a member, parameter or enum value), a
// code list's name or code, or one of the few other words below. A misspelt or invented code fails.
TEST(OpenApiDocumentTest, ErrorCodesNamedInTheProseExist) {
  std::set<std::string, std::less<>> words;
  for (std::string_view code : core::codes::kAll) words.emplace(code);
  for (const domain::CodeList& list : domain::CodeCatalog::BuiltIn().lists()) {
    words.insert(list.name);
    for (const domain::CodeEntry& e : list.entries) words.insert(e.code);
  }
  // Id prefixes (`usr_`, `not_`...), the command line as actor, the audit results: words of the
  // API that are neither members nor error codes.
  for (const char* w : {"cas_", "con_", "dev_", "per_", "pol_", "bgl_", "ses_", "usr_", "not_",
                        "cli", "ok", "failed", "denied"}) {
    words.emplace(w);
  }
  words.emplace(kSessionCookie);
  std::vector<std::string> prose;
  const std::function<void(const json&)> collect = [&](const json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        words.insert(key);
        if ((key == "description" || key == "summary") && value.is_string()) {
          prose.push_back(value.get<std::string>());
        }
        if (key == "name" && value.is_string()) words.insert(value.get<std::string>());
        if (key == "enum" && value.is_array()) {
          for (const json& v : value) {
            if (v.is_string()) words.insert(v.get<std::string>());
          }
        }
        collect(value);
      }
    } else if (node.is_array()) {
      for (const json& v : node) collect(v);
    }
  };
  collect(Doc());
  std::size_t named = 0;
  for (const std::string& text : prose) {
    for (std::size_t open = text.find('`'); open != std::string::npos;
         open = text.find('`', open + 1)) {
      const std::size_t close = text.find('`', open + 1);
      if (close == std::string::npos) break;
      const std::string word = text.substr(open + 1, close - open - 1);
      open = close;
      const bool snake = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!snake) continue;
      ++named;
      EXPECT_EQ(words.count(word), 1u)
          << "`" << word << "` in the OpenAPI document (" << kOpenApiSource
          << ") is not an error code of src/core/error_codes.hpp nor a word of the document";
    }
  }
  EXPECT_GT(named, 20u);
}

TEST(OpenApiDocumentTest, DeclaresBearerAndCookieSignIn) {
  const json& schemes = Doc().at("components").at("securitySchemes");
  EXPECT_EQ(schemes.at("bearerAuth").at("type"), "http");
  EXPECT_EQ(schemes.at("bearerAuth").at("scheme"), "bearer");
  const json& cookie = schemes.at("sessionCookie");
  EXPECT_EQ(cookie.at("type"), "apiKey");
  EXPECT_EQ(cookie.at("in"), "cookie");
  EXPECT_EQ(cookie.at("name"), std::string(kSessionCookie));
  // Signing in with either is the default; public operations override it with [].
  EXPECT_EQ(Doc().at("security"),
            (json::array({{{"bearerAuth", json::array()}}, {{"sessionCookie", json::array()}}})));
}

// The key check: the document describes exactly the routes the router serves.
TEST(OpenApiRoutesTest, RouterAndDocumentListTheSameRoutes) {
  std::set<std::pair<std::string, std::string>> in_router;
  std::string missing_from_document;
  std::set<std::pair<std::string, std::string>> in_document;
  for (const DocOperation& op : DocOperations()) in_document.insert({op.method, op.path});

  for (const Route& route : Api::Get().routes()) {
    in_router.insert({route.method, route.pattern});
    if (in_document.count({route.method, route.pattern}) == 0) {
      missing_from_document += MissingFromDocument(route);
    }
  }
  std::string missing_from_router;
  for (const auto& [method, path] : in_document) {
    if (in_router.count({method, path}) == 0)
      missing_from_router += MissingFromRouter(method, path);
  }
  EXPECT_TRUE(missing_from_document.empty())
      << "Routes missing from the OpenAPI document:" << missing_from_document;
  EXPECT_TRUE(missing_from_router.empty())
      << "Operations of the OpenAPI document that the router does not serve:"
      << missing_from_router;
  EXPECT_FALSE(in_router.empty());
}

TEST(OpenApiRoutesTest, PublicOperationsAreExactlyTheRoutesWithoutSignIn) {
  for (const Route& route : Api::Get().routes()) {
    const json* found = FindOperation(route.method, route.pattern);
    if (found == nullptr) continue;  // RouterAndDocumentListTheSameRoutes names it
    const json& op = *found;
    const bool public_in_document = op.contains("security") && op.at("security").empty();
    EXPECT_EQ(public_in_document, !route.action.has_value())
        << route.method << " " << route.pattern << ": "
        << (route.action ? "the route needs sign-in, so remove `.public_route = true` from its "
                           "entry in "
                         : "the route needs no sign-in (action std::nullopt), so set "
                           "`.public_route = true` on its entry in ")
        << kOpenApiSource;
  }
}

TEST(OpenApiRoutesTest, RolesAreThoseOfTheRoleTable) {
  for (const Route& route : Api::Get().routes()) {
    if (!route.action) continue;
    const json* found = FindOperation(route.method, route.pattern);
    if (found == nullptr) continue;  // RouterAndDocumentListTheSameRoutes names it
    const json& op = *found;
    std::vector<std::string> documented;
    if (op.contains("x-yorisoi-roles")) {
      documented = op.at("x-yorisoi-roles").get<std::vector<std::string>>();
    }
    EXPECT_EQ(documented, AllowedRoles(*route.action))
        << route.method << " " << route.pattern << " needs action '"
        << domain::ActionName(*route.action) << "' (domain/users/role.cpp); write `"
        << RolesInitializer(route) << "` on its entry in " << kOpenApiSource;
  }
}

TEST(OpenApiDocumentTest, EveryOperationHasResponses) {
  const auto tags = DocTags();
  std::set<std::string> operation_ids;
  const auto operations = DocOperations();
  ASSERT_FALSE(operations.empty());
  for (const DocOperation& d : operations) {
    const json& op = *d.operation;
    const std::string name = d.Name();
    ASSERT_TRUE(op.contains("operationId")) << name;
    EXPECT_TRUE(operation_ids.insert(op.at("operationId").get<std::string>()).second)
        << name << ": operationId " << op.at("operationId") << " is used twice";
    ASSERT_TRUE(op.contains("tags")) << name;
    for (const json& tag : op.at("tags")) {
      EXPECT_NE(std::find(tags.begin(), tags.end(), tag.get<std::string>()), tags.end())
          << name << ": tag " << tag << " is not in Tags()";
    }
    ASSERT_TRUE(op.contains("responses") && op.at("responses").is_object()) << name;
    const json& responses = op.at("responses");
    ASSERT_FALSE(responses.empty()) << name;
    int successes = 0;
    for (const auto& [status, ref_or_response] : responses.items()) {
      const json& response = Resolve(ref_or_response);
      EXPECT_TRUE(response.contains("description") && response.at("description").is_string())
          << name << " " << status << ": a response needs a description";
      if (status[0] == '2') ++successes;
      if (status[0] == '4' || status[0] == '5') {
        EXPECT_EQ(response.at("content").at("application/json").at("schema"),
                  (json{{"$ref", "#/components/schemas/Error"}}))
            << name << " " << status;
      }
    }
    EXPECT_EQ(successes, 1) << name << ": exactly one success status";
    // Sign-in and bodies have errors of their own.
    const bool is_public = op.contains("security") && op.at("security").empty();
    if (!is_public) {
      EXPECT_TRUE(responses.contains("401") && responses.contains("403")) << name;
    }
    if (op.contains("requestBody")) {
      EXPECT_TRUE(responses.contains("400") && responses.contains("413")) << name;
    }
  }
}

TEST(OpenApiDocumentTest, EveryRefResolvesInsideTheDocument) {
  std::vector<std::pair<std::string, std::string>> refs;  // (where, ref)
  std::function<void(const json&, const std::string&)> walk = [&](const json& node,
                                                                  const std::string& where) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "$ref" && value.is_string()) {
          refs.emplace_back(where, value.get<std::string>());
        } else {
          walk(value, where + "/" + key);
        }
      }
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) walk(node[i], where + "/" + std::to_string(i));
    }
  };
  walk(Doc(), "");
  EXPECT_GT(refs.size(), 10u);
  for (const auto& [where, ref] : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << where << ": " << ref << " is not a local reference";
    EXPECT_TRUE(Doc().contains(json::json_pointer(ref.substr(1))))
        << where << ": " << ref << " does not resolve; add it to Schemas() in " << kOpenApiSource;
  }
}

TEST(OpenApiDocumentTest, EveryPathParameterIsDeclared) {
  for (const DocOperation& d : DocOperations()) {
    std::set<std::string> in_template;
    for (std::size_t open = d.path.find('{'); open != std::string::npos;
         open = d.path.find('{', open + 1)) {
      const std::size_t close = d.path.find('}', open);
      ASSERT_NE(close, std::string::npos) << d.path;
      in_template.insert(d.path.substr(open + 1, close - open - 1));
    }
    std::set<std::string> declared;
    for (const json* holder : {d.path_item, d.operation}) {
      if (!holder->contains("parameters")) continue;
      for (const json& ref_or_parameter : holder->at("parameters")) {
        const json& p = Resolve(ref_or_parameter);
        ASSERT_TRUE(p.contains("name") && p.contains("in")) << d.Name();
        EXPECT_TRUE(p.contains("schema")) << d.Name() << " " << p.at("name");
        if (p.at("in") != "path") continue;
        EXPECT_EQ(p.value("required", false), true)
            << d.Name() << ": path parameter " << p.at("name") << " must be required";
        declared.insert(p.at("name").get<std::string>());
      }
    }
    EXPECT_EQ(declared, in_template) << d.Name() << ": the path parameters declared differ from "
                                     << "the {name} segments of the path";
  }
}

TEST(OpenApiDocumentTest, RequestBodiesAreClosedJsonObjects) {
  int bodies = 0;
  for (const DocOperation& d : DocOperations()) {
    if (!d.operation->contains("requestBody")) continue;
    ++bodies;
    const json& body = Resolve(d.operation->at("requestBody"));
    EXPECT_EQ(body.value("required", false), true) << d.Name();
    const json& schema = Resolve(body.at("content").at("application/json").at("schema"));
    EXPECT_EQ(schema.at("type"), "object") << d.Name();
    // json.cpp refuses any field it was not told about.
    EXPECT_EQ(schema.at("additionalProperties"), false) << d.Name();
    const json& properties = schema.at("properties");
    if (schema.contains("required")) {
      for (const json& field : schema.at("required")) {
        EXPECT_TRUE(properties.contains(field.get<std::string>()))
            << d.Name() << ": required " << field << " is not a property";
      }
    }
  }
  EXPECT_GT(bodies, 0);
}

// The bodies the handlers parse, field for field (JsonObject::Parse's allowed list, and the fields
// read with String()/Int() or StringArray(..., true), which answer "required").
TEST(OpenApiDocumentTest, RequestBodiesMatchTheHandlers) {
  struct Expected {
    std::string method, path;
    std::set<std::string> allowed, required;
  };
  const std::vector<Expected> expected = {
      {"POST", "/api/v1/login", {"tenant", "login", "password"}, {"tenant", "login", "password"}},
      {"POST",
       "/api/v1/me/password",
       {"current_password", "new_password"},
       {"current_password", "new_password"}},
      {"POST", "/api/v1/users", {"login", "name", "role", "unit_ids"}, {"login", "name", "role"}},
      {"POST", "/api/v1/units", {"id", "name"}, {"id", "name"}},
      {"POST",
       "/api/v1/cases",
       {"received_on", "unit_id", "consultation_type", "referral_route", "yotaikyo_class",
        "household", "worker_ids"},
       {"received_on", "unit_id", "consultation_type", "referral_route"}},
      {"PATCH",
       "/api/v1/cases/{id}",
       {"version", "received_on", "unit_id", "status", "consultation_type", "referral_route",
        "yotaikyo_class", "household", "worker_ids"},
       {"version"}},
      {"POST",
       "/api/v1/cases/{id}/people",
       {"role", "name", "name_kana", "sex", "relationship", "birth_date", "address", "school",
        "grade_override", "workplace", "health", "clinic", "nationality", "residence_status"},
       {"role"}},
      {"PATCH",
       "/api/v1/people/{id}",
       {"version", "role", "name", "name_kana", "sex", "relationship", "birth_date", "address",
        "school", "grade_override", "workplace", "health", "clinic", "nationality",
        "residence_status"},
       {"version"}},
      {"POST",
       "/api/v1/cases/{id}/consultations",
       {"date", "type", "method", "content"},
       {"date", "type", "method"}},
      {"PATCH",
       "/api/v1/consultations/{id}",
       {"version", "date", "type", "method", "content"},
       {"version"}},
      {"POST", "/api/v1/cases/{id}/notes", {"body", "corrects"}, {"body"}},
      {"POST", "/api/v1/cases/{id}/policies", {"body", "next_action", "next_action_on"}, {"body"}},
  };
  for (const Expected& e : expected) {
    const json* op = FindOperation(e.method, e.path);
    ASSERT_NE(op, nullptr) << e.method << " " << e.path << " is not documented";
    ASSERT_TRUE(op->contains("requestBody")) << e.method << " " << e.path;
    const json& schema =
        Resolve(op->at("requestBody").at("content").at("application/json").at("schema"));
    std::set<std::string> allowed;
    for (const auto& [name, value] : schema.at("properties").items()) {
      allowed.insert(name);
      (void)value;
    }
    EXPECT_EQ(allowed, e.allowed) << e.method << " " << e.path;
    EXPECT_EQ(schema.at("required").get<std::set<std::string>>(), e.required)
        << e.method << " " << e.path;
  }
}

TEST(OpenApiDocumentTest, ListQueryParameters) {
  auto names = [](const std::string& path) {
    std::set<std::string> out;
    const json* op = FindOperation("GET", path);
    if (op == nullptr || !op->contains("parameters")) return out;
    for (const json& p : op->at("parameters")) {
      if (p.at("in") == "query") out.insert(p.at("name").get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(names("/api/v1/audit"),
            (std::set<std::string>{"user", "record", "action", "from", "to", "after", "limit"}));
  EXPECT_EQ(names("/api/v1/codes"), (std::set<std::string>{"on"}));
  EXPECT_EQ(names("/api/v1/cases"),
            (std::set<std::string>{"q", "status", "unit", "after", "limit"}));
  for (const char* records : {"consultations", "notes", "policies"}) {
    EXPECT_EQ(names(std::string("/api/v1/cases/{id}/") + records),
              (std::set<std::string>{"after", "limit"}))
        << records;
  }
}

bool HasType(const json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  return false;
}

// Checks an answer against a schema of the document, for the keywords the document uses ($ref,
// type, enum, required, properties, additionalProperties, items). Stricter than the document on
// one point: an object schema with properties must name every member answered, so a member added
// to a view without being described fails here.
void Validate(const json& schema_or_ref, const json& value, const std::string& where,
              std::vector<std::string>& problems) {
  const json& schema = Resolve(schema_or_ref);
  if (schema.contains("type")) {
    const json& t = schema.at("type");
    const auto types =
        t.is_array() ? t.get<std::vector<std::string>>() : std::vector{t.get<std::string>()};
    if (std::none_of(types.begin(), types.end(),
                     [&](const std::string& type) { return HasType(value, type); })) {
      problems.push_back(where + ": the schema says " + Join(types, "|") + ", the answer has " +
                         value.type_name());
      return;
    }
  }
  if (schema.contains("enum")) {
    const json& values = schema.at("enum");
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      problems.push_back(where + ": " + value.dump() + " is not in the schema's enum");
    }
  }
  if (value.is_object()) {
    if (schema.contains("required")) {
      for (const json& name : schema.at("required")) {
        if (!value.contains(name.get<std::string>())) {
          problems.push_back(where + ": required member " + name.dump() + " is not answered");
        }
      }
    }
    const json* properties = schema.contains("properties") ? &schema.at("properties") : nullptr;
    for (const auto& [name, member] : value.items()) {
      if (properties != nullptr && properties->contains(name)) {
        Validate(properties->at(name), member, where + "." + name, problems);
      } else if (schema.contains("additionalProperties") &&
                 schema.at("additionalProperties").is_object()) {
        Validate(schema.at("additionalProperties"), member, where + "." + name, problems);
      } else if (properties != nullptr) {
        problems.push_back(where + ": member \"" + name + "\" is answered but not described");
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      Validate(schema.at("items"), value[i], where + "[" + std::to_string(i) + "]", problems);
    }
  }
}

// Sends a request through ApiHandler::Handle and checks the answer against the document: its
// status must be a documented response of that operation, and its body that response's schema
// (or empty when the response has no content).
class Exchange {
 public:
  explicit Exchange(std::string token) : token_(std::move(token)) {}

  json Send(int expected_status, const std::string& method, const std::string& target,
            const std::string& pattern, const std::string& body = {}) {
    net::Request request;
    request.method = method;
    request.target = target;
    request.remote_address = "127.0.0.1";
    if (!token_.empty()) request.headers.push_back({"Authorization", "Bearer " + token_});
    if (!body.empty()) {
      request.headers.push_back({"Content-Type", "application/json"});
      request.body = body;
    }
    const net::Response response = Api::Get().handler().Handle(request);
    const std::string name = method + " " + target + " -> " + std::to_string(response.status);
    EXPECT_EQ(response.status, expected_status) << name << ": " << response.body;
    const json* op = FindOperation(method, pattern);
    if (op == nullptr) {
      ADD_FAILURE() << name << ": " << method << " " << pattern << " is not documented";
      return json();
    }
    const json& responses = op->at("responses");
    const std::string status = std::to_string(response.status);
    const std::string range = status.substr(0, 1) + "XX";
    if (!responses.contains(status) && !responses.contains(range)) {
      ADD_FAILURE() << name << ": status " << status << " is not documented for " << method << " "
                    << pattern << "; add " << status << " to .errors of its entry in "
                    << kOpenApiSource << " (body: " << response.body << ")";
      return json();
    }
    const json& documented =
        Resolve(responses.contains(status) ? responses.at(status) : responses.at(range));
    if (!documented.contains("content")) {
      EXPECT_TRUE(response.body.empty()) << name << ": documented without a body";
      return json();
    }
    if (!json::accept(response.body)) {
      ADD_FAILURE() << name << ": the body is not JSON";
      return json();
    }
    json value = json::parse(response.body);
    std::vector<std::string> problems;
    Validate(documented.at("content").at("application/json").at("schema"), value, "body", problems);
    EXPECT_TRUE(problems.empty()) << name << " differs from the document:\n  "
                                  << Join(problems, "\n  ");
    return value;
  }

 private:
  std::string token_;
};

// An error answer's code and field.
void ExpectError(const json& body, const std::string& code, const std::string& field) {
  ASSERT_TRUE(body.contains("error")) << body.dump();
  EXPECT_EQ(body.at("error").value("code", ""), code) << body.dump();
  EXPECT_EQ(body.at("error").value("field", ""), field) << body.dump();
}

// Real answers of every route, through ApiHandler, against the schemas of the document.
TEST(OpenApiAnswersTest, AnswersMatchTheirSchemas) {
  Api::Get().EnsureTenant();
  Exchange anonymous("");
  const json login = anonymous.Send(
      200, "POST", "/api/v1/login", "/api/v1/login",
      json{{"tenant", Api::kTenant}, {"login", Api::kLogin}, {"password", Api::kPassword}}.dump());
  ASSERT_TRUE(login.contains("token")) << login.dump();
  anonymous.Send(401, "POST", "/api/v1/login", "/api/v1/login",
                 json{{"tenant", Api::kTenant}, {"login", "nobody"}, {"password", "wrong"}}.dump());
  anonymous.Send(400, "POST", "/api/v1/login", "/api/v1/login", R"({"tenant":"Bad!"})");
  anonymous.Send(401, "GET", "/api/v1/me", "/api/v1/me");
  anonymous.Send(200, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json");
  const json settings = anonymous.Send(200, "GET", "/api/v1/settings", "/api/v1/settings");
  EXPECT_EQ(settings, (json{{"idle_lock_seconds", 300},
                            {"demo", false},
                            {"max_failed_logins", 5},
                            {"lockout_seconds", 900}}));

  Exchange admin(login.at("token").get<std::string>());
  admin.Send(200, "GET", "/api/v1/me", "/api/v1/me");
  admin.Send(200, "GET", "/api/v1/units", "/api/v1/units");
  const std::string unit = R"({"id":"east","name":"東センター"})";
  admin.Send(201, "POST", "/api/v1/units", "/api/v1/units", unit);
  admin.Send(409, "POST", "/api/v1/units", "/api/v1/units", unit);
  admin.Send(400, "POST", "/api/v1/units", "/api/v1/units", R"({"id":"x","name":"n","extra":1})");
  const std::string user =
      R"({"login":"worker1","name":"職員","role":"caseworker","unit_ids":["center","east"]})";
  const json created = admin.Send(201, "POST", "/api/v1/users", "/api/v1/users", user);
  ASSERT_TRUE(created.contains("user")) << created.dump();
  const std::string id = created.at("user").at("id").get<std::string>();
  admin.Send(409, "POST", "/api/v1/users", "/api/v1/users", user);
  admin.Send(200, "GET", "/api/v1/users", "/api/v1/users");
  admin.Send(200, "GET", "/api/v1/users/" + id, "/api/v1/users/{id}");
  admin.Send(404, "GET", "/api/v1/users/usr_none", "/api/v1/users/{id}");
  const json reset = admin.Send(200, "POST", "/api/v1/users/" + id + "/reset-password",
                                "/api/v1/users/{id}/reset-password");
  admin.Send(404, "POST", "/api/v1/users/usr_none/reset-password",
             "/api/v1/users/{id}/reset-password");
  admin.Send(200, "GET", "/api/v1/audit?limit=2", "/api/v1/audit");
  admin.Send(200, "GET", "/api/v1/audit?action=user.create&from=2020-01-01&to=2099-12-31",
             "/api/v1/audit");
  admin.Send(400, "GET", "/api/v1/audit?colour=red", "/api/v1/audit");
  // Broke: a day beyond what a TimePoint holds overflowed (undefined behaviour).
  ExpectError(admin.Send(400, "GET", "/api/v1/audit?to=9999-12-31", "/api/v1/audit"),
              "invalid_date", "to");
  admin.Send(200, "GET", "/api/v1/codes", "/api/v1/codes");
  admin.Send(200, "GET", "/api/v1/codes?on=2025-07-01", "/api/v1/codes");
  admin.Send(400, "GET", "/api/v1/codes?on=someday", "/api/v1/codes");
  admin.Send(400, "POST", "/api/v1/me/password", "/api/v1/me/password",
             R"({"current_password":"wrong-password-000","new_password":"x"})");

  // A caseworker with a temporary password: the role check and the forced change answer 403.
  ASSERT_TRUE(reset.contains("temporary_password")) << reset.dump();
  const json worker_login = anonymous.Send(
      200, "POST", "/api/v1/login", "/api/v1/login",
      json{
          {"tenant", Api::kTenant}, {"login", "worker1"}, {"password", reset["temporary_password"]}}
          .dump());
  ASSERT_TRUE(worker_login.contains("token")) << worker_login.dump();
  Exchange worker(worker_login.at("token").get<std::string>());
  worker.Send(403, "GET", "/api/v1/units", "/api/v1/units");
  worker.Send(204, "POST", "/api/v1/me/password", "/api/v1/me/password",
              json{{"current_password", reset["temporary_password"]},
                   {"new_password", "a-new-dummy-password-2025"}}
                  .dump());
  worker.Send(403, "GET", "/api/v1/audit", "/api/v1/audit");
  worker.Send(204, "POST", "/api/v1/logout", "/api/v1/logout");

  // The case file, by a caseworker and a supervisor of the unit "center".
  const auto sign_in = [&](const char* login_id) {
    const json r = anonymous.Send(
        200, "POST", "/api/v1/login", "/api/v1/login",
        json{{"tenant", Api::kTenant}, {"login", login_id}, {"password", Api::kPassword}}.dump());
    return r.value("token", std::string());
  };
  Exchange caseworker(sign_in(Api::kCaseworker));
  Exchange supervisor(sign_in(Api::kSupervisor));
  admin.Send(403, "GET", "/api/v1/cases", "/api/v1/cases");
  const json new_case = {
      {"received_on", "2025-07-01T10:30:00+09:00"},
      {"unit_id", "center"},
      {"consultation_type",
       {{"code", "abuse"}, {"abuse_types", {"psychological"}}, {"witnessed_dv", true}}},
      {"referral_route", "police"},
      {"household", "母と本児の二人世帯"}};
  const json opened =
      caseworker.Send(201, "POST", "/api/v1/cases", "/api/v1/cases", new_case.dump());
  ASSERT_TRUE(opened.contains("id")) << opened.dump();
  const std::string case_id = opened.at("id").get<std::string>();
  const std::string case_path = "/api/v1/cases/" + case_id;
  json with_status = new_case;
  with_status["status"] = "closed";
  ExpectError(caseworker.Send(400, "POST", "/api/v1/cases", "/api/v1/cases", with_status.dump()),
              "read_only", "status");
  json date_only = new_case;
  date_only["received_on"] = "2025-07-01";
  ExpectError(caseworker.Send(400, "POST", "/api/v1/cases", "/api/v1/cases", date_only.dump()),
              "invalid_datetime", "received_on");
  caseworker.Send(200, "GET", "/api/v1/cases", "/api/v1/cases");
  caseworker.Send(200, "GET", "/api/v1/cases?status=received&unit=center&limit=1", "/api/v1/cases");
  caseworker.Send(200, "GET", "/api/v1/cases?q=" + opened.at("number").get<std::string>(),
                  "/api/v1/cases");
  ExpectError(caseworker.Send(400, "GET", "/api/v1/cases?limit=0", "/api/v1/cases"),
              "invalid_number", "limit");
  caseworker.Send(200, "GET", case_path, "/api/v1/cases/{id}");
  caseworker.Send(404, "GET", "/api/v1/cases/cas_none", "/api/v1/cases/{id}");
  caseworker.Send(200, "PATCH", case_path, "/api/v1/cases/{id}",
                  R"({"version":1,"status":"investigating"})");
  const json stale_case = caseworker.Send(409, "PATCH", case_path, "/api/v1/cases/{id}",
                                          R"({"version":1,"household":"変更"})");
  EXPECT_EQ(stale_case.value("current", json()).value("version", 0), 2) << stale_case.dump();
  ExpectError(caseworker.Send(400, "PATCH", case_path, "/api/v1/cases/{id}",
                              R"({"version":2,"number":"2025-99999"})"),
              "read_only", "number");
  caseworker.Send(404, "PATCH", "/api/v1/cases/cas_none", "/api/v1/cases/{id}",
                  R"({"version":1,"household":"x"})");

  const json person =
      caseworker.Send(201, "POST", case_path + "/people", "/api/v1/cases/{id}/people",
                      json{{"role", "child"},
                           {"name", "山田 花子"},
                           {"name_kana", "やまだ はなこ"},
                           {"sex", "female"},
                           {"birth_date", "2016-05-10"},
                           {"school", {{"kind", "elementary_school"}, {"name", "第一小学校"}}}}
                          .dump());
  ASSERT_TRUE(person.contains("id")) << person.dump();
  const std::string person_path = "/api/v1/people/" + person.at("id").get<std::string>();
  ExpectError(caseworker.Send(400, "POST", case_path + "/people", "/api/v1/cases/{id}/people",
                              R"({"role":"child","age":9})"),
              "read_only", "age");
  caseworker.Send(404, "POST", "/api/v1/cases/cas_none/people", "/api/v1/cases/{id}/people",
                  R"({"role":"guardian"})");
  caseworker.Send(200, "PATCH", person_path, "/api/v1/people/{id}",
                  R"({"version":1,"birth_date":null,"grade_override":"小学4年"})");
  const json stale_person = caseworker.Send(409, "PATCH", person_path, "/api/v1/people/{id}",
                                            R"({"version":1,"address":"東京都"})");
  EXPECT_EQ(stale_person.value("current", json()).value("version", 0), 2) << stale_person.dump();
  caseworker.Send(404, "PATCH", "/api/v1/people/per_none", "/api/v1/people/{id}",
                  R"({"version":1})");

  const std::string consultations = case_path + "/consultations";
  const json consultation = caseworker.Send(
      201, "POST", consultations, "/api/v1/cases/{id}/consultations",
      R"({"date":"2025-07-02","type":"abuse","method":"home_visit","content":"家庭訪問"})");
  ASSERT_TRUE(consultation.contains("id")) << consultation.dump();
  const std::string consultation_path =
      "/api/v1/consultations/" + consultation.at("id").get<std::string>();
  ExpectError(caseworker.Send(400, "POST", consultations, "/api/v1/cases/{id}/consultations",
                              R"({"date":"2025-02-30","type":"abuse","method":"phone"})"),
              "invalid_date", "date");
  caseworker.Send(200, "GET", consultations + "?limit=10", "/api/v1/cases/{id}/consultations");
  ExpectError(
      caseworker.Send(400, "GET", consultations + "?limit=201", "/api/v1/cases/{id}/consultations"),
      "invalid_number", "limit");
  caseworker.Send(404, "GET", "/api/v1/cases/cas_none/consultations",
                  "/api/v1/cases/{id}/consultations");
  caseworker.Send(200, "PATCH", consultation_path, "/api/v1/consultations/{id}",
                  R"({"version":1,"content":"家庭訪問。本児と面会。"})");
  const json stale_consultation =
      caseworker.Send(409, "PATCH", consultation_path, "/api/v1/consultations/{id}",
                      R"({"version":1,"content":"古い版"})");
  EXPECT_EQ(stale_consultation.value("current", json()).value("version", 0), 2)
      << stale_consultation.dump();

  const std::string notes = case_path + "/notes";
  const json note = caseworker.Send(201, "POST", notes, "/api/v1/cases/{id}/notes",
                                    R"({"body":"学校に確認した。"})");
  ASSERT_TRUE(note.contains("id")) << note.dump();
  caseworker.Send(
      201, "POST", notes, "/api/v1/cases/{id}/notes",
      json{{"body", "訂正: 学校に電話で確認した。"}, {"corrects", note.at("id")}}.dump());
  ExpectError(caseworker.Send(400, "POST", notes, "/api/v1/cases/{id}/notes", R"({"body":""})"),
              "required", "body");
  caseworker.Send(200, "GET", notes, "/api/v1/cases/{id}/notes");
  ExpectError(caseworker.Send(400, "GET", notes + "?page=2", "/api/v1/cases/{id}/notes"),
              "unknown_parameter", "page");

  const std::string policies = case_path + "/policies";
  caseworker.Send(403, "POST", policies, "/api/v1/cases/{id}/policies",
                  R"({"body":"見守りを継続する。"})");
  supervisor.Send(
      201, "POST", policies, "/api/v1/cases/{id}/policies",
      R"({"body":"見守りを継続する。","next_action":"学校と情報共有","next_action_on":null})");
  ExpectError(supervisor.Send(400, "POST", policies, "/api/v1/cases/{id}/policies",
                              R"({"body":"x","next_action_on":"soon"})"),
              "invalid_date", "next_action_on");
  supervisor.Send(404, "POST", "/api/v1/cases/cas_none/policies", "/api/v1/cases/{id}/policies",
                  R"({"body":"x"})");
  caseworker.Send(200, "GET", policies, "/api/v1/cases/{id}/policies");
  const json viewed = supervisor.Send(200, "GET", case_path, "/api/v1/cases/{id}");
  EXPECT_EQ(viewed.value("next_action", json()).value("text", ""), "学校と情報共有")
      << viewed.dump();
  // The list items carry the next action too (an object here, null on the other cases).
  const json listed = caseworker.Send(200, "GET", "/api/v1/cases", "/api/v1/cases");
  bool found = false;
  for (const json& item : listed.value("items", json::array())) {
    if (item.value("id", "") != case_id) continue;
    found = true;
    EXPECT_TRUE(item.at("next_action").at("on").is_null()) << item.dump();
  }
  EXPECT_TRUE(found) << listed.dump();
  caseworker.Send(200, "GET", "/api/v1/cases?q=" + opened.at("number").get<std::string>(),
                  "/api/v1/cases");

  admin.Send(204, "POST", "/api/v1/logout", "/api/v1/logout");
  admin.Send(401, "GET", "/api/v1/me", "/api/v1/me");
}

TEST(OpenApiRouteTest, ServedWithoutSignInWithTheSecurityHeaders) {
  net::Request request;
  request.method = "GET";
  request.target = "/api/v1/openapi.json";
  request.remote_address = "127.0.0.1";
  const net::Response response = Api::Get().handler().Handle(request);
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string_view content_type = response.HeaderValue("Content-Type");
  EXPECT_EQ(content_type.substr(0, content_type.find(';')), "application/json");
  EXPECT_EQ(response.HeaderValue("Cache-Control"), "no-store");
  EXPECT_EQ(response.HeaderValue("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(response.HeaderValue("Content-Security-Policy").empty());
  EXPECT_FALSE(response.HeaderValue("Strict-Transport-Security").empty());
  EXPECT_EQ(response.body, OpenApiDocument());
  EXPECT_EQ(json::parse(response.body).at("openapi"), "3.1.0");
  // Built once: the same text every time.
  EXPECT_EQ(&OpenApiDocument(), &OpenApiDocument());
}

TEST(OpenApiRouteTest, OtherMethodsAreRefused) {
  net::Request request;
  request.method = "POST";
  request.target = "/api/v1/openapi.json";
  const net::Response response = Api::Get().handler().Handle(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.HeaderValue("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace yorisoi::http
