#include "clients/demo/demo_timeline.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "tests/unit/demo/planned_demo.h"

namespace fangxin::demo {
namespace {

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time At(int y, int m, int d, int hh = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), kChina);
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds());
}

TEST(MonthsSinceDemoTest, CountsWholeCalendarMonthsInChinaTime) {
  EXPECT_EQ(MonthsSinceDemo(At(2026, 6, 1)), 0);  // before the demo's month
  EXPECT_EQ(MonthsSinceDemo(At(2026, 11, 1)), 0);
  EXPECT_EQ(MonthsSinceDemo(At(2026, 11, 30, 23)), 0);
  EXPECT_EQ(MonthsSinceDemo(At(2026, 12, 1)), 1);
  EXPECT_EQ(MonthsSinceDemo(At(2027, 3, 16)), 4);
  EXPECT_EQ(MonthsSinceDemo(At(2028, 11, 2)), 24);
  // 30 Nov 2026 17:00 UTC is already 1 Dec in China.
  EXPECT_EQ(MonthsSinceDemo(absl::FromCivil(absl::CivilSecond(2026, 11, 30, 17, 0, 0),
                                            absl::UTCTimeZone())),
            1);
}

TEST(AddMonthsTest, KeepsTheDayAndTimeAndClampsToTheMonthsEnd) {
  EXPECT_EQ(FromTs(AddMonths(Ts(At(2025, 3, 15)), 4)), At(2025, 7, 15));
  EXPECT_EQ(FromTs(AddMonths(Ts(At(2026, 10, 30, 9)), 2)), At(2026, 12, 30, 9));
  EXPECT_EQ(FromTs(AddMonths(Ts(At(2026, 10, 31)), 4)), At(2027, 2, 28));
  EXPECT_EQ(FromTs(AddMonths(Ts(At(2026, 10, 31)), 16)), At(2028, 2, 29));
  EXPECT_EQ(FromTs(AddMonths(Ts(At(2026, 1, 5)), 0)), At(2026, 1, 5));
}

// The demo's own bounds, as the generator writes them for November 2026.
const absl::Time kLatestReceive = At(2026, 10, 31, 17);
const absl::Time kEarliestPledgeEnd = At(2027, 3, 15);
const absl::Time kEarliestCertificateEnd = At(2027, 1, 1);

TEST(ShiftDemoTimelineTest, TheGeneratedDemoKeepsWithinTheBoundsTheShiftAssumes) {
  const testing::PlannedDemo plan = testing::PlanDemo(20220315, 7600);
  const std::vector<DemoPledge>& pledges = plan.pledges;
  const DemoCompliance& compliance = plan.compliance;
  const DemoCertification& certification = plan.certification;
  ASSERT_FALSE(pledges.empty());
  ASSERT_FALSE(compliance.complaints.empty());
  ASSERT_FALSE(certification.certificates.empty());
  for (const DemoPledge& p : pledges) EXPECT_GE(FromTs(p.pledge.valid_until()), kEarliestPledgeEnd);
  for (const DemoComplaint& c : compliance.complaints) {
    EXPECT_LE(FromTs(c.complaint.receive_time()), kLatestReceive);
  }
  for (const DemoCertificate& c : certification.certificates) {
    EXPECT_GE(FromTs(c.certificate.valid_until()), kEarliestCertificateEnd);
    EXPECT_LE(FromTs(c.certificate.issue_time()), kLatestReceive);
  }
}

// The point of the shift: what the demo writes as past stays past, and what it writes as future
// stays future, whenever it is loaded.
TEST(ShiftDemoTimelineTest, PastStaysPastAndFutureStaysFutureInAnyLaterMonth) {
  const absl::Time latest_receive = kLatestReceive;
  const absl::Time pledge_end = kEarliestPledgeEnd;
  const absl::Time earliest_certificate_end = kEarliestCertificateEnd;
  for (absl::Time now = At(2026, 11, 1); now < At(2031, 1, 1); now += absl::Hours(24 * 3)) {
    const int months = MonthsSinceDemo(now);
    EXPECT_LT(FromTs(AddMonths(Ts(latest_receive), months)), now) << now;
    EXPECT_GT(FromTs(AddMonths(Ts(pledge_end), months)), now) << now;
    EXPECT_GT(FromTs(AddMonths(Ts(earliest_certificate_end), months)), now) << now;
  }
}

TEST(ShiftDemoTimelineTest, MovesEveryDateAndRenamesDatedRequests) {
  std::vector<DemoPledge> pledges(1);
  pledges[0].pledge_id = "demo-p1";
  pledges[0].request_id = "demo-1-pledge-1";
  *pledges[0].pledge.mutable_valid_from() = Ts(At(2025, 3, 15));
  *pledges[0].pledge.mutable_valid_until() = Ts(At(2027, 3, 15));
  DemoCompliance compliance;
  compliance.complaints.resize(1);
  compliance.complaints[0].request_id = "demo-1-complaint-1";
  *compliance.complaints[0].complaint.mutable_receive_time() = Ts(At(2026, 5, 6, 10));
  DemoCertification certification;
  certification.certificates.resize(1);
  certification.certificates[0].request_id = "demo-1-cert-1";
  *certification.certificates[0].certificate.mutable_issue_time() = Ts(At(2024, 1, 2));
  *certification.certificates[0].certificate.mutable_valid_until() = Ts(At(2027, 1, 1));

  ShiftDemoTimeline(3, &pledges, &compliance, &certification);

  EXPECT_EQ(FromTs(pledges[0].pledge.valid_from()), At(2025, 6, 15));
  EXPECT_EQ(FromTs(pledges[0].pledge.valid_until()), At(2027, 6, 15));
  EXPECT_EQ(pledges[0].pledge_id, "demo-p1");
  EXPECT_EQ(pledges[0].request_id, "demo-1-pledge-1-m3");
  EXPECT_EQ(FromTs(compliance.complaints[0].complaint.receive_time()), At(2026, 8, 6, 10));
  EXPECT_EQ(compliance.complaints[0].request_id, "demo-1-complaint-1");
  EXPECT_EQ(FromTs(certification.certificates[0].certificate.issue_time()), At(2024, 4, 2));
  EXPECT_EQ(FromTs(certification.certificates[0].certificate.valid_until()), At(2027, 4, 1));
  EXPECT_EQ(certification.certificates[0].request_id, "demo-1-cert-1-m3");
}

TEST(ShiftDemoTimelineTest, ZeroMonthsChangesNothing) {
  std::vector<DemoPledge> pledges(1);
  pledges[0].request_id = "r";
  *pledges[0].pledge.mutable_valid_until() = Ts(At(2027, 3, 15));
  DemoCompliance compliance;
  DemoCertification certification;
  ShiftDemoTimeline(0, &pledges, &compliance, &certification);
  EXPECT_EQ(pledges[0].request_id, "r");
  EXPECT_EQ(FromTs(pledges[0].pledge.valid_until()), At(2027, 3, 15));
}

}  // namespace
}  // namespace fangxin::demo
