#include "dummy/names.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace yorisoi::dummy {
namespace {

constexpr std::string_view kFullWidthSpace = "\u3000";

// A name as written in the tables below. An empty reading means "the written form is katakana;
// read it letter by letter" (KatakanaToHiragana).
struct Raw {
  std::string_view written;
  std::string_view reading = {};
  uint32_t weight = 1;
};

// Family names with approximate bearers in units of 10,000 (public surname rankings), which is
// all the weighting needs.
constexpr Raw kJapaneseFamily[] = {
    {"佐藤", "さとう", 184},    {"鈴木", "すずき", 178},   {"高橋", "たかはし", 139},
    {"田中", "たなか", 131},    {"伊藤", "いとう", 107},   {"渡辺", "わたなべ", 106},
    {"山本", "やまもと", 106},  {"中村", "なかむら", 103}, {"小林", "こばやし", 101},
    {"加藤", "かとう", 88},     {"吉田", "よしだ", 83},    {"山田", "やまだ", 81},
    {"佐々木", "ささき", 67},   {"山口", "やまぐち", 63},  {"松本", "まつもと", 62},
    {"井上", "いのうえ", 61},   {"木村", "きむら", 57},    {"林", "はやし", 54},
    {"斎藤", "さいとう", 53},   {"清水", "しみず", 53},    {"山崎", "やまざき", 47},
    {"森", "もり", 46},         {"池田", "いけだ", 44},    {"橋本", "はしもと", 44},
    {"阿部", "あべ", 44},       {"石川", "いしかわ", 43},  {"山下", "やました", 42},
    {"中島", "なかじま", 41},   {"石井", "いしい", 40},    {"小川", "おがわ", 39},
    {"前田", "まえだ", 39},     {"岡田", "おかだ", 39},    {"長谷川", "はせがわ", 38},
    {"藤田", "ふじた", 38},     {"後藤", "ごとう", 38},    {"近藤", "こんどう", 37},
    {"村上", "むらかみ", 36},   {"遠藤", "えんどう", 35},  {"青木", "あおき", 34},
    {"坂本", "さかもと", 34},   {"斉藤", "さいとう", 33},  {"福田", "ふくだ", 33},
    {"太田", "おおた", 33},     {"西村", "にしむら", 32},  {"藤井", "ふじい", 32},
    {"金子", "かねこ", 31},     {"岡本", "おかもと", 31},  {"藤原", "ふじわら", 31},
    {"中野", "なかの", 31},     {"三浦", "みうら", 31},    {"原田", "はらだ", 30},
    {"中川", "なかがわ", 30},   {"松田", "まつだ", 30},    {"竹内", "たけうち", 30},
    {"小野", "おの", 30},       {"田村", "たむら", 29},    {"中山", "なかやま", 29},
    {"和田", "わだ", 28},       {"石田", "いしだ", 28},    {"森田", "もりた", 28},
    {"上田", "うえだ", 28},     {"原", "はら", 28},        {"内田", "うちだ", 28},
    {"柴田", "しばた", 27},     {"酒井", "さかい", 27},    {"宮崎", "みやざき", 27},
    {"横山", "よこやま", 27},   {"高木", "たかぎ", 27},    {"安藤", "あんどう", 26},
    {"宮本", "みやもと", 26},   {"大野", "おおの", 26},    {"小島", "こじま", 26},
    {"谷口", "たにぐち", 25},   {"今井", "いまい", 25},    {"工藤", "くどう", 25},
    {"高田", "たかだ", 25},     {"増田", "ますだ", 24},    {"丸山", "まるやま", 24},
    {"杉山", "すぎやま", 24},   {"村田", "むらた", 24},    {"大塚", "おおつか", 24},
    {"小山", "こやま", 24},     {"平野", "ひらの", 24},    {"藤本", "ふじもと", 23},
    {"河野", "こうの", 23},     {"上野", "うえの", 23},    {"野口", "のぐち", 23},
    {"武田", "たけだ", 23},     {"松井", "まつい", 23},    {"千葉", "ちば", 23},
    {"岩崎", "いわさき", 22},   {"菅原", "すがわら", 22},  {"木下", "きのした", 22},
    {"久保", "くぼ", 22},       {"佐野", "さの", 22},      {"野村", "のむら", 22},
    {"松尾", "まつお", 22},     {"市川", "いちかわ", 22},  {"菊地", "きくち", 21},
    {"杉本", "すぎもと", 21},   {"古川", "ふるかわ", 21},  {"大西", "おおにし", 21},
    {"島田", "しまだ", 21},     {"水野", "みずの", 21},    {"桜井", "さくらい", 21},
    {"高野", "たかの", 21},     {"渡部", "わたなべ", 21},  {"吉川", "よしかわ", 20},
    {"山内", "やまうち", 20},   {"西田", "にしだ", 20},    {"飯田", "いいだ", 20},
    {"菊池", "きくち", 20},     {"西川", "にしかわ", 20},  {"小松", "こまつ", 20},
    {"北村", "きたむら", 20},   {"安田", "やすだ", 20},    {"五十嵐", "いがらし", 20},
    {"川口", "かわぐち", 20},   {"平田", "ひらた", 19},    {"関", "せき", 19},
    {"中田", "なかた", 19},     {"久保田", "くぼた", 19},  {"服部", "はっとり", 19},
    {"岩田", "いわた", 19},     {"土屋", "つちや", 19},    {"川崎", "かわさき", 19},
    {"福島", "ふくしま", 19},   {"本田", "ほんだ", 19},    {"辻", "つじ", 18},
    {"樋口", "ひぐち", 18},     {"秋山", "あきやま", 18},  {"田口", "たぐち", 18},
    {"永井", "ながい", 18},     {"山中", "やまなか", 18},  {"中西", "なかにし", 18},
    {"吉村", "よしむら", 18},   {"川上", "かわかみ", 18},  {"石原", "いしはら", 18},
    {"大橋", "おおはし", 18},   {"松岡", "まつおか", 18},  {"馬場", "ばば", 18},
    {"浅野", "あさの", 17},     {"荒木", "あらき", 17},    {"大久保", "おおくぼ", 17},
    {"野田", "のだ", 17},       {"小沢", "おざわ", 17},    {"田辺", "たなべ", 17},
    {"川村", "かわむら", 17},   {"星野", "ほしの", 17},    {"黒田", "くろだ", 17},
    {"堀", "ほり", 17},         {"尾崎", "おざき", 17},    {"望月", "もちづき", 17},
    {"永田", "ながた", 17},     {"熊谷", "くまがい", 17},  {"内藤", "ないとう", 17},
    {"松村", "まつむら", 17},   {"西山", "にしやま", 17},  {"大谷", "おおたに", 17},
    {"平井", "ひらい", 16},     {"大島", "おおしま", 16},  {"岩本", "いわもと", 16},
    {"片山", "かたやま", 16},   {"本間", "ほんま", 16},    {"早川", "はやかわ", 16},
    {"横田", "よこた", 16},     {"岡崎", "おかざき", 16},  {"荒井", "あらい", 16},
    {"大石", "おおいし", 16},   {"鎌田", "かまた", 16},    {"成田", "なりた", 16},
    {"宮田", "みやた", 16},     {"小田", "おだ", 16},      {"石橋", "いしばし", 16},
    {"篠原", "しのはら", 16},   {"須藤", "すどう", 16},    {"河合", "かわい", 16},
    {"大川", "おおかわ", 15},   {"高井", "たかい", 15},    {"萩原", "はぎわら", 15},
    {"吉岡", "よしおか", 15},   {"新井", "あらい", 15},    {"大森", "おおもり", 15},
    {"桑原", "くわばら", 15},   {"今村", "いまむら", 15},  {"坂口", "さかぐち", 15},
    {"宮下", "みやした", 15},   {"上原", "うえはら", 14},  {"西尾", "にしお", 14},
    {"山根", "やまね", 14},     {"浜田", "はまだ", 14},    {"矢野", "やの", 14},
    {"松下", "まつした", 14},   {"小池", "こいけ", 14},    {"長田", "ながた", 13},
    {"奥村", "おくむら", 13},   {"白石", "しらいし", 13},  {"細川", "ほそかわ", 13},
    {"岩井", "いわい", 13},     {"中本", "なかもと", 12},  {"比嘉", "ひが", 12},
    {"富田", "とみた", 12},     {"稲垣", "いながき", 12},  {"杉浦", "すぎうら", 12},
    {"金城", "きんじょう", 11}, {"八木", "やぎ", 11},      {"広瀬", "ひろせ", 11},
};

// Given names of children born 2005–2025 (public baby-name rankings of those years).
constexpr Raw kChildMale[] = {
    {"蓮", "れん"},
    {"陽翔", "はると"},
    {"悠真", "ゆうま"},
    {"湊", "みなと"},
    {"蒼", "あおい"},
    {"樹", "いつき"},
    {"大翔", "ひろと"},
    {"悠人", "ゆうと"},
    {"陽太", "ようた"},
    {"朝陽", "あさひ"},
    {"悠斗", "ゆうと"},
    {"颯太", "そうた"},
    {"大和", "やまと"},
    {"陸", "りく"},
    {"奏太", "そうた"},
    {"碧", "あお"},
    {"律", "りつ"},
    {"新", "あらた"},
    {"結翔", "ゆいと"},
    {"陽向", "ひなた"},
    {"蒼空", "そら"},
    {"颯真", "そうま"},
    {"翔太", "しょうた"},
    {"拓海", "たくみ"},
    {"大輝", "だいき"},
    {"健太", "けんた"},
    {"優斗", "ゆうと"},
    {"悠", "ゆう"},
    {"陽斗", "はると"},
    {"晴", "はる"},
    {"凪", "なぎ"},
    {"蒼真", "そうま"},
    {"悠翔", "ゆうと"},
    {"颯", "はやて"},
    {"海斗", "かいと"},
    {"駿", "しゅん"},
    {"瑛太", "えいた"},
    {"航", "わたる"},
    {"琉生", "るい"},
    {"陽", "ひなた"},
    {"蒼大", "そうた"},
    {"大雅", "たいが"},
    {"優真", "ゆうま"},
    {"隼", "しゅん"},
    {"碧人", "あおと"},
    {"煌", "こう"},
    {"瑛斗", "えいと"},
    {"奏", "かなで"},
    {"伊織", "いおり"},
    {"湊人", "みなと"},
    {"暖人", "はると"},
    {"一颯", "いぶき"},
    {"柊", "しゅう"},
    {"蒼汰", "そうた"},
    {"悠生", "ゆうせい"},
    {"律希", "りつき"},
    {"慶", "けい"},
    {"岳", "がく"},
    {"湊太", "そうた"},
    {"蓮斗", "れんと"},
    {"陸斗", "りくと"},
    {"叶翔", "かなと"},
    {"結人", "ゆいと"},
    {"旭", "あさひ"},
    {"晴翔", "はると"},
    {"颯斗", "はやと"},
    {"悠希", "ゆうき"},
    {"大地", "だいち"},
    {"拓真", "たくま"},
    {"翔真", "しょうま"},
    {"健斗", "けんと"},
    {"優太", "ゆうた"},
    {"誠", "まこと"},
    {"直人", "なおと"},
    {"康介", "こうすけ"},
    {"蒼介", "そうすけ"},
    {"悠太", "ゆうた"},
    {"颯人", "はやと"},
    {"凌", "りょう"},
    {"涼太", "りょうた"},
    {"亮太", "りょうた"},
    {"陽介", "ようすけ"},
    {"航平", "こうへい"},
    {"光", "ひかる"},
    {"輝", "ひかる"},
    {"聖", "せい"},
    {"怜", "れい"},
    {"遥斗", "はると"},
    {"秀斗", "しゅうと"},
    {"琉", "りゅう"},
    {"龍之介", "りゅうのすけ"},
    {"虎太郎", "こたろう"},
    {"悠之介", "ゆうのすけ"},
    {"蒼士", "そうし"},
    {"尊", "たける"},
    {"匠", "たくみ"},
    {"晃", "あきら"},
    {"翔", "しょう"},
    {"奏多", "かなた"},
    {"湊斗", "みなと"},
    {"壮真", "そうま"},
    {"悠翔", "はると"},
    {"瑞希", "みずき"},
    {"啓太", "けいた"},
    {"優希", "ゆうき"},
    {"和真", "かずま"},
    {"春輝", "はるき"},
    {"歩夢", "あゆむ"},
};

constexpr Raw kChildFemale[] = {
    {"陽葵", "ひまり"},   {"凛", "りん"},       {"詩", "うた"},       {"結菜", "ゆいな"},
    {"結愛", "ゆあ"},     {"芽依", "めい"},     {"葵", "あおい"},     {"紬", "つむぎ"},
    {"澪", "みお"},       {"莉子", "りこ"},     {"結衣", "ゆい"},     {"杏", "あん"},
    {"咲良", "さくら"},   {"陽菜", "ひな"},     {"美桜", "みお"},     {"翠", "すい"},
    {"花", "はな"},       {"心春", "こはる"},   {"結月", "ゆづき"},   {"芽衣", "めい"},
    {"一花", "いちか"},   {"琴音", "ことね"},   {"凜", "りん"},       {"陽菜乃", "ひなの"},
    {"さくら", "さくら"}, {"ひなた", "ひなた"}, {"美結", "みゆ"},     {"彩葉", "いろは"},
    {"心結", "みゆ"},     {"愛莉", "あいり"},   {"優奈", "ゆうな"},   {"美咲", "みさき"},
    {"彩花", "あやか"},   {"七海", "ななみ"},   {"美羽", "みう"},     {"真央", "まお"},
    {"楓", "かえで"},     {"千尋", "ちひろ"},   {"柚希", "ゆずき"},   {"心愛", "ここあ"},
    {"愛菜", "まな"},     {"花音", "かのん"},   {"美月", "みづき"},   {"菜々子", "ななこ"},
    {"葉月", "はづき"},   {"栞", "しおり"},     {"朱莉", "あかり"},   {"明莉", "あかり"},
    {"日葵", "ひまり"},   {"芽生", "めい"},     {"小春", "こはる"},   {"桜", "さくら"},
    {"美優", "みゆ"},     {"萌", "もえ"},       {"遥", "はるか"},     {"莉央", "りお"},
    {"瑠奈", "るな"},     {"優花", "ゆうか"},   {"美玖", "みく"},     {"彩", "あや"},
    {"舞", "まい"},       {"杏奈", "あんな"},   {"琴葉", "ことは"},   {"紗希", "さき"},
    {"夏美", "なつみ"},   {"茉央", "まお"},     {"恵茉", "えま"},     {"結奈", "ゆな"},
    {"乃愛", "のあ"},     {"心音", "ここね"},   {"美空", "みそら"},   {"莉緒", "りお"},
    {"紗良", "さら"},     {"千夏", "ちなつ"},   {"未来", "みらい"},   {"希", "のぞみ"},
    {"菜月", "なつき"},   {"真緒", "まお"},     {"彩乃", "あやの"},   {"瑞希", "みずき"},
    {"優衣", "ゆい"},     {"沙羅", "さら"},     {"柚葉", "ゆずは"},   {"花凛", "かりん"},
    {"美緒", "みお"},     {"結花", "ゆいか"},   {"杏樹", "あんじゅ"}, {"すみれ", "すみれ"},
    {"胡桃", "くるみ"},   {"和奏", "わかな"},   {"詩織", "しおり"},   {"光莉", "ひかり"},
    {"愛", "あい"},       {"百花", "ももか"},   {"桃子", "ももこ"},   {"美里", "みさと"},
    {"凪紗", "なぎさ"},   {"紗奈", "さな"},     {"実桜", "みお"},     {"風花", "ふうか"},
};

// Given names of adults born 1960–2000.
constexpr Raw kAdultMale[] = {
    {"大輔", "だいすけ"},   {"拓也", "たくや"},   {"健太", "けんた"},   {"翔太", "しょうた"},
    {"直樹", "なおき"},     {"誠", "まこと"},     {"浩二", "こうじ"},   {"和也", "かずや"},
    {"達也", "たつや"},     {"哲也", "てつや"},   {"健一", "けんいち"}, {"剛", "つよし"},
    {"修", "おさむ"},       {"隆", "たかし"},     {"浩", "ひろし"},     {"博之", "ひろゆき"},
    {"秀樹", "ひでき"},     {"正人", "まさと"},   {"雅之", "まさゆき"}, {"稔", "みのる"},
    {"聡", "さとし"},       {"学", "まなぶ"},     {"亮", "りょう"},     {"淳", "じゅん"},
    {"大樹", "だいき"},     {"雄一", "ゆういち"}, {"英明", "ひであき"}, {"俊介", "しゅんすけ"},
    {"慎一", "しんいち"},   {"裕介", "ゆうすけ"}, {"洋平", "ようへい"}, {"智也", "ともや"},
    {"健二", "けんじ"},     {"一郎", "いちろう"}, {"真也", "しんや"},   {"幸治", "こうじ"},
    {"竜二", "りゅうじ"},   {"孝", "たかし"},     {"徹", "とおる"},     {"賢治", "けんじ"},
    {"翼", "つばさ"},       {"悠介", "ゆうすけ"}, {"翔", "しょう"},     {"直人", "なおと"},
    {"勇気", "ゆうき"},     {"和彦", "かずひこ"}, {"武", "たけし"},     {"昌弘", "まさひろ"},
    {"康弘", "やすひろ"},   {"克也", "かつや"},   {"伸一", "しんいち"}, {"敦", "あつし"},
    {"純一", "じゅんいち"}, {"隼人", "はやと"},   {"洋介", "ようすけ"}, {"圭介", "けいすけ"},
    {"亮太", "りょうた"},   {"祐介", "ゆうすけ"}, {"貴之", "たかゆき"}, {"一樹", "かずき"},
    {"正和", "まさかず"},   {"卓也", "たくや"},   {"良太", "りょうた"}, {"将太", "しょうた"},
    {"裕樹", "ゆうき"},     {"浩之", "ひろゆき"},
};

constexpr Raw kAdultFemale[] = {
    {"裕子", "ゆうこ"},   {"智子", "ともこ"},   {"久美子", "くみこ"}, {"直美", "なおみ"},
    {"真由美", "まゆみ"}, {"恵美", "えみ"},     {"由美子", "ゆみこ"}, {"明美", "あけみ"},
    {"陽子", "ようこ"},   {"美香", "みか"},     {"愛", "あい"},       {"彩", "あや"},
    {"麻衣", "まい"},     {"舞", "まい"},       {"美穂", "みほ"},     {"香織", "かおり"},
    {"恵", "めぐみ"},     {"沙織", "さおり"},   {"奈々", "なな"},     {"由香", "ゆか"},
    {"真理子", "まりこ"}, {"理恵", "りえ"},     {"千秋", "ちあき"},   {"亜希子", "あきこ"},
    {"綾", "あや"},       {"美紀", "みき"},     {"友美", "ともみ"},   {"早苗", "さなえ"},
    {"優子", "ゆうこ"},   {"恵理", "えり"},     {"瞳", "ひとみ"},     {"彩香", "あやか"},
    {"美咲", "みさき"},   {"明日香", "あすか"}, {"静香", "しずか"},   {"麻美", "あさみ"},
    {"由紀", "ゆき"},     {"千尋", "ちひろ"},   {"希", "のぞみ"},     {"沙也加", "さやか"},
    {"愛美", "まなみ"},   {"杏子", "きょうこ"}, {"純子", "じゅんこ"}, {"典子", "のりこ"},
    {"洋子", "ようこ"},   {"幸子", "さちこ"},   {"美由紀", "みゆき"}, {"淳子", "じゅんこ"},
    {"美奈子", "みなこ"}, {"朋子", "ともこ"},   {"晴美", "はるみ"},   {"加奈子", "かなこ"},
    {"亜美", "あみ"},     {"千恵", "ちえ"},     {"里美", "さとみ"},   {"佳奈", "かな"},
    {"絵美", "えみ"},     {"美樹", "みき"},     {"薫", "かおる"},     {"由佳", "ゆか"},
    {"真紀", "まき"},     {"夏美", "なつみ"},   {"恵子", "けいこ"},   {"紀子", "のりこ"},
};

// ---- Foreign names. Katakana entries leave the reading empty. ----

constexpr Raw kCnFamily[] = {
    {"王", "おう", 7}, {"李", "り", 7},     {"張", "ちょう", 7}, {"劉", "りゅう", 5},
    {"陳", "ちん", 5}, {"楊", "よう", 3},   {"黄", "こう", 2},   {"趙", "ちょう", 2},
    {"呉", "ご", 2},   {"周", "しゅう", 2}, {"徐", "じょ", 2},   {"孫", "そん", 2},
    {"馬", "ば", 1},   {"朱", "しゅ", 1},   {"胡", "こ", 1},     {"郭", "かく", 1},
    {"何", "か", 1},   {"林", "りん", 1},   {"高", "こう", 1},   {"羅", "ら", 1},
};
constexpr Raw kCnMale[] = {
    {"偉", "い"},       {"強", "きょう"},       {"磊", "らい"},       {"軍", "ぐん"},
    {"洋", "よう"},     {"勇", "ゆう"},         {"傑", "けつ"},       {"涛", "とう"},
    {"明", "めい"},     {"超", "ちょう"},       {"浩然", "こうぜん"}, {"子豪", "しごう"},
    {"宇航", "うこう"}, {"俊傑", "しゅんけつ"}, {"志強", "しきょう"}, {"文博", "ぶんはく"},
    {"浩宇", "こうう"}, {"天佑", "てんゆう"},
};
constexpr Raw kCnFemale[] = {
    {"芳", "ほう"},       {"丹", "たん"},     {"敏", "びん"},         {"静", "せい"},
    {"麗", "れい"},       {"艶", "えん"},     {"秀英", "しゅうえい"}, {"桂英", "けいえい"},
    {"麗娟", "れいけん"}, {"婷", "てい"},     {"雪", "せつ"},         {"慧", "けい"},
    {"梓涵", "しかん"},   {"欣怡", "きんい"}, {"雨桐", "うとう"},     {"思琪", "しき"},
    {"佳怡", "かい"},
};

constexpr Raw kKrFamily[] = {
    {"金", "きむ", 21},  {"李", "い", 15},  {"朴", "ぱく", 8},   {"崔", "ちぇ", 5},
    {"鄭", "ちょん", 4}, {"姜", "かん", 2}, {"趙", "ちょ", 2},   {"尹", "ゆん", 2},
    {"張", "ちゃん", 2}, {"林", "いむ", 2}, {"韓", "はん", 1},   {"呉", "お", 1},
    {"申", "しん", 1},   {"徐", "そ", 1},   {"権", "くぉん", 1}, {"黄", "ふぁん", 1},
    {"安", "あん", 1},   {"宋", "そん", 1}, {"柳", "ゆ", 1},     {"洪", "ほん", 1},
};
constexpr Raw kKrMale[] = {
    {"民俊", "みんじゅん"}, {"志勲", "じふん"},     {"成民", "そんみん"},   {"賢宇", "ひょんう"},
    {"俊浩", "じゅんほ"},   {"東賢", "どんひょん"}, {"在賢", "じぇひょん"}, {"泰亨", "てひょん"},
    {"永浩", "よんほ"},     {"相旭", "さんうく"},   {"正勲", "じょんふん"}, {"承民", "すんみん"},
    {"宇振", "うじん"},     {"道允", "どゆん"},     {"時宇", "しう"},       {"建宇", "ごんう"},
    {"俊瑞", "じゅんそ"},   {"夏準", "はじゅん"},
};
constexpr Raw kKrFemale[] = {
    {"智恩", "じうん"},   {"秀妍", "すよん"}, {"敏智", "みんじ"},   {"瑞妍", "そよん"},
    {"恩智", "うんじ"},   {"恵珍", "へじん"}, {"美英", "みよん"},   {"多恩", "だうん"},
    {"知妍", "じよん"},   {"秀彬", "すびん"}, {"瑞賢", "そひょん"}, {"有珍", "ゆじん"},
    {"叡恩", "いぇうん"}, {"河恩", "はうん"}, {"允瑞", "ゆんそ"},   {"佳恩", "がうん"},
};

constexpr Raw kVnFamily[] = {
    {"グエン", "", 38}, {"チャン", "", 11}, {"レ", "", 9},     {"ファム", "", 7}, {"ホアン", "", 5},
    {"フイン", "", 5},  {"ファン", "", 4},  {"ヴー", "", 4},   {"ヴォー", "", 3}, {"ダン", "", 2},
    {"ブイ", "", 2},    {"ドー", "", 2},    {"ホー", "", 2},   {"ゴー", "", 2},   {"ズオン", "", 1},
    {"リー", "", 1},    {"ダオ", "", 1},    {"ドアン", "", 1},
};
// Vietnamese given names carry the middle name (ヴァン, ティ, ...).
constexpr Raw kVnMale[] = {
    {"ヴァン　ナム"},   {"ヴァン　フン"},   {"ヴァン　ドゥック"}, {"ヴァン　トゥアン"},
    {"ミン　ドゥック"}, {"ミン　クアン"},   {"ドゥック　アイン"}, {"クオック　バオ"},
    {"ホアン　ロン"},   {"タイン　トゥン"}, {"ヴァン　ハイ"},     {"ヴァン　ロン"},
    {"ザー　フイ"},     {"ミン　ホアン"},   {"トゥアン　アイン"}, {"ヴァン　タイン"},
};
constexpr Raw kVnFemale[] = {
    {"ティ　ラン"},     {"ティ　フオン"},   {"ティ　ハー"},     {"ティ　マイ"},
    {"ティ　トゥー"},   {"ティ　ゴック"},   {"ティ　ホア"},     {"ティ　リン"},
    {"タイン　フオン"}, {"ゴック　アイン"}, {"トゥー　チャン"}, {"ミー　リン"},
    {"ティ　トゥイ"},   {"ティ　ハン"},     {"バオ　チャム"},   {"ティ　ニュン"},
};

constexpr Raw kPhFamily[] = {
    {"サントス"},     {"レイエス"},   {"クルーズ"},     {"バウティスタ"}, {"オカンポ"},
    {"ガルシア"},     {"メンドーサ"}, {"トーレス"},     {"トマス"},       {"アンドラダ"},
    {"カスティーヨ"}, {"フローレス"}, {"ビリャヌエバ"}, {"ラモス"},       {"カストロ"},
    {"リベラ"},       {"デラクルス"}, {"ゴンザレス"},
};
constexpr Raw kPhMale[] = {
    {"ジョン"},     {"マーク"},     {"ミゲル"},     {"ホセ"},         {"ジェイソン"},
    {"ロナルド"},   {"アンジェロ"}, {"カール"},     {"ジョシュア"},   {"ポール"},
    {"レイモンド"}, {"ケビン"},     {"ジェローム"}, {"エイドリアン"}, {"クリスチャン"},
};
constexpr Raw kPhFemale[] = {
    {"マリア"},   {"アンジェリカ"}, {"クリスティン"}, {"ジャスミン"}, {"メアリー"},
    {"ジョイ"},   {"ロウェナ"},     {"シェリル"},     {"グレース"},   {"エンジェル"},
    {"ニコール"}, {"ジャネット"},   {"リザ"},         {"カミル"},     {"プリンセス"},
};

// Brazilians in Japan include many Nikkei families, whose Japanese family names are recorded in
// katakana like any other foreign name.
constexpr Raw kBrFamily[] = {
    {"シルバ", "", 5},   {"サントス", "", 4}, {"オリベイラ", "", 3},
    {"ソウザ", "", 3},   {"ロドリゲス"},      {"フェレイラ"},
    {"アウベス"},        {"ペレイラ"},        {"リマ"},
    {"ゴメス"},          {"コスタ"},          {"リベイロ"},
    {"マルチンス"},      {"カルバーリョ"},    {"アルメイダ"},
    {"ナカムラ", "", 2}, {"ヤマモト", "", 2}, {"タナカ", "", 2},
    {"サイトウ"},
};
constexpr Raw kBrMale[] = {
    {"ルーカス"},   {"ガブリエル"}, {"マテウス"},   {"ペドロ"},   {"ラファエル"},
    {"グスタヴォ"}, {"フェリペ"},   {"ブルーノ"},   {"ダニエル"}, {"ヴィニシウス"},
    {"チアゴ"},     {"ロドリゴ"},   {"レアンドロ"}, {"マルセロ"}, {"エドゥアルド"},
};
constexpr Raw kBrFemale[] = {
    {"ジュリア"},   {"ベアトリス"}, {"ラリッサ"},     {"アマンダ"},   {"ガブリエラ"},
    {"レチシア"},   {"カミラ"},     {"フェルナンダ"}, {"ブルーナ"},   {"マリアナ"},
    {"パトリシア"}, {"ジェシカ"},   {"アナ"},         {"ヴィトリア"}, {"イザベラ"},
};

constexpr Raw kNpFamily[] = {
    {"シュレスタ", "", 4},
    {"グルン", "", 3},
    {"タパ", "", 3},
    {"ライ", "", 2},
    {"タマン", "", 2},
    {"マガル"},
    {"ラマ"},
    {"アディカリ", "", 2},
    {"カルキ"},
    {"バスネット"},
    {"ポウデル"},
    {"ギミレ"},
    {"シャルマ"},
    {"カドカ"},
    {"ブダトキ"},
    {"パンデ"},
};
constexpr Raw kNpMale[] = {
    {"ラム"},       {"ビシャル"},     {"スニル"}, {"ラジュ"},   {"プラカシュ"},
    {"サンジャイ"}, {"ディーパック"}, {"ビカス"}, {"ロシャン"}, {"アニル"},
    {"スレス"},     {"クリシュナ"},   {"ナビン"}, {"スマン"},   {"ラメシュ"},
};
constexpr Raw kNpFemale[] = {
    {"サビナ"},   {"スニタ"},     {"ギタ"},     {"アニタ"}, {"プジャ"},
    {"サリタ"},   {"ラクシュミ"}, {"マヤ"},     {"ビナ"},   {"シルパ"},
    {"アスミタ"}, {"サンジュ"},   {"ニルマラ"}, {"ラダ"},   {"カマラ"},
};

constexpr Raw kIdFamily[] = {
    {"スサント"},   {"プラタマ"},     {"ハルタント"}, {"ウィジャヤ"},   {"サプトラ"}, {"ヌグロホ"},
    {"スギアルト"}, {"クルニアワン"}, {"ヒダヤット"}, {"セティアワン"}, {"ラハユ"},   {"ウタミ"},
    {"ウィボウォ"}, {"ハリム"},       {"グナワン"},   {"シレガル"},
};
constexpr Raw kIdMale[] = {
    {"アグス"}, {"ブディ"},     {"デディ"},   {"エコ"},       {"アフマド"},
    {"リズキ"}, {"ファジャル"}, {"ヘンドラ"}, {"イルファン"}, {"ユディ"},
    {"バユ"},   {"アリフ"},     {"ドゥイ"},   {"アンディ"},   {"ワフユ"},
};
constexpr Raw kIdFemale[] = {
    {"シティ"}, {"デウィ"}, {"スリ"},     {"ヌル"},   {"インダ"},
    {"ラトナ"}, {"アユ"},   {"フィトリ"}, {"リナ"},   {"メガ"},
    {"ユリア"}, {"アンギ"}, {"プスピタ"}, {"ヌルル"}, {"ウラン"},
};

// Myanmar names have no family name; the first element stands in for it.
constexpr Raw kMmFamily[] = {
    {"ミン"}, {"ティン"}, {"キン"},   {"ウィン"}, {"テッ"},   {"ソー"},   {"ミャッ"}, {"ニン"},
    {"トゥ"}, {"ゾー"},   {"チョー"}, {"エイ"},   {"ティダ"}, {"カイン"}, {"ピョー"}, {"ヘイン"},
};
constexpr Raw kMmMale[] = {
    {"ミン　トゥ"},     {"ゾー　ウィン"},   {"チョー　ゾー"},   {"ナイン　リン"},
    {"テッ　パイン"},   {"アウン　ミョー"}, {"ピョー　ウェイ"}, {"ヘイン　トゥッ"},
    {"トゥ　ラ"},       {"ミョー　ミン"},   {"ソー　モー"},     {"ウィン　ナイン"},
    {"ルウィン　ウー"}, {"ヤン　ナイン"},   {"ティハ　アウン"},
};
constexpr Raw kMmFemale[] = {
    {"エイ　エイ"},     {"ティダ　ウィン"}, {"スー　ミャッ"}, {"ヌエ　ヌエ"},     {"ミャ　テッ"},
    {"ティン　ティン"}, {"ヤダナ"},         {"サンダー"},     {"モー　モー"},     {"ヘイ　マン"},
    {"フラ　フラ"},     {"チー　チー"},     {"エインドラ"},   {"ピュー　ピュー"}, {"キン　ミャ"},
};

constexpr Raw kUsFamily[] = {
    {"スミス", "", 3},   {"ジョンソン", "", 3}, {"ウィリアムズ", "", 2},
    {"ブラウン", "", 2}, {"ジョーンズ", "", 2}, {"ミラー"},
    {"デイビス"},        {"ウィルソン"},        {"アンダーソン"},
    {"テイラー"},        {"トーマス"},          {"ムーア"},
    {"マーティン"},      {"ホワイト"},          {"ハリス"},
    {"クラーク"},
};
constexpr Raw kUsMale[] = {
    {"ジェームズ"}, {"マイケル"}, {"ロバート"},     {"デビッド"},   {"ウィリアム"},
    {"ダニエル"},   {"マシュー"}, {"アンドリュー"}, {"ジョシュア"}, {"クリストファー"},
    {"ライアン"},   {"ネイサン"}, {"タイラー"},     {"ブランドン"}, {"イーサン"},
};
constexpr Raw kUsFemale[] = {
    {"エミリー"}, {"サラ"},     {"ジェシカ"},   {"アシュリー"}, {"エリザベス"},
    {"ハンナ"},   {"ローレン"}, {"メーガン"},   {"レイチェル"}, {"オリビア"},
    {"エマ"},     {"ソフィア"}, {"アビゲイル"}, {"マディソン"}, {"ケイトリン"},
};

constexpr Raw kThFamily[] = {
    {"シーサワット"},   {"ウォンサワン"}, {"チャイヤポン"}, {"ブンミー"},
    {"シーチャイ"},     {"カンチャナ"},   {"ポンパイ"},     {"タナワット"},
    {"スックサワット"}, {"ラッタナ"},     {"インタラ"},     {"ジャイディー"},
    {"ペッチャラット"}, {"ケーオマニー"}, {"サイトーン"},   {"ブンヤラット"},
};
constexpr Raw kThMale[] = {
    {"ソムチャイ"}, {"ソムサック"}, {"プラサート"}, {"アーティット"}, {"ナタポン"},
    {"チャチャイ"}, {"ウィチャイ"}, {"タナコーン"}, {"キッティ"},     {"ポンサック"},
    {"スリヤ"},     {"アヌワット"}, {"ピチット"},   {"ワチラ"},       {"チャイワット"},
};
constexpr Raw kThFemale[] = {
    {"ソムジット"}, {"マリー"},         {"ナリン"},   {"プラニー"},     {"スダー"},
    {"ワンナー"},   {"ニパポン"},       {"ラッダー"}, {"パッチャリー"}, {"カンヤー"},
    {"スニサー"},   {"ピムチャノック"}, {"ナパット"}, {"アンチャリー"}, {"ウィライ"},
};

constexpr Raw kPeFamily[] = {
    {"キスペ"},   {"フローレス"}, {"サンチェス"}, {"ロドリゲス"}, {"ガルシア"}, {"ロハス"},
    {"ラミレス"}, {"トーレス"},   {"チャベス"},   {"メンドサ"},   {"バスケス"}, {"カスティージョ"},
    {"ゴメス"},   {"ディアス"},   {"ワマン"},     {"ママニ"},
};
constexpr Raw kPeMale[] = {
    {"ホセ"},   {"ルイス"},   {"カルロス"},   {"ホルヘ"},       {"フアン"},
    {"ミゲル"}, {"ディエゴ"}, {"アンドレス"}, {"ヘスス"},       {"マルコ"},
    {"セサル"}, {"エドガル"}, {"リカルド"},   {"アレハンドロ"}, {"ビクトル"},
};
constexpr Raw kPeFemale[] = {
    {"マリア"}, {"ロサ"},     {"カルメン"}, {"アナ"},     {"ルス"},
    {"フアナ"}, {"ソフィア"}, {"バレリア"}, {"カミラ"},   {"ダニエラ"},
    {"ヒメナ"}, {"ルシア"},   {"パオラ"},   {"イサベル"}, {"ミレジャ"},
};

constexpr Raw kInFamily[] = {
    {"シャルマ"}, {"シン", "", 2}, {"クマール", "", 2}, {"パテル"},   {"グプタ"}, {"ヴェルマ"},
    {"ラオ"},     {"レッディ"},    {"ナイル"},          {"アイヤー"}, {"メノン"}, {"ジョシ"},
    {"デサイ"},   {"メータ"},      {"ピライ"},          {"バット"},
};
constexpr Raw kInMale[] = {
    {"ラフル"},     {"アミット"},     {"ヴィクラム"}, {"ラジェシュ"},   {"スレシュ"},
    {"アルジュン"}, {"サンジーブ"},   {"アニル"},     {"ヴィジャイ"},   {"ディネシュ"},
    {"マヘシュ"},   {"プラヴィーン"}, {"キラン"},     {"アディティヤ"}, {"ニキル"},
};
constexpr Raw kInFemale[] = {
    {"プリヤ"},     {"アニタ"},   {"スニタ"},     {"ディヴィヤ"}, {"カヴィタ"},
    {"ネハ"},       {"プージャ"}, {"ラクシュミ"}, {"ミーナ"},     {"シュレヤ"},
    {"アンジャリ"}, {"ニーシャ"}, {"スワティ"},   {"レカ"},       {"ガヤトリ"},
};

constexpr Raw kLkFamily[] = {
    {"ペレラ", "", 3},  {"フェルナンド", "", 2}, {"デシルヴァ", "", 2},
    {"ラナシンハ"},     {"ディサナヤケ"},        {"バンダラ"},
    {"ウィジェシンハ"}, {"グナセカラ"},          {"ヘラト"},
    {"ジャヤスリヤ"},   {"ラトナヤケ"},          {"クマラ"},
    {"アベイラトネ"},   {"ムナシンハ"},          {"アマラシンハ"},
    {"ディアス"},
};
constexpr Raw kLkMale[] = {
    {"カスン"},     {"チャミンダ"}, {"ルワン"},   {"ニロシャン"}, {"サマン"},
    {"プラサンナ"}, {"ディヌシャ"}, {"イスル"},   {"タリンドゥ"}, {"ラシタ"},
    {"サンジーワ"}, {"ニマル"},     {"アシャン"}, {"ヘシャン"},   {"チャトゥランガ"},
};
constexpr Raw kLkFemale[] = {
    {"ニルミニ"},   {"サンダミニ"}, {"ディルハニ"}, {"チャミラ"},     {"イノカ"},
    {"シャニカ"},   {"ニマリ"},     {"ハシニ"},     {"ディルーシャ"}, {"ガヤニ"},
    {"マドゥシャ"}, {"タルシ"},     {"サチニ"},     {"ウダリ"},       {"プラバシ"},
};

constexpr Raw kBdFamily[] = {
    {"ホセイン", "", 3},
    {"ラーマン", "", 3},
    {"アハメド", "", 2},
    {"イスラム", "", 2},
    {"ウッディン"},
    {"チョウドリー"},
    {"ビシュワス"},
    {"サルカル"},
    {"ミア"},
    {"ハサン"},
    {"シェイク"},
    {"モンダル"},
    {"タルクダル"},
    {"ブイヤン"},
    {"カビール"},
    {"ハク"},
};
constexpr Raw kBdMale[] = {
    {"モハマド"}, {"アブドゥル"}, {"ラフィク"},   {"シャフィクル"}, {"ミザヌル"},
    {"カリム"},   {"ジャヒド"},   {"タンビル"},   {"ラシェド"},     {"サイフル"},
    {"ナズムル"}, {"アリフル"},   {"ファルハン"}, {"リヤド"},       {"マスド"},
};
constexpr Raw kBdFemale[] = {
    {"ファティマ"}, {"ナスリン"},       {"ルクサナ"}, {"シャヒダ"}, {"ファルザナ"},
    {"タスリマ"},   {"ジャンナトゥル"}, {"サビナ"},   {"ムンニ"},   {"ナディア"},
    {"イスラト"},   {"ラビア"},         {"サディア"}, {"ソニア"},   {"ルマナ"},
};

constexpr Raw kPkFamily[] = {
    {"カーン", "", 3}, {"アフマド", "", 2}, {"マリク", "", 2}, {"チョードリー", "", 2},
    {"バット"},        {"シャー"},          {"クレシ"},        {"ミルザ"},
    {"ラナ"},          {"アッバシ"},        {"ジャベド"},      {"イクバル"},
    {"フセイン"},      {"シディキ"},        {"ハイダー"},      {"アワン"},
};
constexpr Raw kPkMale[] = {
    {"ムハンマド"}, {"ウスマン"},   {"ビラル"}, {"ハムザ"}, {"ファイサル"},
    {"ザイン"},     {"アサド"},     {"ハサン"}, {"ウマル"}, {"サード"},
    {"アディル"},   {"ナヴィード"}, {"タリク"}, {"カシフ"}, {"ダニヤル"},
};
constexpr Raw kPkFemale[] = {
    {"アイシャ"}, {"ファティマ"}, {"サナ"},     {"マリヤム"}, {"ヒナ"},
    {"ザイナブ"}, {"アミナ"},     {"サディア"}, {"ナディア"}, {"ルビナ"},
    {"シャジア"}, {"マヒラ"},     {"イクラ"},   {"アニーカ"}, {"フマ"},
};

// Famous people (politicians, athletes, entertainers) whose names the tables above could
// otherwise spell. Family name, given name.
constexpr std::pair<std::string_view, std::string_view> kFamous[] = {
    {"木村", "拓哉"},
    {"鈴木", "一朗"},
    {"中山", "美穂"},
    {"工藤", "静香"},
    {"井上", "真央"},
    {"佐々木", "希"},
    {"藤原", "竜也"},
    {"宮崎", "駿"},
    {"森田", "剛"},
    {"中田", "翔"},
    {"清水", "翔太"},
    {"小林", "幸子"},
    {"田中", "裕子"},
    {"渡辺", "直美"},
    {"山口", "智子"},
    {"石田", "純一"},
    {"杉本", "彩"},
    {"菊池", "桃子"},
    {"本田", "翼"},
    {"大谷", "翔平"},
    {"藤井", "聡太"},
    {"小池", "百合子"},
    {"河野", "太郎"},
    {"安倍", "晋三"},
    {"田中", "角栄"},
    {"佐藤", "栄作"},
    {"松田", "聖子"},
    {"山口", "百恵"},
    {"石原", "裕次郎"},
    {"浜田", "雅功"},
    {"松本", "人志"},
    {"上野", "樹里"},
    {"高橋", "尚子"},
    {"長谷川", "京子"},
    {"原田", "知世"},
    {"中島", "美嘉"},
    {"松岡", "修造"},
    {"広瀬", "すず"},
    {"浅野", "温子"},
    {"小泉", "今日子"},
    {"ブラウン", "ジェームズ"},
    {"ムーア", "マイケル"},
    {"ジョンソン", "マイケル"},
    {"李", "明"},
    {"周", "傑"},
};

uint32_t DecodeCodePoint(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : 1;
  uint32_t cp = b0 & (0x3Fu >> extra);
  ++i;
  for (; extra > 0 && i < s.size(); --extra, ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3Fu);
  }
  return cp;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

template <std::size_t N>
std::vector<NameEntry> Build(const Raw (&raw)[N]) {
  std::vector<NameEntry> out;
  out.reserve(N);
  for (const Raw& r : raw) {
    NameEntry e;
    e.written = std::string(r.written);
    e.reading = r.reading.empty() ? KatakanaToHiragana(r.written) : std::string(r.reading);
    e.weight = r.weight;
    out.push_back(std::move(e));
  }
  return out;
}

// A table with its sampler.
struct Table {
  std::vector<NameEntry> entries;
  WeightedTable sampler;

  template <std::size_t N>
  explicit Table(const Raw (&raw)[N]) : entries(Build(raw)) {
    std::vector<uint32_t> weights;
    weights.reserve(entries.size());
    for (const auto& e : entries) weights.push_back(e.weight);
    sampler = WeightedTable(weights);
  }
  const NameEntry& Draw(Rng& rng) const { return entries[sampler.Sample(rng)]; }
};

struct JapaneseTables {
  Table family{kJapaneseFamily};
  Table child_male{kChildMale};
  Table child_female{kChildFemale};
  Table adult_male{kAdultMale};
  Table adult_female{kAdultFemale};
};

const JapaneseTables& Japanese() {
  static const JapaneseTables tables;
  return tables;
}

struct ForeignTables {
  std::vector<ForeignNameSet> sets;
  // Samplers, same order as `sets`: family, male, female.
  std::vector<std::array<WeightedTable, 3>> samplers;
};

template <std::size_t F, std::size_t M, std::size_t W>
ForeignNameSet MakeSet(std::string_view nationality, bool kanji, const Raw (&family)[F],
                       const Raw (&male)[M], const Raw (&female)[W]) {
  ForeignNameSet set;
  set.nationality = std::string(nationality);
  set.kanji = kanji;
  set.family = Build(family);
  set.male = Build(male);
  set.female = Build(female);
  return set;
}

WeightedTable SamplerOf(const std::vector<NameEntry>& entries) {
  std::vector<uint32_t> weights;
  weights.reserve(entries.size());
  for (const auto& e : entries) weights.push_back(e.weight);
  return WeightedTable(weights);
}

const ForeignTables& Foreign() {
  static const ForeignTables tables = [] {
    ForeignTables t;
    t.sets.push_back(MakeSet("cn", true, kCnFamily, kCnMale, kCnFemale));
    t.sets.push_back(MakeSet("vn", false, kVnFamily, kVnMale, kVnFemale));
    t.sets.push_back(MakeSet("ph", false, kPhFamily, kPhMale, kPhFemale));
    t.sets.push_back(MakeSet("br", false, kBrFamily, kBrMale, kBrFemale));
    t.sets.push_back(MakeSet("np", false, kNpFamily, kNpMale, kNpFemale));
    t.sets.push_back(MakeSet("kr", true, kKrFamily, kKrMale, kKrFemale));
    t.sets.push_back(MakeSet("id", false, kIdFamily, kIdMale, kIdFemale));
    t.sets.push_back(MakeSet("mm", false, kMmFamily, kMmMale, kMmFemale));
    t.sets.push_back(MakeSet("us", false, kUsFamily, kUsMale, kUsFemale));
    t.sets.push_back(MakeSet("th", false, kThFamily, kThMale, kThFemale));
    t.sets.push_back(MakeSet("pe", false, kPeFamily, kPeMale, kPeFemale));
    t.sets.push_back(MakeSet("in", false, kInFamily, kInMale, kInFemale));
    t.sets.push_back(MakeSet("lk", false, kLkFamily, kLkMale, kLkFemale));
    t.sets.push_back(MakeSet("bd", false, kBdFamily, kBdMale, kBdFemale));
    t.sets.push_back(MakeSet("pk", false, kPkFamily, kPkMale, kPkFemale));
    for (const auto& set : t.sets) {
      t.samplers.push_back({SamplerOf(set.family), SamplerOf(set.male), SamplerOf(set.female)});
    }
    return t;
  }();
  return tables;
}

// Index into Foreign().sets, or -1.
int ForeignIndex(std::string_view nationality) {
  if (nationality == "jp") return -1;  // the common case, without a scan
  const auto& sets = Foreign().sets;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (sets[i].nationality == nationality) return static_cast<int>(i);
  }
  return -1;
}

const Table& JapaneseGiven(Sex sex, NameEra era) {
  const auto& t = Japanese();
  if (era == NameEra::kChild) return sex == Sex::kMale ? t.child_male : t.child_female;
  return sex == Sex::kMale ? t.adult_male : t.adult_female;
}

const NameEntry& DrawFamily(Rng& rng, std::string_view nationality) {
  const int f = ForeignIndex(nationality);
  if (f < 0) return Japanese().family.Draw(rng);
  const auto i = static_cast<std::size_t>(f);
  const auto& t = Foreign();
  return t.sets[i].family[t.samplers[i][0].Sample(rng)];
}

const NameEntry& DrawGiven(Rng& rng, std::string_view nationality, Sex sex, int birth_year) {
  const int f = ForeignIndex(nationality);
  if (f < 0) return JapaneseGiven(sex, EraForBirthYear(birth_year)).Draw(rng);
  const auto i = static_cast<std::size_t>(f);
  const auto& t = Foreign();
  if (sex == Sex::kMale) return t.sets[i].male[t.samplers[i][1].Sample(rng)];
  return t.sets[i].female[t.samplers[i][2].Sample(rng)];
}

}  // namespace

std::string_view SexCode(Sex sex) { return sex == Sex::kMale ? "male" : "female"; }

std::string PersonName::Full() const {
  std::string out;
  out.reserve(family.size() + kFullWidthSpace.size() + given.size());
  out.append(family).append(kFullWidthSpace).append(given);
  return out;
}

std::string PersonName::FullKana() const {
  std::string out;
  out.reserve(family_kana.size() + kFullWidthSpace.size() + given_kana.size());
  out.append(family_kana).append(kFullWidthSpace).append(given_kana);
  return out;
}

NameEra EraForBirthYear(int year) { return year >= 2003 ? NameEra::kChild : NameEra::kAdult; }

std::span<const NameEntry> JapaneseFamilyNames() { return Japanese().family.entries; }

std::span<const NameEntry> JapaneseGivenNames(Sex sex, NameEra era) {
  return JapaneseGiven(sex, era).entries;
}

std::span<const ForeignNameSet> ForeignNameSets() { return Foreign().sets; }

const ForeignNameSet* ForeignNamesFor(std::string_view nationality) {
  const int i = ForeignIndex(nationality);
  return i < 0 ? nullptr : &Foreign().sets[static_cast<std::size_t>(i)];
}

bool IsFamousName(std::string_view family, std::string_view given) {
  // Most family names are in no famous name: a sorted table of hashes settles those quickly.
  static const std::vector<uint64_t> kFamilyHashes = [] {
    std::vector<uint64_t> hashes;
    for (const auto& [f, g] : kFamous) hashes.push_back(HashLabel(f));
    std::sort(hashes.begin(), hashes.end());
    return hashes;
  }();
  if (!std::binary_search(kFamilyHashes.begin(), kFamilyHashes.end(), HashLabel(family))) {
    return false;
  }
  for (const auto& [f, g] : kFamous) {
    if (f == family && g == given) return true;
  }
  return false;
}

void DrawFamilyName(Rng& rng, std::string_view nationality, PersonName& name) {
  const NameEntry& e = DrawFamily(rng, nationality);
  name.family = e.written;
  name.family_kana = e.reading;
}

void DrawGivenName(Rng& rng, std::string_view nationality, Sex sex, int birth_year,
                   PersonName& name) {
  // Each famous combination blocks one given name of dozens, so a redraw almost always ends it.
  for (;;) {
    const NameEntry& e = DrawGiven(rng, nationality, sex, birth_year);
    if (IsFamousName(name.family, e.written)) continue;
    name.given = e.written;
    name.given_kana = e.reading;
    return;
  }
}

PersonName MakeName(Rng& rng, std::string_view nationality, Sex sex, int birth_year) {
  PersonName name;
  DrawFamilyName(rng, nationality, name);
  DrawGivenName(rng, nationality, sex, birth_year, name);
  return name;
}

std::string KatakanaToHiragana(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    uint32_t cp = DecodeCodePoint(utf8, i);
    if (cp >= 0x30A1 && cp <= 0x30F6) cp -= 0x60;
    AppendUtf8(cp, out);
  }
  return out;
}

}  // namespace yorisoi::dummy
