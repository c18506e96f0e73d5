#include "services/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace fangxin {

void TokenBucket::Refill(absl::Time now) {
  if (now <= last_) return;
  tokens_ = std::min(burst_, tokens_ + rate_ * absl::ToDoubleSeconds(now - last_));
  last_ = now;
}

bool TokenBucket::TryTake(absl::Time now) {
  Refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

absl::Duration TokenBucket::WaitFor(absl::Time now) const {
  TokenBucket copy = *this;
  copy.Refill(now);
  if (copy.tokens_ >= 1.0) return absl::ZeroDuration();
  return absl::Seconds((1.0 - copy.tokens_) / rate_);
}

absl::Status RateLimiter::Admit(const Principal& caller) {
  if (options_.requests_per_second <= 0) return absl::OkStatus();
  if (caller.role == v1::ROLE_ADMIN && !options_.limit_admin) return absl::OkStatus();
  const std::string& principal = caller.name;
  const absl::Time now = clock_->Now();
  absl::Duration wait;
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = buckets_.try_emplace(
        principal, options_.requests_per_second, std::max(1.0, options_.burst), now);
    if (it->second.TryTake(now)) return absl::OkStatus();
    wait = it->second.WaitFor(now);
  }
  const int64_t retry_ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(absl::Ceil(
                                                    wait, absl::Milliseconds(1))));
  return ErrorWithReason(
      absl::StatusCode::kResourceExhausted, "RATE_LIMITED",
      absl::StrCat(principal, " exceeds ", options_.requests_per_second,
                   " requests per second; retry in ", retry_ms, " ms"),
      {{"principal", principal}, {"retry_after_ms", absl::StrCat(retry_ms)}});
}

absl::StatusOr<Principal> RateLimitedAuthenticator::Authenticate(
    const CallCredentials& call) const {
  absl::StatusOr<Principal> principal = inner_->Authenticate(call);
  if (!principal.ok()) return principal;
  if (absl::Status s = limiter_->Admit(*principal); !s.ok()) return s;
  return principal;
}

}  // namespace fangxin
