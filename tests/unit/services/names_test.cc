#include "services/common/names.h"

#include <string>
#include <vector>

#include "common/errors.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

constexpr char kUscc[] = "91110000600037341L";

// Asserts `status` is INVALID_ARGUMENT with exactly one violation, on `field`, saying `rule`.
void ExpectViolation(const absl::Status& status, const std::string& field, const std::string& rule,
                     const std::string& input) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << input;
  auto violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u) << input;
  EXPECT_EQ(violations[0].field, field) << input;
  EXPECT_EQ(violations[0].description, rule) << input;
}

TEST(IdProblemTest, Table) {
  struct Case {
    std::string id;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"wanda", ""},
      {"a", ""},
      {"0", ""},
      {"store-1", ""},
      {"1-", ""},
      {std::string(40, 'a'), ""},
      {"", "is required"},
      {std::string(41, 'a'), "must be at most 40 characters"},
      {"-a", "must start with a letter or digit"},
      {"Wanda", "must contain only a-z, 0-9 and '-'"},
      {"a_b", "must contain only a-z, 0-9 and '-'"},
      {"a.b", "must contain only a-z, 0-9 and '-'"},
      {"a/b", "must contain only a-z, 0-9 and '-'"},
      {"a b", "must contain only a-z, 0-9 and '-'"},
      {"万达", "must contain only a-z, 0-9 and '-'"},
  };
  for (const Case& c : cases) EXPECT_EQ(IdProblem(c.id), c.problem) << c.id;
}

TEST(NamesTest, FormatAndParseRoundTrip) {
  EXPECT_EQ(FormatDivisionName("320902"), "divisions/320902");
  EXPECT_EQ(FormatMerchantName(kUscc), "merchants/91110000600037341L");
  EXPECT_EQ(FormatStoreName(kUscc, "s1"), "merchants/91110000600037341L/stores/s1");
  EXPECT_EQ(FormatAreaName("wanda"), "areas/wanda");
  EXPECT_EQ(FormatApiKeyName("k1"), "apiKeys/k1");

  EXPECT_EQ(*ParseDivisionName("divisions/320902"), "320902");
  EXPECT_EQ(*ParseDivisionName("divisions/320902001"), "320902001");
  EXPECT_EQ(*ParseMerchantName(FormatMerchantName(kUscc)), kUscc);
  auto store = ParseStoreName(FormatStoreName(kUscc, "s1"));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(store->uscc, kUscc);
  EXPECT_EQ(store->store_id, "s1");
  EXPECT_EQ(*ParseAreaName("areas/wanda"), "wanda");
  EXPECT_EQ(*ParseApiKeyName("apiKeys/k1"), "k1");
}

struct BadName {
  std::string name;
  std::string rule;
};

TEST(NamesTest, ParseDivisionNameRejects) {
  const std::vector<BadName> cases = {
      {"", "is required (divisions/{code})"},
      {"320902", "must have the form divisions/{code}"},
      {"division/320902", "must have the form divisions/{code}"},
      {"divisions/320902/x", "must have the form divisions/{code}"},
      {"divisions/", "has an invalid division code: is required"},
      {"divisions/32090", "has an invalid division code: must be 6 or 9 digits"},
      {"divisions/32090a", "has an invalid division code: must be 6 or 9 digits"},
  };
  for (const BadName& c : cases) {
    ExpectViolation(ParseDivisionName(c.name, "store.division").status(), "store.division", c.rule,
                    c.name);
  }
}

TEST(NamesTest, ParseMerchantNameRejects) {
  const std::vector<BadName> cases = {
      {"", "is required (merchants/{uscc})"},
      {kUscc, "must have the form merchants/{uscc}"},
      {"merchant/91110000600037341L", "must have the form merchants/{uscc}"},
      {"merchants/91110000600037341L/stores/s1", "must have the form merchants/{uscc}"},
      {"merchants/91110000600037341X",
       "has an invalid credit code: check character is 'X' but should be 'L'"},
      {"merchants/91110000600037341l",
       "has an invalid credit code: character 18 ('l') is not in the GB 32100 character set; "
       "use upper case"},
  };
  for (const BadName& c : cases) {
    ExpectViolation(ParseMerchantName(c.name).status(), "name", c.rule, c.name);
  }
}

TEST(NamesTest, ParseStoreNameRejects) {
  const std::vector<BadName> cases = {
      {"", "is required (merchants/{uscc}/stores/{store_id})"},
      {"merchants/91110000600037341L", "must have the form merchants/{uscc}/stores/{store_id}"},
      {"merchants/91110000600037341L/shops/s1",
       "must have the form merchants/{uscc}/stores/{store_id}"},
      {"merchants/91110000600037341L/stores/s1/x",
       "must have the form merchants/{uscc}/stores/{store_id}"},
      {"merchants/91110000600037341X/stores/s1",
       "has an invalid credit code: check character is 'X' but should be 'L'"},
      {"merchants/91110000600037341L/stores/", "has an invalid store id: is required"},
      {"merchants/91110000600037341L/stores/S1",
       "has an invalid store id: must contain only a-z, 0-9 and '-'"},
  };
  for (const BadName& c : cases) {
    ExpectViolation(ParseStoreName(c.name).status(), "name", c.rule, c.name);
  }
}

TEST(NamesTest, ParseAreaAndApiKeyNamesReject) {
  const std::vector<BadName> areas = {
      {"", "is required (areas/{area_id})"},
      {"wanda", "must have the form areas/{area_id}"},
      {"areas/wanda/x", "must have the form areas/{area_id}"},
      {"areas/", "has an invalid id: is required"},
      {"areas/-wanda", "has an invalid id: must start with a letter or digit"},
  };
  for (const BadName& c : areas) {
    ExpectViolation(ParseAreaName(c.name, "store.area").status(), "store.area", c.rule, c.name);
  }
  const std::vector<BadName> keys = {
      {"", "is required (apiKeys/{key_id})"},
      {"apikeys/k1", "must have the form apiKeys/{key_id}"},
      {"apiKeys/k_1", "has an invalid id: must contain only a-z, 0-9 and '-'"},
  };
  for (const BadName& c : keys) {
    ExpectViolation(ParseApiKeyName(c.name).status(), "name", c.rule, c.name);
  }
}

}  // namespace
}  // namespace fangxin
