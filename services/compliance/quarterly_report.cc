#include "services/compliance/quarterly_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/compliance/compliance_util.h"

namespace fangxin {
namespace {

bool Within(const google::protobuf::Timestamp& ts, const QuarterBounds& q) {
  const absl::Time t = compliance::ToTime(ts);
  return t >= q.start && t < q.end;
}

std::string Rate(int64_t met, int64_t due) {
  return due == 0 ? "1.0000" : absl::StrFormat("%.4f", static_cast<double>(met) / due);
}

}  // namespace

QuarterBounds BoundsOfQuarter(int year, int quarter) {
  const absl::CivilMonth first(year, 3 * (quarter - 1) + 1);
  return {absl::FromCivil(absl::CivilDay(first), ChinaStandardTime()),
          absl::FromCivil(absl::CivilDay(first + 3), ChinaStandardTime())};
}

v1::QuarterlyReport BuildQuarterlyReport(const ReportInputs& in, const WorkingCalendar& calendar,
                                         const ComplaintLimits& limits) {
  const QuarterBounds q = BoundsOfQuarter(in.year, in.quarter);
  v1::QuarterlyReport r;
  r.set_year(in.year);
  r.set_quarter(in.quarter);
  r.set_division(in.division);
  r.set_open_stores(in.open_stores);
  r.set_pledged_stores(in.pledged_stores);
  std::vector<v1::Complaint> received;
  for (const v1::Complaint& c : in.complaints) {
    if (Within(c.receive_time(), q)) received.push_back(c);
  }
  r.set_complaints_received(static_cast<int64_t>(received.size()));
  const OnTimeIndicators on_time = ComputeOnTimeIndicators(received, calendar, in.now, limits);
  r.set_decision_due(on_time.decision.due);
  r.set_decision_met(on_time.decision.met);
  r.set_mediation_due(on_time.mediation.due);
  r.set_mediation_met(on_time.mediation.met);
  int64_t violations = 0;
  for (const v1::Violation& v : in.violations) violations += Within(v.occur_time(), q);
  r.set_violations(violations);
  int64_t suspensions = 0, revocations = 0;
  for (const v1::Pledge& p : in.pledges) {
    if (!Within(p.update_time(), q)) continue;
    suspensions += p.state() == v1::PLEDGE_STATE_SUSPENDED;
    revocations += p.state() == v1::PLEDGE_STATE_REVOKED;
  }
  r.set_suspensions(suspensions);
  r.set_revocations(revocations);

  const std::string scope = in.division.empty() ? "city" : in.division;
  r.set_json(absl::StrCat(
      "{\"year\":", in.year, ",\"quarter\":", in.quarter, ",\"division\":\"", scope,
      "\",\"open_stores\":", r.open_stores(), ",\"pledged_stores\":", r.pledged_stores(),
      ",\"complaints_received\":", r.complaints_received(), ",\"decision_due\":",
      r.decision_due(), ",\"decision_met\":", r.decision_met(), ",\"decision_on_time_rate\":",
      Rate(r.decision_met(), r.decision_due()), ",\"mediation_due\":", r.mediation_due(),
      ",\"mediation_met\":", r.mediation_met(), ",\"mediation_on_time_rate\":",
      Rate(r.mediation_met(), r.mediation_due()), ",\"violations\":", r.violations(),
      ",\"suspensions\":", r.suspensions(), ",\"revocations\":", r.revocations(), "}"));
  r.set_csv(absl::StrCat(
      "year,quarter,division,open_stores,pledged_stores,complaints_received,decision_due,"
      "decision_met,decision_on_time_rate,mediation_due,mediation_met,mediation_on_time_rate,"
      "violations,suspensions,revocations\n",
      in.year, ",", in.quarter, ",", scope, ",", r.open_stores(), ",", r.pledged_stores(), ",",
      r.complaints_received(), ",", r.decision_due(), ",", r.decision_met(), ",",
      Rate(r.decision_met(), r.decision_due()), ",", r.mediation_due(), ",", r.mediation_met(),
      ",", Rate(r.mediation_met(), r.mediation_due()), ",", r.violations(), ",",
      r.suspensions(), ",", r.revocations(), "\n"));
  return r;
}

}  // namespace fangxin
