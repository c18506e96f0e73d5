#include "services/feed/event_service.h"

#include "common/errors.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "services/feed/watch_events_reactor.h"
#include "services/support/unary.h"

namespace fangxin {
namespace {

absl::StatusOr<v1::WatchEventsRequest> ParseWatchRequest(const grpc::ByteBuffer& bytes) {
  grpc::ByteBuffer readable(bytes);  // The reader needs a mutable buffer; this copies no bytes.
  grpc::ProtoBufferReader reader(&readable);
  v1::WatchEventsRequest request;
  if (!reader.status().ok() || !request.ParseFromZeroCopyStream(&reader)) {
    return InvalidFieldError("request", "is not a serialized fangxin.v1.WatchEventsRequest");
  }
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
