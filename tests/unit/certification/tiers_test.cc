#include "services/certification/rules/tiers.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/certification/rules/time_util.h"
#include "tests/unit/certification/cert_test_util.h"

namespace fangxin {
namespace {

using cert_test::StoreProgramme;
using ::testing::ElementsAre;

const absl::Time kUntil = absl::FromUnixSeconds(1'850'000'000);

v1::Certificate Cert(std::string name, std::string unit, std::string display_name,
                     v1::CertificationLevel level, v1::CertificateState state = v1::VALID,
                     v1::CertificationCategory category = v1::INTEGRITY_BRAND_ENTERPRISE) {
  v1::Certificate certificate;
  certificate.set_name(std::move(name));
  certificate.set_unit(std::move(unit));
  certificate.set_unit_kind(v1::UNIT_STORE);
  certificate.set_unit_display_name(std::move(display_name));
  certificate.set_level(level);
  certificate.set_state(state);
  certificate.set_category(category);
  ToProto(kUntil, certificate.mutable_valid_until());
  return certificate;
}

std::vector<v1::CertificationLevel> LevelsOf(const v1::ListTiersResponse& response) {
  std::vector<v1::CertificationLevel> levels;
  for (const v1::Tier& tier : response.tiers()) levels.push_back(tier.level());
  return levels;
}

std::vector<std::string> UnitsOf(const v1::Tier& tier) {
  std::vector<std::string> units;
  for (const v1::TierUnit& unit : tier.units()) units.push_back(unit.unit());
  return units;
}

TEST(BuildTiersTest, EmptyWithoutCertificates) { EXPECT_EQ(BuildTiers({}).tiers_size(), 0); }

TEST(BuildTiersTest, HighestLevelWinsAndTiersRunHighestFirst) {
  const v1::ListTiersResponse response = BuildTiers({
      Cert("certificates/1", "u/a", "A", v1::CULTIVATING),
      Cert("certificates/2", "u/a", "A", v1::CITY_DEMONSTRATION),
      Cert("certificates/3", "u/b", "B", v1::CULTIVATING),
      Cert("certificates/4", "u/c", "C", v1::PROVINCIAL),
  });
  EXPECT_THAT(LevelsOf(response),
              ElementsAre(v1::PROVINCIAL, v1::CITY_DEMONSTRATION, v1::CULTIVATING));
  EXPECT_THAT(UnitsOf(response.tiers(0)), ElementsAre("u/c"));
  EXPECT_THAT(UnitsOf(response.tiers(1)), ElementsAre("u/a"));
  EXPECT_THAT(UnitsOf(response.tiers(2)), ElementsAre("u/b"));  // u/a only in its highest tier.
  EXPECT_EQ(response.tiers(1).units(0).certificate(), "certificates/2");
}

TEST(BuildTiersTest, RevokedAndExpiredAreIgnoredRectifyingCounts) {
  const v1::ListTiersResponse response = BuildTiers({
      Cert("certificates/1", "u/a", "A", v1::PROVINCIAL, v1::REVOKED),
      Cert("certificates/2", "u/a", "A", v1::CULTIVATING),
      Cert("certificates/3", "u/b", "B", v1::PROVINCIAL, v1::EXPIRED),
      Cert("certificates/4", "u/c", "C", v1::CITY_ADVANCED, v1::RECTIFYING),
  });
  EXPECT_THAT(LevelsOf(response), ElementsAre(v1::CITY_ADVANCED, v1::CULTIVATING));
  EXPECT_THAT(UnitsOf(response.tiers(0)), ElementsAre("u/c"));
  EXPECT_EQ(response.tiers(0).units(0).state(), v1::RECTIFYING);
  EXPECT_THAT(UnitsOf(response.tiers(1)), ElementsAre("u/a"));
}

TEST(BuildTiersTest, CertificatesWithoutALevelAreIgnored) {
  const v1::ListTiersResponse response = BuildTiers({
      Cert("certificates/1", "u/a", "A", v1::CERTIFICATION_LEVEL_UNSPECIFIED),
      Cert("certificates/2", "u/b", "B", v1::CULTIVATING),
  });
  EXPECT_THAT(LevelsOf(response), ElementsAre(v1::CULTIVATING));
  EXPECT_THAT(UnitsOf(response.tiers(0)), ElementsAre("u/b"));
}

TEST(BuildTiersTest, UnitsSortedByDisplayNameThenName) {
  const v1::ListTiersResponse response = BuildTiers({
      Cert("certificates/1", "u/3", "Bakery", v1::CITY_ADVANCED),
      Cert("certificates/2", "u/2", "Apothecary", v1::CITY_ADVANCED),
      Cert("certificates/3", "u/9", "Bakery", v1::CITY_ADVANCED),
      Cert("certificates/4", "u/1", "Bakery", v1::CITY_ADVANCED),
  });
  ASSERT_EQ(response.tiers_size(), 1);
  EXPECT_THAT(UnitsOf(response.tiers(0)), ElementsAre("u/2", "u/1", "u/3", "u/9"));
}

TEST(BuildTiersTest, AtTheSameLevelValidBeatsRectifyingRegardlessOfOrder) {
  const v1::Certificate rectifying =
      Cert("certificates/1", "u/a", "A", v1::CITY_ADVANCED, v1::RECTIFYING);
  const v1::Certificate valid = Cert("certificates/2", "u/a", "A", v1::CITY_ADVANCED);
  for (const auto& input : {std::vector<v1::Certificate>{rectifying, valid},
                            std::vector<v1::Certificate>{valid, rectifying}}) {
    const v1::ListTiersResponse response = BuildTiers(input);
    ASSERT_EQ(response.tiers_size(), 1);
    ASSERT_EQ(response.tiers(0).units_size(), 1);
    EXPECT_EQ(response.tiers(0).units(0).certificate(), "certificates/2");
  }
}

TEST(BuildTiersTest, TierUnitCarriesTheCertificate) {
  v1::Certificate certificate =
      Cert("certificates/7", "areas/old-street", "老街", v1::CITY_DEMONSTRATION, v1::VALID,
           v1::DEMONSTRATION_STREET_DISTRICT);
  certificate.set_unit_kind(v1::UNIT_AREA);
  const v1::ListTiersResponse response = BuildTiers({certificate});
  ASSERT_EQ(response.tiers_size(), 1);
  const v1::TierUnit& unit = response.tiers(0).units(0);
  EXPECT_EQ(unit.unit(), "areas/old-street");
  EXPECT_EQ(unit.unit_kind(), v1::UNIT_AREA);
  EXPECT_EQ(unit.unit_display_name(), "老街");
  EXPECT_EQ(unit.certificate(), "certificates/7");
  EXPECT_EQ(unit.category(), v1::DEMONSTRATION_STREET_DISTRICT);
  EXPECT_EQ(unit.state(), v1::VALID);
  EXPECT_EQ(FromProto(unit.valid_until()), kUntil);
}

// ---- The lower-level requirement ------------------------------------------------------------

v1::Programme Requiring(v1::CertificationLevel level, bool requires_lower_level) {
  v1::Programme programme = StoreProgramme();  // INTEGRITY_BRAND_ENTERPRISE.
  programme.set_level(level);
  programme.set_requires_lower_level(requires_lower_level);
  return programme;
}

TEST(HoldsLevelBelowTest, NotRequiredAlwaysHolds) {
  EXPECT_TRUE(HoldsLevelBelow(Requiring(v1::PROVINCIAL, false), {}));
}

TEST(HoldsLevelBelowTest, CultivatingHasNoLevelBelow) {
  EXPECT_TRUE(HoldsLevelBelow(Requiring(v1::CULTIVATING, true), {}));
}

TEST(HoldsLevelBelowTest, RequiresAValidCertificateOfTheLevelBelow) {
  const v1::Programme programme = Requiring(v1::CITY_DEMONSTRATION, true);
  EXPECT_FALSE(HoldsLevelBelow(programme, {}));
  EXPECT_TRUE(HoldsLevelBelow(programme, {Cert("c/1", "u/a", "A", v1::CITY_ADVANCED)}));
  // Two levels below is not enough.
  EXPECT_FALSE(HoldsLevelBelow(programme, {Cert("c/1", "u/a", "A", v1::CULTIVATING)}));
}

TEST(HoldsLevelBelowTest, WrongCategoryDoesNotCount) {
  const v1::Programme programme = Requiring(v1::CITY_DEMONSTRATION, true);
  EXPECT_FALSE(HoldsLevelBelow(programme, {Cert("c/1", "u/a", "A", v1::CITY_ADVANCED, v1::VALID,
                                                v1::DEMONSTRATION_ENTERPRISE)}));
}

TEST(HoldsLevelBelowTest, OnlyAValidCertificateCounts) {
  const v1::Programme programme = Requiring(v1::CITY_DEMONSTRATION, true);
  for (v1::CertificateState state : {v1::REVOKED, v1::EXPIRED, v1::RECTIFYING}) {
    EXPECT_FALSE(HoldsLevelBelow(programme, {Cert("c/1", "u/a", "A", v1::CITY_ADVANCED, state)}))
        << v1::CertificateState_Name(state);
  }
  EXPECT_TRUE(HoldsLevelBelow(programme, {Cert("c/1", "u/a", "A", v1::CITY_ADVANCED, v1::REVOKED),
                                          Cert("c/2", "u/a", "A", v1::CITY_ADVANCED)}));
}

}  // namespace
}  // namespace fangxin
