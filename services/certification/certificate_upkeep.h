#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_UPKEEP_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_UPKEEP_H_

// The registry work the certification sweeper and the certificate monitor share: reading the
// programme version a certificate was issued under, re-evaluating a certificate's unit now,
// finding a unit's live certificates, and committing one certificate change as the system.
// Thread-safe as the registry is.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fangxin/v1/certification.pb.h"
#include "services/compliance/working_calendar.h"
#include "storage/registry.h"

namespace fangxin {

// `programs/{id}/versions/{n}`. NOT_FOUND when absent.
absl::StatusOr<v1::Programme> ReadProgrammeVersion(storage::Registry& registry,
                                                   const std::string& programme, int32_t version);

// Evaluates the certificate's unit now against `programme_version`: the automatic criteria
// from ReadUnitMetrics; the manual ones from the scores of the application it was issued on,
// or, for an imported certificate (no application), counted in full.
absl::StatusOr<v1::Evaluation> EvaluateCertificate(storage::Registry& registry,
                                                   const WorkingCalendar& calendar,
                                                   const v1::Certificate& certificate,
                                                   const v1::Programme& programme_version,
                                                   absl::Time now);

// The VALID and RECTIFYING certificates of `unit`, any programme.
absl::StatusOr<std::vector<v1::Certificate>> LiveCertificatesOf(storage::Registry& registry,
                                                                const std::string& unit);

// Commits `updated` over `original` (expecting its mod_revision) as the system component
// `actor` (e.g. "system/certification-sweeper"), with the method and reason of the audit
// entry. Returns false, writing nothing, when the certificate changed meanwhile (ABORTED) or
// is gone: whoever changed it decided first. Other errors as Commit's.
absl::StatusOr<bool> CommitCertificateChange(storage::Registry& registry,
                                             const v1::Certificate& original,
                                             v1::Certificate updated, const std::string& actor,
                                             const std::string& method, const std::string& reason);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATE_UPKEEP_H_
