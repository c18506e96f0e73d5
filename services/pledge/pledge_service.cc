#include "services/pledge/pledge_service.h"

#include <utility>

#include "services/support/unary.h"

namespace fangxin {

// Every method is one of two shapes: a read answered on the gRPC thread, or a mutation answered
// from its commit's completion.
#define FANGXIN_PLEDGE_READ(Method, Request, Response)                                        \
  grpc::ServerUnaryReactor* PledgeService::Method(                                            \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Response* response) { \
    return UnaryRead(*auth_, ctx, response,                                                   \
                     [&](const Principal& p) { return core_->Method(p, *request); });         \
  }
#define FANGXIN_PLEDGE_MUTATE(Method, Request)                                              \
  grpc::ServerUnaryReactor* PledgeService::Method(                                          \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Pledge* response) { \
    return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {         \
      core_->Method(p, *request, std::move(reply));                                         \
    });                                                                                     \
  }

FANGXIN_PLEDGE_MUTATE(CreatePledge, CreatePledgeRequest)
FANGXIN_PLEDGE_READ(GetPledge, GetPledgeRequest, Pledge)
FANGXIN_PLEDGE_READ(ListPledges, ListPledgesRequest, ListPledgesResponse)
FANGXIN_PLEDGE_MUTATE(ActivatePledge, ActivatePledgeRequest)
FANGXIN_PLEDGE_MUTATE(AmendPledge, AmendPledgeRequest)
FANGXIN_PLEDGE_MUTATE(RenewPledge, RenewPledgeRequest)
FANGXIN_PLEDGE_MUTATE(WithdrawPledge, WithdrawPledgeRequest)
FANGXIN_PLEDGE_MUTATE(SuspendPledge, SuspendPledgeRequest)
FANGXIN_PLEDGE_MUTATE(ReinstatePledge, ReinstatePledgeRequest)
FANGXIN_PLEDGE_MUTATE(RevokePledge, RevokePledgeRequest)
FANGXIN_PLEDGE_READ(GetStorePledgeStatus, GetStorePledgeStatusRequest, StorePledgeStatus)

#undef FANGXIN_PLEDGE_READ
#undef FANGXIN_PLEDGE_MUTATE

}  // namespace fangxin
