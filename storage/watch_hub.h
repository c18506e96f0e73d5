#ifndef FANGXIN_STORAGE_WATCH_HUB_H_
#define FANGXIN_STORAGE_WATCH_HUB_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_watch.h"

namespace fangxin::storage {

// Fans the committer's durable groups out to watchers without ever blocking the committer:
// Publish appends a shared pointer to each watcher's bounded queue under a short lock and
// returns; a watcher whose queue would exceed its bound is cancelled (WATCHER_TOO_SLOW with
// its last delivered revision) and its queue dropped, so a slow consumer costs neither the
// writers nor the other watchers anything but that append.
//
// A watcher starting in the past is registered first (from then on it receives every published
// group) and reads the history up to its registration revision from storage; the live queue
// is then deduplicated by revision, so it sees every revision exactly once with no gap. A
// watcher whose queue overflows while it is still reading history is not cancelled: its queue
// is dropped and its history range extended to the newest published revision (etcd's
// "unsynced watcher"), so a long catch-up costs memory bounded by the queue, not a cut-off.
//
// Thread-safe. on_ready callbacks run on the publishing (committer) thread or the closing
// thread, without any hub lock held; they must not block.
class WatchHub {
 public:
  // Reads the committed events of revisions [from, to] (to >= from), at most `max_commits`
  // of them, from storage: OUT_OF_RANGE (REVISION_COMPACTED) when `from` is compacted.
  using HistoryReader = std::function<absl::StatusOr<std::shared_ptr<const CommittedEvents>>(
      int64_t from, int64_t to, int max_commits)>;

  struct Options {
    // Events a watcher may have queued and not taken before it is cancelled. Default 10,000.
    int max_queued_events = 10000;
    // Commits read from storage per Next call while catching up. Default 256.
    int history_chunk_commits = 256;
  };

  WatchHub(HistoryReader history, const Options& options, int64_t current_revision);
  ~WatchHub();

  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // Starts a watch of revisions >= from_revision (0: from the next commit). `on_ready` runs
  // when Next has something new to return (events or an error); it may call Next. The watch
  // unregisters when destroyed (waiting for a running on_ready), so on_ready must not destroy
  // it; it must be destroyed before the hub.
  std::unique_ptr<EventWatch> Watch(int64_t from_revision, WatchFilter filter,
                                    std::function<void()> on_ready);

  // Committer thread: `events` were made durable. Groups arrive in revision order.
  void Publish(std::shared_ptr<const CommittedEvents> events);

  // Ends every watch with UNAVAILABLE, and every later one at once. Idempotent.
  void Close();

  int watcher_count() const;
  int64_t cancelled_watchers() const;

 private:
  class Watcher;

  void Unregister(Watcher* watcher);

  // Fixed at construction.
  const HistoryReader history_;
  const Options options_;

  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  int64_t published_revision_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  int64_t cancelled_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_WATCH_HUB_H_
