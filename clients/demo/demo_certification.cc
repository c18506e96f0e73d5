#include "clients/demo/demo_certification.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/demo/prng.h"
#include "common/clock.h"

namespace fangxin::demo {
namespace {

namespace v1 = ::fangxin::v1;

// A stream of the generator no other part of the demo uses.
constexpr uint64_t kCertificationStream = 0x43455254ULL;  // "CERT"
constexpr double kFullSizeMerchants = 7600;

// ---------------------------------------------------------------------------------------------
// Programmes. Points are out of about 100 (plus bonus); see the header for why each pass mark
// equals the veto items' points plus the manual points.

v1::Criterion Automatic(const char* id, const char* title, v1::Metric metric,
                        v1::Comparison comparison, double threshold, int points,
                        bool veto = false) {
  v1::Criterion c;
  c.set_id(id);
  c.set_title(title);
  c.set_kind(v1::AUTOMATIC);
  c.set_metric(metric);
  c.set_comparison(comparison);
  c.set_threshold(threshold);
  c.set_points(points);
  c.set_veto(veto);
  return c;
}

v1::Criterion Manual(const char* id, const char* title, int points, double threshold,
                     const char* description, bool veto = false, bool bonus = false) {
  v1::Criterion c;
  c.set_id(id);
  c.set_title(title);
  c.set_kind(v1::MANUAL);
  c.set_threshold(threshold);
  c.set_points(points);
  c.set_veto(veto);
  c.set_bonus(bonus);
  c.set_description(description);
  return c;
}

// Thresholds that tighten with the level.
struct LevelBar {
  int upheld_complaints;  // at most
  double on_time_rate;    // at least
  double inspection_rate;
  int pledge_days;
};

LevelBar BarFor(v1::CertificationLevel level) {
  switch (level) {
    case v1::CULTIVATING:
      return {2, 0.85, 0.8, 30};
    case v1::CITY_ADVANCED:
      return {1, 0.9, 0.9, 180};
    case v1::CITY_DEMONSTRATION:
      return {1, 0.95, 0.95, 365};
    default:
      return {0, 0.95, 1.0, 365};
  }
}

// Stores and merchants: the pledge in force is the veto; the record scores points.
v1::Programme BusinessProgramme(const char* display_name, v1::CertificationCategory category,
                                v1::CertificationLevel level, v1::UnitKind unit_kind) {
  const LevelBar bar = BarFor(level);
  const bool merchant = unit_kind == v1::UNIT_MERCHANT;
  v1::Programme p;
  p.set_display_name(display_name);
  p.set_category(category);
  p.set_level(level);
  p.set_unit_kind(unit_kind);
  *p.add_criteria() = Automatic(
      "pledge_in_force",
      merchant ? "所有门店均作出七日无理由退货承诺且在有效期内" : "七日无理由退货承诺在有效期内",
      v1::PLEDGE_COVERAGE, v1::AT_LEAST, 1.0, 20, /*veto=*/true);
  *p.add_criteria() =
      Automatic("upheld_complaints", "近12个月经查实的承诺相关投诉", v1::UPHELD_COMPLAINTS_12M,
                v1::AT_MOST, merchant ? bar.upheld_complaints + 1 : bar.upheld_complaints, 10);
  *p.add_criteria() = Automatic("on_time_handling", "投诉按时办结率", v1::ON_TIME_COMPLAINT_RATE,
                                v1::AT_LEAST, bar.on_time_rate, 10);
  *p.add_criteria() = Automatic("inspections_passed", "近12个月抽查合格率",
                                v1::INSPECTION_PASS_RATE, v1::AT_LEAST, bar.inspection_rate, 10);
  *p.add_criteria() = Automatic("pledge_duration", "承诺持续履行天数", v1::PLEDGE_ACTIVE_DAYS,
                                v1::AT_LEAST, bar.pledge_days, 10);
  *p.add_criteria() = Manual("pledge_displayed", "承诺内容店内醒目位置及线上同步公示", 15, 10,
                             "查看收银台、入口处承诺牌及小程序、网店公示页面");
  *p.add_criteria() =
      Manual("return_ledger", "退换货台账完整、可追溯", 15, 10, "抽查近三个月退换货登记与退款凭证");
  *p.add_criteria() =
      Manual("staff_trained", "店员熟知退货流程与投诉处理规范", 10, 6, "随机询问两名店员");
  if (level >= v1::CITY_ADVANCED) {
    *p.add_criteria() = Manual("dispute_station", "设立消费维权服务站（点）", 10, 6,
                               "服务站挂牌、专人值守、纠纷登记本");
  }
  *p.add_criteria() = Manual("honours", "获得诚信经营、优质服务等荣誉或媒体正面报道", 10, 0,
                             "提供证书或报道链接", /*veto=*/false, /*bonus=*/true);
  // The veto item plus every manual point: see the header.
  p.set_pass_mark(20 + 40 + (level >= v1::CITY_ADVANCED ? 10 : 0));
  p.set_bonus_cap(10);
  p.set_requires_lower_level(level == v1::CITY_DEMONSTRATION ||
                             (level == v1::PROVINCIAL && !merchant));
  p.set_description(absl::StrCat(display_name, "：以七日无理由退货承诺为基础，",
                                 "综合投诉处理、抽查结果和现场评审。"));
  return p;
}

// Areas and townships: no automatic veto (their members' record varies), a manual one for
// safety; the pass mark is the manual points.
v1::Programme PlaceProgramme(const char* display_name, v1::CertificationCategory category,
                             v1::CertificationLevel level, v1::UnitKind unit_kind) {
  v1::Programme p;
  p.set_display_name(display_name);
  p.set_category(category);
  p.set_level(level);
  p.set_unit_kind(unit_kind);
  *p.add_criteria() = Automatic("pledge_coverage", "经营者七日无理由退货承诺覆盖率",
                                v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.8, 20);
  *p.add_criteria() = Automatic("certified_members", "已获放心消费认证的经营者占比",
                                v1::CERTIFIED_MEMBER_SHARE, v1::AT_LEAST, 0.05, 10);
  *p.add_criteria() = Automatic("upheld_complaints", "近12个月经查实的承诺相关投诉",
                                v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 5, 10);
  *p.add_criteria() = Automatic("on_time_handling", "投诉按时办结率", v1::ON_TIME_COMPLAINT_RATE,
                                v1::AT_LEAST, 0.9, 10);
  *p.add_criteria() = Manual("management_body", "设立管理机构与消费维权服务站", 20, 12,
                             "管理制度、值守安排、纠纷调解记录");
  *p.add_criteria() =
      Manual("rapid_handling", "消费纠纷快速处理与先行赔付机制", 15, 10, "抽查近半年纠纷处理时长");
  *p.add_criteria() = Manual("environment", "消费环境整洁、标识规范、价格公示", 15, 8, "现场检查");
  *p.add_criteria() = Manual("no_major_incident", "近12个月无重大消费安全事件", 10, 10,
                             "核查 12315 平台及属地监管记录", /*veto=*/true);
  *p.add_criteria() = Manual("featured", "特色品牌、夜间经济或数字化示范", 10, 0, "提供材料",
                             /*veto=*/false, /*bonus=*/true);
  p.set_pass_mark(60);
  p.set_bonus_cap(10);
  p.set_description(absl::StrCat(display_name, "：以经营者承诺覆盖率和区域管理机制为基础。"));
  return p;
}

enum ProgrammeIndex {
  kStoreCultivating,
  kStoreCityAdvanced,
  kStoreCityDemonstration,
  kStoreProvincial,
  kBrandCityAdvanced,
  kBrandProvincial,
  kStreetDistrict,
  kBusinessCircle,
  kTownship,
  kProgrammeCount
};

std::vector<DemoProgramme> Programmes(uint64_t seed) {
  struct Spec {
    const char* id;
    v1::Programme programme;
  };
  const Spec specs[kProgrammeCount] = {
      {"demonstration-store-cultivating",
       BusinessProgramme("放心消费示范店（培育）", v1::DEMONSTRATION_ENTERPRISE, v1::CULTIVATING,
                         v1::UNIT_STORE)},
      {"demonstration-store-city-advanced",
       BusinessProgramme("放心消费示范店（市级先进）", v1::DEMONSTRATION_ENTERPRISE,
                         v1::CITY_ADVANCED, v1::UNIT_STORE)},
      {"demonstration-store-city-demonstration",
       BusinessProgramme("放心消费示范店（市级示范）", v1::DEMONSTRATION_ENTERPRISE,
                         v1::CITY_DEMONSTRATION, v1::UNIT_STORE)},
      {"demonstration-store-provincial",
       BusinessProgramme("放心消费示范店（省级）", v1::DEMONSTRATION_ENTERPRISE, v1::PROVINCIAL,
                         v1::UNIT_STORE)},
      {"integrity-brand-city-advanced",
       BusinessProgramme("诚信品牌企业（市级先进）", v1::INTEGRITY_BRAND_ENTERPRISE,
                         v1::CITY_ADVANCED, v1::UNIT_MERCHANT)},
      {"integrity-brand-provincial",
       BusinessProgramme("诚信品牌企业（省级）", v1::INTEGRITY_BRAND_ENTERPRISE, v1::PROVINCIAL,
                         v1::UNIT_MERCHANT)},
      {"street-district-city-demonstration",
       PlaceProgramme("放心消费示范街区（市级示范）", v1::DEMONSTRATION_STREET_DISTRICT,
                      v1::CITY_DEMONSTRATION, v1::UNIT_AREA)},
      {"business-circle-city-demonstration",
       PlaceProgramme("放心消费示范商圈（市级示范）", v1::DEMONSTRATION_BUSINESS_CIRCLE,
                      v1::CITY_DEMONSTRATION, v1::UNIT_AREA)},
      {"demonstration-region-city-advanced",
       PlaceProgramme("放心消费示范区域·乡镇（市级先进）", v1::DEMONSTRATION_REGION,
                      v1::CITY_ADVANCED, v1::UNIT_DIVISION)},
  };
  std::vector<DemoProgramme> out;
  for (const Spec& s : specs) {
    DemoProgramme p;
    p.programme_id = s.id;
    p.programme = s.programme;
    p.request_id = absl::StrCat("demo-", seed, "-programme-", s.id);
    out.push_back(std::move(p));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Units.

int Scaled(int full_size_count, double scale) {
  return static_cast<int>(std::floor(full_size_count * scale + 0.5));
}

// Fisher–Yates with the demo's own generator, so the order is the same everywhere.
template <typename T>
void Shuffle(std::vector<T>& items, Prng& prng) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[prng.Below(i)]);
}

struct Unit {
  std::string name;
  v1::UnitKind kind = v1::UNIT_KIND_UNSPECIFIED;
  std::string display_name;
};

struct UnitPools {
  std::vector<Unit> stores;     // open stores whose no-reason-return pledge stays active
  std::vector<Unit> merchants;  // merchants all of whose stores are in `stores`
  std::vector<Unit> street_districts;
  std::vector<Unit> business_circles;
  std::vector<Unit> townships;  // townships holding at least kMinTownshipStores stores
};

constexpr int kMinTownshipStores = 3;

UnitPools Pools(const DemoData& data, const std::vector<DemoPledge>& pledges,
                const std::vector<v1::Division>& divisions) {
  std::set<std::string> pledged;  // stores with an active no-reason-return pledge
  for (const DemoPledge& p : pledges) {
    if (p.pledge.kind() == v1::PLEDGE_KIND_NO_REASON_RETURN && !p.suspend) {
      pledged.insert(p.pledge.store());
    }
  }
  // A store whose pledge is suspended is not eligible even if it also holds another pledge.
  for (const DemoPledge& p : pledges) {
    if (p.suspend) pledged.erase(p.pledge.store());
  }
  UnitPools pools;
  std::map<std::string, std::pair<int, int>> per_merchant;  // stores, pledged stores
  std::map<std::string, int> per_township;
  for (const DemoStore& s : data.stores) {
    auto& counts = per_merchant[s.parent];
    ++counts.first;
    if (!s.store.township().empty()) ++per_township[s.store.township()];
    if (pledged.count(s.store.name()) == 0) continue;
    ++counts.second;
    pools.stores.push_back({s.store.name(), v1::UNIT_STORE, s.store.display_name()});
  }
  for (const DemoMerchant& m : data.merchants) {
    auto it = per_merchant.find(m.merchant.name());
    if (it == per_merchant.end() || it->second.first == 0 ||
        it->second.first != it->second.second) {
      continue;
    }
    pools.merchants.push_back({m.merchant.name(), v1::UNIT_MERCHANT, m.merchant.legal_name()});
  }
  for (const DemoArea& a : data.areas) {
    Unit unit{a.area.name(), v1::UNIT_AREA, a.area.display_name()};
    if (a.area.kind() == v1::AREA_KIND_STREET_DISTRICT) pools.street_districts.push_back(unit);
    if (a.area.kind() == v1::AREA_KIND_BUSINESS_CIRCLE) pools.business_circles.push_back(unit);
  }
  for (const v1::Division& d : divisions) {
    if (d.level() != v1::DIVISION_LEVEL_TOWNSHIP) continue;
    auto it = per_township.find(d.name());
    if (it == per_township.end() || it->second < kMinTownshipStores) continue;
    pools.townships.push_back({d.name(), v1::UNIT_DIVISION, d.display_name()});
  }
  return pools;
}

// Takes up to `n` units from the front of `pool`.
std::vector<Unit> Take(std::vector<Unit>& pool, int n) {
  const size_t k = std::min<size_t>(pool.size(), static_cast<size_t>(std::max(0, n)));
  std::vector<Unit> taken(pool.begin(), pool.begin() + k);
  pool.erase(pool.begin(), pool.begin() + k);
  return taken;
}

// ---------------------------------------------------------------------------------------------
// Certificates.

// Issue days run from 2024-01-02 to 2026-09-30: all before the demo is loaded.
constexpr absl::CivilDay kFirstIssueDay(2024, 1, 2);
constexpr absl::CivilDay kLastIssueDay(2026, 9, 30);

struct Grant {
  Unit unit;
  ProgrammeIndex programme;
  absl::CivilDay issue_day;
};

std::vector<DemoCertificate> Certificates(uint64_t seed, std::vector<Grant> grants,
                                          const std::vector<DemoProgramme>& programmes) {
  const auto provincial = [&](const Grant& g) {
    return programmes[g.programme].programme.level() == v1::PROVINCIAL;
  };
  // Numbered per issuer and year in order of issue; ties keep the order granted.
  std::stable_sort(grants.begin(), grants.end(), [&](const Grant& a, const Grant& b) {
    return std::make_tuple(provincial(a), a.issue_day) <
           std::make_tuple(provincial(b), b.issue_day);
  });
  std::map<std::pair<bool, int64_t>, int> last_number;
  std::vector<DemoCertificate> out;
  for (const Grant& g : grants) {
    const bool by_province = provincial(g);
    const int64_t year = g.issue_day.year();
    const int number = ++last_number[{by_province, year}];
    DemoCertificate c;
    v1::Certificate& cert = c.certificate;
    cert.set_number(absl::StrFormat("%s-%d-%06d", by_province ? "JS" : "YC", year, number));
    c.certificate_id = absl::AsciiStrToLower(cert.number());
    cert.set_programme(absl::StrCat("programs/", programmes[g.programme].programme_id));
    cert.set_unit(g.unit.name);
    cert.set_issuer(by_province ? kProvincialIssuer : kCityIssuer);
    const absl::Time issued = absl::FromCivil(g.issue_day, ChinaStandardTime());
    cert.mutable_issue_time()->set_seconds(absl::ToUnixSeconds(issued));
    // The programmes keep the default validity of 1095 days (3 years).
    cert.mutable_valid_until()->set_seconds(absl::ToUnixSeconds(issued + absl::Hours(24 * 1095)));
    c.unit_kind = g.unit.kind;
    c.unit_display_name = g.unit.display_name;
    c.request_id = absl::StrCat("demo-", seed, "-certificate-", c.certificate_id);
    out.push_back(std::move(c));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Live applications.

v1::ManualScore ScoreOf(const v1::Criterion& c, Prng& prng) {
  static constexpr const char* kEvidence[] = {
      "现场核查：材料齐全，与申报一致", "现场核查：制度上墙，抽问店员回答准确",
      "书面材料与台账抽查一致，个别记录补登", "暗访两次，均按承诺办理"};
  v1::ManualScore s;
  s.set_criterion_id(c.id());
  // Between the criterion's bar and its full points: a reviewer who found it met.
  const int bar = static_cast<int>(std::ceil(c.threshold()));
  s.set_score(static_cast<int32_t>(prng.Between(std::max(bar, c.points() - 3), c.points())));
  s.set_evidence(kEvidence[prng.Below(std::size(kEvidence))]);
  return s;
}

std::vector<DemoApplication> Applications(uint64_t seed, const std::vector<Unit>& stores,
                                          const std::vector<Unit>& townships,
                                          const std::vector<DemoProgramme>& programmes,
                                          Prng& prng) {
  static constexpr DemoApplicationStage kStages[] = {
      DemoApplicationStage::kUnderReview,  DemoApplicationStage::kUnderReview,
      DemoApplicationStage::kScored,       DemoApplicationStage::kScored,
      DemoApplicationStage::kPublicNotice, DemoApplicationStage::kPublicNotice,
      DemoApplicationStage::kPublicNotice, DemoApplicationStage::kObjectionDismissed};
  struct Applicant {
    Unit unit;
    ProgrammeIndex programme;
    DemoApplicationStage stage;
  };
  std::vector<Applicant> applicants;
  for (size_t i = 0; i < stores.size() && i < std::size(kStages); ++i) {
    applicants.push_back({stores[i], kStoreCultivating, kStages[i]});
  }
  if (!townships.empty()) {
    applicants.push_back({townships[0], kTownship, DemoApplicationStage::kScored});
  }
  std::vector<DemoApplication> out;
  for (size_t k = 0; k < applicants.size(); ++k) {
    const Applicant& a = applicants[k];
    const DemoProgramme& programme = programmes[a.programme];
    DemoApplication app;
    app.application_id = absl::StrCat("demo-", k + 1);
    app.application.set_programme(absl::StrCat("programs/", programme.programme_id));
    app.application.set_unit(a.unit.name);
    app.application.set_statement(
        absl::StrCat(a.unit.display_name, "申请", programme.programme.display_name(), "。"));
    app.stage = a.stage;
    if (a.stage != DemoApplicationStage::kUnderReview) {
      for (const v1::Criterion& c : programme.programme.criteria()) {
        if (c.kind() == v1::MANUAL) app.scores.push_back(ScoreOf(c, prng));
      }
    }
    if (a.stage == DemoApplicationStage::kPublicNotice ||
        a.stage == DemoApplicationStage::kObjectionDismissed) {
      app.decision_reason = "评审通过，予以公示";
    }
    if (a.stage == DemoApplicationStage::kObjectionDismissed) {
      app.objection_text = "上月在该店退货时被要求提供外包装，与承诺不符。";
      app.resolution = "经调取退货台账及监控核实，该笔退货已当场办理，异议不成立。";
    }
    app.request_id = absl::StrCat("demo-", seed, "-application-", app.application_id);
    out.push_back(std::move(app));
  }
  return out;
}

}  // namespace

DemoCertification PlanDemoCertification(const DemoData& data,
                                        const std::vector<DemoPledge>& pledges,
                                        const std::vector<v1::Division>& divisions) {
  DemoCertification plan;
  plan.programmes = Programmes(data.seed);
  UnitPools pools = Pools(data, pledges, divisions);
  Prng prng = Prng::ForStream(data.seed ^ kCertificationStream, 0);
  Shuffle(pools.stores, prng);
  Shuffle(pools.merchants, prng);
  Shuffle(pools.townships, prng);

  // Yancheng's counts, split over unit kinds: city level 4 business circles + 8 townships +
  // 87 merchants + 130 stores (78 city-advanced, 52 city-demonstration) = 229; provincial 30
  // merchants + 43 stores = 73.
  const double scale = static_cast<double>(data.merchants.size()) / kFullSizeMerchants;
  const int city_total = Scaled(kCityLevelUnits, scale);
  const int provincial_total = Scaled(kProvincialUnits, scale);
  std::vector<Grant> grants;
  const auto grant = [&](const std::vector<Unit>& units, ProgrammeIndex programme) {
    const int64_t span = kLastIssueDay - kFirstIssueDay;
    for (const Unit& u : units) {
      grants.push_back({u, programme, kFirstIssueDay + prng.Between(0, span)});
    }
    return static_cast<int>(units.size());
  };
  int city = 0;
  city +=
      grant(Take(pools.business_circles, std::min(Scaled(4, scale), city_total)), kBusinessCircle);
  city += grant(Take(pools.townships, std::min(Scaled(8, scale), city_total - city)), kTownship);
  city += grant(Take(pools.merchants, std::min(Scaled(87, scale), city_total - city)),
                kBrandCityAdvanced);
  const int city_stores = city_total - city;
  const int city_demonstration_stores = city_stores * 2 / 5;  // 52 of 130
  city += grant(Take(pools.stores, city_stores - city_demonstration_stores), kStoreCityAdvanced);
  city += grant(Take(pools.stores, city_demonstration_stores), kStoreCityDemonstration);
  const int provincial_merchants = std::min(Scaled(30, scale), provincial_total);
  int provincial = grant(Take(pools.merchants, provincial_merchants), kBrandProvincial);
  provincial += grant(Take(pools.stores, provincial_total - provincial), kStoreProvincial);
  // Every street district at any size: there are only twelve.
  grant(Take(pools.street_districts, kDemonstrationStreetDistricts), kStreetDistrict);
  plan.certificates = Certificates(data.seed, std::move(grants), plan.programmes);

  // Live applications from units that hold nothing yet (Take removed the certified ones).
  plan.applications = Applications(data.seed, pools.stores, pools.townships, plan.programmes, prng);
  return plan;
}

}  // namespace fangxin::demo
