#include "storage/commit_replier.h"

#include <iterator>
#include <utility>

namespace fangxin::storage {

CommitReplier::CommitReplier() : thread_([this] { Run(); }) {}

CommitReplier::~CommitReplier() { Shutdown(); }

void CommitReplier::Hand(std::vector<Reply>& replies) {
  if (replies.empty()) return;
  absl::MutexLock lock(&mu_);
  if (queue_.empty()) {
    // Swapping keeps both vectors' capacity: no allocation in the steady state.
    std::swap(queue_, replies);
  } else {
    queue_.insert(queue_.end(), std::make_move_iterator(replies.begin()),
                  std::make_move_iterator(replies.end()));
  }
  replies.clear();
}

void CommitReplier::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void CommitReplier::Run() {
  std::vector<Reply> batch;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &CommitReplier::Ready));
      if (queue_.empty()) return;  // Stopping, and everything handed over has run.
      std::swap(queue_, batch);
    }
    for (Reply& reply : batch) reply.done(std::move(reply.result));
    batch.clear();
  }
}

}  // namespace fangxin::storage
