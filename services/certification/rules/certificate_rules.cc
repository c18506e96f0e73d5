#include "services/certification/rules/certificate_rules.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"

namespace fangxin {
namespace {

using v1::CertificateState;

constexpr absl::Duration kReEvaluationInterval = absl::Hours(24 * kReEvaluationIntervalDays);

absl::Status Refuse(CertificateState from, CertificateAction action) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, kCertificateFinal,
                         absl::StrCat("cannot ", CertificateActionName(action),
                                      " a certificate in state ", v1::CertificateState_Name(from)));
}

absl::Duration Days(int32_t days) { return absl::Hours(24 * static_cast<int64_t>(days)); }

}  // namespace

absl::string_view CertificateActionName(CertificateAction action) {
  switch (action) {
    case CertificateAction::kReEvaluationPassed:
      return "pass the re-evaluation of";
    case CertificateAction::kReEvaluationFailed:
      return "fail the re-evaluation of";
    case CertificateAction::kRevoke:
      return "revoke";
    case CertificateAction::kExpire:
      return "expire";
  }
  return "change";
}

bool IsFinalCertificateState(CertificateState state) {
  return state == v1::REVOKED || state == v1::EXPIRED;
}

bool IsLiveCertificate(CertificateState state) {
  return state == v1::VALID || state == v1::RECTIFYING;
}

absl::StatusOr<CertificateState> NextCertificateState(CertificateState from,
                                                      CertificateAction action) {
  // UNSPECIFIED never occurs in a stored certificate; refused like a final state.
  if (!IsLiveCertificate(from)) return Refuse(from, action);
  switch (action) {
    case CertificateAction::kReEvaluationPassed:
      return v1::VALID;
    case CertificateAction::kReEvaluationFailed:
      // A second failure, once the rectification period is over, ends the certificate.
      return from == v1::VALID ? v1::RECTIFYING : v1::REVOKED;
    case CertificateAction::kRevoke:
      return v1::REVOKED;
    case CertificateAction::kExpire:
      return v1::EXPIRED;
  }
  return Refuse(from, action);
}

CertificateDue DueWork(const v1::Certificate& certificate, absl::Time now) {
  const CertificateState state = certificate.state();
  if (!IsLiveCertificate(state)) return CertificateDue::kNothing;
  // Expiry first: re-evaluating a certificate that has run out would only be undone.
  if (now >= FromProto(certificate.valid_until())) return CertificateDue::kExpire;
  if (state == v1::RECTIFYING && now >= FromProto(certificate.rectification_deadline())) {
    return CertificateDue::kRectificationCheck;
  }
  if (state == v1::VALID && now >= FromProto(certificate.next_evaluation_time())) {
    return CertificateDue::kReEvaluate;
  }
  return CertificateDue::kNothing;
}

absl::Time NextEvaluationTime(absl::Time issue_time, absl::Time now) {
  if (now < issue_time + kReEvaluationInterval) return issue_time + kReEvaluationInterval;
  absl::Duration remainder;
  const int64_t years_passed =
      absl::IDivDuration(now - issue_time, kReEvaluationInterval, &remainder);
  return issue_time + (years_passed + 1) * kReEvaluationInterval;
}

absl::StatusOr<v1::Certificate> ApplyReEvaluation(const v1::Certificate& certificate,
                                                  const v1::Evaluation& evaluation,
                                                  const v1::Programme& programme_version,
                                                  absl::Time now) {
  const bool passed = evaluation.verdict() == v1::PASS;
  const CertificateState from = certificate.state();
  v1::Certificate updated = certificate;
  *updated.mutable_last_evaluation() = evaluation;
  ToProto(NextEvaluationTime(FromProto(certificate.issue_time()), now),
          updated.mutable_next_evaluation_time());

  // Before its deadline a rectifying unit may still put things right: a failure is recorded
  // and changes nothing else.
  if (from == v1::RECTIFYING && !passed && now < FromProto(certificate.rectification_deadline())) {
    updated.set_state_reason(absl::StrCat(
        "re-evaluation failed again, rectification due by ",
        absl::FormatTime(absl::RFC3339_sec, FromProto(certificate.rectification_deadline()),
                         absl::UTCTimeZone()),
        ": ", evaluation.summary()));
    return updated;
  }

  absl::StatusOr<CertificateState> next =
      NextCertificateState(from, passed ? CertificateAction::kReEvaluationPassed
                                        : CertificateAction::kReEvaluationFailed);
  if (!next.ok()) return next.status();
  updated.set_state(*next);
  switch (*next) {
    case v1::VALID:
      updated.clear_rectification_deadline();
      updated.set_state_reason(absl::StrCat(from == v1::RECTIFYING ? "rectified, " : "",
                                            "re-evaluation passed: ", evaluation.summary()));
      break;
    case v1::RECTIFYING: {
      const int32_t days = programme_version.rectification_days() > 0
                               ? programme_version.rectification_days()
                               : kDefaultRectificationDays;
      ToProto(now + Days(days), updated.mutable_rectification_deadline());
      updated.set_state_reason(
          absl::StrCat("re-evaluation failed, ", days, " days to rectify: ", evaluation.summary()));
      break;
    }
    default:  // REVOKED
      ToProto(now, updated.mutable_revoke_time());
      updated.set_state_reason(absl::StrCat(
          "re-evaluation failed after the rectification deadline: ", evaluation.summary()));
      break;
  }
  return updated;
}

v1::Certificate NewCertificate(const v1::Application& certified_app,
                               const v1::Programme& programme_version, absl::Time now) {
  v1::Certificate certificate;
  certificate.set_programme(certified_app.programme());
  certificate.set_criteria_version(certified_app.criteria_version());
  certificate.set_category(certified_app.category());
  certificate.set_level(certified_app.level());
  certificate.set_unit(certified_app.unit());
  certificate.set_unit_kind(certified_app.unit_kind());
  certificate.set_division(certified_app.division());
  certificate.set_township(certified_app.township());
  certificate.set_area(certified_app.area());
  certificate.set_merchant(certified_app.merchant());
  certificate.set_application(certified_app.name());
  certificate.set_state(v1::VALID);
  ToProto(now, certificate.mutable_issue_time());
  const int32_t validity_days = programme_version.validity_days() > 0
                                    ? programme_version.validity_days()
                                    : kDefaultValidityDays;
  ToProto(now + Days(validity_days), certificate.mutable_valid_until());
  ToProto(now + kReEvaluationInterval, certificate.mutable_next_evaluation_time());
  *certificate.mutable_last_evaluation() = certified_app.evaluation();
  certificate.set_issuer(kFangxinIssuer);
  return certificate;
}

}  // namespace fangxin
