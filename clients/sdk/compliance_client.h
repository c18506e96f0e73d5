#ifndef FANGXIN_CLIENTS_SDK_COMPLIANCE_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_COMPLIANCE_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "clients/sdk/pagination_range.h"
#include "fangxin/v1/compliance_service.pb.h"

namespace fangxin::sdk {

// One method per RPC of ComplianceService. The implementation from MakeComplianceConnection
// behaves as MakeConnection's (connection.h): a fresh context per attempt with the call's
// deadline and the bearer token, a request_id given to every mutation that lacks one and kept
// across attempts, retries of UNAVAILABLE only (retry_loop.h). Defaults return UNIMPLEMENTED,
// so test doubles override only what they need. Thread-safe.
class ComplianceConnection {
 public:
  virtual ~ComplianceConnection() = default;
  virtual absl::StatusOr<v1::Complaint> IngestComplaint(const v1::IngestComplaintRequest& request);
  virtual absl::StatusOr<v1::Complaint> UpdateComplaint(const v1::UpdateComplaintRequest& request);
  virtual absl::StatusOr<v1::Complaint> GetComplaint(const v1::GetComplaintRequest& request);
  virtual absl::StatusOr<v1::ListComplaintsResponse> ListComplaints(
      const v1::ListComplaintsRequest& request);
  virtual absl::StatusOr<v1::SpotCheckPlan> CreateSpotCheckPlan(
      const v1::CreateSpotCheckPlanRequest& request);
  virtual absl::StatusOr<v1::SpotCheckPlan> GetSpotCheckPlan(
      const v1::GetSpotCheckPlanRequest& request);
  virtual absl::StatusOr<v1::Inspection> RecordInspection(
      const v1::RecordInspectionRequest& request);
  virtual absl::StatusOr<v1::ListInspectionsResponse> ListInspections(
      const v1::ListInspectionsRequest& request);
  virtual absl::StatusOr<v1::ListViolationsResponse> ListViolations(
      const v1::ListViolationsRequest& request);
  virtual absl::StatusOr<v1::QuarterlyReport> GetQuarterlyReport(
      const v1::GetQuarterlyReportRequest& request);
};

// INVALID_ARGUMENT for inconsistent options, as MakeConnection.
absl::StatusOr<std::shared_ptr<ComplianceConnection>> MakeComplianceConnection(
    ClientOptions options = {});

// Complaints, spot-check plans, inspections, violations and the quarterly report.
//
//   auto connection = fangxin::sdk::MakeComplianceConnection(options);
//   fangxin::sdk::ComplianceClient compliance(*connection);
//   auto report = compliance.GetQuarterlyReport(2026, 1, "divisions/320902");
//
// A cheap value type over a shared ComplianceConnection; thread-safe (a PaginationRange it
// returns is single-threaded). Errors carry the server's details (ErrorReasonOf, ...).
class ComplianceClient {
 public:
  explicit ComplianceClient(std::shared_ptr<ComplianceConnection> connection)
      : connection_(std::move(connection)) {}

  absl::StatusOr<v1::Complaint> IngestComplaint(const v1::IngestComplaintRequest& request);
  absl::StatusOr<v1::Complaint> UpdateComplaint(const v1::UpdateComplaintRequest& request);
  absl::StatusOr<v1::Complaint> GetComplaint(const std::string& name);
  // Filters (division, area, state) and page_size come from `request`.
  PaginationRange<v1::Complaint> ListComplaints(v1::ListComplaintsRequest request = {});
  absl::StatusOr<v1::SpotCheckPlan> CreateSpotCheckPlan(const v1::SpotCheckPlan& plan);
  absl::StatusOr<v1::SpotCheckPlan> GetSpotCheckPlan(const std::string& name);
  absl::StatusOr<v1::Inspection> RecordInspection(const v1::Inspection& inspection);
  PaginationRange<v1::Inspection> ListInspections(v1::ListInspectionsRequest request = {});
  PaginationRange<v1::Violation> ListViolations(v1::ListViolationsRequest request = {});
  // `division`: a county-level `divisions/{code}`, or empty for the city.
  absl::StatusOr<v1::QuarterlyReport> GetQuarterlyReport(int year, int quarter,
                                                         const std::string& division = "");

  const std::shared_ptr<ComplianceConnection>& connection() const { return connection_; }

 private:
  std::shared_ptr<ComplianceConnection> connection_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_COMPLIANCE_CLIENT_H_
