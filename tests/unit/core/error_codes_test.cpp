// Error sub-codes live in one place (src/core/error_codes.hpp) and are made and compared as its
// constants. Run as ctest `core.error_codes` (label unit):
//   - each constant is its value in CamelCase (kStaleVersion is "stale_version"), no value twice,
//     and kAll lists every constant;
//   - no file under src/ makes a core::Error with a literal code (the code argument of
//     Error::InvalidArgument/Conflict/Unauthenticated/Forbidden/TooManyRequests, of a braced
//     Error{errc, code, ...}, or of the few helpers that forward a code), and none compares a code
//     with the literal of a known sub-code (`x.code == "stale_version"`, `Is("...")`).
// Field names ("consultation_type.code"), code-list values (`type.code == "abuse"`) and audit
// action names are other vocabularies and are not flagged. The scanner itself is tested on
// snippets first, so a check that stopped seeing literals would fail here too.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/error_codes.hpp"

namespace yorisoi::core {
namespace {

namespace fs = std::filesystem;

const fs::path kSrc = YORISOI_SOURCE_DIR;
constexpr std::string_view kHeader = "core/error_codes.hpp";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Whether a literal starts at `i` (a ' after a digit is a digit separator).
bool LiteralStarts(const std::string& s, std::size_t i) {
  if (s[i] == '"') return true;
  return s[i] == '\'' && (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1])));
}

// The index of the last character of the string or character literal that starts at `i` (its
// opening quote; a raw string R"d(...)d" when preceded by R).
std::size_t LiteralEnd(const std::string& s, std::size_t i) {
  if (s[i] == '"' && i > 0 && s[i - 1] == 'R') {
    const std::size_t paren = s.find('(', i);
    if (paren == std::string::npos) return s.size() - 1;
    const std::string close = ")" + s.substr(i + 1, paren - i - 1) + "\"";
    const std::size_t end = s.find(close, paren);
    return end == std::string::npos ? s.size() - 1 : end + close.size() - 1;
  }
  const char quote = s[i];
  for (++i; i < s.size() && s[i] != quote; ++i) {
    if (s[i] == '\\') ++i;
  }
  return std::min(i, s.size() - 1);
}

// The text with comments blanked (newlines kept, so offsets still give line numbers); string and
// character literals are kept.
std::string StripComments(const std::string& s) {
  std::string out = s;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (LiteralStarts(s, i)) {
      i = LiteralEnd(s, i);
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      for (; i < s.size() && s[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      for (; i + 1 < s.size() && !(s[i] == '*' && s[i + 1] == '/'); ++i) {
        if (s[i] != '\n') out[i] = ' ';
      }
      if (i + 1 < s.size()) out[i] = out[i + 1] = ' ';
      ++i;
    }
  }
  return out;
}

// The top-level arguments of the call or braced list whose opening bracket is at `open`.
std::vector<std::string> Arguments(const std::string& s, std::size_t open) {
  std::vector<std::string> args;
  std::string current;
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (LiteralStarts(s, i)) {
      const std::size_t start = i;
      i = LiteralEnd(s, i);
      current.append(s, start, i - start + 1);
      continue;
    }
    if (c == '(' || c == '{' || c == '[') {
      if (++depth == 1) continue;
    } else if (c == ')' || c == '}' || c == ']') {
      if (--depth == 0) {
        args.push_back(current);
        return args;
      }
    } else if (c == ',' && depth == 1) {
      args.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  return args;
}

struct Maker {
  std::string pattern;  // up to and including the opening bracket
  std::size_t code_arg;
  std::string only_in;  // a file under src/, or empty for every file
};

// Everything that makes an Error from a code argument. A new helper that forwards a code gets a
// line here.
const std::vector<Maker>& Makers() {
  static const std::vector<Maker> makers = {
      {R"(Error::InvalidArgument\s*\()", 2, ""},
      {R"(Error::(Conflict|Unauthenticated|Forbidden|TooManyRequests)\s*\()", 1, ""},
      {R"(Error\s*\{)", 1, ""},
      {R"(\bBad\s*\()", 0, "app/backup_format.cpp"},
      {R"(\bRefused\s*\()", 2, "domain/users/password_policy.cpp"},
      {R"(\bInvalid\s*\()", 2, "domain/codes/code_list.cpp"},
  };
  return makers;
}

std::set<std::string, std::less<>> KnownCodes() {
  return {std::begin(codes::kAll), std::end(codes::kAll)};
}

// "file:line: what" for each literal code in `text` (the contents of src/`rel`).
std::vector<std::string> LiteralCodes(const std::string& rel, const std::string& text) {
  const std::string s = StripComments(text);
  std::vector<std::string> found;
  const auto report = [&](std::size_t at, const std::string& what) {
    const auto line = std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
    found.push_back(rel + ":" + std::to_string(line) + ": " + what);
  };
  for (const Maker& maker : Makers()) {
    if (!maker.only_in.empty() && maker.only_in != rel) continue;
    const std::regex re(maker.pattern);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator();
         ++it) {
      const std::size_t open = static_cast<std::size_t>(it->position() + it->length() - 1);
      const auto args = Arguments(s, open);
      if (args.size() > maker.code_arg && args[maker.code_arg].find('"') != std::string::npos) {
        report(static_cast<std::size_t>(it->position()),
               "a literal code in " + it->str() + "...: " + args[maker.code_arg]);
      }
    }
  }
  // Comparisons, line by line (only lines that mention a code or Is( are searched).
  const auto known = KnownCodes();
  const std::regex compared(
      R"re(\bcode\s*(==|!=|=)\s*"([a-z0-9_]*)"|"([a-z0-9_]*)"\s*(==|!=)\s*[\w.>()-]*\bcode\b)re");
  const std::regex is_literal(R"re(\bIs\s*\(\s*")re");
  std::size_t line_start = 0;
  while (line_start < s.size()) {
    std::size_t line_end = s.find('\n', line_start);
    if (line_end == std::string::npos) line_end = s.size();
    const std::string line = s.substr(line_start, line_end - line_start);
    if (line.find("code") != std::string::npos) {
      for (auto it = std::sregex_iterator(line.begin(), line.end(), compared);
           it != std::sregex_iterator(); ++it) {
        const std::string value = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
        if (known.count(value) != 0) {
          report(line_start, "a code compared with a literal: " + it->str());
        }
      }
    }
    if (line.find("Is") != std::string::npos && std::regex_search(line, is_literal)) {
      report(line_start, "Error::Is with a literal");
    }
    line_start = line_end + 1;
  }
  return found;
}

std::string Snake(std::string_view camel) {
  std::string out;
  for (char c : camel.substr(1)) {  // without the leading k
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

TEST(ErrorCodesTest, TheScannerFindsLiteralCodes) {
  EXPECT_EQ(
      LiteralCodes("x.cpp", R"(return core::Error::Conflict("changed", "stale_version");)").size(),
      1u);
  EXPECT_EQ(LiteralCodes("x.cpp",
                         "return core::Error::InvalidArgument(\n  \"a.b\",\n  \"is (not) "
                         "ok, or \\\"so\\\"\" + f(x, y),\n  \"invalid_type\");")
                .size(),
            1u);
  EXPECT_EQ(
      LiteralCodes("x.cpp", R"(Error::InvalidArgument(f, m, n == 1 ? "required" : k);)").size(),
      1u);
  EXPECT_EQ(LiteralCodes("x.cpp", R"(core::Error{core::Errc::kConflict, "x", "m", {}};)").size(),
            1u);
  EXPECT_EQ(LiteralCodes("x.cpp", R"(return e.code == "stale_version";)").size(), 1u);
  EXPECT_EQ(LiteralCodes("x.cpp", R"(if ("login_taken" != r.error().code) {})").size(), 1u);
  EXPECT_EQ(LiteralCodes("x.cpp", R"(e.code = "out_of_scope";)").size(), 1u);
  EXPECT_EQ(LiteralCodes("x.cpp", R"(return e.Is("stale_version");)").size(), 1u);
  EXPECT_EQ(LiteralCodes("app/backup_format.cpp", R"(return Bad("not_a_backup", "m");)").size(),
            1u);
  // Not flagged: the constants, field names, code-list values, comments.
  EXPECT_TRUE(LiteralCodes("x.cpp", R"x(core::Error::InvalidArgument("consultation_type.code",
      "is (required)", codes::kRequired);)x")
                  .empty());
  EXPECT_TRUE(LiteralCodes("x.cpp", R"(if (type.code == "abuse") {})").empty());
  EXPECT_TRUE(LiteralCodes("x.cpp", "// Error::Conflict(\"m\", \"stale_version\")\n").empty());
  EXPECT_TRUE(LiteralCodes("x.cpp", R"(return Bad("not_a_backup", "m");)").empty());
  EXPECT_TRUE(
      LiteralCodes("x.cpp", R"(return e.errc == Errc::kConflict && e.Is(codes::kStaleVersion);)")
          .empty());
}

TEST(ErrorCodesTest, EachConstantIsItsValueInCamelCaseAndListedOnce) {
  const std::string header = ReadFile(kSrc / kHeader);
  ASSERT_FALSE(header.empty()) << "cannot read src/" << kHeader;
  const std::regex decl(R"re(inline constexpr std::string_view (k\w+) = "([^"]*)";)re");
  std::set<std::string> values;
  std::size_t declared = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), decl);
       it != std::sregex_iterator(); ++it) {
    ++declared;
    const std::string name = (*it)[1];
    const std::string value = (*it)[2];
    EXPECT_EQ(Snake(name), value) << name << " must be \"" << Snake(name) << "\"";
    EXPECT_TRUE(values.insert(value).second) << value << " is declared twice";
  }
  EXPECT_GT(declared, 50u);
  EXPECT_EQ(std::size(codes::kAll), declared) << "kAll must list every constant once";
  EXPECT_EQ(KnownCodes().size(), std::size(codes::kAll)) << "kAll lists a constant twice";
  for (std::string_view code : codes::kAll) EXPECT_EQ(values.count(std::string(code)), 1u) << code;
}

TEST(ErrorCodesTest, ErrcNamesAreCodes) {
  const auto known = KnownCodes();
  for (Errc e : {Errc::kInvalidArgument, Errc::kNotFound, Errc::kConflict, Errc::kUnauthenticated,
                 Errc::kForbidden, Errc::kTooManyRequests, Errc::kPayloadTooLarge,
                 Errc::kUnavailable, Errc::kInternal}) {
    EXPECT_EQ(known.count(ErrcName(e)), 1u) << ErrcName(e);
  }
  EXPECT_TRUE(Error::Conflict("m", codes::kStaleVersion).Is(codes::kStaleVersion));
  EXPECT_FALSE(Error::Conflict("m").Is(codes::kStaleVersion));
}

TEST(ErrorCodesTest, NoFileUnderSrcMakesOrComparesAnErrorWithALiteralCode) {
  std::vector<std::string> found;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSrc)) {
    const fs::path& p = entry.path();
    if (!entry.is_regular_file() || (p.extension() != ".cpp" && p.extension() != ".hpp")) {
      continue;
    }
    const std::string rel = p.lexically_relative(kSrc).generic_string();
    if (rel == kHeader) continue;
    ++files;
    for (std::string& f : LiteralCodes(rel, ReadFile(p))) found.push_back(std::move(f));
  }
  EXPECT_GT(files, 100u) << "src/ not found at " << kSrc;
  std::ostringstream message;
  for (const std::string& f : found) message << "\n  src/" << f;
  EXPECT_TRUE(found.empty()) << "error sub-codes must be the constants of src/" << kHeader
                             << " (add one there if it is new):" << message.str();
}

}  // namespace
}  // namespace yorisoi::core
