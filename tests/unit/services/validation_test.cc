#include "services/common/validation.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace fangxin {
namespace {

constexpr char kUscc[] = "91320902MA1MXXXX0F";            // Enterprise.
constexpr char kIndividualUscc[] = "92320903MA1N2Q3R4W";  // Individual business.
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

using Violations = std::vector<std::pair<std::string, std::string>>;

Violations ListOf(const FieldViolations& fv) {
  Violations out;
  for (const FieldViolation& v : fv.list()) out.emplace_back(v.field, v.description);
  return out;
}

std::string Repeat(absl::string_view unit, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.append(unit.data(), unit.size());
  return s;
}

// A mutation of a valid message and every violation it must produce, in order.
template <typename Msg>
struct Case {
  std::string what;
  std::function<void(Msg*)> mutate;
  Violations expected;
};

// A slice of Yancheng: the city, two districts and a street in each.
class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto make = [](const char* code, const char* display, v1::DivisionLevel level,
                   const char* parent) {
      v1::Division d;
      d.set_code(code);
      d.set_display_name(display);
      d.set_level(level);
      d.set_parent(parent);
      return d;
    };
    auto dir = DivisionDirectory::FromDivisions({
        make("320900", "盐城市", v1::DIVISION_LEVEL_CITY, ""),
        make("320902", "亭湖区", v1::DIVISION_LEVEL_COUNTY, "divisions/320900"),
        make("320903", "盐都区", v1::DIVISION_LEVEL_COUNTY, "divisions/320900"),
        make("320902052", "新河街道", v1::DIVISION_LEVEL_TOWNSHIP, "divisions/320902"),
        make("320903050", "新都街道", v1::DIVISION_LEVEL_TOWNSHIP, "divisions/320903"),
    });
    ASSERT_TRUE(dir.ok()) << dir.status();
    dirs_ = *std::move(dir);
  }

  static v1::Merchant ValidMerchant() {
    v1::Merchant m;
    m.set_uscc(kUscc);
    m.set_legal_name("盐城市放心商贸有限公司");
    m.set_representative("王五");
    m.set_registered_address("盐城市亭湖区解放南路1号");
    m.set_division("divisions/320902");
    m.mutable_contact()->set_person("李四");
    m.mutable_contact()->set_phone("0515-88888888");
    m.mutable_contact()->set_email("shop@example.com");
    return m;
  }

  static v1::Store ValidStore() {
    v1::Store s;
    s.set_display_name("放心超市(五星店)");
    s.set_address("亭湖区解放南路1号");
    s.set_division("divisions/320902");
    s.set_township("divisions/320902052");
    s.set_area("areas/wanda");
    s.mutable_location()->set_latitude(33.3853);
    s.mutable_location()->set_longitude(120.1310);
    return s;
  }

  static v1::Area ValidArea() {
    v1::Area a;
    a.set_display_name("万达广场");
    a.set_kind(v1::AREA_KIND_SHOPPING_MALL);
    a.set_division("divisions/320902");
    a.set_township("divisions/320902052");
    a.mutable_center()->set_latitude(33.38);
    a.mutable_center()->set_longitude(120.16);
    for (auto [lat, lng] :
         {std::pair{33.37, 120.15}, {33.37, 120.17}, {33.39, 120.17}, {33.39, 120.15}}) {
      v1::LatLng* p = a.add_boundary();
      p->set_latitude(lat);
      p->set_longitude(lng);
    }
    a.add_managers("张三");
    return a;
  }

  template <typename Msg, typename Fn>
  void RunCases(const Msg& valid, const std::vector<Case<Msg>>& cases, Fn validate) {
    FieldViolations none;
    validate(valid, &none);
    ASSERT_EQ(ListOf(none), Violations()) << "the valid message must pass";
    for (const Case<Msg>& c : cases) {
      Msg m = valid;
      c.mutate(&m);
      FieldViolations fv;
      validate(m, &fv);
      EXPECT_EQ(ListOf(fv), c.expected) << c.what;
    }
  }

  void RunMerchantCases(const std::vector<Case<v1::Merchant>>& cases) {
    RunCases(ValidMerchant(), cases, [this](const v1::Merchant& m, FieldViolations* fv) {
      ValidateMerchant(m, "merchant", dirs_, fv);
    });
  }
  void RunStoreCases(const std::vector<Case<v1::Store>>& cases) {
    RunCases(ValidStore(), cases, [this](const v1::Store& s, FieldViolations* fv) {
      ValidateStore(s, "store", dirs_, fv);
    });
  }
  void RunAreaCases(const std::vector<Case<v1::Area>>& cases) {
    RunCases(ValidArea(), cases, [this](const v1::Area& a, FieldViolations* fv) {
      ValidateArea(a, "area", dirs_, fv);
    });
  }
  void RunKeyCases(const v1::ApiKey& valid, const std::vector<Case<v1::ApiKey>>& cases) {
    RunCases(valid, cases, [this](const v1::ApiKey& k, FieldViolations* fv) {
      ValidateApiKey(k, "key", dirs_, fv);
    });
  }

  DivisionDirectory dirs_;
};

// ---- Merchant ---------------------------------------------------------------------------------

TEST_F(ValidationTest, MerchantValidVariants) {
  RunMerchantCases({
      {"explicit enterprise", [](auto* m) { m->set_kind(v1::MERCHANT_KIND_ENTERPRISE); }, {}},
      {"individual business",
       [](auto* m) {
         m->set_uscc(kIndividualUscc);
         m->set_kind(v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS);
       },
       {}},
      {"individual business, kind left to default",
       [](auto* m) { m->set_uscc(kIndividualUscc); },
       {}},
      {"no optional fields",
       [](auto* m) {
         m->clear_representative();
         m->clear_registered_address();
         m->clear_contact();
       },
       {}},
      {"limits in Chinese characters",
       [](auto* m) {
         m->set_legal_name(Repeat("商", 200));
         m->set_representative(Repeat("王", 100));
         m->set_registered_address(Repeat("路", 300));
       },
       {}},
      {"international phone",
       [](auto* m) { m->mutable_contact()->set_phone("+86 139 0000 0000"); },
       {}},
      {"email with plus and subdomain",
       [](auto* m) { m->mutable_contact()->set_email("shop.1+ycsc@mail.yc-market.gov.cn"); },
       {}},
      {"output-only fields are ignored",
       [](auto* m) {
         m->set_name("garbage");
         m->set_state(v1::MERCHANT_STATE_CLOSED);
         m->set_etag("x");
       },
       {}},
  });
}

TEST_F(ValidationTest, MerchantRules) {
  const std::string kCountyRule = "is required (divisions/{code} of a county-level division)";
  const std::string kPhoneRule = "must be 5 to 20 of digits, spaces, '+' and '-'";
  const std::string kEmailShape = "must look like name@example.com";
  RunMerchantCases({
      {"no uscc", [](auto* m) { m->clear_uscc(); }, {{"merchant.uscc", "is required"}}},
      {"wrong check character",
       [](auto* m) { m->set_uscc("91320902MA1MXXXX0X"); },
       {{"merchant.uscc", "check character is 'X' but should be 'F'"}}},
      {"short uscc",
       [](auto* m) { m->set_uscc("91320902MA1MXXXX0"); },
       {{"merchant.uscc", "must be 18 characters"}}},
      {"no legal name",
       [](auto* m) { m->clear_legal_name(); },
       {{"merchant.legal_name", "is required"}}},
      {"blank legal name",
       [](auto* m) { m->set_legal_name(" \xE3\x80\x80 "); },
       {{"merchant.legal_name", "must not be blank"}}},
      {"long legal name",
       [](auto* m) { m->set_legal_name(Repeat("商", 201)); },
       {{"merchant.legal_name", "must be at most 200 characters"}}},
      {"legal name not UTF-8",
       [](auto* m) { m->set_legal_name("\xB7\xC5\xD0\xC4"); },  // GBK
       {{"merchant.legal_name", "is not valid UTF-8"}}},
      {"legal name with newline",
       [](auto* m) { m->set_legal_name("放心\n商贸"); },
       {{"merchant.legal_name", "must not contain control characters"}}},
      {"kind contradicts code",
       [](auto* m) { m->set_kind(v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS); },
       {{"merchant.kind",
         "is MERCHANT_KIND_INDIVIDUAL_BUSINESS but credit code "
         "91320902MA1MXXXX0F is registered as MERCHANT_KIND_ENTERPRISE"}}},
      {"individual code declared enterprise",
       [](auto* m) {
         m->set_uscc(kIndividualUscc);
         m->set_kind(v1::MERCHANT_KIND_ENTERPRISE);
       },
       {{"merchant.kind",
         "is MERCHANT_KIND_ENTERPRISE but credit code 92320903MA1N2Q3R4W is "
         "registered as MERCHANT_KIND_INDIVIDUAL_BUSINESS"}}},
      {"unknown kind",
       [](auto* m) { m->set_kind(static_cast<v1::MerchantKind>(9)); },
       {{"merchant.kind", "is not a known merchant kind"}}},
      {"long representative",
       [](auto* m) { m->set_representative(Repeat("王", 101)); },
       {{"merchant.representative", "must be at most 100 characters"}}},
      {"long address",
       [](auto* m) { m->set_registered_address(Repeat("路", 301)); },
       {{"merchant.registered_address", "must be at most 300 characters"}}},
      {"no division", [](auto* m) { m->clear_division(); }, {{"merchant.division", kCountyRule}}},
      {"bare code",
       [](auto* m) { m->set_division("320902"); },
       {{"merchant.division", "must have the form divisions/{code}"}}},
      {"bad code",
       [](auto* m) { m->set_division("divisions/3209"); },
       {{"merchant.division", "has an invalid division code: must be 6 or 9 digits"}}},
      {"unknown division",
       [](auto* m) { m->set_division("divisions/999999"); },
       {{"merchant.division", "divisions/999999 is not a known division"}}},
      {"city",
       [](auto* m) { m->set_division("divisions/320900"); },
       {{"merchant.division",
         "must be a county-level division; divisions/320900 (盐城市) is a city"}}},
      {"township",
       [](auto* m) { m->set_division("divisions/320902052"); },
       {{"merchant.division",
         "must be a county-level division; divisions/320902052 (新河街道) is a township"}}},
      {"long contact person",
       [](auto* m) { m->mutable_contact()->set_person(Repeat("李", 101)); },
       {{"merchant.contact.person", "must be at most 100 characters"}}},
      {"phone too short",
       [](auto* m) { m->mutable_contact()->set_phone("1234"); },
       {{"merchant.contact.phone", kPhoneRule}}},
      {"phone too long",
       [](auto* m) { m->mutable_contact()->set_phone(std::string(21, '1')); },
       {{"merchant.contact.phone", kPhoneRule}}},
      {"phone with letters",
       [](auto* m) { m->mutable_contact()->set_phone("0515-CALL-ME"); },
       {{"merchant.contact.phone", kPhoneRule}}},
      {"phone with brackets",
       [](auto* m) { m->mutable_contact()->set_phone("(0515)888888"); },
       {{"merchant.contact.phone", kPhoneRule}}},
      {"phone without digits",
       [](auto* m) { m->mutable_contact()->set_phone("+- - +"); },
       {{"merchant.contact.phone", "must contain digits"}}},
      {"email without @",
       [](auto* m) { m->mutable_contact()->set_email("shop.example.com"); },
       {{"merchant.contact.email", "must contain exactly one '@'"}}},
      {"email with two @",
       [](auto* m) { m->mutable_contact()->set_email("a@b@example.com"); },
       {{"merchant.contact.email", "must contain exactly one '@'"}}},
      {"email too long",
       [](auto* m) { m->mutable_contact()->set_email("a@" + std::string(249, 'b') + ".com"); },
       {{"merchant.contact.email", "must be at most 254 characters"}}},
  });
  // The email shapes refused, each on its own.
  for (const char* email :
       {"@example.com", "shop@", "shop@localhost", "sh op@example.com", ".shop@example.com",
        "shop.@example.com", "sh..op@example.com", "shop@-example.com", "shop@example-.com",
        "shop@example..com", "shop@example.com.", "shop@exa_mple.com", "店@example.com",
        "shop@例子.中国"}) {
    v1::Merchant m = ValidMerchant();
    m.mutable_contact()->set_email(email);
    FieldViolations fv;
    ValidateMerchant(m, "merchant", dirs_, &fv);
    EXPECT_EQ(ListOf(fv), (Violations{{"merchant.contact.email", kEmailShape}})) << email;
  }
}

TEST_F(ValidationTest, MerchantForCreateListsEveryViolationAtOnce) {
  v1::CreateMerchantRequest request;
  request.set_request_id("bad id!");
  v1::Merchant* m = request.mutable_merchant();
  m->set_uscc("91320902MA1MXXXX0X");
  m->set_representative(Repeat("王", 101));
  m->set_division("divisions/320900");
  m->mutable_contact()->set_phone("12");
  m->mutable_contact()->set_email("nope");
  FieldViolations fv;
  ValidateMerchantForCreate(request, dirs_, &fv);
  EXPECT_EQ(ListOf(fv),
            (Violations{
                {"merchant.uscc", "check character is 'X' but should be 'F'"},
                {"merchant.legal_name", "is required"},
                {"merchant.representative", "must be at most 100 characters"},
                {"merchant.division",
                 "must be a county-level division; divisions/320900 (盐城市) is a city"},
                {"merchant.contact.phone", "must be 5 to 20 of digits, spaces, '+' and '-'"},
                {"merchant.contact.email", "must contain exactly one '@'"},
                {"request_id", "must contain only letters, digits, '.', '_' and '-'"},
            }));
  absl::Status status = fv.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(status).size(), 7u);
}

TEST_F(ValidationTest, MerchantForCreateNeedsAMerchant) {
  v1::CreateMerchantRequest request;
  FieldViolations fv;
  ValidateMerchantForCreate(request, dirs_, &fv);
  EXPECT_EQ(ListOf(fv), (Violations{{"merchant", "is required"}}));

  *request.mutable_merchant() = ValidMerchant();
  request.set_request_id("0f8c2f4e-retry.1_a");
  FieldViolations ok;
  ValidateMerchantForCreate(request, dirs_, &ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();
}

// ---- Store --------------------------------------------------------------------------------------

TEST_F(ValidationTest, StoreValidVariants) {
  std::vector<Case<v1::Store>> cases = {
      {"no township, area or industry",
       [](auto* s) {
         s->clear_township();
         s->clear_area();
         s->clear_industry();
       },
       {}},
      {"other district and its street",
       [](auto* s) {
         s->set_division("divisions/320903");
         s->set_township("divisions/320903050");
       },
       {}},
      {"corners of the range",
       [](auto* s) {
         s->mutable_location()->set_latitude(-90);
         s->mutable_location()->set_longitude(180);
       },
       {}},
      {"on the equator", [](auto* s) { s->mutable_location()->set_latitude(0); }, {}},
      {"on the prime meridian", [](auto* s) { s->mutable_location()->set_longitude(0); }, {}},
      {"limits",
       [](auto* s) {
         s->set_display_name(Repeat("店", 200));
         s->set_address(Repeat("路", 300));
       },
       {}},
  };
  for (absl::string_view industry : kIndustries) {
    cases.push_back({std::string(industry),
                     [industry](auto* s) { s->set_industry(std::string(industry)); },
                     {}});
  }
  RunStoreCases(cases);
}

TEST_F(ValidationTest, StoreRules) {
  const std::string kIndustryRule =
      "must be one of retail, catering, supermarket, clothing, electronics, home_appliances, "
      "furniture, jewelry, cosmetics, pharmacy, books, automotive, services, other";
  RunStoreCases({
      {"no display name",
       [](auto* s) { s->clear_display_name(); },
       {{"store.display_name", "is required"}}},
      {"long display name",
       [](auto* s) { s->set_display_name(Repeat("店", 201)); },
       {{"store.display_name", "must be at most 200 characters"}}},
      {"no address", [](auto* s) { s->clear_address(); }, {{"store.address", "is required"}}},
      {"long address",
       [](auto* s) { s->set_address(Repeat("路", 301)); },
       {{"store.address", "must be at most 300 characters"}}},
      {"address with tab",
       [](auto* s) { s->set_address("解放南路\t1号"); },
       {{"store.address", "must not contain control characters"}}},
      {"no division",
       [](auto* s) {
         s->clear_division();
         s->clear_township();
       },
       {{"store.division", "is required (divisions/{code} of a county-level division)"}}},
      {"division is a township",
       [](auto* s) { s->set_division("divisions/320902052"); },
       {{"store.division",
         "must be a county-level division; divisions/320902052 (新河街道) is a township"}}},
      {"unknown division: the township is not compared with it",
       [](auto* s) { s->set_division("divisions/320999"); },
       {{"store.division", "divisions/320999 is not a known division"}}},
      {"township of another district",
       [](auto* s) { s->set_township("divisions/320903050"); },
       {{"store.township", "divisions/320903050 (新都街道) is not in divisions/320902 (亭湖区)"}}},
      {"township is a county",
       [](auto* s) { s->set_township("divisions/320903"); },
       {{"store.township",
         "must be a township-level division; divisions/320903 (盐都区) is county-level"}}},
      {"unknown township",
       [](auto* s) { s->set_township("divisions/320902999"); },
       {{"store.township", "divisions/320902999 is not a known division"}}},
      {"township not a name",
       [](auto* s) { s->set_township("新河街道"); },
       {{"store.township", "must have the form divisions/{code}"}}},
      {"area not a name",
       [](auto* s) { s->set_area("wanda"); },
       {{"store.area", "must have the form areas/{area_id}"}}},
      {"area with bad id",
       [](auto* s) { s->set_area("areas/Wanda Plaza"); },
       {{"store.area", "has an invalid id: must contain only a-z, 0-9 and '-'"}}},
      {"no location", [](auto* s) { s->clear_location(); }, {{"store.location", "is required"}}},
      {"latitude above 90",
       [](auto* s) { s->mutable_location()->set_latitude(90.0001); },
       {{"store.location.latitude", "must be between -90 and 90"}}},
      {"latitude below -90",
       [](auto* s) { s->mutable_location()->set_latitude(-91); },
       {{"store.location.latitude", "must be between -90 and 90"}}},
      {"longitude above 180",
       [](auto* s) { s->mutable_location()->set_longitude(180.5); },
       {{"store.location.longitude", "must be between -180 and 180"}}},
      {"longitude below -180",
       [](auto* s) { s->mutable_location()->set_longitude(-181); },
       {{"store.location.longitude", "must be between -180 and 180"}}},
      {"NaN latitude",
       [](auto* s) { s->mutable_location()->set_latitude(kNaN); },
       {{"store.location.latitude", "must be a finite number"}}},
      {"infinite longitude",
       [](auto* s) { s->mutable_location()->set_longitude(-kInf); },
       {{"store.location.longitude", "must be a finite number"}}},
      {"swapped lat/lng",
       [](auto* s) {
         s->mutable_location()->set_latitude(120.13);
         s->mutable_location()->set_longitude(33.38);
       },
       {{"store.location.latitude", "must be between -90 and 90"}}},
      {"(0, 0)",
       [](auto* s) {
         s->mutable_location()->set_latitude(0);
         s->mutable_location()->set_longitude(0);
       },
       {{"store.location", "must not be (0, 0), the value of an unset position"}}},
      {"location present but empty",
       [](auto* s) { s->mutable_location()->Clear(); },
       {{"store.location", "must not be (0, 0), the value of an unset position"}}},
      {"unknown industry",
       [](auto* s) { s->set_industry("food"); },
       {{"store.industry", kIndustryRule}}},
      {"industry is case-sensitive",
       [](auto* s) { s->set_industry("Retail"); },
       {{"store.industry", kIndustryRule}}},
  });
}

TEST_F(ValidationTest, StoreListsEveryViolationAtOnceUnderItsPrefix) {
  v1::Store s;
  s.set_display_name(Repeat("店", 201));
  s.set_township("divisions/320902052");
  s.set_area("areas/");
  s.mutable_location()->set_latitude(kNaN);
  s.mutable_location()->set_longitude(200);
  s.set_industry("food");
  FieldViolations fv;
  ValidateStore(s, "stores[3]", dirs_, &fv);
  EXPECT_EQ(ListOf(fv),
            (Violations{
                {"stores[3].display_name", "must be at most 200 characters"},
                {"stores[3].address", "is required"},
                {"stores[3].division", "is required (divisions/{code} of a county-level division)"},
                {"stores[3].area", "has an invalid id: is required"},
                {"stores[3].location.latitude", "must be a finite number"},
                {"stores[3].location.longitude", "must be between -180 and 180"},
                {"stores[3].industry", std::string("must be one of ") +
                                           "retail, catering, supermarket, "
                                           "clothing, electronics, "
                                           "home_appliances, furniture, jewelry, "
                                           "cosmetics, pharmacy, books, "
                                           "automotive, services, other"},
            }));
}

TEST_F(ValidationTest, StoreWithEmptyPrefixUsesBareFieldNames) {
  v1::Store s = ValidStore();
  s.clear_display_name();
  FieldViolations fv;
  ValidateStore(s, "", dirs_, &fv);
  EXPECT_EQ(ListOf(fv), (Violations{{"display_name", "is required"}}));
}

TEST_F(ValidationTest, StoreForCreate) {
  v1::CreateStoreRequest request;
  request.set_parent("merchants/91320902MA1MXXXX0X");
  request.set_store_id("Store_1");
  request.set_request_id(std::string(65, 'r'));
  FieldViolations fv;
  ValidateStoreForCreate(request, dirs_, &fv);
  EXPECT_EQ(ListOf(fv),
            (Violations{
                {"parent", "has an invalid credit code: check character is 'X' but should be 'F'"},
                {"store_id", "must contain only a-z, 0-9 and '-'"},
                {"store", "is required"},
                {"request_id", "must be at most 64 characters"},
            }));

  request.set_parent(std::string("merchants/") + kUscc);
  request.clear_store_id();  // Optional: generated.
  request.set_request_id(std::string(64, 'r'));
  *request.mutable_store() = ValidStore();
  FieldViolations ok;
  ValidateStoreForCreate(request, dirs_, &ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();
}

// ---- Area ---------------------------------------------------------------------------------------

TEST_F(ValidationTest, AreaRules) {
  RunAreaCases({
      {"no township, boundary or managers",
       [](auto* a) {
         a->clear_township();
         a->clear_boundary();
         a->clear_managers();
       },
       {}},
      {"triangle", [](auto* a) { a->mutable_boundary()->RemoveLast(); }, {}},
      {"explicitly closed ring", [](auto* a) { *a->add_boundary() = a->boundary(0); }, {}},
      {"500 points",
       [](auto* a) {
         while (a->boundary_size() < 500) *a->add_boundary() = a->boundary(0);
       },
       {}},
      {"20 managers",
       [](auto* a) {
         while (a->managers_size() < 20) a->add_managers("经理");
       },
       {}},
      {"every kind", [](auto* a) { a->set_kind(v1::AREA_KIND_MARKET); }, {}},
      {"no display name",
       [](auto* a) { a->clear_display_name(); },
       {{"area.display_name", "is required"}}},
      {"no kind", [](auto* a) { a->clear_kind(); }, {{"area.kind", "is required"}}},
      {"unknown kind",
       [](auto* a) { a->set_kind(static_cast<v1::AreaKind>(42)); },
       {{"area.kind", "is not a known area kind"}}},
      {"division is the city",
       [](auto* a) { a->set_division("divisions/320900"); },
       {
           {"area.division",
            "must be a county-level division; divisions/320900 (盐城市) is a city"},
       }},
      {"township elsewhere",
       [](auto* a) { a->set_township("divisions/320903050"); },
       {{"area.township", "divisions/320903050 (新都街道) is not in divisions/320902 (亭湖区)"}}},
      {"no center", [](auto* a) { a->clear_center(); }, {{"area.center", "is required"}}},
      {"center out of range",
       [](auto* a) { a->mutable_center()->set_longitude(-200); },
       {{"area.center.longitude", "must be between -180 and 180"}}},
      {"two points",
       [](auto* a) {
         a->mutable_boundary()->RemoveLast();
         a->mutable_boundary()->RemoveLast();
       },
       {{"area.boundary", "must have at least 3 points"}}},
      {"501 points",
       [](auto* a) {
         while (a->boundary_size() < 501) *a->add_boundary() = a->boundary(0);
       },
       {{"area.boundary", "must have at most 500 points"}}},
      {"bad points",
       [](auto* a) {
         a->mutable_boundary(1)->set_latitude(100);
         a->mutable_boundary(3)->Clear();
       },
       {{"area.boundary[1].latitude", "must be between -90 and 90"},
        {"area.boundary[3]", "must not be (0, 0), the value of an unset position"}}},
      {"21 managers",
       [](auto* a) {
         while (a->managers_size() < 21) a->add_managers("经理");
       },
       {{"area.managers", "must have at most 20 entries"}}},
      {"bad managers",
       [](auto* a) {
         a->add_managers("");
         a->add_managers(Repeat("经", 101));
       },
       {{"area.managers[1]", "is required"},
        {"area.managers[2]", "must be at most 100 characters"}}},
  });
}

TEST_F(ValidationTest, AreaForCreate) {
  v1::CreateAreaRequest request;
  request.set_area_id("-wanda");
  FieldViolations fv;
  ValidateAreaForCreate(request, dirs_, &fv);
  EXPECT_EQ(ListOf(fv), (Violations{{"area_id", "must start with a letter or digit"},
                                    {"area", "is required"}}));
  request.set_area_id("wanda");
  *request.mutable_area() = ValidArea();
  FieldViolations ok;
  ValidateAreaForCreate(request, dirs_, &ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();
}

// ---- API key ------------------------------------------------------------------------------------

v1::ApiKey Key(v1::Role role, std::vector<std::string> scopes) {
  v1::ApiKey k;
  k.set_display_name("key for tests");
  k.set_role(role);
  for (auto& s : scopes) k.add_scopes(s);
  return k;
}

TEST_F(ValidationTest, ApiKeyScopesByRole) {
  struct KeyCase {
    std::string what;
    v1::ApiKey key;
    Violations expected;
  };
  const std::string merchant = std::string("merchants/") + kUscc;
  const std::vector<KeyCase> cases = {
      {"admin", Key(v1::ROLE_ADMIN, {}), {}},
      {"admin with scope",
       Key(v1::ROLE_ADMIN, {"areas/wanda"}),
       {{"key.scopes", "must be empty for role ADMIN"}}},
      {"city system", Key(v1::ROLE_CITY_SYSTEM, {}), {}},
      {"city system with scope",
       Key(v1::ROLE_CITY_SYSTEM, {"divisions/320902"}),
       {{"key.scopes", "must be empty for role CITY_SYSTEM"}}},
      {"public", Key(v1::ROLE_PUBLIC, {}), {}},
      {"public with scope",
       Key(v1::ROLE_PUBLIC, {merchant}),
       {{"key.scopes", "must be empty for role PUBLIC"}}},
      {"city regulator", Key(v1::ROLE_REGULATOR, {}), {}},
      {"district regulator", Key(v1::ROLE_REGULATOR, {"divisions/320902", "divisions/320903"}), {}},
      {"street regulator", Key(v1::ROLE_REGULATOR, {"divisions/320902052"}), {}},
      {"regulator scoped to the city",
       Key(v1::ROLE_REGULATOR, {"divisions/320900"}),
       {{"key.scopes[0]",
         "must be a county or township division; a city-wide regulator has no scopes"}}},
      {"regulator, unknown division",
       Key(v1::ROLE_REGULATOR, {"divisions/320902", "divisions/999999"}),
       {{"key.scopes[1]", "divisions/999999 is not a known division"}}},
      {"regulator with an area",
       Key(v1::ROLE_REGULATOR, {"areas/wanda"}),
       {{"key.scopes[0]", "must have the form divisions/{code}"}}},
      {"area manager", Key(v1::ROLE_AREA_MANAGER, {"areas/wanda", "areas/wuyue"}), {}},
      {"area manager without areas",
       Key(v1::ROLE_AREA_MANAGER, {}),
       {{"key.scopes", "must name at least one areas/{area_id} for role AREA_MANAGER"}}},
      {"area manager with a division",
       Key(v1::ROLE_AREA_MANAGER, {"divisions/320902"}),
       {{"key.scopes[0]", "must have the form areas/{area_id}"}}},
      {"area manager, repeated area",
       Key(v1::ROLE_AREA_MANAGER, {"areas/wanda", "areas/wanda"}),
       {{"key.scopes[1]", "repeats key.scopes[0]"}}},
      {"merchant", Key(v1::ROLE_MERCHANT, {merchant}), {}},
      {"merchant without scope",
       Key(v1::ROLE_MERCHANT, {}),
       {{"key.scopes", "must name exactly one merchants/{uscc} for role MERCHANT"}}},
      {"merchant with two",
       Key(v1::ROLE_MERCHANT, {merchant, "merchants/92320903MA1N2Q3R4W"}),
       {{"key.scopes", "must name exactly one merchants/{uscc} for role MERCHANT"}}},
      {"merchant with a bad code",
       Key(v1::ROLE_MERCHANT, {"merchants/91320902MA1MXXXX0X"}),
       {{"key.scopes[0]", "has an invalid credit code: check character is 'X' but should be 'F'"}}},
      {"no role", Key(v1::ROLE_UNSPECIFIED, {"areas/x"}), {{"key.role", "is required"}}},
      {"unknown role", Key(static_cast<v1::Role>(77), {}), {{"key.role", "is not a known role"}}},
  };
  for (const KeyCase& c : cases) {
    FieldViolations fv;
    ValidateApiKey(c.key, "key", dirs_, &fv);
    EXPECT_EQ(ListOf(fv), c.expected) << c.what;
  }
}

TEST_F(ValidationTest, ApiKeyForCreate) {
  v1::CreateKeyRequest request;
  FieldViolations fv;
  ValidateApiKeyForCreate(request, dirs_, &fv);
  EXPECT_EQ(ListOf(fv), (Violations{{"key", "is required"}}));

  v1::ApiKey* key = request.mutable_key();
  key->set_role(v1::ROLE_MERCHANT);
  FieldViolations all;
  ValidateApiKeyForCreate(request, dirs_, &all);
  EXPECT_EQ(
      ListOf(all),
      (Violations{{"key.display_name", "is required"},
                  {"key.scopes", "must name exactly one merchants/{uscc} for role MERCHANT"}}));
}

// ---- Request fields -----------------------------------------------------------------------------

TEST(RequestFieldTest, RequestId) {
  const std::string kChars = "must contain only letters, digits, '.', '_' and '-'";
  const std::vector<std::pair<std::string, Violations>> cases = {
      {"", {}},
      {"abc-DEF_1.2", {}},
      {"7c9e6679-7425-40de-944b-e07fc1f90ae7", {}},
      {std::string(64, 'a'), {}},
      {std::string(65, 'a'), {{"request_id", "must be at most 64 characters"}}},
      {"a b", {{"request_id", kChars}}},
      {"a/b", {{"request_id", kChars}}},
      {"请求", {{"request_id", kChars}}},
      {std::string("a\0b", 3), {{"request_id", kChars}}},
  };
  for (const auto& [id, expected] : cases) {
    FieldViolations fv;
    ValidateRequestId(id, &fv);
    EXPECT_EQ(ListOf(fv), expected) << id;
  }
}

TEST(RequestFieldTest, PageSize) {
  struct Case {
    int32_t page_size;
    int32_t effective;
    Violations expected;
  };
  const std::vector<Case> cases = {
      {0, 50, {}},
      {1, 1, {}},
      {50, 50, {}},
      {1000, 1000, {}},
      {1001, 50, {{"page_size", "must be at most 1000"}}},
      {std::numeric_limits<int32_t>::max(), 50, {{"page_size", "must be at most 1000"}}},
      {-1, 50, {{"page_size", "must not be negative (0 means the default, 50)"}}},
      {std::numeric_limits<int32_t>::min(),
       50,
       {{"page_size", "must not be negative (0 means the default, 50)"}}},
  };
  for (const Case& c : cases) {
    FieldViolations fv;
    EXPECT_EQ(ValidatePageSize(c.page_size, &fv), c.effective) << c.page_size;
    EXPECT_EQ(ListOf(fv), c.expected) << c.page_size;
  }
}

TEST(RequestFieldTest, Reason) {
  const std::vector<std::pair<std::string, Violations>> cases = {
      {"营业执照已注销", {}},
      {Repeat("因", 500), {}},
      {"", {{"reason", "is required"}}},
      {"   ", {{"reason", "must not be blank"}}},
      {Repeat("因", 501), {{"reason", "must be at most 500 characters"}}},
      {"line1\nline2", {{"reason", "must not contain control characters"}}},
  };
  for (const auto& [reason, expected] : cases) {
    FieldViolations fv;
    ValidateReason(reason, &fv);
    EXPECT_EQ(ListOf(fv), expected) << reason;
  }
}

TEST(RequestFieldTest, Etag) {
  const std::vector<std::pair<std::string, Violations>> cases = {
      {"1", {}},
      {"9223372036854775807", {}},
      {"", {{"etag", "is required (the etag of the version read)"}}},
      {"W/\"1\"", {{"etag", "is not an etag returned by this server"}}},
      {"-1", {{"etag", "is not an etag returned by this server"}}},
      {std::string(21, '1'), {{"etag", "is not an etag returned by this server"}}},
  };
  for (const auto& [etag, expected] : cases) {
    FieldViolations fv;
    ValidateEtag(etag, "etag", &fv);
    EXPECT_EQ(ListOf(fv), expected) << etag;
  }
}

TEST(RequestFieldTest, Id) {
  const std::vector<std::pair<std::string, Violations>> cases = {
      {"wanda-1", {}},
      {"", {{"store_id", "is required"}}},
      {"-x", {{"store_id", "must start with a letter or digit"}}},
      {std::string(41, 'x'), {{"store_id", "must be at most 40 characters"}}},
      {"X", {{"store_id", "must contain only a-z, 0-9 and '-'"}}},
  };
  for (const auto& [id, expected] : cases) {
    FieldViolations fv;
    ValidateId(id, "store_id", &fv);
    EXPECT_EQ(ListOf(fv), expected) << id;
  }
}

TEST(RequestFieldTest, UpdateMask) {
  auto mask = [](std::vector<std::string> paths) {
    google::protobuf::FieldMask m;
    for (auto& p : paths) m.add_paths(p);
    return m;
  };
  const std::string kAllowed =
      "display_name, address, division, township, area, location, industry";
  struct Case {
    std::vector<std::string> paths;
    Violations expected;
  };
  const std::vector<Case> cases = {
      {{"display_name"}, {}},
      {{"display_name", "address", "division", "township", "area", "location", "industry"}, {}},
      {{}, {{"update_mask", "must name at least one field among " + kAllowed}}},
      {{"name"}, {{"update_mask.paths[0]", "'name' cannot be updated; allowed: " + kAllowed}}},
      {{"display_name", "state", "location.latitude", "*", ""},
       {{"update_mask.paths[1]", "'state' cannot be updated; allowed: " + kAllowed},
        {"update_mask.paths[2]", "'location.latitude' cannot be updated; allowed: " + kAllowed},
        {"update_mask.paths[3]", "'*' cannot be updated; allowed: " + kAllowed},
        {"update_mask.paths[4]", "'' cannot be updated; allowed: " + kAllowed}}},
  };
  for (const Case& c : cases) {
    FieldViolations fv;
    ValidateUpdateMask(mask(c.paths), kStoreUpdatePaths, &fv);
    EXPECT_EQ(ListOf(fv), c.expected);
  }
  FieldViolations merchant;
  ValidateUpdateMask(mask({"contact", "kind"}), kMerchantUpdatePaths, &merchant);
  EXPECT_TRUE(merchant.empty());
  FieldViolations area;
  ValidateUpdateMask(mask({"division"}), kAreaUpdatePaths, &area);
  EXPECT_EQ(area.list().size(), 1u) << "an area cannot move to another division";
}

TEST(IndustryTest, DefaultsToRetail) {
  EXPECT_EQ(EffectiveIndustry(""), "retail");
  EXPECT_EQ(EffectiveIndustry("catering"), "catering");
  EXPECT_TRUE(IsKnownIndustry("home_appliances"));
  EXPECT_FALSE(IsKnownIndustry(""));
  EXPECT_FALSE(IsKnownIndustry("food"));
}

TEST(AddViolationsFromTest, CopiesDetailsOrUsesTheMessage) {
  FieldViolations fv;
  AddViolationsFrom(absl::OkStatus(), "x", &fv);
  AddViolationsFrom(InvalidFieldError("a.b", "is bad"), "ignored", &fv);
  AddViolationsFrom(absl::InvalidArgumentError("plain"), "c", &fv);
  EXPECT_EQ(ListOf(fv), (Violations{{"a.b", "is bad"}, {"c", "plain"}}));
}

}  // namespace
}  // namespace fangxin
