#include "clients/demo/demo_data.h"

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/common/uscc.h"
#include "services/common/validation.h"
#include "tests/unit/demo/test_divisions.h"

namespace fangxin::demo {
namespace {

using fangxin::v1::Division;

// An independent reading of GB 32100-2015, so the test does not trust the generator's helper.
bool UsccValid(const std::string& code) {
  static const std::string kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (code.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const size_t v = kCharset.find(code[i]);
    if (v == std::string::npos) return false;
    int w = 1;
    for (int k = 0; k < i; ++k) w = w * 3 % 31;
    sum += static_cast<int>(v) * w;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return code[17] == kCharset[check];
}

// GB 11714-1997 on positions 9 to 17.
bool OrganizationCodeValid(const std::string& code9) {
  static const int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = code9[i];
    sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * kWeights[i];
  }
  const int check = 11 - sum % 11;
  const char want = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  return code9[8] == want;
}

bool RequestIdValid(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Flat-earth distance in km; good enough at a few km.
double DistanceKm(const fangxin::v1::LatLng& a, const fangxin::v1::LatLng& b) {
  const double dy = (a.latitude() - b.latitude()) * 111.32;
  const double dx =
      (a.longitude() - b.longitude()) * 111.32 * std::cos(a.latitude() * 3.14159265358979 / 180);
  return std::sqrt(dx * dx + dy * dy);
}

class DemoDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions options;
    options.divisions = testing::YanchengDivisions();
    auto data = Generate(options);
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = new DemoData(*std::move(data));
    for (const Division& d : options.divisions) (*divisions_)[d.name()] = d;
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }

  static const Division& Get(const std::string& name) {
    auto it = divisions_->find(name);
    EXPECT_NE(it, divisions_->end()) << name;
    static const Division kEmpty;
    return it == divisions_->end() ? kEmpty : it->second;
  }

  static DemoData* data_;
  static std::map<std::string, Division>* divisions_;
};

DemoData* DemoDataTest::data_ = nullptr;
std::map<std::string, Division>* DemoDataTest::divisions_ = new std::map<std::string, Division>();

std::string Serialize(const DemoData& d) {
  std::string out = std::to_string(d.seed) + "|";
  for (const DemoArea& a : d.areas) {
    out += a.area_id + "|" + a.request_id + "|" + a.area.SerializeAsString() + "|";
  }
  for (const DemoMerchant& m : d.merchants) {
    out += m.request_id + "|" + m.merchant.SerializeAsString() + "|";
  }
  for (const DemoStore& s : d.stores) {
    out += s.parent + "|" + s.store_id + "|" + s.request_id + "|" + s.store.SerializeAsString();
  }
  return out;
}

TEST_F(DemoDataTest, SameSeedSameData) {
  DemoOptions options;
  options.divisions = testing::YanchengDivisions();
  auto again = Generate(options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Serialize(*again), Serialize(*data_));
}

TEST_F(DemoDataTest, OtherSeedOtherData) {
  DemoOptions options;
  options.divisions = testing::YanchengDivisions();
  options.seed = 7;
  options.merchant_count = 50;
  auto other = Generate(options);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->merchants.size(), 50u);
  int same = 0;
  for (int i = 0; i < 50; ++i) {
    same += other->merchants[i].merchant.uscc() == data_->merchants[i].merchant.uscc();
  }
  EXPECT_EQ(same, 0);
  EXPECT_EQ(other->merchants[0].request_id, "demo-7-merchant-0");
}

TEST_F(DemoDataTest, FewerMerchantsGiveAPrefix) {
  DemoOptions options;
  options.divisions = testing::YanchengDivisions();
  options.merchant_count = 100;
  auto small = Generate(options);
  ASSERT_TRUE(small.ok());
  ASSERT_EQ(small->merchants.size(), 100u);
  for (size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(small->merchants[i].merchant.SerializeAsString(),
              data_->merchants[i].merchant.SerializeAsString());
    EXPECT_EQ(small->merchants[i].request_id, data_->merchants[i].request_id);
  }
  for (size_t i = 0; i < small->stores.size(); ++i) {
    EXPECT_EQ(small->stores[i].store.SerializeAsString(),
              data_->stores[i].store.SerializeAsString());
  }
}

TEST_F(DemoDataTest, Counts) {
  EXPECT_EQ(data_->seed, 20220315u);
  EXPECT_EQ(data_->merchants.size(), 7600u);
  EXPECT_GE(data_->stores.size(), 9500u);
  EXPECT_LE(data_->stores.size(), 11000u);

  int individuals = 0;
  for (const DemoMerchant& m : data_->merchants) {
    individuals += m.merchant.kind() == fangxin::v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS;
  }
  EXPECT_NEAR(individuals / 7600.0, 0.30, 0.03);

  std::map<fangxin::v1::AreaKind, int> kinds;
  for (const DemoArea& a : data_->areas) ++kinds[a.area.kind()];
  EXPECT_EQ(kinds[fangxin::v1::AREA_KIND_SHOPPING_MALL], 6);
  EXPECT_EQ(kinds[fangxin::v1::AREA_KIND_STREET_DISTRICT], 12);
  EXPECT_EQ(kinds[fangxin::v1::AREA_KIND_BUSINESS_CIRCLE], 4);
}

TEST_F(DemoDataTest, SpreadOverTheCity) {
  std::map<std::string, int> per_county;
  std::map<std::string, int> per_area;
  std::set<std::string> townships;
  int main_urban = 0;
  std::map<std::string, int> industries;
  for (const DemoStore& s : data_->stores) {
    ++per_county[s.store.division()];
    if (!s.store.area().empty()) ++per_area[s.store.area()];
    townships.insert(s.store.township());
    main_urban += Get(s.store.division()).main_urban();
    ++industries[s.store.industry()];
  }
  EXPECT_EQ(per_county.size(), 10u);  // every county-level division
  for (const auto& [county, n] : per_county) EXPECT_GE(n, 150) << county;
  const double urban_share = static_cast<double>(main_urban) / data_->stores.size();
  EXPECT_GT(urban_share, 0.40);
  EXPECT_LT(urban_share, 0.65);
  EXPECT_GE(townships.size(), 140u);  // nearly every township
  EXPECT_EQ(per_area.size(), data_->areas.size());
  int in_areas = 0;
  for (const auto& [area, n] : per_area) {
    EXPECT_GE(n, 10) << area;
    in_areas += n;
  }
  EXPECT_GT(in_areas, 0.08 * data_->stores.size());
  EXPECT_LT(in_areas, 0.30 * data_->stores.size());
  EXPECT_EQ(industries.size(), std::size(fangxin::kIndustries));  // every industry is used
}

TEST_F(DemoDataTest, CreditCodesAreValidAndUnique) {
  std::set<std::string> seen;
  for (const DemoMerchant& dm : data_->merchants) {
    const fangxin::v1::Merchant& m = dm.merchant;
    const std::string& code = m.uscc();
    ASSERT_TRUE(UsccValid(code)) << code;
    EXPECT_TRUE(OrganizationCodeValid(code.substr(8, 9))) << code;
    EXPECT_EQ(code[0], '9') << code;
    EXPECT_EQ(code[1], m.kind() == fangxin::v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS ? '2' : '1')
        << code;
    EXPECT_EQ("divisions/" + code.substr(2, 6), m.division()) << code;
    EXPECT_TRUE(seen.insert(code).second) << code;
    EXPECT_EQ(UsccProblem(code), "") << code;  // the registry's own rule
    EXPECT_EQ(UsccMerchantKind(code), m.kind()) << code;
    EXPECT_EQ(m.name(), "merchants/" + code);
  }
  EXPECT_TRUE(UsccValid("91110000600037341L"));
  EXPECT_FALSE(UsccValid("91110000600037341M"));
}

TEST_F(DemoDataTest, MerchantsAreComplete) {
  for (const DemoMerchant& dm : data_->merchants) {
    const fangxin::v1::Merchant& m = dm.merchant;
    EXPECT_GE(Utf8Length(m.legal_name()), 4u) << m.uscc();
    EXPECT_LE(Utf8Length(m.legal_name()), 200u) << m.uscc();
    if (m.kind() == fangxin::v1::MERCHANT_KIND_ENTERPRISE) {
      EXPECT_TRUE(absl::EndsWith(m.legal_name(), "有限公司")) << m.legal_name();
    }
    EXPECT_FALSE(m.representative().empty());
    EXPECT_LE(Utf8Length(m.registered_address()), 300u);
    EXPECT_TRUE(absl::StartsWith(m.registered_address(), "盐城市")) << m.registered_address();
    EXPECT_EQ(Get(m.division()).level(), fangxin::v1::DIVISION_LEVEL_COUNTY);
    EXPECT_FALSE(m.contact().phone().empty());
    EXPECT_EQ(m.state(), fangxin::v1::MERCHANT_STATE_OPEN);
  }
}

TEST_F(DemoDataTest, StoresArePlacedInTheirCounty) {
  std::map<std::string, const DemoArea*> areas;
  for (const DemoArea& a : data_->areas) areas[a.area.name()] = &a;
  std::set<std::string> merchants;
  for (const DemoMerchant& m : data_->merchants) merchants.insert(m.merchant.name());

  for (const DemoStore& ds : data_->stores) {
    const fangxin::v1::Store& s = ds.store;
    SCOPED_TRACE(s.name());
    EXPECT_EQ(merchants.count(ds.parent), 1u);
    EXPECT_EQ(s.name(), ds.parent + "/stores/" + ds.store_id);
    const Division& county = Get(s.division());
    EXPECT_EQ(county.level(), fangxin::v1::DIVISION_LEVEL_COUNTY);
    ASSERT_FALSE(s.township().empty());  // every Yancheng county has townships
    const Division& township = Get(s.township());
    EXPECT_EQ(township.level(), fangxin::v1::DIVISION_LEVEL_TOWNSHIP);
    EXPECT_EQ(township.parent(), s.division());

    const double lat = s.location().latitude(), lng = s.location().longitude();
    EXPECT_GT(lat, 32.5);
    EXPECT_LT(lat, 34.6);
    EXPECT_GT(lng, 119.3);
    EXPECT_LT(lng, 121.0);
    EXPECT_EQ(std::round(lat * 1e6) / 1e6, lat);

    if (s.area().empty()) {
      const auto& seat = township.has_location() ? township.location() : county.location();
      EXPECT_LE(DistanceKm(s.location(), seat), 2.6);
    } else {
      ASSERT_EQ(areas.count(s.area()), 1u);
      const fangxin::v1::Area& area = areas[s.area()]->area;
      EXPECT_EQ(area.division(), s.division());
      EXPECT_EQ(area.township(), s.township());
      EXPECT_LE(DistanceKm(s.location(), area.center()), 1.3);
    }
    EXPECT_TRUE(IsKnownIndustry(s.industry())) << s.industry();
    EXPECT_FALSE(s.display_name().empty());
    EXPECT_LE(Utf8Length(s.display_name()), 200u);
    EXPECT_FALSE(s.address().empty());
    EXPECT_LE(Utf8Length(s.address()), 300u);
    EXPECT_EQ(s.state(), fangxin::v1::STORE_STATE_OPEN);
  }
}

TEST_F(DemoDataTest, AreasArePlacedInTheirTownship) {
  std::set<std::string> ids;
  for (const DemoArea& a : data_->areas) {
    SCOPED_TRACE(a.area_id);
    EXPECT_TRUE(ids.insert(a.area_id).second);
    EXPECT_EQ(a.area.name(), "areas/" + a.area_id);
    EXPECT_LE(a.area_id.size(), 40u);
    const Division& township = Get(a.area.township());
    EXPECT_EQ(township.parent(), a.area.division());
    const Division& county = Get(a.area.division());
    const auto& seat = township.has_location() ? township.location() : county.location();
    EXPECT_LE(DistanceKm(a.area.center(), seat), 2.6);
    EXPECT_GE(a.area.managers_size(), 1);
  }
}

TEST_F(DemoDataTest, RequestIdsAreUniqueAndWellFormed) {
  std::set<std::string> ids;
  for (const DemoArea& a : data_->areas) ids.insert(a.request_id);
  for (const DemoMerchant& m : data_->merchants) ids.insert(m.request_id);
  for (const DemoStore& s : data_->stores) ids.insert(s.request_id);
  EXPECT_EQ(ids.size(), data_->areas.size() + data_->merchants.size() + data_->stores.size());
  for (const std::string& id : ids) EXPECT_TRUE(RequestIdValid(id)) << id;
  EXPECT_EQ(data_->merchants[12].request_id, "demo-20220315-merchant-12");
  EXPECT_TRUE(absl::StartsWith(data_->stores[0].request_id, "demo-20220315-store-0-1"));
}

// Everything the demo makes passes the registry's field rules, so a load creates it all.
TEST_F(DemoDataTest, PassesTheRegistryFieldRules) {
  auto directory = DivisionDirectory::FromDivisions(testing::YanchengDivisions());
  ASSERT_TRUE(directory.ok()) << directory.status();
  FieldViolations violations;
  for (const DemoArea& a : data_->areas) {
    ValidateArea(a.area, "area:" + a.area_id, *directory, &violations);
  }
  for (const DemoMerchant& m : data_->merchants) {
    ValidateMerchant(m.merchant, "merchant:" + m.merchant.uscc(), *directory, &violations);
  }
  for (const DemoStore& s : data_->stores) {
    ValidateStore(s.store, "store:" + s.store.name(), *directory, &violations);
  }
  for (const FieldViolation& v : violations.list()) {
    ADD_FAILURE() << v.field << ": " << v.description;
  }
}

TEST(DemoDataOptionsTest, RejectsBadOptions) {
  DemoOptions options;
  EXPECT_EQ(Generate(options).status().code(), absl::StatusCode::kInvalidArgument);  // none
  options.divisions = testing::YanchengDivisions();
  options.merchant_count = -1;
  EXPECT_EQ(Generate(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.merchant_count = 0;
  auto empty = Generate(options);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->merchants.empty());
  EXPECT_TRUE(empty->stores.empty());
  EXPECT_EQ(empty->areas.size(), 22u);
}

TEST(DemoDataOptionsTest, CountyWithoutTownships) {
  // Only the city and one county: stores go near the county seat, with no township.
  std::vector<Division> divisions(testing::YanchengDivisions().begin(),
                                  testing::YanchengDivisions().begin() + 2);
  DemoOptions options;
  options.divisions = divisions;
  options.merchant_count = 20;
  auto data = Generate(options);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_TRUE(data->areas.empty());
  for (const DemoStore& s : data->stores) {
    EXPECT_EQ(s.store.division(), "divisions/320902");
    EXPECT_EQ(s.store.township(), "");
    EXPECT_LE(DistanceKm(s.store.location(), divisions[1].location()), 2.6);
  }
}

}  // namespace
}  // namespace fangxin::demo
