#ifndef FANGXIN_SERVICES_SERVER_RATE_LIMITER_H_
#define FANGXIN_SERVICES_SERVER_RATE_LIMITER_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "services/support/authenticator.h"

namespace fangxin {

// A token bucket: holds up to `burst` tokens, refilled at `rate` per second; each request takes
// one. A value type over an injected time; not thread-safe (RateLimiter locks around it).
class TokenBucket {
 public:
  TokenBucket(double rate, double burst, absl::Time now)
      : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

  // Takes a token if one is available at `now`. Time going backwards adds nothing.
  bool TryTake(absl::Time now);
  // How long until a token is available at `now` (zero if one is).
  absl::Duration WaitFor(absl::Time now) const;

 private:
  void Refill(absl::Time now);

  double rate_;
  double burst_;
  double tokens_;
  absl::Time last_;
};

// Per-principal request rate limits: one bucket per API key, created on its first request.
// Keys are few (every one was created by an admin), so the map is bounded by the key count.
// Thread-safe; one mutex, held for a map lookup and a few arithmetic operations.
class RateLimiter {
 public:
  struct Options {
    // Sustained requests per second per key. Default 200. <= 0 disables limiting.
    double requests_per_second = 200;
    // Requests a key may make at once after being idle. Default 400.
    double burst = 400;
    // Whether admin keys are limited too. Default false: the admin key is the operator's own
    // (bulk loads, migrations, benchmarks); the limit protects the server from integrations.
    bool limit_admin = false;
  };

  // `clock` is not owned and must outlive the limiter.
  RateLimiter(const Options& options, Clock* clock) : options_(options), clock_(clock) {}

  // OK, or RESOURCE_EXHAUSTED (reason RATE_LIMITED, metadata principal and retry_after_ms)
  // when `principal` has no token left.
  absl::Status Admit(const Principal& principal);

 private:
  const Options options_;
  Clock* const clock_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, TokenBucket> buckets_ ABSL_GUARDED_BY(mu_);
};

// An Authenticator that charges every authenticated call to its principal's bucket. Calls that
// fail authentication are refused before they cost anything; the health service is not behind
// an Authenticator, so it answers however hard the keys are pushed. Thread-safe.
class RateLimitedAuthenticator final : public Authenticator {
 public:
  // Neither is owned; both must outlive this.
  RateLimitedAuthenticator(const Authenticator* inner, RateLimiter* limiter)
      : inner_(inner), limiter_(limiter) {}

  absl::StatusOr<Principal> Authenticate(const CallCredentials& call) const override;

 private:
  const Authenticator* const inner_;
  RateLimiter* const limiter_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SERVER_RATE_LIMITER_H_
