#ifndef FANGXIN_CLIENTS_MAP_GRPC_FEED_SOURCE_H_
#define FANGXIN_CLIENTS_MAP_GRPC_FEED_SOURCE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "clients/map/feed_source.h"
#include "clients/sdk/client.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "fangxin/v1/pledge_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace fangxin::map {

// FeedSource over fangxind's gRPC API: divisions and stores through the SDK (which retries
// UNAVAILABLE), pledges and the watch through the generated stubs (the SDK has no
// PledgeService or EventService client yet).
//
// Thread-safe as FeedSource requires.
class GrpcFeedSource final : public FeedSource {
 public:
  struct Options {
    // Required. The channel to fangxind, shared by the SDK and the stubs.
    std::shared_ptr<grpc::Channel> channel;
    // API key sent as `authorization: Bearer <token>`; a key with read access to divisions,
    // stores, pledges and events (e.g. a city system's). Empty: none.
    std::string token;
    // Idle-watch progress interval asked of the server. Default 1000 ms.
    int progress_interval_ms = 1000;
    // Page size of the listings. Default 1000 (the maximum).
    int page_size = 1000;
  };

  // INVALID_ARGUMENT without a channel; otherwise MakeConnection's errors.
  static absl::StatusOr<std::unique_ptr<GrpcFeedSource>> Create(Options options);

  absl::StatusOr<Listing> List() override;
  absl::Status Watch(
      int64_t from_revision,
      const std::function<void(const v1::WatchEventsResponse&)>& on_response) override;
  void Cancel() override;

 private:
  GrpcFeedSource(Options options, sdk::Client client);

  absl::Status ListPledges(Listing* listing);
  bool cancelled() const;

  // Fixed after construction.
  const Options options_;
  sdk::Client client_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::PledgeService::Stub> pledges_;

  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // The running watch's context, so Cancel can end it.
  grpc::ClientContext* watch_context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_GRPC_FEED_SOURCE_H_
