#ifndef FANGXIN_CLIENTS_MAP_FEED_FOLLOWER_H_
#define FANGXIN_CLIENTS_MAP_FEED_FOLLOWER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/map/feed_source.h"
#include "clients/map/map_view.h"

namespace fangxin::map {

// How the follower is doing, for /healthz and the logs.
struct FeedStatus {
  // A listing has been applied at least once: the view is worth serving.
  bool listed = false;
  // A watch is open and has answered since the last (re)start.
  bool watching = false;
  int64_t lists = 0;    // listings applied (1 + re-lists after compaction)
  int64_t watches = 0;  // watches started
  // The last error from List or Watch; empty when none yet.
  std::string last_error;
};

// Keeps a MapView in sync with the registry: lists, then watches from the listing's revision
// + 1, and applies every response. When a watch ends it follows AfterWatchEnded
// (resume_policy.h): resume from the last revision applied + 1, or re-list after a compaction;
// waits with exponential backoff and full jitter while the server is unreachable, so it
// survives server restarts without a restart of its own.
//
// Thread-safety: Start and Stop from one thread; status() from any thread. The follower's own
// thread is the only writer of the view (readers may read it at any time: MapView locks).
class FeedFollower {
 public:
  struct Options {
    // Upper bound of the first wait after a failure. Default 200 ms.
    absl::Duration initial_backoff = absl::Milliseconds(200);
    // Upper bound of any wait. Default 10 s.
    absl::Duration max_backoff = absl::Seconds(10);
  };

  // `source` and `view` must outlive the follower.
  FeedFollower(FeedSource* source, MapView* view, Options options);
  FeedFollower(FeedSource* source, MapView* view) : FeedFollower(source, view, Options()) {}
  ~FeedFollower();  // calls Stop()

  FeedFollower(const FeedFollower&) = delete;
  FeedFollower& operator=(const FeedFollower&) = delete;

  // Starts the follower's thread. Once only.
  void Start();
  // Cancels the watch and joins the thread. Idempotent. A listing page in flight is not
  // cancellable (the SDK has no cancellation) and may delay it by up to the SDK's deadline.
  void Stop();

  FeedStatus status() const;

 private:
  void Run();
  // Sleeps a jittered backoff (or until Stop); the bound grows after each call.
  void Backoff();
  bool stopping() const;
  void SetError(const absl::Status& status);

  // Fixed after construction.
  FeedSource* const source_;
  MapView* const view_;
  const Options options_;

  std::thread thread_;            // used by Start and Stop only
  absl::Duration backoff_bound_;  // the follower's thread only

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  FeedStatus status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_FEED_FOLLOWER_H_
