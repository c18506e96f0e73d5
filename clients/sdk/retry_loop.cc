#include "clients/sdk/retry_loop.h"

#include <algorithm>
#include <cmath>

#include "absl/random/distributions.h"

namespace fangxin::sdk::internal {

absl::Duration BackoffBound(const RetryPolicy& policy, int retry) {
  // Computed in floating point so a large `retry` saturates at max_backoff instead of
  // overflowing.
  const double bound_s = absl::ToDoubleSeconds(policy.initial_backoff) *
                         std::pow(policy.multiplier, static_cast<double>(std::max(retry, 0)));
  const double max_s = absl::ToDoubleSeconds(policy.max_backoff);
  return absl::Seconds(std::min(bound_s, max_s));
}

absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, absl::BitGenRef gen) {
  const int64_t bound_us = absl::ToInt64Microseconds(BackoffBound(policy, retry));
  if (bound_us <= 0) return absl::ZeroDuration();
  return absl::Microseconds(absl::Uniform<int64_t>(absl::IntervalClosed, gen, 0, bound_us));
}

}  // namespace fangxin::sdk::internal
