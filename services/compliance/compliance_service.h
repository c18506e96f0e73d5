#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SERVICE_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SERVICE_H_

#include "fangxin/v1/compliance_service.grpc.pb.h"
#include "services/compliance/compliance_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of ComplianceService over ComplianceCore: authenticate, delegate, convert the
// status. Thread-safe.
class ComplianceService final : public v1::ComplianceService::CallbackService {
 public:
  // Not owned; both must outlive the service.
  ComplianceService(ComplianceCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

#define FANGXIN_COMPLIANCE_METHOD(Method, Request, Response)                                     \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const v1::Request* request, \
                                   v1::Response* response) override;
  FANGXIN_COMPLIANCE_METHOD(IngestComplaint, IngestComplaintRequest, Complaint)
  FANGXIN_COMPLIANCE_METHOD(UpdateComplaint, UpdateComplaintRequest, Complaint)
  FANGXIN_COMPLIANCE_METHOD(GetComplaint, GetComplaintRequest, Complaint)
  FANGXIN_COMPLIANCE_METHOD(ListComplaints, ListComplaintsRequest, ListComplaintsResponse)
  FANGXIN_COMPLIANCE_METHOD(CreateSpotCheckPlan, CreateSpotCheckPlanRequest, SpotCheckPlan)
  FANGXIN_COMPLIANCE_METHOD(GetSpotCheckPlan, GetSpotCheckPlanRequest, SpotCheckPlan)
  FANGXIN_COMPLIANCE_METHOD(RecordInspection, RecordInspectionRequest, Inspection)
  FANGXIN_COMPLIANCE_METHOD(ListInspections, ListInspectionsRequest, ListInspectionsResponse)
  FANGXIN_COMPLIANCE_METHOD(ListViolations, ListViolationsRequest, ListViolationsResponse)
  FANGXIN_COMPLIANCE_METHOD(GetQuarterlyReport, GetQuarterlyReportRequest, QuarterlyReport)
#undef FANGXIN_COMPLIANCE_METHOD

 private:
  ComplianceCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_SERVICE_H_
