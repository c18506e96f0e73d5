#ifndef FANGXIN_CLIENTS_MAP_FEED_SOURCE_H_
#define FANGXIN_CLIENTS_MAP_FEED_SOURCE_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/map/map_view.h"
#include "fangxin/v1/event_service.pb.h"

namespace fangxin::map {

// Where the feed follower reads from: one consistent listing, then the watch. The gRPC
// implementation is GrpcFeedSource; tests script a fake.
//
// Thread-safety: List and Watch are called from the follower's one thread; Cancel may be called
// from any thread at any time.
class FeedSource {
 public:
  virtual ~FeedSource() = default;

  // Lists every division, store and pledge. Listing::revision is the lowest read_revision of
  // the listings. An error leaves nothing half-applied (the caller applies the whole result).
  virtual absl::StatusOr<Listing> List() = 0;

  // Watches every change from `from_revision` on, calling `on_response` for each response (a
  // batch of whole commits, or a progress notification) until the stream ends; returns its
  // final status (never OK while the server is up: the stream is endless).
  virtual absl::Status Watch(
      int64_t from_revision,
      const std::function<void(const v1::WatchEventsResponse&)>& on_response) = 0;

  // Makes a running Watch return (CANCELLED) soon, and any later List or Watch return at once.
  virtual void Cancel() = 0;
};

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_FEED_SOURCE_H_
