#include "services/feed/watch_events_reactor.h"

#include <algorithm>
#include <utility>

#include "common/grpc_status.h"
#include "services/feed/watch_response_buffer.h"

namespace fangxin {

WatchEventsReactor::WatchEventsReactor(FeedCore* core, absl::StatusOr<Principal> principal,
                                       const absl::StatusOr<v1::WatchEventsRequest>& request)
    : core_(core) {
  absl::MutexLock lock(&mu_);
  if (!principal.ok()) {
    FinishLocked(principal.status());
    return;
  }
  if (!request.ok()) {
    FinishLocked(request.status());
    return;
  }
  principal_ = *std::move(principal);
  progress_interval_ = std::chrono::milliseconds(FeedCore::ProgressIntervalMs(*request));
  absl::StatusOr<std::unique_ptr<storage::EventWatch>> watch =
      core_->StartWatch(principal_, *request, [this] { Pump(); });
  if (!watch.ok()) {
    FinishLocked(watch.status());
    return;
  }
  watch_ = *std::move(watch);
  ArmAlarm();
  PumpLocked();
}

void WatchEventsReactor::Pump() {
  absl::MutexLock lock(&mu_);
  PumpLocked();
}

void WatchEventsReactor::PumpLocked() {
  if (writing_ || finished_ || watch_ == nullptr) return;
  absl::StatusOr<storage::EventBatch> batch = watch_->Next(kMaxEventsPerMessage);
  if (!batch.ok()) {
    FinishLocked(batch.status());
    return;
  }
  // Progress never goes backwards, even across a watch that reports conservatively.
  const int64_t progress = std::max(last_progress_, batch->progress_revision);
  if (batch->events.empty() && !progress_due_) return;
  WatchResponseBytes response;
  core_->FillResponseBytes(principal_, *std::move(batch), &response);
  response.progress_revision = progress;
  grpc::ByteBuffer message = ToByteBuffer(std::move(response));
  message_.Swap(&message);  // ByteBuffer's assignment would copy it.
  last_progress_ = progress;
  progress_due_ = false;
  wrote_since_alarm_ = true;
  writing_ = true;
  StartWrite(&message_);
}

void WatchEventsReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  message_.Clear();  // Lets its groups go now rather than at the next write.
  if (!ok) {
    FinishLocked(absl::CancelledError("the client went away"));
    return;
  }
  PumpLocked();
}

void WatchEventsReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  if (!writing_) FinishLocked(absl::CancelledError("the client cancelled the watch"));
}

void WatchEventsReactor::FinishLocked(absl::Status status) {
  if (finished_) return;
  finished_ = true;
  alarm_.Cancel();
  Finish(ToGrpcStatus(status));
}

void WatchEventsReactor::ArmAlarm() {
  ++refs_;
  alarm_.Set(std::chrono::system_clock::now() + progress_interval_,
             [this](bool fired) { OnAlarm(fired); });
}

void WatchEventsReactor::OnAlarm(bool fired) {
  {
    absl::MutexLock lock(&mu_);
    if (fired && !finished_) {
      // Idle for a whole interval: tell the client how far it is.
      if (!wrote_since_alarm_) progress_due_ = true;
      wrote_since_alarm_ = false;
      PumpLocked();
      if (!finished_) ArmAlarm();
    }
  }
  Unref();
}

void WatchEventsReactor::OnDone() {
  std::unique_ptr<storage::EventWatch> watch;
  {
    absl::MutexLock lock(&mu_);
    finished_ = true;
    alarm_.Cancel();
    watch = std::move(watch_);
  }
  // Outside the lock: destroying the watch waits for an on_ready in progress, which takes it.
  watch.reset();
  Unref();
}

void WatchEventsReactor::Unref() {
  bool last;
  {
    absl::MutexLock lock(&mu_);
    last = --refs_ == 0;
  }
  if (last) delete this;
}

}  // namespace fangxin
