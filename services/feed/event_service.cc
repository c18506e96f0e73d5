#include "services/feed/event_service.h"

#include "common/status_macros.h"
#include "services/feed/watch_events_reactor.h"
#include "services/support/raw_unary.h"
#include "services/support/unary.h"

namespace fangxin {
namespace {

absl::StatusOr<v1::WatchEventsRequest> ParseWatchRequest(const grpc::ByteBuffer& bytes) {
  v1::WatchEventsRequest request;
  RETURN_IF_ERROR(ParseRawRequest(bytes, &request));
  return request;
}

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventService::WatchEvents(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  return new WatchEventsReactor(core_, AuthenticateCall(*auth_, *ctx), ParseWatchRequest(*request));
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
