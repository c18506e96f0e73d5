#include "services/compliance/complaint_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace fangxin {

absl::Status CheckComplaintUpdate(v1::ComplaintState from, v1::ComplaintState to,
                                  v1::ComplaintOutcome outcome) {
  FieldViolations violations;
  if (to != v1::COMPLAINT_STATE_ACCEPTED && to != v1::COMPLAINT_STATE_REJECTED &&
      to != v1::COMPLAINT_STATE_RESOLVED) {
    violations.Add("state", "must be ACCEPTED, REJECTED or RESOLVED");
  }
  if (to == v1::COMPLAINT_STATE_RESOLVED && outcome == v1::COMPLAINT_OUTCOME_UNSPECIFIED) {
    violations.Add("outcome", "is required to resolve");
  }
  if (to != v1::COMPLAINT_STATE_RESOLVED && outcome != v1::COMPLAINT_OUTCOME_UNSPECIFIED) {
    violations.Add("outcome", "is only set when resolving");
  }
  if (!v1::ComplaintOutcome_IsValid(outcome)) violations.Add("outcome", "is not an outcome");
  if (!violations.empty()) return violations.ToStatus();
  const bool allowed =
      (from == v1::COMPLAINT_STATE_RECEIVED &&
       (to == v1::COMPLAINT_STATE_ACCEPTED || to == v1::COMPLAINT_STATE_REJECTED)) ||
      (from == v1::COMPLAINT_STATE_ACCEPTED && to == v1::COMPLAINT_STATE_RESOLVED);
  if (allowed) return absl::OkStatus();
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, kComplaintBadTransition,
                         absl::StrCat("a ", v1::ComplaintState_Name(from),
                                      " complaint cannot become ", v1::ComplaintState_Name(to)));
}

}  // namespace fangxin
