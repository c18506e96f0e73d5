#ifndef FANGXIN_COMMON_CLOCK_H_
#define FANGXIN_COMMON_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace fangxin {

// China Standard Time (UTC+8, no daylight saving), the zone every civil day of this system is
// counted in: working days, quarters, certificate years, the demo's dates.
inline absl::TimeZone ChinaStandardTime() { return absl::FixedTimeZone(8 * 60 * 60); }

// Every rule that depends on time reads a Clock, so tests can move time. Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The process-wide wall clock. Never deleted.
  static Clock* Real();
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }
  void Set(absl::Time t) {
    absl::MutexLock lock(&mu_);
    now_ = t;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fangxin

#endif  // FANGXIN_COMMON_CLOCK_H_
