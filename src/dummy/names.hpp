// Fictitious Japanese and foreign personal names for dummy data, with readings (ふりがな).
//
// Every name is an invented combination of a common family name and a common given name; no real
// person is meant, and a short list of famous combinations is never produced (IsFamousName).
//
// Conventions (all UTF-8):
//   - the written form is kanji for Japanese, Chinese and Korean names (hiragana/katakana where
//     the given name itself is written so), katakana for every other nationality, as Japanese
//     municipal records write them; foreign names are in their own order, family name first
//     (a Vietnamese "グエン　ヴァン　ナム" is family グエン, given "ヴァン　ナム");
//   - the reading is hiragana (ー kept) and passes ja::IsKanaReading; a katakana name's reading is
//     its letter-for-letter hiragana; Korean names are read the Korean way (金 きむ), Chinese names
//     the Japanese way (王 おう);
//   - a full name is family + "　" (U+3000) + given, and its reading likewise.
//
// Thread-safety: the tables are built on first use and immutable afterwards.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dummy/random.hpp"

namespace yorisoi::dummy {

enum class Sex { kMale, kFemale };
// The `sex` code list's code: "male" / "female".
std::string_view SexCode(Sex sex);

struct NameEntry {
  std::string written;  // as in the record: kanji, kana or katakana
  std::string reading;  // hiragana
  uint32_t weight = 1;  // relative frequency
};

struct PersonName {
  std::string family;
  std::string given;
  std::string family_kana;
  std::string given_kana;

  std::string Full() const;      // family + "　" + given
  std::string FullKana() const;  // family_kana + "　" + given_kana
};

// Japanese given names go by the era of birth: children born 2005–2025 carry today's names
// (陽翔, 結菜), adults born 1960–2000 their own generation's (大輔, 裕子).
enum class NameEra { kChild, kAdult };
// kChild for births from 2003 on, kAdult before.
NameEra EraForBirthYear(int year);

// At least 150 common family names, weighted roughly by how many people bear them.
std::span<const NameEntry> JapaneseFamilyNames();
// kChild: at least 100 per sex; kAdult: at least 60 per sex.
std::span<const NameEntry> JapaneseGivenNames(Sex sex, NameEra era);

// Names for residents of one nationality (a `nationality` code other than "jp").
struct ForeignNameSet {
  std::string nationality;
  bool kanji = false;  // true for cn and kr: written in kanji with a kana reading
  std::vector<NameEntry> family;
  std::vector<NameEntry> male;
  std::vector<NameEntry> female;
};
// cn, vn, ph, br, np, kr, id, mm, us, th, pe, in, lk, bd, pk — at least 15 family names and 15
// given names per sex each.
std::span<const ForeignNameSet> ForeignNameSets();
// nullptr for "jp" and for nationalities without a set.
const ForeignNameSet* ForeignNamesFor(std::string_view nationality);

// True for a handful of famous people's names, which the generator never produces.
bool IsFamousName(std::string_view family, std::string_view given);

// A whole new name for someone of `nationality` ("jp" or a code with a ForeignNameSet; anything
// else is treated as "jp"), sex and birth year.
PersonName MakeName(Rng& rng, std::string_view nationality, Sex sex, int birth_year);
// Replaces only the family name (and its reading) with a new one of `nationality`.
void DrawFamilyName(Rng& rng, std::string_view nationality, PersonName& name);
// Replaces only the given name (and its reading), keeping the family name: for a child who
// shares a parent's family name. Never produces a famous combination.
void DrawGivenName(Rng& rng, std::string_view nationality, Sex sex, int birth_year,
                   PersonName& name);

// Katakana → hiragana, letter by letter (U+30A1–U+30F6 → U+3041–U+3096; ー and everything else
// kept). Used for the readings of katakana names; no ICU needed for this fixed mapping.
std::string KatakanaToHiragana(std::string_view utf8);

}  // namespace yorisoi::dummy
