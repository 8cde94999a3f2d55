#include "dummy/schools.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "dummy/addresses.hpp"

namespace yorisoi::dummy {
namespace {

// Motifs that follow the place word. None of them is a number or a compass point, which is how
// real public schools of a ward are usually told apart (落合第一, 西戸山), so place + motif never
// spells an existing school.
constexpr std::string_view kMotifs[] = {
    "けやき", "さくら", "ひかり",   "みどり",   "わかば",   "あおば",
    "つばさ", "ひばり", "すずかけ", "しらかば", "ゆりのき", "こぶし",
    "の森",   "の丘",   "ヶ丘",     "の杜",     "坂上",     "はなみずき",
};

// One pattern per kind: how often it is used, and the text around the core (place + motif).
struct Pattern {
  std::string_view before;
  std::string_view after;
};

struct KindSpec {
  std::string_view kind;  // affiliation_kind code
  int count;              // schools of this kind in a ward
  std::vector<WeightedItem<Pattern>> patterns;
};

const std::vector<KindSpec>& Specs() {
  static const std::vector<KindSpec> specs = {
      {"nursery", 28, {{{"区立", "保育園"}, 4}, {{"", "保育園"}, 5}, {{"", "こども保育園"}, 1}}},
      {"certified_childcare_center",
       8,
       {{{"区立", "こども園"}, 3}, {{"認定こども園", "学園"}, 2}, {{"", "こども園"}, 2}}},
      {"kindergarten", 12, {{{"区立", "幼稚園"}, 4}, {{"", "幼稚園"}, 3}, {{"", "学園幼稚園"}, 2}}},
      {"elementary_school", 24, {{{"区立", "小学校"}, 9}, {{"", "学園初等部"}, 1}}},
      {"junior_high_school", 12, {{{"区立", "中学校"}, 8}, {{"", "学園中学校"}, 2}}},
      {"compulsory_education_school", 2, {{{"区立", "学園"}, 1}}},
      {"high_school",
       14,
       {{{"都立", "高等学校"}, 5}, {{"", "学園高等学校"}, 3}, {{"", "高等学校"}, 2}}},
      {"special_needs_school", 4, {{{"都立", "特別支援学校"}, 1}}},
  };
  return specs;
}

struct Directory {
  // Same order as Specs().
  std::vector<std::vector<std::string>> names;
};

Directory MakeDirectory(const Ward& ward) {
  Directory dir;
  Rng rng(HashLabel(ward.name));
  for (const KindSpec& spec : Specs()) {
    Rng kind_rng = rng.Fork(spec.kind);
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(spec.count));
    while (names.size() < static_cast<std::size_t>(spec.count)) {
      const Pattern& p = kind_rng.Weighted(spec.patterns);
      std::string name;
      name.append(p.before)
          .append(kind_rng.Pick(ward.place_words))
          .append(kind_rng.Pick(kMotifs))
          .append(p.after);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
    dir.names.push_back(std::move(names));
  }
  return dir;
}

const Directory& DirectoryFor(std::string_view tenant_id) {
  static const Directory shinjuku = MakeDirectory(WardFor("shinjuku"));
  static const Directory generic = MakeDirectory(WardFor(""));
  return &WardFor(tenant_id) == &WardFor("shinjuku") ? shinjuku : generic;
}

}  // namespace

std::span<const std::string> SchoolNames(std::string_view tenant_id,
                                         std::string_view affiliation_kind) {
  const auto& specs = Specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].kind == affiliation_kind) return DirectoryFor(tenant_id).names[i];
  }
  return {};
}

std::string_view PickSchool(Rng& rng, std::string_view tenant_id,
                            std::string_view affiliation_kind) {
  const auto names = SchoolNames(tenant_id, affiliation_kind);
  if (names.empty()) return {};
  return rng.Pick(names);
}

}  // namespace yorisoi::dummy
