#include "clients/sdk/compliance_client.h"

#include <cstdlib>
#include <functional>
#include <iterator>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/request_id.h"
#include "clients/sdk/unary_caller.h"
#include "common/grpc_status.h"
#include "fangxin/v1/compliance_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace fangxin::sdk {
namespace {

absl::Status Unimplemented(const char* method) {
  return absl::UnimplementedError(absl::StrCat("ComplianceConnection::", method));
}

class GrpcComplianceConnection final : public ComplianceConnection {
 public:
  GrpcComplianceConnection(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : caller_(options), stub_(v1::ComplianceService::NewStub(channel)) {}

  FANGXIN_SDK_MUTATE(IngestComplaint, IngestComplaintRequest, Complaint)
  FANGXIN_SDK_MUTATE(UpdateComplaint, UpdateComplaintRequest, Complaint)
  FANGXIN_SDK_READ(GetComplaint, GetComplaintRequest, Complaint)
  FANGXIN_SDK_READ(ListComplaints, ListComplaintsRequest, ListComplaintsResponse)
  FANGXIN_SDK_MUTATE(CreateSpotCheckPlan, CreateSpotCheckPlanRequest, SpotCheckPlan)
  FANGXIN_SDK_READ(GetSpotCheckPlan, GetSpotCheckPlanRequest, SpotCheckPlan)
  FANGXIN_SDK_MUTATE(RecordInspection, RecordInspectionRequest, Inspection)
  FANGXIN_SDK_READ(ListInspections, ListInspectionsRequest, ListInspectionsResponse)
  FANGXIN_SDK_READ(ListViolations, ListViolationsRequest, ListViolationsResponse)
  FANGXIN_SDK_READ(GetQuarterlyReport, GetQuarterlyReportRequest, QuarterlyReport)

 private:
  internal::UnaryCaller caller_;
  const std::unique_ptr<v1::ComplianceService::Stub> stub_;
};

// Pages of a List RPC as a range of its items.
template <typename Item, typename Request, typename Fetch, typename Items>
PaginationRange<Item> Paged(Request request, Fetch fetch, Items items) {
  std::string first_token = request.page_token();
  auto pages = [request = std::move(request), fetch, items](
                   const std::string& token) mutable -> absl::StatusOr<Page<Item>> {
    request.set_page_token(token);
    auto response = fetch(request);
    if (!response.ok()) return std::move(response).status();
    Page<Item> page;
    auto* list = items(&*response);
    page.items.assign(std::make_move_iterator(list->begin()), std::make_move_iterator(list->end()));
    page.next_page_token = std::move(*response->mutable_next_page_token());
    page.read_revision = response->read_revision();
    return page;
  };
  return PaginationRange<Item>(std::move(pages), std::move(first_token));
}

}  // namespace

absl::StatusOr<v1::Complaint> ComplianceConnection::IngestComplaint(const v1::IngestComplaintRequest&) {
  return Unimplemented("IngestComplaint");
}
absl::StatusOr<v1::Complaint> ComplianceConnection::UpdateComplaint(const v1::UpdateComplaintRequest&) {
  return Unimplemented("UpdateComplaint");
}
absl::StatusOr<v1::Complaint> ComplianceConnection::GetComplaint(const v1::GetComplaintRequest&) {
  return Unimplemented("GetComplaint");
}
absl::StatusOr<v1::ListComplaintsResponse> ComplianceConnection::ListComplaints(const v1::ListComplaintsRequest&) {
  return Unimplemented("ListComplaints");
}
absl::StatusOr<v1::SpotCheckPlan> ComplianceConnection::CreateSpotCheckPlan(const v1::CreateSpotCheckPlanRequest&) {
  return Unimplemented("CreateSpotCheckPlan");
}
absl::StatusOr<v1::SpotCheckPlan> ComplianceConnection::GetSpotCheckPlan(const v1::GetSpotCheckPlanRequest&) {
  return Unimplemented("GetSpotCheckPlan");
}
absl::StatusOr<v1::Inspection> ComplianceConnection::RecordInspection(const v1::RecordInspectionRequest&) {
  return Unimplemented("RecordInspection");
}
absl::StatusOr<v1::ListInspectionsResponse> ComplianceConnection::ListInspections(const v1::ListInspectionsRequest&) {
  return Unimplemented("ListInspections");
}
absl::StatusOr<v1::ListViolationsResponse> ComplianceConnection::ListViolations(const v1::ListViolationsRequest&) {
  return Unimplemented("ListViolations");
}
absl::StatusOr<v1::QuarterlyReport> ComplianceConnection::GetQuarterlyReport(const v1::GetQuarterlyReportRequest&) {
  return Unimplemented("GetQuarterlyReport");
}

absl::StatusOr<std::shared_ptr<ComplianceConnection>> MakeComplianceConnection(
    ClientOptions options) {
  if (absl::Status s = internal::PrepareOptions(&options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::shared_ptr<ComplianceConnection>(
      std::make_shared<GrpcComplianceConnection>(options, *channel));
}

absl::StatusOr<v1::Complaint> ComplianceClient::IngestComplaint(
    const v1::IngestComplaintRequest& request) {
  return connection_->IngestComplaint(request);
}
absl::StatusOr<v1::Complaint> ComplianceClient::UpdateComplaint(
    const v1::UpdateComplaintRequest& request) {
  return connection_->UpdateComplaint(request);
}
absl::StatusOr<v1::Complaint> ComplianceClient::GetComplaint(const std::string& name) {
  v1::GetComplaintRequest request;
  request.set_name(name);
  return connection_->GetComplaint(request);
}
PaginationRange<v1::Complaint> ComplianceClient::ListComplaints(v1::ListComplaintsRequest request) {
  return Paged<v1::Complaint>(
      std::move(request), [c = connection_](const auto& r) { return c->ListComplaints(r); },
      [](v1::ListComplaintsResponse* r) { return r->mutable_complaints(); });
}
absl::StatusOr<v1::SpotCheckPlan> ComplianceClient::CreateSpotCheckPlan(
    const v1::SpotCheckPlan& plan) {
  v1::CreateSpotCheckPlanRequest request;
  *request.mutable_plan() = plan;
  return connection_->CreateSpotCheckPlan(request);
}
absl::StatusOr<v1::SpotCheckPlan> ComplianceClient::GetSpotCheckPlan(const std::string& name) {
  v1::GetSpotCheckPlanRequest request;
  request.set_name(name);
  return connection_->GetSpotCheckPlan(request);
}
absl::StatusOr<v1::Inspection> ComplianceClient::RecordInspection(
    const v1::Inspection& inspection) {
  v1::RecordInspectionRequest request;
  *request.mutable_inspection() = inspection;
  return connection_->RecordInspection(request);
}
PaginationRange<v1::Inspection> ComplianceClient::ListInspections(
    v1::ListInspectionsRequest request) {
  return Paged<v1::Inspection>(
      std::move(request), [c = connection_](const auto& r) { return c->ListInspections(r); },
      [](v1::ListInspectionsResponse* r) { return r->mutable_inspections(); });
}
PaginationRange<v1::Violation> ComplianceClient::ListViolations(v1::ListViolationsRequest request) {
  return Paged<v1::Violation>(
      std::move(request), [c = connection_](const auto& r) { return c->ListViolations(r); },
      [](v1::ListViolationsResponse* r) { return r->mutable_violations(); });
}
absl::StatusOr<v1::QuarterlyReport> ComplianceClient::GetQuarterlyReport(
    int year, int quarter, const std::string& division) {
  v1::GetQuarterlyReportRequest request;
  request.set_year(year);
  request.set_quarter(quarter);
  request.set_division(division);
  return connection_->GetQuarterlyReport(request);
}

}  // namespace fangxin::sdk
