#include "domain/users/password_policy.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/error_codes.hpp"
#include "domain/validation.hpp"

namespace yorisoi::domain {
namespace {

// The product's name as users write it. Lower case (compared with the lower-cased password).
constexpr std::array<std::string_view, 4> kProductNames = {"yorisoi", "よりそい", "ヨリソイ",
                                                           "寄り添い"};

// Tenant ids this short are refused only as the whole password (digits and symbols around
// allowed): as a part, they would refuse random passwords by chance.
constexpr std::size_t kMinTenantIdToSearch = 4;

char32_t LowerAscii(char32_t c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(LowerAscii(static_cast<unsigned char>(c)));
  return out;
}

// Code points of valid UTF-8 (ValidateText has checked it), ASCII letters lower-cased.
std::vector<char32_t> LowerCodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(LowerAscii(cp));
    i += n;
  }
  return out;
}

bool IsAsciiLetter(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

// The whole text is one piece (shorter than the text) over and over.
bool IsRepetition(const std::vector<char32_t>& cp) {
  const std::size_t n = cp.size();
  for (std::size_t unit = 1; unit <= n / 2; ++unit) {
    if (n % unit != 0) continue;
    bool same = true;
    for (std::size_t i = unit; i < n && same; ++i) same = cp[i] == cp[i - unit];
    if (same) return true;
  }
  return false;
}

// --- Keyboard walks (US QWERTY, the layout of the tablets' and most Japanese keyboards' keys).

struct KeyPos {
  int row = -1;
  double x = 0;  // horizontal position in key widths, with the rows' stagger
};

KeyPos Key(char32_t c) {
  static constexpr std::string_view kShifted = "!@#$%^&*()_+{}|:\"<>?~";
  static constexpr std::string_view kUnshifted = "1234567890-=[]\\;',./`";
  if (c < 0x80) {
    const auto pos = kShifted.find(static_cast<char>(c));
    if (pos != std::string_view::npos) c = static_cast<unsigned char>(kUnshifted[pos]);
  }
  struct Row {
    std::string_view keys;
    double offset;
  };
  static constexpr std::array<Row, 4> kRows = {Row{"1234567890-=", 0.0}, Row{"qwertyuiop[]\\", 0.5},
                                               Row{"asdfghjkl;'", 0.75}, Row{"zxcvbnm,./", 1.25}};
  if (c >= 0x80) return {};
  for (int r = 0; r < static_cast<int>(kRows.size()); ++r) {
    const auto i = kRows[static_cast<std::size_t>(r)].keys.find(static_cast<char>(c));
    if (i != std::string_view::npos) {
      return {r, static_cast<double>(i) + kRows[static_cast<std::size_t>(r)].offset};
    }
  }
  return {};
}

// Neighbouring keys: beside each other in a row, or touching in the row above or below.
bool Adjacent(char32_t a, char32_t b) {
  const KeyPos p = Key(a);
  const KeyPos q = Key(b);
  if (p.row < 0 || q.row < 0 || a == b) return false;
  const double dx = p.x > q.x ? p.x - q.x : q.x - p.x;
  if (p.row == q.row) return dx > 0.99 && dx < 1.01;
  return (p.row - q.row == 1 || q.row - p.row == 1) && dx <= 1.0;
}

// --- Sequences: the next letter or digit (digits wrap: "7890123").

bool Follows(char32_t prev, char32_t next) {
  if (IsAsciiLetter(prev) && IsAsciiLetter(next)) return next == prev + 1;
  if (IsDigit(prev) && IsDigit(next)) return next == (prev == '9' ? U'0' : prev + 1);
  return false;
}

bool IsYearAt(const std::vector<char32_t>& cp, std::size_t start) {
  if (start + 4 > cp.size()) return false;
  for (std::size_t i = start; i < start + 4; ++i) {
    if (!IsDigit(cp[i])) return false;
  }
  return (cp[start] == '1' && cp[start + 1] == '9') || (cp[start] == '2' && cp[start + 1] == '0');
}

enum Kind { kRepeatedChar, kSequence, kKeyboard, kYear, kKinds };

// Covers the text with pattern runs of 3+ characters (and years) so that as few characters as
// possible are left out. Returns that number and, per kind, how many characters it covered.
std::size_t Uncovered(const std::vector<char32_t>& cp, std::array<std::size_t, kKinds>& by_kind) {
  const std::size_t n = cp.size();
  // run[k][j]: length of the run of kind k that ends at character j.
  std::array<std::vector<std::size_t>, kKinds> run;
  for (auto& r : run) r.assign(n, 1);
  std::vector<std::size_t> asc(n, 1), desc(n, 1);
  for (std::size_t j = 1; j < n; ++j) {
    if (cp[j] == cp[j - 1]) run[kRepeatedChar][j] = run[kRepeatedChar][j - 1] + 1;
    if (Follows(cp[j - 1], cp[j])) asc[j] = asc[j - 1] + 1;
    if (Follows(cp[j], cp[j - 1])) desc[j] = desc[j - 1] + 1;
    run[kSequence][j] = std::max(asc[j], desc[j]);
    if (Adjacent(cp[j - 1], cp[j])) run[kKeyboard][j] = run[kKeyboard][j - 1] + 1;
  }
  // best[i]: for the first i characters, the fewest left out, then the fewest runs (so a long run
  // is one piece, not several shorter ones of other kinds); from[i]: the step that got there.
  using Cost = std::pair<std::size_t, std::size_t>;  // (left out, runs)
  std::vector<Cost> best(n + 1);
  std::vector<std::size_t> from(n + 1, 0);
  std::vector<int> kind_of(n + 1, -1);
  for (std::size_t end = 1; end <= n; ++end) {
    best[end] = {best[end - 1].first + 1, best[end - 1].second};
    from[end] = end - 1;
    kind_of[end] = -1;
    for (int k = 0; k < kKinds; ++k) {
      std::size_t longest = 0;
      std::size_t shortest = 3;
      if (k == kYear) {
        longest = end >= 4 && IsYearAt(cp, end - 4) ? 4 : 0;
        shortest = 4;
      } else {
        longest = run[static_cast<std::size_t>(k)][end - 1];
      }
      for (std::size_t len = shortest; len <= longest; ++len) {
        const Cost cost{best[end - len].first, best[end - len].second + 1};
        if (cost < best[end]) {
          best[end] = cost;
          from[end] = end - len;
          kind_of[end] = k;
        }
      }
    }
  }
  by_kind.fill(0);
  for (std::size_t end = n; end > 0; end = from[end]) {
    if (kind_of[end] >= 0) by_kind[static_cast<std::size_t>(kind_of[end])] += end - from[end];
  }
  return best[n].first;
}

// The text without the ASCII digits, symbols and spaces at either end: "Password123!" → "password".
std::string_view Core(std::string_view lower) {
  auto stripped = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !(u >= 'a' && u <= 'z');
  };
  while (!lower.empty() && stripped(lower.front())) lower.remove_prefix(1);
  while (!lower.empty() && stripped(lower.back())) lower.remove_suffix(1);
  return lower;
}

const std::unordered_set<std::string_view>& CommonPasswords() {
  static const auto* set = [] {
    auto* s = new std::unordered_set<std::string_view>();
    std::string_view text = CommonPasswordsText();
    while (!text.empty()) {
      const auto nl = text.find('\n');
      const std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (line.empty() || line == "#" || line.substr(0, 2) == "# ") continue;
      s->insert(line);
    }
    return s;
  }();
  return *set;
}

core::Error Refused(std::string_view field, std::string message, std::string_view code) {
  return core::Error::InvalidArgument(std::string(field), std::move(message), code);
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  return CommonPasswords().contains(LowerAscii(password));
}

core::Status CheckPasswordPolicy(std::string_view password, PasswordContext context,
                                 std::string_view field) {
  YS_RETURN_IF_ERROR(ValidateText(field, password, 0, kMaxPasswordLength));
  if (CodePointCount(password) < kMinPasswordLength) {
    return Refused(field, "must be at least " + std::to_string(kMinPasswordLength) + " characters",
                   core::codes::kPasswordTooShort);
  }
  const std::vector<char32_t> cp = LowerCodePoints(password);
  if (IsRepetition(cp)) {
    return Refused(field, "must not be one piece repeated", core::codes::kPasswordRepeated);
  }
  const std::string lower = LowerAscii(password);
  const std::string_view trimmed = Core(lower);
  if (!context.login.empty() && lower.find(LowerAscii(context.login)) != std::string::npos) {
    return Refused(field, "must not contain the login ID", core::codes::kPasswordContainsLogin);
  }
  if (!context.tenant_id.empty()) {
    const std::string tenant = LowerAscii(context.tenant_id);
    const bool found = tenant.size() >= kMinTenantIdToSearch
                           ? lower.find(tenant) != std::string::npos
                           : trimmed == tenant;
    if (found) {
      return Refused(field, "must not contain the tenant ID", core::codes::kPasswordContainsTenant);
    }
  }
  for (std::string_view name : kProductNames) {
    if (lower.find(name) != std::string::npos) {
      return Refused(field, "must not contain the product's name",
                     core::codes::kPasswordContainsProduct);
    }
  }
  std::array<std::size_t, kKinds> by_kind{};
  if (Uncovered(cp, by_kind) <= kMaxUncoveredByPatterns) {
    const std::size_t most =
        std::max({by_kind[kRepeatedChar], by_kind[kSequence], by_kind[kKeyboard]});
    if (most == 0)
      return Refused(field, "must not be made of years", core::codes::kPasswordPattern);
    if (most == by_kind[kSequence]) {
      return Refused(field, "must not be mostly consecutive letters or digits",
                     core::codes::kPasswordSequence);
    }
    if (most == by_kind[kKeyboard]) {
      return Refused(field, "must not be mostly a walk along the keyboard",
                     core::codes::kPasswordKeyboardPattern);
    }
    return Refused(field, "must not be mostly one character repeated",
                   core::codes::kPasswordRepeated);
  }
  const auto& common = CommonPasswords();
  if (common.contains(lower) || common.contains(trimmed)) {
    return Refused(field, "is a commonly used password", core::codes::kPasswordCommon);
  }
  return core::Ok();
}

}  // namespace yorisoi::domain
