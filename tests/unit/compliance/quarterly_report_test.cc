// BuildQuarterlyReport over hand-made records: which records fall in the quarter (bounds in
// China Standard Time), the on-time counts, and the JSON and CSV renderings.

#include "services/compliance/quarterly_report.h"

#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace fangxin {
namespace {

absl::Time Cst(int y, int m, int d, int hour) {
  return absl::FromCivil(absl::CivilHour(y, m, d, hour), absl::FixedTimeZone(8 * 3600));
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

WorkingCalendar WeekendsOnly() {
  std::istringstream in("date,kind,name\n");
  return *WorkingCalendar::Parse(in);
}

v1::Complaint Received(absl::Time t) {
  v1::Complaint c;
  c.set_state(v1::COMPLAINT_STATE_RECEIVED);
  *c.mutable_receive_time() = Ts(t);
  return c;
}

TEST(QuarterlyReportTest, QuarterBoundsAreChinaStandardTime) {
  const QuarterBounds q1 = BoundsOfQuarter(2026, 1);
  EXPECT_EQ(q1.start, Cst(2026, 1, 1, 0));
  EXPECT_EQ(q1.end, Cst(2026, 4, 1, 0));
  const QuarterBounds q4 = BoundsOfQuarter(2025, 4);
  EXPECT_EQ(q4.start, Cst(2025, 10, 1, 0));
  EXPECT_EQ(q4.end, Cst(2026, 1, 1, 0));
}

TEST(QuarterlyReportTest, CountsOnlyTheQuartersRecords) {
  ReportInputs in;
  in.year = 2026;
  in.quarter = 1;
  in.division = "divisions/320902";
  in.open_stores = 10;
  in.pledged_stores = 4;
  in.now = Cst(2026, 4, 20, 12);
  // In: the first and last CST instants of the quarter. Out: an hour either side.
  in.complaints = {Received(Cst(2026, 1, 1, 0)), Received(Cst(2026, 3, 31, 23)),
                   Received(Cst(2025, 12, 31, 23)), Received(Cst(2026, 4, 1, 0))};
  // The first is decided on time (next working day), the second not at all (its limit passed).
  in.complaints[0].set_state(v1::COMPLAINT_STATE_REJECTED);
  *in.complaints[0].mutable_decide_time() = Ts(Cst(2026, 1, 2, 9));
  v1::Violation in_quarter, before;
  *in_quarter.mutable_occur_time() = Ts(Cst(2026, 2, 1, 0));
  *before.mutable_occur_time() = Ts(Cst(2025, 12, 1, 0));
  in.violations = {in_quarter, before};
  v1::Pledge suspended, revoked, suspended_later, active;
  suspended.set_state(v1::PLEDGE_STATE_SUSPENDED);
  *suspended.mutable_update_time() = Ts(Cst(2026, 2, 2, 0));
  revoked.set_state(v1::PLEDGE_STATE_REVOKED);
  *revoked.mutable_update_time() = Ts(Cst(2026, 3, 2, 0));
  suspended_later.set_state(v1::PLEDGE_STATE_SUSPENDED);
  *suspended_later.mutable_update_time() = Ts(Cst(2026, 4, 2, 0));
  active.set_state(v1::PLEDGE_STATE_ACTIVE);
  *active.mutable_update_time() = Ts(Cst(2026, 2, 2, 0));
  in.pledges = {suspended, revoked, suspended_later, active};

  const v1::QuarterlyReport r = BuildQuarterlyReport(in, WeekendsOnly(), ComplaintLimits{});
  EXPECT_EQ(r.open_stores(), 10);
  EXPECT_EQ(r.pledged_stores(), 4);
  EXPECT_EQ(r.complaints_received(), 2);
  EXPECT_EQ(r.decision_due(), 2);
  EXPECT_EQ(r.decision_met(), 1);
  EXPECT_EQ(r.mediation_due(), 0);
  EXPECT_EQ(r.violations(), 1);
  EXPECT_EQ(r.suspensions(), 1);
  EXPECT_EQ(r.revocations(), 1);
  EXPECT_EQ(r.csv(),
            "year,quarter,division,open_stores,pledged_stores,complaints_received,decision_due,"
            "decision_met,decision_on_time_rate,mediation_due,mediation_met,"
            "mediation_on_time_rate,violations,suspensions,revocations\n"
            "2026,1,divisions/320902,10,4,2,2,1,0.5000,0,0,1.0000,1,1,1\n");
  EXPECT_EQ(r.json(),
            "{\"year\":2026,\"quarter\":1,\"division\":\"divisions/320902\",\"open_stores\":10,"
            "\"pledged_stores\":4,\"complaints_received\":2,\"decision_due\":2,"
            "\"decision_met\":1,\"decision_on_time_rate\":0.5000,\"mediation_due\":0,"
            "\"mediation_met\":0,\"mediation_on_time_rate\":1.0000,\"violations\":1,"
            "\"suspensions\":1,\"revocations\":1}");
}

TEST(QuarterlyReportTest, TheCityIsNamedCity) {
  ReportInputs in;
  in.year = 2026;
  in.quarter = 2;
  in.now = Cst(2026, 5, 1, 0);
  const v1::QuarterlyReport r = BuildQuarterlyReport(in, WeekendsOnly(), ComplaintLimits{});
  EXPECT_EQ(r.division(), "");
  EXPECT_NE(r.csv().find("\n2026,2,city,0,0,0,0,0,1.0000,"), std::string::npos) << r.csv();
}

}  // namespace
}  // namespace fangxin
