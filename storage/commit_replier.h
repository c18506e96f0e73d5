#ifndef FANGXIN_STORAGE_COMMIT_REPLIER_H_
#define FANGXIN_STORAGE_COMMIT_REPLIER_H_

#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/registry.h"

namespace fangxin::storage {

// Runs the group committer's commit callbacks on a thread of its own, in the order they are
// handed over. A callback answers the gRPC call (the reactor's Finish serializes the response
// and queues it on the transport): about 25k instructions per create that the single committer
// thread, the registry's bottleneck, no longer spends (issue 7). The committer hands over a
// whole group at a time, so the cost is one wake-up per group.
//
// Hand is thread-safe. Shutdown runs every callback handed over before it returns.
class CommitReplier {
 public:
  struct Reply {
    CommitCallback done;
    absl::StatusOr<CommitResult> result;
  };

  CommitReplier();
  ~CommitReplier();

  CommitReplier(const CommitReplier&) = delete;
  CommitReplier& operator=(const CommitReplier&) = delete;

  // Queues `replies` (and leaves the vector empty, its capacity kept where possible).
  void Hand(std::vector<Reply>& replies);

  // Runs what is queued and joins the thread. Idempotent; not from a callback.
  void Shutdown();

 private:
  void Run();
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || stopping_; }

  absl::Mutex mu_;
  std::vector<Reply> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // Last: starts after the rest is constructed.
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_COMMIT_REPLIER_H_
