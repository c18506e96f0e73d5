#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_CERTIFICATE_RULES_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_CERTIFICATE_RULES_H_

// The rules of a certificate: its state machine, the time-based work it is due for (yearly
// re-evaluation, the rectification deadline, expiry), the outcome of a re-evaluation and the
// issue of a new certificate. Pure; callers pass the time. Thread-safe.
//
//   VALID ──re-evaluation failed──▶ RECTIFYING ──failed again after the deadline──▶ REVOKED
//     ▲ ⟲ passed                      │
//     └──────────passed───────────────┘        VALID | RECTIFYING ──revoke──▶ REVOKED
//                                              VALID | RECTIFYING ──expire──▶ EXPIRED

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "fangxin/v1/certification.pb.h"

namespace fangxin {

enum class CertificateAction {
  kReEvaluationPassed,  // A re-evaluation passed.
  kReEvaluationFailed,  // A re-evaluation failed.
  kRevoke,              // A regulator, a revoked pledge or a veto event.
  kExpire,              // The sweeper: valid_until has passed.
};

// Every action, for tables and tests.
inline constexpr CertificateAction kAllCertificateActions[] = {
    CertificateAction::kReEvaluationPassed,
    CertificateAction::kReEvaluationFailed,
    CertificateAction::kRevoke,
    CertificateAction::kExpire,
};

// A verb for messages: "pass the re-evaluation of", "revoke", ...
absl::string_view CertificateActionName(CertificateAction action);

// Reason (ErrorInfo.reason) of a refused transition; FAILED_PRECONDITION.
inline constexpr char kCertificateFinal[] = "CERTIFICATE_FINAL";  // REVOKED, EXPIRED.

// The days between yearly re-evaluations.
inline constexpr int kReEvaluationIntervalDays = 365;
// Issuer of the certificates issued here (imported ones name their authority).
inline constexpr char kFangxinIssuer[] = "fangxin";

// REVOKED and EXPIRED.
bool IsFinalCertificateState(v1::CertificateState state);
// VALID and RECTIFYING: the certificate still places the unit in its tier.
bool IsLiveCertificate(v1::CertificateState state);

// The state `action` leads to from `from`:
//   VALID --passed--> VALID; VALID --failed--> RECTIFYING; RECTIFYING --passed--> VALID;
//   RECTIFYING --failed--> REVOKED; VALID|RECTIFYING --revoke--> REVOKED, --expire--> EXPIRED.
// From REVOKED, EXPIRED (or UNSPECIFIED) every action is FAILED_PRECONDITION CERTIFICATE_FINAL.
absl::StatusOr<v1::CertificateState> NextCertificateState(v1::CertificateState from,
                                                          CertificateAction action);

// What the sweeper must do with a certificate at `now`, in this order of precedence:
//   VALID or RECTIFYING and now >= valid_until     → kExpire;
//   RECTIFYING and now >= rectification_deadline   → kRectificationCheck (re-evaluate; a
//                                                    failure revokes);
//   VALID and now >= next_evaluation_time          → kReEvaluate;
//   otherwise (including final states)             → kNothing.
enum class CertificateDue { kNothing, kExpire, kReEvaluate, kRectificationCheck };
CertificateDue DueWork(const v1::Certificate& certificate, absl::Time now);

// The first yearly anniversary (issue_time + k × 365 days, k >= 1) strictly after `now`.
absl::Time NextEvaluationTime(absl::Time issue_time, absl::Time now);

// The certificate after a re-evaluation computed at `now` (passed means verdict PASS; FAIL and
// PENDING count as failed), with last_evaluation = `evaluation`, state_reason in words and
// next_evaluation_time = NextEvaluationTime(issue_time, now):
//   VALID + pass: stays VALID.
//   VALID + fail: RECTIFYING, rectification_deadline = now + rectification_days (the
//     programme's, or the default when 0).
//   RECTIFYING + pass: VALID; rectification_deadline cleared.
//   RECTIFYING + fail at or after the deadline: REVOKED, revoke_time = now.
//   RECTIFYING + fail before the deadline: stays RECTIFYING, the deadline unchanged (the unit
//     still has time to rectify).
// FAILED_PRECONDITION CERTIFICATE_FINAL for a REVOKED or EXPIRED certificate.
absl::StatusOr<v1::Certificate> ApplyReEvaluation(const v1::Certificate& certificate,
                                                  const v1::Evaluation& evaluation,
                                                  const v1::Programme& programme_version,
                                                  absl::Time now);

// A certificate for an application that completed its notice: programme, criteria_version,
// category, level, unit, unit_kind, division, township, area, merchant and application copied
// from `certified_app`; state VALID; issue_time now; valid_until now + validity_days (the
// programme's, or the default when 0); next_evaluation_time now + 365 days; last_evaluation
// the application's evaluation; issuer "fangxin". The caller fills name, number and
// unit_display_name.
v1::Certificate NewCertificate(const v1::Application& certified_app,
                               const v1::Programme& programme_version, absl::Time now);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_CERTIFICATE_RULES_H_
