#include "services/compliance/compliance_service.h"

#include <utility>

#include "services/support/unary.h"

namespace fangxin {

// Every method is one of two shapes: a read answered on the gRPC thread, or a mutation answered
// from its commit's completion.
#define FANGXIN_COMPLIANCE_READ(Method, Request, Response)                                    \
  grpc::ServerUnaryReactor* ComplianceService::Method(                                        \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Response* response) { \
    return UnaryRead(*auth_, ctx, response,                                                   \
                     [&](const Principal& p) { return core_->Method(p, *request); });         \
  }
#define FANGXIN_COMPLIANCE_MUTATE(Method, Request, Response)                                  \
  grpc::ServerUnaryReactor* ComplianceService::Method(                                        \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Response* response) { \
    return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {           \
      core_->Method(p, *request, std::move(reply));                                           \
    });                                                                                       \
  }

FANGXIN_COMPLIANCE_MUTATE(IngestComplaint, IngestComplaintRequest, Complaint)
FANGXIN_COMPLIANCE_MUTATE(UpdateComplaint, UpdateComplaintRequest, Complaint)
FANGXIN_COMPLIANCE_READ(GetComplaint, GetComplaintRequest, Complaint)
FANGXIN_COMPLIANCE_READ(ListComplaints, ListComplaintsRequest, ListComplaintsResponse)
FANGXIN_COMPLIANCE_MUTATE(CreateSpotCheckPlan, CreateSpotCheckPlanRequest, SpotCheckPlan)
FANGXIN_COMPLIANCE_READ(GetSpotCheckPlan, GetSpotCheckPlanRequest, SpotCheckPlan)
FANGXIN_COMPLIANCE_MUTATE(RecordInspection, RecordInspectionRequest, Inspection)
FANGXIN_COMPLIANCE_READ(ListInspections, ListInspectionsRequest, ListInspectionsResponse)
FANGXIN_COMPLIANCE_READ(ListViolations, ListViolationsRequest, ListViolationsResponse)
FANGXIN_COMPLIANCE_READ(GetQuarterlyReport, GetQuarterlyReportRequest, QuarterlyReport)

#undef FANGXIN_COMPLIANCE_READ
#undef FANGXIN_COMPLIANCE_MUTATE

}  // namespace fangxin
