#include "clients/demo/demo_data.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/demo/credit_code.h"
#include "clients/demo/prng.h"
#include "services/common/uscc.h"
#include "services/common/validation.h"

namespace fangxin::demo {
namespace {

using fangxin::v1::Area;
using fangxin::v1::Division;
using fangxin::v1::LatLng;
using fangxin::v1::Merchant;
using fangxin::v1::Store;

// ---------------------------------------------------------------------------------------------
// Vocabulary. Every list is indexed by the PRNG, so its order is part of the output: append to
// it, never reorder.

struct IndustryWords {
  const char* code;
  double weight;        // share among merchants
  const char* company;  // enterprise name word: 鑫源「商贸」有限公司
  const char* shop;     // shop sign noun: 鑫源「超市」
};

constexpr IndustryWords kIndustryWords[] = {
    {"retail", 16, "商贸", "百货"},
    {"catering", 20, "餐饮管理", "饭店"},
    {"supermarket", 8, "超市", "超市"},
    {"clothing", 12, "服饰", "服装店"},
    {"electronics", 5, "电子科技", "数码店"},
    {"home_appliances", 4, "电器", "电器商行"},
    {"furniture", 4, "家具", "家具城"},
    {"jewelry", 3, "珠宝", "珠宝店"},
    {"cosmetics", 5, "化妆品", "美妆店"},
    {"pharmacy", 6, "医药连锁", "大药房"},
    {"books", 2, "文化传播", "书店"},
    {"automotive", 4, "汽车销售服务", "汽车服务中心"},
    {"services", 8, "生活服务", "便民服务部"},
    {"other", 3, "实业", "经营部"},
};
// One entry per registry industry code (tests/unit/demo checks the codes).
static_assert(std::size(kIndustryWords) == std::size(kIndustries));

// Trade names (字号) are two of these.
constexpr const char* kTradeChars[] = {
    "鑫", "源", "华", "盛", "恒", "泰", "丰", "瑞", "祥", "嘉", "和", "润", "福", "康",
    "宏", "达", "通", "顺", "安", "兴", "隆", "昌", "德", "信", "诚", "美", "佳", "新",
    "海", "金", "宝", "悦", "景", "益", "万", "联", "荣", "旺", "利", "鼎", "尚", "禾",
    "盐", "淮", "鹤", "鹿", "汇", "星", "天", "明", "雅", "锦", "永", "乐", "合", "众"};

constexpr const char* kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "马",
    "胡", "郭", "林", "何", "高", "梁", "郑", "罗", "宋", "谢", "唐", "韩", "曹", "许",
    "邓", "冯", "曾", "程", "蔡", "彭", "潘", "袁", "于", "董", "余", "苏", "叶", "吕",
    "魏", "蒋", "田", "杜", "丁", "沈", "姜", "范", "江", "钟", "卢", "汪", "戴", "陆",
    "姚", "方", "金", "夏", "顾", "仇", "季", "单", "葛", "缪", "薛", "嵇", "宗", "倪"};

constexpr const char* kGivenChars[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "红", "玉",
    "兰", "志", "海", "燕", "春", "文", "斌", "晨", "宇", "浩", "婷", "雪", "梅", "峰",
    "琳", "鹏", "飞", "俊", "慧", "倩", "亮", "成", "凯", "丹", "欣", "佳", "蕾", "珍"};

constexpr const char* kRoads[] = {
    "人民路",   "解放路",   "建设路",   "振兴路", "新华路", "幸福路", "青年路", "文化路",
    "迎宾大道", "开放大道", "世纪大道", "黄海路", "海洋路", "通榆路", "华中路", "东进路",
    "西环路",   "南环路",   "北环路",   "中心街", "长江路", "黄河路", "淮河路", "健康路",
    "团结路",   "友谊路",   "富民路",   "工农路", "朝阳路", "新村路", "范公路", "串场河路"};

// The demo's managed places. Names are look-alikes for the kinds of places the programme
// certifies; all are fictional, as are their positions (near their township's or county's seat).
struct AreaSpec {
  const char* id;
  const char* display_name;
  fangxin::v1::AreaKind kind;
  const char* township_code;  // 9 digits; the county is its first 6
  const char* short_name;     // used in branch names: 鑫源超市（吾悦店）
};

constexpr AreaSpec kAreaSpecs[] = {
    // Shopping malls (commercial complexes).
    {"yc-wuyue-plaza", "盐城吾悦广场", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320903050", "吾悦"},
    {"yc-baolong-plaza", "盐城宝龙广场", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320902004", "宝龙"},
    {"yc-wanda-plaza", "盐城万达广场", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320902007", "万达"},
    {"yc-jinying-center", "盐城金鹰购物中心", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320902002",
     "金鹰"},
    {"df-wuyue-plaza", "大丰吾悦广场", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320904002",
     "大丰吾悦"},
    {"dt-wanda-plaza", "东台万达广场", fangxin::v1::AREA_KIND_SHOPPING_MALL, "320981122",
     "东台万达"},
    // The 12 demonstration street districts.
    {"yc-jianjun-walk", "建军路步行街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320902002",
     "建军路"},
    {"yc-water-street", "盐城水街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320902001", "水街"},
    {"yc-dengying-street", "登瀛里历史文化街区", fangxin::v1::AREA_KIND_STREET_DISTRICT,
     "320903012", "登瀛里"},
    {"yc-julonghu-street", "聚龙湖商业街区", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320902052",
     "聚龙湖"},
    {"df-xingfu-street", "大丰幸福大街商业街区", fangxin::v1::AREA_KIND_STREET_DISTRICT,
     "320904001", "幸福大街"},
    {"dt-xixi-walk", "东台西溪步行街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320981122", "西溪"},
    {"jh-xiufu-street", "建湖秀夫路商业街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320925001",
     "秀夫路"},
    {"sy-jiefang-walk", "射阳解放路步行街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320924100",
     "射阳解放路"},
    {"fn-cuiwan-street", "阜宁崔湾商业街区", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320923001",
     "崔湾"},
    {"bh-dongkan-street", "滨海东坎老街", fangxin::v1::AREA_KIND_STREET_DISTRICT, "320922001",
     "东坎老街"},
    {"xs-shuangyuan-street", "响水双园路商业街", fangxin::v1::AREA_KIND_STREET_DISTRICT,
     "320921100", "双园路"},
    {"kfq-xincheng-street", "开发区新城商业街区", fangxin::v1::AREA_KIND_STREET_DISTRICT,
     "320971001", "新城"},
    // Business circles.
    {"yc-jianjun-circle", "建军路—解放路商圈", fangxin::v1::AREA_KIND_BUSINESS_CIRCLE, "320902002",
     "建军路商圈"},
    {"yc-julonghu-circle", "聚龙湖商圈", fangxin::v1::AREA_KIND_BUSINESS_CIRCLE, "320902052",
     "聚龙湖商圈"},
    {"df-xingfu-circle", "大丰幸福大街商圈", fangxin::v1::AREA_KIND_BUSINESS_CIRCLE, "320904001",
     "大丰商圈"},
    {"dt-hailing-circle", "东台海陵商圈", fangxin::v1::AREA_KIND_BUSINESS_CIRCLE, "320981122",
     "海陵"},
};

// ---------------------------------------------------------------------------------------------
// Geometry.

// Kilometres per degree of latitude, and per degree of longitude at ~33.4° N. A fixed cosine
// keeps the output independent of libm; across the city (32.6°–34.5° N) it is off by < 2%.
constexpr double kKmPerDegreeLat = 111.32;
constexpr double kKmPerDegreeLng = 111.32 * 0.835;

// Positions are rounded to 1e-6 degrees (about 0.1 m).
double Round6(double degrees) { return std::round(degrees * 1e6) / 1e6; }

LatLng Jitter(Prng& rng, const LatLng& center, double radius_km) {
  double x, y;
  rng.InUnitDisk(x, y);
  LatLng out;
  out.set_latitude(Round6(center.latitude() + y * radius_km / kKmPerDegreeLat));
  out.set_longitude(Round6(center.longitude() + x * radius_km / kKmPerDegreeLng));
  return out;
}

// How many stores an area of each kind holds in the full-size data set (7,600 merchants);
// scaled with merchant_count.
double AreaCapacity(fangxin::v1::AreaKind kind) {
  switch (kind) {
    case fangxin::v1::AREA_KIND_SHOPPING_MALL:
      return 120;
    case fangxin::v1::AREA_KIND_STREET_DISTRICT:
      return 60;
    default:
      return 100;
  }
}
constexpr double kFullSizeMerchants = 7600;
constexpr double kStoresPerMerchant = 1.37;  // what StoreCount averages to

// Radius of scatter around a township's or county's seat, and inside areas.
constexpr double kSeatRadiusKm = 2.5;
double AreaRadiusKm(fangxin::v1::AreaKind kind) {
  switch (kind) {
    case fangxin::v1::AREA_KIND_SHOPPING_MALL:
      return 0.12;
    case fangxin::v1::AREA_KIND_STREET_DISTRICT:
      return 0.4;
    default:
      return 1.2;
  }
}

// ---------------------------------------------------------------------------------------------
// The division tree, indexed for drawing.

struct Township {
  const Division* division;
  double weight;  // how likely a store is placed here
};

struct County {
  const Division* division;
  double weight;  // how likely a merchant is registered here
  std::vector<Township> townships;
  std::vector<size_t> areas;         // indexes into DemoData::areas
  std::vector<double> area_weights;  // each area's capacity
  double in_area = 0;                // chance that a store here is placed in one of `areas`
  std::string name_prefix;  // for legal names: 盐城市亭湖区, 响水县, 盐城经济技术开发区
};

struct City {
  const Division* division = nullptr;
  std::vector<County> counties;
  std::vector<double> county_weights;
  std::map<std::string, size_t> county_index;  // by code
};

double TownshipWeight(const Division& t, bool county_main_urban) {
  const std::string& name = t.display_name();
  double w;
  if (absl::EndsWith(name, "街道")) {
    w = county_main_urban ? 3.0 : 2.0;
  } else if (absl::EndsWith(name, "镇") || absl::EndsWith(name, "乡")) {
    w = 1.5;
  } else {
    w = 0.4;  // farms, salt works, development and scenic zones
  }
  if (t.has_location()) w += 2.0;  // the county seat's township
  return w;
}

// Yancheng's county-level units by commercial weight: the central districts first, then the
// county-level city and counties by size, the development zone last. (Shares of merchants;
// main-urban stores also come out ahead because their merchants open more branches.)
constexpr std::pair<const char*, double> kYanchengCountyWeights[] = {
    {"320902", 1.9},  // 亭湖区
    {"320903", 1.6},  // 盐都区
    {"320904", 1.1},  // 大丰区
    {"320971", 0.6},  // 盐城经济技术开发区
    {"320981", 1.2},  // 东台市
    {"320921", 0.7},  // 响水县
    {"320922", 0.9},  // 滨海县
    {"320923", 0.9},  // 阜宁县
    {"320924", 0.9},  // 射阳县
    {"320925", 0.9},  // 建湖县
};

// How likely a merchant is registered in a county: from the table for Yancheng, otherwise more
// in main-urban districts and less in units with few townships (development zones).
double CountyWeight(const Division& county, size_t townships) {
  for (const auto& [code, weight] : kYanchengCountyWeights) {
    if (county.code() == code) return weight;
  }
  const double size = std::min(1.0, (static_cast<double>(townships) + 2) / 10);
  return (county.main_urban() ? 1.6 : 1.0) * size;
}

absl::StatusOr<City> BuildCity(const std::vector<Division>& divisions) {
  City city;
  for (const Division& d : divisions) {
    if (d.level() == fangxin::v1::DIVISION_LEVEL_CITY && city.division == nullptr) {
      city.division = &d;
    }
  }
  if (city.division == nullptr) return absl::InvalidArgumentError("divisions hold no city");
  const std::string city_short(absl::StripSuffix(city.division->display_name(), "市"));
  for (const Division& d : divisions) {
    if (d.level() != fangxin::v1::DIVISION_LEVEL_COUNTY || d.parent() != city.division->name() ||
        !d.has_location()) {
      continue;
    }
    County c;
    c.division = &d;
    const std::string& n = d.display_name();
    if (absl::StartsWith(n, city_short)) {
      c.name_prefix = n;
    } else if (absl::EndsWith(n, "区")) {
      c.name_prefix = city.division->display_name() + n;
    } else {
      c.name_prefix = n;
    }
    city.county_index[d.code()] = city.counties.size();
    city.counties.push_back(std::move(c));
  }
  if (city.counties.empty()) {
    return absl::InvalidArgumentError("divisions hold no county with a location");
  }
  for (const Division& d : divisions) {
    if (d.level() != fangxin::v1::DIVISION_LEVEL_TOWNSHIP) continue;
    auto it = city.county_index.find(std::string(absl::StripPrefix(d.parent(), "divisions/")));
    if (it == city.county_index.end()) continue;
    County& c = city.counties[it->second];
    c.townships.push_back({&d, TownshipWeight(d, c.division->main_urban())});
  }
  for (County& c : city.counties) {
    c.weight = CountyWeight(*c.division, c.townships.size());
    city.county_weights.push_back(c.weight);
  }
  return city;
}

// A township of `county` drawn by weight, or nullptr if the county has none.
const Township* PickTownship(Prng& rng, const County& county) {
  if (county.townships.empty()) return nullptr;
  std::vector<double> weights;
  weights.reserve(county.townships.size());
  for (const Township& t : county.townships) weights.push_back(t.weight);
  return &county.townships[rng.Weighted(weights)];
}

// The township's own position if it has one, else its county's seat.
const LatLng& SeatOf(const County& county, const Township* township) {
  if (township != nullptr && township->division->has_location()) {
    return township->division->location();
  }
  return county.division->location();
}

// ---------------------------------------------------------------------------------------------
// Names, people, numbers.

template <typename T, size_t N>
const T& Pick(Prng& rng, const T (&list)[N]) {
  return list[rng.Below(N)];
}

std::string TradeName(Prng& rng) {
  std::string a = Pick(rng, kTradeChars);
  std::string b;
  do {
    b = Pick(rng, kTradeChars);
  } while (b == a);
  return a + b;
}

std::string PersonName(Prng& rng) {
  std::string name = Pick(rng, kSurnames);
  name += Pick(rng, kGivenChars);
  if (rng.Chance(0.7)) name += Pick(rng, kGivenChars);
  return name;
}

std::string Digits(Prng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

std::string MobilePhone(Prng& rng) {
  static constexpr char kSecond[] = "35789";
  return absl::StrCat("1", std::string(1, kSecond[rng.Below(5)]), Digits(rng, 1), "-",
                      Digits(rng, 4), "-", Digits(rng, 4));
}

std::string LandlinePhone(Prng& rng) {
  // Yancheng's area code.
  return absl::StrCat("0515-8", Digits(rng, 7));
}

std::string TownshipLabel(const Township* t) {
  return t == nullptr ? std::string() : t->division->display_name();
}

// A street address inside `county`/`township`: 盐城市亭湖区文峰街道人民路128号.
std::string StreetAddress(Prng& rng, const Division& city, const County& county,
                          const Township* township) {
  return absl::StrCat(city.display_name(), county.division->display_name(), TownshipLabel(township),
                      Pick(rng, kRoads), rng.Between(1, 399), "号");
}

// The 18-character code: department 9, category 1 (enterprise) or 2 (individual business),
// the county code, an organization code (8 characters + its GB 11714 check) and the check.
std::string MakeUscc(Prng& rng, bool individual, const std::string& county_code) {
  std::string body;
  if (rng.Chance(0.6)) {
    // Codes issued since 2015 mostly begin with MA.
    body = "MA";
    for (int i = 0; i < 6; ++i) body.push_back(kUsccCharset[rng.Below(kUsccCharset.size())]);
  } else {
    body = Digits(rng, 8);
  }
  std::string first17 = absl::StrCat("9", individual ? "2" : "1", county_code, body);
  first17.push_back(OrganizationCodeCheckCharacter(body));
  std::string code = first17;
  code.push_back(*UsccCheckCharacter(first17));  // first17 is always well-formed
  return code;
}

size_t IndustryIndex(Prng& rng) {
  std::vector<double> w;
  for (const IndustryWords& i : kIndustryWords) w.push_back(i.weight);
  return rng.Weighted(w);
}

int StoreCount(Prng& rng, bool individual, bool main_urban) {
  if (individual) return rng.Chance(0.05) ? 2 : 1;
  const double two = main_urban ? 0.27 : 0.20;
  const double three = main_urban ? 0.18 : 0.10;
  const double x = rng.Unit();
  if (x < three) return 3;
  if (x < three + two) return 2;
  return 1;
}

// Streams of the seed: areas use 1..999, merchant i uses 1000 + i.
constexpr uint64_t kAreaStreamBase = 1;
constexpr uint64_t kMerchantStreamBase = 1000;

}  // namespace

absl::StatusOr<DemoData> Generate(const DemoOptions& options) {
  if (options.merchant_count < 0) {
    return absl::InvalidArgumentError("merchant_count must not be negative");
  }
  absl::StatusOr<City> city_or = BuildCity(options.divisions);
  if (!city_or.ok()) return city_or.status();
  City& city = *city_or;
  const Division& city_division = *city.division;

  DemoData data;
  data.seed = options.seed;
  const std::string seed_str = absl::StrCat(options.seed);

  // Areas: those whose township is among the divisions.
  std::vector<const Township*> area_townships;
  std::vector<std::string> area_short_names;
  for (size_t a = 0; a < sizeof(kAreaSpecs) / sizeof(kAreaSpecs[0]); ++a) {
    const AreaSpec& spec = kAreaSpecs[a];
    const std::string county_code = std::string(spec.township_code).substr(0, 6);
    auto it = city.county_index.find(county_code);
    if (it == city.county_index.end()) continue;
    County& county = city.counties[it->second];
    const Township* township = nullptr;
    for (const Township& t : county.townships) {
      if (t.division->code() == spec.township_code) township = &t;
    }
    if (township == nullptr) continue;
    Prng rng = Prng::ForStream(options.seed, kAreaStreamBase + a);
    DemoArea out;
    out.area_id = spec.id;
    out.request_id = absl::StrCat("demo-", seed_str, "-area-", spec.id);
    Area& area = out.area;
    area.set_name(absl::StrCat("areas/", spec.id));
    area.set_display_name(spec.display_name);
    area.set_kind(spec.kind);
    area.set_division(county.division->name());
    area.set_township(township->division->name());
    *area.mutable_center() = Jitter(rng, SeatOf(county, township), kSeatRadiusKm);
    const int managers = static_cast<int>(rng.Between(1, 2));
    for (int m = 0; m < managers; ++m) area.add_managers(PersonName(rng));
    area.set_state(fangxin::v1::AREA_STATE_ACTIVE);
    county.areas.push_back(data.areas.size());
    county.area_weights.push_back(AreaCapacity(spec.kind));
    area_townships.push_back(township);
    area_short_names.push_back(spec.short_name);
    data.areas.push_back(std::move(out));
  }

  // Place about each area's capacity in it: a county's stores go into its areas with the
  // probability capacity / expected stores of the county (at most 0.6).
  double total_weight = 0;
  for (double w : city.county_weights) total_weight += w;
  const double scale = options.merchant_count / kFullSizeMerchants;
  for (County& county : city.counties) {
    double capacity = 0;
    for (double c : county.area_weights) capacity += c * scale;
    const double expected =
        options.merchant_count * kStoresPerMerchant * county.weight / total_weight;
    county.in_area = expected > 0 ? std::min(0.6, capacity / expected) : 0;
  }

  std::set<std::string> used_codes;
  for (int i = 0; i < options.merchant_count; ++i) {
    Prng rng = Prng::ForStream(options.seed, kMerchantStreamBase + static_cast<uint64_t>(i));
    const bool individual = rng.Chance(0.30);
    const size_t home_index = rng.Weighted(city.county_weights);
    const County& home = city.counties[home_index];
    const IndustryWords& industry = kIndustryWords[IndustryIndex(rng)];
    const std::string trade = TradeName(rng);
    const std::string representative = PersonName(rng);

    std::string uscc;
    do {
      uscc = MakeUscc(rng, individual, home.division->code());
    } while (!used_codes.insert(uscc).second);

    DemoMerchant dm;
    dm.request_id = absl::StrCat("demo-", seed_str, "-merchant-", i);
    Merchant& m = dm.merchant;
    m.set_name(absl::StrCat("merchants/", uscc));
    m.set_uscc(uscc);
    if (individual) {
      // 个体工商户 trade under a shop name, often the owner's own: 盐城市亭湖区王建国百货.
      m.set_legal_name(
          absl::StrCat(home.name_prefix, rng.Chance(0.3) ? representative : trade, industry.shop));
      m.set_kind(fangxin::v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS);
    } else {
      m.set_legal_name(absl::StrCat(
          rng.Chance(0.2) ? std::string(absl::StripSuffix(city_division.display_name(), "市"))
                          : home.name_prefix,
          trade, industry.company, "有限公司"));
      m.set_kind(fangxin::v1::MERCHANT_KIND_ENTERPRISE);
    }
    m.set_representative(representative);
    const Township* reg_township = PickTownship(rng, home);
    m.set_registered_address(StreetAddress(rng, city_division, home, reg_township));
    m.set_division(home.division->name());
    auto* contact = m.mutable_contact();
    contact->set_person(rng.Chance(0.6) ? representative : PersonName(rng));
    contact->set_phone(individual || rng.Chance(0.3) ? MobilePhone(rng) : LandlinePhone(rng));
    m.set_state(fangxin::v1::MERCHANT_STATE_OPEN);

    const int store_count = StoreCount(rng, individual, home.division->main_urban());
    for (int k = 1; k <= store_count; ++k) {
      // The first store is at home; a chain's others stay in the county or (1 in 5) open
      // elsewhere in the city.
      const County& county =
          (k > 1 && rng.Chance(0.2)) ? city.counties[rng.Weighted(city.county_weights)] : home;
      DemoStore ds;
      ds.parent = m.name();
      ds.store_id = absl::StrCat("store-", k);
      ds.request_id = absl::StrCat("demo-", seed_str, "-store-", i, "-", k);
      Store& s = ds.store;
      s.set_name(absl::StrCat(ds.parent, "/stores/", ds.store_id));
      s.set_division(county.division->name());
      s.set_industry(industry.code);
      s.set_state(fangxin::v1::STORE_STATE_OPEN);
      std::string branch;
      if (!county.areas.empty() && rng.Chance(county.in_area)) {
        const size_t a = county.areas[rng.Weighted(county.area_weights)];
        const Area& area = data.areas[a].area;
        s.set_area(area.name());
        s.set_township(area.township());
        *s.mutable_location() = Jitter(rng, area.center(), AreaRadiusKm(area.kind()));
        if (area.kind() == fangxin::v1::AREA_KIND_SHOPPING_MALL) {
          const int floor = static_cast<int>(rng.Between(1, 5));
          s.set_address(absl::StrCat(city_division.display_name(), county.division->display_name(),
                                     area.display_name(), floor, "F-", floor, Digits(rng, 2),
                                     "号"));
        } else {
          s.set_address(StreetAddress(rng, city_division, county, area_townships[a]));
        }
        branch = area_short_names[a];
      } else {
        const Township* township = PickTownship(rng, county);
        if (township != nullptr) s.set_township(township->division->name());
        *s.mutable_location() = Jitter(rng, SeatOf(county, township), kSeatRadiusKm);
        s.set_address(StreetAddress(rng, city_division, county, township));
        std::string label = TownshipLabel(township);
        for (absl::string_view suffix : {"街道", "镇"}) {
          if (absl::EndsWith(label, suffix) && label.size() > suffix.size() + 3) {
            label.resize(label.size() - suffix.size());
          }
        }
        branch = label.empty() ? county.division->display_name() : label;
      }
      std::string display = absl::StrCat(trade, industry.shop);
      if (store_count > 1 || !s.area().empty()) absl::StrAppend(&display, "（", branch, "店）");
      s.set_display_name(display);
      data.stores.push_back(std::move(ds));
    }
    data.merchants.push_back(std::move(dm));
  }
  return data;
}

}  // namespace fangxin::demo
