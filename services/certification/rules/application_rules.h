#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_APPLICATION_RULES_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_APPLICATION_RULES_H_

// The rules of an application for certification: its state machine, the public-notice
// timing and the validation of reviewers' scores. Pure; callers pass the time. Thread-safe.
//
//   SUBMITTED ──precheck pass──▶ UNDER_REVIEW ──approve──▶ PUBLIC_NOTICE ──complete──▶ CERTIFIED
//       │                         ▲   │  ⟲ score            │  ⟲ lodge, dismiss
//       └──precheck fail──▶ REJECTED ◀─reject                └──uphold──▶ UNDER_REVIEW

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "fangxin/v1/certification.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace fangxin {

// Everything that can happen to an application after it is filed.
enum class ApplicationAction {
  kPrecheckPass,      // The pre-check at submission found no failed automatic veto.
  kPrecheckFail,      // The pre-check found one: rejected at once.
  kScore,             // A reviewer scores MANUAL criteria.
  kApprove,           // A reviewer approves (the evaluation passed): the notice begins.
  kReject,            // A reviewer rejects.
  kLodgeObjection,    // Anyone objects during the notice.
  kUpholdObjection,   // A reviewer upholds an objection: back to review.
  kDismissObjection,  // A reviewer dismisses an objection: the notice goes on.
  kCompleteNotice,    // The sweeper: the notice ended with no open objection.
};

// Every action, for tables and tests.
inline constexpr ApplicationAction kAllApplicationActions[] = {
    ApplicationAction::kPrecheckPass,    ApplicationAction::kPrecheckFail,
    ApplicationAction::kScore,           ApplicationAction::kApprove,
    ApplicationAction::kReject,          ApplicationAction::kLodgeObjection,
    ApplicationAction::kUpholdObjection, ApplicationAction::kDismissObjection,
    ApplicationAction::kCompleteNotice,
};

// A verb for messages: "pass the pre-check of", "score", "approve", ...
absl::string_view ApplicationActionName(ApplicationAction action);

// Reasons (ErrorInfo.reason) of a refused transition; all FAILED_PRECONDITION.
inline constexpr char kApplicationFinal[] = "APPLICATION_FINAL";  // REJECTED, CERTIFIED, WITHDRAWN.
inline constexpr char kApplicationNotSubmitted[] = "APPLICATION_NOT_SUBMITTED";
inline constexpr char kApplicationNotUnderReview[] = "APPLICATION_NOT_UNDER_REVIEW";
inline constexpr char kApplicationNotInNotice[] = "APPLICATION_NOT_IN_NOTICE";

// REJECTED, CERTIFIED and WITHDRAWN (no action leads to WITHDRAWN yet; it is final all the same).
bool IsFinalApplicationState(v1::ApplicationState state);

// The state `action` leads to from `from`, or FAILED_PRECONDITION with one of the reasons
// above: APPLICATION_FINAL from a final state (or UNSPECIFIED, so a corrupt record cannot be
// revived); otherwise the reason names the state the action needs (pre-check: SUBMITTED;
// score, approve, reject: UNDER_REVIEW; objections and completion: PUBLIC_NOTICE).
absl::StatusOr<v1::ApplicationState> NextApplicationState(v1::ApplicationState from,
                                                          ApplicationAction action);

// SUBMITTED, UNDER_REVIEW, PUBLIC_NOTICE: the states that block a second application of the
// unit to the same programme.
bool IsOpenApplication(v1::ApplicationState state);

// Whether any objection of `application` is OBJECTION_OPEN.
bool HasOpenObjection(const v1::Application& application);

// Whether the sweeper may certify `application` at `now`: PUBLIC_NOTICE, now >= notice_end_time
// and no open objection.
bool NoticeComplete(const v1::Application& application, absl::Time now);

// Limits of a manual score.
inline constexpr int kMaxEvidenceChars = 2000;
inline constexpr int kMaxEvidenceLinks = 10;
inline constexpr int kMaxEvidenceLinkChars = 500;

// Checks reviewers' scores against the programme version the application was made under; adds
// one violation per broken rule under `path` (e.g. "scores": "scores[1].score"):
//   at least one score; criterion_id a MANUAL criterion of the version, not scored twice in
//   the request; 0 <= score <= the criterion's points; evidence 1-2000 characters; at most 10
//   evidence_links, each an http:// or https:// URL of at most 500 characters without spaces.
// Output-only fields (reviewer, score_time) are not checked.
void ValidateManualScores(const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                          const v1::Programme& programme_version, absl::string_view path,
                          FieldViolations* violations);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_APPLICATION_RULES_H_
