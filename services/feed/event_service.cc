#include "services/feed/event_service.h"

#include "services/feed/watch_events_reactor.h"
#include "services/support/unary.h"

namespace fangxin {

grpc::ServerWriteReactor<v1::WatchEventsResponse>* EventService::WatchEvents(
    grpc::CallbackServerContext* ctx, const v1::WatchEventsRequest* request) {
  return new WatchEventsReactor(core_, AuthenticateCall(*auth_, *ctx), *request);
}

grpc::ServerUnaryReactor* EventService::ListEvents(grpc::CallbackServerContext* ctx,
                                                   const v1::ListEventsRequest* request,
                                                   v1::ListEventsResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListEvents(p, *request); });
}

grpc::ServerUnaryReactor* EventService::GetCoverage(grpc::CallbackServerContext* ctx,
                                                    const v1::GetCoverageRequest* request,
                                                    v1::Coverage* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetCoverage(p, *request); });
}

}  // namespace fangxin
