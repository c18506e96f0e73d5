#include "services/compliance/complaint_timeliness.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

WorkingCalendar Shipped() {
  auto calendar = WorkingCalendar::LoadFile(std::string(FANGXIN_SOURCE_DIR) +
                                            "/deploy/data/calendar-cn-2025-2026.csv");
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *std::move(calendar);
}

absl::Time Cst(int y, int m, int d, int h = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0), ChinaStandardTime());
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

v1::Complaint Received(absl::Time t) {
  v1::Complaint c;
  c.set_state(v1::COMPLAINT_STATE_RECEIVED);
  *c.mutable_receive_time() = Ts(t);
  return c;
}

v1::Complaint Decided(absl::Time received, absl::Time decided, v1::ComplaintState state) {
  v1::Complaint c = Received(received);
  c.set_state(state);
  *c.mutable_decide_time() = Ts(decided);
  return c;
}

class ComplaintTimelinessTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = Shipped();
};

// Received Fri 13 Feb 2026, the eve of the Spring Festival: the 7th working day is Mon 2 Mar
// (14 Feb make-up, 24-27 Feb, 28 Feb make-up, 2 Mar), so the limit ends 3 Mar 00:00 CST.
TEST_F(ComplaintTimelinessTest, DecisionLimitAcrossSpringFestival2026) {
  const absl::Time received = Cst(2026, 2, 13);
  const absl::Time end = absl::FromCivil(absl::CivilDay(2026, 3, 3), ChinaStandardTime());
  const auto state = v1::COMPLAINT_STATE_ACCEPTED;
  EXPECT_EQ(DecisionOutcome(Decided(received, end - absl::Seconds(1), state), calendar_, end),
            LimitOutcome::kMet);
  EXPECT_EQ(DecisionOutcome(Decided(received, end + absl::Seconds(1), state), calendar_, end),
            LimitOutcome::kMissed);
  EXPECT_EQ(DecisionOutcome(Received(received), calendar_, end - absl::Seconds(1)),
            LimitOutcome::kPending);
  EXPECT_EQ(DecisionOutcome(Received(received), calendar_, end + absl::Seconds(1)),
            LimitOutcome::kMissed);
  // Seven calendar-blind days would have ended on 20 Feb, in the middle of the holiday.
  EXPECT_EQ(DecisionOutcome(Decided(received, Cst(2026, 2, 27), v1::COMPLAINT_STATE_REJECTED),
                            calendar_, end + absl::Hours(1)),
            LimitOutcome::kMet);
}

// Accepted Wed 1 Apr 2026: the 45th working day is Mon 8 Jun (see working_calendar_test).
TEST_F(ComplaintTimelinessTest, MediationLimitOverLabourDay2026) {
  v1::Complaint c = Decided(Cst(2026, 3, 30), Cst(2026, 4, 1), v1::COMPLAINT_STATE_ACCEPTED);
  const absl::Time end = absl::FromCivil(absl::CivilDay(2026, 6, 9), ChinaStandardTime());
  EXPECT_EQ(MediationOutcome(c, calendar_, end - absl::Seconds(1)), LimitOutcome::kPending);
  EXPECT_EQ(MediationOutcome(c, calendar_, end + absl::Seconds(1)), LimitOutcome::kMissed);
  c.set_state(v1::COMPLAINT_STATE_RESOLVED);
  *c.mutable_resolve_time() = Ts(Cst(2026, 6, 8, 17));
  EXPECT_EQ(MediationOutcome(c, calendar_, end + absl::Hours(100)), LimitOutcome::kMet);
  *c.mutable_resolve_time() = Ts(Cst(2026, 6, 9, 9));
  EXPECT_EQ(MediationOutcome(c, calendar_, end + absl::Hours(100)), LimitOutcome::kMissed);
  // Mediation does not apply to rejected or undecided complaints.
  EXPECT_EQ(MediationOutcome(Received(Cst(2026, 3, 30)), calendar_, end),
            LimitOutcome::kNotApplicable);
  EXPECT_EQ(
      MediationOutcome(Decided(Cst(2026, 3, 30), Cst(2026, 4, 1), v1::COMPLAINT_STATE_REJECTED),
                       calendar_, end),
      LimitOutcome::kNotApplicable);
}

TEST_F(ComplaintTimelinessTest, IndicatorsCountOnlyComplaintsWhoseLimitHasPassed) {
  const absl::Time now = Cst(2025, 10, 20);
  std::vector<v1::Complaint> complaints = {
      // Due (received Mon 1 Sep; the 7th working day is Wed 10 Sep): met.
      Decided(Cst(2025, 9, 1), Cst(2025, 9, 3), v1::COMPLAINT_STATE_REJECTED),
      // Due: decided a day late (11 Sep).
      Decided(Cst(2025, 9, 1), Cst(2025, 9, 11), v1::COMPLAINT_STATE_REJECTED),
      // Due: never decided.
      Received(Cst(2025, 9, 1)),
      // Received 30 Sep: National Day pushes the 7th working day to 16 Oct: due, met on 15 Oct.
      Decided(Cst(2025, 9, 30), Cst(2025, 10, 15), v1::COMPLAINT_STATE_REJECTED),
      // Received 17 Oct: not due until 28 Oct, even though already decided.
      Decided(Cst(2025, 10, 17), Cst(2025, 10, 17), v1::COMPLAINT_STATE_REJECTED),
  };
  OnTimeIndicators indicators = ComputeOnTimeIndicators(complaints, calendar_, now);
  EXPECT_EQ(indicators.decision.due, 4);
  EXPECT_EQ(indicators.decision.met, 2);
  EXPECT_DOUBLE_EQ(indicators.decision.rate(), 0.5);
  EXPECT_EQ(indicators.mediation.due, 0);
  EXPECT_DOUBLE_EQ(indicators.mediation.rate(), 1.0);
}

}  // namespace
}  // namespace fangxin
