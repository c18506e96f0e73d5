#ifndef FANGXIN_CLIENTS_SDK_RETRY_LOOP_H_
#define FANGXIN_CLIENTS_SDK_RETRY_LOOP_H_

// Internal to the SDK: the retry and backoff rules of the gRPC connection, kept apart so they
// can be tested without a server.

#include <functional>

#include "absl/random/bit_gen_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fangxin::sdk::internal {

// Whether re-sending a call can change the outcome. Reads are idempotent; so is a mutation
// that carries a request_id, because the server answers its repeats with the first result.
enum class Idempotency { kIdempotent, kNonIdempotent };

struct RetryPolicy {
  int max_attempts = 5;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  double multiplier = 2.0;
};

// Exponential backoff with full jitter: the bound of retry n (0-based) is
// min(max_backoff, initial_backoff * multiplier^n) and the delay is uniform in [0, bound].
absl::Duration BackoffBound(const RetryPolicy& policy, int retry);
absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, absl::BitGenRef gen);

// The only code worth a retry: the server or the network says "try again".
inline bool IsRetryable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable;
}

// What the loop needs from the outside world, replaceable in tests.
struct RetryEnv {
  std::function<absl::Time()> now = [] { return absl::Now(); };
  std::function<void(absl::Duration)> sleep = [](absl::Duration d) { absl::SleepFor(d); };
  // Draws a backoff delay for retry n.
  std::function<absl::Duration(int retry)> delay;
};

// Calls `attempt(n)` (n = 1, 2, ...) until it returns OK, a non-retryable error, the policy's
// attempts are used up, or the next backoff would end after `deadline`. Returns the last result
// unchanged, so the caller sees the server's own code, message and details.
template <typename T>
absl::StatusOr<T> RetryLoop(const RetryPolicy& policy, Idempotency idempotency,
                            absl::Time deadline, const RetryEnv& env,
                            const std::function<absl::StatusOr<T>(int attempt)>& attempt) {
  for (int n = 1;; ++n) {
    absl::StatusOr<T> result = attempt(n);
    if (result.ok() || !IsRetryable(result.status())) return result;
    if (idempotency != Idempotency::kIdempotent || n >= policy.max_attempts) return result;
    const absl::Duration delay = env.delay(n - 1);
    if (env.now() + delay >= deadline) return result;
    env.sleep(delay);
  }
}

}  // namespace fangxin::sdk::internal

#endif  // FANGXIN_CLIENTS_SDK_RETRY_LOOP_H_
