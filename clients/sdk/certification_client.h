#ifndef FANGXIN_CLIENTS_SDK_CERTIFICATION_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_CERTIFICATION_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "clients/sdk/pagination_range.h"
#include "fangxin/v1/certification_service.pb.h"

namespace fangxin::sdk {

// One method per RPC of CertificationService. The implementation from
// MakeCertificationConnection behaves as MakeConnection's (connection.h): a fresh context per
// attempt with the call's deadline and the bearer token, a request_id given to every mutation
// that lacks one and kept across attempts, and retries of UNAVAILABLE only, with exponential
// backoff and full jitter (retry_loop.h). Defaults return UNIMPLEMENTED, so test doubles
// override only what they need. Thread-safe.
class CertificationConnection {
 public:
  virtual ~CertificationConnection() = default;
  virtual absl::StatusOr<v1::Programme> CreateProgramme(const v1::CreateProgrammeRequest& request);
  virtual absl::StatusOr<v1::Programme> GetProgramme(const v1::GetProgrammeRequest& request);
  virtual absl::StatusOr<v1::ListProgrammesResponse> ListProgrammes(
      const v1::ListProgrammesRequest& request);
  virtual absl::StatusOr<v1::Programme> UpdateProgramme(const v1::UpdateProgrammeRequest& request);
  virtual absl::StatusOr<v1::Application> SubmitApplication(
      const v1::SubmitApplicationRequest& request);
  virtual absl::StatusOr<v1::Application> GetApplication(const v1::GetApplicationRequest& request);
  virtual absl::StatusOr<v1::ListApplicationsResponse> ListApplications(
      const v1::ListApplicationsRequest& request);
  virtual absl::StatusOr<v1::Application> ScoreApplication(
      const v1::ScoreApplicationRequest& request);
  virtual absl::StatusOr<v1::Application> DecideApplication(
      const v1::DecideApplicationRequest& request);
  virtual absl::StatusOr<v1::Application> LodgeObjection(const v1::LodgeObjectionRequest& request);
  virtual absl::StatusOr<v1::Application> ResolveObjection(
      const v1::ResolveObjectionRequest& request);
  virtual absl::StatusOr<v1::Certificate> GetCertificate(const v1::GetCertificateRequest& request);
  virtual absl::StatusOr<v1::ListCertificatesResponse> ListCertificates(
      const v1::ListCertificatesRequest& request);
  virtual absl::StatusOr<v1::Certificate> RevokeCertificate(
      const v1::RevokeCertificateRequest& request);
  virtual absl::StatusOr<v1::Certificate> ImportCertificate(
      const v1::ImportCertificateRequest& request);
  virtual absl::StatusOr<v1::Evaluation> EvaluateUnit(const v1::EvaluateUnitRequest& request);
  virtual absl::StatusOr<v1::ListTiersResponse> ListTiers(const v1::ListTiersRequest& request);
};

// INVALID_ARGUMENT for inconsistent options, as MakeConnection.
absl::StatusOr<std::shared_ptr<CertificationConnection>> MakeCertificationConnection(
    ClientOptions options = {});

// Certification: programmes, applications (pre-check, scoring, decision, public notice and
// objections), certificates, the dry-run evaluation and the tiered list.
//
//   auto connection = fangxin::sdk::MakeCertificationConnection(options);
//   fangxin::sdk::CertificationClient cert(*connection);
//   auto evaluation = cert.EvaluateUnit("programs/street-district",
//                                       "areas/yc-jianjun-walk");
//
// A cheap value type over a shared CertificationConnection; thread-safe (a PaginationRange it
// returns is single-threaded). Errors carry the server's details (ErrorReasonOf,
// FieldViolationsOf). Mutations taking a whole request keep its request_id when set, so a
// caller that replays a request (e.g. a loader) is applied at most once.
class CertificationClient {
 public:
  explicit CertificationClient(std::shared_ptr<CertificationConnection> connection)
      : connection_(std::move(connection)) {}

  // `programme`: display_name, category, level, unit_kind, criteria, pass_mark and the
  // optional fields. `programme_id`: empty to let the server choose.
  absl::StatusOr<v1::Programme> CreateProgramme(const v1::Programme& programme,
                                                const std::string& programme_id = "");
  absl::StatusOr<v1::Programme> CreateProgramme(const v1::CreateProgrammeRequest& request);
  // `programs/{id}` (latest version) or `programs/{id}/versions/{n}`.
  absl::StatusOr<v1::Programme> GetProgramme(const std::string& name);
  // Filters (category, level, unit_kind) and page_size come from `request`.
  PaginationRange<v1::Programme> ListProgrammes(v1::ListProgrammesRequest request = {});
  // Makes the next criteria version.
  absl::StatusOr<v1::Programme> UpdateProgramme(const v1::UpdateProgrammeRequest& request);

  // `application`: programme, unit, optional statement.
  absl::StatusOr<v1::Application> SubmitApplication(const v1::Application& application,
                                                    const std::string& application_id = "");
  absl::StatusOr<v1::Application> SubmitApplication(const v1::SubmitApplicationRequest& request);
  absl::StatusOr<v1::Application> GetApplication(const std::string& name);
  // Filters (programme, unit, division, area, state) and page_size come from `request`.
  PaginationRange<v1::Application> ListApplications(v1::ListApplicationsRequest request = {});
  absl::StatusOr<v1::Application> ScoreApplication(const v1::ScoreApplicationRequest& request);
  absl::StatusOr<v1::Application> DecideApplication(const std::string& name,
                                                    const std::string& etag, bool approve,
                                                    const std::string& reason);
  absl::StatusOr<v1::Application> DecideApplication(const v1::DecideApplicationRequest& request);
  absl::StatusOr<v1::Application> LodgeObjection(const std::string& name, const std::string& text);
  absl::StatusOr<v1::Application> LodgeObjection(const v1::LodgeObjectionRequest& request);
  absl::StatusOr<v1::Application> ResolveObjection(const v1::ResolveObjectionRequest& request);

  absl::StatusOr<v1::Certificate> GetCertificate(const std::string& name);
  // Filters (unit, programme, division, area, state, level, category) and page_size come from
  // `request`.
  PaginationRange<v1::Certificate> ListCertificates(v1::ListCertificatesRequest request = {});
  absl::StatusOr<v1::Certificate> RevokeCertificate(const std::string& name,
                                                    const std::string& etag,
                                                    const std::string& reason);
  absl::StatusOr<v1::Certificate> RevokeCertificate(const v1::RevokeCertificateRequest& request);
  // `certificate`: programme, unit, number, issuer, issue_time, valid_until.
  absl::StatusOr<v1::Certificate> ImportCertificate(const v1::ImportCertificateRequest& request);

  // A dry run of the programme's current criteria for `unit`; MANUAL criteria are PENDING.
  absl::StatusOr<v1::Evaluation> EvaluateUnit(const std::string& programme,
                                              const std::string& unit);
  // `division`: `divisions/{code}`, or `divisions/-` for the whole city. `category`:
  // CERTIFICATION_CATEGORY_UNSPECIFIED for all.
  absl::StatusOr<v1::ListTiersResponse> ListTiers(
      const std::string& division,
      v1::CertificationCategory category = v1::CERTIFICATION_CATEGORY_UNSPECIFIED);

  const std::shared_ptr<CertificationConnection>& connection() const { return connection_; }

 private:
  std::shared_ptr<CertificationConnection> connection_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_CERTIFICATION_CLIENT_H_
