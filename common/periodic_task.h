#ifndef FANGXIN_COMMON_PERIODIC_TASK_H_
#define FANGXIN_COMMON_PERIODIC_TASK_H_

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace fangxin {

// Runs a function every `interval` (after each wait, not at start) on a thread of its own until
// Stop, which wakes the wait and returns once a run in progress has ended. The background
// sweepers use it; a failed run is simply retried on the next tick by the caller's function.
// Start and Stop are called by the owner's thread only; Stop is idempotent.
class PeriodicTask {
 public:
  PeriodicTask() = default;
  ~PeriodicTask() { Stop(); }

  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Start(absl::Duration interval, std::function<void()> run);
  void Stop();

 private:
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fangxin

#endif  // FANGXIN_COMMON_PERIODIC_TASK_H_
