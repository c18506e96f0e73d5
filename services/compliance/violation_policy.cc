#include "services/compliance/violation_policy.h"

#include "absl/time/civil_time.h"
#include "services/compliance/working_calendar.h"

namespace fangxin {

absl::Time WindowStart(const ViolationPolicy& policy, absl::Time now) {
  const absl::TimeZone cst = ChinaStandardTime();
  const absl::CivilSecond local = absl::ToCivilSecond(now, cst);
  // CivilSecond normalizes month overflow; a 31st with no counterpart rolls to the next month's
  // first days, which errs by at most three days on the side of a shorter window.
  const absl::CivilSecond start(local.year(), local.month() - policy.window_months, local.day(),
                                local.hour(), local.minute(), local.second());
  return absl::FromCivil(start, cst);
}

bool ShouldSuspend(const ViolationPolicy& policy, const std::vector<absl::Time>& violation_times,
                   absl::Time now) {
  if (policy.threshold <= 0) return false;
  const absl::Time start = WindowStart(policy, now);
  int count = 0;
  for (absl::Time t : violation_times) {
    if (t > start && t <= now) ++count;
  }
  return count >= policy.threshold;
}

bool IsComplaintViolation(bool pledge_related, bool upheld) { return pledge_related && upheld; }

bool IsInspectionViolation(bool passed, absl::Time rectification_deadline,
                           absl::Time rectified_time, absl::Time now) {
  if (passed) return false;
  if (now <= rectification_deadline) return false;
  return rectified_time > rectification_deadline;
}

}  // namespace fangxin
