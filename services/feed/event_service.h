#ifndef FANGXIN_SERVICES_FEED_EVENT_SERVICE_H_
#define FANGXIN_SERVICES_FEED_EVENT_SERVICE_H_

#include "fangxin/v1/event_service.grpc.pb.h"
#include "services/feed/feed_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of EventService over FeedCore: authenticate, delegate, convert the status.
// WatchEvents is a raw method: its stream writes bytes, so that events serialized once at
// commit reach every watcher as they are (WatchEventsReactor). Thread-safe.
class EventService final : public v1::EventService::WithRawCallbackMethod_WatchEvents<
                               v1::EventService::CallbackService> {
 public:
  // Not owned; both must outlive the service.
  EventService(FeedCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

  // `request` is a serialized WatchEventsRequest; other bytes end the stream with
  // INVALID_ARGUMENT.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchEvents(grpc::CallbackServerContext* ctx,
                                                          const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* ctx,
                                       const v1::ListEventsRequest* request,
                                       v1::ListEventsResponse* response) override;
  grpc::ServerUnaryReactor* GetCoverage(grpc::CallbackServerContext* ctx,
                                        const v1::GetCoverageRequest* request,
                                        v1::Coverage* response) override;

 private:
  FeedCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_FEED_EVENT_SERVICE_H_
