#ifndef FANGXIN_CLIENTS_SDK_EVENT_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_EVENT_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/client_options.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "grpcpp/client_context.h"

namespace fangxin::sdk {

// The event feed and coverage (EventService). Watch follows the feed across disconnects by
// itself: after UNAVAILABLE (server restart, network) or WATCHER_TOO_SLOW it reconnects with
// backoff and resumes from the last revision it handed over + 1, so the caller sees every
// revision once, in order. A compacted start is never skipped silently: Watch returns the
// OUT_OF_RANGE (REVISION_COMPACTED) status, whose ErrorInfo metadata `oldest_revision` says
// where history begins; re-list (List calls return read_revision) and watch from there.
//
// Thread-safe: Cancel may be called from any thread while Watch runs on another.
class EventClient {
 public:
  // INVALID_ARGUMENT for an empty endpoint without a channel.
  static absl::StatusOr<EventClient> Make(ClientOptions options);

  // Streams until `on_response` returns false (then OK), Cancel (CANCELLED), or an error that
  // resuming cannot cure (OUT_OF_RANGE, INVALID_ARGUMENT, PERMISSION_DENIED, ...), or
  // options.max_attempts consecutive reconnects deliver nothing (the last error).
  // `on_response` gets every message: events of whole commits, or a progress notification.
  absl::Status Watch(v1::WatchEventsRequest request,
                     const std::function<bool(const v1::WatchEventsResponse&)>& on_response);
  // Ends a Watch in progress.
  void Cancel();

  absl::StatusOr<v1::ListEventsResponse> ListEvents(const v1::ListEventsRequest& request);
  // `name`: `divisions/{code}` or `areas/{id}`.
  absl::StatusOr<v1::Coverage> GetCoverage(const std::string& name);

 private:
  // State shared by copies of the client (a Watch and the Cancel that ends it).
  struct Shared {
    absl::Mutex mu;
    grpc::ClientContext* active ABSL_GUARDED_BY(mu) = nullptr;
    bool cancelled ABSL_GUARDED_BY(mu) = false;
  };

  EventClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel);
  std::unique_ptr<grpc::ClientContext> Context(bool streaming) const;

  ClientOptions options_;
  std::shared_ptr<v1::EventService::Stub> stub_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_EVENT_CLIENT_H_
