#include "clients/sdk/pledge_client.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/request_id.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/unary_caller.h"
#include "common/grpc_status.h"
#include "fangxin/v1/pledge_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace fangxin::sdk {
namespace {

absl::Status Unimplemented(const char* method) {
  return absl::UnimplementedError(absl::StrCat("PledgeConnection::", method));
}


class GrpcPledgeConnection final : public PledgeConnection {
 public:
  GrpcPledgeConnection(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : caller_(options), stub_(v1::PledgeService::NewStub(channel)) {}

  FANGXIN_SDK_MUTATE(CreatePledge, CreatePledgeRequest, Pledge)
  FANGXIN_SDK_READ(GetPledge, GetPledgeRequest, Pledge)
  FANGXIN_SDK_READ(ListPledges, ListPledgesRequest, ListPledgesResponse)
  FANGXIN_SDK_MUTATE(ActivatePledge, ActivatePledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(AmendPledge, AmendPledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(RenewPledge, RenewPledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(WithdrawPledge, WithdrawPledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(SuspendPledge, SuspendPledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(ReinstatePledge, ReinstatePledgeRequest, Pledge)
  FANGXIN_SDK_MUTATE(RevokePledge, RevokePledgeRequest, Pledge)
  FANGXIN_SDK_READ(GetStorePledgeStatus, GetStorePledgeStatusRequest, StorePledgeStatus)

 private:
  internal::UnaryCaller caller_;
  const std::unique_ptr<v1::PledgeService::Stub> stub_;
};

template <typename Request>
Request Named(const std::string& name, const std::string& etag, const std::string& reason) {
  Request request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_reason(reason);
  return request;
}

}  // namespace

absl::StatusOr<v1::Pledge> PledgeConnection::CreatePledge(const v1::CreatePledgeRequest&) {
  return Unimplemented("CreatePledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::GetPledge(const v1::GetPledgeRequest&) {
  return Unimplemented("GetPledge");
}
absl::StatusOr<v1::ListPledgesResponse> PledgeConnection::ListPledges(
    const v1::ListPledgesRequest&) {
  return Unimplemented("ListPledges");
}
absl::StatusOr<v1::Pledge> PledgeConnection::ActivatePledge(const v1::ActivatePledgeRequest&) {
  return Unimplemented("ActivatePledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::AmendPledge(const v1::AmendPledgeRequest&) {
  return Unimplemented("AmendPledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::RenewPledge(const v1::RenewPledgeRequest&) {
  return Unimplemented("RenewPledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::WithdrawPledge(const v1::WithdrawPledgeRequest&) {
  return Unimplemented("WithdrawPledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::SuspendPledge(const v1::SuspendPledgeRequest&) {
  return Unimplemented("SuspendPledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::ReinstatePledge(const v1::ReinstatePledgeRequest&) {
  return Unimplemented("ReinstatePledge");
}
absl::StatusOr<v1::Pledge> PledgeConnection::RevokePledge(const v1::RevokePledgeRequest&) {
  return Unimplemented("RevokePledge");
}
absl::StatusOr<v1::StorePledgeStatus> PledgeConnection::GetStorePledgeStatus(
    const v1::GetStorePledgeStatusRequest&) {
  return Unimplemented("GetStorePledgeStatus");
}

absl::StatusOr<std::shared_ptr<PledgeConnection>> MakePledgeConnection(ClientOptions options) {
  if (absl::Status s = internal::PrepareOptions(&options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::shared_ptr<PledgeConnection>(
      std::make_shared<GrpcPledgeConnection>(options, *channel));
}

absl::StatusOr<v1::Pledge> PledgeClient::CreatePledge(const v1::Pledge& pledge,
                                                      const std::string& pledge_id) {
  v1::CreatePledgeRequest request;
  *request.mutable_pledge() = pledge;
  request.set_pledge_id(pledge_id);
  return connection_->CreatePledge(request);
}
absl::StatusOr<v1::Pledge> PledgeClient::CreatePledge(const v1::CreatePledgeRequest& request) {
  return connection_->CreatePledge(request);
}
absl::StatusOr<v1::Pledge> PledgeClient::GetPledge(const std::string& name) {
  v1::GetPledgeRequest request;
  request.set_name(name);
  return connection_->GetPledge(request);
}
PaginationRange<v1::Pledge> PledgeClient::ListPledges(v1::ListPledgesRequest request) {
  std::string first_token = request.page_token();
  auto fetch = [request = std::move(request), c = connection_](
                   const std::string& token) mutable -> absl::StatusOr<Page<v1::Pledge>> {
    request.set_page_token(token);
    absl::StatusOr<v1::ListPledgesResponse> response = c->ListPledges(request);
    if (!response.ok()) return std::move(response).status();
    Page<v1::Pledge> page;
    page.items.assign(std::make_move_iterator(response->mutable_pledges()->begin()),
                      std::make_move_iterator(response->mutable_pledges()->end()));
    page.next_page_token = std::move(*response->mutable_next_page_token());
    page.read_revision = response->read_revision();
    return page;
  };
  return PaginationRange<v1::Pledge>(std::move(fetch), std::move(first_token));
}
absl::StatusOr<v1::Pledge> PledgeClient::ActivatePledge(const std::string& name,
                                                        const std::string& etag) {
  v1::ActivatePledgeRequest request;
  request.set_name(name);
  request.set_etag(etag);
  return connection_->ActivatePledge(request);
}
absl::StatusOr<v1::Pledge> PledgeClient::AmendPledge(const v1::AmendPledgeRequest& request) {
  return connection_->AmendPledge(request);
}
absl::StatusOr<v1::Pledge> PledgeClient::RenewPledge(const v1::RenewPledgeRequest& request) {
  return connection_->RenewPledge(request);
}
absl::StatusOr<v1::Pledge> PledgeClient::WithdrawPledge(const std::string& name,
                                                        const std::string& etag,
                                                        const std::string& reason) {
  return connection_->WithdrawPledge(Named<v1::WithdrawPledgeRequest>(name, etag, reason));
}
absl::StatusOr<v1::Pledge> PledgeClient::SuspendPledge(const std::string& name,
                                                       const std::string& etag,
                                                       const std::string& reason) {
  return connection_->SuspendPledge(Named<v1::SuspendPledgeRequest>(name, etag, reason));
}
absl::StatusOr<v1::Pledge> PledgeClient::ReinstatePledge(const std::string& name,
                                                         const std::string& etag,
                                                         const std::string& reason) {
  return connection_->ReinstatePledge(Named<v1::ReinstatePledgeRequest>(name, etag, reason));
}
absl::StatusOr<v1::Pledge> PledgeClient::RevokePledge(const std::string& name,
                                                      const std::string& etag,
                                                      const std::string& reason) {
  return connection_->RevokePledge(Named<v1::RevokePledgeRequest>(name, etag, reason));
}
absl::StatusOr<v1::StorePledgeStatus> PledgeClient::GetStorePledgeStatus(const std::string& store) {
  v1::GetStorePledgeStatusRequest request;
  request.set_store(store);
  return connection_->GetStorePledgeStatus(request);
}

}  // namespace fangxin::sdk
