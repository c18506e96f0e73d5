#ifndef FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CLOSED_LOOP_H_
#define FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CLOSED_LOOP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/time/time.h"

namespace fangxin::bench {

// Starts one request in slot `slot` (0 <= slot < in_flight) and calls `done(ok)` exactly once
// when it completes, from any thread. The slot number lets a workload keep per-slot state
// without locks: a slot never has two requests outstanding.
using IssueFn = std::function<void(int slot, std::function<void(bool ok)> done)>;

struct LoadResult {
  int64_t requests = 0;  // Completed in the measured window.
  int64_t all_requests = 0;  // Completed in warm-up and window, for per-request CPU cost.
  int64_t errors = 0;
  double seconds = 0;
  double qps = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
};

// A closed loop: `in_flight` requests outstanding at all times, each slot issuing its next
// request as soon as the previous one completes, for `warmup` (not measured) and then
// `duration` (measured). With the gRPC callback API the completions run on gRPC's own small
// thread pool, so the client side costs one or two threads whatever the concurrency.
LoadResult RunClosedLoop(const IssueFn& issue, int in_flight, absl::Duration warmup,
                         absl::Duration duration);

}  // namespace fangxin::bench

#endif  // FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CLOSED_LOOP_H_
