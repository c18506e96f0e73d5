#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_CORE_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_CORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "fangxin/v1/compliance_service.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "services/compliance/complaint_timeliness.h"
#include "services/compliance/violation_policy.h"
#include "services/compliance/working_calendar.h"
#include "services/support/mutation.h"
#include "storage/registry.h"

namespace fangxin {

// The rules of ComplianceService without gRPC: authorize → validate → read → commit. Reads
// answer synchronously; mutations answer through a Reply once their commit is durable.
// Thread-safe; holds no state besides the pointers and options.
class ComplianceCore {
 public:
  struct Options {
    ViolationPolicy violation_policy;
    ComplaintLimits complaint_limits;
  };

  // None owned; all must outlive the core. `clock` stamps decisions, resolutions, inspections
  // and violations, and is "now" for the on-time indicators.
  ComplianceCore(storage::Registry* registry, const DivisionDirectory* divisions,
                 const WorkingCalendar* calendar, const PageTokenCodec* tokens, const Clock* clock,
                 Options options)
      : registry_(registry),
        divisions_(divisions),
        calendar_(calendar),
        tokens_(tokens),
        clock_(clock),
        options_(options) {}

  // Complaints (complaint_methods.cc).
  void IngestComplaint(const Principal& caller, const v1::IngestComplaintRequest& request,
                       Reply<v1::Complaint> reply);
  void UpdateComplaint(const Principal& caller, const v1::UpdateComplaintRequest& request,
                       Reply<v1::Complaint> reply);
  absl::StatusOr<v1::Complaint> GetComplaint(const Principal& caller,
                                             const v1::GetComplaintRequest& request);
  absl::StatusOr<v1::ListComplaintsResponse> ListComplaints(
      const Principal& caller, const v1::ListComplaintsRequest& request);

  // Spot checks, inspections, violations (inspection_methods.cc).
  void CreateSpotCheckPlan(const Principal& caller, const v1::CreateSpotCheckPlanRequest& request,
                           Reply<v1::SpotCheckPlan> reply);
  absl::StatusOr<v1::SpotCheckPlan> GetSpotCheckPlan(const Principal& caller,
                                                     const v1::GetSpotCheckPlanRequest& request);
  void RecordInspection(const Principal& caller, const v1::RecordInspectionRequest& request,
                        Reply<v1::Inspection> reply);
  absl::StatusOr<v1::ListInspectionsResponse> ListInspections(
      const Principal& caller, const v1::ListInspectionsRequest& request);
  absl::StatusOr<v1::ListViolationsResponse> ListViolations(
      const Principal& caller, const v1::ListViolationsRequest& request);

  // The quarterly report (report_methods.cc).
  absl::StatusOr<v1::QuarterlyReport> GetQuarterlyReport(
      const Principal& caller, const v1::GetQuarterlyReportRequest& request);

 private:
  storage::Registry* const registry_;
  const DivisionDirectory* const divisions_;
  const WorkingCalendar* const calendar_;
  const PageTokenCodec* const tokens_;
  const Clock* const clock_;
  const Options options_;
};

// The authorization target of a complaint: its store's merchant and place at intake.
Target ComplaintTarget(const v1::Complaint& complaint);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_CORE_H_
