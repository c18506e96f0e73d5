#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_TIMELINESS_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_TIMELINESS_H_

// The 12315 time limits and the on-time indicators built from them. A complaint is accepted or
// rejected within 7 working days of its receipt; mediation ends within 45 working days of its
// acceptance. Each limit ends at 24:00 China Standard Time of its last working day
// (WorkingCalendar::Deadline). Pure; thread-safe.

#include <vector>

#include "absl/time/time.h"
#include "fangxin/v1/resources.pb.h"
#include "services/compliance/working_calendar.h"

namespace fangxin {

struct ComplaintLimits {
  int decide_working_days = 7;
  int mediate_working_days = 45;
};

enum class LimitOutcome {
  kNotApplicable,  // The limit does not apply (mediation of a rejected or undecided complaint).
  kPending,        // Not done yet, and the limit has not passed.
  kMet,            // Done by the deadline.
  kMissed,         // Done late, or not done and the limit has passed.
};

// Whether the accept-or-reject limit was met, at `now`.
LimitOutcome DecisionOutcome(const v1::Complaint& complaint, const WorkingCalendar& calendar,
                             absl::Time now, const ComplaintLimits& limits = {});

// Whether the mediation limit was met, at `now`. Applies once the complaint is ACCEPTED (or
// RESOLVED, which follows acceptance).
LimitOutcome MediationOutcome(const v1::Complaint& complaint, const WorkingCalendar& calendar,
                              absl::Time now, const ComplaintLimits& limits = {});

// One indicator, as the issue defines it: the share of complaints that met a limit among those
// whose limit has passed at `now` (a complaint decided early but whose deadline is still ahead
// is not counted yet). rate() is 1 when nothing is due.
struct OnTimeIndicator {
  int due = 0;
  int met = 0;
  double rate() const { return due == 0 ? 1.0 : static_cast<double>(met) / due; }
};

struct OnTimeIndicators {
  OnTimeIndicator decision;
  OnTimeIndicator mediation;
};

OnTimeIndicators ComputeOnTimeIndicators(const std::vector<v1::Complaint>& complaints,
                                         const WorkingCalendar& calendar, absl::Time now,
                                         const ComplaintLimits& limits = {});

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_TIMELINESS_H_
