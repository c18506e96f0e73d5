#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_CORE_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_CORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "fangxin/v1/certification_service.pb.h"
#include "services/certification/rules/application_rules.h"
#include "services/common/authz.h"
#include "services/common/page_token.h"
#include "services/compliance/working_calendar.h"
#include "services/support/mutation.h"
#include "storage/registry.h"

namespace fangxin {

// The rules of CertificationService without gRPC: authorize → validate → read → evaluate and
// apply the transition tables (rules/) → commit. Reads answer synchronously; mutations answer
// through a Reply once their commit is durable. Issuing certificates at the end of a notice
// and the yearly re-evaluation are the sweeper's (certification_sweeper.h, which also holds the
// certificate number prefix), not the core's.
// Thread-safe; holds no state besides the pointers and options.
class CertificationCore {
 public:
  struct Options {
    // Required. The working-day calendar of the complaint time limits, which the on-time
    // complaint rate of the automatic criteria counts in. Not owned; must outlive the core.
    const WorkingCalendar* calendar = nullptr;
  };

  // None owned; all must outlive the core. `clock` is "now" for evaluations, notices and
  // certificate dates.
  CertificationCore(storage::Registry* registry, const PageTokenCodec* tokens, const Clock* clock,
                    Options options)
      : registry_(registry), tokens_(tokens), clock_(clock), options_(std::move(options)) {}

  // Programmes (programme_methods.cc).
  void CreateProgramme(const Principal& caller, const v1::CreateProgrammeRequest& request,
                       Reply<v1::Programme> reply);
  absl::StatusOr<v1::Programme> GetProgramme(const Principal& caller,
                                             const v1::GetProgrammeRequest& request);
  absl::StatusOr<v1::ListProgrammesResponse> ListProgrammes(
      const Principal& caller, const v1::ListProgrammesRequest& request);
  void UpdateProgramme(const Principal& caller, const v1::UpdateProgrammeRequest& request,
                       Reply<v1::Programme> reply);

  // Submitting and reading applications (application_methods.cc).
  void SubmitApplication(const Principal& caller, const v1::SubmitApplicationRequest& request,
                         Reply<v1::Application> reply);
  absl::StatusOr<v1::Application> GetApplication(const Principal& caller,
                                                 const v1::GetApplicationRequest& request);
  absl::StatusOr<v1::ListApplicationsResponse> ListApplications(
      const Principal& caller, const v1::ListApplicationsRequest& request);

  // Review, decision and the public notice (application_review.cc).
  void ScoreApplication(const Principal& caller, const v1::ScoreApplicationRequest& request,
                        Reply<v1::Application> reply);
  void DecideApplication(const Principal& caller, const v1::DecideApplicationRequest& request,
                         Reply<v1::Application> reply);
  void LodgeObjection(const Principal& caller, const v1::LodgeObjectionRequest& request,
                      Reply<v1::Application> reply);
  void ResolveObjection(const Principal& caller, const v1::ResolveObjectionRequest& request,
                        Reply<v1::Application> reply);

  // Certificates (certificate_methods.cc).
  absl::StatusOr<v1::Certificate> GetCertificate(const Principal& caller,
                                                 const v1::GetCertificateRequest& request);
  absl::StatusOr<v1::ListCertificatesResponse> ListCertificates(
      const Principal& caller, const v1::ListCertificatesRequest& request);
  void RevokeCertificate(const Principal& caller, const v1::RevokeCertificateRequest& request,
                         Reply<v1::Certificate> reply);
  void ImportCertificate(const Principal& caller, const v1::ImportCertificateRequest& request,
                         Reply<v1::Certificate> reply);

  // Dry runs and the tiered list (evaluation_methods.cc).
  absl::StatusOr<v1::Evaluation> EvaluateUnit(const Principal& caller,
                                              const v1::EvaluateUnitRequest& request);
  absl::StatusOr<v1::ListTiersResponse> ListTiers(const Principal& caller,
                                                  const v1::ListTiersRequest& request);

 private:
  // The common shape of a change to an application: validate name, etag and request id (plus
  // the caller's `violations`), replay, read, authorize `authz` on the application's place,
  // apply `action` to its state, read its programme version, let `mutate` adjust the new
  // version, commit with `reason` in the audit entry. Without `etag_required` the write
  // expects the revision just read (a concurrent change makes it ABORTED).
  struct ApplicationStep {
    const char* method;
    Action authz;
    ApplicationAction action;
    bool etag_required;
  };
  using ApplicationMutation = std::function<absl::Status(const v1::Programme& programme_version,
                                                         v1::Application* application)>;
  void ChangeApplication(const Principal& caller, const google::protobuf::Message& request,
                         const ApplicationStep& step, const std::string& name,
                         const std::string& etag, const std::string& request_id,
                         const std::string& reason, FieldViolations violations,
                         const ApplicationMutation& mutate, Reply<v1::Application> reply);

  // Evaluates `unit` of `kind` against `programme_version` now, with `scores` for the MANUAL
  // criteria (unscored ones are pending).
  absl::StatusOr<v1::Evaluation> EvaluateNow(
      const v1::Programme& programme_version, const std::string& unit, v1::UnitKind kind,
      const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores, absl::Time now);

  storage::Registry* const registry_;
  const PageTokenCodec* const tokens_;
  const Clock* const clock_;
  const Options options_;
};

// ---- Names and helpers shared by the core's files --------------------------------------------
// (ReadProgrammeVersion and LiveCertificatesOf are in certificate_upkeep.h.)

// `programs/{id}` -> id (1-63 of [a-z0-9-], starting with a letter); INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<std::string> ParseProgrammeName(absl::string_view name, absl::string_view field);
// `programs/{id}/versions/{n}`, n >= 1.
std::string ProgrammeVersionName(absl::string_view programme, int32_t version);
// `applications/{id}` and `certificates/{id}` -> id (names.h ids); INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<std::string> ParseApplicationName(absl::string_view name, absl::string_view field);
absl::StatusOr<std::string> ParseCertificateName(absl::string_view name, absl::string_view field);

// What the public role may not see of an application: the API keys of the applicant,
// reviewers and objectors (internal identifiers). Other roles see everything.
void RedactApplicationFor(const Principal& principal, v1::Application* application);

// A commit refused for a unique index (FAILED_PRECONDITION UNIQUE_CONSTRAINT) as the error
// clients expect: FAILED_PRECONDITION with `reason` and `message`. Other statuses pass through.
absl::Status MapUniqueConflict(absl::Status status, absl::string_view reason,
                               absl::string_view message);

// Reasons of the errors the core returns (certification_service.proto); UNIT_CLOSED and
// UNIT_KIND_MISMATCH are in unit_lookup.h.
inline constexpr char kLowerLevelRequired[] = "LOWER_LEVEL_REQUIRED";
inline constexpr char kApplicationPending[] = "APPLICATION_PENDING";
inline constexpr char kAlreadyCertified[] = "ALREADY_CERTIFIED";
// ImportCertificate: another certificate already has the number (ALREADY_EXISTS).
inline constexpr char kCertificateNumberTaken[] = "CERTIFICATE_NUMBER_TAKEN";
inline constexpr char kEvaluationNotPassed[] = "EVALUATION_NOT_PASSED";

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_CORE_H_
