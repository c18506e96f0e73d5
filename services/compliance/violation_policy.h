#ifndef FANGXIN_SERVICES_COMPLIANCE_VIOLATION_POLICY_H_
#define FANGXIN_SERVICES_COMPLIANCE_VIOLATION_POLICY_H_

// When a pledge's record of violations is bad enough to suspend it automatically, and what
// counts as a violation at all. Pure; thread-safe.

#include <vector>

#include "absl/time/time.h"

namespace fangxin {

struct ViolationPolicy {
  // Violations within the window that suspend the pledge. Default 3, the city's rule; 0 or
  // less turns automatic suspension off.
  int threshold = 3;
  // Length of the rolling window in calendar months (counted in China Standard Time, so
  // "12 months before 2026-03-15 10:00" is 2025-03-15 10:00). Default 12.
  int window_months = 12;
};

// Whether the pledge must be suspended at `now`: at least `policy.threshold` of
// `violation_times` fall in (now - window, now]. Later times (a clock skew) are not counted.
bool ShouldSuspend(const ViolationPolicy& policy, const std::vector<absl::Time>& violation_times,
                   absl::Time now);

// The start of the rolling window ending at `now` (exclusive bound).
absl::Time WindowStart(const ViolationPolicy& policy, absl::Time now);

// A complaint is a violation of the pledge when it is pledge-related and its outcome is upheld.
bool IsComplaintViolation(bool pledge_related, bool upheld);

// A failed inspection becomes a violation once its rectification deadline has passed at `now`
// without a rectification recorded (rectified_time is absl::InfiniteFuture() while none is).
// An inspection that passed is never one.
bool IsInspectionViolation(bool passed, absl::Time rectification_deadline,
                           absl::Time rectified_time, absl::Time now);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_VIOLATION_POLICY_H_
