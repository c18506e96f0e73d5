#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_SERVICE_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_SERVICE_H_

#include "fangxin/v1/pledge_service.grpc.pb.h"
#include "services/pledge/pledge_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of PledgeService over PledgeCore: authenticate, delegate, convert the status.
// Thread-safe.
class PledgeService final : public v1::PledgeService::CallbackService {
 public:
  // Not owned; both must outlive the service.
  PledgeService(PledgeCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

#define FANGXIN_PLEDGE_METHOD(Method, Request, Response)                                         \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const v1::Request* request, \
                                   v1::Response* response) override;
  FANGXIN_PLEDGE_METHOD(CreatePledge, CreatePledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(GetPledge, GetPledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(ListPledges, ListPledgesRequest, ListPledgesResponse)
  FANGXIN_PLEDGE_METHOD(ActivatePledge, ActivatePledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(AmendPledge, AmendPledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(RenewPledge, RenewPledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(WithdrawPledge, WithdrawPledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(SuspendPledge, SuspendPledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(ReinstatePledge, ReinstatePledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(RevokePledge, RevokePledgeRequest, Pledge)
  FANGXIN_PLEDGE_METHOD(GetStorePledgeStatus, GetStorePledgeStatusRequest, StorePledgeStatus)
#undef FANGXIN_PLEDGE_METHOD

 private:
  PledgeCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_SERVICE_H_
