#include "dummy/addresses.hpp"

#include <array>
#include <vector>

namespace yorisoi::dummy {
namespace {

// 新宿区's towns. Those with 丁目 are written 〇丁目〇番〇号; those without use 番地. The block
// ranges are plausible, not surveyed; the weights roughly follow where people live.
constexpr Town kShinjukuTowns[] = {
    {"西新宿", 8, 26, 8},        {"新宿", 7, 30, 4},         {"歌舞伎町", 2, 45, 1},
    {"北新宿", 4, 40, 8},        {"大久保", 3, 30, 9},       {"百人町", 4, 30, 8},
    {"高田馬場", 4, 40, 8},      {"西早稲田", 3, 30, 5},     {"戸山", 3, 30, 6},
    {"下落合", 4, 30, 8},        {"中落合", 4, 35, 7},       {"上落合", 3, 30, 6},
    {"西落合", 4, 30, 6},        {"中井", 2, 30, 3},         {"四谷", 4, 30, 3},
    {"若葉", 3, 20, 2},          {"神楽坂", 6, 20, 2},       {"市谷加賀町", 2, 12, 1},
    {"市谷田町", 3, 12, 1},      {"市谷砂土原町", 3, 10, 1}, {"原町", 3, 12, 2},
    {"早稲田鶴巻町", 0, 560, 2}, {"早稲田南町", 0, 80, 1},   {"早稲田町", 0, 80, 1},
    {"馬場下町", 0, 60, 1},      {"喜久井町", 0, 60, 1},     {"弁天町", 0, 180, 2},
    {"榎町", 0, 90, 1},          {"山吹町", 0, 360, 1},      {"矢来町", 0, 120, 1},
    {"天神町", 0, 80, 1},        {"中里町", 0, 40, 1},       {"改代町", 0, 40, 1},
    {"横寺町", 0, 70, 1},        {"新小川町", 0, 9, 1},      {"水道町", 0, 4, 1},
    {"余丁町", 0, 14, 2},        {"富久町", 0, 40, 2},       {"河田町", 0, 10, 1},
    {"若松町", 0, 40, 2},        {"住吉町", 0, 10, 1},       {"荒木町", 0, 22, 1},
    {"舟町", 0, 12, 1},          {"愛住町", 0, 22, 1},       {"須賀町", 0, 14, 1},
    {"左門町", 0, 20, 1},        {"信濃町", 0, 35, 1},       {"南元町", 0, 20, 1},
    {"大京町", 0, 30, 1},        {"内藤町", 0, 10, 1},       {"市谷柳町", 0, 40, 1},
    {"市谷薬王寺町", 0, 80, 1},  {"南山伏町", 0, 10, 1},     {"納戸町", 0, 40, 1},
    {"二十騎町", 0, 10, 1},      {"細工町", 0, 15, 1},
};

constexpr std::string_view kShinjukuPlaces[] = {
    "落合", "戸山", "大久保", "柏木", "角筈", "牛込", "四谷", "早稲田", "神楽", "市谷",
    "若松", "淀橋", "戸塚",   "中井", "余丁", "内藤", "信濃", "榎",     "鶴巻", "高田",
};

// 東京都テスト区: invented, generic town names.
constexpr Town kTestTowns[] = {
    {"本町", 4, 25, 3},  {"中央", 5, 30, 3},    {"緑町", 3, 20, 2},     {"桜台", 4, 25, 2},
    {"旭町", 3, 20, 2},  {"栄町", 2, 20, 1},    {"若葉台", 3, 25, 2},   {"東町", 4, 25, 2},
    {"西町", 3, 25, 2},  {"南町", 3, 20, 2},    {"北町", 3, 20, 2},     {"新町", 2, 15, 1},
    {"宮前", 5, 30, 3},  {"富士見", 3, 20, 2},  {"平和台", 4, 25, 2},   {"青葉台", 3, 25, 2},
    {"春日", 2, 20, 1},  {"松原", 6, 30, 3},    {"日の出町", 2, 15, 1}, {"柳町", 3, 20, 1},
    {"港町", 0, 300, 1}, {"山手町", 0, 200, 1},
};

constexpr std::string_view kTestPlaces[] = {
    "本町",   "中央",   "緑",     "桜台", "旭",   "栄",     "若葉台", "宮前",
    "富士見", "平和台", "青葉台", "春日", "松原", "日の出", "柳",     "港",
};

template <std::size_t N>
WeightedTable TownSampler(const Town (&towns)[N]) {
  std::vector<uint32_t> weights;
  weights.reserve(N);
  for (const Town& t : towns) weights.push_back(t.weight);
  return WeightedTable(weights);
}

const Ward& Shinjuku() {
  static const Ward ward{"shinjuku",     "東京都",        "新宿区",
                         kShinjukuTowns, kShinjukuPlaces, TownSampler(kShinjukuTowns)};
  return ward;
}

const Ward& TestWard() {
  static const Ward ward{"",         "東京都",    "テスト区",
                         kTestTowns, kTestPlaces, TownSampler(kTestTowns)};
  return ward;
}

// Building names: a motif with a suffix (若葉ハイツ), or a prefix with a motif (コーポ若葉).
constexpr std::string_view kBuildingMotifs[] = {
    "若葉",     "青葉",     "朝日",       "富士見",     "清風",         "緑風",       "陽光",
    "栄",       "松風",     "白鳥",       "桜",         "柏",           "欅",         "ひまわり",
    "すみれ",   "あおい",   "コスモス",   "サンライズ", "グリーン",     "ローズ",     "パール",
    "エクセル", "アーバン", "フォレスト", "ルミエール", "エスポワール", "ソレイユ",   "リバティ",
    "オーク",   "アイリス", "ベルテ",     "カメリア",   "シャルム",     "ブランシェ",
};

struct Suffix {
  std::string_view text;
  bool tall;  // a mansion block (rooms up to the 14th floor) rather than a low apartment
};
constexpr WeightedItem<Suffix> kBuildingSuffixes[] = {
    {{"ハイツ", false}, 6},    {{"荘", false}, 3},     {{"ハウス", false}, 3},
    {{"コート", true}, 2},     {{"テラス", false}, 2}, {{"マンション", true}, 3},
    {{"レジデンス", true}, 2}, {{"ヒルズ", true}, 1},  {{"パレス", true}, 1},
    {{"ビル", true}, 1},
};
constexpr WeightedItem<Suffix> kBuildingPrefixes[] = {
    {{"コーポ", false}, 5}, {{"メゾン", false}, 3}, {{"グラン", true}, 2},
    {{"ヴィラ", false}, 2}, {{"パーク", true}, 2},  {{"シティ", true}, 1},
};

// One of the ward's place words now and then ("戸山ハイツ") makes a name feel local.
std::string_view Motif(Rng& rng, const Ward& ward) {
  if (rng.Chance(0.2)) return rng.Pick(ward.place_words);
  return rng.Pick(kBuildingMotifs);
}

std::string BuildingName(Rng& rng, const Ward& ward, bool& tall) {
  std::string out;
  if (rng.Chance(0.6)) {
    const std::string_view motif = Motif(rng, ward);
    const Suffix& s = rng.Weighted(kBuildingSuffixes);
    tall = s.tall;
    out.append(motif).append(s.text);
  } else {
    const Suffix& p = rng.Weighted(kBuildingPrefixes);
    tall = p.tall;
    out.append(p.text).append(Motif(rng, ward));
  }
  if (rng.Chance(0.05)) out.append("弐番館");
  return out;
}

}  // namespace

const Ward& WardFor(std::string_view tenant_id) {
  return tenant_id == "shinjuku" ? Shinjuku() : TestWard();
}

std::string KanjiNumeral(int n) {
  static constexpr std::array<std::string_view, 11> kDigits = {"〇", "一", "二", "三", "四", "五",
                                                               "六", "七", "八", "九", "十"};
  if (n >= 0 && n <= 10) return std::string(kDigits[static_cast<std::size_t>(n)]);
  return std::to_string(n);
}

std::string MakeBuildingName(Rng& rng, const Ward& ward) {
  bool tall = false;
  return BuildingName(rng, ward, tall);
}

std::string MakeAddress(Rng& rng, const Ward& ward) {
  const Town& town = ward.towns[ward.town_sampler.Sample(rng)];
  std::string out;
  out.reserve(120);
  out.append(ward.prefecture).append(ward.name).append(town.name);
  const int block = rng.Uniform(1, town.max_block);
  if (town.max_chome > 0) {
    out.append(KanjiNumeral(rng.Uniform(1, town.max_chome))).append("丁目");
    out.append(std::to_string(block)).append("番");
    out.append(std::to_string(rng.Uniform(1, 25))).append("号");
  } else {
    out.append(std::to_string(block)).append("番地");
    if (rng.Chance(0.4)) out.append(std::to_string(rng.Uniform(1, 20)));
  }
  // Most households in the ward live in apartment buildings.
  if (rng.Chance(0.75)) {
    bool tall = false;
    out.append("\u3000").append(BuildingName(rng, ward, tall));
    const int floor = tall ? rng.Uniform(1, 14) : rng.Uniform(1, 3);
    const int room = tall ? rng.Uniform(1, 12) : rng.Uniform(1, 8);
    out.append(std::to_string(floor * 100 + room));
  }
  return out;
}

}  // namespace yorisoi::dummy
