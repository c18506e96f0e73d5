#include "clients/map/store_query.h"

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin::map {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using Params = std::multimap<std::string, std::string>;

TEST(StoreQueryTest, EmptyQueryMatchesEverything) {
  absl::StatusOr<StoreFilter> filter = ParseStoreQuery({});
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_EQ(filter->division, "");
  EXPECT_EQ(filter->area, "");
  EXPECT_EQ(filter->pledge_status, std::nullopt);
  EXPECT_EQ(filter->changed_after, 0);
}

TEST(StoreQueryTest, AcceptsIdsAndFullNames) {
  const struct {
    Params params;
    std::string division, area;
    std::optional<PledgeStatus> status;
    int64_t since;
  } kCases[] = {
      {{{"division", "320902"}}, "divisions/320902", "", std::nullopt, 0},
      {{{"division", "divisions/320902001"}}, "divisions/320902001", "", std::nullopt, 0},
      {{{"area", "yc-wuyue-plaza"}}, "", "areas/yc-wuyue-plaza", std::nullopt, 0},
      {{{"area", "areas/yc-wuyue-plaza"}}, "", "areas/yc-wuyue-plaza", std::nullopt, 0},
      {{{"pledge_state", "suspended"}}, "", "", PledgeStatus::kSuspended, 0},
      {{{"since", "17"}, {"_", "cachebuster"}}, "", "", std::nullopt, 17},
  };
  for (const auto& c : kCases) {
    absl::StatusOr<StoreFilter> filter = ParseStoreQuery(c.params);
    ASSERT_TRUE(filter.ok()) << filter.status();
    EXPECT_EQ(filter->division, c.division);
    EXPECT_EQ(filter->area, c.area);
    EXPECT_EQ(filter->pledge_status, c.status);
    EXPECT_EQ(filter->changed_after, c.since);
  }
}

TEST(StoreQueryTest, ListsEveryBadParameter) {
  absl::StatusOr<StoreFilter> filter = ParseStoreQuery(
      {{"division", "tinghu"}, {"area", "Areas/X Y"}, {"pledge_state", "ACTIVE"}, {"since", "-3"}});
  ASSERT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      FieldViolationsOf(filter.status()),
      ElementsAre(Field(&FieldViolation::field, "division"), Field(&FieldViolation::field, "area"),
                  Field(&FieldViolation::field, "pledge_state"),
                  Field(&FieldViolation::field, "since")));
}

TEST(StoreQueryTest, RepeatedParameterIsRefused) {
  absl::StatusOr<StoreFilter> filter =
      ParseStoreQuery({{"division", "320902"}, {"division", "320903"}});
  ASSERT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(filter.status()),
              ElementsAre(Field(&FieldViolation::field, "division")));
}

TEST(StoreQueryTest, SinceMustBeANumber) {
  for (const char* since : {"x", "1.5", "99999999999999999999"}) {
    absl::StatusOr<StoreFilter> filter = ParseStoreQuery({{"since", since}});
    EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument) << since;
  }
}

}  // namespace
}  // namespace fangxin::map
