#include "tests/bench/fangxin_bench/closed_loop.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace fangxin::bench {
namespace {

// Everything one slot records; touched only by that slot's (sequential) completions.
struct Slot {
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  int64_t completed = 0;
  absl::Time started;
};

double Percentile(std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index] / 1000.0;
}

}  // namespace

LoadResult RunClosedLoop(const IssueFn& issue, int in_flight, absl::Duration warmup,
                         absl::Duration duration) {
  const absl::Time start = absl::Now();
  const absl::Time measure_from = start + warmup;
  const absl::Time stop_at = measure_from + duration;
  std::vector<Slot> slots(in_flight);
  absl::Mutex mu;
  int active = in_flight;

  // Self-referencing loop step: record the finished request, then issue the next one.
  std::function<void(int)> step = [&](int slot) {
    slots[slot].started = absl::Now();
    issue(slot, [&, slot](bool ok) {
      absl::Time now = absl::Now();
      Slot& s = slots[slot];
      ++s.completed;
      if (s.started >= measure_from && now <= stop_at) {
        s.latencies_us.push_back(absl::ToInt64Microseconds(now - s.started));
        if (!ok) ++s.errors;
      }
      if (now < stop_at) {
        step(slot);
      } else {
        absl::MutexLock lock(&mu);
        --active;
      }
    });
  };
  for (int i = 0; i < in_flight; ++i) step(i);
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(+[](int* n) { return *n == 0; }, &active));
  }

  LoadResult result;
  std::vector<int64_t> all;
  for (Slot& s : slots) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    result.errors += s.errors;
    result.all_requests += s.completed;
  }
  std::sort(all.begin(), all.end());
  result.requests = static_cast<int64_t>(all.size());
  result.seconds = absl::ToDoubleSeconds(duration);
  result.qps = result.requests / result.seconds;
  result.p50_ms = Percentile(all, 0.50);
  result.p99_ms = Percentile(all, 0.99);
  result.p999_ms = Percentile(all, 0.999);
  return result;
}

}  // namespace fangxin::bench
