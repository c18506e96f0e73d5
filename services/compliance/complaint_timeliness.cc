#include "services/compliance/complaint_timeliness.h"

namespace fangxin {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

LimitOutcome Judge(absl::Time deadline, bool done, absl::Time done_time, absl::Time now) {
  if (done) return done_time <= deadline ? LimitOutcome::kMet : LimitOutcome::kMissed;
  return now > deadline ? LimitOutcome::kMissed : LimitOutcome::kPending;
}

bool Decided(const v1::Complaint& c) {
  return c.state() == v1::COMPLAINT_STATE_ACCEPTED || c.state() == v1::COMPLAINT_STATE_REJECTED ||
         c.state() == v1::COMPLAINT_STATE_RESOLVED;
}

}  // namespace

LimitOutcome DecisionOutcome(const v1::Complaint& complaint, const WorkingCalendar& calendar,
                             absl::Time now, const ComplaintLimits& limits) {
  const absl::Time deadline =
      calendar.Deadline(ToTime(complaint.receive_time()), limits.decide_working_days);
  return Judge(deadline, Decided(complaint), ToTime(complaint.decide_time()), now);
}

LimitOutcome MediationOutcome(const v1::Complaint& complaint, const WorkingCalendar& calendar,
                              absl::Time now, const ComplaintLimits& limits) {
  if (complaint.state() != v1::COMPLAINT_STATE_ACCEPTED &&
      complaint.state() != v1::COMPLAINT_STATE_RESOLVED) {
    return LimitOutcome::kNotApplicable;
  }
  const absl::Time deadline =
      calendar.Deadline(ToTime(complaint.decide_time()), limits.mediate_working_days);
  return Judge(deadline, complaint.state() == v1::COMPLAINT_STATE_RESOLVED,
               ToTime(complaint.resolve_time()), now);
}

OnTimeIndicators ComputeOnTimeIndicators(const std::vector<v1::Complaint>& complaints,
                                         const WorkingCalendar& calendar, absl::Time now,
                                         const ComplaintLimits& limits) {
  OnTimeIndicators out;
  auto count = [now](OnTimeIndicator& indicator, LimitOutcome outcome, absl::Time deadline) {
    if (outcome == LimitOutcome::kNotApplicable || now <= deadline) return;
    ++indicator.due;
    if (outcome == LimitOutcome::kMet) ++indicator.met;
  };
  for (const v1::Complaint& c : complaints) {
    count(out.decision, DecisionOutcome(c, calendar, now, limits),
          calendar.Deadline(ToTime(c.receive_time()), limits.decide_working_days));
    count(out.mediation, MediationOutcome(c, calendar, now, limits),
          calendar.Deadline(ToTime(c.decide_time()), limits.mediate_working_days));
  }
  return out;
}

}  // namespace fangxin
