#include "clients/demo/demo_certification.h"

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/unit/demo/planned_demo.h"

namespace fangxin::demo {
namespace {

namespace v1 = ::fangxin::v1;
using google::protobuf::util::MessageDifferencer;

using testing::PlanDemo;
using Planned = testing::PlannedDemo;

// The Yancheng-sized set, planned once for the tests that read it.
const Planned& FullSize() {
  static const Planned* const planned = new Planned(PlanDemo(20220315, 7600));
  return *planned;
}

const v1::Programme* FindProgramme(const DemoCertification& plan, const std::string& name) {
  for (const DemoProgramme& p : plan.programmes) {
    if ("programs/" + p.programme_id == name) return &p.programme;
  }
  return nullptr;
}

TEST(DemoCertificationTest, YanchengCountsAtFullSize) {
  const DemoCertification& plan = FullSize().certification;
  int city = 0, provincial = 0, street_districts = 0;
  for (const DemoCertificate& c : plan.certificates) {
    const v1::Programme* p = FindProgramme(plan, c.certificate.programme());
    ASSERT_NE(p, nullptr) << c.certificate.programme();
    if (p->category() == v1::DEMONSTRATION_STREET_DISTRICT) {
      ++street_districts;
    } else if (p->level() == v1::PROVINCIAL) {
      ++provincial;
    } else if (p->level() == v1::CITY_ADVANCED || p->level() == v1::CITY_DEMONSTRATION) {
      ++city;
    } else {
      ADD_FAILURE() << c.certificate.number() << " has level " << p->level();
    }
  }
  EXPECT_EQ(city, kCityLevelUnits);
  EXPECT_EQ(provincial, kProvincialUnits);
  EXPECT_EQ(street_districts, kDemonstrationStreetDistricts);
}

TEST(DemoCertificationTest, EveryUnitKindIsCertified) {
  std::map<v1::UnitKind, int> by_kind;
  for (const DemoCertificate& c : FullSize().certification.certificates) ++by_kind[c.unit_kind];
  EXPECT_GT(by_kind[v1::UNIT_STORE], 100);
  EXPECT_GT(by_kind[v1::UNIT_MERCHANT], 100);
  EXPECT_EQ(by_kind[v1::UNIT_AREA], 4 + kDemonstrationStreetDistricts);
  EXPECT_EQ(by_kind[v1::UNIT_DIVISION], 8);
}

TEST(DemoCertificationTest, ScalesWithTheMerchantCount) {
  const Planned small = PlanDemo(20220315, 760);  // a tenth
  int certified_outside_street_districts = 0;
  for (const DemoCertificate& c : small.certification.certificates) {
    if (FindProgramme(small.certification, c.certificate.programme())->category() !=
        v1::DEMONSTRATION_STREET_DISTRICT) {
      ++certified_outside_street_districts;
    }
  }
  EXPECT_EQ(certified_outside_street_districts, 23 + 7);  // round(22.9) + round(7.3)
}

// Every certified unit and applicant is a unit of the generated demo set, of the programme's
// unit kind: a store whose no-reason-return pledge is planned and not suspended, a merchant all
// of whose stores are such stores, an area, or a township holding stores.
TEST(DemoCertificationTest, EveryUnitExistsInTheDemoSet) {
  const Planned& p = FullSize();
  std::set<std::string> pledged_stores, suspended_stores, merchants, areas, townships;
  for (const DemoPledge& pledge : p.pledges) {
    (pledge.suspend ? suspended_stores : pledged_stores).insert(pledge.pledge.store());
  }
  std::map<std::string, std::vector<std::string>> stores_of;
  for (const DemoStore& s : p.data.stores) {
    stores_of[s.parent].push_back(s.store.name());
    if (!s.store.township().empty()) townships.insert(s.store.township());
  }
  for (const DemoMerchant& m : p.data.merchants) merchants.insert(m.merchant.name());
  for (const DemoArea& a : p.data.areas) areas.insert(a.area.name());

  const auto check = [&](const std::string& unit, v1::UnitKind kind, const std::string& what) {
    switch (kind) {
      case v1::UNIT_STORE:
        EXPECT_EQ(pledged_stores.count(unit), 1u) << what << ": " << unit;
        EXPECT_EQ(suspended_stores.count(unit), 0u) << what << ": " << unit;
        break;
      case v1::UNIT_MERCHANT:
        ASSERT_EQ(merchants.count(unit), 1u) << what << ": " << unit;
        ASSERT_FALSE(stores_of[unit].empty()) << unit;
        for (const std::string& store : stores_of[unit]) {
          EXPECT_EQ(pledged_stores.count(store), 1u) << unit << " has unpledged " << store;
          EXPECT_EQ(suspended_stores.count(store), 0u) << unit << " has suspended " << store;
        }
        break;
      case v1::UNIT_AREA:
        EXPECT_EQ(areas.count(unit), 1u) << what << ": " << unit;
        break;
      case v1::UNIT_DIVISION:
        EXPECT_EQ(townships.count(unit), 1u) << what << ": " << unit;
        break;
      default:
        ADD_FAILURE() << what << ": " << unit << " has no kind";
    }
  };
  std::set<std::string> certified;
  for (const DemoCertificate& c : p.certification.certificates) {
    const v1::Programme* programme = FindProgramme(p.certification, c.certificate.programme());
    ASSERT_NE(programme, nullptr);
    EXPECT_EQ(c.unit_kind, programme->unit_kind()) << c.certificate.number();
    EXPECT_FALSE(c.unit_display_name.empty()) << c.certificate.number();
    check(c.certificate.unit(), c.unit_kind, c.certificate.number());
    EXPECT_TRUE(certified.insert(c.certificate.unit()).second)
        << c.certificate.unit() << " holds two certificates";
  }
  ASSERT_FALSE(p.certification.applications.empty());
  for (const DemoApplication& a : p.certification.applications) {
    const v1::Programme* programme = FindProgramme(p.certification, a.application.programme());
    ASSERT_NE(programme, nullptr) << a.application.programme();
    check(a.application.unit(), programme->unit_kind(), a.application_id);
    EXPECT_EQ(certified.count(a.application.unit()), 0u)
        << a.application_id << " applies for an already certified unit";
  }
}

TEST(DemoCertificationTest, CertificatesAreNumberedPerIssuerAndYear) {
  const absl::TimeZone china = absl::FixedTimeZone(8 * 3600);
  std::set<std::string> numbers;
  std::map<std::string, int> last_in_series;
  std::map<std::string, int64_t> last_issue_in_series;
  const std::regex number_pattern("(YC|JS)-(202[456])-([0-9]{6})");
  for (const DemoCertificate& c : FullSize().certification.certificates) {
    const v1::Certificate& cert = c.certificate;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(cert.number(), m, number_pattern)) << cert.number();
    EXPECT_TRUE(numbers.insert(cert.number()).second) << "duplicate " << cert.number();
    const v1::Programme* p = FindProgramme(FullSize().certification, cert.programme());
    const bool provincial = p->level() == v1::PROVINCIAL;
    EXPECT_EQ(m[1].str(), provincial ? "JS" : "YC") << cert.number();
    EXPECT_EQ(cert.issuer(), provincial ? kProvincialIssuer : kCityIssuer) << cert.number();
    // Consecutive numbers in order of issue within a series.
    const std::string series = m[1].str() + m[2].str();
    EXPECT_EQ(std::stoi(m[3]), ++last_in_series[series]) << cert.number();
    EXPECT_GE(cert.issue_time().seconds(), last_issue_in_series[series]) << cert.number();
    last_issue_in_series[series] = cert.issue_time().seconds();
    // Issued at midnight China time in the year of its number, before the demo is loaded.
    const absl::CivilSecond issued =
        absl::ToCivilSecond(absl::FromUnixSeconds(cert.issue_time().seconds()), china);
    EXPECT_EQ(issued.year(), std::stoi(m[2])) << cert.number();
    EXPECT_EQ(issued.hour() * 3600 + issued.minute() * 60 + issued.second(), 0) << cert.number();
    EXPECT_LE(absl::CivilDay(issued), absl::CivilDay(2026, 9, 30));
    EXPECT_EQ(cert.valid_until().seconds() - cert.issue_time().seconds(), 1095 * 86400)
        << cert.number();
    EXPECT_EQ(c.certificate_id, absl::AsciiStrToLower(cert.number()));
    EXPECT_EQ(c.request_id, "demo-20220315-certificate-" + c.certificate_id);
  }
}

// What the server checks (services/certification/rules/programme_rules.h), restated: a plan the
// server would refuse is caught here.
TEST(DemoCertificationTest, ProgrammesAreValid) {
  const std::regex id_pattern("[a-z0-9_]{1,32}");
  const std::regex programme_id_pattern("[a-z][a-z0-9-]{0,62}");
  const std::set<v1::Metric> shares = {v1::ON_TIME_COMPLAINT_RATE, v1::PLEDGE_COVERAGE,
                                       v1::CERTIFIED_MEMBER_SHARE, v1::INSPECTION_PASS_RATE};
  std::set<std::pair<int, int>> category_levels;
  for (const DemoProgramme& dp : FullSize().certification.programmes) {
    const v1::Programme& p = dp.programme;
    SCOPED_TRACE(dp.programme_id);
    EXPECT_TRUE(std::regex_match(dp.programme_id, programme_id_pattern));
    EXPECT_FALSE(p.display_name().empty());
    EXPECT_NE(p.category(), v1::CERTIFICATION_CATEGORY_UNSPECIFIED);
    EXPECT_NE(p.level(), v1::CERTIFICATION_LEVEL_UNSPECIFIED);
    EXPECT_NE(p.unit_kind(), v1::UNIT_KIND_UNSPECIFIED);
    EXPECT_TRUE(category_levels.insert({p.category(), p.level()}).second) << "duplicate";
    EXPECT_TRUE(p.name().empty() && p.criteria_version() == 0 && p.etag().empty());
    ASSERT_GE(p.criteria_size(), 1);
    ASSERT_LE(p.criteria_size(), 50);
    std::set<std::string> ids;
    int base = 0, bonus = 0;
    for (const v1::Criterion& c : p.criteria()) {
      SCOPED_TRACE(c.id());
      EXPECT_TRUE(std::regex_match(c.id(), id_pattern));
      EXPECT_TRUE(ids.insert(c.id()).second) << "duplicate id";
      EXPECT_FALSE(c.title().empty());
      EXPECT_GE(c.points(), 0);
      EXPECT_LE(c.points(), 1000);
      (c.bonus() ? bonus : base) += c.points();
      if (c.kind() == v1::AUTOMATIC) {
        EXPECT_NE(c.comparison(), v1::COMPARISON_UNSPECIFIED);
        if (c.metric() == v1::PLEDGE_ACTIVE_DAYS) {
          EXPECT_TRUE(p.unit_kind() == v1::UNIT_STORE || p.unit_kind() == v1::UNIT_MERCHANT);
        } else if (c.metric() == v1::CERTIFIED_MEMBER_SHARE) {
          EXPECT_TRUE(p.unit_kind() == v1::UNIT_AREA || p.unit_kind() == v1::UNIT_DIVISION);
        } else {
          EXPECT_NE(c.metric(), v1::METRIC_UNSPECIFIED);
        }
        EXPECT_GE(c.threshold(), 0);
        if (shares.count(c.metric()) > 0) EXPECT_LE(c.threshold(), 1);
      } else {
        ASSERT_EQ(c.kind(), v1::MANUAL);
        EXPECT_EQ(c.metric(), v1::METRIC_UNSPECIFIED);
        EXPECT_EQ(c.comparison(), v1::COMPARISON_UNSPECIFIED);
        EXPECT_GE(c.threshold(), 0);
        EXPECT_LE(c.threshold(), c.points());
      }
    }
    EXPECT_GE(p.pass_mark(), 1);
    EXPECT_LE(p.pass_mark(), base + std::min(p.bonus_cap(), bonus));
  }
}

// The header's promise: veto items every certified unit meets, plus the manual criteria counted
// in full, reach the pass mark, so a re-evaluation of an imported certificate retains it.
TEST(DemoCertificationTest, VetoItemsAndManualPointsReachEveryPassMark) {
  for (const DemoProgramme& dp : FullSize().certification.programmes) {
    int guaranteed = 0;
    for (const v1::Criterion& c : dp.programme.criteria()) {
      if (c.bonus()) continue;
      if (c.kind() == v1::MANUAL) {
        guaranteed += c.points();
      } else if (c.veto()) {
        // The only automatic veto: the unit's own stores all pledged (true of every store and
        // merchant certified, see EveryUnitExistsInTheDemoSet).
        EXPECT_EQ(c.metric(), v1::PLEDGE_COVERAGE) << dp.programme_id;
        EXPECT_EQ(c.comparison(), v1::AT_LEAST) << dp.programme_id;
        EXPECT_TRUE(dp.programme.unit_kind() == v1::UNIT_STORE ||
                    dp.programme.unit_kind() == v1::UNIT_MERCHANT)
            << dp.programme_id;
        guaranteed += c.points();
      }
    }
    EXPECT_GE(guaranteed, dp.programme.pass_mark()) << dp.programme_id;
  }
}

TEST(DemoCertificationTest, LiveApplicationsCoverThePipeline) {
  const DemoCertification& plan = FullSize().certification;
  std::map<DemoApplicationStage, int> stages;
  std::set<std::string> ids, units;
  for (const DemoApplication& a : plan.applications) {
    SCOPED_TRACE(a.application_id);
    ++stages[a.stage];
    EXPECT_TRUE(ids.insert(a.application_id).second);
    EXPECT_TRUE(units.insert(a.application.unit()).second) << "two applications for one unit";
    EXPECT_EQ(a.request_id, "demo-20220315-application-" + a.application_id);
    const v1::Programme* p = FindProgramme(plan, a.application.programme());
    ASSERT_NE(p, nullptr);
    EXPECT_FALSE(p->requires_lower_level()) << "the demo's applicants hold no lower level";
    if (a.stage == DemoApplicationStage::kUnderReview) {
      EXPECT_TRUE(a.scores.empty());
      continue;
    }
    // One score per MANUAL criterion, each meeting its bar, and the approval can pass: the
    // veto items (met by every applicant) plus the scores reach the pass mark.
    std::map<std::string, const v1::Criterion*> manual;
    int reachable = 0;
    for (const v1::Criterion& c : p->criteria()) {
      if (c.kind() == v1::MANUAL) manual[c.id()] = &c;
      if (c.kind() == v1::AUTOMATIC && c.veto()) reachable += c.points();
    }
    ASSERT_EQ(a.scores.size(), manual.size());
    int bonus = 0;
    for (const v1::ManualScore& s : a.scores) {
      ASSERT_EQ(manual.count(s.criterion_id()), 1u) << s.criterion_id();
      const v1::Criterion& c = *manual[s.criterion_id()];
      EXPECT_GE(s.score(), c.threshold()) << s.criterion_id();
      EXPECT_LE(s.score(), c.points()) << s.criterion_id();
      EXPECT_FALSE(s.evidence().empty());
      (c.bonus() ? bonus : reachable) += s.score();
    }
    if (a.stage != DemoApplicationStage::kScored) {
      EXPECT_GE(reachable + std::min(bonus, p->bonus_cap()), p->pass_mark());
      EXPECT_FALSE(a.decision_reason.empty());
    }
    EXPECT_EQ(a.objection_text.empty(), a.stage != DemoApplicationStage::kObjectionDismissed);
  }
  EXPECT_GE(stages[DemoApplicationStage::kUnderReview], 1);
  EXPECT_GE(stages[DemoApplicationStage::kScored], 1);
  EXPECT_GE(stages[DemoApplicationStage::kPublicNotice], 1);
  EXPECT_EQ(stages[DemoApplicationStage::kObjectionDismissed], 1);
}

void ExpectSame(const DemoCertification& a, const DemoCertification& b) {
  ASSERT_EQ(a.programmes.size(), b.programmes.size());
  for (size_t i = 0; i < a.programmes.size(); ++i) {
    EXPECT_EQ(a.programmes[i].programme_id, b.programmes[i].programme_id);
    EXPECT_EQ(a.programmes[i].request_id, b.programmes[i].request_id);
    EXPECT_TRUE(MessageDifferencer::Equals(a.programmes[i].programme, b.programmes[i].programme));
  }
  ASSERT_EQ(a.certificates.size(), b.certificates.size());
  for (size_t i = 0; i < a.certificates.size(); ++i) {
    EXPECT_EQ(a.certificates[i].certificate_id, b.certificates[i].certificate_id);
    EXPECT_EQ(a.certificates[i].request_id, b.certificates[i].request_id);
    EXPECT_TRUE(
        MessageDifferencer::Equals(a.certificates[i].certificate, b.certificates[i].certificate));
  }
  ASSERT_EQ(a.applications.size(), b.applications.size());
  for (size_t i = 0; i < a.applications.size(); ++i) {
    EXPECT_EQ(a.applications[i].request_id, b.applications[i].request_id);
    EXPECT_EQ(a.applications[i].stage, b.applications[i].stage);
    EXPECT_TRUE(
        MessageDifferencer::Equals(a.applications[i].application, b.applications[i].application));
    ASSERT_EQ(a.applications[i].scores.size(), b.applications[i].scores.size());
    for (size_t k = 0; k < a.applications[i].scores.size(); ++k) {
      EXPECT_TRUE(
          MessageDifferencer::Equals(a.applications[i].scores[k], b.applications[i].scores[k]));
    }
  }
}

TEST(DemoCertificationTest, SameSeedSamePlan) {
  const Planned again = PlanDemo(20220315, 7600);
  ExpectSame(FullSize().certification, again.certification);
}

TEST(DemoCertificationTest, OtherSeedOtherUnits) {
  const Planned other = PlanDemo(7, 7600);
  ASSERT_EQ(other.certification.certificates.size(), FullSize().certification.certificates.size());
  std::set<std::string> units;
  for (const DemoCertificate& c : FullSize().certification.certificates) units.insert(c.certificate.unit());
  int shared = 0;
  for (const DemoCertificate& c : other.certification.certificates)
    shared += units.count(c.certificate.unit());
  // The areas and townships may repeat; most stores and merchants may not.
  EXPECT_LT(shared, static_cast<int>(units.size()) / 4);
}

}  // namespace
}  // namespace fangxin::demo
