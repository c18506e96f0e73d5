#include "services/certification/rules/programme_rules.h"

#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/certification/cert_test_util.h"

namespace fangxin {
namespace {

using cert_test::Automatic;
using cert_test::FieldsOf;
using cert_test::StoreProgramme;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<std::string> Violations(const v1::Programme& programme) {
  FieldViolations violations;
  ValidateProgramme(programme, "programme", &violations);
  return FieldsOf(violations);
}

// StoreProgramme's criteria: [0] upheld_complaints (AUTOMATIC count veto, 20 points),
// [1] on_time (AUTOMATIC share, 30), [2] display (MANUAL 50, threshold 30),
// [3] community (MANUAL bonus 20). Available points 110 (bonus capped at 10); pass mark 80.
TEST(ValidateProgrammeTest, AValidProgrammePasses) {
  EXPECT_THAT(Violations(StoreProgramme()), ElementsAre());
  v1::Programme with_defaults = StoreProgramme();
  ApplyProgrammeDefaults(&with_defaults);
  EXPECT_THAT(Violations(with_defaults), ElementsAre());
}

struct Rule {
  const char* name;
  std::function<void(v1::Programme*)> mutate;
  std::vector<std::string> fields;  // Empty: still valid (a boundary that is allowed).
};

const std::vector<Rule>& Rules() {
  static const auto* rules = new std::vector<Rule>{
      {"display name required",
       [](v1::Programme* p) { p->clear_display_name(); },
       {"programme.display_name"}},
      {"display name at most 200",
       [](v1::Programme* p) { p->set_display_name(std::string(201, 'a')); },
       {"programme.display_name"}},
      {"display name of 200",
       [](v1::Programme* p) { p->set_display_name(std::string(200, 'a')); },
       {}},
      {"category required", [](v1::Programme* p) { p->clear_category(); }, {"programme.category"}},
      {"category known",
       [](v1::Programme* p) { p->set_category(static_cast<v1::CertificationCategory>(99)); },
       {"programme.category"}},
      {"level required", [](v1::Programme* p) { p->clear_level(); }, {"programme.level"}},
      {"unit kind required",
       [](v1::Programme* p) { p->clear_unit_kind(); },
       {"programme.unit_kind"}},
      {"criteria required",
       [](v1::Programme* p) { p->clear_criteria(); },
       {"programme.criteria", "programme.pass_mark"}},  // Nothing to earn either.
      {"at most 50 criteria",
       [](v1::Programme* p) {
         for (int i = p->criteria_size(); i < kMaxCriteria + 1; ++i) {
           *p->add_criteria() =
               Automatic(absl::StrCat("extra_", i), v1::VIOLATIONS_12M, v1::AT_MOST, 0, 1);
         }
       },
       {"programme.criteria"}},
      {"50 criteria",
       [](v1::Programme* p) {
         for (int i = p->criteria_size(); i < kMaxCriteria; ++i) {
           *p->add_criteria() =
               Automatic(absl::StrCat("extra_", i), v1::VIOLATIONS_12M, v1::AT_MOST, 0, 1);
         }
       },
       {}},
      {"id required",
       [](v1::Programme* p) { p->mutable_criteria(1)->clear_id(); },
       {"programme.criteria[1].id"}},
      {"id at most 32",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_id(std::string(33, 'a')); },
       {"programme.criteria[1].id"}},
      {"id of 32",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_id(std::string(32, 'a')); },
       {}},
      {"id of a-z 0-9 _",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_id("On-Time"); },
       {"programme.criteria[1].id"}},
      {"id unique",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_id("upheld_complaints"); },
       {"programme.criteria[2].id"}},
      {"title required",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_title("  "); },
       {"programme.criteria[1].title"}},
      {"title at most 200",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_title(std::string(201, 'a')); },
       {"programme.criteria[1].title"}},
      {"criterion description at most 1000",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_description(std::string(1001, 'a')); },
       {"programme.criteria[1].description"}},
      {"kind required",
       [](v1::Programme* p) { p->mutable_criteria(1)->clear_kind(); },
       {"programme.criteria[1].kind"}},
      {"points not negative",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_points(-1); },
       {"programme.criteria[1].points"}},
      {"points at most 1000",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_points(1001); },
       {"programme.criteria[1].points"}},
      {"points of 1000", [](v1::Programme* p) { p->mutable_criteria(1)->set_points(1000); }, {}},
      {"automatic metric required",
       [](v1::Programme* p) { p->mutable_criteria(1)->clear_metric(); },
       {"programme.criteria[1].metric"}},
      {"automatic metric applies to the unit kind",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_metric(v1::CERTIFIED_MEMBER_SHARE); },
       {"programme.criteria[1].metric"}},
      {"automatic comparison required",
       [](v1::Programme* p) { p->mutable_criteria(1)->clear_comparison(); },
       {"programme.criteria[1].comparison"}},
      {"share threshold at most 1",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_threshold(1.01); },
       {"programme.criteria[1].threshold"}},
      {"share threshold of 1",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_threshold(1); },
       {}},
      {"share threshold of 0",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_threshold(0); },
       {}},
      {"share threshold not negative",
       [](v1::Programme* p) { p->mutable_criteria(1)->set_threshold(-0.1); },
       {"programme.criteria[1].threshold"}},
      {"count threshold not negative",
       [](v1::Programme* p) { p->mutable_criteria(0)->set_threshold(-1); },
       {"programme.criteria[0].threshold"}},
      {"count threshold above 1",
       [](v1::Programme* p) { p->mutable_criteria(0)->set_threshold(40); },
       {}},
      {"threshold finite",
       [](v1::Programme* p) {
         p->mutable_criteria(0)->set_threshold(std::numeric_limits<double>::quiet_NaN());
       },
       {"programme.criteria[0].threshold"}},
      {"manual without metric",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_metric(v1::VIOLATIONS_12M); },
       {"programme.criteria[2].metric"}},
      {"manual without comparison",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_comparison(v1::AT_LEAST); },
       {"programme.criteria[2].comparison"}},
      {"manual threshold at most the points",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_threshold(51); },
       {"programme.criteria[2].threshold"}},
      {"manual threshold of the points",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_threshold(50); },
       {}},
      {"manual threshold not negative",
       [](v1::Programme* p) { p->mutable_criteria(2)->set_threshold(-1); },
       {"programme.criteria[2].threshold"}},
      {"bonus cap not negative",
       [](v1::Programme* p) { p->set_bonus_cap(-1); },
       {"programme.bonus_cap"}},
      {"pass mark at least 1",
       [](v1::Programme* p) { p->set_pass_mark(0); },
       {"programme.pass_mark"}},
      {"pass mark at most the points available",
       [](v1::Programme* p) { p->set_pass_mark(111); },
       {"programme.pass_mark"}},
      {"pass mark of all the points available",
       [](v1::Programme* p) { p->set_pass_mark(110); },
       {}},
      {"notice days at most 60",
       [](v1::Programme* p) { p->set_notice_days(61); },
       {"programme.notice_days"}},
      {"notice days of 60", [](v1::Programme* p) { p->set_notice_days(60); }, {}},
      {"notice days not negative",
       [](v1::Programme* p) { p->set_notice_days(-1); },
       {"programme.notice_days"}},
      {"validity days at most 3650",
       [](v1::Programme* p) { p->set_validity_days(3651); },
       {"programme.validity_days"}},
      {"validity days of 3650", [](v1::Programme* p) { p->set_validity_days(3650); }, {}},
      {"rectification days at most 365",
       [](v1::Programme* p) { p->set_rectification_days(366); },
       {"programme.rectification_days"}},
      {"rectification days of 365", [](v1::Programme* p) { p->set_rectification_days(365); }, {}},
      {"description at most 2000",
       [](v1::Programme* p) { p->set_description(std::string(2001, 'a')); },
       {"programme.description"}},
  };
  return *rules;
}

class ProgrammeRuleTest : public ::testing::TestWithParam<Rule> {};

TEST_P(ProgrammeRuleTest, NamesExactlyItsField) {
  v1::Programme programme = StoreProgramme();
  GetParam().mutate(&programme);
  EXPECT_THAT(Violations(programme), ElementsAreArray(GetParam().fields));
}

// "display name at most 200" → "display_name_at_most_200".
std::string RuleTestName(const ::testing::TestParamInfo<Rule>& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EachRule, ProgrammeRuleTest, ::testing::ValuesIn(Rules()), RuleTestName);

TEST(ValidateProgrammeTest, PassMarkCountsOnlyCappedBonus) {
  v1::Programme programme = StoreProgramme();
  EXPECT_EQ(AvailablePoints(programme), 110);
  programme.set_bonus_cap(100);  // Bonus criteria total 20.
  EXPECT_EQ(AvailablePoints(programme), 120);
  programme.set_pass_mark(121);
  FieldViolations violations;
  ValidateProgramme(programme, "programme", &violations);
  ASSERT_THAT(FieldsOf(violations), ElementsAre("programme.pass_mark"));
  EXPECT_THAT(violations.list()[0].description, HasSubstr("(120)"));
}

TEST(ValidateProgrammeTest, MetricNotApplyingSaysWhy) {
  v1::Programme programme = StoreProgramme();
  programme.mutable_criteria(1)->set_metric(v1::CERTIFIED_MEMBER_SHARE);
  FieldViolations violations;
  ValidateProgramme(programme, "programme", &violations);
  ASSERT_EQ(violations.list().size(), 1u);
  EXPECT_EQ(violations.list()[0].description,
            "certified member share does not apply to store units");
}

TEST(ValidateProgrammeTest, EveryBrokenRuleIsReported) {
  v1::Programme programme = StoreProgramme();
  programme.clear_display_name();
  programme.mutable_criteria(0)->clear_comparison();
  programme.mutable_criteria(3)->set_id("display");
  programme.set_notice_days(99);
  EXPECT_THAT(Violations(programme),
              ElementsAre("programme.display_name", "programme.criteria[0].comparison",
                          "programme.criteria[3].id", "programme.notice_days"));
}

TEST(ValidateProgrammeTest, UsesThePathGiven) {
  v1::Programme programme = StoreProgramme();
  programme.clear_level();
  FieldViolations violations;
  ValidateProgramme(programme, "request.programme", &violations);
  EXPECT_THAT(FieldsOf(violations), ElementsAre("request.programme.level"));
}

TEST(ApplyProgrammeDefaultsTest, FillsOnlyZeroes) {
  v1::Programme programme;
  ApplyProgrammeDefaults(&programme);
  EXPECT_EQ(programme.notice_days(), kDefaultNoticeDays);
  EXPECT_EQ(programme.validity_days(), kDefaultValidityDays);
  EXPECT_EQ(programme.rectification_days(), kDefaultRectificationDays);
  programme.set_notice_days(14);
  programme.set_validity_days(365);
  programme.set_rectification_days(30);
  ApplyProgrammeDefaults(&programme);
  EXPECT_EQ(programme.notice_days(), 14);
  EXPECT_EQ(programme.validity_days(), 365);
  EXPECT_EQ(programme.rectification_days(), 30);
}

TEST(LevelBelowTest, TheLadder) {
  EXPECT_EQ(LevelBelow(v1::CULTIVATING), std::nullopt);
  EXPECT_EQ(LevelBelow(v1::CITY_ADVANCED), v1::CULTIVATING);
  EXPECT_EQ(LevelBelow(v1::CITY_DEMONSTRATION), v1::CITY_ADVANCED);
  EXPECT_EQ(LevelBelow(v1::PROVINCIAL), v1::CITY_DEMONSTRATION);
  EXPECT_EQ(LevelBelow(v1::CERTIFICATION_LEVEL_UNSPECIFIED), std::nullopt);
}

TEST(MetricAppliesToTest, EveryMetricAndUnitKind) {
  constexpr bool Y = true, N = false;
  struct Row {
    v1::Metric metric;
    bool store, merchant, area, division;
  };
  const Row rows[] = {
      {v1::PLEDGE_ACTIVE_DAYS, Y, Y, N, N},     {v1::UPHELD_COMPLAINTS_12M, Y, Y, Y, Y},
      {v1::ON_TIME_COMPLAINT_RATE, Y, Y, Y, Y}, {v1::PLEDGE_COVERAGE, Y, Y, Y, Y},
      {v1::CERTIFIED_MEMBER_SHARE, N, N, Y, Y}, {v1::INSPECTION_PASS_RATE, Y, Y, Y, Y},
      {v1::VIOLATIONS_12M, Y, Y, Y, Y},
  };
  std::set<int> covered;
  for (const Row& row : rows) {
    SCOPED_TRACE(v1::Metric_Name(row.metric));
    covered.insert(row.metric);
    EXPECT_EQ(MetricAppliesTo(row.metric, v1::UNIT_STORE), row.store);
    EXPECT_EQ(MetricAppliesTo(row.metric, v1::UNIT_MERCHANT), row.merchant);
    EXPECT_EQ(MetricAppliesTo(row.metric, v1::UNIT_AREA), row.area);
    EXPECT_EQ(MetricAppliesTo(row.metric, v1::UNIT_DIVISION), row.division);
    EXPECT_FALSE(MetricAppliesTo(row.metric, v1::UNIT_KIND_UNSPECIFIED));
  }
  for (int m = v1::Metric_MIN + 1; m <= v1::Metric_MAX; ++m) {
    EXPECT_TRUE(covered.count(m)) << v1::Metric_Name(static_cast<v1::Metric>(m));
  }
  EXPECT_FALSE(MetricAppliesTo(v1::METRIC_UNSPECIFIED, v1::UNIT_STORE));
}

TEST(MetricLabelTest, SharesAndLabels) {
  std::set<std::string> labels;
  for (int m = v1::Metric_MIN + 1; m <= v1::Metric_MAX; ++m) {
    labels.insert(std::string(MetricLabel(static_cast<v1::Metric>(m))));
  }
  EXPECT_EQ(labels.size(), static_cast<size_t>(v1::Metric_MAX));
  EXPECT_EQ(labels.count("metric"), 0u);
  EXPECT_EQ(MetricLabel(v1::PLEDGE_ACTIVE_DAYS), "pledge active days");
  EXPECT_TRUE(IsShareMetric(v1::ON_TIME_COMPLAINT_RATE));
  EXPECT_TRUE(IsShareMetric(v1::PLEDGE_COVERAGE));
  EXPECT_TRUE(IsShareMetric(v1::CERTIFIED_MEMBER_SHARE));
  EXPECT_TRUE(IsShareMetric(v1::INSPECTION_PASS_RATE));
  EXPECT_FALSE(IsShareMetric(v1::PLEDGE_ACTIVE_DAYS));
  EXPECT_FALSE(IsShareMetric(v1::UPHELD_COMPLAINTS_12M));
  EXPECT_FALSE(IsShareMetric(v1::VIOLATIONS_12M));
}

}  // namespace
}  // namespace fangxin
