#include "clients/sdk/certification_client.h"

#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/request_id.h"
#include "clients/sdk/unary_caller.h"
#include "fangxin/v1/certification_service.grpc.pb.h"

namespace fangxin::sdk {
namespace {

absl::Status Unimplemented(const char* method) {
  return absl::UnimplementedError(absl::StrCat("CertificationConnection::", method));
}

class GrpcCertificationConnection final : public CertificationConnection {
 public:
  GrpcCertificationConnection(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : caller_(options), stub_(v1::CertificationService::NewStub(channel)) {}

  FANGXIN_SDK_MUTATE(CreateProgramme, CreateProgrammeRequest, Programme)
  FANGXIN_SDK_READ(GetProgramme, GetProgrammeRequest, Programme)
  FANGXIN_SDK_READ(ListProgrammes, ListProgrammesRequest, ListProgrammesResponse)
  FANGXIN_SDK_MUTATE(UpdateProgramme, UpdateProgrammeRequest, Programme)
  FANGXIN_SDK_MUTATE(SubmitApplication, SubmitApplicationRequest, Application)
  FANGXIN_SDK_READ(GetApplication, GetApplicationRequest, Application)
  FANGXIN_SDK_READ(ListApplications, ListApplicationsRequest, ListApplicationsResponse)
  FANGXIN_SDK_MUTATE(ScoreApplication, ScoreApplicationRequest, Application)
  FANGXIN_SDK_MUTATE(DecideApplication, DecideApplicationRequest, Application)
  FANGXIN_SDK_MUTATE(LodgeObjection, LodgeObjectionRequest, Application)
  FANGXIN_SDK_MUTATE(ResolveObjection, ResolveObjectionRequest, Application)
  FANGXIN_SDK_READ(GetCertificate, GetCertificateRequest, Certificate)
  FANGXIN_SDK_READ(ListCertificates, ListCertificatesRequest, ListCertificatesResponse)
  FANGXIN_SDK_MUTATE(RevokeCertificate, RevokeCertificateRequest, Certificate)
  FANGXIN_SDK_MUTATE(ImportCertificate, ImportCertificateRequest, Certificate)
  FANGXIN_SDK_READ(EvaluateUnit, EvaluateUnitRequest, Evaluation)
  FANGXIN_SDK_READ(ListTiers, ListTiersRequest, ListTiersResponse)

 private:
  internal::UnaryCaller caller_;
  const std::unique_ptr<v1::CertificationService::Stub> stub_;
};

// Pages of a List RPC as a range of its items.
template <typename Item, typename Request, typename Fetch, typename Items>
PaginationRange<Item> Paged(Request request, Fetch fetch, Items items) {
  std::string first_token = request.page_token();
  auto pages = [request = std::move(request), fetch,
                items](const std::string& token) mutable -> absl::StatusOr<Page<Item>> {
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

#define FANGXIN_UNIMPLEMENTED(Method, Request, Response)                             \
  absl::StatusOr<v1::Response> CertificationConnection::Method(const v1::Request&) { \
    return Unimplemented(#Method);                                                   \
  }
FANGXIN_UNIMPLEMENTED(CreateProgramme, CreateProgrammeRequest, Programme)
FANGXIN_UNIMPLEMENTED(GetProgramme, GetProgrammeRequest, Programme)
FANGXIN_UNIMPLEMENTED(ListProgrammes, ListProgrammesRequest, ListProgrammesResponse)
FANGXIN_UNIMPLEMENTED(UpdateProgramme, UpdateProgrammeRequest, Programme)
FANGXIN_UNIMPLEMENTED(SubmitApplication, SubmitApplicationRequest, Application)
FANGXIN_UNIMPLEMENTED(GetApplication, GetApplicationRequest, Application)
FANGXIN_UNIMPLEMENTED(ListApplications, ListApplicationsRequest, ListApplicationsResponse)
FANGXIN_UNIMPLEMENTED(ScoreApplication, ScoreApplicationRequest, Application)
FANGXIN_UNIMPLEMENTED(DecideApplication, DecideApplicationRequest, Application)
FANGXIN_UNIMPLEMENTED(LodgeObjection, LodgeObjectionRequest, Application)
FANGXIN_UNIMPLEMENTED(ResolveObjection, ResolveObjectionRequest, Application)
FANGXIN_UNIMPLEMENTED(GetCertificate, GetCertificateRequest, Certificate)
FANGXIN_UNIMPLEMENTED(ListCertificates, ListCertificatesRequest, ListCertificatesResponse)
FANGXIN_UNIMPLEMENTED(RevokeCertificate, RevokeCertificateRequest, Certificate)
FANGXIN_UNIMPLEMENTED(ImportCertificate, ImportCertificateRequest, Certificate)
FANGXIN_UNIMPLEMENTED(EvaluateUnit, EvaluateUnitRequest, Evaluation)
FANGXIN_UNIMPLEMENTED(ListTiers, ListTiersRequest, ListTiersResponse)
#undef FANGXIN_UNIMPLEMENTED

absl::StatusOr<std::shared_ptr<CertificationConnection>> MakeCertificationConnection(
    ClientOptions options) {
  if (absl::Status s = internal::PrepareOptions(&options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::shared_ptr<CertificationConnection>(
      std::make_shared<GrpcCertificationConnection>(options, *channel));
}

absl::StatusOr<v1::Programme> CertificationClient::CreateProgramme(
    const v1::Programme& programme, const std::string& programme_id) {
  v1::CreateProgrammeRequest request;
  *request.mutable_programme() = programme;
  request.set_programme_id(programme_id);
  return connection_->CreateProgramme(request);
}
absl::StatusOr<v1::Programme> CertificationClient::CreateProgramme(
    const v1::CreateProgrammeRequest& request) {
  return connection_->CreateProgramme(request);
}
absl::StatusOr<v1::Programme> CertificationClient::GetProgramme(const std::string& name) {
  v1::GetProgrammeRequest request;
  request.set_name(name);
  return connection_->GetProgramme(request);
}
PaginationRange<v1::Programme> CertificationClient::ListProgrammes(
    v1::ListProgrammesRequest request) {
  return Paged<v1::Programme>(
      std::move(request), [c = connection_](const auto& r) { return c->ListProgrammes(r); },
      [](v1::ListProgrammesResponse* r) { return r->mutable_programmes(); });
}
absl::StatusOr<v1::Programme> CertificationClient::UpdateProgramme(
    const v1::UpdateProgrammeRequest& request) {
  return connection_->UpdateProgramme(request);
}

absl::StatusOr<v1::Application> CertificationClient::SubmitApplication(
    const v1::Application& application, const std::string& application_id) {
  v1::SubmitApplicationRequest request;
  *request.mutable_application() = application;
  request.set_application_id(application_id);
  return connection_->SubmitApplication(request);
}
absl::StatusOr<v1::Application> CertificationClient::SubmitApplication(
    const v1::SubmitApplicationRequest& request) {
  return connection_->SubmitApplication(request);
}
absl::StatusOr<v1::Application> CertificationClient::GetApplication(const std::string& name) {
  v1::GetApplicationRequest request;
  request.set_name(name);
  return connection_->GetApplication(request);
}
PaginationRange<v1::Application> CertificationClient::ListApplications(
    v1::ListApplicationsRequest request) {
  return Paged<v1::Application>(
      std::move(request), [c = connection_](const auto& r) { return c->ListApplications(r); },
      [](v1::ListApplicationsResponse* r) { return r->mutable_applications(); });
}
absl::StatusOr<v1::Application> CertificationClient::ScoreApplication(
    const v1::ScoreApplicationRequest& request) {
  return connection_->ScoreApplication(request);
}
absl::StatusOr<v1::Application> CertificationClient::DecideApplication(const std::string& name,
                                                                       const std::string& etag,
                                                                       bool approve,
                                                                       const std::string& reason) {
  v1::DecideApplicationRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_approve(approve);
  request.set_reason(reason);
  return connection_->DecideApplication(request);
}
absl::StatusOr<v1::Application> CertificationClient::DecideApplication(
    const v1::DecideApplicationRequest& request) {
  return connection_->DecideApplication(request);
}
absl::StatusOr<v1::Application> CertificationClient::LodgeObjection(const std::string& name,
                                                                    const std::string& text) {
  v1::LodgeObjectionRequest request;
  request.set_name(name);
  request.set_text(text);
  return connection_->LodgeObjection(request);
}
absl::StatusOr<v1::Application> CertificationClient::LodgeObjection(
    const v1::LodgeObjectionRequest& request) {
  return connection_->LodgeObjection(request);
}
absl::StatusOr<v1::Application> CertificationClient::ResolveObjection(
    const v1::ResolveObjectionRequest& request) {
  return connection_->ResolveObjection(request);
}

absl::StatusOr<v1::Certificate> CertificationClient::GetCertificate(const std::string& name) {
  v1::GetCertificateRequest request;
  request.set_name(name);
  return connection_->GetCertificate(request);
}
PaginationRange<v1::Certificate> CertificationClient::ListCertificates(
    v1::ListCertificatesRequest request) {
  return Paged<v1::Certificate>(
      std::move(request), [c = connection_](const auto& r) { return c->ListCertificates(r); },
      [](v1::ListCertificatesResponse* r) { return r->mutable_certificates(); });
}
absl::StatusOr<v1::Certificate> CertificationClient::RevokeCertificate(const std::string& name,
                                                                       const std::string& etag,
                                                                       const std::string& reason) {
  v1::RevokeCertificateRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_reason(reason);
  return connection_->RevokeCertificate(request);
}
absl::StatusOr<v1::Certificate> CertificationClient::RevokeCertificate(
    const v1::RevokeCertificateRequest& request) {
  return connection_->RevokeCertificate(request);
}
absl::StatusOr<v1::Certificate> CertificationClient::ImportCertificate(
    const v1::ImportCertificateRequest& request) {
  return connection_->ImportCertificate(request);
}

absl::StatusOr<v1::Evaluation> CertificationClient::EvaluateUnit(const std::string& programme,
                                                                 const std::string& unit) {
  v1::EvaluateUnitRequest request;
  request.set_programme(programme);
  request.set_unit(unit);
  return connection_->EvaluateUnit(request);
}
absl::StatusOr<v1::ListTiersResponse> CertificationClient::ListTiers(
    const std::string& division, v1::CertificationCategory category) {
  v1::ListTiersRequest request;
  request.set_division(division);
  request.set_category(category);
  return connection_->ListTiers(request);
}

}  // namespace fangxin::sdk
