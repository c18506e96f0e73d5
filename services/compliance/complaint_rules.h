#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_RULES_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_RULES_H_

// The life of a complaint as the platforms report it: RECEIVED -> ACCEPTED | REJECTED;
// ACCEPTED -> RESOLVED with an outcome. Pure; thread-safe.

#include "absl/status/status.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin {

inline constexpr char kComplaintBadTransition[] = "COMPLAINT_BAD_TRANSITION";

// OK when a complaint in `from` may move to `to` with `outcome`; otherwise FAILED_PRECONDITION
// COMPLAINT_BAD_TRANSITION (a state the life does not allow next), or INVALID_ARGUMENT naming
// `outcome` (required exactly when `to` is RESOLVED) or `state` (not a target state).
absl::Status CheckComplaintUpdate(v1::ComplaintState from, v1::ComplaintState to,
                                  v1::ComplaintOutcome outcome);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLAINT_RULES_H_
