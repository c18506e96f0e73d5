#ifndef FANGXIN_SERVICES_FEED_WATCH_EVENTS_REACTOR_H_
#define FANGXIN_SERVICES_FEED_WATCH_EVENTS_REACTOR_H_

#include <chrono>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "grpcpp/alarm.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/feed/feed_core.h"

namespace fangxin {

// One WatchEvents stream, written as bytes (FeedCore::FillResponseBytes, ToByteBuffer): an
// event that needs no redaction for this watcher goes out as the bytes the committer
// serialized once for all watchers. Nothing here blocks a gRPC thread: writes are started when the watch
// has events (its on_ready runs on the committer thread and only starts a write) and when the
// previous write completes; a callback alarm sends a progress notification when nothing was
// written for a progress interval. At most one write is in flight; the stream's final status
// is the watch's error (compacted, too slow, closing) or CANCELLED when the client leaves.
// A client that stops reading holds at most the one message in flight here: the hub cuts its
// watch off (dropping its queue) as soon as it falls behind, and the client reads the
// RESOURCE_EXHAUSTED status, with its resume point, after that message when it reads again.
//
// Thread-safe (one mutex); deletes itself when gRPC is done with it and its alarm has fired.
class WatchEventsReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // Starts the stream at once, or finishes it with the principal's error, else the request's;
  // `core` must outlive it.
  WatchEventsReactor(FeedCore* core, absl::StatusOr<Principal> principal,
                     const absl::StatusOr<v1::WatchEventsRequest>& request);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Events per message: whole commits, so one large commit may exceed it.
  static constexpr int kMaxEventsPerMessage = 256;

  // Starts the next write if none is in flight: events if the watch has some, else a progress
  // notification when one is due; or finishes the stream on an error. A watcher that lags
  // (commits arrived while its write was in flight) gets everything queued by then in one
  // message: whole commits, in order, up to kMaxEventsPerMessage (WatchHub's Next).
  void Pump();
  void PumpLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmAlarm() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnAlarm(bool fired);
  // Drops one of the references (gRPC's, the alarm's) and deletes the reactor at zero.
  void Unref();

  FeedCore* const core_;
  Principal principal_;
  std::chrono::milliseconds progress_interval_{1000};

  absl::Mutex mu_;
  std::unique_ptr<storage::EventWatch> watch_ ABSL_GUARDED_BY(mu_);
  // The message in flight; it holds its events' groups until the write completes.
  grpc::ByteBuffer message_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool progress_due_ ABSL_GUARDED_BY(mu_) = false;
  // Whether something was written since the alarm last fired (then no notification is due).
  bool wrote_since_alarm_ ABSL_GUARDED_BY(mu_) = false;
  int64_t last_progress_ ABSL_GUARDED_BY(mu_) = 0;
  int refs_ ABSL_GUARDED_BY(mu_) = 1;  // gRPC's until OnDone; +1 while the alarm is set.
  grpc::Alarm alarm_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_FEED_WATCH_EVENTS_REACTOR_H_
