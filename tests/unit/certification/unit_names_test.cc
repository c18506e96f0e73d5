#include "services/certification/rules/unit_names.h"

#include <string>

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using ::testing::ElementsAre;

constexpr char kUscc[] = "91110000600037341L";

TEST(UnitKindOfNameTest, EachKindOfUnit) {
  struct Row {
    std::string name;
    v1::UnitKind kind;
  };
  const Row rows[] = {
      {std::string("merchants/") + kUscc + "/stores/s-1", v1::UNIT_STORE},
      {std::string("merchants/") + kUscc, v1::UNIT_MERCHANT},
      {"areas/old-street", v1::UNIT_AREA},
      {"divisions/320902", v1::UNIT_DIVISION},
      {"divisions/320902001", v1::UNIT_DIVISION},
  };
  for (const Row& row : rows) {
    absl::StatusOr<v1::UnitKind> kind = UnitKindOfName(row.name, "application.unit");
    ASSERT_TRUE(kind.ok()) << row.name << ": " << kind.status();
    EXPECT_EQ(*kind, row.kind) << row.name;
  }
}

TEST(UnitKindOfNameTest, BadNamesNameTheField) {
  const std::string bad_names[] = {
      "",
      "stores/s-1",
      "programs/brand",
      "merchants/",
      "merchants/91110000600037341X",  // Wrong check character.
      std::string("merchants/") + kUscc + "/stores/",
      std::string("merchants/") + kUscc + "/stores/S_1",
      std::string("merchants/") + kUscc + "/pledges/p1",
      "areas/",
      "areas/Old_Street",
      "divisions/3209",
      "divisions/32090x",
      "apiKeys/k1",
  };
  for (const std::string& name : bad_names) {
    absl::StatusOr<v1::UnitKind> kind = UnitKindOfName(name, "application.unit");
    ASSERT_FALSE(kind.ok()) << name;
    EXPECT_EQ(kind.status().code(), absl::StatusCode::kInvalidArgument) << name;
    std::vector<std::string> fields;
    for (const FieldViolation& violation : FieldViolationsOf(kind.status())) {
      fields.push_back(violation.field);
    }
    EXPECT_THAT(fields, ElementsAre("application.unit")) << name;
  }
}

TEST(UnitKindLabelTest, Labels) {
  EXPECT_EQ(UnitKindLabel(v1::UNIT_STORE), "store");
  EXPECT_EQ(UnitKindLabel(v1::UNIT_MERCHANT), "merchant");
  EXPECT_EQ(UnitKindLabel(v1::UNIT_AREA), "area");
  EXPECT_EQ(UnitKindLabel(v1::UNIT_DIVISION), "division");
  EXPECT_EQ(UnitKindLabel(v1::UNIT_KIND_UNSPECIFIED), "unit");
}

}  // namespace
}  // namespace fangxin
