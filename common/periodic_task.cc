#include "common/periodic_task.h"

#include <utility>

namespace fangxin {

void PeriodicTask::Start(absl::Duration interval, std::function<void()> run) {
  thread_ = std::thread([this, interval, run = std::move(run)] {
    absl::MutexLock lock(&mu_);
    while (!stopping_) {
      // Waiting releases mu_, so Stop can set stopping_ and wake us.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval);
      if (stopping_) break;
      mu_.Unlock();
      run();
      mu_.Lock();
    }
  });
}

void PeriodicTask::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace fangxin
