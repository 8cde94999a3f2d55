// Fictitious addresses inside a ward, for dummy data: real town names (町名) with plausible 丁目
// and block ranges, invented building names, no postal code. For example
//   東京都新宿区大久保二丁目15番3号　コーポ若葉201
//   東京都新宿区早稲田鶴巻町512番地
// The 丁目 is written in kanji numerals, 番/号/番地 and room numbers in ASCII digits, and a
// building follows after a full-width space (U+3000).
//
// Tenant "shinjuku" gets 新宿区 and its towns; every other tenant id the generic 東京都テスト区,
// whose towns are made up.
//
// Thread-safety: the ward tables are built on first use and immutable afterwards.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dummy/random.hpp"

namespace yorisoi::dummy {

struct Town {
  std::string_view name;  // 町名, e.g. 大久保
  int max_chome = 0;      // 1..max_chome 丁目; 0: the town has no 丁目 (番地 addresses)
  int max_block = 1;      // 番 (or 番地) 1..max_block
  uint32_t weight = 1;    // relative share of households
};

struct Ward {
  std::string_view tenant_id;   // "shinjuku", or "" for the generic ward
  std::string_view prefecture;  // 東京都
  std::string_view name;        // 新宿区
  std::span<const Town> towns;
  // Local-sounding place words for invented school and clinic names (落合, 戸山, ...).
  std::span<const std::string_view> place_words;
  WeightedTable town_sampler;  // over `towns`, by weight
};

// The ward of a tenant: 新宿区 for "shinjuku", 東京都テスト区 for any other id.
const Ward& WardFor(std::string_view tenant_id);

// A full address in the ward: prefecture, ward, town, 丁目/番/号 (or 番地), and for most
// households a building name and room.
std::string MakeAddress(Rng& rng, const Ward& ward);

// An invented apartment-building name (コーポ若葉, 清風ハイツ, ルミエール戸山 ...), with no room.
std::string MakeBuildingName(Rng& rng, const Ward& ward);

// "一".."十" for 1..10 (丁目 numbers); decimal digits otherwise.
std::string KanjiNumeral(int n);

}  // namespace yorisoi::dummy
