#include "services/compliance/violation_policy.h"

#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "services/compliance/working_calendar.h"

namespace fangxin {
namespace {

absl::Time Cst(int y, int m, int d, int h = 12) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0), ChinaStandardTime());
}

TEST(ViolationPolicyTest, WindowIsTwelveCalendarMonths) {
  EXPECT_EQ(WindowStart(ViolationPolicy{}, Cst(2026, 3, 15, 10)), Cst(2025, 3, 15, 10));
}

TEST(ViolationPolicyTest, Table) {
  const absl::Time now = Cst(2026, 6, 1);
  struct Case {
    const char* name;
    ViolationPolicy policy;
    std::vector<absl::Time> times;
    bool suspend;
  };
  const Case cases[] = {
      {"none", {}, {}, false},
      {"two", {}, {Cst(2026, 1, 1), Cst(2026, 2, 1)}, false},
      {"three within", {}, {Cst(2025, 7, 1), Cst(2026, 1, 1), Cst(2026, 5, 31)}, true},
      {"one just outside", {}, {Cst(2025, 6, 1), Cst(2026, 1, 1), Cst(2026, 5, 31)}, false},
      {"one just inside",
       {},
       {Cst(2025, 6, 1) + absl::Seconds(1), Cst(2026, 1, 1), Cst(2026, 5, 31)},
       true},
      {"at now counts", {}, {now, now, now}, true},
      {"future ignored", {}, {now, now, now + absl::Seconds(1)}, false},
      {"threshold 1", {1, 12}, {Cst(2026, 5, 1)}, true},
      {"window 3 months", {2, 3}, {Cst(2026, 2, 1), Cst(2026, 5, 1)}, false},
      {"disabled", {0, 12}, {now, now, now}, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ShouldSuspend(c.policy, c.times, now), c.suspend) << c.name;
  }
}

TEST(ViolationPolicyTest, ComplaintViolation) {
  EXPECT_TRUE(IsComplaintViolation(true, true));
  EXPECT_FALSE(IsComplaintViolation(true, false));
  EXPECT_FALSE(IsComplaintViolation(false, true));
  EXPECT_FALSE(IsComplaintViolation(false, false));
}

TEST(ViolationPolicyTest, InspectionViolation) {
  const absl::Time deadline = Cst(2026, 4, 1);
  const absl::Time never = absl::InfiniteFuture();
  struct Case {
    const char* name;
    bool passed;
    absl::Time rectified;
    absl::Time now;
    bool violation;
  };
  const Case cases[] = {
      {"passed", true, never, deadline + absl::Hours(100), false},
      {"failed, deadline not passed", false, never, deadline, false},
      {"failed, not rectified, deadline passed", false, never, deadline + absl::Seconds(1), true},
      {"failed, rectified in time", false, deadline - absl::Hours(1), deadline + absl::Hours(1),
       false},
      {"failed, rectified on the deadline", false, deadline, deadline + absl::Hours(1), false},
      {"failed, rectified late", false, deadline + absl::Seconds(1), deadline + absl::Hours(1),
       true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsInspectionViolation(c.passed, deadline, c.rectified, c.now), c.violation) << c.name;
  }
}

}  // namespace
}  // namespace fangxin
