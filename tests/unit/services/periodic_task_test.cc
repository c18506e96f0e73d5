#include "common/periodic_task.h"

#include <atomic>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

TEST(PeriodicTaskTest, RunsEveryIntervalUntilStopped) {
  std::atomic<int> runs{0};
  PeriodicTask task;
  task.Start(absl::Milliseconds(5), [&runs] { ++runs; });
  // Bounded wait for a few ticks (the machine may be slow; the count is what is asserted).
  for (int i = 0; i < 1000 && runs < 3; ++i) absl::SleepFor(absl::Milliseconds(5));
  task.Stop();
  const int after_stop = runs;
  EXPECT_GE(after_stop, 3);
  absl::SleepFor(absl::Milliseconds(30));
  EXPECT_EQ(runs, after_stop) << "ran after Stop returned";
  task.Stop();  // Idempotent.
}

TEST(PeriodicTaskTest, StopWakesALongWaitAndNothingRuns) {
  std::atomic<int> runs{0};
  PeriodicTask task;
  task.Start(absl::Hours(1), [&runs] { ++runs; });
  task.Stop();  // Returns at once rather than after the hour.
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace fangxin
